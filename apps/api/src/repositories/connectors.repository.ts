import { Injectable } from '@nestjs/common';
import type { ConnectorSettings, ConnectorStage, EventType, InboxStatus } from '@leaderboard/contracts';
import { DataSource } from 'typeorm';
import { modifyReturning } from '../database/sql.js';

export interface ConnectorRecord {
  id: string;
  kind: string;
  name: string;
  settings: ConnectorSettings;
  secret_iv: Buffer;
  secret_tag: Buffer;
  secret_data: Buffer;
  created_at: Date;
  created_by: string | null;
  disabled: boolean;
}

export interface NewConnector {
  kind: string;
  name: string;
  settings: ConnectorSettings;
  sealed: { iv: Buffer; tag: Buffer; data: Buffer };
  createdBy: string | null;
}

export interface InboxRecord {
  id: string;
  connector_id: string;
  received_at: Date;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: Buffer;
  status: InboxStatus;
  reason: string | null;
  attempts: number;
}

export interface NewDelivery {
  connectorId: string;
  receivedAt: number;
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** How one claimed row ended. */
export type InboxOutcome =
  | { status: 'done'; eventsCreated: number; reason: string | null }
  | { status: 'unmapped'; reason: string }
  | { status: 'failed'; reason: string; retryAt: number };

export interface InboxStats {
  last_delivery_at: Date | null;
  deliveries_last_hour: number;
  events_last_hour: number;
  pending: number;
  done: number;
  unmapped: number;
  failed: number;
}

export interface UserMapping {
  crm_user_id: string;
  rep_id: string | null;
  rep_key: string | null;
  matched_by: 'email' | 'manual' | null;
}

const CONNECTOR_COLUMNS =
  'id, kind, name, settings, secret_iv, secret_tag, secret_data, created_at, created_by, disabled';
const INBOX_COLUMNS =
  'id::text AS id, connector_id, received_at, method, url, headers, body, status, reason, attempts';

/** bytea as a Buffer (node-postgres answers a Buffer, PGlite a Uint8Array). */
const bytes = (value: Uint8Array): Buffer => Buffer.from(value.buffer, value.byteOffset, value.byteLength);

const connectorOf = (row: ConnectorRecord): ConnectorRecord => ({
  ...row,
  secret_iv: bytes(row.secret_iv),
  secret_tag: bytes(row.secret_tag),
  secret_data: bytes(row.secret_data),
});

const inboxOf = (row: InboxRecord): InboxRecord => ({ ...row, body: bytes(row.body) });

/** connectors, connector_inbox, connector_users, connector_stages. */
@Injectable()
export class ConnectorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(input: NewConnector): Promise<ConnectorRecord> {
    const rows = await this.dataSource.query<ConnectorRecord[]>(
      `INSERT INTO connectors (kind, name, settings, secret_iv, secret_tag, secret_data, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING ${CONNECTOR_COLUMNS}`,
      [
        input.kind,
        input.name,
        input.settings,
        input.sealed.iv,
        input.sealed.tag,
        input.sealed.data,
        input.createdBy,
      ],
    );
    return connectorOf(rows[0]);
  }

  async list(): Promise<ConnectorRecord[]> {
    const rows = await this.dataSource.query<ConnectorRecord[]>(
      `SELECT ${CONNECTOR_COLUMNS} FROM connectors ORDER BY created_at, id`,
    );
    return rows.map(connectorOf);
  }

  /** The connector, or null (also for a string that is not a uuid: the public hook takes any). */
  async find(id: string): Promise<ConnectorRecord | null> {
    const rows = await this.dataSource.query<ConnectorRecord[]>(
      `SELECT ${CONNECTOR_COLUMNS} FROM connectors WHERE id::text = $1`,
      [id],
    );
    return rows.length === 0 ? null : connectorOf(rows[0]);
  }

  async update(
    id: string,
    change: {
      name?: string;
      settings?: ConnectorSettings;
      disabled?: boolean;
      sealed?: { iv: Buffer; tag: Buffer; data: Buffer };
    },
  ): Promise<ConnectorRecord | null> {
    const rows = await modifyReturning<ConnectorRecord>(
      this.dataSource,
      `UPDATE connectors SET name = COALESCE($2, name), settings = COALESCE($3, settings),
         disabled = COALESCE($4, disabled), secret_iv = COALESCE($5, secret_iv),
         secret_tag = COALESCE($6, secret_tag), secret_data = COALESCE($7, secret_data)
       WHERE id = $1 RETURNING ${CONNECTOR_COLUMNS}`,
      [
        id,
        change.name ?? null,
        change.settings ?? null,
        change.disabled ?? null,
        change.sealed?.iv ?? null,
        change.sealed?.tag ?? null,
        change.sealed?.data ?? null,
      ],
    );
    return rows.length === 0 ? null : connectorOf(rows[0]);
  }

  /** Deletes the connector with its inbox and maps; whether it existed. */
  async remove(id: string): Promise<boolean> {
    const rows = await modifyReturning<{ id: string }>(
      this.dataSource,
      'DELETE FROM connectors WHERE id = $1 RETURNING id',
      [id],
    );
    return rows.length > 0;
  }

  /** One INSERT: the delivery is durable once this resolves. */
  async store(delivery: NewDelivery): Promise<void> {
    const at = new Date(delivery.receivedAt).toISOString();
    await this.dataSource.query(
      `INSERT INTO connector_inbox (connector_id, received_at, method, url, headers, body, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, $2)`,
      [delivery.connectorId, at, delivery.method, delivery.url, delivery.headers, delivery.body],
    );
  }

