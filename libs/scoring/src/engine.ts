/** The incremental scoring engine: events in any order, caps, voids, totals, boards, breakdowns. */
import {
  ALL_SCOPE,
  PERIODS,
  type BoardScope,
  type BreakdownResponse,
  type CapUsage,
  type LineItem,
  type Period,
  type TierProgress,
} from '@leaderboard/contracts';
import type { EventKey } from '@leaderboard/contracts';
import { CapBucket, compareItems, type CapItem } from './cap-bucket.js';
import { KeyedMap } from './keyed-map.js';
import type {
  ChangedEvent,
  EngineChange,
  EngineOptions,
  PeriodInstance,
  ProjectionRow,
  RankedRow,
  RepProfile,
  ScoringEngineApi,
  ScoringEvent,
} from './engine-api.js';
import { BASELINE_INSTANCES, improvementBp, tenureBand, trailingBaseline } from './fair-boards.js';
import { milliToPoints } from './milli.js';
import { PeriodCalendar, instanceKey } from './periods.js';
import { rankRows } from '@leaderboard/contracts';
import {
  compileWorkingHours,
  VersionTimeline,
  type CompiledRuleSet,
  type CompiledWorkingHours,
} from './rule-set.js';
import { isActivityType, isOutsideHours, NO_FACTORS, scoreInto, type ScoreFields } from './score.js';
import { countEvent, emptyStats, tierFor, tierStanding, type RepStats } from './stats.js';
import { dayKey } from './time-zone.js';

/** EngineChange plus every event whose awarded points changed. */
export interface EngineChangeWithEvents extends EngineChange {
  events: ChangedEvent[];
}

/** A period instance; one object per instance, shared by every rep (change reports compare by identity). */
interface PeriodRef {
  period: Period;
  periodKey: string;
}

/** Running total and counters of one rep in one period instance. */
interface Accumulator {
  period: Period;
  periodKey: string;
  instance: PeriodRef;
  milli: number;
  stats: RepStats;
}

interface EventRecord extends CapItem, ScoreFields {
  event: ScoringEvent;
  isVoid: boolean;
  rs: CompiledRuleSet;
  voided: boolean;
  /** Accumulators of the rep's four period instances containing the event (org time zone). */
  accs: Accumulator[];
  bucket: CapBucket<EventRecord> | null;
  /** Org-local day number of `occurredAt`. */
  day: number;
  /** Counted as activity outside the rep's working hours (burnout facts of its day). */
  late: boolean;
}

/** Activity outside working hours on one rep's local day: count and events per local clock hour. */
interface LateDay {
  events: number;
  hours: number[];
}

interface RepState {
  id: string;
  profile: RepProfile | null;
  hours: CompiledWorkingHours | null;
  /** Org-local day number -> the rep's records of that day (arrival order). */
  byDay: Map<number, EventRecord[]>;
  /** Org-local day -> activity outside working hours (only days that have some). */
  late: Map<number, LateDay>;
  instances: Map<string, Accumulator>;
  /** Org-local day number -> the four accumulators of that day. */
  days: Map<number, Accumulator[]>;
  /** Local day (version zone) -> category -> cap bucket. */
  buckets: Map<number, Map<string, CapBucket<EventRecord>>>;
}

const NO_ACCUMULATORS: Accumulator[] = [];

/** Index of each period in PERIODS (and in EventRecord.accs). */
const PERIOD_INDEX: Record<Period, number> = { today: 0, week: 1, month: 2, quarter: 3 };

/**
 * What one rep's org-local day contributed to the running totals of its period instances: the
 * milli-points awarded to its events and their gate counters. A day that rolled out of memory is
 * kept as this (see `rollOut`).
 */
export interface DaySummary {
  repId: string;
  day: number;
  milli: number;
  stats: RepStats;
  /**
   * Events of the day of any kind (voids, voided ones and zero awards included): a rep-day with
   * one makes its period instances exist, which the most improved board's baseline reads.
   */
  records: number;
}

/** Burnout facts of one rep's days, read without building line items (see `burnoutDays`). */
export interface BurnoutDayFacts {
  /** Cap buckets with an event that counts, `day` as `YYYY-MM-DD` (the bucket's local day). */
  caps: CapUsage[];
  /** Org-local day -> activity events outside working hours and the distinct local hours they fall in. */
  late: Map<number, { events: number; hours: number[] }>;
}

