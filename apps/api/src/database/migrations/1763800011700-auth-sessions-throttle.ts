import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session revocation and shared login throttling (issue 13, items 6 and 7).
 *
 * `users.session_version` is carried in every access token (`ver`); disabling a user, changing
 * their role or password bumps it, which voids every token issued before.
 *
 * `login_throttle` holds the failed-login counters of every process (per client address, per
 * account, per account and address), so several API processes share one budget. Rows are small
 * and pruned: expired ones, and the oldest beyond a fixed cap (see login-throttle.ts).
 */
export class AuthSessionsThrottle1763800011700 implements MigrationInterface {
  name = 'AuthSessionsThrottle1763800011700';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN session_version integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`
      CREATE TABLE login_throttle (
        key             text        PRIMARY KEY,
        failures        integer     NOT NULL,
        last_failure_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE login_throttle`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN session_version`);
  }
}
