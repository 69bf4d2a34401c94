/**
 * Fair comparison boards (issue 5): a rep against their own past ("most improved") and reps against
 * peers of similar tenure, so a new hire is not ranked only against the ten-year veteran.
 */
import { TENURE_BANDS, type TenureBand } from '@leaderboard/contracts';
import { divHalfEven } from './milli.js';
import { dateOfDay, dayNumberOf } from './time-zone.js';

/** How many earlier instances of the same period make a rep's baseline. */
export const BASELINE_INSTANCES = 3;

/** Lower bound in whole months of each band; a band runs up to the next one's bound. */
const BAND_FROM_MONTHS: Record<TenureBand, number> = { '0-3m': 0, '3-12m': 3, '1-2y': 12, '2y-plus': 24 };

/**
 * Whole calendar months from `startedOn` (`YYYY-MM-DD`) to the local day `day` (days since
 * 1970-01-01): 2026-01-31 -> 2026-02-28 is 0 months, -> 2026-03-01 is 1. Null before the start.
 */
export function monthsOfTenure(startedOn: string, day: number): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(startedOn);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (day < dayNumberOf(y, m, d)) return null;
  const now = dateOfDay(day);
  let months = (now.year - y) * 12 + (now.month - m);
  if (now.day < d) months -= 1;
  return months;
}

/** The tenure band of a rep who started on `startedOn`, on local day `day`; null when unknown. */
export function tenureBand(startedOn: string | null | undefined, day: number): TenureBand | null {
  if (!startedOn) return null;
  const months = monthsOfTenure(startedOn, day);
  if (months === null) return null;
  let band: TenureBand = TENURE_BANDS[0];
  for (const candidate of TENURE_BANDS) if (months >= BAND_FROM_MONTHS[candidate]) band = candidate;
  return band;
}

/**
 * A rep's usual result for one period instance: the mean of the earlier instances they were
 * active in (`undefined` = before their first event), newest last; null with none.
 */
export function trailingBaseline(earlier: ReadonlyArray<number | undefined>): number | null {
  const known = earlier.filter((value): value is number => value !== undefined);
  if (known.length === 0) return null;
  return divHalfEven(
    known.reduce((sum, value) => sum + value, 0),
    known.length,
  );
}

/**
 * Change against the baseline in basis points (+2500 = 25% more than usual), rounded half to
 * even; null when the baseline is not positive (nothing to compare with).
 */
export function improvementBp(current: number, baseline: number | null): number | null {
  if (baseline === null || baseline <= 0) return null;
  return divHalfEven((current - baseline) * 10_000, baseline);
}