/** Rep statistics of one period instance, exported for KPIs and /me. */
export interface RepPeriodStats extends RepStats {
  repId: string;
  period: Period;
  periodKey: string;
  milliPoints: number;
}

/** Order of (source, externalId). */
function compareKeys(a: EventKey, b: EventKey): number {
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;
}

export function eventKey(source: string, externalId: string): string {
  return `${source}\u0000${externalId}`;
}

export class ScoringEngine implements ScoringEngineApi {
  readonly timeline: VersionTimeline;
  readonly calendar: PeriodCalendar;
  private readonly records = new KeyedMap<EventRecord>();
  /** Target (source, externalId) -> the void that cancels it (first one wins; all are equivalent). */
  private readonly voidedBy = new KeyedMap<EventRecord>();
  private readonly reps = new Map<string, RepState>();
  private readonly periodRefs = new Map<string, PeriodRef>();
  /** When false, apply() skips change reports (used by replay). */
  trackChanges = true;
  /**
   * When false, change reports leave `events` empty: callers that only need the reps, periods and
   * tiers skip the per-record bookkeeping (a cap re-allocation can change many records).
   */
  trackEvents = true;

  constructor(options: EngineOptions) {
    this.timeline = new VersionTimeline(options.versions);
    const newest = this.timeline.newest().document;
    this.calendar = new PeriodCalendar(
      options.timezone ?? newest.timezone,
      options.weekStartsOn ?? newest.weekStartsOn,
    );
    for (const rep of options.reps) this.upsertRep(rep);
  }

  /** Number of distinct events applied (voids included). */
  get size(): number {
    return this.records.size;
  }

  upsertRep(rep: RepProfile): void {
    const state = this.repState(rep.id);
    state.profile = { ...rep };
    state.hours = rep.workingHours ? compileWorkingHours(rep.workingHours) : null;
  }

  private repState(repId: string): RepState {
    let state = this.reps.get(repId);
    if (!state) {
      state = {
        id: repId,
        profile: null,
        hours: null,
        byDay: new Map(),
        late: new Map(),
        instances: new Map(),
        days: new Map(),
        buckets: new Map(),
      };
      this.reps.set(repId, state);
    }
    return state;
  }

  /** The shared PeriodRef of an instance (`key` = instanceKey(period, periodKey)). */
  private periodRef(key: string, period: Period, periodKey: string): PeriodRef {
    let ref = this.periodRefs.get(key);
    if (!ref) {
      ref = { period, periodKey };
      this.periodRefs.set(key, ref);
    }
    return ref;
  }

  private accumulators(rep: RepState, day: number): Accumulator[] {
    let accs = rep.days.get(day);
    if (!accs) {
      const keys = this.calendar.keysForDay(day);
      accs = new Array<Accumulator>(PERIODS.length);
      for (let i = 0; i < PERIODS.length; i++) {
        const period = PERIODS[i] as Period;
        const k = keys.instanceKeys[i] as string;
        let acc = rep.instances.get(k);
        if (!acc) {
          acc = {
            period,
            periodKey: keys[period],
            instance: this.periodRef(k, period, keys[period]),
            milli: 0,
            stats: emptyStats(),
          };
          rep.instances.set(k, acc);
        }
        accs[i] = acc;
      }
      rep.days.set(day, accs);
    }
    return accs;
  }

  // Change tracking of the current apply: accumulators touched (with their milli before, and rep)
  // and records whose award changed (with their award before). Small arrays, reused.
  private tracking = false;
  private readonly trAccs: Accumulator[] = [];
  private readonly trAccBefore: number[] = [];
  private readonly trAccRep: string[] = [];
  private readonly trRecs: EventRecord[] = [];
  private readonly trRecBefore: number[] = [];

  private readonly onAward = (rec: EventRecord, previous: number): void => {
    const delta = rec.awarded - previous;
    const accs = rec.accs;
    for (let i = 0; i < accs.length; i++) (accs[i] as Accumulator).milli += delta;
    if (!this.tracking) return;
    for (let i = 0; i < accs.length; i++) {
      const acc = accs[i] as Accumulator;
      if (!this.trAccs.includes(acc)) {
        this.trAccs.push(acc);
        this.trAccBefore.push(acc.milli - delta);
        this.trAccRep.push(rec.event.repId);
      }
    }
    if (this.trackEvents && !this.trRecs.includes(rec)) {
      this.trRecs.push(rec);
      this.trRecBefore.push(previous);
    }
  };

