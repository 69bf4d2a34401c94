// Durable ingest benchmark: POST /api/events vs a raw `pg` multi-row INSERT of the same rows.
// Run from the repo root (needs the PostgreSQL server at 127.0.0.1:5432, user postgres, trust):
//   npm run build && node test/bench/ingest.bench.mjs
// (`npx tsc -b apps/api/tsconfig.build.json && node test/bench/ingest.bench.mjs` is enough for the API.)
// Options: BENCH_ROUNDS=5 BENCH_EVENTS=100000 BENCH_BATCH=500 BENCH_CONCURRENCY=4 BENCH_REPS=50 BENCH_RATE=200
//          BENCH_LATENCY_SECONDS=20 BENCH_DB_URL=postgres://postgres@127.0.0.1:5432/leaderboard_bench
//
// The app runs in its own process (`node apps/api/dist/main.js`, DEMO=0) against a fresh database
// `leaderboard_bench`; the raw baseline writes the same rows into a table of the events table's
// shape (same columns, defaults, unique key, jsonb, indexes and foreign key) with the same batch size
// and concurrency.
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { ADMIN, apiCaller, cpuOf, recreateDatabase, startApp } from './bench-support.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const REPS = Number(process.env.BENCH_REPS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
/**
 * API and raw alternate this many times (fresh keys each round, so the ledger and the engine grow
 * round by round); min, median and max of the ratio and the app's CPU per event are reported.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const DB_URL = process.env.BENCH_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/leaderboard_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3917);
/** `month`: occurredAt spread over the month so far (a backfill); `live`: the last hour (live traffic). */
const SPREAD = process.env.BENCH_SPREAD ?? 'month';
const TARGET = 0.6;
const BASE = `http://127.0.0.1:${PORT}/api`;
const call = apiCaller(BASE);

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeEvents(count, repKeys, prefix) {
  const random = rng(12345);
  const now = Date.now();
  const monthStart = new Date(now);
  monthStart.setUTCDate(1);
  monthStart.setUTCHours(0, 0, 0, 0);
  const start = SPREAD === 'live' ? now - 3_600_000 : monthStart.getTime();
  const span = Math.max(now - start, 3_600_000);
  const events = [];
  for (let i = 0; i < count; i++) {
    const rep = repKeys[Math.floor(random() * repKeys.length)];
    const occurredAt = new Date(start + Math.floor(random() * span)).toISOString();
    const roll = random();
    if (roll < 0.6) {
      events.push({
        source: 'pbx',
        externalId: `${prefix}-${i}`,
        type: 'call',
        rep,
        occurredAt,
        attributes: {
          durationSec: Math.floor(random() * 600),
          outcome: random() < 0.6 ? 'connected' : 'voicemail',
          scriptFollowed: random() < 0.5,
        },
      });
    } else if (roll < 0.85) {
      events.push({
        source: 'mail',
        externalId: `${prefix}-${i}`,
        type: 'email',
        rep,
        occurredAt,
        attributes: { replied: random() < 0.3 },
      });
    } else if (roll < 0.97) {
      events.push({
        source: 'crm',
        externalId: `${prefix}-${i}`,
        type: 'meeting',
        rep,
        occurredAt,
        attributes: {},
      });
    } else {
      const amount = (10 + Math.floor(random() * 300)) * 100_000;
      events.push({
        source: 'crm',
        externalId: `${prefix}-${i}`,
        type: 'deal_won',
        rep,
        occurredAt,
        attributes: {
          amount,
          margin: Math.floor(amount * 0.2),
          product: 'CRM Pro',
          channel: 'call',
          kind: 'new',
        },
      });
    }
  }
  return events;
}

async function runPool(items, concurrency, worker) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++];
        await worker(item);
      }
    }),
  );
}

/** CPU seconds (user + system) of all PostgreSQL server processes. */
function cpuOfPostgres() {
  let pids = [];
  try {
    pids = execSync('pgrep -x postgres || true').toString().trim().split(/\s+/).filter(Boolean);
  } catch {
    // no pgrep
  }
  return pids.reduce((sum, pid) => sum + cpuOf(pid), 0);
}
function cpuSnapshot(appPid) {
  return { app: cpuOf(appPid), pg: cpuOfPostgres(), bench: process.cpuUsage() };
}
function cpuReport(label, before, after, events) {
  const appPerEvent = ((after.app - before.app) * 1e6) / events;
  const bench = (after.bench.user + after.bench.system - before.bench.user - before.bench.system) / 1e6;
  const perEvent = (seconds) => ((seconds * 1e6) / events).toFixed(1);
  console.log(
    `  ${label} CPU per event: app ${perEvent(after.app - before.app)} µs, postgres ${perEvent(after.pg - before.pg)} µs, bench client ${perEvent(bench)} µs`,
  );
  return appPerEvent;
}

/** `min / median / max` of `values`, each with `digits` decimals. */
function spread(values, digits) {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return `${sorted[0].toFixed(digits)} / ${median.toFixed(digits)} / ${sorted[sorted.length - 1].toFixed(digits)}`;
}

