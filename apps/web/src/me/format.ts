/** Dates and percentages of /me through `Intl` (points and money: ../i18n/format.ts). */
import { cached } from '../i18n/format.js';
import type { Locale } from '../i18n/i18n.js';

/** `10%`, `12.5%`: at most one decimal. */
export function formatPercent(locale: Locale, percent: number): string {
  return cached(
    `p:${locale}`,
    () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
  ).format(percent / 100);
}

/** The local calendar day of an instant in the org's time zone, `2026-11-27`: to group by day. */
export function dayKeyOf(instant: string, timeZone: string): string {
  return cached(
    `k:${timeZone}`,
    () => new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone }),
  ).format(new Date(instant));
}

/** `Friday, November 27` / `пятница, 27 ноября` in the org's time zone. */
export function formatDay(locale: Locale, instant: string, timeZone: string): string {
  return cached(
    `day:${locale}:${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone }),
  ).format(new Date(instant));
}
