/**
 * Numbers, money and times through `Intl`, in the UI's locale and the org's currency and time zone.
 * Amounts arrive in integer minor units (kopecks, cents): the currency's own number of fraction
 * digits turns them into major units.
 */
import type { Locale } from './i18n.js';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

/** One formatter per key (`Intl` formatters are costly to build and cheap to reuse). */
export function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format as T;
}

export function formatPoints(locale: Locale, points: number): string {
  return cached(`n:${locale}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })).format(
    points,
  );
}

/** A change in basis points as a signed whole percentage: 5000 -> "+50%", -667 -> "-7%", 0 -> "0%". */
export function formatChange(locale: Locale, bp: number): string {
  return cached(
    `c:${locale}`,
    () =>
      new Intl.NumberFormat(locale, {
        style: 'percent',
        maximumFractionDigits: 0,
        signDisplay: 'exceptZero',
      }),
  ).format(bp / 10_000);
}

/** `amountMinor` in minor units of `currency`; whole amounts show without fraction digits. */
export function formatMoney(locale: Locale, amountMinor: number, currency: string): string {
  const full = cached(
    `m:${locale}:${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency }),
  );
  const digits = full.resolvedOptions().maximumFractionDigits ?? 2;
  const major = amountMinor / 10 ** digits;
  if (Number.isInteger(major)) {
    return cached(
      `m0:${locale}:${currency}`,
      () =>
        new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: 0,
          maximumFractionDigits: 0,
        }),
    ).format(major);
  }
  return full.format(major);
}

/** `HH:MM` of an instant in the org's time zone. */
export function formatTime(locale: Locale, instant: string | Date, timeZone: string): string {
  return cached(
    `t:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }),
  ).format(new Date(instant));
}

/** A period's range as people say it: `27 Nov`, `24 - 30 Nov`, `November 2026`. */
export function formatRange(
  locale: Locale,
  from: string,
  toExclusive: string,
  timeZone: string,
  kind: 'day' | 'range' | 'month' | 'quarter',
): string {
  const start = new Date(from);
  // The last instant inside the period is in its last day.
  const end = new Date(new Date(toExclusive).getTime() - 1);
  if (kind === 'day') {
    return cached(
      `d:${locale}:${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', timeZone }),
    ).format(start);
  }
  if (kind === 'month') {
    return cached(
      `mo:${locale}:${timeZone}`,
      () => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone }),
    ).format(start);
  }
  return cached(
    `r:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone }),
  ).formatRange(start, end);
}
