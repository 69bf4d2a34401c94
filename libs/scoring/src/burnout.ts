/**
 * The burnout guard (SPEC section 6): per rep per local day, activity against each daily cap,
 * activity outside the rep's working hours, and the streaks that say overload.
 *
 * `computeBurnout` is the pure core over a rep's line items and cap usage; `repBurnout` and
 * `burnoutReport` read those from the engine's public surface (one month breakdown at a time).
 */
import {
  ACTIVITY_EVENT_TYPES,
  DEFAULT_BURNOUT_THRESHOLDS,
  type BurnoutCapDay,
  type BurnoutDay,
  type BurnoutFlag,
  type BurnoutRep,
  type BurnoutResponse,
  type BurnoutThresholds,
  type CapUsage,
  type LineItem,
  type RuleSetDocument,
} from '@leaderboard/contracts';
import type { ScoringEngine } from './engine.js';
import { compileWorkingHours, type CompiledWorkingHours } from './rule-set.js';
import { dayKey, dayNumberOf, weekdayOf } from './time-zone.js';

/** Days read before the window so that a streak running into it has its length. */
export const BURNOUT_LOOKBACK_DAYS = 31;

const ACTIVITY = new Set<string>(ACTIVITY_EVENT_TYPES);

/** The thresholds of a rule set document: its `burnout` key over the defaults. */
export function burnoutThresholds(doc: RuleSetDocument): BurnoutThresholds {
  return { ...DEFAULT_BURNOUT_THRESHOLDS, ...(doc.burnout ?? {}) };
}

/** Local days `[fromDay, toDay)` (days since 1970-01-01 in the org zone); `today` is in progress. */
export interface BurnoutRange {
  fromDay: number;
  toDay: number;
  today: number;
}

/** How the core sees time for one rep (the engine adapter answers from the rule sets). */
export interface BurnoutCalendar {
  /** Local day number of an instant. */
  dayOf(t: number): number;
  /** Local clock hour (0..23) of an instant. */
  hourOf(t: number): number;
  /** Is the instant outside the rep's working hours? */
  isOutside(t: number): boolean;
  /** Is the local day one of the rep's working weekdays? */
  isWorkingDay(day: number): boolean;
}

export interface BurnoutFacts {
  /** The rep's line items covering the window and the lookback before it (others are ignored). */
  lineItems: readonly LineItem[];
  /** The rep's cap buckets (`day` as `YYYY-MM-DD`). */
  caps: readonly CapUsage[];
}

export interface RepBurnout {
  days: BurnoutDay[];
  flags: BurnoutFlag[];
}

function dayNumberOfKey(key: string): number {
  const [y, m, d] = key.split('-').map(Number);
  return dayNumberOf(y as number, m as number, d as number);
}

interface DayFacts {
  caps: Map<string, BurnoutCapDay>;
  afterHoursEvents: number;
  hours: Set<number>;
}

/**
 * Days of the window with their streaks, and the flags at its end. Streaks:
 * - at a cap: working days in a row where the cap was reached; a day off neither breaks nor counts;
 * - after hours: calendar days in a row with activity (not voided) outside working hours.
 * `today` is not over: a today that has not (yet) reached a cap or worked late does not break the
 * streak the flags are judged on.
 */
export function computeBurnout(
  facts: BurnoutFacts,
  calendar: BurnoutCalendar,
  range: BurnoutRange,
  thresholds: BurnoutThresholds,
): RepBurnout {
  const start = range.fromDay - BURNOUT_LOOKBACK_DAYS;
  const days = new BurnoutDays();
  for (const cap of facts.caps) {
    const day = dayNumberOfKey(cap.day);
    if (day < start || day >= range.toDay) continue;
    days.cap(day, cap);
  }
  for (const item of facts.lineItems) {
    if (item.voided || !ACTIVITY.has(item.type)) continue;
    const t = Date.parse(item.occurredAt);
    const day = calendar.dayOf(t);
    if (day < start || day >= range.toDay) continue;
    const f = days.of(day);
    if (item.cap !== null) {
      const cap = f.caps.get(item.cap);
      if (cap) cap.attemptedMilliPoints += item.milliPoints + item.capped;
    }
    if (calendar.isOutside(t)) {
      f.afterHoursEvents++;
      f.hours.add(calendar.hourOf(t));
    }
  }
  return streaks(days, calendar, range, thresholds);
}

