/**
 * What the black-box suites (e2e, browser) read from the environment, read once here: where the
 * PostgreSQL server, Redis and chromium are. The apps under test get their own settings from the
 * environment their process is started with.
 */
export const TEST_SETTINGS = {
  databaseUrl: process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/leaderboard_test',
  redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  chromiumPath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  /** `SCREENSHOTS=1`: browser specs that look at screens also save them to docs/screenshots/. */
  screenshots: process.env.SCREENSHOTS === '1',
} as const;
