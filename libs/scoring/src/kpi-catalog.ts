/**
 * The KPI formulas of SPEC 5 over aggregated facts (`kpi-facts.ts`). Pure and integer-only:
 * percentages in basis points, money in minor units, durations in seconds, rates in thousandths,
 * each division rounded half to even. No value is NaN or Infinity: a KPI that cannot be computed
 * is `{ value: null, reason }`.
 */
import type {
  KpiBenchmark,
  KpiBreakdownItem,
  KpiId,
  KpiNullReason,
  KpiOutcome,
  KpiValue,
  Money,
} from '@leaderboard/contracts';
import { kpiScalar } from '@leaderboard/contracts';
import { divHalfEven, mulDivHalfEven } from './milli.js';
import {
  FAST_RESPONSE_SECONDS,
  addMoney,
  advanceStock,
  type GroupTotals,
  type KpiCounters,
  type KpiPipeline,
  type KpiStock,
  type MoneyByCurrency,
} from './kpi-facts.js';

export type KpiScopeKind = 'org' | 'team' | 'rep';

/** Everything the formulas of one scope and one period need. */
export interface KpiPeriodFacts {
  scope: KpiScopeKind;
  /** The org currency: a sum of nothing is zero in it. */
  currency: string;
  /** Events with `occurredAt` in the period. */
  counters: KpiCounters;
  /** The customer base at the period start. */
  start: KpiStock;
  /** Open opportunities at the period end (or now, for the current period). */
  pipeline: KpiPipeline;
  /** Won amount of the period before; null when it is not known. */
  previousWon: MoneyByCurrency | null;
  /** Reps in the scope and local days in the period (calls and e-mails per rep per day). */
  reps: number;
  days: number;
  /** Manager inputs; null when not entered (or not applicable to the scope / period). */
  spend: Money | null;
  directCosts: Money | null;
  /** The target of the scope (a team: its reps' targets, per currency). */
  target: MoneyByCurrency | null;
  /** Points of the period (SPEC 4) and the rank, for the rep leaderboard row. */
  points: { milliPoints: number; rank: number | null } | null;
}

export type KpiCatalog = Record<KpiId, KpiOutcome>;

const none = (reason: KpiNullReason): KpiOutcome => ({ value: null, reason });
const some = (value: KpiValue): KpiOutcome => ({ value, reason: null });
const count = (n: number): KpiOutcome => some({ kind: 'count', count: n });

/** `num / den` as basis points (x 10,000), or null with ZERO_DENOMINATOR. */
export function ratioBp(num: number, den: number): KpiOutcome {
  if (den === 0) return none('ZERO_DENOMINATOR');
  return some({ kind: 'percent', bp: mulDivHalfEven(num, 10_000, den) });
}

/**
 * The one currency of some money maps, with their amounts in it; `MIXED` when they span more
 * than one; `{ currency: fallback }` with zeros when they hold none.
 */
export function oneCurrency(
  fallback: string,
  ...sums: MoneyByCurrency[]
): { currency: string; amounts: number[] } | 'MIXED' {
  const currencies = new Set<string>();
  for (const s of sums) for (const c of Object.keys(s)) currencies.add(c);
  if (currencies.size > 1) return 'MIXED';
  const currency = currencies.size === 1 ? ([...currencies][0] as string) : fallback;
  return { currency, amounts: sums.map((s) => s[currency] ?? 0) };
}

const moneyOf = (fallback: string, sum: MoneyByCurrency): KpiOutcome => {
  const one = oneCurrency(fallback, sum);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  return some({ kind: 'money', amount: one.amounts[0] as number, currency: one.currency });
};

const asMap = (m: Money): MoneyByCurrency => ({ [m.currency]: m.amount });

/**
 * The values sorted, kept per array while its length is the same (the median and the p90 of one
 * scope's response times sort once; arrays are only ever appended to, by `addCounters`).
 */
const sortedOf = new WeakMap<readonly number[], Float64Array>();