  private setAward(rec: EventRecord, award: number): void {
    if (award === rec.awarded) return;
    const previous = rec.awarded;
    rec.awarded = award;
    this.onAward(rec, previous);
  }

  /** Tier of the rep owning `accs` (the accumulators of one day) under `rs`. */
  private tierOfDay(rs: CompiledRuleSet, accs: Accumulator[]): string | null {
    if (rs.tiers.length === 0) return null;
    const acc = accs[PERIOD_INDEX[rs.tierPeriod]] as Accumulator;
    return tierFor(rs.tiers, acc.milli, acc.stats)?.name ?? null;
  }

  /** Makes `rec` count: stats, then its cap bucket or its full value. */
  private activate(rec: EventRecord, rep: RepState): void {
    for (const acc of rec.accs) countEvent(acc.stats, rec.event, 1);
    if (isActivityType(rec.event.type)) {
      const hours = rep.hours ?? rec.rs.workingHours;
      if (hours && isOutsideHours(rec.rs, hours, rec.occurredAt)) {
        rec.late = true;
        this.countLate(rep, rec, 1);
      }
    }
    const cap = rec.cap;
    if (cap === null) {
      this.setAward(rec, rec.value);
      return;
    }
    let day = rep.buckets.get(rec.capDay);
    if (!day) {
      day = new Map();
      rep.buckets.set(rec.capDay, day);
    }
    let bucket = day.get(cap);
    if (!bucket) {
      bucket = new CapBucket<EventRecord>(cap, rec.capDay);
      day.set(cap, bucket);
    }
    rec.bucket = bucket;
    bucket.insert(rec, this.onAward);
  }

  /** Reverses exactly what `rec` earned; later events of its cap bucket are re-allocated. */
  private voidRecord(rec: EventRecord): void {
    if (rec.voided) return;
    rec.voided = true;
    for (const acc of rec.accs) countEvent(acc.stats, rec.event, -1);
    if (rec.late) {
      rec.late = false;
      const rep = this.reps.get(rec.event.repId);
      if (rep) this.countLate(rep, rec, -1);
    }
    this.setAward(rec, 0);
    if (rec.bucket) {
      rec.bucket.remove(rec, this.onAward);
      rec.bucket = null;
    }
  }

  private countLate(rep: RepState, rec: EventRecord, sign: number): void {
    let late = rep.late.get(rec.day);
    if (!late) {
      late = { events: 0, hours: new Array<number>(24).fill(0) };
      rep.late.set(rec.day, late);
    }
    late.events += sign;
    const hour = Math.floor(this.calendar.tz.localTime(rec.occurredAt).minuteOfDay / 60);
    late.hours[hour] = (late.hours[hour] as number) + sign;
    if (late.events === 0) rep.late.delete(rec.day);
  }

