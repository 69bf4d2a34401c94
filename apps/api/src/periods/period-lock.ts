import { DomainError } from '../common/domain-error.js';
import type { Sql } from '../database/sql.js';

/** `YYYY-MM` with a real month. */
export const MONTH_KEY = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Refuses an instant that reaches into a closed month (SPEC 4a): publishing a rule set effective
 * from `at` would re-score every event from then on, so `at` must not fall before the end of any
 * closed month.
 */
export async function assertNotLocked(sql: Sql, at: number, path = 'effectiveFrom'): Promise<void> {
  const rows = await sql.query<Array<{ period_key: string; to_at: Date }>>(
    'SELECT period_key, to_at FROM period_closes WHERE to_at > $1 ORDER BY to_at DESC LIMIT 1',
    [new Date(at).toISOString()],
  );
  if (rows.length === 0) return;
  const lockedUntil = new Date(rows[0].to_at).toISOString();
  throw new DomainError(
    'PERIOD_LOCKED',
    `${path} reaches into the closed period ${rows[0].period_key}: choose an instant from ${lockedUntil} on`,
    [{ path, message: `must not be before ${lockedUntil} (end of the last closed period)` }],
  );
}
