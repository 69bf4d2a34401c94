import { join } from 'node:path';
import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/app-config.js';
import { InitialSchema1763800000000 } from './migrations/1763800000000-initial-schema.js';
import { AUTH_MIGRATIONS } from './migrations/auth-migrations.js';
import { EventConflictFunction1763800002000 } from './migrations/1763800002000-event-conflict-function.js';
import { ProjectionFillfactor1763800003000 } from './migrations/1763800003000-projection-fillfactor.js';
import { EventCommitOrder1763800004000 } from './migrations/1763800004000-event-commit-order.js';
import { AuditLog1763800005000 } from './migrations/1763800005000-audit-log.js';
import { KpiInputs1763800006000 } from './migrations/1763800006000-kpi-inputs.js';
import { RepStartedOn1763800009500 } from './migrations/1763800009500-rep-started-on.js';
import { PeriodCloses1763800008000 } from './migrations/1763800008000-period-closes.js';
import { AuditAppRole1763800008100 } from './migrations/1763800008100-audit-app-role.js';
import { Competitions1763800010000 } from './migrations/1763800010000-competitions.js';
import { BrinAutosummarize1763800010500 } from './migrations/1763800010500-brin-autosummarize.js';
import { Connectors1763800012000 } from './migrations/1763800012000-connectors.js';
import { ConnectorSync1763800013000 } from './migrations/1763800013000-connector-sync.js';
import { ConnectorStageOrder1763800013100 } from './migrations/1763800013100-connector-stage-order.js';
import { RepDayScores1763800014000 } from './migrations/1763800014000-rep-day-scores.js';
import { KpiRollups1763800014500 } from './migrations/1763800014500-kpi-rollups.js';
import { KpiRollupVersion1763800016200 } from './migrations/1763800016200-kpi-rollup-version.js';
import { KpiRepMonths1763800016300 } from './migrations/1763800016300-kpi-rep-months.js';
import { asLoginRole, withAppRole } from './app-role.js';
import { createPgliteDriver } from './pglite-pool.js';

export const MIGRATIONS = [
  InitialSchema1763800000000,
  ...AUTH_MIGRATIONS,
  EventConflictFunction1763800002000,
  ProjectionFillfactor1763800003000,
  EventCommitOrder1763800004000,
  AuditLog1763800005000,
  KpiInputs1763800006000,
  RepStartedOn1763800009500,
  PeriodCloses1763800008000,
  AuditAppRole1763800008100,
  Competitions1763800010000,
  BrinAutosummarize1763800010500,
  Connectors1763800012000,
  ConnectorSync1763800013000,
  ConnectorStageOrder1763800013100,
  RepDayScores1763800014000,
  KpiRollups1763800014500,
  KpiRollupVersion1763800016200,
  KpiRepMonths1763800016300,
];

export interface DataSourceFactoryOptions {
  /** Embedded PGlite in memory instead of `<dataDir>/pglite` (tests). */
  inMemory?: boolean;
}

/**
 * The one data source definition, used by the app and by the CLIs: PostgreSQL at
 * `config.databaseUrl`, or embedded PGlite when there is none. Schema only through migrations.
 * The app adds `autoLoadEntities` (see AppModule).
 */
export function createDataSourceOptions(
  config: AppConfig,
  options: DataSourceFactoryOptions = {},
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    synchronize: false,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    installExtensions: false,
    // The app registers its entities module by module (`autoLoadEntities`, `forFeature`); the CLIs
    // need none: they run migrations and raw SQL.
    entities: [],
    // Every connection works as the app role (see app-role.ts); migrations as the login role.
    migrations: MIGRATIONS.map(asLoginRole),
    // Failed queries surface as errors the exception filter logs (or maps, when expected).
    logging:
      config.logLevel === 'debug' ? ('all' as const) : (['migration', 'warn'] as Array<'migration' | 'warn'>),
  };
  if (config.databaseUrl === null) {
    const pglite = createPgliteDriver(options.inMemory ? {} : { dataDir: join(config.dataDir, 'pglite') });
    // PGlite hands out a new client object for its one session: the session is the database.
    const Pool = withAppRole(pglite.driver.Pool, (client: { db?: object }) => client.db ?? client);
    return { ...common, driver: { ...pglite.driver, Pool } };
  }
  const driver = Object.assign(Object.create(pg) as typeof pg, { Pool: withAppRole(pg.Pool) });
  // A server that does not answer (or a pool with no free client for that long) fails the request
  // after 10 s with a connection error, which the exception filter answers 503, instead of hanging.
  return { ...common, url: config.databaseUrl, poolSize: 10, connectTimeoutMS: 10_000, driver };
}
