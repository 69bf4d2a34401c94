// KPI benchmark: GET /api/kpis over ~3M events of 100 reps in 12 months, per scope.
// Run from the repo root (needs the PostgreSQL server at 127.0.0.1:5432, user postgres, trust):
//   npx tsc -b apps/api/tsconfig.build.json && node test/bench/kpis.bench.mjs
// Options: BENCH_EVENTS=3000000 BENCH_REPS=100 BENCH_TEAMS=10 BENCH_MONTHS=12 BENCH_REQUESTS=20
//          BENCH_PERIODS=6 BENCH_DB_URL=postgres://postgres@127.0.0.1:5432/leaderboard_kpis_bench
//
// The app runs in its own process (`node apps/api/dist/main.js`, DEMO=0) against a fresh database
// (as test/bench/ingest.bench.mjs does). Teams and reps are created through the API; the events
// are then written straight into the ledger with one generate_series INSERT per chunk (seeding 3M
// events through POST /api/events is the ingest benchmark's subject, not this one's). The running
// engine does not see those rows, so the leaderboard KPI (points from the engine) reads zero; every
// other KPI comes from SQL aggregates over the ledger, which is what this measures.
// It prints p50/p99 per request and scope, then EXPLAIN (ANALYZE, BUFFERS) of each KPI query
// (the SQL of apps/api/dist/kpis/kpi-window-queries.js and kpi-balance-queries.js, run through a
// recording connection).
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { ADMIN, apiCaller, recreateDatabase, ROOT, startApp } from './bench-support.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 3_000_000);
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

/**
 * Event g of n: a pseudo-random roll decides the type (calls and e-mails most, outcomes a few
 * percent), the rep, and the attributes; occurredAt grows with g over the months (the ledger is
 * appended in roughly time order), 0.1% are voids of an earlier event.
 */
const INSERT_CHUNK = `
  INSERT INTO events (source, external_id, type, rep_key, rep_id, occurred_at, attributes, voids_source,
                      voids_external_id, content_hash)
  SELECT 'bench', 'k' || g, x.type, r.key, r.id, x.at, x.attributes,
         CASE WHEN x.type = 'void' THEN 'bench' END,
         CASE WHEN x.type = 'void' THEN 'k' || (g - 5) END,
         md5(g::text)
  FROM generate_series($1::bigint, $2::bigint) AS g
  CROSS JOIN LATERAL (SELECT ((g * 7919) % 1000)::int AS roll, ((g * 104729) % 997)::int AS roll2,
                             $4::timestamptz + (g::float8 / $3) * ($5::timestamptz - $4::timestamptz) AS at) p
  CROSS JOIN LATERAL (SELECT p.at,
    CASE WHEN p.roll < 1 AND g > 5 THEN 'void'
         WHEN p.roll < 450 THEN 'call' WHEN p.roll < 700 THEN 'email' WHEN p.roll < 740 THEN 'meeting'
         WHEN p.roll < 770 THEN 'demo_booked' WHEN p.roll < 840 THEN 'lead_responded'
         WHEN p.roll < 870 THEN 'lead_qualified' WHEN p.roll < 910 THEN 'opportunity_created'
         WHEN p.roll < 940 THEN 'deal_stage_changed' WHEN p.roll < 965 THEN 'deal_won'
         WHEN p.roll < 980 THEN 'deal_lost' WHEN p.roll < 985 THEN 'customer_churned'
         ELSE 'follow_up' END AS type) t
  CROSS JOIN LATERAL (SELECT t.type, p.at,
    CASE t.type
      WHEN 'call' THEN jsonb_build_object('durationSec', p.roll2, 'outcome',
        (ARRAY['connected', 'voicemail', 'no_answer'])[1 + p.roll2 % 3], 'scriptFollowed', p.roll2 % 2 = 0)
      WHEN 'email' THEN jsonb_build_object('replied', p.roll2 % 3 = 0, 'opened', p.roll2 % 2 = 0)
      WHEN 'lead_responded' THEN jsonb_build_object('leadCreatedAt',
        to_char((p.at - make_interval(mins => p.roll2 % 180)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
      WHEN 'lead_qualified' THEN jsonb_build_object('from', 'mql', 'to', CASE WHEN p.roll2 % 3 = 0 THEN 'mql' ELSE 'sql' END)
      WHEN 'opportunity_created' THEN jsonb_build_object('dealId', 'd' || (g / 100), 'amount', 100000 * (1 + p.roll2),
        'stage', 'qualification')
      WHEN 'deal_stage_changed' THEN jsonb_build_object('dealId', 'd' || (g / 100 - 3),
        'from', (ARRAY['qualification', 'proposal', 'negotiation'])[1 + p.roll2 % 3],
        'to', (ARRAY['proposal', 'negotiation', 'lost'])[1 + p.roll2 % 3])
      WHEN 'deal_won' THEN jsonb_build_object('dealId', 'd' || (g / 100 - 5), 'amount', 100000 * (1 + p.roll2),
        'margin', 20000 * (1 + p.roll2), 'mrr', 1000 * (1 + p.roll2 % 50),
        'kind', (ARRAY['new', 'new', 'expansion', 'renewal', 'repeat'])[1 + p.roll2 % 5],
        'channel', (ARRAY['call', 'email', 'meeting'])[1 + p.roll2 % 3],
        'product', (ARRAY['CRM', 'Support', 'Analytics'])[1 + p.roll2 % 3], 'scriptFollowed', p.roll2 % 2 = 0)
      WHEN 'deal_lost' THEN jsonb_build_object('dealId', 'd' || (g / 100 - 4), 'reason', 'price')
      WHEN 'customer_churned' THEN jsonb_build_object('mrr', 1000 * (1 + p.roll2 % 50))
      ELSE '{}'::jsonb END AS attributes) x
  JOIN (SELECT id, key, row_number() OVER (ORDER BY key) - 1 AS i FROM reps) r ON r.i = (g * 31) % $6`;

