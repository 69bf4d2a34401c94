import { Injectable } from '@nestjs/common';
import type { ConnectorJobKind, ConnectorJobStatus } from '@leaderboard/contracts';
import { DataSource } from 'typeorm';
import { modifyReturning } from '../database/sql.js';

export interface JobRecord {
  id: string;
  connector_id: string;
  kind: ConnectorJobKind;
  status: ConnectorJobStatus;
  since: Date;
  cursor: string | null;
  fetched: number;
  total: number | null;
  created: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
  heartbeat_at: Date;
}

/** What one page of a job added. */
export interface JobProgress {
  cursor: string | null;
  fetched: number;
  total: number | null;
  created: number;
}

/** A connector's catch-up watermark. */
export interface CatchupState {
  id: string;
  kind: string;
  settings: Record<string, unknown>;
  created_at: Date;
  catchup_since: Date | null;
  last_catchup_at: Date | null;
  /** When the latest catch-up poll started (done or not). */
  last_catchup_started_at: Date | null;
}

const JOB_COLUMNS = `id::text AS id, connector_id, kind, status, since, cursor, fetched, total, created,
  error, started_at, finished_at, heartbeat_at`;
const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * connector_jobs (backfill and catch-up runs) and the catch-up watermark of connectors. A running
 * job belongs to the process whose heartbeat it carries: every write of a runner is conditional on
 * the heartbeat it wrote last, so a process that lost the job (its lease expired and another
 * process claimed it) stops at its next page instead of running it twice.
 */
@Injectable()
export class ConnectorJobsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new running job, or null when the connector already runs one (one at a time). */
  async start(
    connectorId: string,
    kind: ConnectorJobKind,
    since: number,
    now: number,
  ): Promise<JobRecord | null> {
    const rows = await modifyReturning<JobRecord>(
      this.dataSource,
      `INSERT INTO connector_jobs (connector_id, kind, since, started_at, heartbeat_at)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (connector_id) WHERE status = 'running' DO NOTHING
       RETURNING ${JOB_COLUMNS}`,
      [connectorId, kind, iso(since), iso(now)],
    );
    return rows[0] ?? null;
  }

  /** Running jobs whose lease has expired (their process died or hangs). */
  stale(expiredBefore: number): Promise<JobRecord[]> {
    return this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM connector_jobs WHERE status = 'running' AND heartbeat_at < $1 ORDER BY id`,
      [iso(expiredBefore)],
    );
  }

  /** Takes over a job whose lease expired at `expiredBefore` (null when another process was first). */
  async claim(id: string, expiredBefore: number, now: number): Promise<JobRecord | null> {
    const rows = await modifyReturning<JobRecord>(
      this.dataSource,
      `UPDATE connector_jobs SET heartbeat_at = $3
       WHERE id = $1 AND status = 'running' AND heartbeat_at < $2 RETURNING ${JOB_COLUMNS}`,
      [id, iso(expiredBefore), iso(now)],
    );
    return rows[0] ?? null;
  }

  /** Adds a page's progress and renews the lease; false when the job is no longer this runner's. */
  async progress(id: string, heartbeat: Date, page: JobProgress, now: number): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.dataSource,
      `UPDATE connector_jobs SET cursor = $3, fetched = fetched + $4, total = COALESCE($5, total),
         created = created + $6, heartbeat_at = $7
       WHERE id = $1 AND status = 'running' AND heartbeat_at = $2 RETURNING id::text AS id`,
      [id, new Date(heartbeat).toISOString(), page.cursor, page.fetched, page.total, page.created, iso(now)],
    );
    return rows.length > 0;
  }

  /** Renews the lease while a slow page is read; false when the job is no longer this runner's. */
  async renew(id: string, heartbeat: Date, now: number): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.dataSource,
      `UPDATE connector_jobs SET heartbeat_at = $3
       WHERE id = $1 AND status = 'running' AND heartbeat_at = $2 RETURNING id::text AS id`,
      [id, new Date(heartbeat).toISOString(), iso(now)],
    );
    return rows.length > 0;
  }

  /** Ends the job (done, or failed with the error; its cursor stays); false when not this runner's. */
  async finish(
    id: string,
    heartbeat: Date,
    outcome: { status: 'done' } | { status: 'failed'; error: string },
    now: number,
  ): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.dataSource,
      `UPDATE connector_jobs SET status = $3, error = $4, finished_at = $5, heartbeat_at = $5
       WHERE id = $1 AND status = 'running' AND heartbeat_at = $2 RETURNING id::text AS id`,
      [
        id,
        new Date(heartbeat).toISOString(),
        outcome.status,
        outcome.status === 'failed' ? outcome.error.slice(0, 2000) : null,
        iso(now),
      ],
    );
    return rows.length > 0;
  }

  find(id: string): Promise<JobRecord | undefined> {
    return this.dataSource
      .query<JobRecord[]>(`SELECT ${JOB_COLUMNS} FROM connector_jobs WHERE id = $1`, [id])
      .then((rows) => rows[0]);
  }

  /** The latest jobs of a connector, newest first. */
  list(connectorId: string, limit: number): Promise<JobRecord[]> {
    return this.dataSource.query(
      `SELECT ${JOB_COLUMNS} FROM connector_jobs WHERE connector_id = $1 ORDER BY id DESC LIMIT $2`,
      [connectorId, limit],
    );
  }

  /** Enabled connectors with their watermark (the caller keeps those with a CRM client). */
  catchupStates(): Promise<CatchupState[]> {
    return this.dataSource.query(
      `SELECT c.id, c.kind, c.settings, c.created_at, c.catchup_since, c.last_catchup_at,
         (SELECT max(started_at) FROM connector_jobs j WHERE j.connector_id = c.id AND j.kind = 'catchup')
           AS last_catchup_started_at
       FROM connectors c WHERE NOT c.disabled ORDER BY c.id`,
    );
  }

  /** History before `since` has been polled; the poll ended at `at`. */
  async setWatermark(connectorId: string, since: Date, at: number): Promise<void> {
    await this.dataSource.query(
      'UPDATE connectors SET catchup_since = $2, last_catchup_at = $3 WHERE id = $1',
      [connectorId, since.toISOString(), iso(at)],
    );
  }
}
