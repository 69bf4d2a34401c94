import { Inject, Injectable } from '@nestjs/common';
import type {
  KpiEntry,
  KpiInputKind,
  KpiInputView,
  KpiOutcome,
  KpiResponse,
  KpiScope,
  Money,
  Period,
  RepTargetView,
  SuggestedTargetsResponse,
} from '@leaderboard/contracts';
import { KPI_IDS } from '@leaderboard/contracts';
import {
  KPI_BENCHMARKS,
  addCounters,
  addPipeline,
  addStock,
  advanceStock,
  computeKpis,
  emptyCounters,
  emptyStock,
  medianOutcome,
  suggestTarget,
  type KpiCatalog,
  type KpiPeriodFacts,
  type KpiPipeline,
  type KpiStock,
  type MoneyByCurrency,
  type PeriodInstance,
} from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { KpiAggregates } from './kpi-aggregates.js';
import { withRepRegion, wonByBucket } from './kpi-queries.js';

const DAY_MS = 86_400_000;
/** Trailing periods behind a suggested target (SPEC 6: "the median of the last 3 months"). */
export const SUGGESTION_PERIODS = 3;

interface RepRow {
  id: string;
  name: string;
  team_id: string | null;
  active: boolean;
  region: string | null;
}

export interface KpiRequest {
  period: Period;
  scope: KpiScope;
  periods: number;
  at: number;
}

/** `org`, `team:<id>`, `rep:<id>` (validated by the DTO). */
export function parseScope(text: string | undefined): KpiScope {
  if (text === undefined || text === 'org') return { kind: 'org' };
  const [kind, id] = text.split(':') as [string, string];
  return kind === 'team'
    ? { kind: 'team', teamId: id.toLowerCase() }
    : { kind: 'rep', repId: id.toLowerCase() };
}

const inputId = (kind: string, month: string): string => `${kind}:${month}`;

@Injectable()
export class KpisService {
  /** Aggregates of past buckets, reused while no new row touches them (kpi-aggregates.ts). */
  readonly aggregates = new KpiAggregates();

  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringService,
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

  async kpis(request: KpiRequest): Promise<KpiResponse> {
    const { period, scope, periods, at } = request;
    const db = this.dataSource.manager;
    const reps = await db.query<RepRow[]>('SELECT id, name, team_id, active, region FROM reps ORDER BY id');
    const inScope = this.scopeReps(scope, reps);
    if (scope.kind === 'team') {
      const teams = await db.query<unknown[]>('SELECT 1 FROM teams WHERE id = $1', [scope.teamId]);
      if (teams.length === 0) throw new DomainError('NOT_FOUND', `Team ${scope.teamId} not found`);
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

    const [{ counters, stock0, pipelines }, inputs, targets] = await Promise.all([
      this.aggregates.load(db, bounds, currency, Date.now()),
      this.monthlyInputs(instances),
      this.targetsOf(
        period,
        instances.map((i) => i.periodKey),
      ),
    ]);

    // Per rep and bucket: the customer stock at the bucket's start.
    const stockAt = new Map<string, KpiStock[]>();
    for (const rep of reps) {
      const list: KpiStock[] = [stock0.get(rep.id) ?? emptyStock()];
      for (let b = 0; b < instances.length - 1; b++) {
        list.push(advanceStock(list[b] as KpiStock, counters.get(b)?.get(rep.id) ?? emptyCounters()));
      }
      stockAt.set(rep.id, list);
    }

    const factsFor = (ids: readonly RepRow[], b: number, kind: KpiScope['kind']): KpiPeriodFacts => {
      const instance = instances[b] as PeriodInstance;
      const c = emptyCounters();
      const start = emptyStock();
      const pipeline: KpiPipeline = { count: 0, amount: {} };
      const previousWon: MoneyByCurrency | null = b === 0 ? null : {};
      const targetSum: MoneyByCurrency = {};
      let anyTarget = false;
      for (const rep of ids) {
        const own = counters.get(b)?.get(rep.id);
        if (own) addCounters(c, withRepRegion(own, rep.region));
        addStock(start, stockAt.get(rep.id)?.[b] ?? emptyStock());
        const p = pipelines.get(b)?.get(rep.id);
        if (p) addPipeline(pipeline, p);
        if (previousWon !== null) {
          for (const [cur, v] of Object.entries(counters.get(b - 1)?.get(rep.id)?.wonAmount ?? {})) {
            previousWon[cur] = (previousWon[cur] ?? 0) + v;
          }
        }
        const t = targets.get(`${rep.id}:${instance.periodKey}`);
        if (t) {
          anyTarget = true;
          targetSum[t.currency] = (targetSum[t.currency] ?? 0) + t.amount;
        }
      }
      return {
        scope: kind,
        currency,
        counters: c,
        start,
        pipeline,
        previousWon,
        reps: ids.filter((r) => r.active).length || ids.length,
        days: Math.round((instance.to - instance.from) / DAY_MS),
        spend: inputs.get(inputId('spend', instance.periodKey)) ?? null,
        directCosts: inputs.get(inputId('direct_costs', instance.periodKey)) ?? null,
        target: anyTarget ? targetSum : null,
        points: this.pointsOf(period, instance, kind === 'rep' ? (ids[0] as RepRow).id : null, ids),
      };
    };

    const catalogs: KpiCatalog[] = [];
    for (let b = 1; b < instances.length; b++) catalogs.push(computeKpis(factsFor(inScope, b, scope.kind)));
    const current = catalogs.at(-1) as KpiCatalog;

    let medians: KpiCatalog | null = null;
    if (scope.kind === 'rep') {
      const last = instances.length - 1;
      const population = reps.filter((r) => r.active || counters.get(last)?.has(r.id));
      const perRep = population.map((r) => computeKpis(factsFor([r], last, 'rep')));
      medians = Object.fromEntries(
        KPI_IDS.map((id) => [id, medianOutcome(perRep.map((k) => k[id]))]),
      ) as KpiCatalog;
    }

    const kpis: KpiEntry[] = KPI_IDS.map((id) => ({
      id,
      current: current[id],
      trend: catalogs.map((k) => k[id]),
      benchmark: KPI_BENCHMARKS[id] ?? null,
      ...(medians !== null && { orgMedian: medians[id] as KpiOutcome }),
    }));
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
      kpis,
    };
  }