function chunks(items, size) {
  const out = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function benchApi(token, events) {
  const batches = chunks(events, BATCH);
  const started = performance.now();
  let created = 0;
  await runPool(batches, CONCURRENCY, async (batch) => {
    const body = await call('POST', '/events', token, { events: batch });
    created += body.results.filter((r) => r.status === 'created').length;
  });
  const seconds = (performance.now() - started) / 1000;
  if (created !== events.length) throw new Error(`expected ${events.length} created, got ${created}`);
  return events.length / seconds;
}

async function benchRaw(events, repIdByKey, onDone) {
  const pool = new pg.Pool({ connectionString: DB_URL, max: CONCURRENCY });
  await pool.query('DROP TABLE IF EXISTS raw_events');
  await pool.query(
    'CREATE TABLE raw_events (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
  );
  // LIKE copies no foreign key; the events table's (rep_id -> reps) is part of its shape.
  const foreignKeys = await pool.query(
    `SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'events'::regclass AND contype = 'f'`,
  );
  for (const { def } of foreignKeys.rows) await pool.query(`ALTER TABLE raw_events ADD ${def}`);
  const batches = chunks(events, BATCH);
  const started = performance.now();
  await runPool(batches, CONCURRENCY, async (batch) => {
    const values = [];
    const params = [];
    batch.forEach((e, i) => {
      const b = i * 8;
      values.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8})`);
      params.push(
        e.source,
        e.externalId,
        e.type,
        e.rep,
        repIdByKey.get(e.rep),
        e.occurredAt,
        JSON.stringify(e.attributes),
        createHash('sha256').update(JSON.stringify(e)).digest('base64url'),
      );
    });
    await pool.query(
      `INSERT INTO raw_events (source, external_id, type, rep_key, rep_id, occurred_at, attributes, content_hash)
       VALUES ${values.join(', ')} ON CONFLICT (source, external_id) DO NOTHING`,
      params,
    );
  });
  const seconds = (performance.now() - started) / 1000;
  onDone();
  await pool.end();
  return events.length / seconds;
}

async function benchLatency(token, repKeys) {
  const total = RATE * LATENCY_SECONDS;
  const latencies = [];
  const started = performance.now();
  const inFlight = [];
  let errors = 0;
  for (let i = 0; i < total; i++) {
    const scheduled = started + (i * 1000) / RATE;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const event = {
      source: 'latency',
      externalId: `lat-${i}`,
      type: 'call',
      rep: repKeys[i % repKeys.length],
      occurredAt: new Date().toISOString(),
      attributes: { durationSec: 90, outcome: 'connected', scriptFollowed: true },
    };
    inFlight.push(
      call('POST', '/events', token, event).then(
        // Measured from the scheduled send time (open loop: no coordinated omission).
        () => latencies.push(performance.now() - scheduled),
        () => errors++,
      ),
    );
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return {
    count: latencies.length,
    errors,
    p50: pct(50),
    p99: pct(99),
    max: latencies[latencies.length - 1],
  };
}

await recreateDatabase(DB_URL);
const app = await startApp(PORT, DB_URL);
try {
  const login = await call('POST', '/auth/login', null, ADMIN);
  const admin = login.accessToken;
  const team = await call('POST', '/teams', admin, { name: 'Bench' });
  const repKeys = [];
  const repIdByKey = new Map();
  for (let i = 0; i < REPS; i++) {
    const rep = await call('POST', '/reps', admin, {
      key: `rep${i}@bench.example`,
      name: `Rep ${i}`,
      teamId: team.id,
    });
    repKeys.push(rep.key);
    repIdByKey.set(rep.key, rep.id);
  }
  const token = (await call('POST', '/tokens', admin, { kind: 'integration', name: 'bench' })).token;

  // Warm-up (JIT, connections), not counted.
  await benchApi(token, makeEvents(2_000, repKeys, 'warm'));

  console.log(
    `Ingest: ${EVENTS} events (${SPREAD} spread), batches of ${BATCH}, ${CONCURRENCY} in flight, ${REPS} reps, ${ROUNDS} rounds`,
  );
  const ratios = [];
  const appCpu = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const events = makeEvents(EVENTS, repKeys, `ev${round}`);
    const cpu0 = cpuSnapshot(app.pid);
    const api = await benchApi(token, events);
    const cpu1 = cpuSnapshot(app.pid);
    let cpu2;
    const raw = await benchRaw(events, repIdByKey, () => (cpu2 = cpuSnapshot(app.pid)));
    ratios.push(api / raw);
    console.log(
      `  round ${round}: API POST /api/events (durable, scored) ${Math.round(api).toLocaleString('en')} events/s, ` +
        `raw pg multi-row INSERT ${Math.round(raw).toLocaleString('en')} events/s, ratio ${(api / raw).toFixed(2)}`,
    );
    appCpu.push(cpuReport('API', cpu0, cpu1, events.length));
    cpuReport('raw', cpu1, cpu2, events.length);
  }
  const worst = Math.min(...ratios);
  console.log(
    `  ratio API/raw min / median / max: ${spread(ratios, 2)} (target >= ${TARGET} in every round) ${worst >= TARGET ? 'OK' : 'BELOW TARGET'}`,
  );
  const growth = appCpu[appCpu.length - 1] / appCpu[0];
  console.log(
    `  app CPU per event min / median / max: ${spread(appCpu, 1)} µs; last round / first round ${growth.toFixed(2)} (flat: under 1.3) ${growth < 1.3 ? 'OK' : 'GROWING'}`,
  );

  console.log(`Latency: single-event POST, open loop at ${RATE}/s for ${LATENCY_SECONDS} s`);
  const latency = await benchLatency(token, repKeys);
  console.log(
    `  ${latency.count} answered, ${latency.errors} errors; p50 ${latency.p50.toFixed(1)} ms, p99 ${latency.p99.toFixed(1)} ms, max ${latency.max.toFixed(1)} ms`,
  );
  const check = await fetch(`${BASE}/boards?period=month`, {
    headers: { authorization: `Bearer ${admin}` },
  }).then((r) => r.json());
  console.log(
    `Board seq after the run: ${check.seq}; top: ${check.rows?.[0]?.name} ${check.rows?.[0]?.points} points`,
  );
} finally {
  app.kill(process.env.BENCH_MAIN ? 'SIGUSR2' : 'SIGTERM');
}