  apply(event: ScoringEvent): EngineChangeWithEvents {
    const rs = this.timeline.at(event.occurredAt);
    const isVoid = event.type === 'void';
    const rec: EventRecord = {
      occurredAt: event.occurredAt,
      source: event.source,
      externalId: event.externalId,
      value: 0,
      capMilli: 0,
      awarded: 0,
      usedBefore: Number.NaN,
      base: 0,
      applied: NO_FACTORS,
      cap: null,
      capDay: 0,
      note: null,
      event,
      isVoid,
      rs,
      voided: false,
      accs: NO_ACCUMULATORS,
      bucket: null,
      day: 0,
      late: false,
    };
    // One lookup: a second event with the same key is a no-op (idempotency).
    if (!this.records.add(event.source, event.externalId, rec)) {
      return { repIds: [], periods: [], tierChanges: [], events: [] };
    }
    const rep = this.repState(event.repId);
    const day = this.calendar.tz.dayNumberAt(event.occurredAt);
    rec.day = day;
    const accs = this.accumulators(rep, day);
    rec.accs = accs;
    const track = this.trackChanges;
    this.tracking = track;
    const target =
      isVoid && event.voids ? this.records.get(event.voids.source, event.voids.externalId) : undefined;
    // Tiers before, as seen at the event's time (and at the voided target's time).
    const tierBefore = track ? this.tierOfDay(rs, accs) : null;
    const targetTierBefore = track && target ? this.tierOfDay(target.rs, target.accs) : null;

    scoreInto(rs, event, rep.hours, rec);
    const dayRecords = rep.byDay.get(day);
    if (dayRecords) dayRecords.push(rec);
    else rep.byDay.set(day, [rec]);

    if (isVoid) {
      if (event.voids) {
        this.voidedBy.add(event.voids.source, event.voids.externalId, rec);
        if (target && !target.isVoid) this.voidRecord(target);
      }
    } else if (this.voidedBy.size > 0 && this.voidedBy.has(event.source, event.externalId)) {
      rec.voided = true;
    } else {
      this.activate(rec, rep);
    }

    if (!track) return { repIds: [], periods: [], tierChanges: [], events: [] };
    this.tracking = false;
    const tierChanges: Array<{ repId: string; from: string | null; to: string | null }> = [];
    const tierAfter = this.tierOfDay(rs, accs);
    if (tierAfter !== tierBefore) tierChanges.push({ repId: event.repId, from: tierBefore, to: tierAfter });
    if (target) {
      const after = this.tierOfDay(target.rs, target.accs);
      const repId = target.event.repId;
      if (
        after !== targetTierBefore &&
        !tierChanges.some((c) => c.repId === repId && c.from === targetTierBefore && c.to === after)
      )
        tierChanges.push({ repId, from: targetTierBefore, to: after });
    }
    const events: ChangedEvent[] = [];
    for (let i = 0; i < this.trRecs.length; i++) {
      const r = this.trRecs[i] as EventRecord;
      const previous = this.trRecBefore[i] as number;
      if (r.awarded === previous) continue;
      events.push({
        eventId: r.event.id,
        source: r.source,
        externalId: r.externalId,
        repId: r.event.repId,
        previousMilliPoints: previous,
        milliPoints: r.awarded,
      });
    }
    const repIds: string[] = [];
    const periods: PeriodRef[] = [];
    for (let i = 0; i < this.trAccs.length; i++) {
      const acc = this.trAccs[i] as Accumulator;
      if (acc.milli === this.trAccBefore[i]) continue;
      const repId = this.trAccRep[i] as string;
      if (!repIds.includes(repId)) repIds.push(repId);
      if (!periods.includes(acc.instance)) periods.push(acc.instance);
    }
    this.trAccs.length = 0;
    this.trAccBefore.length = 0;
    this.trAccRep.length = 0;
    this.trRecs.length = 0;
    this.trRecBefore.length = 0;
    return { repIds: repIds.sort(), periods, tierChanges, events };
  }

  applyMany(events: Iterable<ScoringEvent>): EngineChangeWithEvents {
    const repIds = new Set<string>();
    const periods = new Set<PeriodRef>();
    const tiers = new Map<string, { repId: string; from: string | null; to: string | null }>();
    const changed = new Map<string, ChangedEvent>();
    for (const event of events) {
      const c = this.apply(event);
      for (const r of c.repIds) repIds.add(r);
      for (const p of c.periods) periods.add(p);
      for (const t of c.tierChanges) {
        const prev = tiers.get(t.repId);
        tiers.set(t.repId, { repId: t.repId, from: prev ? prev.from : t.from, to: t.to });
      }
      for (const e of c.events) {
        const k = eventKey(e.source, e.externalId);
        const prev = changed.get(k);
        changed.set(k, prev ? { ...e, previousMilliPoints: prev.previousMilliPoints } : e);
      }
    }
    return {
      repIds: [...repIds].sort(),
      periods: [...periods],
      tierChanges: [...tiers.values()].filter((t) => t.from !== t.to),
      events: [...changed.values()].filter((e) => e.milliPoints !== e.previousMilliPoints),
    };
  }

  /** The rep's records whose org-local day falls in the instants [from, to) (day-aligned bounds). */
  private recordsIn(repId: string, from: number, to: number): EventRecord[] {
    const rep = this.reps.get(repId);
    if (!rep) return [];
    const tz = this.calendar.tz;
    const first = tz.dayNumberAt(from);
    const last = tz.dayNumberAt(to - 1);
    const out: EventRecord[] = [];
    if (last - first + 1 > rep.byDay.size) {
      for (const [day, recs] of rep.byDay) if (day >= first && day <= last) for (const r of recs) out.push(r);
    } else {
      for (let day = first; day <= last; day++) {
        const recs = rep.byDay.get(day);
        if (recs) for (const r of recs) out.push(r);
      }
    }
    return out;
  }

