import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KPI rollups per (rep, local month): `kpi_rep_months` and `kpi_rep_month_groups` have the columns
 * of `kpi_rep_days` and `kpi_rep_day_groups`, `day` being the first day of the month, each row the
 * sum of that month's day rows (response times: all of them, sorted). Kept by the same catch-up
 * (the months of the keys it recomputed) and rebuilt with the days; a window whose bounds are all
 * first days of months (months, quarters, years) reads them: 13 rows per rep and year instead of
 * about 365. apps/api/src/kpis/rollups.
 */
export class KpiRepMonths1763800016300 implements MigrationInterface {
  name = 'KpiRepMonths1763800016300';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kpi_rep_months (LIKE kpi_rep_days INCLUDING ALL);
      CREATE TABLE kpi_rep_month_groups (LIKE kpi_rep_day_groups INCLUDING ALL);
      UPDATE kpi_rollup_state SET zone = NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE kpi_rep_month_groups;
      DROP TABLE kpi_rep_months;
    `);
  }
}
