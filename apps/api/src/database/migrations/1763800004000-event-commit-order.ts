import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `events.tx`: the transaction that wrote (or attached) the row (its 64-bit id, as bigint so that a
 * BRIN index applies; xid8 has none). A process tailing the ledger reads
 * `tx >= cursor AND tx < pg_snapshot_xmin(pg_current_snapshot())`: every transaction below that
 * xmin has finished, so no row can commit there later (ids from a sequence can). A BRIN index
 * keeps the scan short and costs almost nothing on insert (tx grows with time).
 * Attaching a held event sets `tx` again, so other processes see it attached.
 */
export class EventCommitOrder1763800004000 implements MigrationInterface {
  name = 'EventCommitOrder1763800004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE events ADD COLUMN tx bigint NOT NULL DEFAULT pg_current_xact_id()::text::bigint;
      CREATE INDEX events_tx_brin ON events USING brin (tx);
      CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.rep_id IS NULL AND NEW.rep_id IS NOT NULL
           AND (to_jsonb(NEW) - 'rep_id' - 'tx') = (to_jsonb(OLD) - 'rep_id' - 'tx') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
      END;
      $$;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.rep_id IS NULL AND NEW.rep_id IS NOT NULL
           AND (to_jsonb(NEW) - 'rep_id') = (to_jsonb(OLD) - 'rep_id') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
      END;
      $$;
      DROP INDEX events_tx_brin;
      ALTER TABLE events DROP COLUMN tx;
    `);
  }
}
