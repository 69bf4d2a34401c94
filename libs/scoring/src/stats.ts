/** Per-rep counters over a period, the inputs of tier gates (see GATE_KEYS in libs/contracts rulesets.ts). */
import type { Condition, TierProgress, TierShortfall } from '@leaderboard/contracts';
import type { ScoringEvent } from './engine-api.js';
import { compiledHolds, conditionHolds, type CompiledCondition } from './conditions.js';
import type { CompiledTier } from './rule-set.js';

export interface RepStats {
  /** Non-voided `deal_won` events. */
  dealsWon: number;
  /** Non-voided `lead_qualified` events whose `to` is `sql` or absent. */
  leadsConverted: number;
  /** Non-voided `lead_responded` events. */
  leadsResponded: number;
  /** Non-voided `demo_held` events. */
  demosHeld: number;
  /** Non-voided `call` events with `outcome` = `connected`. */
  callsConnected: number;
  /** Every non-voided, non-void event. */
  events: number;
}

export function emptyStats(): RepStats {
  return { dealsWon: 0, leadsConverted: 0, leadsResponded: 0, demosHeld: 0, callsConnected: 0, events: 0 };
}

/** Adds `sign` (1 or -1) times the contribution of `event` to `stats`. */
export function countEvent(stats: RepStats, event: ScoringEvent, sign: number): void {
  stats.events += sign;
  switch (event.type) {
    case 'deal_won':
      stats.dealsWon += sign;
      break;
    case 'lead_qualified': {
      const to = event.attributes['to'];
      if (to === undefined || to === null || to === 'sql') stats.leadsConverted += sign;
      break;
    }
    case 'lead_responded':
      stats.leadsResponded += sign;
      break;
    case 'demo_held':
      stats.demosHeld += sign;
      break;
    case 'call':
      if (event.attributes['outcome'] === 'connected') stats.callsConnected += sign;
      break;
    default:
      break;
  }
}

/** Value of a gate key; `leadConversionPct` is null when there is no responded lead. */
export function gateValue(stats: RepStats, key: string): number | null {
  switch (key) {
    case 'dealsWon':
      return stats.dealsWon;
    case 'leadConversionPct':
      return stats.leadsResponded === 0 ? null : (stats.leadsConverted * 100) / stats.leadsResponded;
    case 'demosHeld':
      return stats.demosHeld;
    case 'callsConnected':
      return stats.callsConnected;
    default:
      return null;
  }
}

/** The highest tier whose minPoints and every gate hold; `tiers` ascending by minPoints. */
export function tierFor(
  tiers: readonly CompiledTier[],
  milliPoints: number,
  stats: RepStats,
): CompiledTier | null {
  for (let i = tiers.length - 1; i >= 0; i--) {
    const tier = tiers[i] as CompiledTier;
    if (milliPoints < tier.minMilli) continue;
    let ok = true;
    for (let g = 0; g < tier.gateTests.length && ok; g++) {
      const [key, tests] = tier.gateTests[g] as [string, CompiledCondition];
      const v = gateValue(stats, key);
      ok = v !== null && compiledHolds(v, tests);
    }
    if (ok) return tier;
  }
  return null;
}

/** Gates counted in whole events: "1 more won deal" makes sense for them, not for a percentage. */
const COUNTED_GATES: ReadonlySet<string> = new Set(['dealsWon', 'demosHeld', 'callsConnected']);

/** How many more of a whole count make `condition` hold, when only `gte`/`gt` bound it from below. */
function moreNeeded(have: number, condition: Condition): number | null {
  const ops = Object.keys(condition);
  if (ops.length !== 1) return null;
  if (typeof condition.gte === 'number') return Math.max(0, Math.ceil(condition.gte) - have);
  if (typeof condition.gt === 'number') return Math.max(0, Math.floor(condition.gt) + 1 - have);
  return null;
}

/** What a rep with `milliPoints` and `stats` still lacks for `tier` (empty: reached). */
export function tierShortfalls(tier: CompiledTier, milliPoints: number, stats: RepStats): TierShortfall[] {
  const missing: TierShortfall[] = [];
  if (milliPoints < tier.minMilli) {
    missing.push({
      what: 'points',
      have: milliPoints,
      need: { gte: tier.minMilli },
      more: tier.minMilli - milliPoints,
    });
  }
  for (const [key, condition] of tier.gates) {
    const have = gateValue(stats, key);
    if (have !== null && conditionHolds(have, condition)) continue;
    missing.push({
      what: key,
      have,
      need: condition,
      more: COUNTED_GATES.has(key) && have !== null ? moreNeeded(have, condition) : null,
    });
  }
  return missing;
}

/** The rep's tier and the next one up with what it needs; `tiers` ascending by minPoints. */
export function tierStanding(
  tiers: readonly CompiledTier[],
  milliPoints: number,
  stats: RepStats,
): Pick<TierProgress, 'current' | 'next'> {
  const current = tierFor(tiers, milliPoints, stats);
  const next = tiers[current === null ? 0 : tiers.indexOf(current) + 1];
  return {
    current: current === null ? null : { name: current.name, payout: current.payout },
    next:
      next === undefined
        ? null
        : {
            name: next.name,
            minPoints: next.minMilli / 1000,
            payout: next.payout,
            missing: tierShortfalls(next, milliPoints, stats),
          },
  };
}
