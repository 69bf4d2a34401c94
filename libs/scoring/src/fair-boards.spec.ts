import { dayNumberOf } from './time-zone.js';
import { improvementBp, monthsOfTenure, tenureBand, trailingBaseline } from './fair-boards.js';

const day = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number);
  return dayNumberOf(y, m, d);
};

describe('tenure', () => {
  it('counts whole calendar months, a month ending on the start day of the month', () => {
    expect(monthsOfTenure('2026-01-31', day('2026-02-28'))).toBe(0);
    expect(monthsOfTenure('2026-01-31', day('2026-03-01'))).toBe(1);
    expect(monthsOfTenure('2025-11-15', day('2026-11-14'))).toBe(11);
    expect(monthsOfTenure('2025-11-15', day('2026-11-15'))).toBe(12);
    expect(monthsOfTenure('2026-11-20', day('2026-11-19'))).toBeNull();
  });

  it('puts a rep in the band of their months: 3, 12 and 24 months start the next band', () => {
    expect(tenureBand('2026-09-01', day('2026-11-30'))).toBe('0-3m');
    expect(tenureBand('2026-08-30', day('2026-11-30'))).toBe('3-12m');
    expect(tenureBand('2025-12-01', day('2026-11-30'))).toBe('3-12m');
    expect(tenureBand('2025-11-30', day('2026-11-30'))).toBe('1-2y');
    expect(tenureBand('2024-11-30', day('2026-11-30'))).toBe('2y-plus');
  });

  it('has no band without a start date, with a malformed one, or before the start', () => {
    expect(tenureBand(null, day('2026-11-30'))).toBeNull();
    expect(tenureBand('30.11.2026', day('2026-11-30'))).toBeNull();
    expect(tenureBand('2026-12-01', day('2026-11-30'))).toBeNull();
  });
});

describe('most improved', () => {
  it('averages the earlier instances the rep was active in, half to even', () => {
    expect(trailingBaseline([1_000, 2_000, 4_000])).toBe(2_333);
    expect(trailingBaseline([undefined, 1_000, 2_000])).toBe(1_500);
    expect(trailingBaseline([undefined, 0, 5])).toBe(2); // 2.5 -> 2
    expect(trailingBaseline([undefined, undefined, undefined])).toBeNull();
  });

  it('gives the change in basis points, none against a zero or missing baseline', () => {
    expect(improvementBp(12_500, 10_000)).toBe(2_500);
    expect(improvementBp(5_000, 10_000)).toBe(-5_000);
    expect(improvementBp(1, 3)).toBe(-6_667); // -2/3 = -6666.67 bp
    expect(improvementBp(7_000, 0)).toBeNull();
    expect(improvementBp(7_000, null)).toBeNull();
  });
});
