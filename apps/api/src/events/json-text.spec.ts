import fc from 'fast-check';
import { jsonOf } from './json-text.js';

describe('jsonOf', () => {
  it('writes exactly what JSON.stringify writes for strings, numbers, booleans and null', () => {
    for (const value of [
      '',
      'plain',
      'quote"',
      'back\\slash',
      'tab\t',
      '\u2028',
      '😀',
      '\ud800',
      -0,
      1e21,
      true,
      null,
    ])
      expect([value, jsonOf(value)]).toEqual([value, JSON.stringify(value)]);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.boolean(),
        ),
        (value) => {
          expect(jsonOf(value)).toBe(JSON.stringify(value));
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
