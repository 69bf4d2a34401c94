// History benchmark (issue 16, part 3): memory bounded by what is open. The app's heap after
// start-up (after full GCs) and its start-up time, on a long ledger with closed months vs a short
// one whose events all fall in the open windows, in the same run. Target: each within 1.5x.
// Run from the repo root (needs the PostgreSQL server at 127.0.0.1:5432, user postgres, trust):
//   npx tsc -b apps/api/tsconfig.build.json && node test/bench/history.bench.mjs
// Options: BENCH_HISTORY_EVENTS=10000000 BENCH_OPEN_EVENTS=1000000 BENCH_REPS=150 BENCH_TEAMS=10
//          BENCH_MONTHS=24 BENCH_OPEN_DAYS=30 BENCH_STARTS=2 BENCH_PORT=3921
//          BENCH_DB_URL=postgres://postgres@127.0.0.1:5432/lb_engine2_bench (the open ledger uses the
//          same name with `_open`)
// Develop at BENCH_HISTORY_EVENTS=1000000 BENCH_OPEN_EVENTS=100000.
//
// Each ledger gets a fresh database; the app (`node apps/api/dist/main.js` with the Node options
// of `npm start`, DEMO=0, the default SCORING_LATE_WINDOW_DAYS) creates the schema, the admin,
// the teams and the reps; the events are written straight into the ledger with one generate_series
// INSERT per chunk (as test/bench/kpis.bench.mjs does; the type mix, attributes and 0.1% voids are
// the same), spread evenly over their span.
// - history: BENCH_HISTORY_EVENTS over BENCH_MONTHS months up to now. The app is started once to
//   build the rolled-out summaries the way the product does (its start-up writes rep_day_scores),
//   then every month that ended before last month is closed through POST /api/periods/:key/close
//   (the product's close path; the horizon moves past each), then the app is stopped.
// - open: BENCH_OPEN_EVENTS over the last BENCH_OPEN_DAYS days (all in memory), nothing closed.
// Then each is started BENCH_STARTS times: start-up = process spawn to the first 200 of
// /api/health (the app listens once the scoring engine is ready); heap = process.memoryUsage()
// .heapUsed after two full GCs and a compacting one (a preload answers an IPC message; no app
// code is touched). The least start-up time and the last heap are compared.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { ADMIN, apiCaller, INSERT_CHUNK, recreateDatabase, ROOT } from './bench-support.mjs';

const env = process.env;
const HISTORY_EVENTS = Number(env.BENCH_HISTORY_EVENTS ?? 10_000_000);
const OPEN_EVENTS = Number(env.BENCH_OPEN_EVENTS ?? 1_000_000);
const REPS = Number(env.BENCH_REPS ?? 150);
const TEAMS = Number(env.BENCH_TEAMS ?? 10);
const MONTHS = Number(env.BENCH_MONTHS ?? 24);
const OPEN_DAYS = Number(env.BENCH_OPEN_DAYS ?? 30);
const STARTS = Number(env.BENCH_STARTS ?? 2);
const PORT = Number(env.BENCH_PORT ?? 3921);
const DB_URL = env.BENCH_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/lb_engine2_bench';
const OPEN_DB_URL = (() => {
  const url = new URL(DB_URL);
  url.pathname = `${url.pathname}_open`;
  return url.toString();
})();
const CHUNK = 500_000;
const TARGET_RATIO = 1.5;
const BASE = `http://127.0.0.1:${PORT}/api`;
const call = apiCaller(BASE);
const DAY = 86_400_000;

const MEM_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(`process.on('message', (m) => {
    if (m !== 'bench:mem') return;
    const v8 = process.getBuiltinModule('node:v8');
    globalThis.gc(); globalThis.gc();
    v8.setFlagsFromString('--compact-on-every-full-gc');
    globalThis.gc();
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
    const m2 = process.memoryUsage();
    setTimeout(() => process.send({ benchMem: { heapUsed: m2.heapUsed, heapTotal: m2.heapTotal, rss: process.memoryUsage.rss() } }), 1000);
  });
  process.on('disconnect', () => process.exit(1));`);

/** The Node options `npm start` gives the API (the bench runs the app as it ships). */
function startOptions() {
  const start = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts
    .start;
  const launch = /\bnode ((?:--\S+ )*)apps\/api\/dist\/main\.js/.exec(start);
  if (!launch) throw new Error(`package.json start script does not run apps/api/dist/main.js: ${start}`);
  return launch[1].split(' ').filter(Boolean);
}

