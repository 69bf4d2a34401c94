import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SqlRunner } from '../database/sql.js';

/** One row of `board_totals`. */
export interface StoredTotal {
  repId: string;
  period: string;
  periodKey: string;
  milliPoints: number;
}

const UPSERT_TOTALS = `INSERT INTO board_totals (rep_id, period, period_key, milli_points)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bigint[])
       ON CONFLICT (rep_id, period, period_key) DO UPDATE SET milli_points = EXCLUDED.milli_points
       RETURNING 1`;

function totalsParams(rows: StoredTotal[]): unknown[] {
  return [
    rows.map((r) => r.repId),
    rows.map((r) => r.period),
    rows.map((r) => r.periodKey),
    rows.map((r) => String(r.milliPoints)),
  ];
}

/** The derived projection: `board_totals` and `board_seq`. */
@Injectable()
export class ProjectionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async read(sql: SqlRunner = this.dataSource): Promise<StoredTotal[]> {
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
   * number of every bumped board. Used where the seqs are not known in memory (reconciling).
   */
  async write(
    rows: StoredTotal[],
    boardKeys: string[],
    sql: SqlRunner = this.dataSource,
  ): Promise<Array<{ key: string; seq: number }>> {
    if (rows.length === 0 && boardKeys.length === 0) return [];
    const bumped = await sql.query<Array<{ board_key: string; seq: string }>>(
      `WITH totals AS (${UPSERT_TOTALS})
     INSERT INTO board_seq (board_key, seq)
     SELECT DISTINCT k, 1 FROM unnest($5::text[]) AS k
     ON CONFLICT (board_key) DO UPDATE SET seq = board_seq.seq + 1
     RETURNING board_key, seq::text AS seq`,
      [...totalsParams(rows), boardKeys],
    );
    return bumped.map((b) => ({ key: b.board_key, seq: Number(b.seq) }));
  }

  /**
   * Writes changed totals and the seqs the writer already handed out (its deltas may have left
   * before this commits), in one statement. A stored seq never moves backwards.
   */
  async writeAt(
    rows: StoredTotal[],
    seqs: ReadonlyArray<{ key: string; seq: number }>,
    sql: SqlRunner = this.dataSource,
  ): Promise<void> {
    if (rows.length === 0 && seqs.length === 0) return;
    await sql.query(
      `WITH totals AS (${UPSERT_TOTALS})
     INSERT INTO board_seq (board_key, seq)
     SELECT * FROM unnest($5::text[], $6::bigint[])
     ON CONFLICT (board_key) DO UPDATE SET seq = GREATEST(board_seq.seq, EXCLUDED.seq)`,
      [...totalsParams(rows), seqs.map((s) => s.key), seqs.map((s) => String(s.seq))],
    );
  }

  /** Stored seqs of `keys` (a board never written has none). */
  async readSeqs(keys: string[], sql: SqlRunner = this.dataSource): Promise<Map<string, number>> {
    if (keys.length === 0) return new Map();
    const rows = await sql.query<Array<{ board_key: string; seq: string }>>(
      'SELECT board_key, seq::text AS seq FROM board_seq WHERE board_key = ANY($1::text[])',
      [keys],
    );
    return new Map(rows.map((r) => [r.board_key, Number(r.seq)]));
  }

  /** Forgets a deleted rep's totals. */
  async deleteRep(repId: string, sql: SqlRunner = this.dataSource): Promise<void> {
    await sql.query('DELETE FROM board_totals WHERE rep_id = $1', [repId]);
  }
}
