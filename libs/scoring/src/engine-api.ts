/**
 * The public surface of the scoring engine that apps/api codes against.
 * Implementation lives beside this file; this file only fixes the shapes.
 */
import type {
  BoardScope,
  BreakdownResponse,
  EventAttributes,
  EventKey,
  Period,
  RuleSetDocument,
  WorkingHours,
} from '@leaderboard/contracts';

/** An event as the engine sees it: already validated, rep resolved, time parsed. */
export interface ScoringEvent {
  /** Ledger id (string form of the bigserial). */
  id: string;
  source: string;
  externalId: string;
  type: string;
  repId: string;
  /** Epoch milliseconds. */
  occurredAt: number;
  attributes: EventAttributes;
  voids?: EventKey;
}

export interface RepProfile {
  id: string;
  key: string;
  name: string;
  teamId: string | null;
  active: boolean;
  /** Photo shown on boards (http/https URL); initials when null or absent. */
  photoUrl?: string | null;
  /** The rep's own working hours; the rule set's apply when absent. */
  workingHours?: WorkingHours | null;
  /** The day the rep started (`YYYY-MM-DD`), for tenure brackets; none when absent. */
  startedOn?: string | null;
}

export interface RuleSetVersion {
  id: string;
  /** Epoch milliseconds; the version scores events with `occurredAt >= effectiveFrom`. */
  effectiveFrom: number;
  document: RuleSetDocument;
}

export interface EngineOptions {
  /** Published versions, any order. At least one. */
  versions: RuleSetVersion[];
  reps: RepProfile[];
  /** Org time zone for periods; defaults to the newest version's `timezone`. */
  timezone?: string;
  /** 1 = Monday ... 7 = Sunday; defaults to the newest version's `weekStartsOn`. */
  weekStartsOn?: number;
}

/** One period instance, e.g. `{ period: 'month', periodKey: '2026-11' }`. */
export interface PeriodInstance {
  period: Period;
  /** `YYYY-MM-DD` for today, the first day `YYYY-MM-DD` of a week, `YYYY-MM`, `YYYY-Qn`. */
  periodKey: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

/** One event whose awarded milli-points changed during an `apply` (the event itself or, through
 *  cap re-allocation or a void, an earlier one). */
export interface ChangedEvent {
  eventId: string;
  source: string;
  externalId: string;
  repId: string;
  previousMilliPoints: number;
  milliPoints: number;
}

/** What one `apply` changed: which reps' totals moved in which period instances. */
export interface EngineChange {
  repIds: string[];
  periods: Array<{ period: Period; periodKey: string }>;
  /** Reps whose tier (for the tier period) changed, with old and new tier names. */
  tierChanges: Array<{ repId: string; from: string | null; to: string | null }>;
  /** Every event whose award changed (always filled by ScoringEngine; optional for hand-made values). */
  events?: ChangedEvent[];
}

export interface RankedRow {
  repId: string;
  key: string;
  name: string;
  teamId: string | null;
  photoUrl: string | null;
  milliPoints: number;
  points: number;
  rank: number;
  tier: string | null;
  /** Most improved board: the change against `baselineMilliPoints` in basis points (ranked by it). */
  rankValue?: number;
  /** Most improved board: the rep's usual milli-points for such a period (mean of the last ones). */
  baselineMilliPoints?: number;
}

/** One row of the derived projection: what `npm run rebuild` compares. */
export interface ProjectionRow {
  repId: string;
  period: Period;
  periodKey: string;
  milliPoints: number;
}

export interface ScoringEngineApi {
  /** Apply one event (idempotent by source+externalId); returns what changed. */
  apply(event: ScoringEvent): EngineChange;
  /** Apply many; the union of the changes. */
  applyMany(events: Iterable<ScoringEvent>): EngineChange;
  /** Add or update a rep profile (name, team, active). Working-hours changes need a replay. */
  upsertRep(rep: RepProfile): void;
  /** The period instance containing `at` (epoch ms) in the org time zone. */
  periodAt(period: Period, at: number): PeriodInstance;
  /** Ranked rows of one scope for the period instance containing `at`; active reps only. */
  board(period: Period, at: number, scope?: BoardScope): RankedRow[];
  /** The scopes whose boards show this rep at `at`: everyone, their team, their tenure band, most improved. */
  scopesOf(repId: string, at: number): BoardScope[];
  /** Line items and cap usage for one rep over the period instance containing `at`. */
  breakdown(repId: string, period: Period, at: number): BreakdownResponse;
  /** Every non-zero total, for the projection table and the rebuild check. */
  projection(): ProjectionRow[];
}

/*
 * Exported from '@leaderboard/scoring' (index.ts) besides the types above:
 *
 *   class ScoringEngine implements ScoringEngineApi { constructor(options: EngineOptions) }
 *   function replay(options: EngineOptions, events: Iterable<ScoringEvent>): ScoringEngine
 *   function validateRuleSet(doc: unknown):
 *     { ok: true; document: RuleSetDocument } | { ok: false; problems: ValidationProblem[] }
 *   const DEFAULT_RULE_SET: RuleSetDocument            // SPEC 4a, valid
 *   function milliToPoints(milli: number): number      // half-even
 *   function previewRuleSet(input: {
 *     events: ScoringEvent[]; reps: RepProfile[]; versions: RuleSetVersion[];
 *     draft: RuleSetDocument; from: number; to: number;
 *   }): PreviewResponse                                  // now vs draft per rep over [from, to)
 *
 *   Added beyond the list above (see README.md): ScoringEngine.totalAt / stats / tierAt / awards /
 *   awardedOf / capUsage / windowSummary / repProfiles, EngineChange.events, validateWorkingHoursDoc,
 *   PeriodCalendar, TimeZone, scoreEvent, rankRows, tierFor, test-kit builders.
 */
