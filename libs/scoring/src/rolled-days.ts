/**
 * Scoring rolled-out days again (memory bounded by what is open): an engine keeps in memory only the
 * events of the org-local days from its horizon on; an older rep-day is a `DaySummary` in the
 * running totals. When a late event or a void reaches such a day, the host reads the rep's events
 * around it from the ledger and these functions score them afresh; `ScoringEngine.replaceDay`
 * swaps the summary. Pure: the events come from the caller.
 */
import { compareItems } from './cap-bucket.js';
import type { DaySummary } from './engine.js';
import { ScoringEngine } from './engine.js';
import type { EngineOptions, ScoringEvent } from './engine-api.js';

/**
 * Days read on each side of the days scored: a cap bucket is one local day of its rule-set
 * version's zone, which may sit up to a day and more off the org day.
 */
export const DAY_CONTEXT = 2;

/** An engine over `events` only (no change reports), in scoring order. */
export function scratchEngine(options: EngineOptions, events: Iterable<ScoringEvent>): ScoringEngine {
  const engine = new ScoringEngine(options);
  engine.trackChanges = false;
  engine.trackEvents = false;
  for (const e of [...events].sort(compareItems)) engine.apply(e);
  return engine;
}

/**
 * What each of `days` (org-local) of one rep contributes, scored from `events`: the rep's events of
 * those days and `DAY_CONTEXT` days around them, and the voids naming any of them.
 */
export function scoreRepDays(
  options: EngineOptions,
  events: Iterable<ScoringEvent>,
  repId: string,
  days: readonly number[],
): DaySummary[] {
  const engine = scratchEngine(options, events);
  return days.map((day) => engine.daySummary(repId, day));
}

/**
 * Every rep-day of org-local days [fromDay, toDay) with something to count, scored from `events`
 * (those days with `DAY_CONTEXT` days around them, and the voids naming them).
 */
export function summarizeDays(
  options: EngineOptions,
  events: Iterable<ScoringEvent>,
  fromDay: number,
  toDay: number,
): DaySummary[] {
  const engine = scratchEngine(options, events);
  return engine.summaries(fromDay, toDay);
}

/** The org-local days a late event on `day` may change: its own and, across zones, its neighbours. */
export function daysAround(day: number): number[] {
  return [day - 1, day, day + 1];
}
