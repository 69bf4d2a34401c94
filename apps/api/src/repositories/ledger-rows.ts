import type { EventAttributes } from '@leaderboard/contracts';
import type { ScoringEvent } from '@leaderboard/scoring';

export interface EventRow {
  id: string;
  source: string;
  external_id: string;
  type: string;
  rep_id: string;
  occurred_at: Date;
  attributes: EventAttributes;
  voids_source: string | null;
  voids_external_id: string | null;
}

/** The event columns `toScoringEvent` reads, qualified by `alias`. */
export function eventColumns(alias = 'events'): string {
  const a = alias;
  return `${a}.id::text AS id, ${a}.source, ${a}.external_id, ${a}.type, ${a}.rep_id, ${a}.occurred_at, ${a}.attributes, ${a}.voids_source, ${a}.voids_external_id`;
}

export function toScoringEvent(row: EventRow): ScoringEvent {
  const event: ScoringEvent = {
    id: String(row.id),
    source: row.source,
    externalId: row.external_id,
    type: row.type,
    repId: row.rep_id,
    occurredAt: new Date(row.occurred_at).getTime(),
    attributes: row.attributes ?? {},
  };
  if (row.voids_source !== null && row.voids_external_id !== null) {
    event.voids = { source: row.voids_source, externalId: row.voids_external_id };
  }
  return event;
}
