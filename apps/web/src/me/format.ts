/** Dates and percentages of /me through `Intl` (points and money: ../i18n/format.ts). */
import type { Locale } from '../i18n/i18n.js';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format as T;
}

/** `10%`, `12.5%`: at most one decimal. */
export function formatPercent(locale: Locale, percent: number): string {
  return cached(
    `p:${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
  ).format(percent / 100);
}

/** `Nov 27, 14:05` in the org's time zone (a line item of this week or month). */
export function formatDayTime(locale: Locale, instant: string, timeZone: string): string {
  return cached(
    `dt:${locale}:${timeZone}`,
    () =>
      new Intl.DateTimeFormat(locale, {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone,
      }),
  ).format(new Date(instant));
}
