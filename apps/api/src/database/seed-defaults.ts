import { DEFAULT_RULE_SET } from '@leaderboard/scoring';
import type { Sql } from './sql.js';

/** The instant a new organisation's first rule set is effective from: the beginning of time. */
export const BEGINNING_OF_TIME = '1970-01-01T00:00:00Z';

/**
 * A new organisation starts with the org row and SPEC 4a's rule set published as version 1.
 * Idempotent, and safe when several processes start at once.
 */
export async function seedDefaults(sql: Sql): Promise<void> {
  await sql.query(`INSERT INTO org (id, name, timezone) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`, [
    'Sales',
    DEFAULT_RULE_SET.timezone,
  ]);
  await sql.query(
    `INSERT INTO rule_sets (version, status, document, effective_from, published_at, created_by)
     SELECT 1, 'published', $1::jsonb, $2::timestamptz, now(), 'system'
     WHERE NOT EXISTS (SELECT 1 FROM rule_sets WHERE status = 'published')
     ON CONFLICT (version) DO NOTHING`,
    [JSON.stringify(DEFAULT_RULE_SET), BEGINNING_OF_TIME],
  );
}
