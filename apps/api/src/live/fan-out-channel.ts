import { createHash } from 'node:crypto';
import { seedDefaults } from '../database/seed-defaults.js';
import type { Sql } from '../database/sql.js';

/**
 * The prefix of this deployment's Redis fan-out channels: the same for every process on one
 * database, different for another deployment on the same Redis server (Redis pub/sub channels
 * are shared by the whole server, whatever database number a client selects). It is derived from
 * the database's name and its org row's creation instant (to the microsecond, set once by the
 * first start: seeded here if this is that start, as ScoringService would a moment later), so
 * processes find each other however their DATABASE_URL spells the address. With one fixed prefix,
 * another deployment's deltas, snapshots and celebrations reached this one's screens.
 */
export async function fanOutChannel(sql: Sql): Promise<string> {
  await seedDefaults(sql);
  const [row] = await sql.query<Array<{ db: string; created: string }>>(
    `SELECT current_database() AS db, (extract(epoch FROM created_at) * 1000000)::bigint::text AS created
       FROM org WHERE id = 1`,
  );
  const id = createHash('sha256').update(`${row.db}\u0000${row.created}`).digest('hex').slice(0, 16);
  return `leaderboard-live:${id}`;
}