async function seed(admin) {
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
  const end = new Date();
  const start = new Date(end);
  start.setUTCMonth(start.getUTCMonth() - MONTHS);
  const db = new pg.Client({ connectionString: DB_URL });
  await db.connect();
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
  return { teams, reps, db };
}

async function time(path, token) {
  const t0 = performance.now();
  const res = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  const ms = performance.now() - t0;
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return { ms, body };
}

async function benchScope(label, path, token) {
  await time(path, token); // warm-up, not counted
  const times = [];
  let last;
  for (let i = 0; i < REQUESTS; i++) {
    const { ms, body } = await time(path, token);
    times.push(ms);
    last = body;
  }
  times.sort((a, b) => a - b);
  const pct = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  const nulls = (last.kpis ?? [])
    .filter((k) => k.current.value === null)
    .map((k) => `${k.id}:${k.current.reason}`);
  console.log(
    `  ${label.padEnd(34)} p50 ${pct(50).toFixed(1).padStart(8)} ms   p99 ${pct(99).toFixed(1).padStart(8)} ms` +
      `   (${REQUESTS} requests; null now: ${nulls.join(', ') || 'none'})`,
  );
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

await recreateDatabase(DB_URL);
const app = await startApp(PORT, DB_URL);
let client;
try {
  const admin = (await call('POST', '/auth/login', null, ADMIN)).accessToken;
  const { teams, reps, db } = await seed(admin);
  client = db;
  console.log(
    `GET /api/kpis?period=month&periods=${PERIODS} (${REQUESTS} sequential requests per scope, after one warm-up):`,
  );
  await benchScope('scope=org', `/kpis?period=month&periods=${PERIODS}&scope=org`, admin);
  await benchScope(
    `scope=team (${REPS / TEAMS} reps)`,
    `/kpis?period=month&periods=${PERIODS}&scope=team:${teams[0].id}`,
    admin,
  );
  await benchScope(
    'scope=rep (+ org median)',
    `/kpis?period=month&periods=${PERIODS}&scope=rep:${reps[0].id}`,
    admin,
  );
  await benchScope('scope=org, periods=12', `/kpis?period=month&periods=12&scope=org`, admin);
  await benchScope('GET /api/kpis/targets', `/kpis/targets?period=month`, admin);
  await explain(db);
} finally {
  await client?.end();
  app.kill(process.env.BENCH_MAIN ? 'SIGUSR2' : 'SIGTERM');
}
