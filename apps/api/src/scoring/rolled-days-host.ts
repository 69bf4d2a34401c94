import { createHash } from 'node:crypto';
import {
  BURNOUT_LOOKBACK_DAYS,
  DAY_CONTEXT,
  daysAround,
  replay,
  scoreRepDays,
  scratchEngine,
  summarizeDays,
  ScoringEngine,
  type DaySummary,
  type EngineChange,
  type EngineOptions,
  type ScoringEvent,
} from '@leaderboard/scoring';
import type { LedgerRepository } from '../repositories/ledger.repository.js';
import type { RepDayScoresRepository } from '../repositories/rep-day-scores.repository.js';

const DAY_MS = 86_400_000;

const keyOf = (repId: string, day: number): string => `${repId}|${day}`;

/** The fingerprint of what scores depend on besides the ledger: rule-set versions, reps' working hours. */
export function scoringFingerprint(options: EngineOptions): string {
  const versions = options.versions.map((v) => [v.id, v.effectiveFrom]).sort();
  const hours = options.reps.map((r) => [r.id, r.workingHours ?? null]).sort();
  return createHash('sha256')
    .update(JSON.stringify([versions, hours]))
    .digest('hex');
}

/**
 * The org-local day before which events roll out of memory: the start of the oldest month not
 * closed, but never before the start of the month `windowDays` ago, and never after the burnout
 * look-back (the live overload check reads that many days from memory).
 */
export function horizonDay(
  engine: ScoringEngine,
  now: number,
  windowDays: number,
  closed: ReadonlySet<string>,
): number {
  const tz = engine.calendar.tz;
  let month = engine.periodAt('month', now - windowDays * DAY_MS);
  while (closed.has(month.periodKey) && month.to <= now) month = engine.periodAt('month', month.to);
  const latest = tz.dayNumberAt(now) - BURNOUT_LOOKBACK_DAYS - 1;
  return Math.min(tz.dayNumberAt(month.from), latest);
}

/**
 * The I/O around rolled-out days for ScoringService (inside its queue): preparing the summaries at
 * start-up, scoring rolled-out rep-days again from the ledger, rolling the horizon forward, and
 * scratch engines over the ledger for breakdowns and closes of rolled-out periods.
 */
export class RolledDaysHost {
  /**
   * A follower's record of the rolled-out summaries in its totals (null for the writer, whose
   * record is the store it alone writes).
   */
  private known: Map<string, DaySummary> | null = null;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly store: RepDayScoresRepository,
  ) {}

  /**
   * A fresh engine holding the events from the horizon on and the summaries before it. The writer
   * (`persist`) brings the stored summaries up to date first: rep-days touched by late events since
   * the cursor, days the horizon passed since, or everything when the rule sets or working hours
   * changed. A follower stores nothing: it reads the stored summaries, scores the same rep-days
   * again from the ledger in memory, and keeps its own record of what its totals hold.
   */
  async start(
    options: EngineOptions,
    horizonOf: (engine: ScoringEngine) => number,
    persist: boolean,
  ): Promise<{ engine: ScoringEngine; events: number; cursor: bigint }> {
    const cursor = await this.ledger.horizon();
    const calendarEngine = new ScoringEngine({ ...options, reps: [] });
    const tz = calendarEngine.calendar.tz;
    const target = horizonOf(calendarEngine);
    const fingerprint = scoringFingerprint(options);
    const stored = await this.store.horizon();
    const known = persist ? null : new Map<string, DaySummary>();
    const keep = async (summaries: DaySummary[]): Promise<void> => {
      if (known) for (const s of summaries) known.set(keyOf(s.repId, s.day), s);
      else await this.store.upsert(summaries.filter((s) => s.records > 0));
    };
    let covered: number | null = null;
    if (stored && stored.fingerprint === fingerprint) {
      covered = Math.min(stored.horizonDay, target);
      if (known) {
        // Read before the late rows: a summary the writer stores meanwhile is of a row read next.
        for (const s of await this.store.all()) if (s.day < covered) known.set(keyOf(s.repId, s.day), s);
      } else if (stored.horizonDay > target) await this.store.clearFrom(target);
      const touched = await this.ledger.touchedBefore(stored.cursor, tz.startOfDay(covered));
      const byRep = new Map<string, Set<number>>();
      for (const t of touched) {
        const days = byRep.get(t.repId) ?? new Set<number>();
        for (const d of daysAround(tz.dayNumberAt(t.occurredAt))) if (d < covered) days.add(d);
        byRep.set(t.repId, days);
      }
      for (const [repId, days] of byRep) await keep(await this.scoreDays(options, tz, repId, [...days]));
    } else if (!known) {
      await this.store.clearFrom(null);
    }
    if (covered === null || covered < target) {
      const first = await this.ledger.firstOccurredAt();
      let from = covered ?? (first === null ? target : Math.min(tz.dayNumberAt(first), target));
      // A month at a time: memory bounded by one month of events.
      while (from < target) {
        const to = Math.min(target, from + 31);
        const events = await this.ledger.dayWindowEvents(
          null,
          tz.startOfDay(from - DAY_CONTEXT),
          tz.startOfDay(to + DAY_CONTEXT),
        );
        await keep(summarizeDays(options, events, from, to));
        from = to;
      }
    }
    if (!known) await this.store.setHorizon({ horizonDay: target, cursor, fingerprint });
    const events = await this.ledger.openEvents(tz.startOfDay(target));
    const engine = replay(options, events);
    engine.loadSummaries(known ? known.values() : await this.store.all());
    engine.rollOut(target);
    this.known = known;
    return { engine, events: events.length, cursor };
  }

  /**
   * Scores rolled-out rep-days again from the ledger and swaps their summaries in `engine`. The
   * writer (`persist`) reads what the totals hold from the store and stores the new summaries; a
   * follower reads and updates its own record (the writer may have stored the new ones already).
   * Returns the union of the changes.
   */
  async rescore(
    engine: ScoringEngine,
    options: EngineOptions,
    touched: ReadonlyArray<{ repId: string; occurredAt: number }>,
    persist: boolean,
  ): Promise<EngineChange[]> {
    const tz = engine.calendar.tz;
    const byRep = new Map<string, Set<number>>();
    for (const t of touched) {
      const days = byRep.get(t.repId) ?? new Set<number>();
      for (const d of daysAround(tz.dayNumberAt(t.occurredAt))) if (d < engine.horizonDay) days.add(d);
      byRep.set(t.repId, days);
    }
    const changes: EngineChange[] = [];
    const known = persist ? null : this.known;
    for (const [repId, days] of byRep) {
      if (days.size === 0) continue;
      const before = new Map<number, DaySummary>();
      if (known) {
        for (const d of days) {
          const s = known.get(keyOf(repId, d));
          if (s) before.set(d, s);
        }
      } else for (const s of await this.store.ofRep(repId, [...days])) before.set(s.day, s);
      const after = await this.scoreDays(options, tz, repId, [...days]);
      if (persist) await this.store.upsert(after.filter((s) => s.records > 0));
      for (const s of after) {
        if (known) known.set(keyOf(repId, s.day), s);
        changes.push(engine.replaceDay(before.get(s.day) ?? null, s));
      }
    }
    return changes;
  }

  private async scoreDays(
    options: EngineOptions,
    tz: ScoringEngine['calendar']['tz'],
    repId: string,
    days: number[],
  ): Promise<DaySummary[]> {
    if (days.length === 0) return [];
    const from = Math.min(...days) - DAY_CONTEXT;
    const to = Math.max(...days) + DAY_CONTEXT + 1;
    const events = await this.ledger.dayWindowEvents(repId, tz.startOfDay(from), tz.startOfDay(to));
    return scoreRepDays(options, events, repId, days);
  }

  /** Rolls the engine's horizon forward to `day`, storing the summaries of the days rolled out. */
  async rollForward(engine: ScoringEngine, day: number, persist: boolean): Promise<void> {
    if (day <= engine.horizonDay) return;
    const summaries = engine.rollOut(day);
    if (!persist) {
      for (const s of summaries) this.known?.set(keyOf(s.repId, s.day), s);
      return;
    }
    await this.store.upsert(summaries);
    const stored = await this.store.horizon();
    if (stored) await this.store.setHorizon({ ...stored, horizonDay: day });
  }

  /**
   * A scratch engine over the ledger's events of [from, to) (every rep, or one), with the context
   * days around: breakdowns, closes and burnout of rolled-out periods.
   */
  async scratch(
    engine: ScoringEngine,
    options: EngineOptions,
    from: number,
    to: number,
    repId: string | null,
  ): Promise<ScoringEngine> {
    const tz = engine.calendar.tz;
    const events: ScoringEvent[] = await this.ledger.dayWindowEvents(
      repId,
      tz.startOfDay(tz.dayNumberAt(from) - DAY_CONTEXT),
      tz.startOfDay(tz.dayNumberAt(to - 1) + 1 + DAY_CONTEXT),
    );
    return scratchEngine(options, events);
  }
}

