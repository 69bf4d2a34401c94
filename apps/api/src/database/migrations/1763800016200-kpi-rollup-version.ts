import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `kpi_rollup_state.version`: a new random value in every transaction that changes a rollup row
 * (a catch-up that recomputed keys or rebuilt, `npm run rebuild`). A KPI answer read from the
 * rollups at one version is the answer of every later request that sees the same version, so the
 * API keeps it in memory under it (apps/api/src/kpis/kpi-answer-cache.ts). Random rather than a
 * counter: a restored or recreated database can never repeat a version a process already holds.
 */
export class KpiRollupVersion1763800016200 implements MigrationInterface {
  name = 'KpiRollupVersion1763800016200';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE kpi_rollup_state ADD COLUMN version uuid NOT NULL DEFAULT gen_random_uuid()`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE kpi_rollup_state DROP COLUMN version`);
  }
}
