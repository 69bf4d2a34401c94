import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../app.factory.js';
import type { AppConfig } from '../config/app-config.js';
import { seedDefaults } from '../database/seed-defaults.js';
import { LiveService } from '../live/live.service.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { TEST_SETTINGS } from './test-settings.js';

export const TEST_ADMIN_EMAIL = 'admin@example.com';
export const TEST_ADMIN_PASSWORD = 'Quartz-Meadow-Falcon-26';

/** `TEST_DATABASE=server` runs the same suites against PostgreSQL instead of in-memory PGlite. */
export const USE_SERVER = TEST_SETTINGS.useServer;
const SERVER_URL = TEST_SETTINGS.databaseUrl;

export interface TestApp {
  app: NestExpressApplication;
  dataSource: DataSource;
  scoring: ScoringService;
  /** supertest against the running server. */
  http(): ReturnType<typeof request>;
  adminToken: string;
  integrationToken: string;
  /** Empties every domain table (users and tokens stay), re-seeds the defaults, rebuilds the engine. */
  reset(): Promise<void>;
  close(): Promise<void>;
  /** SQL count helper. */
  count(table: string, where?: string): Promise<number>;
  /** Starts listening on a free port (for sockets); returns `http://127.0.0.1:<port>`. */
  listen(): Promise<string>;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    port: 0,
    databaseUrl: null,
    dataDir: '/nonexistent',
    jwtSecret: 'test-secret-test-secret-test-secret-0123456789',
    connectorKey: Buffer.alloc(32, 7),
    jwtTtlSeconds: 3600,
    adminEmail: TEST_ADMIN_EMAIL,
    adminPassword: TEST_ADMIN_PASSWORD,
    demo: false,
    webDir: null,
    redisUrl: null,
    liveMaxEmitsPerSec: 10,
    scoringLateWindowDays: 35,
    // Fast: tests that celebrate several things need not wait (pacing has its own test).
    liveMaxCelebrationsPerSec: 100,
    liveAllowedOrigins: [],
    logLevel: 'error',
    kpiTargetStretchPct: 10,
    kpiLiveHintMs: 3000,
    payoutSecondApprovalAbove: 10_000_000,
    trustProxy: false,
    ...overrides,
  };
}

/** A fresh database on the server for one test file; dropped by `close`. */
async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(SERVER_URL);
  const name = `${base.pathname.slice(1) || 'leaderboard_test'}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(SERVER_URL);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const server = USE_SERVER ? await createServerDatabase() : null;
  const config = testConfig({ databaseUrl: server?.url ?? null, ...overrides });
  const app = await createApp(config, { database: { inMemory: true }, logger: ['error'] });
  await app.init();

  const httpServer = app.getHttpServer();
  const dataSource = app.get(DataSource);
  const scoring = app.get(ScoringService);

  const login = await request(httpServer)
    .post('/api/auth/login')
    .send({ email: TEST_ADMIN_EMAIL, password: TEST_ADMIN_PASSWORD });
  const adminToken = (login.body as { accessToken?: string }).accessToken ?? '';
  const token = await request(httpServer)
    .post('/api/tokens')
    .set('Authorization', `Bearer ${adminToken}`)
    .send({ kind: 'integration', name: 'tests' });
  const integrationToken = (token.body as { token?: string }).token ?? '';

  return {
    app,
    dataSource,
    scoring,
    http: () => request(httpServer),
    adminToken,
    integrationToken,
    async reset() {
      await scoring.idle();
      // The app role may not truncate audit_log: the test harness does it as the login role.
      await dataSource.transaction(async (manager) => {
        await manager.query('SET LOCAL ROLE NONE');
        await manager.query(
          'TRUNCATE events, board_totals, board_seq, reps, teams, rule_sets, org, audit_log, period_closes, period_close_rows, period_close_events, period_adjustments, payouts, payout_approvals, kpi_inputs, rep_targets, competitions, login_throttle, connectors, connector_inbox, connector_users, connector_stages, rep_day_scores, scoring_horizon RESTART IDENTITY CASCADE',
        );
      });
      await seedDefaults(dataSource);
      await scoring.rebuild();
      // Celebrations of the previous test's deals must not reach the next test's screens.
      app.get(LiveService).discardQueuedCelebrations();
    },
    async close() {
      await scoring.idle();
      await app.close();
      await server?.drop();
    },
    async listen() {
      await app.listen(0, '127.0.0.1');
      return (await app.getUrl()).replace('[::1]', '127.0.0.1');
    },
    async count(table, where) {
      const rows = await dataSource.query<Array<{ n: number | string }>>(
        `SELECT count(*)::int AS n FROM ${table}${where ? ` WHERE ${where}` : ''}`,
      );
      return Number(rows[0].n);
    },
  };
}
