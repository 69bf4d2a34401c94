import { DomainError } from '../common/domain-error.js';
import type { PeriodClosesRepository } from '../repositories/period-closes.repository.js';

/** `YYYY-MM` with a real month. */
export const MONTH_KEY = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Refuses an instant that reaches into a closed month (SPEC 4a): publishing a rule set effective
 * from `at` would re-score every event from then on, so `at` must not fall before the end of any
 * closed month.
 */
export async function assertNotLocked(
  closes: PeriodClosesRepository,
  at: number,
  path = 'effectiveFrom',
): Promise<void> {
  const latest = await closes.latestEndingAfter(at);
  if (latest === null) return;
  const lockedUntil = new Date(latest.to_at).toISOString();
  throw new DomainError(
    'PERIOD_LOCKED',
    `${path} reaches into the closed period ${latest.period_key}: choose an instant from ${lockedUntil} on`,
    [{ path, message: `must not be before ${lockedUntil} (end of the last closed period)` }],
  );
}
