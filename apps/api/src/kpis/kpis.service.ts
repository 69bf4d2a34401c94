import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type {
  KpiEntry,
  KpiResponse,
  KpiScope,
  Period,
  SuggestedTargetsResponse,
} from '@leaderboard/contracts';
import {
  kpiEntries,
  repTargetKey,
  targetSuggestion,
  wonByRepAndBucket,
  type KpiPoints,
  type KpiWindow,
  type KpiWindowAggregates,
  type PeriodInstance,
  type RankedRow,
} from '@leaderboard/scoring';
import { DataSource, type EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RepsRepository, type KpiRepRow } from '../repositories/reps.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { fullScanAggregates } from './kpi-full-scan.js';
import { KpiAnswerCache } from './kpi-answer-cache.js';
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

/** Answers (and window aggregates) kept per rollup version: scopes x periods x `periods` in use. */
export const KPI_CACHE_ENTRIES = 64;

/** Where a KPI answer's time went, in ms (the `Server-Timing` header of `GET /api/kpis`). */
export interface KpiTiming {
  /** The catch-up of the rollups, the reps and the period bounds' days (run side by side). */
  catchUp: number;
  /** The window's aggregates, inputs and targets. */
  reads: number;
  /** The KPI computation of libs/scoring (0 when the answer was kept). */
  compute: number;
  /** `answer`: the whole answer was kept; `aggregates`: the rollup sums were; else none. */
  cached: 'answer' | 'aggregates' | 'none';
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

/** Points from the engine's running totals (`rows`: one instance's board); a rep's rank among all reps. */
function pointsOf(rows: readonly RankedRow[], repId: string | null, ids: readonly KpiRepRow[]): KpiPoints {
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
 * `GET /api/kpis` and the suggested targets: loads the window's aggregates, inputs and targets,
 * and hands them to the pure KPI computation of libs/scoring (`kpiEntries`, `targetSuggestion`).
 */
@Injectable()
export class KpisService {
  private readonly aggregatesCache = new KpiAnswerCache<Promise<KpiWindowAggregates>>(KPI_CACHE_ENTRIES);
  private readonly answers = new KpiAnswerCache<KpiEntry[]>(KPI_CACHE_ENTRIES);

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
    const source = await this.rollupSource(bounds);
    return source === null ? null : read(this.dataSource.manager, source.days);
  }

  async kpis(request: KpiRequest): Promise<KpiResponse> {
    return (await this.timedKpis(request)).response;
  }

  /**
   * The answer and where its time went. From the rollups, the window's sums are kept under the
   * rollups' version, and so is the computed answer under everything else it depends on (reps,
   * inputs, targets, points): a request that finds no new row since gets it without reading or
   * computing again.
   */
  async timedKpis(request: KpiRequest): Promise<{ response: KpiResponse; timing: KpiTiming }> {
    const started = performance.now();
    const { period, scope, periods, at } = request;
    const db = this.dataSource.manager;
    // One extra period in front: the baseline of the first period's sales growth.
    const instances = this.instances(period, at, periods + 1);
    const bounds = [
      ...instances.map((i) => new Date(i.from)),
      new Date((instances.at(-1) as PeriodInstance).to),
    ];
    const currency = this.currencyAt(at);
    const [reps, teamFound, source] = await Promise.all([
      this.reps.kpiRows(db),
      scope.kind === 'team' ? this.reps.teamExists(scope.teamId, db) : Promise.resolve(true),
      request.source === 'ledger' ? Promise.resolve(null) : this.rollupSource(bounds),
    ]);
    const inScope = scopeReps(scope, reps);
    if (!teamFound)
      throw new DomainError('NOT_FOUND', `Team ${(scope as { teamId: string }).teamId} not found`);
    if (scope.kind === 'rep' && inScope.length === 0) {
      throw new DomainError('NOT_FOUND', `Rep ${scope.repId} not found`);
    }
    const caughtUp = performance.now();

    let cached: KpiTiming['cached'] = 'none';
    const aggregatesOf = (): Promise<KpiWindowAggregates> => {
      if (source === null) return fullScanAggregates(db, bounds, currency);
      const key = `${source.days.join(',')}|${currency}`;
      const kept = this.aggregatesCache.get(source.version, key);
      if (kept) {
        cached = 'aggregates';
        return kept;
      }
      const read = rollupAggregates(db, source.days, currency);
      this.aggregatesCache.set(source.version, key, read);
      read.catch(() => this.aggregatesCache.drop(source.version, key, read));
      return read;
    };
    const [aggregates, inputs, targets] = await Promise.all([
      aggregatesOf(),
      this.inputs.monthlyInputs(instances),
      this.inputs.targetsOf(
        period,
        instances.map((i) => i.periodKey),
      ),
    ]);
    const read = performance.now();

    const boards = new Map<number, RankedRow[]>();
    const boardOf = (instance: PeriodInstance): RankedRow[] => {
      let rows = boards.get(instance.from);
      if (!rows) boards.set(instance.from, (rows = this.scoring.board(period, instance.from)));
      return rows;
    };
    const window: KpiWindow<KpiRepRow> = {
      instances,
      currency,
      reps,
      aggregates,
      inputs,
      targets,
      points: (instance, repId, ids) => pointsOf(boardOf(instance), repId, ids),
    };
    let kpis: KpiEntry[] | undefined;
    let answerKey: string | null = null;
    if (source !== null) {
      // Everything the answer depends on besides the rollups (whose version is the cache's).
      answerKey = createHash('sha256')
        .update(
          JSON.stringify([
            period,
            scope,
            instances.map((i) => [i.from, i.to, i.periodKey]),
            currency,
            reps,
            [...inputs],
            [...targets],
            instances.map((i) => boardOf(i).map((r) => [r.repId, r.milliPoints, r.rank])),
          ]),
        )
        .digest('base64');
      kpis = this.answers.get(source.version, answerKey);
      if (kpis) cached = 'answer';
    }
    const computeStarted = performance.now();
    if (!kpis) {
      kpis = kpiEntries(window, inScope, scope.kind);
      if (source !== null && answerKey !== null) this.answers.set(source.version, answerKey, kpis);
    }
    const done = performance.now();
    const response: KpiResponse = {
      scope,
      period,
      periods: instances.slice(1).map((i) => ({
        periodKey: i.periodKey,
        from: new Date(i.from).toISOString(),
        to: new Date(i.to).toISOString(),
      })),
      currency,
      asOf: new Date(at).toISOString(),
      kpis,
    };
    const timing: KpiTiming = {
      catchUp: caughtUp - started,
      reads: read - caughtUp,
      compute: cached === 'answer' ? 0 : done - computeStarted,
      cached,
    };
    return { response, timing };
  }

  /**
   * The rollups' version and the local days of `bounds` once the rollups hold every row this
   * request can see (a catch-up first unless they already do: an event whose POST was answered
   * before is in); null when
   * the bounds are not local midnights of the rollups' zone (then the full scan answers).
   */
  private async rollupSource(bounds: Date[]): Promise<{ version: string; days: string[] } | null> {
    const zone = this.zone;
    const version = (await this.rollups.settledVersion(zone)) ?? (await this.rollups.catchUp(zone)).version;
    const days = await boundDays(this.dataSource.manager, bounds, zone);
    return days === null ? null : { version, days };
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
