import { idOf, intOf } from './vendor-values.js';
import { minorUnitsOf } from './vendor-money.js';
import { isoOfLocal, isoOfText, isoOfUnix } from './vendor-time.js';

describe('vendor values', () => {
  it('turns major-unit amounts into integer minor units of the currency, rounding half to even', () => {
    expect(minorUnitsOf(22500, 'RUB')).toBe(2250000);
    expect(minorUnitsOf('22500.00', 'RUB')).toBe(2250000);
    expect(minorUnitsOf('22 500,5', 'RUB')).toBe(2250050);
    expect(minorUnitsOf(1500.25, 'USD')).toBe(150025);
    expect(minorUnitsOf('22500', 'JPY')).toBe(22500);
    expect(minorUnitsOf('0.125', 'USD')).toBe(12);
    expect(minorUnitsOf('0.135', 'USD')).toBe(14);
    expect(minorUnitsOf('0.1251', 'USD')).toBe(13);
  });

  it('refuses what is not a plain non-negative amount within the ledger bound', () => {
    for (const bad of [-1, '-5', 'abc', '1e30', 1e30, Number.NaN, '100000000000000', null, {}, '12 руб.']) {
      expect(minorUnitsOf(bad, 'RUB')).toBeNull();
    }
  });

  it('reads unix seconds and ms, ISO with an offset, and wall-clock times in a named zone', () => {
    expect(isoOfUnix('1539782664')).toBe('2018-10-17T13:24:24.000Z');
    expect(isoOfUnix(1462216307945)).toBe('2016-05-02T19:11:47.945Z');
    expect(isoOfUnix('12')).toBeNull();
    expect(isoOfText('2024-08-20T11:00:00+03:00')).toBe('2024-08-20T11:00:00+03:00');
    expect(isoOfText('2024-08-20 11:00:00')).toBeNull();
    expect(isoOfLocal('2026-12-04 10:15:00', 'Europe/Moscow')).toBe('2026-12-04T10:15:00+03:00');
    expect(isoOfLocal('2026-07-04 10:15:00', 'Europe/Berlin')).toBe('2026-07-04T10:15:00+02:00');
    expect(isoOfLocal('2026-12-04 10:15:00', 'UTC')).toBe('2026-12-04T10:15:00+00:00');
    expect(isoOfLocal('2026-02-30 10:15:00', 'UTC')).toBeNull();
    expect(isoOfLocal('2026-12-04 10:15:00', 'Mars/Base')).toBeNull();
  });

  it('reads ids and integers strictly', () => {
    expect(idOf(662)).toBe('662');
    expect(idOf(' C14:WON ')).toBe('C14:WON');
    expect(idOf(-1)).toBeNull();
    expect(idOf('a b')).toBeNull();
    expect(idOf('x'.repeat(101))).toBeNull();
    expect(intOf('95')).toBe(95);
    expect(intOf('9.5')).toBeNull();
    expect(intOf(2 ** 60)).toBeNull();
  });
});