  private scopeReps(scope: KpiScope, reps: RepRow[]): RepRow[] {
    if (scope.kind === 'org') return reps;
    if (scope.kind === 'team') return reps.filter((r) => r.team_id === scope.teamId);
    return reps.filter((r) => r.id === scope.repId);
  }

  /** Points from the engine's running totals; a rep's rank among all reps of the board. */
  private pointsOf(
    period: Period,
    instance: PeriodInstance,
    repId: string | null,
    ids: readonly RepRow[],
  ): { milliPoints: number; rank: number | null } | null {
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

  /** Spend and direct costs of the months of the instances (a quarter sums its three months). */
  private async monthlyInputs(instances: PeriodInstance[]): Promise<Map<string, Money>> {
    const rows = await this.dataSource.query<
      Array<{ kind: string; month: string; amount: string; currency: string }>
    >('SELECT kind, month, amount, currency FROM kpi_inputs');
    const byMonth = new Map(
      rows.map((r) => [inputId(r.kind, r.month), { amount: Number(r.amount), currency: r.currency }]),
    );
    const out = new Map<string, Money>();
    for (const instance of instances) {
      const months = this.monthsOf(instance);
      if (months === null) continue;
      for (const kind of ['spend', 'direct_costs'] as const) {
        const parts = months.map((m) => byMonth.get(inputId(kind, m)));
        if (parts.some((p) => p === undefined)) continue;
        const currencies = new Set(parts.map((p) => (p as Money).currency));
        if (currencies.size !== 1) continue;
        out.set(inputId(kind, instance.periodKey), {
          amount: parts.reduce((sum, p) => sum + (p as Money).amount, 0),
          currency: (parts[0] as Money).currency,
        });
      }
    }
    return out;
  }

  /** The months a monthly input covers for an instance: a month, a quarter's three; else none. */
  private monthsOf(instance: PeriodInstance): string[] | null {
    if (instance.period === 'month') return [instance.periodKey];
    if (instance.period !== 'quarter') return null;
    const [year, q] = instance.periodKey.split('-Q') as [string, string];
    const first = (Number(q) - 1) * 3 + 1;
    return [0, 1, 2].map((i) => `${year}-${String(first + i).padStart(2, '0')}`);
  }

  private async targetsOf(period: Period, keys: string[]): Promise<Map<string, Money>> {
    const rows = await this.dataSource.query<
      Array<{ rep_id: string; period_key: string; amount: string; currency: string }>
    >(
      'SELECT rep_id, period_key, amount, currency FROM rep_targets WHERE period = $1 AND period_key = ANY($2)',
      [period, keys],
    );
    return new Map(
      rows.map((r) => [`${r.rep_id}:${r.period_key}`, { amount: Number(r.amount), currency: r.currency }]),
    );
  }

  // ---- manager inputs ----------------------------------------------------------------------

  async listInputs(): Promise<KpiInputView[]> {
    const rows = await this.dataSource.query<
      Array<{ kind: KpiInputKind; month: string; amount: string; currency: string; updated_at: Date }>
    >('SELECT kind, month, amount, currency, updated_at FROM kpi_inputs ORDER BY month DESC, kind');
    return rows.map((r) => ({
      id: inputId(r.kind, r.month),
      kind: r.kind,
      month: r.month,
      amount: Number(r.amount),
      currency: r.currency,
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  /** One statement: insert or replace the figure of (kind, month). */
  async setInput(
    input: { kind: KpiInputKind; month: string; amount: number; currency: string },
    by: string,
  ): Promise<KpiInputView> {
    const rows = await this.dataSource.query<Array<{ updated_at: Date }>>(
      `INSERT INTO kpi_inputs (kind, month, amount, currency, updated_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, month) DO UPDATE SET amount = EXCLUDED.amount, currency = EXCLUDED.currency,
         updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING updated_at`,
      [input.kind, input.month, input.amount, input.currency, by],
    );
    return {
      id: inputId(input.kind, input.month),
      kind: input.kind,
      month: input.month,
      amount: input.amount,
      currency: input.currency,
      updatedAt: new Date((rows[0] as { updated_at: Date }).updated_at).toISOString(),
    };
  }

  async setTarget(
    input: { repId: string; period: Period; periodKey: string; amount: number; currency: string },
    by: string,
  ): Promise<RepTargetView> {
    const expected =
      input.period === 'month'
        ? /^\d{4}-\d{2}$/
        : input.period === 'quarter'
          ? /^\d{4}-Q[1-4]$/
          : /^\d{4}-\d{2}-\d{2}$/;
    if (!expected.test(input.periodKey)) {
      throw new DomainError('VALIDATION_FAILED', 'The request is not valid', [
        { path: 'periodKey', message: `periodKey does not name a ${input.period}` },
      ]);
    }
    const reps = await this.dataSource.query<unknown[]>('SELECT 1 FROM reps WHERE id = $1', [input.repId]);
    if (reps.length === 0) throw new DomainError('NOT_FOUND', `Rep ${input.repId} not found`);
    const rows = await this.dataSource.query<Array<{ updated_at: Date }>>(
      `INSERT INTO rep_targets (rep_id, period, period_key, amount, currency, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (rep_id, period, period_key) DO UPDATE SET amount = EXCLUDED.amount,
         currency = EXCLUDED.currency, updated_by = EXCLUDED.updated_by, updated_at = now()
       RETURNING updated_at`,
      [input.repId, input.period, input.periodKey, input.amount, input.currency, by],
    );
    return {
      id: `${input.repId}:${input.period}:${input.periodKey}`,
      ...input,
      updatedAt: new Date((rows[0] as { updated_at: Date }).updated_at).toISOString(),
    };
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
      db.query<Array<RepRow & { first_at: Date | null }>>(
        `SELECT r.id, r.name, r.team_id, r.active, r.region,
                (SELECT min(e.occurred_at) FROM events e WHERE e.rep_id = r.id) AS first_at
         FROM reps r WHERE r.active ORDER BY r.name, r.id`,
      ),
      wonByBucket(db, bounds, currency),
      this.targetsOf(period, [current.periodKey]),
    ]);
    const wonOf = new Map<string, MoneyByCurrency>();
    for (const w of won) {
      const key = `${w.repId}:${w.b}`;
      const m = wonOf.get(key) ?? {};
      m[w.currency] = (m[w.currency] ?? 0) + w.amount;
      wonOf.set(key, m);
    }
    const stretchPct = this.config.kpiTargetStretchPct;
    return {
      period,
      periodKey: current.periodKey,
      stretchPct,
      rows: reps.map((rep) => {
        const first = rep.first_at === null ? null : new Date(rep.first_at).getTime();
        const history = trailing.map((instance, b) => ({ instance, won: wonOf.get(`${rep.id}:${b}`) ?? {} }));
        const counted = history.filter((h) => first !== null && h.instance.to > first);
        return {
          repId: rep.id,
          name: rep.name,
          teamId: rep.team_id,
          target: targets.get(`${rep.id}:${current.periodKey}`) ?? null,
          suggested: suggestTarget(
            counted.map((h) => h.won),
            stretchPct,
            currency,
          ),
          history: history.map((h) => {
            const currencies = Object.keys(h.won);
            return {
              periodKey: h.instance.periodKey,
              won:
                currencies.length > 1
                  ? null
                  : currencies.length === 0
                    ? { amount: 0, currency }
                    : { amount: h.won[currencies[0] as string] as number, currency: currencies[0] as string },
            };
          }),
        };
      }),
    };
  }
}
