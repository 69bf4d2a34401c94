import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Connectors read their CRM's API (issue 15): users and stages synced from it (names, e-mails, the
 * CRM's won/lost semantics) beside the manager's map; backfill and catch-up runs with a cursor that
 * survives a restart; the catch-up watermark of each connector.
 * - `connector_users.matched_by` NULL: a CRM user synced or seen, not matched to a rep yet.
 * - `connector_jobs`: one running job per connector (partial unique index); `heartbeat_at` is the
 *   lease a process renews while it runs the job, so another process resumes a job whose process died.
 * - `connectors.catchup_since`: history from this instant on is still to be polled.
 */
export class ConnectorSync1763800013000 implements MigrationInterface {
  name = 'ConnectorSync1763800013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE connector_users
        ALTER COLUMN matched_by DROP NOT NULL,
        ADD COLUMN name text NULL,
        ADD COLUMN email text NULL,
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN synced_at timestamptz NULL;

      ALTER TABLE connector_stages
        ADD COLUMN pipeline_name text NULL,
        ADD COLUMN name text NULL,
        ADD COLUMN semantic text NULL CHECK (semantic IN ('won', 'lost', 'open')),
        ADD COLUMN synced_at timestamptz NULL;

      ALTER TABLE connectors
        ADD COLUMN catchup_since timestamptz NULL,
        ADD COLUMN last_catchup_at timestamptz NULL;

      CREATE TABLE connector_jobs (
        id bigserial PRIMARY KEY,
        connector_id uuid NOT NULL REFERENCES connectors (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('backfill', 'catchup')),
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed')),
        since timestamptz NOT NULL,
        cursor text NULL,
        fetched integer NOT NULL DEFAULT 0,
        total integer NULL,
        created integer NOT NULL DEFAULT 0,
        error text NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NULL,
        heartbeat_at timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX connector_jobs_one_running_idx ON connector_jobs (connector_id)
        WHERE status = 'running';
      CREATE INDEX connector_jobs_connector_idx ON connector_jobs (connector_id, id DESC);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE connector_jobs;
      ALTER TABLE connectors DROP COLUMN catchup_since, DROP COLUMN last_catchup_at;
      ALTER TABLE connector_stages DROP COLUMN pipeline_name, DROP COLUMN name, DROP COLUMN semantic,
        DROP COLUMN synced_at;
      DELETE FROM connector_users WHERE matched_by IS NULL;
      ALTER TABLE connector_users ALTER COLUMN matched_by SET NOT NULL, DROP COLUMN name,
        DROP COLUMN email, DROP COLUMN active, DROP COLUMN synced_at;
    `);
  }
}
