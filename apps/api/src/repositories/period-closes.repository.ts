import { Injectable } from '@nestjs/common';
import type { AdjustmentCause, ClosedRow } from '@leaderboard/contracts';
import { milliToPoints, type ClosedFigures, type PendingAdjustment } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import type { SqlRunner } from '../database/sql.js';

export interface CloseRecord {
  id: string;
  period_key: string;
  from_at: Date;
  to_at: Date;
  currency: string;
  rule_set_id: string;
  version: number | null;
  content_hash: string;
  closed_at: Date;
  closed_by: string;
}

interface SnapshotRow {
  rep_id: string;
  rep_key: string;
  name: string;
  team_id: string | null;
  milli_points: string;
  rank: number;
  tier: string | null;
  payout: string;
}

export interface CarriedRow {
  source_close_id: string;
  target_key: string;
  rep_id: string;
  delta_milli_points: string;
  delta_payout: string;
  tier_before: string | null;
  tier_now: string | null;
  causes: AdjustmentCause[];
}

const CLOSE_COLUMNS = `c.id, c.period_key, c.from_at, c.to_at, c.currency, c.rule_set_id, r.version,
  c.content_hash, c.closed_at, c.closed_by`;

/**
 * Closed months: `period_closes` with their frozen rows (`period_close_rows`), awards
 * (`period_close_events`) and carried adjustments (`period_adjustments`). Methods that a close runs
 * inside its transaction take that transaction's manager.
 */
