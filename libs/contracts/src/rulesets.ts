/** The rule set document of SPEC section 4a. */
import type { BurnoutThresholds } from './burnout.js';

export type ConditionOperator = 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte' | 'in';
export type ConditionValue = string | number | boolean | null | Array<string | number | boolean>;
export type Condition = Partial<Record<ConditionOperator, ConditionValue>>;

export const CONDITION_OPERATORS: readonly ConditionOperator[] = ['eq', 'ne', 'lt', 'lte', 'gt', 'gte', 'in'];

/**
 * Keys a tier gate may test, all counted per rep over the tier period (non-voided events only):
 * - `dealsWon`: `deal_won` events;
 * - `leadConversionPct`: conversions x 100 / `lead_responded` events, where a conversion is a
 *   `lead_qualified` event whose `to` is `sql` or absent; no responded lead -> the gate fails;
 * - `demosHeld`: `demo_held` events;
 * - `callsConnected`: `call` events with `outcome` = `connected`.
 */
export const GATE_KEYS = ['dealsWon', 'leadConversionPct', 'demosHeld', 'callsConnected'] as const;
export type GateKey = (typeof GATE_KEYS)[number];

/** The top-level keys of a rule set document; any other is refused. */
export const RULE_SET_KEYS: readonly string[] = [
  'name',
  'timezone',
  'currency',
  'weekStartsOn',
  'rules',
  'dailyCaps',
  'workingHours',
  'tierPeriod',
  'tiers',
  'burnout',
];

export interface Weight {
  if: Record<string, Condition>;
  /** At most 3 decimals. */
  factor: number;
}

export interface PerAmount {
  /** Amount in minor units that earns `points`. */
  unit: number;
  points: number;
}

export interface EventRule {
  points: number;
  cap?: string;
  perAmount?: PerAmount;
  weights?: Weight[];
}

export interface WorkingHours {
  /** `HH:MM`, local time of the rule set's time zone. */
  start: string;
  end: string;
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  weekdays: number[];
  /** Factor for activity outside the hours (0 = not counted). */
  outsideFactor: number;
}

export interface Tier {
  name: string;
  minPoints: number;
  /** Integer minor units of the rule set's currency. */
  payout: number;
  gates?: Record<string, Condition>;
}

export interface RuleSetDocument {
  name: string;
  timezone: string;
  currency: string;
  /** 1 = Monday ... 7 = Sunday. */
  weekStartsOn: number;
  rules: Record<string, EventRule>;
  dailyCaps?: Record<string, number>;
  workingHours?: WorkingHours;
  tierPeriod?: 'month' | 'quarter';
  tiers?: Tier[];
  /** When a rep's pattern says overload (SPEC 6); missing values take the defaults (5 and 3). */
  burnout?: Partial<BurnoutThresholds>;
}

export type RuleSetStatus = 'draft' | 'published';

export interface RuleSetView {
  id: string;
  version: number | null;
  status: RuleSetStatus;
  document: RuleSetDocument;
  effectiveFrom: string | null;
  publishedAt: string | null;
  createdAt: string;
}

export interface ValidationProblem {
  /** JSON path of the problem, e.g. `rules.call.weights[0].factor`. */
  path: string;
  message: string;
}

export interface PreviewFigures {
  points: number;
  milliPoints: number;
  rank: number;
  tier: string | null;
  payout: number;
}

export interface PreviewRow {
  repId: string;
  name: string;
  now: PreviewFigures;
  draft: PreviewFigures;
}

export interface PreviewResponse {
  from: string;
  to: string;
  currency: string;
  rows: PreviewRow[];
}