/** Starts the app on `dbUrl`; resolves with the child and the ms from spawn to /api/health 200. */
async function startApp(dbUrl) {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [...startOptions(), '--expose-gc', '--import', MEM_PRELOAD, 'apps/api/dist/main.js'],
    {
      cwd: ROOT,
      env: {
        ...env,
        DATABASE_URL: dbUrl,
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        DEMO: '0',
        PORT: String(PORT),
        WEB_DIR: 'none',
        LOG_LEVEL: 'warn',
        REDIS_URL: '',
      },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('the app exited at start-up');
    try {
      if ((await fetch(`${BASE}/health`)).ok) return { child, exited, ms: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function stopApp({ child, exited }) {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  const timeout = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timeout);
}

function heapOf(child) {
  return new Promise((resolve) => {
    const onMessage = (m) => m?.benchMem && (child.off('message', onMessage), resolve(m.benchMem));
    child.on('message', onMessage);
    child.send('bench:mem');
  });
}

/** A fresh database with the schema, the admin, teams and reps (through the app), and `events` events over [start, end]. */
async function seed(label, dbUrl, events, start, end) {
  await recreateDatabase(dbUrl);
  const app = await startApp(dbUrl);
  const admin = (await call('POST', '/auth/login', undefined, ADMIN)).accessToken;
  const teams = [];
  for (let i = 0; i < TEAMS; i++) teams.push(await call('POST', '/teams', admin, { name: `Team ${i}` }));
  for (let i = 0; i < REPS; i++)
    await call('POST', '/reps', admin, {
      key: `rep${String(i).padStart(3, '0')}@bench.example`,
      name: `Rep ${i}`,
      teamId: teams[i % TEAMS].id,
    });
  await stopApp(app);
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const t0 = performance.now();
  for (let from = 1; from <= events; from += CHUNK) {
    const to = Math.min(events, from + CHUNK - 1);
    await db.query(INSERT_CHUNK, [from, to, events, new Date(start), new Date(end), REPS]);
    process.stdout.write(`  ${label}: seeded ${to.toLocaleString('en')} events\r`);
  }
  await db.query('VACUUM ANALYZE events');
  const size = await db.query(
    `SELECT pg_size_pretty(pg_total_relation_size('events')) AS size FROM events LIMIT 1`,
  );
  console.log(
    `${label}: ${events.toLocaleString('en')} events (${size.rows[0].size} with indexes), ${REPS} reps, ` +
      `${new Date(start).toISOString().slice(0, 10)}..${new Date(end).toISOString().slice(0, 10)}, ` +
      `seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return db;
}

/** Months (UTC keys, the org zone is a few hours off) that ended before last month began. */
function monthsToClose(start, now) {
  const keys = [];
  const d = new Date(Date.UTC(new Date(start).getUTCFullYear(), new Date(start).getUTCMonth(), 1));
  const limit = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 1, 1);
  while (d.getTime() < limit) {
    keys.push(d.toISOString().slice(0, 7));
    d.setUTCMonth(d.getUTCMonth() + 1);
  }
  return keys;
}

async function measure(label, dbUrl, db) {
  const runs = [];
  for (let i = 0; i < STARTS; i++) {
    const app = await startApp(dbUrl);
    const heap = await heapOf(app.child);
    await stopApp(app);
    runs.push({ ms: app.ms, heap });
  }
  const ms = Math.min(...runs.map((r) => r.ms));
  const { heap } = runs.at(-1);
  const stored = await db.query(
    `SELECT (SELECT count(*) FROM rep_day_scores) AS summaries, (SELECT horizon_day FROM scoring_horizon) AS horizon`,
  );
  console.log(
    `${label}: start-up ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(' / ')} s (least ${(ms / 1000).toFixed(2)}), ` +
      `heap after GC ${(heap.heapUsed / 1e6).toFixed(1)} MB (committed ${(heap.heapTotal / 1e6).toFixed(1)} MB, ` +
      `RSS ${(heap.rss / 1e6).toFixed(1)} MB); ${Number(stored.rows[0].summaries).toLocaleString('en')} stored rep-day summaries`,
  );
  return { ms, heap: heap.heapUsed };
}

const now = Date.now();
const historyStart = (() => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - MONTHS);
  return d.getTime();
})();
const end = now - 60_000;
console.log(
  `History bench ${new Date().toISOString()}, load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);

// The long ledger: summaries built by the product's start-up, then months closed through the API.
const historyDb = await seed('history', DB_URL, HISTORY_EVENTS, historyStart, end);
{
  const app = await startApp(DB_URL);
  console.log(
    `history: first start-up (summarizes every day before the horizon) ${(app.ms / 1000).toFixed(1)} s`,
  );
  const admin = (await call('POST', '/auth/login', undefined, ADMIN)).accessToken;
  const keys = monthsToClose(historyStart, now);
  const t0 = performance.now();
  for (const key of keys) {
    await call('POST', `/periods/${key}/close`, admin);
    process.stdout.write(`  history: closed ${key}\r`);
  }
  console.log(
    `history: closed ${keys.length} months (${keys[0]}..${keys.at(-1)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  await stopApp(app);
}
const history = await measure('history', DB_URL, historyDb);
await historyDb.end();

const openDb = await seed('open', OPEN_DB_URL, OPEN_EVENTS, now - OPEN_DAYS * DAY, end);
const open = await measure('open', OPEN_DB_URL, openDb);
await openDb.end();

const verdict = (ratio) => (ratio <= TARGET_RATIO ? 'PASS' : 'FAIL');
const heapRatio = history.heap / open.heap;
const startRatio = history.ms / open.ms;
console.log(
  `Heap after start-up: history ${(history.heap / 1e6).toFixed(1)} MB / open ${(open.heap / 1e6).toFixed(1)} MB = ` +
    `${heapRatio.toFixed(2)}x (target <= ${TARGET_RATIO}x) ${verdict(heapRatio)}`,
);
console.log(
  `Start-up time: history ${(history.ms / 1000).toFixed(2)} s / open ${(open.ms / 1000).toFixed(2)} s = ` +
    `${startRatio.toFixed(2)}x (target <= ${TARGET_RATIO}x) ${verdict(startRatio)}`,
);