/** A rolled-out rep-day whose stored summary differs from the one the whole ledger gives. */
export interface SummaryDifference {
  repId: string;
  day: number;
  stored: DaySummary | null;
  computed: DaySummary | null;
}

const sameSummary = (a: DaySummary, b: DaySummary): boolean =>
  a.milli === b.milli &&
  a.records === b.records &&
  (Object.keys({ ...a.stats, ...b.stats }) as Array<keyof DaySummary['stats']>).every(
    (k) => (a.stats[k] ?? 0) === (b.stats[k] ?? 0),
  );

/**
 * `npm run rebuild`: compares the stored summaries of rolled-out days with those of `engine` (a
 * replay of the whole ledger under `options`) and fixes every difference. Summaries of other rule
 * sets or working hours (`stale`) are left alone: the next start of the app summarizes afresh.
 */
export async function reconcileSummaries(
  store: RepDayScoresRepository,
  engine: ScoringEngine,
  options: EngineOptions,
): Promise<{ horizonDay: number | null; stale: boolean; differences: SummaryDifference[] }> {
  const stored = await store.horizon();
  if (!stored) return { horizonDay: null, stale: false, differences: [] };
  if (stored.fingerprint !== scoringFingerprint(options))
    return { horizonDay: stored.horizonDay, stale: true, differences: [] };
  const computed = new Map(
    engine.summaries(Number.NEGATIVE_INFINITY, stored.horizonDay).map((s) => [keyOf(s.repId, s.day), s]),
  );
  const differences: SummaryDifference[] = [];
  for (const s of await store.all()) {
    const key = keyOf(s.repId, s.day);
    const c = computed.get(key) ?? null;
    computed.delete(key);
    if (c === null || !sameSummary(s, c))
      differences.push({ repId: s.repId, day: s.day, stored: s, computed: c });
  }
  for (const c of computed.values())
    differences.push({ repId: c.repId, day: c.day, stored: null, computed: c });
  differences.sort((a, b) => (a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : a.day - b.day));
  await store.upsert(differences.flatMap((d) => (d.computed ? [d.computed] : [])));
  await store.remove(differences.flatMap((d) => (d.computed ? [] : [{ repId: d.repId, day: d.day }])));
  return { horizonDay: stored.horizonDay, stale: false, differences };
}
