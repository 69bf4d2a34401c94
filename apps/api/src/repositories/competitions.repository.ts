import { Injectable } from '@nestjs/common';
import type { CompetitionMode, RuleSetDocument } from '@leaderboard/contracts';
import type { CompetitionDefinition } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { modifyReturning, type SqlRunner } from '../database/sql.js';

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

const COMPETITION_COLUMNS =
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

export interface NewCompetition {
  name: string;
  from: number;
  to: number;
  mode: CompetitionMode;
  ruleSet: RuleSetDocument;
  createdBy: string | null;
}

/** The `competitions` table. */
@Injectable()
export class CompetitionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every competition as the scoring engine takes it, by start. */
  async definitions(sql: SqlRunner = this.dataSource): Promise<CompetitionDefinition[]> {
    const rows = await sql.query<CompetitionRecord[]>(
      `SELECT ${COMPETITION_COLUMNS} FROM competitions ORDER BY from_at, id`,
    );
    return rows.map(toDefinition);
  }

  async insert(input: NewCompetition): Promise<CompetitionRecord> {
    const rows = await this.dataSource.query<CompetitionRecord[]>(
      `INSERT INTO competitions (name, from_at, to_at, mode, rule_set, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COMPETITION_COLUMNS}`,
      [
        input.name,
        new Date(input.from).toISOString(),
        new Date(input.to).toISOString(),
        input.mode,
        input.ruleSet,
        input.createdBy,
      ],
    );
    return rows[0];
  }

  /** Every competition, latest start first. */
  list(): Promise<CompetitionRecord[]> {
    return this.dataSource.query<CompetitionRecord[]>(
      `SELECT ${COMPETITION_COLUMNS} FROM competitions ORDER BY from_at DESC, id`,
    );
  }

  async find(id: string): Promise<CompetitionRecord | null> {
    const rows = await this.dataSource.query<CompetitionRecord[]>(
      `SELECT ${COMPETITION_COLUMNS} FROM competitions WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Deletes the competition if it starts after `now`; whether it did. */
  async deleteNotStarted(id: string, now: number): Promise<boolean> {
    const deleted = await modifyReturning<{ id: string }>(
      this.dataSource,
      'DELETE FROM competitions WHERE id = $1 AND from_at > $2 RETURNING id',
      [id, new Date(now).toISOString()],
    );
    return deleted.length > 0;
  }

  /** The nearest end of a competition not celebrated yet (the database's clock), or null. */
  async nextEnd(): Promise<Date | null> {
    const rows = await this.dataSource.query<Array<{ next: Date | null }>>(
      'SELECT min(to_at) AS next FROM competitions WHERE celebrated_at IS NULL AND to_at > now()',
    );
    return rows[0]?.next ?? null;
  }

  /** Competitions that have ended (the database's clock) and were not celebrated yet. */
  endedUncelebrated(): Promise<CompetitionRecord[]> {
    return this.dataSource.query<CompetitionRecord[]>(
      `SELECT ${COMPETITION_COLUMNS} FROM competitions WHERE celebrated_at IS NULL AND to_at <= now() ORDER BY to_at, id`,
    );
  }

  /** Records the winner once: whether this call was the one that did. */
  async claimCelebration(id: string, winner: string | null): Promise<boolean> {
    const claimed = await modifyReturning<{ id: string }>(
      this.dataSource,
      `UPDATE competitions SET celebrated_at = now(), celebrated_winner = $2
         WHERE id = $1 AND celebrated_at IS NULL RETURNING id`,
      [id, winner],
    );
    return claimed.length > 0;
  }
}
