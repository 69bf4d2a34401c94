import {
  applyFactor,
  divHalfEven,
  hasAtMost3Decimals,
  milliToPoints,
  mulDivHalfEven,
  toMilli,
} from './milli.js';

describe('half-even rounding', () => {
  it.each([
    [500, 0],
    [1500, 2],
    [2500, 2],
    [3500, 4],
    [-500, 0],
    [-1500, -2],
    [-2500, -2],
    [1499, 1],
    [1501, 2],
    [-1501, -2],
    [0, 0],
  ])('milliToPoints(%i) = %i', (milli, points) => {
    expect(milliToPoints(milli)).toBe(points);
  });

  it('divides exactly past 2^53 with BigInt', () => {
    expect(mulDivHalfEven(2 ** 53, 3, 2)).toBe(Number((2n ** 53n * 3n) / 2n));
    expect(mulDivHalfEven(10 ** 15, 1200, 1000)).toBe(1.2e15);
    expect(divHalfEven(5, -2)).toBe(-2);
  });

  it('applies a factor in thousandths, rounding half to even after the step', () => {
    expect(applyFactor(10_000, 1200)).toBe(12_000);
    expect(applyFactor(5, 500)).toBe(2); // 2.5 -> 2
    expect(applyFactor(7, 500)).toBe(4); // 3.5 -> 4
    expect(applyFactor(1, 0)).toBe(0);
  });

  it('reads factors with at most 3 decimals as integers', () => {
    expect(toMilli(1.2)).toBe(1200);
    expect(toMilli(0.001)).toBe(1);
    expect(hasAtMost3Decimals(1.2)).toBe(true);
    expect(hasAtMost3Decimals(0.123)).toBe(true);
    expect(hasAtMost3Decimals(0.1234)).toBe(false);
    expect(hasAtMost3Decimals(Number.NaN)).toBe(false);
  });
});