  /**
   * Burnout facts of one rep over org-local days [fromDay, toDay): the cap buckets of those days
   * with an event that counts, and the activity outside working hours per day. Costs the number of
   * days, not of events.
   */
  burnoutDays(repId: string, fromDay: number, toDay: number): BurnoutDayFacts {
    const caps: CapUsage[] = [];
    const late = new Map<number, { events: number; hours: number[] }>();
    const rep = this.reps.get(repId);
    if (!rep) return { caps, late };
    for (let day = fromDay; day < toDay; day++) {
      const buckets = rep.buckets.get(day);
      if (buckets)
        for (const b of buckets.values()) {
          if (b.items.length === 0) continue;
          const cap = b.cap();
          const used = b.used();
          caps.push({
            category: b.category,
            day: dayKey(b.day),
            capMilliPoints: cap,
            usedMilliPoints: used,
            reached: used >= cap,
          });
        }
      const l = rep.late.get(day);
      if (l)
        late.set(day, {
          events: l.events,
          hours: l.hours.flatMap((n, hour) => (n > 0 ? [hour] : [])),
        });
    }
    return { caps, late };
  }

  /** Org-local days before this one are rolled out: their events are not in memory (see `rollOut`). */
  get horizonDay(): number {
    return this.horizon;
  }

  private horizon = Number.NEGATIVE_INFINITY;

  /** Whether an instant falls on a rolled-out day (its events are scored from the ledger on demand). */
  isRolledOut(at: number): boolean {
    return this.calendar.tz.dayNumberAt(at) < this.horizon;
  }

  /** Whether the engine holds an event with this key. */
  holds(source: string, externalId: string): boolean {
    return this.records.has(source, externalId);
  }

  /** Number of org-local rep-days with events in memory. */
  get repDays(): number {
    let n = 0;
    for (const rep of this.reps.values()) n += rep.byDay.size;
    return n;
  }

  /** What one rep's org-local day contributes now (its records in memory). */
  daySummary(repId: string, day: number): DaySummary {
    const stats = emptyStats();
    let milli = 0;
    const recs = this.reps.get(repId)?.byDay.get(day) ?? [];
    for (const r of recs) {
      milli += r.awarded;
      if (!r.isVoid && !r.voided) countEvent(stats, r.event, 1);
    }
    return { repId, day, milli, stats, records: recs.length };
  }

  /** Summaries of every rep-day of org-local days [fromDay, toDay) in memory with something to count. */
  summaries(fromDay: number, toDay: number): DaySummary[] {
    const out: DaySummary[] = [];
    for (const rep of this.reps.values())
      for (const d of rep.byDay.keys()) {
        if (d < fromDay || d >= toDay) continue;
        const summary = this.daySummary(rep.id, d);
        if (summary.records > 0) out.push(summary);
      }
    return out.sort((a, b) => (a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : a.day - b.day));
  }

  /**
   * Drops the events of every org-local day before `day` from memory; the running totals keep what
   * they contributed. Returns the summaries of the rolled-out rep-days that were whole in memory
   * (days from the previous horizon on; records before it are voids kept only to cancel targets).
   * Summaries and totals stay exact when every rule-set version shares the org time zone (a cap
   * bucket is then inside one org day).
   */
  rollOut(day: number): DaySummary[] {
    if (day <= this.horizon) return [];
    const out = this.summaries(this.horizon, day);
    const dropped: EventRecord[] = [];
    for (const rep of this.reps.values()) {
      for (const [d, recs] of rep.byDay) {
        if (d >= day) continue;
        for (const r of recs) dropped.push(r);
        rep.byDay.delete(d);
        rep.days.delete(d);
        rep.late.delete(d);
      }
      for (const d of rep.buckets.keys()) if (d < day) rep.buckets.delete(d);
    }
    for (const r of dropped) this.records.delete(r.source, r.externalId);
    for (const r of dropped) {
      const target = r.isVoid ? r.event.voids : undefined;
      // A void whose target is not held may still cancel it when it arrives later: keep that one.
      if (target && this.records.has(target.source, target.externalId))
        this.voidedBy.delete(target.source, target.externalId);
      if (!r.isVoid) this.voidedBy.delete(r.source, r.externalId);
    }
    this.horizon = day;
    return out;
  }

  /** Adds rolled-out days' summaries into the running totals (start-up; no change reports). */
  loadSummaries(summaries: Iterable<DaySummary>): void {
    for (const s of summaries) {
      if (s.records === 0) continue;
      const accs = this.accumulators(this.repState(s.repId), s.day);
      for (const acc of accs) addSummary(acc, s, 1);
      // Only the totals are kept: the day's map entry is rebuilt when needed.
      this.repState(s.repId).days.delete(s.day);
    }
  }

