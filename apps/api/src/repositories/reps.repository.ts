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

/** What the KPIs need of a rep: the scope it falls in and its region. */
export interface KpiRepRow {
  id: string;
  name: string;
  team_id: string | null;
  active: boolean;
  region: string | null;
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

  /** Every rep with what the KPIs group by, by id. */
  kpiRows(sql: SqlRunner = this.dataSource): Promise<KpiRepRow[]> {
    return sql.query<KpiRepRow[]>('SELECT id, name, team_id, active, region FROM reps ORDER BY id');
  }

  /** The active reps, by name, each with the instant of their first event (null: none yet). */
  activeWithFirstEvent(
    sql: SqlRunner = this.dataSource,
  ): Promise<Array<KpiRepRow & { first_at: Date | null }>> {
    return sql.query<Array<KpiRepRow & { first_at: Date | null }>>(
      `SELECT r.id, r.name, r.team_id, r.active, r.region,
                (SELECT min(e.occurred_at) FROM events e WHERE e.rep_id = r.id) AS first_at
         FROM reps r WHERE r.active ORDER BY r.name, r.id`,
    );
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
