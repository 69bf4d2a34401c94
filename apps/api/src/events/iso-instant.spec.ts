import fc from 'fast-check';
import { parseInstant } from './iso-instant.js';

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