/** The smallest value whose share of the sorted values is at least `p` (as SQL percentile_disc). */
export function percentileDisc(values: readonly number[], pPercent: number): number | null {
  if (values.length === 0) return null;
  let sorted = sortedOf.get(values);
  if (sorted === undefined || sorted.length !== values.length) {
    // A typed array sorts numerically without a comparator call per pair (a year of response
    // times of an org is 10^5 values).
    sorted = Float64Array.from(values).sort();
    sortedOf.set(values, sorted);
  }
  const rank = Math.max(1, Math.ceil((pPercent * sorted.length) / 100));
  return sorted[rank - 1] as number;
}

function breakdown(fallback: string, groups: Record<string, GroupTotals>): KpiOutcome {
  const items: KpiBreakdownItem[] = Object.keys(groups)
    .sort()
    .map((key) => {
      const g = groups[key] as GroupTotals;
      const money = moneyOf(fallback, g.amount);
      return { key, count: g.count, value: money.value, reason: money.reason } as KpiBreakdownItem;
    });
  return some({ kind: 'breakdown', items });
}

function stages(c: KpiCounters): KpiOutcome {
  const keys = new Set([...Object.keys(c.stageEntered), ...Object.keys(c.stageAdvanced)]);
  const items: KpiBreakdownItem[] = [...keys].sort().map((key) => {
    const entered = c.stageEntered[key] ?? 0;
    const share = ratioBp(c.stageAdvanced[key] ?? 0, entered);
    return { key, count: entered, value: share.value, reason: share.reason } as KpiBreakdownItem;
  });
  return some({ kind: 'breakdown', items });
}

/** Average money per unit: `sum / n`, rounded half to even. */
function perUnit(fallback: string, sum: MoneyByCurrency, n: number): KpiOutcome {
  const one = oneCurrency(fallback, sum);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  if (n === 0) return none('ZERO_DENOMINATOR');
  return some({ kind: 'money', amount: divHalfEven(one.amounts[0] as number, n), currency: one.currency });
}

function seconds(total: number, n: number): KpiOutcome {
  if (n === 0) return none('ZERO_DENOMINATOR');
  return some({ kind: 'duration', seconds: divHalfEven(total, n) });
}

function perRepPerDay(n: number, reps: number, days: number): KpiOutcome {
  if (reps * days === 0) return none('ZERO_DENOMINATOR');
  return some({ kind: 'rate', milli: mulDivHalfEven(n, 1000, reps * days) });
}

/** (now - before) / before x 100, in basis points. */
function growth(fallback: string, now: MoneyByCurrency, before: MoneyByCurrency | null): KpiOutcome {
  if (before === null) return none('NO_DATA');
  const one = oneCurrency(fallback, now, before);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  const [cur, prev] = one.amounts as [number, number];
  return ratioBp(cur - prev, prev);
}

function cac(f: KpiPeriodFacts): KpiOutcome {
  if (f.scope !== 'org') return none('NOT_APPLICABLE');
  if (f.spend === null) return none('MISSING_INPUT');
  return perUnit(f.currency, asMap(f.spend), f.counters.newCustomers);
}

/**
 * LTV = average revenue per customer (MRR at the end / customers at the end) x average lifetime
 * (1 / churn rate = customers at the start / churned), in one rounding.
 */
function ltv(f: KpiPeriodFacts): KpiOutcome {
  const end = advanceStock(f.start, f.counters);
  const one = oneCurrency(f.currency, end.mrr);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  if (end.customers <= 0 || f.start.customers <= 0 || f.counters.churned === 0) {
    return none('ZERO_DENOMINATOR');
  }
  const amount = mulDivHalfEven(
    one.amounts[0] as number,
    f.start.customers,
    end.customers * f.counters.churned,
  );
  return some({ kind: 'money', amount, currency: one.currency });
}

