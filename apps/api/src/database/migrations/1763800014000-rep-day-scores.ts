import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rolled-out rep-days (memory bounded by what is open): what each rep's org-local day before the
 * engine's horizon contributes to the running totals, and where the summaries stand
 * (`scoring_horizon`: the day they cover up to, the ledger cursor below which every late event is
 * in them, the fingerprint of the rule sets and working hours they were scored under).
 */
export class RepDayScores1763800014000 implements MigrationInterface {
  name = 'RepDayScores1763800014000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE rep_day_scores (
        rep_id uuid NOT NULL,
        day integer NOT NULL,
        milli_points bigint NOT NULL,
        stats jsonb NOT NULL,
        records integer NOT NULL,
        PRIMARY KEY (rep_id, day)
      )`);
    await queryRunner.query(`
      CREATE TABLE scoring_horizon (
        id boolean PRIMARY KEY DEFAULT true CHECK (id),
        horizon_day integer NOT NULL,
        cursor bigint NOT NULL,
        fingerprint text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE scoring_horizon');
    await queryRunner.query('DROP TABLE rep_day_scores');
  }
}
