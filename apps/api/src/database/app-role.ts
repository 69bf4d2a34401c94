import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The non-superuser role the application works as (migration 1763800008100 creates it and grants
 * it everything but UPDATE, DELETE and TRUNCATE on `audit_log`). The login role of `DATABASE_URL`
 * (or PGlite's single superuser) connects; each connection then switches to this role once it
 * exists. A superuser login can still `RESET ROLE`: the switch keeps the application's own
 * statements from changing the audit log; the trigger stays as a second guard.
 */
export const APP_ROLE = 'leaderboard_app';

/**
 * Switches the session to the app role when it exists, the login may use it, and this database's
 * migrations have granted it its tables (the role is cluster-wide: in a fresh database it exists
 * before it may create or read anything there, and TypeORM's own `migrations` table comes first);
 * one row when it did.
 */
export const SWITCH_TO_APP_ROLE = `SELECT set_config('role', '${APP_ROLE}', false) AS role FROM pg_roles
  WHERE rolname = '${APP_ROLE}' AND pg_has_role(session_user, oid, 'MEMBER')
    AND to_regclass('public.audit_log') IS NOT NULL
    AND has_table_privilege('${APP_ROLE}', 'public.audit_log', 'INSERT')`;

/** How many migrations this process has run (a session that could not switch is checked again after one). */
let migrationsRun = 0;

interface Queryable {
  query(sql: string): Promise<{ rows: unknown[] }>;
}

type ConnectCallback<C> = (error: unknown, client: C | null, release: (error?: unknown) => void) => void;

interface PoolLike<C> {
  connect(callback: ConnectCallback<C>): unknown;
}

/**
 * A pool class whose connections switch to the app role on their first checkout after the role
 * exists (one extra statement per session, none afterwards). `sessionOf` names the database session
 * a client object stands for (PGlite hands out a new client object for its one session).
 */
export function withAppRole<T>(Pool: T, sessionOf: (client: never) => object = (client) => client): T {
  /** Session -> the migrations generation it was checked at (switched sessions: Infinity). */
  const checked = new WeakMap<object, number>();
  const session = sessionOf as (client: Queryable) => object;
  const Base = Pool as unknown as new (...args: unknown[]) => PoolLike<Queryable>;
  class AppRolePool extends Base {
    override connect(callback: ConnectCallback<Queryable>): unknown {
      return super.connect((error, client, release) => {
        // Only a migration can create the role or grant it this database: a session that could not
        // switch is asked again after the next one ran, not on every checkout.
        if (error || !client || (checked.get(session(client)) ?? -1) >= migrationsRun) {
          callback(error, client, release);
          return;
        }
        client.query(SWITCH_TO_APP_ROLE).then(
          (result) => {
            checked.set(session(client), result.rows.length > 0 ? Infinity : migrationsRun);
            callback(null, client, release);
          },
          (switchError: unknown) => {
            release(switchError);
            callback(switchError, null, () => undefined);
          },
        );
      });
    }
  }
  return AppRolePool as unknown as T;
}

type MigrationClass = new () => MigrationInterface;

/**
 * Runs a migration as the login role (`SET LOCAL ROLE NONE` for its transaction): the app role may
 * not change the schema. Migrations run one transaction each (`migrationsTransactionMode: 'each'`).
 */
export function asLoginRole(Migration: MigrationClass): MigrationClass {
  class LoginRoleMigration extends Migration {
    override async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query('SET LOCAL ROLE NONE');
      await super.up(queryRunner);
      migrationsRun++;
    }

    override async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query('SET LOCAL ROLE NONE');
      await super.down(queryRunner);
    }
  }
  Object.defineProperty(LoginRoleMigration, 'name', { value: Migration.name });
  return LoginRoleMigration;
}
