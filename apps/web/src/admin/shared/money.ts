/**
 * Money typed by a manager in major units (`5 000,50`) and stored in integer minor units (500050).
 * Strings and integers only: `0.1 + 0.2` never touches a payout.
 */

/** Fraction digits of `currency` as Intl knows them (RUB, USD, EUR: 2; JPY: 0). */
export function currencyDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** 500050 -> `5000.5`; 500000 -> `5000` (plain digits, for an input). */
export function minorToMajor(minor: number, digits: number): string {
  if (!Number.isSafeInteger(minor)) return String(minor);
  const negative = minor < 0;
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  const whole = text.slice(0, text.length - digits);
  const fraction = text.slice(text.length - digits).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
}

/**
 * `5 000,50` / `5000.5` -> 500050. Spaces (also non-breaking) group digits; a comma or a dot is the
 * decimal mark. Null when the text is not an amount with at most `digits` decimals.
 */
export function majorToMinor(text: string, digits: number): number | null {
  const compact = text.replace(/[\s\u00a0\u202f']/g, '').replace(',', '.');
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(compact);
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits) return null;
  const minor = Number(`${whole}${fraction.padEnd(digits, '0')}`);
  if (!Number.isSafeInteger(minor)) return null;
  return sign === '-' && minor !== 0 ? -minor : minor;
}
