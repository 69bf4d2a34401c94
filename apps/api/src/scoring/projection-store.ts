import type { ProjectionRow } from '@leaderboard/scoring';
import { projectionKey } from './period-keys.js';
import type { Sql } from './scoring-data.js';

export interface StoredTotal {
  repId: string;
  period: string;
  periodKey: string;
  milliPoints: number;
}

export interface ProjectionDifference {
  repId: string;
  period: string;
  periodKey: string;
  stored: number;
  computed: number;
}

export async function readProjection(sql: Sql): Promise<StoredTotal[]> {
  const rows = await sql.query<
    Array<{ rep_id: string; period: string; period_key: string; milli_points: string }>
  >('SELECT rep_id, period, period_key, milli_points::text AS milli_points FROM board_totals');
  return rows.map((r) => ({
    repId: r.rep_id,
    period: r.period,
    periodKey: r.period_key,
    milliPoints: Number(r.milli_points),
  }));
}

/**
 * Writes changed totals with ONE multi-row upsert and bumps the sequence of every changed board
 * with one upsert, in a single statement (atomic, no read-modify-write). Returns the new sequence
 * number of every bumped board.
 */
export async function writeProjection(
  sql: Sql,
  rows: StoredTotal[],
  boardKeys: string[],
): Promise<Array<{ key: string; seq: number }>> {
  if (rows.length === 0 && boardKeys.length === 0) return [];
  const bumped = await sql.query<Array<{ board_key: string; seq: string }>>(
    `WITH totals AS (
       INSERT INTO board_totals (rep_id, period, period_key, milli_points)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (rep_id, period, period_key) DO UPDATE SET milli_points = EXCLUDED.milli_points
       RETURNING 1
     )
     INSERT INTO board_seq (board_key, seq)
     SELECT DISTINCT k, 1 FROM unnest($5::text[]) AS k
     ON CONFLICT (board_key) DO UPDATE SET seq = board_seq.seq + 1
     RETURNING board_key, seq::text AS seq`,
    [
      rows.map((r) => r.repId),
      rows.map((r) => r.period),
      rows.map((r) => r.periodKey),
      rows.map((r) => String(r.milliPoints)),
      boardKeys,
    ],
  );
  return bumped.map((b) => ({ key: b.board_key, seq: Number(b.seq) }));
}

/** Stored vs computed; a missing row counts as zero. */
export function diffProjection(stored: StoredTotal[], computed: ProjectionRow[]): ProjectionDifference[] {
  const storedByKey = new Map(stored.map((s) => [projectionKey(s.repId, s.period, s.periodKey), s]));
  const differences: ProjectionDifference[] = [];
  for (const c of computed) {
    const key = projectionKey(c.repId, c.period, c.periodKey);
    const s = storedByKey.get(key);
    storedByKey.delete(key);
    const storedMilli = s?.milliPoints ?? 0;
    if (storedMilli !== c.milliPoints) {
      differences.push({
        repId: c.repId,
        period: c.period,
        periodKey: c.periodKey,
        stored: storedMilli,
        computed: c.milliPoints,
      });
    }
  }
  for (const s of storedByKey.values()) {
    if (s.milliPoints !== 0) {
      differences.push({
        repId: s.repId,
        period: s.period,
        periodKey: s.periodKey,
        stored: s.milliPoints,
        computed: 0,
      });
    }
  }
  differences.sort((a, b) =>
    a.repId === b.repId
      ? a.period === b.period
        ? a.periodKey.localeCompare(b.periodKey)
        : a.period.localeCompare(b.period)
      : a.repId.localeCompare(b.repId),
  );
  return differences;
}
