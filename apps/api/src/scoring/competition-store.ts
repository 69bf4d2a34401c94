import type { CompetitionMode, RuleSetDocument } from '@leaderboard/contracts';
import type { CompetitionDefinition, ScoringEvent } from '@leaderboard/scoring';
import { eventColumns, toScoringEvent, type EventRow, type Sql } from './scoring-data.js';

export interface CompetitionRecord {
  id: string;
  name: string;
  from_at: Date;
  to_at: Date;
  mode: CompetitionMode;
  rule_set: RuleSetDocument;
  created_at: Date;
  created_by: string | null;
  celebrated_at: Date | null;
  celebrated_winner: string | null;
}

export const COMPETITION_COLUMNS =
  'id, name, from_at, to_at, mode, rule_set, created_at, created_by, celebrated_at, celebrated_winner';

export function toDefinition(row: CompetitionRecord): CompetitionDefinition {
  return {
    id: row.id,
    name: row.name,
    from: new Date(row.from_at).getTime(),
    to: new Date(row.to_at).getTime(),
    mode: row.mode,
    document: row.rule_set,
  };
}

export async function loadCompetitions(sql: Sql): Promise<CompetitionDefinition[]> {
  const rows = await sql.query<CompetitionRecord[]>(
    `SELECT ${COMPETITION_COLUMNS} FROM competitions ORDER BY from_at, id`,
  );
  return rows.map(toDefinition);
}

/** The scorable events a competition takes: inside its window, and every void. */
export async function loadCompetitionEvents(sql: Sql, from: number, to: number): Promise<ScoringEvent[]> {
  const rows = await sql.query<EventRow[]>(
    `SELECT ${eventColumns()} FROM events
     WHERE rep_id IS NOT NULL AND ((occurred_at >= $1 AND occurred_at < $2) OR type = 'void')
     ORDER BY id`,
    [new Date(from).toISOString(), new Date(to).toISOString()],
  );
  return rows.map(toScoringEvent);
}

export async function loadTeamNames(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql.query<Array<{ id: string; name: string }>>('SELECT id, name FROM teams');
  return new Map(rows.map((r) => [r.id, r.name]));
}
