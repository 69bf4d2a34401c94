import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connectors (issue 15): a CRM or telephony system that sends webhooks to `/api/hooks/:id/:secret`.
 * `secret_*` hold the AES-256-GCM ciphertext of the connector's credentials (the URL secret and the
 * vendor's values); `settings` only what is not secret. `connector_inbox` keeps every accepted
 * delivery raw until the worker has mapped it; `next_attempt_at` is both the lease of a claimed row
 * and the time a failed row is tried again. The app role gets these tables through the default
 * privileges of migration 1763800008100.
 */
export class Connectors1763800012000 implements MigrationInterface {
  name = 'Connectors1763800012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      -- One row per CRM or phone system; its secrets only as ciphertext.
      CREATE TABLE connectors (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        settings jsonb NOT NULL DEFAULT '{}',
        secret_iv bytea NOT NULL,
        secret_tag bytea NOT NULL,
        secret_data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NULL,
        disabled boolean NOT NULL DEFAULT false
      );

      CREATE TABLE connector_inbox (
        id bigserial PRIMARY KEY,
        connector_id uuid NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
        received_at timestamptz NOT NULL,
        method text NOT NULL CHECK (method IN ('GET', 'POST')),
        url text NOT NULL,
        headers jsonb NOT NULL,
        body bytea NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'unmapped', 'failed')),
        reason text NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        processed_at timestamptz NULL,
        events_created integer NOT NULL DEFAULT 0
      );
      CREATE INDEX connector_inbox_due_idx ON connector_inbox (next_attempt_at)
        WHERE status IN ('pending', 'failed');
      CREATE INDEX connector_inbox_connector_idx ON connector_inbox (connector_id, received_at);

      CREATE TABLE connector_users (
        connector_id uuid NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
        crm_user_id text NOT NULL,
        rep_id uuid NULL REFERENCES reps (id) ON DELETE SET NULL,
        matched_by text NOT NULL CHECK (matched_by IN ('email', 'manual')),
        PRIMARY KEY (connector_id, crm_user_id)
      );

      CREATE TABLE connector_stages (
        connector_id uuid NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
        pipeline_id text NOT NULL DEFAULT '',
        stage_id text NOT NULL,
        event_type text NULL,
        PRIMARY KEY (connector_id, pipeline_id, stage_id)
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE connector_stages, connector_users, connector_inbox, connectors');
  }
}
