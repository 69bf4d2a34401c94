/** Builders for tests (here and in apps/api): events, reps and versions with sensible defaults. */
import type { EventAttributes, EventKey, RuleSetDocument } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import type { EngineOptions, RepProfile, RuleSetVersion, ScoringEvent } from './engine-api.js';

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
