import { Injectable } from '@nestjs/common';
import type { ConnectorStageRow, ConnectorUserRow, EventType } from '@leaderboard/contracts';
import { DataSource } from 'typeorm';
import { modifyReturning } from '../database/sql.js';

/** A CRM user as a sync stores it. */
export interface SyncedUser {
  crmUserId: string;
  name: string | null;
  email: string | null;
  active: boolean;
}

/** A CRM stage as a sync stores it, with the event type its semantic presets. */
export interface SyncedStage {
  pipelineId: string | null;
  stageId: string;
  pipelineName: string | null;
  name: string | null;
  semantic: 'won' | 'lost' | 'open' | null;
  preset: EventType | null;
}

/**
 * The synced side of connector_users and connector_stages: what the CRM's API lists (names,
 * e-mails, semantics) beside the manager's map, which a sync never overrides.
 */
@Injectable()
export class ConnectorMapsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores the CRM's users (names, e-mails, active); the rep each is mapped to stays. */
  async upsertUsers(connectorId: string, users: readonly SyncedUser[], now: number): Promise<void> {
    if (users.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO connector_users (connector_id, crm_user_id, name, email, active, synced_at)
       SELECT $1, u.id, u.name, u.email, u.active, $6
       FROM unnest($2::text[], $3::text[], $4::text[], $5::boolean[]) AS u(id, name, email, active)
       ON CONFLICT (connector_id, crm_user_id) DO UPDATE SET name = EXCLUDED.name,
         email = EXCLUDED.email, active = EXCLUDED.active, synced_at = EXCLUDED.synced_at`,
      [
        connectorId,
        users.map((u) => u.crmUserId),
        users.map((u) => u.name),
        users.map((u) => u.email),
        users.map((u) => u.active),
        new Date(now).toISOString(),
      ],
    );
  }

  /**
   * Stores the CRM's stages (names, semantics). A stage new to the map gets the type its semantic
   * presets (won -> deal_won, lost -> deal_lost); a stage already in it keeps the type the manager
   * set, none included (a later sync never undoes a manager's "ignore").
   */
  async upsertStages(connectorId: string, stages: readonly SyncedStage[], now: number): Promise<void> {
    if (stages.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO connector_stages
         (connector_id, pipeline_id, stage_id, pipeline_name, name, semantic, event_type, synced_at,
          position)
       SELECT $1, s.p, s.s, s.pn, s.n, s.sem, s.t, $8, s.i
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
         WITH ORDINALITY AS s(p, s, pn, n, sem, t, i)
       ON CONFLICT (connector_id, pipeline_id, stage_id) DO UPDATE SET
         pipeline_name = EXCLUDED.pipeline_name, name = EXCLUDED.name, semantic = EXCLUDED.semantic,
         synced_at = EXCLUDED.synced_at, position = EXCLUDED.position`,
      [
        connectorId,
        stages.map((s) => s.pipelineId ?? ''),
        stages.map((s) => s.stageId),
        stages.map((s) => s.pipelineName),
        stages.map((s) => s.name),
        stages.map((s) => s.semantic),
        stages.map((s) => s.preset),
        new Date(now).toISOString(),
      ],
    );
  }

  /** CRM users synced or seen, with our rep and the events held under each (synced first, by name). */
  userRows(connectorId: string): Promise<ConnectorUserRow[]> {
    return this.dataSource.query(
      `SELECT u.crm_user_id AS "crmUserId", u.name, u.email, u.rep_id AS "repId", r.name AS "repName",
         u.matched_by AS "matchedBy", COALESCE(h.n, 0)::int AS "heldEvents"
       FROM connector_users u
       LEFT JOIN reps r ON r.id = u.rep_id
       LEFT JOIN (SELECT rep_key, count(*) AS n FROM events
                  WHERE rep_id IS NULL AND rep_key LIKE $2 GROUP BY rep_key) h
         ON h.rep_key = $3 || u.crm_user_id
       WHERE u.connector_id = $1
       ORDER BY u.synced_at IS NULL, lower(COALESCE(u.name, u.crm_user_id)), u.crm_user_id`,
      [connectorId, `crm:${connectorId}:%`, `crm:${connectorId}:`],
    );
  }

  /** The stage map in the CRM's order (synced stages as it lists them, then the rest by name). */
  stageRows(connectorId: string): Promise<ConnectorStageRow[]> {
    return this.dataSource.query(
      `SELECT NULLIF(pipeline_id, '') AS "pipelineId", stage_id AS "stageId", event_type AS type,
         pipeline_name AS "pipelineName", name, semantic
       FROM connector_stages WHERE connector_id = $1
       ORDER BY min(position) OVER (PARTITION BY pipeline_id) NULLS LAST, pipeline_id,
         position NULLS LAST, name NULLS LAST, stage_id`,
      [connectorId],
    );
  }

  /** Notes CRM users a delivery or history page names (unmatched until a manager or an e-mail maps them). */
  async noteSeen(connectorId: string, crmUserIds: readonly string[]): Promise<void> {
    if (crmUserIds.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO connector_users (connector_id, crm_user_id)
       SELECT $1, u FROM unnest($2::text[]) AS u ON CONFLICT (connector_id, crm_user_id) DO NOTHING`,
      [connectorId, crmUserIds],
    );
  }

  /**
   * Maps each unmatched CRM user (of `crmUserIds`, or all when null) whose e-mail, or whose id when
   * it is an e-mail, is the e-mail of exactly one rep (case-insensitive) to that rep. A manual map,
   * even a manual "no rep", is never overridden. Gives the users matched now.
   */
  matchByEmail(
    connectorId: string,
    crmUserIds: readonly string[] | null,
  ): Promise<Array<{ crmUserId: string; repId: string }>> {
    return modifyReturning(
      this.dataSource,
      `UPDATE connector_users u SET rep_id = m.rep_id, matched_by = 'email'
       FROM (SELECT lower(email) AS email, (array_agg(id))[1] AS rep_id FROM reps
             WHERE email IS NOT NULL GROUP BY lower(email) HAVING count(*) = 1) m
       WHERE u.connector_id = $1 AND u.matched_by IS NULL
         AND ($2::text[] IS NULL OR u.crm_user_id = ANY($2::text[]))
         AND m.email = lower(COALESCE(u.email, u.crm_user_id))
       RETURNING u.crm_user_id AS "crmUserId", u.rep_id AS "repId"`,
      [connectorId, crmUserIds],
    );
  }
}
