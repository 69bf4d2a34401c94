import { Inject, Injectable } from '@nestjs/common';
import type { KpiResponse, KpiScope, Period, SuggestedTargetsResponse } from '@leaderboard/contracts';
import {
  kpiEntries,
  repTargetKey,
  targetSuggestion,
  wonByRepAndBucket,
  type KpiPoints,
  type KpiWindow,
  type KpiWindowAggregates,
  type PeriodInstance,
} from '@leaderboard/scoring';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RepsRepository, type KpiRepRow } from '../repositories/reps.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { fullScanAggregates } from './kpi-full-scan.js';
import { KpiInputsService } from './kpi-inputs.service.js';
import { wonByBucket } from './kpi-window-queries.js';
import { KpiRollups } from './rollups/kpi-rollups.js';
import { boundDays, rollupAggregates, rollupWonByBucket } from './rollups/rollup-reads.js';

/** Trailing periods behind a suggested target (SPEC 6: "the median of the last 3 months"). */
export const SUGGESTION_PERIODS = 3;

export interface KpiRequest {
  period: Period;
  scope: KpiScope;
  periods: number;
  at: number;
  /** `ledger`: the full scan of the ledger (the reference the rollups are tested against). */
  source?: 'rollups' | 'ledger';
}

/** `org`, `team:<id>`, `rep:<id>` (validated by the DTO). */
export function parseScope(text: string | undefined): KpiScope {
  if (text === undefined || text === 'org') return { kind: 'org' };
  const [kind, id] = text.split(':') as [string, string];
  return kind === 'team'
    ? { kind: 'team', teamId: id.toLowerCase() }
    : { kind: 'rep', repId: id.toLowerCase() };
}

function scopeReps(scope: KpiScope, reps: KpiRepRow[]): KpiRepRow[] {
  if (scope.kind === 'org') return reps;
  if (scope.kind === 'team') return reps.filter((r) => r.team_id === scope.teamId);
  return reps.filter((r) => r.id === scope.repId);
}

/**
 * `GET /api/kpis` and the suggested targets: loads the window's aggregates, inputs and targets,
 * and hands them to the pure KPI computation of libs/scoring (`kpiEntries`, `targetSuggestion`).
 */