/** Per-day facts of one rep (caps, activity outside hours) as the streaks read them. */
class BurnoutDays {
  readonly byDay = new Map<number, DayFacts>();
  readonly categories = new Set<string>();

  of(day: number): DayFacts {
    let f = this.byDay.get(day);
    if (!f) {
      f = { caps: new Map(), afterHoursEvents: 0, hours: new Set() };
      this.byDay.set(day, f);
    }
    return f;
  }

  cap(day: number, cap: CapUsage): void {
    this.categories.add(cap.category);
    this.of(day).caps.set(cap.category, {
      category: cap.category,
      capMilliPoints: cap.capMilliPoints,
      usedMilliPoints: cap.usedMilliPoints,
      attemptedMilliPoints: 0,
      reached: cap.reached,
    });
  }
}

function streaks(
  facts: BurnoutDays,
  calendar: BurnoutCalendar,
  range: BurnoutRange,
  thresholds: BurnoutThresholds,
): RepBurnout {
  const start = range.fromDay - BURNOUT_LOOKBACK_DAYS;
  const byDay = facts.byDay;
  const categories = facts.categories;
  const catStreak = new Map<string, number>();
  let anyStreak = 0;
  let lateStreak = 0;
  // The streaks as they stood before `today` (for the flags, when today has not counted yet).
  let beforeToday: { cat: Map<string, number>; any: number; late: number } | null = null;
  const days: BurnoutDay[] = [];
  for (let day = start; day < range.toDay; day++) {
    if (day === range.today) beforeToday = { cat: new Map(catStreak), any: anyStreak, late: lateStreak };
    const f = byDay.get(day);
    const working = calendar.isWorkingDay(day);
    const caps = f ? [...f.caps.values()].sort((a, b) => (a.category < b.category ? -1 : 1)) : [];
    const reached = caps.some((c) => c.reached);
    if (working) {
      for (const category of categories)
        catStreak.set(category, f?.caps.get(category)?.reached ? (catStreak.get(category) ?? 0) + 1 : 0);
      anyStreak = reached ? anyStreak + 1 : 0;
    }
    const late = f?.afterHoursEvents ?? 0;
    lateStreak = late > 0 ? lateStreak + 1 : 0;
    if (day >= range.fromDay)
      days.push({
        day: dayKey(day),
        workingDay: working,
        caps,
        capReached: reached,
        afterHoursEvents: late,
        afterHoursHours: f?.hours.size ?? 0,
        capStreak: anyStreak,
        afterHoursStreak: lateStreak,
      });
  }

  // Today still running and not (yet) counted: judge on the streaks up to yesterday.
  const last = range.toDay - 1;
  const pending = last === range.today && beforeToday !== null ? beforeToday : null;
  const flags: BurnoutFlag[] = [];
  for (const category of [...categories].sort()) {
    let n = catStreak.get(category) ?? 0;
    if (n === 0 && pending) n = pending.cat.get(category) ?? 0;
    if (n >= thresholds.capStreakDays)
      flags.push({ kind: 'cap_streak', category, days: n, threshold: thresholds.capStreakDays });
  }
  const any = anyStreak === 0 && pending ? pending.any : anyStreak;
  if (flags.length === 0 && any >= thresholds.capStreakDays)
    flags.push({ kind: 'cap_streak', category: null, days: any, threshold: thresholds.capStreakDays });
  const lateNow = lateStreak === 0 && pending ? pending.late : lateStreak;
  if (lateNow >= thresholds.afterHoursStreakDays)
    flags.push({ kind: 'after_hours_streak', days: lateNow, threshold: thresholds.afterHoursStreakDays });
  return { days, flags };
}

/** The calendar of one rep as the engine scores them (their own working hours, else the rule set's). */
export function burnoutCalendar(engine: ScoringEngine, repId: string): BurnoutCalendar {
  const profile = engine.repProfiles().find((rep) => rep.id === repId);
  const own: CompiledWorkingHours | null = profile?.workingHours
    ? compileWorkingHours(profile.workingHours)
    : null;
  const tz = engine.calendar.tz;
  return {
    dayOf: (t) => tz.dayNumberAt(t),
    hourOf: (t) => Math.floor(tz.localTime(t).minuteOfDay / 60),
    isOutside: (t) => !engine.isWorkingTime(repId, t),
    isWorkingDay: (day) => {
      const hours = own ?? engine.timeline.at(tz.startOfDay(day)).workingHours;
      return !hours || hours.weekdays[weekdayOf(day)] === true;
    },
  };
}

