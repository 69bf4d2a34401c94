import { ISO_4217_CURRENCIES, isCurrencyCode } from './currencies.js';

describe('ISO 4217 currencies', () => {
  it('knows the active codes and refuses non-currencies and look-alikes', () => {
    for (const code of ['RUB', 'EUR', 'USD', 'JPY', 'KZT', 'XCG']) expect(isCurrencyCode(code)).toBe(true);
    for (const code of ['XXX', 'XTS', 'XAU', 'XXXX', 'rub', 'RU', 'ABC', '', 'HRK', 12, null])
      expect(isCurrencyCode(code)).toBe(false);
  });

  it('lists each code once, three upper-case letters, sorted', () => {
    expect(new Set(ISO_4217_CURRENCIES).size).toBe(ISO_4217_CURRENCIES.length);
    for (const code of ISO_4217_CURRENCIES) expect(code).toMatch(/^[A-Z]{3}$/);
    expect([...ISO_4217_CURRENCIES].sort()).toEqual([...ISO_4217_CURRENCIES]);
  });

  it('every code can be formatted by Intl (the UI and the payouts CSV format money with it)', () => {
    for (const code of ISO_4217_CURRENCIES)
      expect(() => new Intl.NumberFormat('en', { style: 'currency', currency: code })).not.toThrow();
  });
});