  /**
   * A rolled-out rep-day was scored again (a late event or a void reached it): its contribution
   * moves from `before` to `after` in the running totals. Reports the change like `apply`.
   */
  replaceDay(before: DaySummary | null, after: DaySummary): EngineChangeWithEvents {
    if (after.records === 0 && (before === null || before.records === 0))
      return { repIds: [], periods: [], tierChanges: [], events: [] };
    const rep = this.repState(after.repId);
    const accs = this.accumulators(rep, after.day);
    const at = this.calendar.tz.startOfDay(after.day);
    const rs = this.timeline.at(at);
    const tierBefore = this.tierOfDay(rs, accs);
    const milliBefore = accs.map((a) => a.milli);
    for (const acc of accs) {
      if (before) addSummary(acc, before, -1);
      addSummary(acc, after, 1);
    }
    rep.days.delete(after.day);
    const tierAfter = this.tierOfDay(rs, accs);
    const moved = accs.some((a, i) => a.milli !== milliBefore[i]);
    return {
      repIds: moved ? [after.repId] : [],
      periods: moved ? accs.filter((a, i) => a.milli !== milliBefore[i]).map((a) => a.instance) : [],
      tierChanges: tierAfter !== tierBefore ? [{ repId: after.repId, from: tierBefore, to: tierAfter }] : [],
      events: [],
    };
  }

  periodAt(period: Period, at: number): PeriodInstance {
    return this.calendar.periodAt(period, at);
  }

  /**
   * Whether `at` is inside the working hours that apply to the rep (their own, else the rule set's
   * in force at `at`); true when no working hours are set.
   */
  isWorkingTime(repId: string, at: number): boolean {
    const rs = this.timeline.at(at);
    const hours = this.reps.get(repId)?.hours ?? rs.workingHours;
    return !hours || !isOutsideHours(rs, hours, at);
  }

  /** Running total of a rep in the instance of `period` containing `at`, milli-points. */
  totalAt(repId: string, period: Period, at: number): number {
    const acc = this.reps.get(repId)?.instances.get(instanceKey(period, this.calendar.keysAt(at)[period]));
    return acc ? acc.milli : 0;
  }

  /** Milli-points and gate counters of a rep in the instance of `period` containing `at`. */
  stats(repId: string, period: Period, at: number): RepPeriodStats {
    const periodKey = this.calendar.keysAt(at)[period];
    const acc = this.reps.get(repId)?.instances.get(instanceKey(period, periodKey));
    return {
      repId,
      period,
      periodKey,
      milliPoints: acc ? acc.milli : 0,
      ...(acc ? acc.stats : emptyStats()),
    };
  }

  /** The rep's tier in the tier period containing `at`, under the rule set version in effect at `at`. */
  tierAt(repId: string, at: number): string | null {
    const rs = this.timeline.at(at);
    if (rs.tiers.length === 0) return null;
    const period = rs.tierPeriod;
    const acc = this.reps.get(repId)?.instances.get(instanceKey(period, this.calendar.keysAt(at)[period]));
    return tierFor(rs.tiers, acc ? acc.milli : 0, acc ? acc.stats : emptyStats())?.name ?? null;
  }

  board(period: Period, at: number, scope: BoardScope = ALL_SCOPE): RankedRow[] {
    const k = instanceKey(period, this.calendar.keysAt(at)[period]);
    const day = this.calendar.tz.dayNumberAt(at);
    const earlier = scope.kind === 'improved' ? this.earlierInstanceKeys(period, at) : [];
    const rows: Array<Omit<RankedRow, 'rank'>> = [];
    for (const rep of this.reps.values()) {
      const p = rep.profile;
      if (!p || !p.active) continue;
      if (scope.kind === 'team' && p.teamId !== scope.teamId) continue;
      if (scope.kind === 'tenure' && tenureBand(p.startedOn, day) !== scope.band) continue;
      const milli = rep.instances.get(k)?.milli ?? 0;
      let improvement: Pick<RankedRow, 'rankValue' | 'baselineMilliPoints'> = {};
      if (scope.kind === 'improved') {
        // Before the rep's first active instance there is nothing to compare; after it, a gap is 0.
        let active = false;
        const values = earlier.map((key) => {
          const value = rep.instances.get(key)?.milli;
          active ||= value !== undefined;
          return active ? (value ?? 0) : undefined;
        });
        const baseline = trailingBaseline(values);
        const change = improvementBp(milli, baseline);
        if (baseline === null || change === null) continue;
        improvement = { rankValue: change, baselineMilliPoints: baseline };
      }
      rows.push({
        ...improvement,
        repId: p.id,
        key: p.key,
        name: p.name,
        teamId: p.teamId,
        photoUrl: p.photoUrl ?? null,
        milliPoints: milli,
        points: milliToPoints(milli),
        tier: this.tierAt(p.id, at),
      });
    }
    return rankRows(rows);
  }