@Injectable()
export class PeriodClosesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** One close at a time (held until the transaction of `sql` ends). */
  async lockForClose(sql: SqlRunner): Promise<void> {
    await sql.query("SELECT pg_advisory_xact_lock(hashtext('period_close'))");
  }

  /** Every close, latest month first. */
  list(): Promise<CloseRecord[]> {
    return this.dataSource.query<CloseRecord[]>(
      `SELECT ${CLOSE_COLUMNS} FROM period_closes c LEFT JOIN rule_sets r ON r.id = c.rule_set_id
       ORDER BY c.period_key DESC`,
    );
  }

  /** Every close, by month. */
  all(sql: SqlRunner = this.dataSource): Promise<CloseRecord[]> {
    return sql.query<CloseRecord[]>(
      `SELECT ${CLOSE_COLUMNS} FROM period_closes c LEFT JOIN rule_sets r ON r.id = c.rule_set_id
       ORDER BY c.period_key`,
    );
  }

  async find(key: string, sql: SqlRunner = this.dataSource): Promise<CloseRecord | null> {
    const rows = await sql.query<CloseRecord[]>(
      `SELECT ${CLOSE_COLUMNS} FROM period_closes c LEFT JOIN rule_sets r ON r.id = c.rule_set_id
       WHERE c.period_key = $1`,
      [key],
    );
    return rows[0] ?? null;
  }

  /** The closed month ending last after `at`, if any (`at` reaches into it or an earlier one). */
  async latestEndingAfter(at: number): Promise<{ period_key: string; to_at: Date } | null> {
    const rows = await this.dataSource.query<Array<{ period_key: string; to_at: Date }>>(
      'SELECT period_key, to_at FROM period_closes WHERE to_at > $1 ORDER BY to_at DESC LIMIT 1',
      [new Date(at).toISOString()],
    );
    return rows[0] ?? null;
  }

  /** The frozen rows of a close, by rank. */
  async snapshotRows(closeId: string, sql: SqlRunner = this.dataSource): Promise<ClosedRow[]> {
    const rows = await sql.query<SnapshotRow[]>(
      `SELECT rep_id, rep_key, name, team_id, milli_points::text, rank, tier, payout::text
       FROM period_close_rows WHERE close_id = $1 ORDER BY rank, name, rep_id`,
      [closeId],
    );
    return rows.map((r) => ({
      repId: r.rep_id,
      key: r.rep_key,
      name: r.name,
      teamId: r.team_id,
      milliPoints: Number(r.milli_points),
      points: milliToPoints(Number(r.milli_points)),
      rank: r.rank,
      tier: r.tier,
      payout: Number(r.payout),
    }));
  }

  /** The award of every event a close froze. */
  closedEvents(
    closeId: string,
    sql: SqlRunner = this.dataSource,
  ): Promise<Array<{ event_id: string; rep_id: string; milli_points: string }>> {
    return sql.query<Array<{ event_id: string; rep_id: string; milli_points: string }>>(
      'SELECT event_id::text, rep_id, milli_points FROM period_close_events WHERE close_id = $1',
      [closeId],
    );
  }

  /** The adjustments carried from a closed month into later ones. */
  carried(sourceCloseId: string, sql: SqlRunner = this.dataSource): Promise<CarriedRow[]> {
    return sql.query<CarriedRow[]>(
      `SELECT a.source_close_id, t.period_key AS target_key, a.rep_id, a.delta_milli_points::text,
         a.delta_payout::text, a.tier_before, a.tier_now, a.causes
       FROM period_adjustments a JOIN period_closes t ON t.id = a.target_close_id
       WHERE a.source_close_id = $1 ORDER BY t.to_at, a.rep_id`,
      [sourceCloseId],
    );
  }

  /** Stores a close with its rows and awards; gives its id. */
  async insert(
    figures: ClosedFigures,
    key: string,
    hash: string,
    actor: string,
    sql: SqlRunner = this.dataSource,
  ): Promise<string> {
    const [inserted] = await sql.query<Array<{ id: string }>>(
      `INSERT INTO period_closes (period_key, from_at, to_at, currency, rule_set_id, content_hash, closed_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [
        key,
        new Date(figures.from).toISOString(),
        new Date(figures.to).toISOString(),
        figures.currency,
        figures.ruleSetId,
        hash,
        actor,
      ],
    );
    const closeId = inserted.id;
    await sql.query(
      `INSERT INTO period_close_rows (close_id, rep_id, rep_key, name, team_id, milli_points, rank, tier, payout)
         SELECT $1, x.rep_id, x.rep_key, x.name, x.team_id, x.milli_points, x.rank, x.tier, x.payout
         FROM jsonb_to_recordset($2::jsonb) AS x(rep_id uuid, rep_key text, name text, team_id uuid,
           milli_points bigint, rank integer, tier text, payout bigint)`,
      [
        closeId,
        JSON.stringify(
          figures.rows.map((r) => ({
            rep_id: r.repId,
            rep_key: r.key,
            name: r.name,
            team_id: r.teamId,
            milli_points: r.milliPoints,
            rank: r.rank,
            tier: r.tier,
            payout: r.payout,
          })),
        ),
      ],
    );
    await sql.query(
      `INSERT INTO period_close_events (close_id, event_id, source, external_id, type, rep_id, occurred_at, milli_points, voided)
         SELECT $1, x.event_id, x.source, x.external_id, x.type, x.rep_id, x.occurred_at, x.milli_points, x.voided
         FROM jsonb_to_recordset($2::jsonb) AS x(event_id bigint, source text, external_id text, type text,
           rep_id uuid, occurred_at timestamptz, milli_points bigint, voided boolean)`,
      [
        closeId,
        JSON.stringify(
          figures.events.map((e) => ({
            event_id: e.eventId,
            source: e.source,
            external_id: e.externalId,
            type: e.type,
            rep_id: e.repId,
            occurred_at: new Date(e.occurredAt).toISOString(),
            milli_points: e.milliPoints,
            voided: e.voided,
          })),
        ),
      ],
    );
    return closeId;
  }

  /** Records an adjustment of `sourceCloseId` carried into `targetCloseId`. */
  async insertAdjustment(
    sourceCloseId: string,
    targetCloseId: string,
    adjustment: PendingAdjustment,
    causes: AdjustmentCause[],
    sql: SqlRunner = this.dataSource,
  ): Promise<void> {
    await sql.query(
      `INSERT INTO period_adjustments (source_close_id, target_close_id, rep_id, delta_milli_points,
             delta_payout, tier_before, tier_now, causes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
      [
        sourceCloseId,
        targetCloseId,
        adjustment.repId,
        adjustment.deltaMilliPoints,
        adjustment.deltaPayout,
        adjustment.tierBefore,
        adjustment.tierNow,
        JSON.stringify(causes),
      ],
    );
  }
}
