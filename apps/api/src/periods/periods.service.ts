import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  AdjustmentCause,
  AdjustmentView,
  ClosedRow,
  PeriodCloseView,
  PeriodSummary,
} from '@leaderboard/contracts';
import { rankRows } from '@leaderboard/contracts';
import {
  adjustmentCauses,
  canonicalFigures,
  carriedInto,
  milliToPoints,
  monthFigures,
  pendingAdjustments,
  planPayouts,
  targetMonth,
  type AccountedRep,
  type CarriedAdjustment,
  type ClosedFigures,
  type PendingAdjustment,
} from '@leaderboard/scoring';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { instantInside } from '../scoring/period-keys.js';
import type { Sql } from '../database/sql.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { MONTH_KEY } from './period-lock.js';

interface CloseRecord {
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

interface CarriedRow {
  source_close_id: string;
  target_key: string;
  rep_id: string;
  delta_milli_points: string;
  delta_payout: string;
  tier_before: string | null;
  tier_now: string | null;
  causes: AdjustmentCause[];
}

/** sha256 (hex) of a snapshot's canonical figures. */
export function contentHash(figures: ClosedFigures): string {
  return createHash('sha256').update(canonicalFigures(figures)).digest('hex');
}

const CLOSE_COLUMNS = `c.id, c.period_key, c.from_at, c.to_at, c.currency, c.rule_set_id, r.version,
  c.content_hash, c.closed_at, c.closed_by`;

/**
 * Closing a month (issue 6): its points, ranks, tiers and payouts are frozen into snapshot tables
 * with the rule set in effect at its end and a content hash. Late and voided events that touch a
 * closed month later show up as adjustments, carried into the payouts of the next month closed
 * after it.
 */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<PeriodSummary[]> {
    const rows = await this.dataSource.query<CloseRecord[]>(
      `SELECT ${CLOSE_COLUMNS} FROM period_closes c LEFT JOIN rule_sets r ON r.id = c.rule_set_id
       ORDER BY c.period_key DESC`,
    );
    return rows.map((c) => ({
      periodKey: c.period_key,
      closedAt: new Date(c.closed_at).toISOString(),
      closedBy: c.closed_by,
      contentHash: c.content_hash,
    }));
  }

  async get(periodKey: string): Promise<PeriodCloseView> {
    const close = await this.findClose(this.dataSource, requireMonthKey(periodKey));
    if (!close) throw new DomainError('NOT_FOUND', `Period ${periodKey} is not closed`);
    return this.view(this.dataSource, close);
  }

  /** The frozen rows of a closed month, or null when it is open (boards read these). */
  async closedRows(periodKey: string, teamId?: string): Promise<ClosedRow[] | null> {
    const close = await this.findClose(this.dataSource, periodKey);
    if (!close) return null;
    const rows = await this.snapshotRows(this.dataSource, close.id);
    if (teamId === undefined) return rows;
    // A team's board ranks its members among themselves, as the live board does.
    return rankRows(rows.filter((r) => r.teamId === teamId)).map((r) => ({ ...r }));
  }

