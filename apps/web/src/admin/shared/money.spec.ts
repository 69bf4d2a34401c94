import { currencyDigits, majorToMinor, minorToMajor } from './money.js';

describe('money in major and minor units', () => {
  it('knows the fraction digits of a currency', () => {
    expect(currencyDigits('RUB')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('shows minor units as major digits without float noise', () => {
    expect(minorToMajor(500000, 2)).toBe('5000');
    expect(minorToMajor(500050, 2)).toBe('5000.5');
    expect(minorToMajor(5, 2)).toBe('0.05');
    expect(minorToMajor(-1999, 2)).toBe('-19.99');
    expect(minorToMajor(4000, 0)).toBe('4000');
  });

  it('reads what a manager types into integer minor units', () => {
    expect(majorToMinor('5000', 2)).toBe(500000);
    expect(majorToMinor('5 000,50', 2)).toBe(500050);
    expect(majorToMinor('5\u00a0000.5', 2)).toBe(500050);
    // 0.1 + 0.2 style drift would give 30.000000000000004 here
    expect(majorToMinor('0.3', 2)).toBe(30);
    expect(majorToMinor('1234567.89', 2)).toBe(123456789);
    expect(Number.isInteger(majorToMinor('19.99', 2))).toBe(true);
    expect(majorToMinor('12.345', 2)).toBeNull();
    expect(majorToMinor('12.5', 0)).toBeNull();
    expect(majorToMinor('abc', 2)).toBeNull();
    expect(majorToMinor('', 2)).toBeNull();
  });

  it('round-trips every amount it shows', () => {
    for (const minor of [0, 1, 10, 99, 100, 101, 500000, 4000000, 123456789]) {
      expect(majorToMinor(minorToMajor(minor, 2), 2)).toBe(minor);
    }
  });
});
