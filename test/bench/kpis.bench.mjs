// KPI benchmark: GET /api/kpis from the rollups (issue 16) beside the full scan of the ledger.
// Run from the repo root (needs the PostgreSQL server at 127.0.0.1:5432, user postgres, trust):
//   npx tsc -b apps/api/tsconfig.build.json && node test/bench/kpis.bench.mjs
// Modes (BENCH_MODE): `pg` (default) 3M events written straight into the ledger with
// generate_series while the app runs (its rollup follower catches up as it would in production;
// BENCH_EVENTS=30000000 is the 30M mode); `pglite`: the app on its embedded database (a fresh data
// dir), 300,000 events sent through POST /api/events in batches of 1,000.
// Options: BENCH_EVENTS BENCH_REPS=100 BENCH_TEAMS=10 BENCH_MONTHS=12 BENCH_REQUESTS=20
//          BENCH_FULL_REQUESTS=3 (full-scan reads per scope) BENCH_EXPLAIN=1
//          BENCH_DB_URL=postgres://postgres@127.0.0.1:5432/leaderboard_kpis_bench
// Targets: pg 3M p99 < 150 ms, 30M p99 < 300 ms; pglite p99 < 300 ms and within 15x GET /api/boards.
// After the requests the rebuild CLI recomputes the rollups from the ledger and the bench prints
// "rebuild: N differences" (what the follower and the requests' catch-ups kept vs the ledger).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ADMIN, apiCaller, INSERT_CHUNK, recreateDatabase, ROOT, startApp } from './bench-support.mjs';

const MODE = process.env.BENCH_MODE ?? 'pg';
const EVENTS = Number(process.env.BENCH_EVENTS ?? (MODE === 'pglite' ? 300_000 : 3_000_000));
const FULL_REQUESTS = Number(process.env.BENCH_FULL_REQUESTS ?? 3);
const REPS = Number(process.env.BENCH_REPS ?? 100);
const TEAMS = Number(process.env.BENCH_TEAMS ?? 10);
const MONTHS = Number(process.env.BENCH_MONTHS ?? 12);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20);
const PERIODS = Number(process.env.BENCH_PERIODS ?? 6);
const CHUNK = 500_000;
const DB_URL = process.env.BENCH_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/leaderboard_kpis_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3918);
const BASE = `http://127.0.0.1:${PORT}/api`;
const call = apiCaller(BASE);

async function seedPeople(admin) {
  const teams = [];
  for (let i = 0; i < TEAMS; i++) teams.push(await call('POST', '/teams', admin, { name: `Team ${i}` }));
  const reps = [];
  for (let i = 0; i < REPS; i++) {
    reps.push(
      await call('POST', '/reps', admin, {
        key: `rep${String(i).padStart(3, '0')}@bench.example`,
        name: `Rep ${i}`,
        teamId: teams[i % TEAMS].id,
        region: ['Moscow', 'Kazan', 'Novosibirsk'][i % 3],
      }),
    );
  }
  return { teams, reps };
}

function window() {
  const end = new Date();
  const start = new Date(end);
  start.setUTCMonth(start.getUTCMonth() - MONTHS);
  return { start, end };
}

