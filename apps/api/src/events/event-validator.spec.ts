import { hash } from 'node:crypto';
import fc from 'fast-check';
import type { EventAttributes } from '@leaderboard/contracts';
import { contentHash, parseInstant, validateEventBatch } from './event-validator.js';

const event = {
  source: 'crm',
  externalId: 'e-1',
  type: 'call',
  rep: 'anna@example.com',
  occurredAt: '2026-11-18T10:00:00+03:00',
  attributes: { durationSec: 90, outcome: 'connected', scriptFollowed: true },
};

describe('parseInstant', () => {
  it('reads Z and offsets to the same instant', () => {
    expect(parseInstant('2026-11-18T07:00:00Z')).toBe(Date.UTC(2026, 10, 18, 7));
    expect(parseInstant('2026-11-18T10:00:00+03:00')).toBe(Date.UTC(2026, 10, 18, 7));
    expect(parseInstant('2026-11-18T02:30:00.250-04:30')).toBe(Date.UTC(2026, 10, 18, 7, 0, 0, 250));
  });

  it('refuses instants without an offset and impossible dates', () => {
    for (const text of [
      '2026-11-18T10:00:00',
      '2026-11-18',
      '2026-02-29T10:00:00Z',
      '2026-13-01T10:00:00Z',
      '2026-11-18T24:00:00Z',
      'yesterday',
    ]) {
      expect([text, parseInstant(text)]).toEqual([text, null]);
    }
    expect(parseInstant('2028-02-29T10:00:00Z')).not.toBeNull();
  });

  it('reads exactly what the ISO-8601 pattern it replaced read, to the same instant', () => {
    const pattern =
      /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;
    const daysIn = (y: number, m: number): number =>
      m === 2
        ? (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
          ? 29
          : 28
        : [4, 6, 9, 11].includes(m)
          ? 30
          : 31;
    /** The former regular-expression implementation, kept as the reference. */
    const reference = (text: string): number | null => {
      const m = pattern.exec(text);
      if (!m) return null;
      const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
      const second = m[6] === undefined ? 0 : Number(m[6]);
      const millis = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
      if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
      if (day < 1 || day > daysIn(year, month)) return null;
      let offset = 0;
      if (m[8] !== 'Z') {
        const [oh, om] = [Number(m[10]), Number(m[11])];
        if (oh > 18 || om > 59) return null;
        offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
      }
      return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
    };
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const piece = fc.oneof(digits(0, 5), fc.constantFrom('-', ':', '.', 'T', 'Z', '+', '-', ' ', '\n', '٣'));
    const instant = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 60 }),
        fc.option(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.option(digits(0, 11)))),
        fc.oneof(
          fc.constant('Z'),
          fc
            .tuple(
              fc.constantFrom('+', '-'),
              fc.integer({ min: 0, max: 20 }),
              fc.integer({ min: 0, max: 61 }),
            )
            .map(([s, h, m]) => `${s}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
        ),
      )
      .map(([y, mo, d, h, mi, sec, zone]) => {
        const two = (n: number) => String(n).padStart(2, '0');
        const seconds = sec === null ? '' : `:${two(sec[0])}${sec[1] === null ? '' : `.${sec[1]}`}`;
        return `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}${seconds}${zone}`;
      });
    const mangled = fc
      .tuple(instant, fc.nat(30), fc.nat(3), piece)
      .map(([text, at, cut, insert]) => text.slice(0, at) + insert + text.slice(at + cut));
    fc.assert(
      fc.property(fc.oneof(instant, mangled), (text) => {
        expect([text, parseInstant(text)]).toEqual([text, reference(text)]);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe('validateEventBatch', () => {
  it('accepts one event or a batch', () => {
    expect(validateEventBatch(event)).toMatchObject({
      ok: true,
      batch: false,
      events: [{ externalId: 'e-1', type: 'call' }],
    });
    expect(validateEventBatch({ events: [event, { ...event, externalId: 'e-2' }] })).toMatchObject({
      ok: true,
      batch: true,
    });
  });

  it('names every bad index and path', () => {
    const result = validateEventBatch({
      events: [
        event,
        { ...event, source: '' },
        { ...event, attributes: { amount: 1.5, nested: [1] } },
        { ...event, extra: 1 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.index, p.path])).toEqual([
      [1, 'events[1].source'],
      [2, 'events[2].attributes.amount'],
      [2, 'events[2].attributes.nested'],
      [3, 'events[3].extra'],
    ]);
  });

  it('requires voids exactly on void events', () => {
    expect(validateEventBatch({ ...event, type: 'void' }).ok).toBe(false);
    expect(validateEventBatch({ ...event, voids: { source: 'crm', externalId: 'x' } }).ok).toBe(false);
    expect(
      validateEventBatch({
        ...event,
        externalId: 'v',
        type: 'void',
        voids: { source: 'crm', externalId: 'e-1' },
      }).ok,
    ).toBe(true);
  });

  it('refuses empty and oversized batches', () => {
    expect(validateEventBatch({ events: [] }).ok).toBe(false);
    expect(
      validateEventBatch({
        events: Array.from({ length: 1001 }, (_, i) => ({ ...event, externalId: `e${i}` })),
      }).ok,
    ).toBe(false);
    expect(validateEventBatch(null).ok).toBe(false);
  });
});

describe('typed attributes (SPEC 3, issue 13)', () => {
  const NOW = Date.parse('2026-12-04T12:00:00Z');
  /** The problems of one event with these attributes (type call unless given), as [path, message]. */
  const problemsOf = (attributes: Record<string, unknown>, type = 'call', occurredAt = event.occurredAt) => {
    const result = validateEventBatch({ ...event, type, occurredAt, attributes }, NOW);
    return result.ok ? [] : result.problems.map((p) => p.path);
  };

  it('refuses a duration that is not a whole number of seconds from 0 to a day', () => {
    for (const durationSec of ['12', true, null, 'abc', -1, 1.5, 86_401, 1e300])
      expect([durationSec, problemsOf({ durationSec })]).toEqual([durationSec, ['attributes.durationSec']]);
    for (const durationSec of [0, 12, 86_400]) expect(problemsOf({ durationSec })).toEqual([]);
  });

  it('checks enums and booleans where SPEC 3 names them', () => {
    expect(problemsOf({ outcome: 'answered' })).toEqual(['attributes.outcome']);
    expect(problemsOf({ scriptFollowed: 'yes' })).toEqual(['attributes.scriptFollowed']);
    expect(problemsOf({ replied: 1 }, 'email')).toEqual(['attributes.replied']);
    expect(problemsOf({ kind: 'upsell' }, 'deal_won')).toEqual(['attributes.kind']);
    expect(problemsOf({ from: 'mql', to: 'won' }, 'lead_qualified')).toEqual(['attributes.to']);
    expect(problemsOf({ from: 'mql', to: 'sql' }, 'lead_qualified')).toEqual([]);
    // `from`/`to` of a stage change are the CRM's own stage names; `outcome` of a meeting is free.
    expect(problemsOf({ from: 'Proposal', to: 'Negotiation' }, 'deal_stage_changed')).toEqual([]);
    expect(problemsOf({ outcome: 'rescheduled' }, 'meeting')).toEqual([]);
  });

  it('takes money as integer minor units within bounds, margin never above the amount', () => {
    const deal = (attributes: Record<string, unknown>) => problemsOf(attributes, 'deal_won');
    expect(deal({ amount: 1_000_000, margin: -50_000, mrr: 0, currency: 'RUB', kind: 'new' })).toEqual([]);
    expect(deal({ amount: -1 })).toEqual(['attributes.amount']);
    expect(deal({ amount: -1e12 })).toEqual(['attributes.amount']);
    expect(deal({ amount: 1e13 + 1 })).toEqual(['attributes.amount']);
    expect(deal({ amount: '100' })).toEqual(['attributes.amount']);
    expect(deal({ mrr: -5 })).toEqual(['attributes.mrr']);
    expect(deal({ amount: 100, margin: 101 })).toEqual(['attributes.margin']);
    expect(problemsOf({ mrr: null }, 'customer_churned')).toEqual(['attributes.mrr']);
  });

  it('takes currency only from the shipped ISO 4217 list', () => {
    for (const currency of ['XXXX', 'XXX', 'rub', 'ABC', 643])
      expect(problemsOf({ amount: 1, currency }, 'deal_won')).toEqual(['attributes.currency']);
    expect(problemsOf({ amount: 1, currency: 'EUR' }, 'deal_won')).toEqual([]);
  });

  it('needs leadCreatedAt as an ISO instant with an offset, not after the event', () => {
    const lead = (leadCreatedAt: unknown) => problemsOf({ leadCreatedAt }, 'lead_responded');
    expect(lead('2026-11-18T09:50:00+03:00')).toEqual([]);
    for (const bad of ['2026-11-18T09:50:00', 'yesterday', 1763449200000, '2026-11-18T10:00:01+03:00'])
      expect([bad, lead(bad)]).toEqual([bad, ['attributes.leadCreatedAt']]);
  });

  it('refuses derived attributes sent by a client', () => {
    expect(problemsOf({ responseMinutes: 1 }, 'lead_responded')).toEqual(['attributes.responseMinutes']);
    expect(problemsOf({ marginPct: 90 }, 'deal_won')).toEqual(['attributes.marginPct']);
  });

  it('keeps unknown attributes free but bounded in count and size', () => {
    expect(problemsOf({ crmStage: 'x', score: 1.5, flag: false, note: null })).toEqual([]);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`a${i}`, i]));
    expect(problemsOf(many)).toEqual(['attributes']);
    const wide = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`t${i}`, 'x'.repeat(2000)]));
    expect(problemsOf(wide)).toEqual(['attributes']);
  });

  it('bounds occurredAt to 2000-01-01 .. 24 hours after the server time', () => {
    for (const at of [
      '0001-01-01T00:00:00Z',
      '1999-12-31T23:59:59Z',
      '9999-12-31T23:59:59Z',
      '2026-12-05T12:00:01Z',
    ])
      expect([at, problemsOf({}, 'meeting', at)]).toEqual([at, ['occurredAt']]);
    for (const at of ['2000-01-01T00:00:00Z', '2026-12-05T12:00:00Z', '2026-12-05T15:00:00+03:00'])
      expect(problemsOf({}, 'meeting', at)).toEqual([]);
  });
});

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
