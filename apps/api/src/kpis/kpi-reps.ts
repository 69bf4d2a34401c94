/**
 * The reps and teams the KPIs read, each in one small function (the reps repository replaces
 * them one line at a time). SQL as it was in kpis.service.ts.
 */
import type { EntityManager } from 'typeorm';

export interface KpiRepRow {
  id: string;
  name: string;
  team_id: string | null;
  active: boolean;
  region: string | null;
}

/** Every rep, by id. */
export function readKpiReps(db: EntityManager): Promise<KpiRepRow[]> {
  return db.query<KpiRepRow[]>('SELECT id, name, team_id, active, region FROM reps ORDER BY id');
}

/** The active reps, by name, each with the instant of their first event (null: none yet). */
export function readActiveRepsWithFirstEvent(
  db: EntityManager,
): Promise<Array<KpiRepRow & { first_at: Date | null }>> {
  return db.query<Array<KpiRepRow & { first_at: Date | null }>>(
    `SELECT r.id, r.name, r.team_id, r.active, r.region,
                (SELECT min(e.occurred_at) FROM events e WHERE e.rep_id = r.id) AS first_at
         FROM reps r WHERE r.active ORDER BY r.name, r.id`,
  );
}

export async function teamExists(db: EntityManager, teamId: string): Promise<boolean> {
  const teams = await db.query<unknown[]>('SELECT 1 FROM teams WHERE id = $1', [teamId]);
  return teams.length > 0;
}

export async function repExists(db: EntityManager, repId: string): Promise<boolean> {
  const reps = await db.query<unknown[]>('SELECT 1 FROM reps WHERE id = $1', [repId]);
  return reps.length > 0;
}
