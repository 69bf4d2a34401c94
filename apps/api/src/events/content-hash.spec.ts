import { hash } from 'node:crypto';
import fc from 'fast-check';
import type { EventAttributes } from '@leaderboard/contracts';
import { contentHash } from './content-hash.js';

describe('contentHash', () => {
  it('ignores attribute order and offset notation, and sees every content change', () => {
    const a = contentHash('call', 'r', 1000, { a: 1, b: 'x' }, null, null);
    expect(contentHash('call', 'r', 1000, { b: 'x', a: 1 }, null, null)).toBe(a);
    expect(contentHash('call', 'r', 1001, { a: 1, b: 'x' }, null, null)).not.toBe(a);
    expect(contentHash('call', 'r', 1000, { a: '1', b: 'x' }, null, null)).not.toBe(a);
    expect(contentHash('email', 'r', 1000, { a: 1, b: 'x' }, null, null)).not.toBe(a);
    expect(contentHash('call', 'r', 1000, { a: 1, b: 'x' }, 's', 'x')).not.toBe(a);
  });

  it('keeps the canonical text of the stored hashes, escapes and all', () => {
    // Values computed by the first implementation: a change here turns retries into conflicts.
    expect(
      contentHash(
        'call',
        'anna@example.com',
        1763449200000,
        { scriptFollowed: true, durationSec: 90, outcome: 'connected' },
        null,
        null,
      ),
    ).toBe('-llNv8C19BwcUq2Wfnbk4w6SojtWHgZIR7IoLrqz73Y');
    expect(
      contentHash(
        'void',
        'bo"b\\\u0001\u2028 \ud83d\ude00 \ud800',
        -1,
        { 'z"': null, a: -0, m: 1.5e-7, n: 'line\nbreak' },
        'crm',
        'e\u00e9-1',
      ),
    ).toBe('GRLjUABiSB1vqNutXNVE4iMZZG8VOI8R0HIPwKjnOdY');
  });

  it('hashes the JSON.stringify canonical form for any strings and values', () => {
    const reference = (
      type: string,
      rep: string,
      at: number,
      attributes: EventAttributes,
      vs: string | null,
      vx: string | null,
    ): string => {
      const sorted = Object.keys(attributes)
        .sort()
        .map((name) => `${JSON.stringify(name)},${JSON.stringify(attributes[name])}`)
        .join(',');
      const canonical = `${JSON.stringify(type)}|${JSON.stringify(rep)}|${at}|[${sorted}]|${JSON.stringify(vs)}|${JSON.stringify(vx)}`;
      return hash('sha256', canonical, 'base64url');
    };
    const text = fc.string({ unit: 'binary' });
    const value = fc.oneof(
      text,
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(
        text,
        text,
        fc.integer(),
        fc.dictionary(text, value),
        fc.option(text),
        fc.option(text),
        (type, rep, at, attributes, vs, vx) => {
          expect(contentHash(type, rep, at, attributes, vs, vx)).toBe(
            reference(type, rep, at, attributes, vs, vx),
          );
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
