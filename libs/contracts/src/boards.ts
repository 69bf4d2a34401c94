export const PERIODS = ['today', 'week', 'month', 'quarter'] as const;
export type Period = (typeof PERIODS)[number];

export interface BoardScope {
  /** `all`, or `team:<teamId>`. */
  kind: 'all' | 'team';
  teamId?: string;
}

export interface BoardDescriptor {
  /** Stable identity of a board instance, e.g. `month:2026-11:all` or `week:2026-11-16:team:<id>`. */
  key: string;
  period: Period;
  /** Inclusive start, ISO-8601 instant. */
  from: string;
  /** Exclusive end, ISO-8601 instant. */
  to: string;
  scope: BoardScope;
}

export interface BoardRow {
  repId: string;
  key: string;
  name: string;
  teamId: string | null;
  points: number;
  milliPoints: number;
  rank: number;
  tier: string | null;
}

export interface BoardResponse {
  board: BoardDescriptor;
  seq: number;
  asOf: string;
  rows: BoardRow[];
}

export interface FactorItem {
  /** What applied, e.g. `weights[0]: durationSec lt 30` or `workingHours.outsideFactor`. */
  rule: string;
  factor: number;
}

export interface LineItem {
  eventId: string;
  source: string;
  externalId: string;
  type: string;
  occurredAt: string;
  /** Raw value before factors, milli-points. */
  base: number;
  factors: FactorItem[];
  /** Milli-points the daily cap took away (0 when the cap did not bite). */
  capped: number;
  /** Cap category, when the rule has one. */
  cap: string | null;
  /** Milli-points earned after factors and cap. */
  milliPoints: number;
  points: number;
  /** Human-readable reasons: `durationSec lt 30: x0`, `cap reached`, `voided`. */
  reasons: string[];
  voided: boolean;
}

export interface CapUsage {
  category: string;
  /** Local calendar day in the rule set's time zone, `YYYY-MM-DD`. */
  day: string;
  capMilliPoints: number;
  usedMilliPoints: number;
  reached: boolean;
}

export interface BreakdownResponse {
  repId: string;
  period: Period;
  from: string;
  to: string;
  points: number;
  milliPoints: number;
  caps: CapUsage[];
  lineItems: LineItem[];
}
