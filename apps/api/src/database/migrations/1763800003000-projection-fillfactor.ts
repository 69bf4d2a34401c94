import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection rows are rewritten all day long; free space in each page lets PostgreSQL update
 * them in place (HOT: `milli_points` and `seq` are not indexed) instead of touching the index.
 */
export class ProjectionFillfactor1763800003000 implements MigrationInterface {
  name = 'ProjectionFillfactor1763800003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE board_totals SET (fillfactor = 70)');
    await queryRunner.query('ALTER TABLE board_seq SET (fillfactor = 50)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE board_totals RESET (fillfactor)');
    await queryRunner.query('ALTER TABLE board_seq RESET (fillfactor)');
  }
}