  /**
   * Claims up to `limit` due rows (pending, or failed with attempts left) in one statement: rows
   * another process holds are skipped (SKIP LOCKED), and a claimed row is leased until `leaseUntil`
   * so no other process takes it meanwhile; a process that dies leaves it to be claimed again then.
   */
  async claim(now: number, leaseUntil: number, limit: number, maxAttempts: number): Promise<InboxRecord[]> {
    const rows = await modifyReturning<InboxRecord>(
      this.dataSource,
      `UPDATE connector_inbox SET next_attempt_at = $2 WHERE id IN (
         SELECT id FROM connector_inbox
         WHERE status IN ('pending', 'failed') AND attempts < $4 AND next_attempt_at <= $1
         ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING ${INBOX_COLUMNS}`,
      [new Date(now).toISOString(), new Date(leaseUntil).toISOString(), limit, maxAttempts],
    );
    return rows.map(inboxOf);
  }

  /** Ends claimed rows in one statement (one attempt more); a failed row is due again at its `retryAt`. */
  async finishAll(rows: ReadonlyArray<{ id: string; outcome: InboxOutcome }>, now: number): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `UPDATE connector_inbox i SET status = u.status, reason = u.reason, attempts = i.attempts + 1,
         events_created = CASE u.status WHEN 'failed' THEN i.events_created ELSE u.events END,
         next_attempt_at = COALESCE(u.retry_at, i.next_attempt_at), processed_at = $6
       FROM unnest($1::bigint[], $2::text[], $3::text[], $4::int[], $5::timestamptz[])
         AS u(id, status, reason, events, retry_at) WHERE i.id = u.id`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.outcome.status),
        rows.map((r) => r.outcome.reason),
        rows.map(({ outcome: o }) => (o.status === 'done' ? o.eventsCreated : 0)),
        rows.map(({ outcome: o }) => (o.status === 'failed' ? new Date(o.retryAt).toISOString() : null)),
        new Date(now).toISOString(),
      ],
    );
  }

  async stats(connectorId: string, since: number): Promise<InboxStats> {
    const rows = await this.dataSource.query<InboxStats[]>(
      `SELECT max(received_at) AS last_delivery_at,
         count(*) FILTER (WHERE received_at >= $2)::int AS deliveries_last_hour,
         coalesce(sum(events_created) FILTER (WHERE received_at >= $2), 0)::int AS events_last_hour,
         count(*) FILTER (WHERE status = 'pending')::int AS pending,
         count(*) FILTER (WHERE status = 'done')::int AS done,
         count(*) FILTER (WHERE status = 'unmapped')::int AS unmapped,
         count(*) FILTER (WHERE status = 'failed')::int AS failed
       FROM connector_inbox WHERE connector_id = $1`,
      [connectorId, new Date(since).toISOString()],
    );
    return rows[0];
  }

  async lastFailure(connectorId: string): Promise<InboxRecord | null> {
    const rows = await this.dataSource.query<InboxRecord[]>(
      `SELECT ${INBOX_COLUMNS} FROM connector_inbox
       WHERE connector_id = $1 AND status IN ('unmapped', 'failed') ORDER BY id DESC LIMIT 1`,
      [connectorId],
    );
    return rows.length === 0 ? null : inboxOf(rows[0]);
  }

  /** The connector's CRM users that are mapped, with the key of their rep. */
  userMap(connectorId: string, crmUserIds: string[]): Promise<UserMapping[]> {
    return this.dataSource.query(
      `SELECT u.crm_user_id, u.rep_id, r.key AS rep_key, u.matched_by FROM connector_users u
       LEFT JOIN reps r ON r.id = u.rep_id WHERE u.connector_id = $1 AND u.crm_user_id = ANY($2::text[])`,
      [connectorId, crmUserIds],
    );
  }

  async setUser(
    connectorId: string,
    crmUserId: string,
    repId: string | null,
    matchedBy: 'email' | 'manual',
  ): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO connector_users (connector_id, crm_user_id, rep_id, matched_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT (connector_id, crm_user_id) DO UPDATE SET rep_id = EXCLUDED.rep_id, matched_by = EXCLUDED.matched_by`,
      [connectorId, crmUserId, repId, matchedBy],
    );
  }

  async stages(connectorId: string): Promise<ConnectorStage[]> {
    const rows = await this.dataSource.query<
      Array<{ pipeline_id: string; stage_id: string; event_type: EventType | null }>
    >(
      'SELECT pipeline_id, stage_id, event_type FROM connector_stages WHERE connector_id = $1 ORDER BY pipeline_id, stage_id',
      [connectorId],
    );
    return rows.map((r) => ({
      pipelineId: r.pipeline_id === '' ? null : r.pipeline_id,
      stageId: r.stage_id,
      type: r.event_type,
    }));
  }

  /**
   * Replaces the whole stage map in one transaction; a synced stage not listed keeps its row (its
   * names, its semantic) with no type.
   */
  async replaceStages(connectorId: string, stages: ConnectorStage[]): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM connector_stages WHERE connector_id = $1 AND synced_at IS NULL', [
        connectorId,
      ]);
      await manager.query('UPDATE connector_stages SET event_type = NULL WHERE connector_id = $1', [
        connectorId,
      ]);
      if (stages.length === 0) return;
      await manager.query(
        `INSERT INTO connector_stages (connector_id, pipeline_id, stage_id, event_type)
         SELECT $1, p, s, t FROM unnest($2::text[], $3::text[], $4::text[]) AS u(p, s, t)
         ON CONFLICT (connector_id, pipeline_id, stage_id) DO UPDATE SET event_type = EXCLUDED.event_type`,
        [
          connectorId,
          stages.map((s) => s.pipelineId ?? ''),
          stages.map((s) => s.stageId),
          stages.map((s) => s.type),
        ],
      );
    });
  }
}
