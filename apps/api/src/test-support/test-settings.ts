/**
 * What the API's integration tests read from the environment, read once here (the app itself reads
 * its configuration only through config/app-config.ts).
 */
export const TEST_SETTINGS = {
  /** `TEST_DATABASE=server`: the PostgreSQL server at `databaseUrl` instead of embedded PGlite. */
  useServer: process.env.TEST_DATABASE === 'server',
  databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/leaderboard_test',
  /** How long the reconnect test keeps a client cut off (the issue asks for 30 s). */
  liveCutMs: Number(process.env.LIVE_CUT_MS ?? 30_000),
  /** Runs of the KPI rollups property test (raise it for a longer search). */
  kpiPropertyRuns: Number(process.env.KPI_PROPERTY_RUNS ?? 10),
} as const;
