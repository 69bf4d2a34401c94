/** Money as vendors send it (major units, decimals as numbers or text) -> integer minor units. */
import { isCurrencyCode, type CurrencyCode } from '@leaderboard/contracts';
import type { MappingSettings } from '../connector-adapter.js';
import { MAX_MONEY_MINOR } from '../../events/event-attributes.js';
import { minorDigits } from '../../periods/payouts-csv.js';

/** A currency code of the payload, else the connector's setting, else `fallback`; null when invalid. */
export function currencyOf(
  value: unknown,
  settings: MappingSettings | undefined,
  fallback: CurrencyCode | null,
): CurrencyCode | null {
  const code = typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;
  const chosen = code ?? settings?.currency ?? fallback;
  return isCurrencyCode(chosen) ? chosen : null;
}

/**
 * A decimal amount in major units (`22500`, `"22500.00"`, `"22 500,5"`) as integer minor units of
 * `currency` (22500 RUB -> 2250000), extra decimals rounded half to even; null when it is not a
 * plain non-negative decimal or exceeds the ledger's bound.
 */
export function minorUnitsOf(value: unknown, currency: CurrencyCode): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    text = String(value);
  } else if (typeof value === 'string') text = value.replace(/[\s\u00a0]/g, '').replace(',', '.');
  else return null;
  const match = /^(\d{1,16})(?:\.(\d{1,12}))?$/.exec(text);
  if (!match) return null;
  const digits = minorDigits(currency);
  const fraction = (match[2] ?? '').padEnd(digits + 1, '0');
  let minor = BigInt(match[1] ?? '0') * 10n ** BigInt(digits) + BigInt(fraction.slice(0, digits) || '0');
  const rest = fraction.slice(digits);
  const half = '5'.padEnd(rest.length, '0');
  if (rest > half || (rest === half && minor % 2n === 1n)) minor += 1n;
  return minor <= BigInt(MAX_MONEY_MINOR) ? Number(minor) : null;
}
