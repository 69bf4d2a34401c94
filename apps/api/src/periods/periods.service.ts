import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AdjustmentView, ClosedRow, PeriodCloseView, PeriodSummary } from '@leaderboard/contracts';
import { rankRows } from '@leaderboard/contracts';
import {
  adjustmentCauses,
  canonicalFigures,
  carriedInto,
  milliToPoints,
  pendingAdjustments,
  planPayouts,
  targetMonth,
  type AccountedRep,
  type CarriedAdjustment,
  type ClosedFigures,
  type PendingAdjustment,
} from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { SqlRunner } from '../database/sql.js';
import { PayoutsRepository } from '../repositories/payouts.repository.js';
import { PeriodClosesRepository, type CloseRecord } from '../repositories/period-closes.repository.js';
import { instantInside } from '../scoring/period-keys.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { MONTH_KEY } from './period-lock.js';

/** sha256 (hex) of a snapshot's canonical figures. */
export function contentHash(figures: ClosedFigures): string {
  return createHash('sha256').update(canonicalFigures(figures)).digest('hex');
}

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
    private readonly closes: PeriodClosesRepository,
    private readonly payouts: PayoutsRepository,
  ) {}

  async list(): Promise<PeriodSummary[]> {
    const rows = await this.closes.list();
    return rows.map((c) => ({
      periodKey: c.period_key,
      closedAt: new Date(c.closed_at).toISOString(),
      closedBy: c.closed_by,
      contentHash: c.content_hash,
    }));
  }

  async get(periodKey: string): Promise<PeriodCloseView> {
    const close = await this.closes.find(requireMonthKey(periodKey));
    if (!close) throw new DomainError('NOT_FOUND', `Period ${periodKey} is not closed`);
    return this.view(this.dataSource, close);
  }

  /** The frozen rows of a closed month, or null when it is open (boards read these). */
  async closedRows(periodKey: string, teamId?: string): Promise<ClosedRow[] | null> {
    const close = await this.closes.find(periodKey);
    if (!close) return null;
    const rows = await this.closes.snapshotRows(close.id);
    if (teamId === undefined) return rows;
    // A team's board ranks its members among themselves, as the live board does.
    return rankRows(rows.filter((r) => r.teamId === teamId)).map((r) => ({ ...r }));
  }

  async close(periodKey: string, principal: Principal, now = this.clock.now()): Promise<PeriodCloseView> {
    const key = requireMonthKey(periodKey);
    const at = instantInside('month', key) as number;
    await this.scoring.settled();
    // Figures first (a rolled-out month's are read from the ledger, which the transaction below
    // must not wait for: PGlite has one connection): this month's, and those of the closed months
    // this close carries adjustments from (each a replay of the ledger once rolled out; a close
    // that lands meanwhile is read inside, as before).
    const figures = await this.scoring.monthFigures(at);
    const figuresNow = new Map<string, ClosedFigures>();
    const closedBefore = (await this.closes.all()).map((c) => ({ ...c, periodKey: c.period_key }));
    for (const c of carriedInto(key, closedBefore))
      figuresNow.set(c.id, await this.scoring.monthFigures(new Date(c.from_at).getTime()));
    const actor = principal.kind === 'user' ? principal.email : `${principal.kind}:${principal.name}`;
    const { view, carried } = await this.dataSource.transaction(async (manager) => {
      // One close at a time: carrying adjustments depends on which months are closed.
      await this.closes.lockForClose(manager);
      if (await this.closes.find(key, manager))
        throw new DomainError('PERIOD_CLOSED', `${key} is already closed`);
      const month = this.scoring.periodAt('month', at);
      if (now < month.to)
        throw new DomainError(
          'PERIOD_NOT_ENDED',
          `${key} ends at ${new Date(month.to).toISOString()}; it can be closed after that`,
        );
      const hash = contentHash(figures);
      const closeId = await this.closes.insert(figures, key, hash, actor, manager);

      // Adjustments of earlier closed months whose next open month is this one are carried now.
      const closes = (await this.closes.all(manager)).filter((c) => c.id !== closeId);
      const carriedNow: CarriedAdjustment[] = [];
      for (const source of carriedInto(
        key,
        closes.map((c) => ({ ...c, periodKey: c.period_key })),
      ))
        for (const adjustment of await this.pending(manager, source, figuresNow.get(source.id)))
          carriedNow.push({ sourceId: source.id, sourcePeriodKey: source.period_key, adjustment });
      for (const { sourceId, adjustment } of carriedNow) {
        await this.closes.insertAdjustment(
          sourceId,
          closeId,
          adjustment,
          adjustmentCauses(adjustment),
          manager,
        );
      }

      // Payouts: the tier's payout plus every carried payout difference, per rep.
      for (const payout of planPayouts(key, figures, carriedNow, this.config.payoutSecondApprovalAbove)) {
        await this.payouts.insert(
          {
            closeId,
            periodKey: key,
            repId: payout.repId,
            currency: figures.currency,
            lineItems: payout.items,
            amount: payout.amount,
            approvalsRequired: payout.approvalsRequired,
          },
          manager,
        );
      }
      const close = (await this.closes.find(key, manager)) as CloseRecord;
      return { view: await this.view(manager, close), carried: carriedNow.length };
    });
    // The horizon may move past the month now.
    await this.scoring.monthClosed(key);
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
    const closes = await this.closes.all();
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
      for (const c of await this.closes.carried(close.id)) {
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
  private async pending(
    sql: SqlRunner,
    close: CloseRecord,
    figures?: ClosedFigures,
  ): Promise<PendingAdjustment[]> {
    const now = figures ?? (await this.scoring.monthFigures(new Date(close.from_at).getTime()));
    return pendingAdjustments(await this.accounted(sql, close.id), now);
  }

  /** Per rep: the snapshot plus the adjustments carried from it since. */
  private async accounted(sql: SqlRunner, closeId: string): Promise<Map<string, AccountedRep>> {
    const out = new Map<string, AccountedRep & { events: Map<string, number> }>();
    const entry = (repId: string): AccountedRep & { events: Map<string, number> } => {
      let e = out.get(repId);
      if (!e) {
        e = { milliPoints: 0, payout: 0, tier: null, events: new Map() };
        out.set(repId, e);
      }
      return e;
    };
    for (const r of await this.closes.snapshotRows(closeId, sql)) {
      const e = entry(r.repId);
      e.milliPoints = r.milliPoints;
      e.payout = r.payout;
      e.tier = r.tier;
    }
    const events = await this.closes.closedEvents(closeId, sql);
    for (const ev of events) entry(ev.rep_id).events.set(ev.event_id, Number(ev.milli_points));
    for (const c of await this.closes.carried(closeId, sql)) {
      const e = entry(c.rep_id);
      e.milliPoints += Number(c.delta_milli_points);
      e.payout += Number(c.delta_payout);
      e.tier = c.tier_now;
      for (const cause of c.causes) e.events.set(cause.eventId, cause.milliPoints);
    }
    return out;
  }

  private async view(sql: SqlRunner, close: CloseRecord): Promise<PeriodCloseView> {
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
      rows: await this.closes.snapshotRows(close.id, sql),
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
