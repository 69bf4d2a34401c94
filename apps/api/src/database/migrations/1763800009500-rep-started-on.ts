import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The day a rep started, for tenure brackets (fair boards: new hires ranked against their peers). */
export class RepStartedOn1763800009500 implements MigrationInterface {
  name = 'RepStartedOn1763800009500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE reps ADD COLUMN started_on date NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE reps DROP COLUMN started_on');
  }
}