/** pg mode: the events straight into the ledger (the follower of the running app catches up). */
async function seedLedger(db) {
  const { start, end } = window();
  const t0 = performance.now();
  for (let from = 1; from <= EVENTS; from += CHUNK) {
    const to = Math.min(EVENTS, from + CHUNK - 1);
    await db.query(INSERT_CHUNK, [from, to, EVENTS, start, end, REPS]);
    process.stdout.write(`  seeded ${to.toLocaleString('en')} events\r`);
  }
  // What autovacuum does for a live ledger within a minute (the BRIN indexes summarise their new
  // ranges, migration 1763800010500): without it a bulk load leaves them unsummarised and every
  // range read scans the whole table, which no running system sees.
  await db.query('VACUUM ANALYZE events');
  const size = await db.query(
    `SELECT pg_size_pretty(pg_total_relation_size('events')) AS size, count(*) AS n FROM events`,
  );
  console.log(
    `Seeded ${Number(size.rows[0].n).toLocaleString('en')} events (${size.rows[0].size} with indexes) for ${REPS} reps, ` +
      `${TEAMS} teams, ${MONTHS} months in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

/** The rollups hold every row of the ledger: the state's cursor passed the newest `tx`. */
async function waitForRollups(db, seededAt) {
  for (;;) {
    const { rows } = await db.query(
      `SELECT (SELECT cursor FROM kpi_rollup_state) > (SELECT max(tx) FROM events) AS done,
              (SELECT count(*) FROM kpi_rep_days) AS days`,
    );
    if (rows[0].done) {
      console.log(
        `Rollups caught up by the app's follower ${((performance.now() - seededAt) / 1000).toFixed(1)} s after the ` +
          `last event was written (${Number(rows[0].days).toLocaleString('en')} rep-day rows)`,
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** pglite mode: every event through POST /api/events, 1,000 a request (the same kinds of events). */
async function postEvents(token, reps) {
  const { start, end } = window();
  const span = end.getTime() - start.getTime();
  const types = [
    'call',
    'call',
    'call',
    'email',
    'email',
    'meeting',
    'lead_responded',
    'opportunity_created',
    'deal_stage_changed',
    'deal_won',
    'deal_lost',
    'customer_churned',
  ];
  const t0 = performance.now();
  for (let from = 1; from <= EVENTS; from += 1000) {
    const events = [];
    for (let g = from; g < Math.min(EVENTS + 1, from + 1000); g++) {
      const roll = (g * 7919) % 1000;
      const roll2 = (g * 104729) % 997;
      const at = new Date(start.getTime() + (g / EVENTS) * span);
      const type = roll < 2 && g > 5 ? 'void' : types[roll % types.length];
      const deal = `d${Math.floor(g / 100)}`;
      const attributes = {
        call: {
          durationSec: roll2,
          outcome: ['connected', 'voicemail', 'no_answer'][roll2 % 3],
          scriptFollowed: roll2 % 2 === 0,
        },
        email: { replied: roll2 % 3 === 0, opened: roll2 % 2 === 0 },
        meeting: {},
        lead_responded: { leadCreatedAt: new Date(at.getTime() - (roll2 % 180) * 60_000).toISOString() },
        opportunity_created: { dealId: deal, amount: 100_000 * (1 + roll2), stage: 'qualification' },
        deal_stage_changed: { dealId: deal, from: 'qualification', to: ['proposal', 'lost'][roll2 % 2] },
        deal_won: {
          dealId: deal,
          amount: 100_000 * (1 + roll2),
          margin: 20_000 * (1 + roll2),
          mrr: 1000 * (1 + (roll2 % 50)),
          kind: ['new', 'new', 'expansion', 'renewal', 'repeat'][roll2 % 5],
          channel: ['call', 'email', 'meeting'][roll2 % 3],
          product: ['CRM', 'Support', 'Analytics'][roll2 % 3],
        },
        deal_lost: { dealId: deal, reason: 'price' },
        customer_churned: { mrr: 1000 * (1 + (roll2 % 50)) },
      }[type];
      events.push({
        source: 'bench',
        externalId: `k${g}`,
        type,
        rep: reps[(g * 31) % REPS].key,
        occurredAt: at.toISOString(),
        ...(type === 'void' ? { voids: { source: 'bench', externalId: `k${g - 5}` } } : { attributes }),
      });
    }
    await call('POST', '/events', token, { events });
    process.stdout.write(`  posted ${Math.min(EVENTS, from + 999).toLocaleString('en')} events\r`);
  }
  console.log(
    `Posted ${EVENTS.toLocaleString('en')} events for ${REPS} reps through POST /api/events (1,000 a request) in ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

async function time(path, token) {
  const t0 = performance.now();
  const res = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms, body, timing: res.headers.get('server-timing') };
}

let freshEvent = 0;
/** One call of `rep` now through POST /api/events (not timed): the next KPI read finds a new row. */
async function postOneEvent(token, rep) {
  freshEvent += 1;
  await call('POST', '/events', token, {
    events: [
      {
        source: 'bench-fresh',
        externalId: `f${Date.now()}-${freshEvent}`,
        type: 'call',
        rep: rep.key,
        occurredAt: new Date().toISOString(),
        attributes: { durationSec: 60, outcome: 'connected' },
      },
    ],
  });
}

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};

/**
 * `REQUESTS` sequential GETs after a warm-up; `before` (not timed) runs before each one (a new
 * event: the answer kept for the rollups' version no longer applies). Prints p50/p99 and, from the
 * `Server-Timing` header of GET /api/kpis, the median server time per phase and what was kept.
 */
async function benchScope(label, path, token, before = null) {
  if (before) await before();
  await time(path, token); // warm-up, not counted
  const times = [];
  const phases = { catchup: [], reads: [], compute: [] };
  const kept = {};
  let last;
  for (let i = 0; i < REQUESTS; i++) {
    if (before) await before();
    const { ms, body, timing } = await time(path, token);
    times.push(ms);
    last = body;
    for (const part of (timing ?? '').split(',')) {
      const [name, value] = part.trim().split(';');
      if (name in phases) phases[name].push(Number(value.slice('dur='.length)));
      if (name === 'cache') kept[value.slice('desc='.length)] = (kept[value.slice('desc='.length)] ?? 0) + 1;
    }
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  const nulls = (last.kpis ?? [])
    .filter((k) => k.current.value === null)
    .map((k) => `${k.id}:${k.current.reason}`);
  const server =
    phases.catchup.length > 0
      ? `   server p50: catch-up ${median(phases.catchup).toFixed(1)}, reads ${median(phases.reads).toFixed(1)}, ` +
        `compute ${median(phases.compute).toFixed(1)} ms; kept ${Object.entries(kept)
          .map(([k, n]) => `${k} ${n}`)
          .join(', ')}`
      : '';
  console.log(
    `  ${label.padEnd(34)} p50 ${pct(50).toFixed(1).padStart(8)} ms   p99 ${pct(99).toFixed(1).padStart(8)} ms${server}`,
  );
  if (process.env.BENCH_NULLS === '1') console.log(`    (null now: ${nulls.join(', ') || 'none'})`);
  return { p50: pct(50), p99: pct(99) };
}

/** The full scan of the ledger (what GET /api/kpis read before the rollups) for the same window. */
async function benchFullScan(db, periods) {
  const { fullScanAggregates } = await import(
    pathToFileURL(`${ROOT}apps/api/dist/kpis/kpi-full-scan.js`).href
  );
  const runner = { query: async (sql, params) => (await db.query(sql, params)).rows };
  const now = new Date();
  // Month bounds in the org zone of the default rule set (Europe/Moscow, UTC+3 all year).
  const bounds = [];
  for (let i = periods; i >= -1; i--) {
    bounds.push(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1) - 3 * 3_600_000));
  }
  const times = [];
  for (let i = 0; i < FULL_REQUESTS; i++) {
    const t0 = performance.now();
    await fullScanAggregates(runner, bounds, 'RUB');
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `  ${`full scan, periods=${periods} (SQL only)`.padEnd(34)} p50 ${times[Math.floor((times.length - 1) / 2)].toFixed(1).padStart(8)} ms` +
      `   max ${times.at(-1).toFixed(1).padStart(8)} ms   (${FULL_REQUESTS} reads of the aggregates, any scope)`,
  );
}

/** `npm run rebuild`'s CLI against the bench database: prints how many rollup rows differed. */
function rebuildCheck(env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['apps/api/dist/cli/rebuild.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('KPI rollups')) ?? '';
      const diffs = /; (\d+) differing row/.exec(line)?.[1] ?? '?';
      for (const l of out.split('\n'))
        if (l.startsWith('DIFF kpi_') || l.startsWith('  stored') || l.startsWith('  computed'))
          console.log(`  ${l.slice(0, 200)}`);
      console.log(
        `rebuild: ${diffs} differences (${line}; CLI exit ${code}, ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
      );
      resolve();
    });
  });
}

