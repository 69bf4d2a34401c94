/** A rule set version compiled for fast scoring: integer factors, labels, cap values in milli. */
import type { Condition, RuleSetDocument, WorkingHours } from '@leaderboard/contracts';
import { compileCondition, describeCondition, type CompiledCondition } from './conditions.js';
import type { RuleSetVersion } from './engine-api.js';
import { toMilli } from './milli.js';
import { timeZone, type TimeZone } from './time-zone.js';

/** A factor that applied to an event: a weight or the working-hours factor. */
export interface AppliedFactor {
  factor: number;
  factor1000: number;
  /** `weights[0]: durationSec lt 30`, `workingHours.outsideFactor` */
  label: string;
  /** `durationSec lt 30: x0`, `outside working hours: x0` */
  reason: string;
}

export interface CompiledWeight extends AppliedFactor {
  conditions: Array<[string, CompiledCondition]>;
}

export interface CompiledRule {
  points1000: number;
  cap: string | null;
  perAmount: { unit: number; points1000: number } | null;
  weights: CompiledWeight[];
  /** Shared lists of applied factors, by combination (see score.ts). */
  appliedCache: Map<number, readonly AppliedFactor[]>;
}

export interface CompiledWorkingHours {
  startMinute: number;
  endMinute: number;
  /** Index 1..7 (ISO weekday) -> working day. */
  weekdays: boolean[];
  outsideFactor: number;
  outsideFactor1000: number;
  /** The factor as it shows in line items. */
  applied: AppliedFactor;
}

export interface CompiledTier {
  name: string;
  minMilli: number;
  payout: number;
  gates: Array<[string, Condition]>;
  /** `gates` pre-split for the hot path (tierFor runs twice per applied event). */
  gateTests: Array<[string, CompiledCondition]>;
}

export interface CompiledRuleSet {
  id: string;
  effectiveFrom: number;
  document: RuleSetDocument;
  tz: TimeZone;
  rules: Map<string, CompiledRule>;
  /** Category -> cap in milli-points. */
  caps: Map<string, number>;
  workingHours: CompiledWorkingHours | null;
  tierPeriod: 'month' | 'quarter';
  /** Ascending by minPoints. */
  tiers: CompiledTier[];
}

function minuteOf(hhmm: string): number {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

export function compileWorkingHours(wh: WorkingHours): CompiledWorkingHours {
  const weekdays = new Array<boolean>(8).fill(false);
  for (const d of wh.weekdays) weekdays[d] = true;
  return {
    startMinute: minuteOf(wh.start),
    endMinute: minuteOf(wh.end),
    weekdays,
    outsideFactor: wh.outsideFactor,
    outsideFactor1000: toMilli(wh.outsideFactor),
    applied: {
      factor: wh.outsideFactor,
      factor1000: toMilli(wh.outsideFactor),
      label: 'workingHours.outsideFactor',
      reason: `outside working hours: x${wh.outsideFactor}`,
    },
  };
}

export function compileRuleSet(version: RuleSetVersion): CompiledRuleSet {
  const doc = version.document;
  const rules = new Map<string, CompiledRule>();
  for (const [type, rule] of Object.entries(doc.rules)) {
    const weights = (rule.weights ?? []).map((w, i): CompiledWeight => {
      const conditions = Object.entries(w.if);
      const text =
        conditions.length === 0
          ? 'always'
          : conditions.map(([k, c]) => describeCondition(k, c)).join(' and ');
      return {
        conditions: conditions.map(([k, c]): [string, CompiledCondition] => [k, compileCondition(c)]),
        factor: w.factor,
        factor1000: toMilli(w.factor),
        label: `weights[${i}]: ${text}`,
        reason: `${text}: x${w.factor}`,
      };
    });
    rules.set(type, {
      points1000: toMilli(rule.points),
      cap: rule.cap ?? null,
      perAmount: rule.perAmount
        ? { unit: rule.perAmount.unit, points1000: toMilli(rule.perAmount.points) }
        : null,
      weights,
      appliedCache: new Map(),
    });
  }
  const caps = new Map<string, number>();
  for (const [category, cap] of Object.entries(doc.dailyCaps ?? {})) caps.set(category, toMilli(cap));
  const tiers = (doc.tiers ?? [])
    .map((t): CompiledTier => ({
      name: t.name,
      minMilli: toMilli(t.minPoints),
      payout: t.payout,
      gates: Object.entries(t.gates ?? {}),
      gateTests: Object.entries(t.gates ?? {}).map(([key, condition]): [string, CompiledCondition] => [
        key,
        compileCondition(condition),
      ]),
    }))
    .sort((a, b) => a.minMilli - b.minMilli);
  return {
    id: version.id,
    effectiveFrom: version.effectiveFrom,
    document: doc,
    tz: timeZone(doc.timezone),
    rules,
    caps,
    workingHours: doc.workingHours ? compileWorkingHours(doc.workingHours) : null,
    tierPeriod: doc.tierPeriod ?? 'month',
    tiers,
  };
}

/** Versions sorted by effectiveFrom, with the lookup of SPEC 2 (earliest for events before all). */
export class VersionTimeline {
  readonly versions: CompiledRuleSet[];

  constructor(versions: RuleSetVersion[]) {
    if (versions.length === 0) throw new Error('at least one rule set version is required');
    this.versions = versions
      .map(compileRuleSet)
      .sort((a, b) => a.effectiveFrom - b.effectiveFrom || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** The version with the greatest effectiveFrom <= t, or the earliest one. */
  at(t: number): CompiledRuleSet {
    const vs = this.versions;
    if (vs.length === 1) return vs[0] as CompiledRuleSet;
    let lo = 0;
    let hi = vs.length - 1;
    if (t < (vs[0] as CompiledRuleSet).effectiveFrom) return vs[0] as CompiledRuleSet;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((vs[mid] as CompiledRuleSet).effectiveFrom <= t) lo = mid;
      else hi = mid - 1;
    }
    return vs[lo] as CompiledRuleSet;
  }

  newest(): CompiledRuleSet {
    return this.versions[this.versions.length - 1] as CompiledRuleSet;
  }
}