/** (revenue - direct costs) / revenue: margins sent with deals, plus the org's entered costs. */
function profitMargin(f: KpiPeriodFacts): KpiOutcome {
  const c = f.counters;
  const marginCosts = addMoney({ ...c.marginRevenue }, c.margin, -1);
  let revenue: MoneyByCurrency;
  let costs: MoneyByCurrency;
  if (f.directCosts !== null && f.scope === 'org') {
    revenue = addMoney({ ...c.marginRevenue }, c.revenueWithoutMargin);
    costs = addMoney(marginCosts, asMap(f.directCosts));
  } else {
    const withoutMargin = Object.values(c.revenueWithoutMargin).some((v) => v !== 0);
    const withMargin = Object.values(c.marginRevenue).some((v) => v !== 0);
    if (withoutMargin && !withMargin) return none('MISSING_INPUT');
    revenue = c.marginRevenue;
    costs = marginCosts;
  }
  const one = oneCurrency(f.currency, revenue, costs);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  const [r, k] = one.amounts as [number, number];
  if (r === 0) return none(c.dealsWon === 0 ? 'NO_DATA' : 'ZERO_DENOMINATOR');
  return ratioBp(r - k, r);
}

function quota(f: KpiPeriodFacts): KpiOutcome {
  if (f.target === null) return none('MISSING_INPUT');
  const one = oneCurrency(f.currency, f.counters.wonAmount, f.target);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  const [won, target] = one.amounts as [number, number];
  return ratioBp(won, target);
}

function mrrChurn(f: KpiPeriodFacts): KpiOutcome {
  const one = oneCurrency(f.currency, f.start.mrr, f.counters.churnedMrr);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  const [start, churned] = one.amounts as [number, number];
  return ratioBp(churned, start);
}

function expansionGrowth(f: KpiPeriodFacts): KpiOutcome {
  const one = oneCurrency(f.currency, f.start.expansionMrr, f.counters.expansionMrr);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  const [start, added] = one.amounts as [number, number];
  // (expansion MRR at the end - at the start) / at the start; the end is start + added.
  return ratioBp(added, start);
}

function speed(c: KpiCounters, p: number): KpiOutcome {
  const s = percentileDisc(c.responseSeconds, p);
  return s === null ? none('NO_DATA') : some({ kind: 'duration', seconds: s });
}

function leaderboard(f: KpiPeriodFacts): KpiOutcome {
  if (f.points === null) return none('NO_DATA');
  return some({
    kind: 'points',
    milliPoints: f.points.milliPoints,
    points: divHalfEven(f.points.milliPoints, 1000),
    rank: f.points.rank,
  });
}

/** Every KPI of SPEC 5 for one scope and one period. */
export function computeKpis(f: KpiPeriodFacts): KpiCatalog {
  const c = f.counters;
  const fast = c.responseSeconds.filter((s) => s <= FAST_RESPONSE_SECONDS).length;
  const end = advanceStock(f.start, c);
  return {
    salesGrowth: growth(f.currency, c.wonAmount, f.previousWon),
    calls: count(c.calls),
    callsPerRepPerDay: perRepPerDay(c.calls, f.reps, f.days),
    emails: count(c.emails),
    emailsPerRepPerDay: perRepPerDay(c.emails, f.reps, f.days),
    emailOpenRate: c.emailsOpenKnown === 0 ? none('NO_DATA') : ratioBp(c.emailsOpened, c.emailsOpenKnown),
    emailReplyRate: ratioBp(c.emailsReplied, c.emails),
    opportunitiesCreated: count(c.opportunities),
    demosBooked: count(c.demosBooked),
    leadConversion: ratioBp(c.conversions, c.leadsResponded),
    salesByChannel: breakdown(f.currency, c.byChannel),
    avgTimeToConversion: seconds(c.conversionSeconds, c.conversionsTimed),
    cac: cac(f),
    ltv: ltv(f),
    newMrr: moneyOf(f.currency, c.newMrr),
    expansionMrrGrowth: expansionGrowth(f),
    pipelineValue: moneyOf(f.currency, f.pipeline.amount),
    quotaAttainment: quota(f),
    salesByRegion: breakdown(f.currency, c.byRegion),
    avgPurchaseValue: perUnit(f.currency, c.wonAmount, c.dealsWon),
    avgProfitMargin: profitMargin(f),
    churnRate: ratioBp(c.churned, Math.max(0, f.start.customers)),
    mrrChurnRate: mrrChurn(f),
    revenueByProduct: breakdown(f.currency, c.byProduct),
    leaderboard: leaderboard(f),
    avgSalesCycle: seconds(c.cycleSeconds, c.cyclesTimed),
    dealsInPipeline: count(f.pipeline.count),
    mqlToSql: ratioBp(c.mqlsToSql, c.mqls),
    customerRetention: ratioBp(end.customers - c.newCustomers, Math.max(0, f.start.customers)),
    speedToLeadMedian: speed(c, 50),
    speedToLeadP90: speed(c, 90),
    speedToLeadWithin15: ratioBp(fast, c.responseSeconds.length),
    stageConversion: stages(c),
    scriptEffectiveness: ratioBp(c.scriptDeals, c.callDeals),
    repeatSales: ratioBp(c.repeatDeals, c.dealsWon),
  };
}

