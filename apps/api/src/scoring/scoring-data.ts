import type { EventAttributes, RuleSetDocument, WorkingHours } from '@leaderboard/contracts';
import type { RepProfile, RuleSetVersion, ScoringEvent } from '@leaderboard/scoring';
import type { EntityManager } from 'typeorm';
import { publicUrlOrNull } from '../common/public-url.js';

/** Anything that runs SQL: a DataSource or a transaction's EntityManager. */
export interface Sql {
  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T>;
}

interface VersionRow {
  id: string;
  effective_from: Date;
  document: RuleSetDocument;
}

interface RepRow {
  id: string;
  key: string;
  name: string;
  team_id: string | null;
  active: boolean;
  photo_url: string | null;
  started_on: string | null;
  working_hours: WorkingHours | null;
}

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

export async function loadVersions(sql: Sql | EntityManager): Promise<RuleSetVersion[]> {
  const rows = await sql.query<VersionRow[]>(
    `SELECT id, effective_from, document FROM rule_sets WHERE status = 'published' ORDER BY version`,
  );
  return rows.map((r) => ({
    id: r.id,
    effectiveFrom: new Date(r.effective_from).getTime(),
    document: r.document,
  }));
}

export async function loadReps(sql: Sql | EntityManager): Promise<RepProfile[]> {
  const rows = await sql.query<RepRow[]>(
    `SELECT id, key, name, team_id, active, photo_url, to_char(started_on, 'YYYY-MM-DD') AS started_on, working_hours
     FROM reps ORDER BY created_at, id`,
  );
  return rows.map(toRepProfile);
}

export function toRepProfile(r: RepRow): RepProfile {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    teamId: r.team_id,
    active: r.active,
    // A row stored before photo URLs were checked may hold a private address: screens never get it.
    photoUrl: publicUrlOrNull(r.photo_url),
    startedOn: r.started_on,
    workingHours: r.working_hours,
  };
}

/** Every scorable (not held) event, in ledger order. */
export async function loadScoredEvents(
  sql: Sql | EntityManager,
  range?: { from: Date; to: Date },
): Promise<ScoringEvent[]> {
  const rows = range
    ? await sql.query<EventRow[]>(
        `SELECT ${eventColumns()} FROM events WHERE rep_id IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2 ORDER BY id`,
        [range.from.toISOString(), range.to.toISOString()],
      )
    : await sql.query<EventRow[]>(
        `SELECT ${eventColumns()} FROM events WHERE rep_id IS NOT NULL ORDER BY id`,
      );
  return rows.map(toScoringEvent);
}

/**
 * Runs an UPDATE or DELETE with RETURNING and gives its rows (TypeORM answers those statements
 * with `[rows, count]`).
 */
export async function modifyReturning<T>(
  sql: Sql | EntityManager,
  query: string,
  parameters: unknown[],
): Promise<T[]> {
  const raw = await sql.query<unknown>(query, parameters);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number')
    return raw[0] as T[];
  return raw as T[];
}
