import { Injectable } from '@nestjs/common';
import type { InboxStatus } from '@leaderboard/contracts';
import { DataSource } from 'typeorm';
import { modifyReturning } from '../database/sql.js';
import type { InboxRecord } from './connectors.repository.js';

/** What decides a connector's alert, read for one connector or all in one statement. */
export interface ConnectorFacts {
  connector_id: string;
  last_delivery_at: Date | null;
  /** Median seconds between deliveries over the window; null with fewer than MIN_GAPS gaps. */
  usual_gap_seconds: number | null;
  /** Of the latest processed deliveries (at most 3), how many; and how many were unmapped or failed. */
  recent: number;
  recent_bad: number;
  last_job_status: 'running' | 'done' | 'failed' | null;
  held_events: number;
  unmapped_users: number;
  unmapped_stages: number;
  last_catchup_at: Date | null;
}

/** Fewer gaps than this say nothing about a connector's usual rhythm. */
const MIN_GAPS = 5;
const INBOX_COLUMNS =
  'id::text AS id, connector_id, received_at, method, url, headers, body, status, reason, attempts';
const bytes = (value: Uint8Array): Buffer => Buffer.from(value.buffer, value.byteOffset, value.byteLength);

/** Health reads of connectors (one statement for the whole list) and the inbox views and replay. */
@Injectable()
export class ConnectorHealthRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The facts of every connector (or of one), each read through its own indexes. */
  async facts(connectorId: string | null, gapsSince: number): Promise<ConnectorFacts[]> {
    const rows = await this.dataSource.query<ConnectorFacts[]>(
      `SELECT c.id AS connector_id, ld.received_at AS last_delivery_at,
         CASE WHEN g.n >= ${MIN_GAPS} THEN round(g.median)::int END AS usual_gap_seconds,
         r.n AS recent, r.bad AS recent_bad, j.status AS last_job_status,
         h.n AS held_events, u.n AS unmapped_users, s.n AS unmapped_stages, c.last_catchup_at
       FROM connectors c
       LEFT JOIN LATERAL (SELECT received_at FROM connector_inbox i WHERE i.connector_id = c.id
                          ORDER BY received_at DESC LIMIT 1) ld ON true
       LEFT JOIN LATERAL (
         SELECT count(gap)::int AS n, percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS median
         FROM (SELECT extract(epoch FROM received_at - lag(received_at) OVER (ORDER BY received_at)) AS gap
               FROM connector_inbox i WHERE i.connector_id = c.id AND i.received_at >= $2) x
         WHERE gap IS NOT NULL) g ON true
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN ('unmapped', 'failed'))::int AS bad
         FROM (SELECT status FROM connector_inbox i WHERE i.connector_id = c.id AND i.status <> 'pending'
               ORDER BY received_at DESC, id DESC LIMIT 3) x) r ON true
       LEFT JOIN LATERAL (SELECT status FROM connector_jobs j WHERE j.connector_id = c.id
                          ORDER BY id DESC LIMIT 1) j ON true
       LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM events e
                          WHERE e.rep_id IS NULL AND e.rep_key LIKE 'crm:' || c.id::text || ':%') h ON true
       LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM connector_users cu WHERE cu.connector_id = c.id
                          AND cu.rep_id IS NULL AND cu.matched_by IS DISTINCT FROM 'manual') u ON true
       LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM connector_stages cs
                          WHERE cs.connector_id = c.id AND cs.event_type IS NULL) s ON true
       WHERE $1::uuid IS NULL OR c.id = $1::uuid`,
      [connectorId, new Date(gapsSince).toISOString()],
    );
    return rows;
  }

  /** Deliveries and events created per hour since `from` (hours without deliveries left out). */
  hourly(
    connectorId: string,
    from: number,
  ): Promise<Array<{ hour: Date; deliveries: number; events: number }>> {
    return this.dataSource.query(
      `SELECT date_trunc('hour', received_at) AS hour, count(*)::int AS deliveries,
         COALESCE(sum(events_created), 0)::int AS events
       FROM connector_inbox WHERE connector_id = $1 AND received_at >= $2 GROUP BY 1 ORDER BY 1`,
      [connectorId, new Date(from).toISOString()],
    );
  }

  /** The latest deliveries of a connector (of one status, or any), newest first. */
  async inbox(connectorId: string, status: InboxStatus | null, limit: number): Promise<InboxRecord[]> {
    const rows = await this.dataSource.query<InboxRecord[]>(
      `SELECT ${INBOX_COLUMNS} FROM connector_inbox
       WHERE connector_id = $1 AND ($2::text IS NULL OR status = $2::text) ORDER BY id DESC LIMIT $3`,
      [connectorId, status, limit],
    );
    return rows.map((row) => ({ ...row, body: bytes(row.body) }));
  }

  /**
   * Puts an unmapped or failed delivery back to pending with its attempts reset; the row as it is
   * now, or null when the connector holds no such row in those statuses.
   */
  async replay(connectorId: string, deliveryId: string, now: number): Promise<InboxRecord | null> {
    const rows = await modifyReturning<InboxRecord>(
      this.dataSource,
      `UPDATE connector_inbox SET status = 'pending', attempts = 0, reason = NULL, next_attempt_at = $3
       WHERE connector_id = $1 AND id::text = $2 AND status IN ('unmapped', 'failed')
       RETURNING ${INBOX_COLUMNS}`,
      [connectorId, deliveryId, new Date(now).toISOString()],
    );
    return rows.length === 0 ? null : { ...rows[0], body: bytes(rows[0].body) };
  }

  /** The status of a connector's delivery, or null when it holds none of that id. */
  async deliveryStatus(connectorId: string, deliveryId: string): Promise<InboxStatus | null> {
    const rows = await this.dataSource.query<Array<{ status: InboxStatus }>>(
      'SELECT status FROM connector_inbox WHERE connector_id = $1 AND id::text = $2',
      [connectorId, deliveryId],
    );
    return rows[0]?.status ?? null;
  }
}
