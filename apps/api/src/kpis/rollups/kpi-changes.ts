/**
 * Who a step of the rollups' cursor concerns: the reps of the rows that entered the rollups
 * between two cursors (written or attached with `from <= tx < to`), and of the events the voids
 * among them name. Read by the follower after a catch-up, whoever ran it (a KPI request may have
 * moved the cursor), so the live hint reaches every rep whose figures moved.
 */
import type { DataSource } from 'typeorm';

const CHANGED_REPS = `
  SELECT DISTINCT rep_id::text AS rep_id FROM events
  WHERE tx >= $1::bigint AND tx < $2::bigint AND type <> 'void' AND rep_id IS NOT NULL
  UNION
  SELECT t.rep_id::text FROM events v
  JOIN events t ON t.source = v.voids_source AND t.external_id = v.voids_external_id
  WHERE v.tx >= $1::bigint AND v.tx < $2::bigint AND v.type = 'void' AND t.rep_id IS NOT NULL`;

export async function repsChangedBetween(
  dataSource: DataSource,
  from: bigint,
  to: bigint,
): Promise<string[]> {
  if (to <= from) return [];
  const rows = await dataSource.query<Array<{ rep_id: string }>>(CHANGED_REPS, [
    from.toString(),
    to.toString(),
  ]);
  return rows.map((r) => r.rep_id);
}
