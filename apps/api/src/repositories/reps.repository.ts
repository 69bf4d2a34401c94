import { Injectable } from '@nestjs/common';
import type { WorkingHours } from '@leaderboard/contracts';
import type { RepProfile } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { publicUrlOrNull } from '../common/public-url.js';
import type { SqlRunner } from '../database/sql.js';

export interface RepRow {
  id: string;
  key: string;
  name: string;
  team_id: string | null;
  active: boolean;
  photo_url: string | null;
  started_on: string | null;
  working_hours: WorkingHours | null;
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

/** The `reps` and `teams` tables as SQL reads them (the reps module edits them through TypeORM). */
@Injectable()
export class RepsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Every rep as the scoring engine knows them, in creation order. */
  async profiles(sql: SqlRunner = this.dataSource): Promise<RepProfile[]> {
    const rows = await sql.query<RepRow[]>(
      `SELECT id, key, name, team_id, active, photo_url, to_char(started_on, 'YYYY-MM-DD') AS started_on, working_hours
     FROM reps ORDER BY created_at, id`,
    );
    return rows.map(toRepProfile);
  }

  /** Whether a rep with this id exists (active or not). */
  async exists(repId: string, sql: SqlRunner = this.dataSource): Promise<boolean> {
    const reps = await sql.query<unknown[]>('SELECT 1 FROM reps WHERE id = $1', [repId]);
    return reps.length > 0;
  }

  async teamExists(teamId: string, sql: SqlRunner = this.dataSource): Promise<boolean> {
    const teams = await sql.query<unknown[]>('SELECT 1 FROM teams WHERE id = $1', [teamId]);
    return teams.length > 0;
  }

  /** Team id -> name. */
  async teamNames(sql: SqlRunner = this.dataSource): Promise<Map<string, string>> {
    const rows = await sql.query<Array<{ id: string; name: string }>>('SELECT id, name FROM teams');
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
