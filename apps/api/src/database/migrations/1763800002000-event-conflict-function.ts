import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `event_conflict(source, external_id)` raises SQLSTATE LB409. The ingest statement calls it from
 * `ON CONFLICT ... DO UPDATE ... WHERE content differs`, which sees the latest committed row even
 * when a concurrent request committed it after the statement began: the whole statement (the
 * whole batch) is then rolled back, with no explicit transaction.
 */
export class EventConflictFunction1763800002000 implements MigrationInterface {
  name = 'EventConflictFunction1763800002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION event_conflict(p_source text, p_external_id text) RETURNS text LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'event (%, %) exists with different content', p_source, p_external_id USING ERRCODE = 'LB409';
      END;
      $$;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION event_conflict(text, text)');
  }
}
