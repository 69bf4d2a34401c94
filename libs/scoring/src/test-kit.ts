/** Builders for tests (here and in apps/api): events, reps and versions with sensible defaults. */
import type { EventAttributes, EventKey, RuleSetDocument } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import type { EngineOptions, RepProfile, RuleSetVersion, ScoringEvent } from './engine-api.js';
import { RULE_SET_LIMITS } from './validate.js';

export function testRep(id: string, name = id, teamId: string | null = null): RepProfile {
  return { id, key: id, name, teamId, active: true };
}

export function testVersion(
  document: RuleSetDocument = DEFAULT_RULE_SET,
  effectiveFrom = 0,
  id = 'v1',
): RuleSetVersion {
  return { id, effectiveFrom, document };
}

export function testOptions(reps: RepProfile[], document: RuleSetDocument = DEFAULT_RULE_SET): EngineOptions {
  return { versions: [testVersion(document, -8.64e15)], reps };
}

export function testEvent(
  externalId: string,
  type: string,
  repId: string,
  occurredAt: string | number,
  attributes: EventAttributes = {},
  voids?: EventKey,
): ScoringEvent {
  const event: ScoringEvent = {
    id: externalId,
    source: 'crm',
    externalId,
    type,
    repId,
    occurredAt: typeof occurredAt === 'number' ? occurredAt : Date.parse(occurredAt),
    attributes,
  };
  if (voids) event.voids = voids;
  return event;
}

/**
 * A valid rule set at every limit of RULE_SET_LIMITS at once (the worst a manager may save): all
 * the weights allowed, each with all the conditions allowed, over four activity rules; every `in`
 * value allowed (in `call`); all the caps and tiers allowed, tiers with every gate; names and strings
 * at their longest. A `call` with `outcome: 'connected'`, `durationSec` and `a1`.. set satisfies every
 * condition of every call weight (nothing short-circuits).
 */
export function documentAtLimits(): RuleSetDocument {
  const L = RULE_SET_LIMITS;
  const long = (c: string, n: number): string => c.repeat(n);
  const outcomes = ['connected', ...Array.from({ length: L.inValues - 1 }, (_, i) => `o${i}`)];
  const lists = Math.floor(L.inValuesTotal / L.inValues);
  const weightOf = (i: number, withLists: boolean) => ({
    if: {
      durationSec: { gte: 0, lte: 86_400 },
      ...(withLists && i < lists
        ? { outcome: { in: outcomes } }
        : { outcome: { ne: long('z', L.stringLength) } }),
      ...Object.fromEntries(
        Array.from({ length: L.conditionsPerWeight - 2 }, (_, k) => [
          `a${k + 1}`,
          { ne: long('y', L.stringLength) },
        ]),
      ),
    },
    factor: 1,
  });
  const caps = Object.fromEntries(
    Array.from({ length: L.dailyCaps }, (_, i) => [
      `${String(i).padStart(2, '0')}${long('c', L.keyLength - 2)}`,
      1_000_000,
    ]),
  );
  const capName = Object.keys(caps)[0] as string;
  const types = ['call', 'email', 'meeting', 'follow_up'];
  const perRule = Math.min(L.weightsPerRule, Math.floor(L.weights / types.length));
  const rules: RuleSetDocument['rules'] = {};
  for (const type of types)
    rules[type] = {
      points: 10,
      cap: capName,
      weights: Array.from({ length: perRule }, (_, i) => weightOf(i, type === 'call')),
    };
  rules['deal_won'] = { points: 200, perAmount: { unit: 100_000, points: 10 } };
  return {
    ...DEFAULT_RULE_SET,
    name: long('n', L.nameLength),
    rules,
    dailyCaps: caps,
    tiers: Array.from({ length: L.tiers }, (_, i) => ({
      name: `${String(i).padStart(2, '0')}${long('t', L.nameLength - 2)}`,
      minPoints: (i + 1) * 1000,
      payout: 100_000,
      gates: {
        dealsWon: { gte: 0 },
        leadConversionPct: { gte: 0 },
        demosHeld: { gte: 0 },
        callsConnected: { gte: 0 },
      },
    })),
  };
}