  /** Keys of the BASELINE_INSTANCES instances of `period` before the one containing `at`, oldest first. */
  private earlierInstanceKeys(period: Period, at: number): string[] {
    const keys: string[] = [];
    let from = this.calendar.periodAt(period, at).from;
    for (let i = 0; i < BASELINE_INSTANCES; i++) {
      const previous = this.calendar.periodAt(period, from - 1);
      keys.unshift(instanceKey(period, previous.periodKey));
      from = previous.from;
    }
    return keys;
  }

  scopesOf(repId: string, at: number): BoardScope[] {
    const profile = this.reps.get(repId)?.profile;
    const scopes: BoardScope[] = [ALL_SCOPE, { kind: 'improved' }];
    if (profile?.teamId) scopes.push({ kind: 'team', teamId: profile.teamId });
    const band = tenureBand(profile?.startedOn, this.calendar.tz.dayNumberAt(at));
    if (band) scopes.push({ kind: 'tenure', band });
    return scopes;
  }

  breakdown(repId: string, period: Period, at: number): BreakdownResponse {
    const instance = this.periodAt(period, at);
    const recs = this.recordsIn(repId, instance.from, instance.to);
    recs.sort(compareItems);
    let milli = 0;
    const buckets = new Set<CapBucket<EventRecord>>();
    const lineItems = recs.map((r) => {
      milli += r.awarded;
      if (r.bucket) buckets.add(r.bucket);
      return this.lineItem(r);
    });
    const caps: CapUsage[] = [...buckets]
      .map((b) => {
        const cap = b.cap();
        const used = b.used();
        return {
          category: b.category,
          day: dayKey(b.day),
          capMilliPoints: cap,
          usedMilliPoints: used,
          reached: used >= cap,
        };
      })
      .sort((a, b) =>
        a.day < b.day
          ? -1
          : a.day > b.day
            ? 1
            : a.category < b.category
              ? -1
              : a.category > b.category
                ? 1
                : 0,
      );
    return {
      repId,
      period,
      from: new Date(instance.from).toISOString(),
      to: new Date(instance.to).toISOString(),
      points: milliToPoints(milli),
      milliPoints: milli,
      caps,
      lineItems,
      tierProgress: this.tierProgress(repId, at),
    };
  }

  /** The rep's tier in the tier period containing `at` and what the next one up needs. */
  tierProgress(repId: string, at: number): TierProgress {
    const rs = this.timeline.at(at);
    const instance = this.periodAt(rs.tierPeriod, at);
    const acc = this.reps.get(repId)?.instances.get(instanceKey(rs.tierPeriod, instance.periodKey));
    const milliPoints = acc ? acc.milli : 0;
    return {
      period: rs.tierPeriod,
      from: new Date(instance.from).toISOString(),
      to: new Date(instance.to).toISOString(),
      milliPoints,
      ...tierStanding(rs.tiers, milliPoints, acc ? acc.stats : emptyStats()),
      currency: rs.document.currency,
    };
  }

  private lineItem(r: EventRecord): LineItem {
    const e = r.event;
    const reasons = r.applied.map((a) => a.reason);
    if (r.note !== null) reasons.push(r.note);
    let capped = 0;
    if (r.isVoid) {
      const target = e.voids ? this.records.get(e.voids.source, e.voids.externalId) : undefined;
      if (!e.voids) reasons.push('void without a target: no effect');
      else if (!target) reasons.push(`voids ${e.voids.source}/${e.voids.externalId} (not received yet)`);
      else if (target.isVoid)
        reasons.push(`void of a void (${e.voids.source}/${e.voids.externalId}): no effect`);
      else reasons.push(`voids ${e.voids.source}/${e.voids.externalId}`);
    } else if (r.voided) {
      reasons.push('voided');
    } else if (r.bucket && r.awarded < r.value) {
      capped = r.value - r.awarded;
      reasons.push(`cap "${r.bucket.category}" reached`);
    }
    return {
      eventId: e.id,
      source: e.source,
      externalId: e.externalId,
      type: e.type,
      occurredAt: new Date(e.occurredAt).toISOString(),
      attributes: e.attributes,
      base: r.base,
      factors: r.applied.map((a) => ({ rule: a.label, factor: a.factor })),
      capped,
      cap: r.cap,
      milliPoints: r.awarded,
      points: milliToPoints(r.awarded),
      reasons,
      voided: r.voided,
    };
  }