/** EXPLAIN (ANALYZE, BUFFERS) of each KPI query: the SQL the service runs, through a recording connection. */
async function explain(db) {
  // The KPI queries live in two modules since issue 14 split kpi-queries.ts.
  const load = (name) => import(pathToFileURL(`${ROOT}apps/api/dist/kpis/${name}.js`).href);
  const queries = { ...(await load('kpi-window-queries')), ...(await load('kpi-balance-queries')) };
  const end = new Date();
  const bounds = [];
  for (let i = PERIODS + 1; i >= 0; i--) {
    const d = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - i + 1, 1));
    bounds.push(d);
  }
  const plans = [];
  const recorder = {
    async query(sql, params) {
      const res = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      plans.push(res.rows.map((r) => r['QUERY PLAN']));
      return [];
    },
  };
  const runs = [
    ['windowCounters (all events of the window)', () => queries.windowCounters(recorder, bounds, 'RUB')],
    [
      'windowOutcomeGroups (won deals, stages, cycles)',
      () => queries.windowOutcomeGroups(recorder, bounds, 'RUB', new Map()),
    ],
    ['stockBefore (customers before the window)', () => queries.stockBefore(recorder, bounds[0], 'RUB')],
    [
      'pipelinesAt (open deals at each period end)',
      () => queries.pipelinesAt(recorder, bounds.slice(1), 'RUB'),
    ],
  ];
  console.log(
    `EXPLAIN (ANALYZE, BUFFERS), month buckets ${bounds[0].toISOString().slice(0, 7)}..${bounds.at(-1).toISOString().slice(0, 7)}:`,
  );
  for (const [label, run] of runs) {
    plans.length = 0;
    await run();
    console.log(`  ${label}`);
    const lines = plans[0];
    // The whole query's buffers (first Buffers line), every scan with its rows, and the time.
    const total = lines.find((line) => /Buffers: shared/.test(line));
    if (total) console.log(`    total ${total.trim()}`);
    for (const line of lines) {
      if (
        /Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan|Heap Blocks|Execution Time|Workers Launched/.test(
          line,
        )
      ) {
        console.log(
          `    ${line
            .trim()
            .replace(/\(cost=[^)]*\) /, '')
            .slice(0, 140)}`,
        );
      }
    }
  }
}

