/** Scoring of one event under one rule set version: base, factors, cap category. No caps applied. */
import { ACTIVITY_EVENT_TYPES, type AttributeValue, type FactorItem } from '@leaderboard/contracts';
import { compiledHolds, type CompiledCondition } from './conditions.js';
import type { ScoringEvent } from './engine-api.js';
import { applyFactor, mulDivHalfEven } from './milli.js';
import type {
  AppliedFactor,
  CompiledRule,
  CompiledRuleSet,
  CompiledWeight,
  CompiledWorkingHours,
} from './rule-set.js';
import { DAY_MS } from './time-zone.js';

const ACTIVITY = new Set<string>(ACTIVITY_EVENT_TYPES);

export function isActivityType(type: string): boolean {
  return ACTIVITY.has(type);
}

export const NO_FACTORS: readonly AppliedFactor[] = Object.freeze([]);

/** The score of one event before caps. Factors and reasons are built only when asked for. */
export class EventScore {
  constructor(
    /** Raw value before factors, milli-points. */
    readonly base: number,
    /** Value after every factor, before the cap. */
    readonly value: number,
    /** Factors that applied, in order (shared compiled objects). */
    readonly applied: readonly AppliedFactor[],
    readonly cap: string | null,
    readonly capMilli: number,
    /** Local day number (rule set time zone) of the event. */
    readonly capDay: number,
    /** Set when the event's type has no rule. */
    readonly note: string | null = null,
  ) {}

  get factors(): FactorItem[] {
    return this.applied.map((a) => ({ rule: a.label, factor: a.factor }));
  }

  get reasons(): string[] {
    const reasons = this.applied.map((a) => a.reason);
    if (this.note !== null) reasons.push(this.note);
    return reasons;
  }
}

function parseInstant(v: AttributeValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** Attributes computed from others; an event's own attribute of the same name is never read. */
export const DERIVED_ATTRIBUTES: readonly string[] = ['responseMinutes', 'marginPct'];

const hasOwn = (object: object, name: string): boolean => Object.prototype.hasOwnProperty.call(object, name);

/**
 * An attribute or a derived one: `responseMinutes` (occurredAt - leadCreatedAt, minutes) and
 * `marginPct` (margin x 100 / amount; undefined when amount is missing or 0). Own properties only:
 * a condition on `constructor`, `toString` or `__proto__` sees an absent attribute, never what the
 * object inherits. A derived name is always derived (an event cannot send its own `responseMinutes`).
 */
export function attributeOf(event: ScoringEvent, name: string): AttributeValue | undefined {
  if (name === 'responseMinutes') {
    const created = parseInstant(event.attributes['leadCreatedAt']);
    return created === undefined ? undefined : (event.occurredAt - created) / 60_000;
  }
  if (name === 'marginPct') {
    const margin = event.attributes['margin'];
    const amount = event.attributes['amount'];
    if (typeof margin !== 'number' || typeof amount !== 'number' || amount === 0) return undefined;
    return (margin * 100) / amount;
  }
  return hasOwn(event.attributes, name) ? event.attributes[name] : undefined;
}

/** Is local instant `t` outside the working hours (weekday not listed, or time outside [start, end))? */
export function isOutsideHours(rs: CompiledRuleSet, hours: CompiledWorkingHours, t: number): boolean {
  const local = t + rs.tz.offsetAt(t);
  const day = Math.floor(local / DAY_MS);
  const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
  if (!hours.weekdays[weekday]) return true;
  const minute = Math.floor((local - day * DAY_MS) / 60_000);
  return minute < hours.startMinute || minute >= hours.endMinute;
}

/** The plain fields of a score, written by scoreInto (the engine keeps them on its records). */
export interface ScoreFields {
  base: number;
  value: number;
  applied: readonly AppliedFactor[];
  cap: string | null;
  capMilli: number;
  capDay: number;
  note: string | null;
}

/** Scores `event` into `out` without allocating (factor lists are shared per combination). */
export function scoreInto(
  rs: CompiledRuleSet,
  event: ScoringEvent,
  repHours: CompiledWorkingHours | null | undefined,
  out: ScoreFields,
): void {
  out.capDay = rs.tz.dayNumberAt(event.occurredAt);
  const rule = event.type === 'void' ? undefined : rs.rules.get(event.type);
  if (!rule) {
    out.base = 0;
    out.value = 0;
    out.applied = NO_FACTORS;
    out.cap = null;
    out.capMilli = 0;
    out.note = event.type === 'void' ? null : `no rule for ${event.type}`;
    return;
  }
  let base = rule.points1000;
  if (rule.perAmount) {
    const amount = event.attributes['amount'];
    if (typeof amount === 'number' && Number.isFinite(amount)) {
      base += mulDivHalfEven(Math.round(amount), rule.perAmount.points1000, rule.perAmount.unit);
    }
  }
  let value = base;
  let mask = 0;
  const weights = rule.weights;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as CompiledWeight;
    let holds = true;
    for (let j = 0; j < w.conditions.length; j++) {
      const [attr, tests] = w.conditions[j] as [string, CompiledCondition];
      if (!compiledHolds(attributeOf(event, attr), tests)) {
        holds = false;
        break;
      }
    }
    if (!holds) continue;
    value = applyFactor(value, w.factor1000);
    mask |= 2 ** i;
  }
  const hours = repHours ?? rs.workingHours;
  let outside = false;
  if (hours && ACTIVITY.has(event.type) && isOutsideHours(rs, hours, event.occurredAt)) {
    value = applyFactor(value, hours.outsideFactor1000);
    outside = true;
  }
  out.base = base;
  out.value = value;
  out.applied = appliedList(rule, mask, outside ? hours : null, hours === rs.workingHours);
  out.cap = rule.cap !== null && rs.caps.has(rule.cap) ? rule.cap : null;
  out.capMilli = out.cap === null ? 0 : (rs.caps.get(out.cap) as number);
  out.note = null;
}

function appliedList(
  rule: CompiledRule,
  mask: number,
  hours: CompiledWorkingHours | null,
  shareable: boolean,
): readonly AppliedFactor[] {
  if (mask === 0 && hours === null) return NO_FACTORS;
  const build = (): AppliedFactor[] => {
    const list: AppliedFactor[] = rule.weights.filter((_, i) => (mask & (2 ** i)) !== 0);
    if (hours) list.push(hours.applied);
    return list;
  };
  if (!shareable || rule.weights.length > 30) return build();
  const key = hours ? -mask - 1 : mask;
  let list = rule.appliedCache.get(key);
  if (!list) {
    list = Object.freeze(build());
    rule.appliedCache.set(key, list);
  }
  return list;
}

export function scoreEvent(
  rs: CompiledRuleSet,
  event: ScoringEvent,
  repHours: CompiledWorkingHours | null | undefined,
): EventScore {
  const s: ScoreFields = {
    base: 0,
    value: 0,
    applied: NO_FACTORS,
    cap: null,
    capMilli: 0,
    capDay: 0,
    note: null,
  };
  scoreInto(rs, event, repHours, s);
  return new EventScore(s.base, s.value, s.applied, s.cap, s.capMilli, s.capDay, s.note);
}