  /** Milli-points awarded to one event (0 when unknown, voided or a void). */
  awardedOf(source: string, externalId: string): number {
    return this.records.get(source, externalId)?.awarded ?? 0;
  }

  /** Every event's award, sorted by key: handy to compare engines. */
  awards(): Array<{
    source: string;
    externalId: string;
    repId: string;
    occurredAt: number;
    milliPoints: number;
    voided: boolean;
  }> {
    return [...this.records.values()]
      .sort((a, b) => compareKeys(a, b))
      .map((r) => ({
        source: r.source,
        externalId: r.externalId,
        repId: r.event.repId,
        occurredAt: r.occurredAt,
        milliPoints: r.awarded,
        voided: r.voided,
      }));
  }

  /** Usage of every cap bucket: (rep, category, local day) with used and cap milli-points. */
  capUsage(): Array<{ repId: string } & CapUsage> {
    const out: Array<{ repId: string } & CapUsage> = [];
    for (const rep of this.reps.values()) {
      for (const b of [...rep.buckets.values()].flatMap((m) => [...m.values()])) {
        if (b.items.length === 0) continue;
        const cap = b.cap();
        const used = b.used();
        out.push({
          repId: rep.id,
          category: b.category,
          day: dayKey(b.day),
          capMilliPoints: cap,
          usedMilliPoints: used,
          reached: used >= cap,
        });
      }
    }
    return out.sort((a, b) => (a.repId + a.day + a.category < b.repId + b.day + b.category ? -1 : 1));
  }

  /** Totals and counters per rep over events with occurredAt in [from, to). */
  windowSummary(from: number, to: number): Map<string, { milli: number; stats: RepStats }> {
    const out = new Map<string, { milli: number; stats: RepStats }>();
    for (const r of this.records.values()) {
      if (r.occurredAt < from || r.occurredAt >= to) continue;
      let s = out.get(r.event.repId);
      if (!s) {
        s = { milli: 0, stats: emptyStats() };
        out.set(r.event.repId, s);
      }
      s.milli += r.awarded;
      if (!r.isVoid && !r.voided) countEvent(s.stats, r.event, 1);
    }
    return out;
  }

  /** Known rep profiles. */
  repProfiles(): RepProfile[] {
    return [...this.reps.values()].flatMap((r) => (r.profile ? [r.profile] : []));
  }

  /** One rep's profile (undefined for a key seen only in events, or an unknown id). */
  repProfile(repId: string): RepProfile | undefined {
    return this.reps.get(repId)?.profile ?? undefined;
  }

  projection(): ProjectionRow[] {
    const rows: ProjectionRow[] = [];
    for (const rep of this.reps.values()) {
      for (const acc of rep.instances.values()) {
        rows.push({ repId: rep.id, period: acc.period, periodKey: acc.periodKey, milliPoints: acc.milli });
      }
    }
    const order = (p: Period): number => PERIODS.indexOf(p);
    return rows.sort(
      (a, b) =>
        (a.repId < b.repId ? -1 : a.repId > b.repId ? 1 : 0) ||
        order(a.period) - order(b.period) ||
        (a.periodKey < b.periodKey ? -1 : a.periodKey > b.periodKey ? 1 : 0),
    );
  }
}

function addSummary(acc: Accumulator, s: DaySummary, sign: number): void {
  acc.milli += sign * s.milli;
  const a = acc.stats;
  const b = s.stats;
  a.dealsWon += sign * b.dealsWon;
  a.leadsConverted += sign * b.leadsConverted;
  a.leadsResponded += sign * b.leadsResponded;
  a.demosHeld += sign * b.demosHeld;
  a.callsConnected += sign * b.callsConnected;
  a.events += sign * b.events;
}

/** Full recompute: sorts by (occurredAt, source, externalId) and applies without change reports. */
export function replay(options: EngineOptions, events: Iterable<ScoringEvent>): ScoringEngine {
  const engine = new ScoringEngine(options);
  const sorted = [...events].sort(compareItems);
  engine.trackChanges = false;
  for (const e of sorted) engine.apply(e);
  engine.trackChanges = true;
  return engine;
}
