import type { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE } from '../app-role.js';

/**
 * The application's own database role: every connection of the app switches to it once it exists
 * (see `database/app-role.ts`); migrations switch back to the login role for their transaction.
 * It may read and write every table except that it can never UPDATE, DELETE or TRUNCATE
 * `audit_log`, so the log is append-only by privilege, not only by trigger. Tables created by later
 * migrations get the same grants through default privileges.
 *
 * The role is cluster-wide (several databases, e.g. the test databases, share it), so it is created
 * only when missing. A login role that may not create roles keeps working as before, without the
 * privilege guard (a notice says so).
 */
export class AuditAppRole1763800008100 implements MigrationInterface {
  name = 'AuditAppRole1763800008100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      DECLARE
        me record;
      BEGIN
        SELECT rolsuper, rolcreaterole INTO me FROM pg_roles WHERE rolname = current_user;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          IF NOT (me.rolsuper OR me.rolcreaterole) THEN
            RAISE NOTICE 'cannot create role ${APP_ROLE}: audit_log stays guarded by its trigger only';
            RETURN;
          END IF;
          BEGIN
            CREATE ROLE ${APP_ROLE} NOLOGIN NOSUPERUSER NOINHERIT;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- created meanwhile by a migration of another database
          END;
        END IF;
        IF NOT me.rolsuper AND NOT pg_has_role(current_user, '${APP_ROLE}', 'MEMBER') THEN
          EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user);
        END IF;
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO ${APP_ROLE}', current_database());
        GRANT USAGE ON SCHEMA public TO ${APP_ROLE};
        GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};
        GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO ${APP_ROLE};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public
          GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON TABLES TO ${APP_ROLE};
        ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${APP_ROLE};
        REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${APP_ROLE};
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          ALTER DEFAULT PRIVILEGES IN SCHEMA public
            REVOKE ALL ON TABLES FROM ${APP_ROLE};
          ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM ${APP_ROLE};
          REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE};
          REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE};
        END IF;
      END $$`);
  }
}
