import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closed months (issue 6): the frozen figures of a month (per rep and per event, with the rule set
 * in effect at its end and a content hash), adjustments carried from a closed month into a later
 * close, payouts with their line items, and their approvals. Snapshot tables refuse UPDATE and
 * DELETE (a trigger), like the audit log; payouts change only through approval and manual lines.
 */
export class PeriodCloses1763800008000 implements MigrationInterface {
  name = 'PeriodCloses1763800008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE period_closes (
        id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        period_key   text        NOT NULL UNIQUE,
        from_at      timestamptz NOT NULL,
        to_at        timestamptz NOT NULL,
        currency     text        NOT NULL,
        rule_set_id  uuid        NOT NULL REFERENCES rule_sets (id),
        content_hash text        NOT NULL,
        closed_at    timestamptz NOT NULL DEFAULT now(),
        closed_by    text        NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX period_closes_to_at ON period_closes (to_at)');
    await queryRunner.query(`
      CREATE TABLE period_close_rows (
        close_id     uuid    NOT NULL REFERENCES period_closes (id),
        rep_id       uuid    NOT NULL,
        rep_key      text    NOT NULL,
        name         text    NOT NULL,
        team_id      uuid    NULL,
        milli_points bigint  NOT NULL,
        rank         integer NOT NULL,
        tier         text    NULL,
        payout       bigint  NOT NULL,
        PRIMARY KEY (close_id, rep_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE period_close_events (
        close_id     uuid        NOT NULL REFERENCES period_closes (id),
        event_id     bigint      NOT NULL,
        source       text        NOT NULL,
        external_id  text        NOT NULL,
        type         text        NOT NULL,
        rep_id       uuid        NOT NULL,
        occurred_at  timestamptz NOT NULL,
        milli_points bigint      NOT NULL,
        voided       boolean     NOT NULL,
        PRIMARY KEY (close_id, event_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE period_adjustments (
        id                 uuid   PRIMARY KEY DEFAULT gen_random_uuid(),
        source_close_id    uuid   NOT NULL REFERENCES period_closes (id),
        target_close_id    uuid   NOT NULL REFERENCES period_closes (id),
        rep_id             uuid   NOT NULL,
        delta_milli_points bigint NOT NULL,
        delta_payout       bigint NOT NULL,
        tier_before        text   NULL,
        tier_now           text   NULL,
        causes             jsonb  NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX period_adjustments_source ON period_adjustments (source_close_id, rep_id)',
    );
    await queryRunner.query(`
      CREATE FUNCTION period_snapshot_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is frozen: a closed month never changes', TG_TABLE_NAME USING ERRCODE = '42501';
      END $$`);
    for (const table of ['period_closes', 'period_close_rows', 'period_close_events', 'period_adjustments']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_frozen BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION period_snapshot_frozen()`);
    }
    await queryRunner.query(`
      CREATE TABLE payouts (
        id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        close_id           uuid        NOT NULL REFERENCES period_closes (id),
        period_key         text        NOT NULL,
        rep_id             uuid        NOT NULL,
        currency           text        NOT NULL,
        line_items         jsonb       NOT NULL,
        amount             bigint      NOT NULL,
        approvals_required integer     NOT NULL CHECK (approvals_required IN (1, 2)),
        status             text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved')),
        approved_at        timestamptz NULL,
        UNIQUE (close_id, rep_id)
      )`);
    await queryRunner.query('CREATE INDEX payouts_period ON payouts (period_key)');
    await queryRunner.query(`
      CREATE TABLE payout_approvals (
        payout_id uuid        NOT NULL REFERENCES payouts (id),
        user_id   uuid        NOT NULL REFERENCES users (id),
        name      text        NOT NULL,
        role      text        NOT NULL,
        at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (payout_id, user_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE payout_approvals');
    await queryRunner.query('DROP TABLE payouts');
    await queryRunner.query('DROP TABLE period_adjustments');
    await queryRunner.query('DROP TABLE period_close_events');
    await queryRunner.query('DROP TABLE period_close_rows');
    await queryRunner.query('DROP TABLE period_closes');
    await queryRunner.query('DROP FUNCTION period_snapshot_frozen()');
  }
}