@Injectable()
export class KpisService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rollups: KpiRollups,
    private readonly reps: RepsRepository,
    private readonly scoring: ScoringService,
    private readonly inputs: KpiInputsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The instance containing `at` and the `count - 1` before it, oldest first. */
  private instances(period: Period, at: number, count: number): PeriodInstance[] {
    const out: PeriodInstance[] = [this.scoring.periodAt(period, at)];
    while (out.length < count)
      out.unshift(this.scoring.periodAt(period, (out[0] as PeriodInstance).from - 1));
    return out;
  }

  private currencyAt(at: number): string {
    return this.scoring.engine.timeline.at(at).document.currency;
  }

  /** The zone of the period calendar: the rollups' days are its local days. */
  private get zone(): string {
    return this.scoring.engine.calendar.tz.zone;
  }

  /**
   * Reads `read` from the rollups once they hold every row this request can see (a catch-up
   * first: an event whose POST was answered before is in); null when the bounds are not local
   * midnights of the rollups' zone. The reads run side by side on the pool: a catch-up that commits
   * between them only adds rows written after this request began.
   */
  private async fromRollups<T>(
    bounds: Date[],
    read: (db: EntityManager, days: string[]) => Promise<T>,
  ): Promise<T | null> {
    const zone = this.zone;
    await this.rollups.catchUp(zone);
    const db = this.dataSource.manager;
    const days = await boundDays(db, bounds, zone);
    return days === null ? null : read(db, days);
  }

  async kpis(request: KpiRequest): Promise<KpiResponse> {
    const { period, scope, periods, at } = request;
    const db = this.dataSource.manager;
    const reps = await this.reps.kpiRows(db);
    const inScope = scopeReps(scope, reps);
    if (scope.kind === 'team') {
      if (!(await this.reps.teamExists(scope.teamId, db)))
        throw new DomainError('NOT_FOUND', `Team ${scope.teamId} not found`);
    }
    if (scope.kind === 'rep' && inScope.length === 0) {
      throw new DomainError('NOT_FOUND', `Rep ${scope.repId} not found`);
    }

    // One extra period in front: the baseline of the first period's sales growth.
    const instances = this.instances(period, at, periods + 1);
    const bounds = [
      ...instances.map((i) => new Date(i.from)),
      new Date((instances.at(-1) as PeriodInstance).to),
    ];
    const currency = this.currencyAt(at);

    const fullScan = (): Promise<KpiWindowAggregates> => fullScanAggregates(db, bounds, currency);
    const [aggregates, inputs, targets] = await Promise.all([
      request.source === 'ledger'
        ? fullScan()
        : this.fromRollups(bounds, (m, days) => rollupAggregates(m, days, currency)).then(
            (a) => a ?? fullScan(),
          ),
      this.inputs.monthlyInputs(instances),
      this.inputs.targetsOf(
        period,
        instances.map((i) => i.periodKey),
      ),
    ]);
    const window: KpiWindow<KpiRepRow> = {
      instances,
      currency,
      reps,
      aggregates,
      inputs,
      targets,
      points: (instance, repId, ids) => this.pointsOf(period, instance, repId, ids),
    };
    return {
      scope,
      period,
      periods: instances.slice(1).map((i) => ({
        periodKey: i.periodKey,
        from: new Date(i.from).toISOString(),
        to: new Date(i.to).toISOString(),
      })),
      currency,
      asOf: new Date(at).toISOString(),
      kpis: kpiEntries(window, inScope, scope.kind),
    };
  }

  /** Points from the engine's running totals; a rep's rank among all reps of the board. */
  private pointsOf(
    period: Period,
    instance: PeriodInstance,
    repId: string | null,
    ids: readonly KpiRepRow[],
  ): KpiPoints {
    const rows = this.scoring.board(period, instance.from);
    if (repId !== null) {
      const row = rows.find((r) => r.repId === repId);
      return row ? { milliPoints: row.milliPoints, rank: row.rank } : null;
    }
    const wanted = new Set(ids.map((r) => r.id));
    let milliPoints = 0;
    for (const row of rows) if (wanted.has(row.repId)) milliPoints += row.milliPoints;
    return { milliPoints, rank: null };
  }

  /**
   * Per active rep: the target set for the period containing `at` and a suggestion from the rep's
   * own trailing history (median won amount of the last 3 complete periods, plus
   * KPI_TARGET_STRETCH_PCT). Periods that ended before the rep's first event are not history.
   */
  async suggestedTargets(period: Period, at: number): Promise<SuggestedTargetsResponse> {
    const instances = this.instances(period, at, SUGGESTION_PERIODS + 1);
    const trailing = instances.slice(0, -1);
    const current = instances.at(-1) as PeriodInstance;
    const currency = this.currencyAt(at);
    const db = this.dataSource.manager;
    const bounds = [...trailing.map((i) => new Date(i.from)), new Date(current.from)];
    const [reps, won, targets] = await Promise.all([
      this.reps.activeWithFirstEvent(db),
      this.fromRollups(bounds, (m, days) => rollupWonByBucket(m, days, currency)).then(
        (w) => w ?? wonByBucket(db, bounds, currency),
      ),
      this.inputs.targetsOf(period, [current.periodKey]),
    ]);
    const wonOf = wonByRepAndBucket(won);
    const stretchPct = this.config.kpiTargetStretchPct;
    return {
      period,
      periodKey: current.periodKey,
      stretchPct,
      rows: reps.map((rep) => ({
        repId: rep.id,
        name: rep.name,
        teamId: rep.team_id,
        target: targets.get(repTargetKey(rep.id, current.periodKey)) ?? null,
        ...targetSuggestion(
          trailing,
          (b) => wonOf.get(`${rep.id}:${b}`),
          rep.first_at === null ? null : new Date(rep.first_at).getTime(),
          stretchPct,
          currency,
        ),
      })),
    };
  }
}
