import { Injectable } from '@nestjs/common';
import type { DaySummary, RepStats } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';

/** Where the rolled-out summaries stand (see migration 1763800014000). */
export interface ScoringHorizon {
  horizonDay: number;
  cursor: bigint;
  fingerprint: string;
}

interface SummaryRow {
  rep_id: string;
  day: number;
  milli_points: string;
  stats: RepStats;
  records: number;
}

const toSummary = (r: SummaryRow): DaySummary => ({
  repId: r.rep_id,
  day: Number(r.day),
  milli: Number(r.milli_points),
  stats: r.stats,
  records: Number(r.records),
});

/** `rep_day_scores` and `scoring_horizon`: the summaries of rolled-out rep-days. */
@Injectable()
export class RepDayScoresRepository {
  constructor(private readonly dataSource: DataSource) {}

  async horizon(): Promise<ScoringHorizon | null> {
    const rows = await this.dataSource.query<
      Array<{ horizon_day: number; cursor: string; fingerprint: string }>
    >('SELECT horizon_day, cursor::text AS cursor, fingerprint FROM scoring_horizon');
    const row = rows[0];
    return row
      ? { horizonDay: Number(row.horizon_day), cursor: BigInt(row.cursor), fingerprint: row.fingerprint }
      : null;
  }

  async setHorizon(h: ScoringHorizon): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO scoring_horizon (id, horizon_day, cursor, fingerprint) VALUES (true, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET horizon_day = EXCLUDED.horizon_day, cursor = EXCLUDED.cursor,
         fingerprint = EXCLUDED.fingerprint`,
      [h.horizonDay, h.cursor.toString(), h.fingerprint],
    );
  }

  /** Every stored summary. */
  async all(): Promise<DaySummary[]> {
    const rows = await this.dataSource.query<SummaryRow[]>(
      'SELECT rep_id, day, milli_points::text AS milli_points, stats, records FROM rep_day_scores',
    );
    return rows.map(toSummary);
  }

  /** The stored summaries of one rep's days. */
  async ofRep(repId: string, days: readonly number[]): Promise<DaySummary[]> {
    const rows = await this.dataSource.query<SummaryRow[]>(
      `SELECT rep_id, day, milli_points::text AS milli_points, stats, records FROM rep_day_scores
       WHERE rep_id = $1 AND day = ANY($2::int[])`,
      [repId, [...days]],
    );
    return rows.map(toSummary);
  }

  /** Stores summaries (a rep-day with no event left is deleted). */
  async upsert(summaries: readonly DaySummary[]): Promise<void> {
    for (let i = 0; i < summaries.length; i += 2000) {
      const chunk = summaries.slice(i, i + 2000);
      await this.dataSource.query(
        `INSERT INTO rep_day_scores (rep_id, day, milli_points, stats, records)
         SELECT u.rep_id, u.day, u.milli, u.stats, u.records
         FROM unnest($1::uuid[], $2::int[], $3::bigint[], $4::jsonb[], $5::int[]) AS u(rep_id, day, milli, stats, records)
         ON CONFLICT (rep_id, day) DO UPDATE SET milli_points = EXCLUDED.milli_points, stats = EXCLUDED.stats,
           records = EXCLUDED.records`,
        [
          chunk.map((s) => s.repId),
          chunk.map((s) => s.day),
          chunk.map((s) => String(s.milli)),
          chunk.map((s) => JSON.stringify(s.stats)),
          chunk.map((s) => s.records),
        ],
      );
    }
  }

  /** Deletes these rep-days' summaries (`npm run rebuild`: days the ledger has nothing for). */
  async remove(keys: ReadonlyArray<{ repId: string; day: number }>): Promise<void> {
    if (keys.length === 0) return;
    await this.dataSource.query(
      `DELETE FROM rep_day_scores s USING unnest($1::uuid[], $2::int[]) AS u(rep_id, day)
       WHERE s.rep_id = u.rep_id AND s.day = u.day`,
      [keys.map((k) => k.repId), keys.map((k) => k.day)],
    );
  }

  /** Forgets the summaries of days from `day` on (every one when null). */
  async clearFrom(day: number | null): Promise<void> {
    if (day === null) await this.dataSource.query('DELETE FROM rep_day_scores');
    else await this.dataSource.query('DELETE FROM rep_day_scores WHERE day >= $1', [day]);
  }
}