/** One rep's days and flags over `range`, read from the engine. */
export function repBurnout(
  engine: ScoringEngine,
  repId: string,
  range: BurnoutRange,
  thresholds: BurnoutThresholds,
): RepBurnout {
  const tz = engine.calendar.tz;
  const end = tz.startOfDay(range.toDay);
  const lineItems: LineItem[] = [];
  const caps: CapUsage[] = [];
  let at = tz.startOfDay(range.fromDay - BURNOUT_LOOKBACK_DAYS);
  while (at < end) {
    const month = engine.breakdown(repId, 'month', at);
    for (const item of month.lineItems) lineItems.push(item);
    for (const cap of month.caps) caps.push(cap);
    at = Date.parse(month.to);
  }
  return computeBurnout({ lineItems, caps }, burnoutCalendar(engine, repId), range, thresholds);
}

/** The thresholds in force at instant `at` (the rule set version then). */
export function thresholdsAt(engine: ScoringEngine, at: number): BurnoutThresholds {
  return burnoutThresholds(engine.timeline.at(at).document);
}

/**
 * Does the rep's pattern say overload now (flags over the days up to today)? Read from the
 * engine's per-day facts (cap buckets, activity outside hours): its cost is the number of days
 * looked back, not the rep's events. Agrees with `repBurnout`'s flags (burnout.spec.ts).
 */
export function isOverloaded(engine: ScoringEngine, repId: string, now: number): boolean {
  const today = engine.calendar.tz.dayNumberAt(now);
  const range = { fromDay: today, toDay: today + 1, today };
  const start = range.fromDay - BURNOUT_LOOKBACK_DAYS;
  const facts = engine.burnoutDays(repId, start - 1, range.toDay + 1);
  const days = new BurnoutDays();
  for (const cap of facts.caps) {
    const day = dayNumberOfKey(cap.day);
    if (day >= start && day < range.toDay) days.cap(day, cap);
  }
  for (const [day, late] of facts.late) {
    if (day < start || day >= range.toDay) continue;
    const f = days.of(day);
    f.afterHoursEvents += late.events;
    for (const hour of late.hours) f.hours.add(hour);
  }
  return streaks(days, burnoutCalendar(engine, repId), range, thresholdsAt(engine, now)).flags.length > 0;
}

/** The longest streak among a rep's flags (for ordering). */
function weight(rep: BurnoutRep): number {
  return rep.flags.reduce((max, flag) => Math.max(max, flag.days), 0);
}

/**
 * Every active rep (optionally one team, or the given reps) over local days `[fromDay, toDay)`:
 * flagged first, longest streak first, then by name.
 */
export function burnoutReport(
  engine: ScoringEngine,
  range: BurnoutRange,
  filter: { teamId?: string; repIds?: readonly string[] } = {},
): BurnoutResponse {
  const tz = engine.calendar.tz;
  const thresholds = thresholdsAt(engine, tz.startOfDay(range.toDay - 1));
  const reps: BurnoutRep[] = engine
    .repProfiles()
    .filter(
      (p) =>
        (filter.repIds ? filter.repIds.includes(p.id) : p.active) &&
        (filter.teamId === undefined || p.teamId === filter.teamId),
    )
    .map((p) => {
      const { days, flags } = repBurnout(engine, p.id, range, thresholds);
      return { repId: p.id, name: p.name, teamId: p.teamId, flagged: flags.length > 0, flags, days };
    });
  reps.sort(
    (a, b) =>
      Number(b.flagged) - Number(a.flagged) ||
      weight(b) - weight(a) ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
      (a.repId < b.repId ? -1 : 1),
  );
  return {
    from: dayKey(range.fromDay),
    to: dayKey(range.toDay - 1),
    timezone: tz.zone,
    thresholds,
    reps,
  };
}

/** Local day number of a `YYYY-MM-DD` text, or null when it is not a calendar date. */
export function parseDayKey(text: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const day = dayNumberOfKey(text);
  return dayKey(day) === text ? day : null;
}
