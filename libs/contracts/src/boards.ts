import type { EventAttributes } from './events.js';
import type { Condition, WorkingHours } from './rulesets.js';
import type { BoardScope } from './scopes.js';

export const PERIODS = ['today', 'week', 'month', 'quarter'] as const;
export type Period = (typeof PERIODS)[number];

export interface BoardDescriptor {
  /**
   * Stable identity of a board instance, e.g. `month:2026-11:all`, `week:2026-11-16:team:<id>`,
   * `month:2026-11:tenure:0-3m` or `month:2026-11:improved`.
   */
  key: string;
  period: Period;
  /** Inclusive start, ISO-8601 instant. */
  from: string;
  /** Exclusive end, ISO-8601 instant. */
  to: string;
  scope: BoardScope;
  /**
   * A competition's board only: its name and mode. Its key is `competition:<id>`, `from`/`to` are
   * the competition's window and `period` echoes the request (ignored).
   */
  competition?: { id: string; name: string; mode: 'individual' | 'teams' };
}

export interface BoardRow {
  /**
   * What the row ranks: a rep (absent on most boards), or a team on a team-against-team competition
   * board, where `repId` and `key` are the team's id, `name` the team's name and `teamId` the team.
   */
  kind?: 'rep' | 'team';
  repId: string;
  key: string;
  name: string;
  teamId: string | null;
  /** The rep's photo (http/https URL); null, or absent from an older server: show initials. */
  photoUrl?: string | null;
  points: number;
  milliPoints: number;
  rank: number;
  tier: string | null;
  /** Most improved board only: change against `baselineMilliPoints` in basis points (ranked by it). */
  rankValue?: number;
  /** Most improved board only: the rep's usual milli-points (mean of the last 3 such periods). */
  baselineMilliPoints?: number;
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
  /** The event's attributes as sent (`durationSec`, `amount`...): what the reasons are about. */
  attributes: EventAttributes;
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

/** One thing a rep still lacks for a tier. */
export interface TierShortfall {
  /** `points`, or the gate key (`dealsWon`, `leadConversionPct`, `demosHeld`, `callsConnected`). */
  what: string;
  /** The rep's value now (milli-points for `points`); null when it has none yet (no leads: no rate). */
  have: number | null;
  /** The condition to meet, e.g. `{ gte: 3 }`; for `points`, `{ gte: <milli-points> }`. */
  need: Condition;
  /**
   * How many more it takes (milli-points for `points`, a count for a counted gate), or null when
   * more alone does not decide it (a percentage).
   */
  more: number | null;
}

/** Where a rep stands against the bonus tiers of the current tier period. */
export interface TierProgress {
  period: Period;
  from: string;
  to: string;
  milliPoints: number;
  current: { name: string; payout: number } | null;
  /** The next tier up and what is missing for it; null at the top (or without tiers). */
  next: { name: string; minPoints: number; payout: number; missing: TierShortfall[] } | null;
  /** ISO code of the payouts' minor units. */
  currency: string;
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
  /** The rep's own tier and what the next one needs (tier period at the time of the request). */
  tierProgress: TierProgress;
}

/**
 * `GET /api/settings`: what a screen needs to show boards (any signed-in role and displays): the
 * rule set in effect now, without payouts.
 */
export interface DisplaySettings {
  orgName: string;
  timezone: string;
  currency: string;
  /** ISO weekday the week starts on, 1 = Monday. */
  weekStartsOn: number;
  /** The org's working hours (quiet hours on a TV are outside them); null when the rule set has none. */
  workingHours: WorkingHours | null;
  tierPeriod: Period;
  /** Ascending by `minPoints`. */
  tiers: Array<{ name: string; minPoints: number }>;
}
