/**
 * From a window of ledger aggregates (per bucket and rep, read by the API) to the KPI entries of
 * one scope: the rep's region on won deals that name none, the customer stock at each bucket's
 * start, the facts of a scope (a sum over its reps) and the org median of a rep's KPIs.
 */
import type { KpiEntry, KpiOutcome, Money } from '@leaderboard/contracts';
import { KPI_IDS } from '@leaderboard/contracts';
import type { PeriodInstance } from './engine-api.js';
import {
  KPI_BENCHMARKS,
  computeKpis,
  medianOutcome,
  type KpiCatalog,
  type KpiPeriodFacts,
  type KpiScopeKind,
} from './kpi-catalog.js';
import {
  addCounters,
  addPipeline,
  addStock,
  advanceStock,
  emptyCounters,
  emptyStock,
  type GroupTotals,
  type KpiCounters,
  type KpiPipeline,
  type KpiStock,
  type MoneyByCurrency,
} from './kpi-facts.js';

const DAY_MS = 86_400_000;

/**
 * The `byRegion` key of won deals that name no region: they count in the rep's region, which a
 * manager can change, so it is resolved when the figures are read (`withRepRegion`) and cached
 * counters stay true. PostgreSQL text cannot hold NUL, so no region sent can equal it.
 */
export const REP_REGION = '\u0000rep';

/** `c` with the deals of REP_REGION counted in `region` (else `unknown`); `c` is not changed. */
export function withRepRegion(c: KpiCounters, region: string | null): KpiCounters {
  const own = c.byRegion[REP_REGION];
  if (own === undefined) return c;
  const byRegion: Record<string, GroupTotals> = {};
  for (const [key, g] of Object.entries(c.byRegion)) {
    if (key !== REP_REGION) byRegion[key] = { count: g.count, amount: { ...g.amount } };
  }
  const into = (byRegion[region ?? 'unknown'] ??= { count: 0, amount: {} });
  into.count += own.count;
  for (const [cur, v] of Object.entries(own.amount)) into.amount[cur] = (into.amount[cur] ?? 0) + v;
  return { ...c, byRegion };
}

/** A rep as the KPIs of a scope see it. */
export interface KpiRep {
  id: string;
  active: boolean;
  region: string | null;
}

/** The ledger aggregates of a window of buckets (bucket i is the window's i-th instance). */
export interface KpiWindowAggregates {
  /** Per bucket index and rep; won deals without a region under REP_REGION. */
  counters: ReadonlyMap<number, ReadonlyMap<string, KpiCounters>>;
  /** Per rep: the customer base before the window. */
  stock0: ReadonlyMap<string, KpiStock>;
  /** Per bucket index and rep: open opportunities at the bucket's end. */
  pipelines: ReadonlyMap<number, ReadonlyMap<string, KpiPipeline>>;
}

export type KpiPoints = KpiPeriodFacts['points'];

/** Everything a KPI response is computed from, besides the scope. */
export interface KpiWindow<R extends KpiRep = KpiRep> {
  /** Oldest first; the first one is only the baseline of the second one's sales growth. */
  instances: readonly PeriodInstance[];
  /** The org currency. */
  currency: string;
  /** Every rep (the population of a rep's org median). */
  reps: readonly R[];
  aggregates: KpiWindowAggregates;
  /** Spend and direct costs under `kpiInputKey(kind, periodKey)`. */
  inputs: ReadonlyMap<string, Money>;
  /** Targets under `repTargetKey(repId, periodKey)`. */
  targets: ReadonlyMap<string, Money>;
  /** Points of an instance: one rep's row (`repId`), or the sum over `reps` (`repId` null). */
  points: (instance: PeriodInstance, repId: string | null, reps: readonly R[]) => KpiPoints;
}

export const kpiInputKey = (kind: string, periodKey: string): string => `${kind}:${periodKey}`;
export const repTargetKey = (repId: string, periodKey: string): string => `${repId}:${periodKey}`;

/** Per rep and bucket: the customer stock at the bucket's start (the stock before, advanced). */
export function stocksByBucket<R extends KpiRep>(window: KpiWindow<R>): Map<string, KpiStock[]> {
  const { counters, stock0 } = window.aggregates;
  const stockAt = new Map<string, KpiStock[]>();
  for (const rep of window.reps) {
    const list: KpiStock[] = [stock0.get(rep.id) ?? emptyStock()];
    for (let b = 0; b < window.instances.length - 1; b++) {
      list.push(advanceStock(list[b] as KpiStock, counters.get(b)?.get(rep.id) ?? emptyCounters()));
    }
    stockAt.set(rep.id, list);
  }
  return stockAt;
}

/**
 * The facts of bucket `b` for the reps `ids` (a scope sums its reps): counters with each rep's
 * region resolved, stock, pipeline, the bucket before's won amount, targets, inputs, points.
 */
export function scopeFacts<R extends KpiRep>(
  window: KpiWindow<R>,
  stockAt: ReadonlyMap<string, readonly KpiStock[]>,
  ids: readonly R[],
  b: number,
  kind: KpiScopeKind,
): KpiPeriodFacts {
  const { counters, pipelines } = window.aggregates;
  const instance = window.instances[b] as PeriodInstance;
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
    const t = window.targets.get(repTargetKey(rep.id, instance.periodKey));
    if (t) {
      anyTarget = true;
      targetSum[t.currency] = (targetSum[t.currency] ?? 0) + t.amount;
    }
  }
  return {
    scope: kind,
    currency: window.currency,
    counters: c,
    start,
    pipeline,
    previousWon,
    reps: ids.filter((r) => r.active).length || ids.length,
    days: Math.round((instance.to - instance.from) / DAY_MS),
    spend: window.inputs.get(kpiInputKey('spend', instance.periodKey)) ?? null,
    directCosts: window.inputs.get(kpiInputKey('direct_costs', instance.periodKey)) ?? null,
    target: anyTarget ? targetSum : null,
    points: window.points(instance, kind === 'rep' ? (ids[0] as R).id : null, ids),
  };
}

/**
 * The KPI entries of the scope `inScope` over the window's instances after the first: the last
 * one's value, the trend, the benchmark and, for a rep, the median over the active reps and the
 * reps with events in the last bucket.
 */
export function kpiEntries<R extends KpiRep>(
  window: KpiWindow<R>,
  inScope: readonly R[],
  kind: KpiScopeKind,
): KpiEntry[] {
  const stockAt = stocksByBucket(window);
  const catalogs: KpiCatalog[] = [];
  for (let b = 1; b < window.instances.length; b++)
    catalogs.push(computeKpis(scopeFacts(window, stockAt, inScope, b, kind)));
  const current = catalogs.at(-1) as KpiCatalog;

  let medians: KpiCatalog | null = null;
  if (kind === 'rep') {
    const last = window.instances.length - 1;
    const population = window.reps.filter((r) => r.active || window.aggregates.counters.get(last)?.has(r.id));
    const perRep = population.map((r) => computeKpis(scopeFacts(window, stockAt, [r], last, 'rep')));
    medians = Object.fromEntries(
      KPI_IDS.map((id) => [id, medianOutcome(perRep.map((k) => k[id]))]),
    ) as KpiCatalog;
  }

  return KPI_IDS.map((id) => ({
    id,
    current: current[id],
    trend: catalogs.map((k) => k[id]),
    benchmark: KPI_BENCHMARKS[id] ?? null,
    ...(medians !== null && { orgMedian: medians[id] as KpiOutcome }),
  }));
}