/** SPEC 5 reference figures, returned beside the KPI they apply to. */
export const KPI_BENCHMARKS: Partial<Record<KpiId, KpiBenchmark>> = {
  emailOpenRate: {
    id: 'cold-email-open',
    op: 'gte',
    value: { kind: 'percent', bp: 3000 },
    note: 'Cold e-mail 30/30/50: at least 30% opened',
  },
  emailReplyRate: {
    id: 'cold-email-reply',
    op: 'gte',
    value: { kind: 'percent', bp: 3000 },
    note: 'Cold e-mail 30/30/50: at least 30% replied',
  },
  leadConversion: {
    id: 'cold-email-conversion',
    op: 'gte',
    value: { kind: 'percent', bp: 5000 },
    note: 'Cold e-mail 30/30/50: at least 50% of answered leads converted',
  },
  speedToLeadMedian: {
    id: 'speed-to-lead',
    op: 'lte',
    value: { kind: 'duration', seconds: FAST_RESPONSE_SECONDS },
    note: 'Leads answered within 15 minutes convert several times better',
  },
  speedToLeadP90: {
    id: 'speed-to-lead',
    op: 'lte',
    value: { kind: 'duration', seconds: FAST_RESPONSE_SECONDS },
    note: 'Leads answered within 15 minutes convert several times better',
  },
};

/** The sort key of a scalar KPI value, for a median over reps; null for points and breakdowns. */
function scalar(value: KpiValue): number | null {
  return value.kind === 'points' ? null : kpiScalar(value);
}

/**
 * The median of the reps' outcomes of one KPI (reps without a value are left out; an even count
 * averages the two middle values, half to even). Points and breakdowns have none.
 */
export function medianOutcome(outcomes: readonly KpiOutcome[]): KpiOutcome {
  const values = outcomes.flatMap((o) => (o.value === null ? [] : [o.value]));
  if (values.length === 0) return none('NO_DATA');
  const first = values[0] as KpiValue;
  if (scalar(first) === null) return none('NOT_APPLICABLE');
  if (first.kind === 'money' && values.some((v) => v.kind === 'money' && v.currency !== first.currency)) {
    return none('MIXED_CURRENCIES');
  }
  const sorted = values.map((v) => scalar(v) as number).sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : divHalfEven((sorted[mid - 1] as number) + (sorted[mid] as number), 2);
  switch (first.kind) {
    case 'count':
      return some({ kind: 'count', count: median });
    case 'percent':
      return some({ kind: 'percent', bp: median });
    case 'money':
      return some({ kind: 'money', amount: median, currency: first.currency });
    case 'duration':
      return some({ kind: 'duration', seconds: median });
    default:
      return some({ kind: 'rate', milli: median });
  }
}

/**
 * Suggested target (SPEC 6): the median of the trailing periods' won amounts plus `stretchPct`
 * percent, rounded half to even. Periods before the rep's history are left out by the caller.
 */
export function suggestTarget(
  history: readonly MoneyByCurrency[],
  stretchPct: number,
  fallback: string,
): KpiOutcome {
  if (history.length === 0) return none('NO_DATA');
  const one = oneCurrency(fallback, ...history);
  if (one === 'MIXED') return none('MIXED_CURRENCIES');
  const median = medianOutcome(
    one.amounts.map((amount) => some({ kind: 'money', amount, currency: one.currency })),
  );
  if (median.value === null || median.value.kind !== 'money') return median;
  return some({
    kind: 'money',
    amount: mulDivHalfEven(median.value.amount, 100 + stretchPct, 100),
    currency: one.currency,
  });
}
