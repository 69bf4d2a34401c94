/**
 * KPI catalog of SPEC section 5: `GET /api/kpis`, `GET /api/kpis/targets` and the manager inputs.
 *
 * Numbers are integers: money in minor units with its currency, percentages in basis points
 * (`bp`: 1 bp = 0.01 %, so 12.34 % is 1234), durations in whole seconds, per-rep-per-day rates in
 * thousandths (`milli`). Every division rounds half to even. A KPI that cannot be computed is
 * `value: null` with a `reason`, never NaN or Infinity.
 */
import type { Period } from './boards.js';

export const KPI_IDS = [
  'salesGrowth',
  'calls',
  'callsPerRepPerDay',
  'emails',
  'emailsPerRepPerDay',
  'emailOpenRate',
  'emailReplyRate',
  'opportunitiesCreated',
  'demosBooked',
  'leadConversion',
  'salesByChannel',
  'avgTimeToConversion',
  'cac',
  'ltv',
  'newMrr',
  'expansionMrrGrowth',
  'pipelineValue',
  'quotaAttainment',
  'salesByRegion',
  'avgPurchaseValue',
  'avgProfitMargin',
  'churnRate',
  'mrrChurnRate',
  'revenueByProduct',
  'leaderboard',
  'avgSalesCycle',
  'dealsInPipeline',
  'mqlToSql',
  'customerRetention',
  'speedToLeadMedian',
  'speedToLeadP90',
  'speedToLeadWithin15',
  'stageConversion',
  'scriptEffectiveness',
  'repeatSales',
] as const;

export type KpiId = (typeof KPI_IDS)[number];

/** Why a KPI has no value. */
export const KPI_NULL_REASONS = [
  /** Nothing in the period to compute it from. */
  'NO_DATA',
  /** The denominator is zero (no leads, no deals, no customers at the start, no baseline). */
  'ZERO_DENOMINATOR',
  /** The amounts involved are in more than one currency. */
  'MIXED_CURRENCIES',
  /** A manager input is missing (spend for CAC, a target for quota attainment, direct costs). */
  'MISSING_INPUT',
  /** Not defined for this scope or period (CAC of one rep, spend of a week). */
  'NOT_APPLICABLE',
] as const;

export type KpiNullReason = (typeof KPI_NULL_REASONS)[number];

export interface Money {
  /** Integer minor units (kopecks, cents). */
  amount: number;
  /** ISO 4217 code. */
  currency: string;
}

export interface KpiBreakdownItem {
  /** Channel, region, product, or funnel stage; `unknown` when the event does not say. */
  key: string;
  /** Events behind the item (won deals; deals that entered the stage). */
  count: number;
  value: KpiValue | null;
  reason: KpiNullReason | null;
}

export type KpiValue =
  | { kind: 'count'; count: number }
  /** Basis points: 1234 = 12.34 %. */
  | { kind: 'percent'; bp: number }
  | ({ kind: 'money' } & Money)
  | { kind: 'duration'; seconds: number }
  /** Thousandths of one event per rep per day: 2500 = 2.5 calls per rep per day. */
  | { kind: 'rate'; milli: number }
  /** Points of the period (SPEC 4); `rank` among all reps for a rep scope, else null. */
  | { kind: 'points'; milliPoints: number; points: number; rank: number | null }
  | { kind: 'breakdown'; items: KpiBreakdownItem[] };

/**
 * The one integer a value stands for (basis points, minor units, seconds, thousandths, a count or
 * points): what a chart plots and a median sorts; null for a breakdown.
 */
export function kpiScalar(value: KpiValue): number | null {
  switch (value.kind) {
    case 'count':
      return value.count;
    case 'percent':
      return value.bp;
    case 'money':
      return value.amount;
    case 'duration':
      return value.seconds;
    case 'rate':
      return value.milli;
    case 'points':
      return value.points;
    case 'breakdown':
      return null;
  }
}

export type KpiOutcome = { value: KpiValue; reason: null } | { value: null; reason: KpiNullReason };

/** A SPEC reference figure shown next to a KPI (cold e-mail 30/30/50, speed to lead). */
export interface KpiBenchmark {
  id: 'cold-email-open' | 'cold-email-reply' | 'cold-email-conversion' | 'speed-to-lead';
  /** The KPI should be at least (`gte`) or at most (`lte`) `value`. */
  op: 'gte' | 'lte';
  value: KpiValue;
  note: string;
}

export type KpiScope = { kind: 'org' } | { kind: 'team'; teamId: string } | { kind: 'rep'; repId: string };

export interface KpiPeriodView {
  periodKey: string;
  from: string;
  to: string;
}

export interface KpiEntry {
  id: KpiId;
  /** The value of the newest period (the one containing `at`). */
  current: KpiOutcome;
  /** One outcome per period of `periods`, oldest first; the last is `current`. */
  trend: KpiOutcome[];
  benchmark: KpiBenchmark | null;
  /** Rep scope only: the median of every rep's value in the current period. */
  orgMedian?: KpiOutcome;
}

/** `GET /api/kpis?period=month&scope=org|team:<id>|rep:<id>&periods=6` */
export interface KpiResponse {
  scope: KpiScope;
  period: Period;
  /** Oldest first; the last contains `asOf`. */
  periods: KpiPeriodView[];
  /** The org currency (rule set), used for zero amounts. */
  currency: string;
  asOf: string;
  kpis: KpiEntry[];
}

/** Monthly manager inputs events do not carry. */
export const KPI_INPUT_KINDS = ['spend', 'direct_costs'] as const;
export type KpiInputKind = (typeof KPI_INPUT_KINDS)[number];

/** `PUT /api/kpis/inputs`, `GET /api/kpis/inputs`: one monthly figure for the whole org. */
export interface KpiInputView extends Money {
  /** `spend:2026-11` */
  id: string;
  kind: KpiInputKind;
  /** `YYYY-MM` in the org time zone. */
  month: string;
  updatedAt: string;
}

/** `PUT /api/kpis/targets`: a rep's sales target for one period instance. */
export interface RepTargetView extends Money {
  /** `<repId>:month:2026-11` */
  id: string;
  repId: string;
  period: Period;
  periodKey: string;
  updatedAt: string;
}

export interface SuggestedTargetRow {
  repId: string;
  name: string;
  teamId: string | null;
  /** What the manager set for the period, if anything. */
  target: Money | null;
  /** Median of the trailing periods' won amount plus the stretch; null with a reason. */
  suggested: KpiOutcome;
  /** Won amount of each trailing period, oldest first (null: mixed currencies). */
  history: Array<{ periodKey: string; won: Money | null }>;
}

/** `GET /api/kpis/targets?period=month` */
export interface SuggestedTargetsResponse {
  period: Period;
  periodKey: string;
  /** KPI_TARGET_STRETCH_PCT */
  stretchPct: number;
  rows: SuggestedTargetRow[];
}