/**
 * Each scope twice: repeated reads with nothing new (the answer kept for the rollups' version),
 * then each read after one new event (a catch-up of one key, the sums read and the KPIs computed
 * again: what a read sees while events arrive). The verdict takes the worst of both.
 */
async function benchKpis(admin, teams, reps) {
  const results = [];
  const fresh = () => postOneEvent(admin, reps[1]);
  for (const periods of [6, 12]) {
    console.log(
      `GET /api/kpis?period=month&periods=${periods} (${REQUESTS} sequential requests per scope, after one warm-up):`,
    );
    const scopes = [
      ['scope=org', `/kpis?period=month&periods=${periods}&scope=org`],
      [
        `scope=team (${REPS / TEAMS} reps)`,
        `/kpis?period=month&periods=${periods}&scope=team:${teams[0].id}`,
      ],
      ['scope=rep (+ org median)', `/kpis?period=month&periods=${periods}&scope=rep:${reps[0].id}`],
    ];
    for (const [label, path] of scopes) {
      results.push(await benchScope(`${label}, repeated`, path, admin));
      results.push(await benchScope(`${label}, after a new event`, path, admin, fresh));
    }
  }
  await benchScope('GET /api/kpis/targets', `/kpis/targets?period=month`, admin);
  return Math.max(...results.map((r) => r.p99));
}

if (MODE === 'pglite') {
  const dataDir = mkdtempSync(join(tmpdir(), 'kpis-bench-pglite-'));
  process.env.DATA_DIR = dataDir;
  let app = await startApp(PORT, '');
  try {
    const admin = (await call('POST', '/auth/login', null, ADMIN)).accessToken;
    const { teams, reps } = await seedPeople(admin);
    await postEvents(admin, reps);
    const boards = await benchScope('GET /api/boards?period=month', '/boards?period=month', admin);
    const worst = await benchKpis(admin, teams, reps);
    const verdict = worst < 300 && worst <= 15 * boards.p99 ? 'PASS' : 'FAIL';
    console.log(
      `${verdict}: worst KPI p99 ${worst.toFixed(1)} ms (target < 300 ms) = ${(worst / boards.p99).toFixed(1)}x ` +
        `GET /api/boards p99 ${boards.p99.toFixed(1)} ms (target within 15x)`,
    );
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => app.on('exit', r));
    app = null;
  }
  await rebuildCheck({ DATABASE_URL: '', DATA_DIR: dataDir });
  rmSync(dataDir, { recursive: true, force: true });
} else {
  await recreateDatabase(DB_URL);
  const app = await startApp(PORT, DB_URL);
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
  try {
    const admin = (await call('POST', '/auth/login', null, ADMIN)).accessToken;
    const { teams, reps } = await seedPeople(admin);
    await seedLedger(db);
    await waitForRollups(db, performance.now());
    const worst = await benchKpis(admin, teams, reps);
    const target = EVENTS > 10_000_000 ? 300 : 150;
    console.log(
      `${worst < target ? 'PASS' : 'FAIL'}: worst KPI p99 ${worst.toFixed(1)} ms (target < ${target} ms)`,
    );
    console.log(`The full scan of the ledger on the same data (what GET /api/kpis read before the rollups):`);
    await benchFullScan(db, 6);
    await benchFullScan(db, 12);
    if (process.env.BENCH_EXPLAIN === '1') await explain(db);
  } finally {
    await db.end();
    app.kill(process.env.BENCH_MAIN ? 'SIGUSR2' : 'SIGTERM');
    await new Promise((r) => app.on('exit', r));
  }
  await rebuildCheck({ DATABASE_URL: DB_URL });
}