  async close(periodKey: string, principal: Principal, now = this.clock.now()): Promise<PeriodCloseView> {
    const key = requireMonthKey(periodKey);
    const at = instantInside('month', key) as number;
    await this.scoring.settled();
    const actor = principal.kind === 'user' ? principal.email : `${principal.kind}:${principal.name}`;
    const { view, carried } = await this.dataSource.transaction(async (manager) => {
      // One close at a time: carrying adjustments depends on which months are closed.
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('period_close'))");
      if (await this.findClose(manager, key))
        throw new DomainError('PERIOD_CLOSED', `${key} is already closed`);
      const engine = this.scoring.engine;
      const month = engine.periodAt('month', at);
      if (now < month.to)
        throw new DomainError(
          'PERIOD_NOT_ENDED',
          `${key} ends at ${new Date(month.to).toISOString()}; it can be closed after that`,
        );
      const figures = monthFigures(engine, at);
      const hash = contentHash(figures);
      const [inserted] = await manager.query<Array<{ id: string }>>(
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
      await manager.query(
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
      await manager.query(
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

      // Adjustments of earlier closed months whose next open month is this one are carried now.
      const closes = (await this.allCloses(manager)).filter((c) => c.id !== closeId);
      const carriedNow: CarriedAdjustment[] = [];
      for (const source of carriedInto(
        key,
        closes.map((c) => ({ ...c, periodKey: c.period_key })),
      ))
        for (const adjustment of await this.pending(manager, source))
          carriedNow.push({ sourceId: source.id, sourcePeriodKey: source.period_key, adjustment });
      for (const { sourceId, adjustment } of carriedNow) {
        await manager.query(
          `INSERT INTO period_adjustments (source_close_id, target_close_id, rep_id, delta_milli_points,
             delta_payout, tier_before, tier_now, causes)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)`,
          [
            sourceId,
            closeId,
            adjustment.repId,
            adjustment.deltaMilliPoints,
            adjustment.deltaPayout,
            adjustment.tierBefore,
            adjustment.tierNow,
            JSON.stringify(adjustmentCauses(adjustment)),
          ],
        );
      }

      // Payouts: the tier's payout plus every carried payout difference, per rep.
      for (const payout of planPayouts(key, figures, carriedNow, this.config.payoutSecondApprovalAbove)) {
        await manager.query(
          `INSERT INTO payouts (close_id, period_key, rep_id, currency, line_items, amount, approvals_required)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)`,
          [
            closeId,
            key,
            payout.repId,
            figures.currency,
            JSON.stringify(payout.items),
            payout.amount,
            payout.approvalsRequired,
          ],
        );
      }
      const close = (await this.findClose(manager, key)) as CloseRecord;
      return { view: await this.view(manager, close), carried: carriedNow.length };
    });
    await this.audit.record(principal, {
      action: 'period.close',
      subjectId: view.id,
      details: {
        periodKey: key,
        contentHash: view.contentHash,
        ruleSetId: view.ruleSetId,
        ruleSetVersion: view.ruleSetVersion,
        reps: view.rows.length,
        adjustmentsCarried: carried,
      },
    });
    return view;
  }

  /** Every adjustment: pending ones (computed now) and carried ones, newest closed month first. */
  async adjustments(): Promise<AdjustmentView[]> {
    await this.scoring.settled();
    const closes = await this.allCloses(this.dataSource);
    const closedKeys = new Set(closes.map((c) => c.period_key));
    const names = new Map(this.scoring.engine.repProfiles().map((r) => [r.id, r.name]));
    const out: AdjustmentView[] = [];
    for (const close of [...closes].reverse()) {
      const target = targetMonth(close.period_key, closedKeys);
      for (const a of await this.pending(this.dataSource, close)) {
        out.push({
          periodKey: close.period_key,
          targetPeriodKey: target,
          repId: a.repId,
          name: names.get(a.repId) ?? a.repId,
          deltaMilliPoints: a.deltaMilliPoints,
          deltaPoints: milliToPoints(a.deltaMilliPoints),
          tierBefore: a.tierBefore,
          tierNow: a.tierNow,
          deltaPayout: a.deltaPayout,
          currency: close.currency,
          causes: adjustmentCauses(a),
          status: 'pending',
        });
      }
      for (const c of await this.carried(this.dataSource, close.id)) {
        const delta = Number(c.delta_milli_points);
        out.push({
          periodKey: close.period_key,
          targetPeriodKey: c.target_key,
          repId: c.rep_id,
          name: names.get(c.rep_id) ?? c.rep_id,
          deltaMilliPoints: delta,
          deltaPoints: milliToPoints(delta),
          tierBefore: c.tier_before,
          tierNow: c.tier_now,
          deltaPayout: Number(c.delta_payout),
          currency: close.currency,
          causes: c.causes,
          status: 'carried',
        });
      }
    }
    return out;
  }

  /** The difference between the month as the engine computes it now and what is accounted for. */
  private async pending(sql: Sql, close: CloseRecord): Promise<PendingAdjustment[]> {
    const now = monthFigures(this.scoring.engine, new Date(close.from_at).getTime());
    return pendingAdjustments(await this.accounted(sql, close.id), now);
  }

  /** Per rep: the snapshot plus the adjustments carried from it since. */
  private async accounted(sql: Sql, closeId: string): Promise<Map<string, AccountedRep>> {
    const out = new Map<string, AccountedRep & { events: Map<string, number> }>();
    const entry = (repId: string): AccountedRep & { events: Map<string, number> } => {
      let e = out.get(repId);
      if (!e) {
        e = { milliPoints: 0, payout: 0, tier: null, events: new Map() };
        out.set(repId, e);
      }
      return e;
    };
    for (const r of await this.snapshotRows(sql, closeId)) {
      const e = entry(r.repId);
      e.milliPoints = r.milliPoints;
      e.payout = r.payout;
      e.tier = r.tier;
    }
    const events = await sql.query<Array<{ event_id: string; rep_id: string; milli_points: string }>>(
      'SELECT event_id::text, rep_id, milli_points FROM period_close_events WHERE close_id = $1',
      [closeId],
    );
    for (const ev of events) entry(ev.rep_id).events.set(ev.event_id, Number(ev.milli_points));
    for (const c of await this.carried(sql, closeId)) {
      const e = entry(c.rep_id);
      e.milliPoints += Number(c.delta_milli_points);
      e.payout += Number(c.delta_payout);
      e.tier = c.tier_now;
      for (const cause of c.causes) e.events.set(cause.eventId, cause.milliPoints);
    }
    return out;
  }

  private carried(sql: Sql, sourceCloseId: string): Promise<CarriedRow[]> {
    return sql.query<CarriedRow[]>(
      `SELECT a.source_close_id, t.period_key AS target_key, a.rep_id, a.delta_milli_points::text,
         a.delta_payout::text, a.tier_before, a.tier_now, a.causes
       FROM period_adjustments a JOIN period_closes t ON t.id = a.target_close_id
       WHERE a.source_close_id = $1 ORDER BY t.to_at, a.rep_id`,
      [sourceCloseId],
    );
  }

  private async snapshotRows(sql: Sql, closeId: string): Promise<ClosedRow[]> {
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

  private async findClose(sql: Sql | EntityManager, key: string): Promise<CloseRecord | null> {
    const rows = await sql.query<CloseRecord[]>(
      `SELECT ${CLOSE_COLUMNS} FROM period_closes c LEFT JOIN rule_sets r ON r.id = c.rule_set_id
       WHERE c.period_key = $1`,
      [key],
    );
    return rows[0] ?? null;
  }

  private allCloses(sql: Sql): Promise<CloseRecord[]> {
    return sql.query<CloseRecord[]>(
      `SELECT ${CLOSE_COLUMNS} FROM period_closes c LEFT JOIN rule_sets r ON r.id = c.rule_set_id
       ORDER BY c.period_key`,
    );
  }

  private async view(sql: Sql, close: CloseRecord): Promise<PeriodCloseView> {
    return {
      id: close.id,
      periodKey: close.period_key,
      from: new Date(close.from_at).toISOString(),
      to: new Date(close.to_at).toISOString(),
      currency: close.currency,
      ruleSetId: close.rule_set_id,
      ruleSetVersion: close.version === null ? null : Number(close.version),
      contentHash: close.content_hash,
      closedAt: new Date(close.closed_at).toISOString(),
      closedBy: close.closed_by,
      rows: await this.snapshotRows(sql, close.id),
    };
  }
}

function requireMonthKey(periodKey: string): string {
  if (!MONTH_KEY.test(periodKey))
    throw new DomainError('VALIDATION_FAILED', `periodKey must be a month YYYY-MM, got "${periodKey}"`, [
      { path: 'periodKey', message: 'must be a month YYYY-MM' },
    ]);
  return periodKey;
}
