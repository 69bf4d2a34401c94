// Connectors' inbound hooks benchmark (issue 15): (a) the answer of a hook at a steady rate, (b) the
// time from a delivery to the board, each beside POST /api/events of the same events at the same rate
// in the same run, and (c) backfill events/s from a fake amoCRM beside POST /api/events of the same
// deals.
// Run from the repo root (PostgreSQL at 127.0.0.1:5432, user postgres, trust):
//   npx tsc -b apps/api/tsconfig.build.json test/bench/tsconfig.fakes.json && node test/bench/hooks.bench.mjs
// Options: BENCH_RATE=200 BENCH_SECONDS=20 BENCH_ROUNDS=2 BENCH_REPS=50 BENCH_WARMUP_SECONDS=5
//          BENCH_DRAIN_SECONDS=60 BENCH_PATHS=hooks,events BENCH_PORT=3920 BENCH_DB_URL=postgres://postgres@127.0.0.1:5432/leaderboard_hooksbench
//          BENCH_NODE_ARGS= (e.g. --cpu-prof for the app) BENCH_MAIN=apps/api/dist/main.js
//          BENCH_BACKFILL_DEALS=10000 (0 skips (c)) BENCH_BACKFILL_UNLIMITED=1 (no amoCRM rate limit in
//          the fake nor in the app's client: the pipeline's own rate; the product keeps 7/s)
// (c) runs the fake amoCRM of test/fakes, compiled to JS by test/bench/tsconfig.fakes.json (without
// it (c) says it is skipped).
// BENCH_ROUNDS=0 BENCH_PATHS=hooks runs (c) after the warm-up only.
//
// The app runs in its own process (`node apps/api/dist/main.js`, DEMO=0) against a fresh database.
// Two connectors: amoCRM (account webhook: form-encoded `leads[status][0][...]`, a won deal) and
// Zadarma (form `NOTIFY_END` with its `Signature`, a 3-minute answered call). Deliveries go out open
// loop at BENCH_RATE/s, won deals and calls alternating, each to its connector's hook URL; then the
// same events (same types, amounts, durations, reps) go to POST /api/events one per request at the
// same rate. Latencies are measured from each request's scheduled send time (no coordinated
// omission). Half the reps get only deals (amoCRM users mapped to them), half only calls (Zadarma
// extensions mapped to them), so every event of a rep adds the same milli-points (measured in the
// warm-up): a `board:delta` row of rep r with milliPoints M shows the first (M - base) / perEvent
// events sent to r, and each one not shown before is on the board now (latency = arrival - send).
// The bench publishes a copy of the default rule set without working hours and call caps, so that a
// call scores whatever the hour of the run and every event moves its rep's points.
import { createHmac } from 'node:crypto';
import http from 'node:http';
import { createRequire } from 'node:module';
import pg from 'pg';
import { ADMIN, cpuOf, recreateDatabase, startApp } from './bench-support.mjs';

const env = process.env;
const RATE = Number(env.BENCH_RATE ?? 200);
const SECONDS = Number(env.BENCH_SECONDS ?? 20);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 2);
const REPS = Number(env.BENCH_REPS ?? 50);
const WARMUP_SECONDS = Number(env.BENCH_WARMUP_SECONDS ?? 5);
const DRAIN_MS = Number(env.BENCH_DRAIN_SECONDS ?? 60) * 1000;
const PORT = Number(env.BENCH_PORT ?? 3920);
/** Which paths to run each round (`hooks`, `events`): both by default, one to profile it alone. */
const PATHS = (env.BENCH_PATHS ?? 'hooks,events').split(',');
const DB_URL = env.BENCH_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/leaderboard_hooksbench';
const TARGET_P99_MS = 50;
/** (c): won leads in the fake amoCRM's history (0 skips the backfill part). */
const BACKFILL_DEALS = Number(env.BENCH_BACKFILL_DEALS ?? 10_000);
/**
 * (c) with the fake's rate limit lifted and the app's amoCRM bucket raised (a preload that changes
 * `CRM_CLIENTS.amocrm.rate` in the app process of this bench only): the pipeline's own rate.
 */
const BACKFILL_UNLIMITED = env.BENCH_BACKFILL_UNLIMITED === '1';
/** amoCRM's documented limit, what the product's client keeps to (`CRM_CLIENTS`). */
const AMO_RATE = 7;
const FAKES = new URL('../../dist-test/bench-fakes/amocrm.js', import.meta.url);
const ZADARMA_SECRET = 'bench-zadarma-secret';
const PRICE = 22_500; // RUB, as amoCRM sends it: 2,250,000 minor units
const ORIGIN = `http://127.0.0.1:${PORT}`;
const BASE = `${ORIGIN}/api`;
const require = createRequire(import.meta.url);
const { io } = require('socket.io-client');

const hrMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

// ------------------------------------------------------------------------------------------ setup

/** One request on the keep-alive agent: { status, text }. */
function send(method, url, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (error) => {
      // The server closed an idle keep-alive connection as this request went out (Node's documented
      // race): it never read the request, so send it again.
      if (req.reusedSocket && error.code === 'ECONNRESET')
        send(method, url, headers, body).then(resolve, reject);
      else reject(error);
    });
    req.end(body);
  });
}

async function call(method, path, token, body) {
  const headers = {
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
  const res = await send(
    method,
    `${BASE}${path}`,
    headers,
    body === undefined ? undefined : JSON.stringify(body),
  );
  const json = res.text ? JSON.parse(res.text) : null;
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${res.text}`);
  return json;
}

/** The default rule set without working hours or call caps, published from before this month. */
async function publishBenchRules(admin) {
  const sets = await call('GET', '/rulesets', admin);
  const current = sets.find((s) => s.status === 'published') ?? sets[0];
  const document = structuredClone(current.document);
  document.name = 'Bench: any hour, no call cap';
  document.workingHours = { ...document.workingHours, outsideFactor: 1 };
  document.dailyCaps = { ...document.dailyCaps, calls: 1_000_000_000 };
  const draft = await call('POST', '/rulesets', admin, { document });
  const from = new Date(Date.now() - 40 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z');
  await call('POST', `/rulesets/${draft.id}/publish`, admin, { effectiveFrom: from });
}

async function setUp() {
  const admin = (await call('POST', '/auth/login', null, ADMIN)).accessToken;
  await publishBenchRules(admin);
  const team = await call('POST', '/teams', admin, { name: 'Bench' });
  const reps = [];
  for (let i = 0; i < REPS; i++) {
    reps.push(
      await call('POST', '/reps', admin, { key: `rep${i}@bench.example`, name: `Rep ${i}`, teamId: team.id }),
    );
  }
  const token = (await call('POST', '/tokens', admin, { kind: 'integration', name: 'bench' })).token;
  const amo = await call('POST', '/connectors', admin, {
    kind: 'amocrm',
    name: 'amoCRM',
    settings: {},
    credentials: {},
  });
  const zadarma = await call('POST', '/connectors', admin, {
    kind: 'zadarma',
    name: 'Zadarma',
    settings: { timeZone: 'UTC' },
    credentials: { secret: ZADARMA_SECRET },
  });
  // Reps 0, 2, 4, ... win deals (amoCRM user 5000 + i); reps 1, 3, ... take calls (extension 100 + i).
  for (let i = 0; i < REPS; i++) {
    const [connector, user] = i % 2 === 0 ? [amo, 5000 + i] : [zadarma, 100 + i];
    await call('PUT', `/connectors/${connector.id}/users/${user}`, admin, { repId: reps[i].id });
  }
  return { admin, token, reps, amo, zadarma };
}

// ------------------------------------------------------------------------------------ deliveries

const pad = (n) => String(n).padStart(2, '0');
/** `YYYY-MM-DD HH:mm:ss` UTC, as Zadarma writes `call_start` for an account in UTC. */
const zadarmaTime = (d) =>
  `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/** amoCRM lead ids: unique over the whole run (a repeated id would be a duplicate, not a new deal). */
let leadSeq = 10_000_000;

/** Event i of a run: even a won deal of rep (i/2 mod dealReps) * 2, odd a call of an odd rep. */
function eventOf(run, i) {
  const slot = Math.floor(i / 2) % Math.floor(REPS / 2);
  return i % 2 === 0
    ? { kind: 'deal', rep: slot * 2, id: `${run}_${i}`, lead: leadSeq++, at: new Date() }
    : { kind: 'call', rep: slot * 2 + 1, id: `${run}_${i}`, at: new Date() };
}

/** The event as its vendor delivers it to the connector's hook. */
function hookRequest(setup, e) {
  if (e.kind === 'deal') {
    const unix = Math.floor(e.at.getTime() / 1000);
    const body = [
      `leads[status][0][id]=${e.lead}`,
      'leads[status][0][status_id]=142',
      'leads[status][0][old_status_id]=20067736',
      'leads[status][0][pipeline_id]=9217056',
      `leads[status][0][price]=${PRICE}`,
      `leads[status][0][responsible_user_id]=${5000 + e.rep}`,
      'leads[status][0][modified_user_id]=2079718',
      `leads[status][0][last_modified]=${unix}`,
      'leads[status][0][account_id]=17769199',
      'account[subdomain]=bench',
      'account[id]=17769199',
    ]
      .map((pair) => pair.replace(/\[/g, '%5B').replace(/\]/g, '%5D'))
      .join('&');
    return {
      url: `${ORIGIN}${setup.amo.hookPath}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    };
  }
  const fields = {
    event: 'NOTIFY_END',
    call_start: zadarmaTime(e.at),
    pbx_call_id: `in_${e.id}`,
    caller_id: '+79001234567',
    called_did: '+74951234567',
    internal: String(100 + e.rep),
    duration: '180',
    disposition: 'answered',
    status_code: '16',
    is_recorded: '0',
  };
  const hex = createHmac('sha1', ZADARMA_SECRET)
    .update(fields.caller_id + fields.called_did + fields.call_start)
    .digest('hex');
  return {
    url: `${ORIGIN}${setup.zadarma.hookPath}`,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      signature: Buffer.from(hex).toString('base64'),
    },
    body: new URLSearchParams(fields).toString(),
  };
}

/** The same event for POST /api/events. */
function apiRequest(setup, e) {
  const event =
    e.kind === 'deal'
      ? { type: 'deal_won', attributes: { amount: PRICE * 100, currency: 'RUB' } }
      : { type: 'call', attributes: { durationSec: 180, outcome: 'connected', direction: 'inbound' } };
  const body = JSON.stringify({
    source: 'bench',
    externalId: e.id,
    rep: setup.reps[e.rep].key,
    occurredAt: e.at.toISOString(),
    ...event,
  });
  return {
    url: `${BASE}/events`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${setup.token}` },
    body,
  };
}

// ------------------------------------------------------------------------------- board watching

/** A socket.io client on the month board that times when each rep's events show on it. */
async function watchBoard(token) {
  const socket = io(`${ORIGIN}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const watch = { milli: new Map(), run: null };
  const onRows = (rows, now) => {
    for (const row of rows) {
      watch.milli.set(row.repId, row.milliPoints);
      const run = watch.run;
      const r = run?.repIndex.get(row.repId);
      if (r === undefined) continue;
      const shown = Math.min(
        run.sent[r].length,
        Math.floor((row.milliPoints - run.base[r]) / run.perEvent[r]),
      );
      for (let k = run.seen[r]; k < shown; k++) run.latencies.push(now - run.sent[r][k]);
      run.seen[r] = Math.max(run.seen[r], shown);
    }
  };
  socket.on('board:delta', (delta) => onRows(delta.rows, hrMs()));
  socket.on('board:snapshot', (snapshot) => onRows(snapshot.rows, hrMs()));
  const ack = await socket.timeout(30_000).emitWithAck('board:subscribe', { period: 'month' });
  if (!ack.ok) throw new Error(`board:subscribe refused: ${JSON.stringify(ack.error)}`);
  onRows(ack.snapshot.rows, hrMs());
  watch.close = () => socket.close();
  return watch;
}

// --------------------------------------------------------------------------------------- a run

/**
 * CPU seconds of each PostgreSQL backend serving the bench database (not other databases' work), by
 * pid: a backend that exits between two snapshots takes its share with it (an undercount).
 */
async function postgresCpu() {
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const { rows } = await client.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  await client.end();
  return new Map(rows.map((row) => [row.pid, cpuOf(row.pid)]));
}
const cpuSince = (before, after) =>
  [...after].reduce((sum, [pid, cpu]) => sum + Math.max(0, cpu - (before.get(pid) ?? 0)), 0);

function percentiles(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const pct = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return { n: sorted.length, p50: pct(50), p99: pct(99), max: sorted[sorted.length - 1] ?? NaN };
}

/** Sends RATE x seconds events open loop through `path` ('hooks' or 'events'); waits for the board. */
async function measure(setup, watch, app, path, run, seconds, perEvent) {
  const total = Math.round(RATE * seconds);
  const interval = 1000 / RATE;
  const repIndex = new Map(setup.reps.map((rep, r) => [rep.id, r]));
  const base = setup.reps.map((rep) => watch.milli.get(rep.id) ?? 0);
  const state = {
    repIndex,
    base,
    perEvent: perEvent ?? setup.reps.map(() => Infinity),
    sent: setup.reps.map(() => []),
    seen: setup.reps.map(() => 0),
    latencies: [],
  };
  watch.run = state;
  const answers = [];
  const failures = {};
  const pending = [];
  const cpu0 = { app: cpuOf(app.pid), pg: await postgresCpu() };
  const t0 = hrMs() + 100;
  for (let i = 0; i < total; i++) {
    const scheduled = t0 + i * interval;
    if (scheduled > hrMs()) await sleep(scheduled - hrMs());
    const e = eventOf(run, i);
    const req = path === 'hooks' ? hookRequest(setup, e) : apiRequest(setup, e);
    state.sent[e.rep].push(scheduled);
    pending.push(
      send('POST', req.url, req.headers, req.body).then(
        (res) => {
          if (res.status === 200) answers.push(hrMs() - scheduled);
          else failures[res.status] = (failures[res.status] ?? 0) + 1;
        },
        (error) => (failures[error.code ?? 'error'] = (failures[error.code ?? 'error'] ?? 0) + 1),
      ),
    );
  }
  await Promise.all(pending);
  const sendEnd = hrMs();
  const all = () => state.seen.every((n, r) => n >= state.sent[r].length);
  while (!all() && hrMs() < sendEnd + DRAIN_MS) await sleep(50);
  // Up to the board: the worker's share of a hook delivery is in it.
  const cpu1 = { app: cpuOf(app.pid), pg: await postgresCpu() };
  watch.run = null;
  const unseen = state.sent.reduce((s, list, r) => s + list.length - state.seen[r], 0);
  return {
    path,
    total,
    answer: percentiles(answers),
    failures,
    board: percentiles(state.latencies),
    unseen,
    caughtUpSeconds: (hrMs() - sendEnd) / 1000,
    appCpuPerEvent: ((cpu1.app - cpu0.app) * 1e6) / total,
    pgCpuPerEvent: (cpuSince(cpu0.pg, cpu1.pg) * 1e6) / total,
    state,
  };
}

/** Milli-points per event of each rep, from a warm-up whose every event reached the board. */
function perEventOf(setup, watch, warm) {
  return setup.reps.map((rep, r) => {
    const sent = warm.state.sent[r].length;
    return sent === 0 ? Infinity : ((watch.milli.get(rep.id) ?? 0) - warm.state.base[r]) / sent;
  });
}

/** Waits until the board stops moving (the warm-up's events all scored): no change for 2 s. */
async function settle(watch) {
  let last = JSON.stringify([...watch.milli]);
  for (let quiet = 0; quiet < 2000; quiet += 250) {
    await sleep(250);
    const now = JSON.stringify([...watch.milli]);
    if (now !== last) quiet = -250;
    last = now;
  }
}

const fmt = (v) => (Number.isFinite(v) ? v.toFixed(1) : '-');
function report(round, result) {
  const failed = Object.keys(result.failures).length ? ` non-200 ${JSON.stringify(result.failures)}` : '';
  const label = result.path === 'hooks' ? 'hooks (amoCRM + Zadarma)' : 'POST /api/events       ';
  console.log(
    `  round ${round} ${label}: answer p50 ${fmt(result.answer.p50)} ms p99 ${fmt(result.answer.p99)} ms max ${fmt(result.answer.max)} ms` +
      ` (${result.answer.n}/${result.total} 200${failed}); on the board p50 ${fmt(result.board.p50)} ms p99 ${fmt(result.board.p99)} ms` +
      ` max ${fmt(result.board.max)} ms (${result.board.n} seen, ${result.unseen} never, all in ${result.caughtUpSeconds.toFixed(1)} s after the last answer);` +
      ` CPU per event up to the board: app ${result.appCpuPerEvent.toFixed(0)} µs, postgres ${result.pgCpuPerEvent.toFixed(0)} µs`,
  );
}

// ------------------------------------------------------------------------------- (c) backfill

/** Events in the ledger under `source`. */
async function countEvents(source) {
  const client = new pg.Client({ connectionString: DB_URL });
  await client.connect();
  const { rows } = await client.query('SELECT count(*)::int AS n FROM events WHERE source = $1', [source]);
  await client.end();
  return rows[0].n;
}

/** Runs `work` over `items`, `limit` at a time. */
async function runPool(items, limit, work) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

/**
 * (c) The fake amoCRM (test/fakes/amocrm.ts compiled to JS) with BACKFILL_DEALS won leads of the
 * bench's amoCRM users, a new amoCRM connector reading it (its users mapped to the same reps),
 * POST .../backfill, GET .../jobs polled until the job ends; beside it, the same deals through
 * POST /api/events in batches of 500, 4 in flight. Each path's ledger count must grow by the deals.
 */
async function backfill(setup) {
  let FakeAmoCrm;
  try {
    ({ FakeAmoCrm } = await import(FAKES.href));
  } catch {
    console.log(
      '  (c) backfill: skipped, the fake amoCRM is not compiled (npx tsc -b test/bench/tsconfig.fakes.json)',
    );
    return;
  }
  const amo = new FakeAmoCrm(BACKFILL_UNLIMITED ? { rate: null } : {});
  await amo.start();
  try {
    const dealReps = setup.reps.flatMap((rep, r) => (r % 2 === 0 ? [r] : []));
    amo.users.splice(
      0,
      amo.users.length,
      ...dealReps.map((r) => ({
        id: 5000 + r,
        name: `Rep ${r}`,
        email: `amo${r}@bench.example`,
        active: true,
      })),
    );
    // A second apart, ending a minute ago: the last day holds them all.
    const from = Math.floor(Date.now() / 1000) - BACKFILL_DEALS - 60;
    const leadIds = amo.seedLeads(BACKFILL_DEALS, { won: true, price: PRICE, from });
    const connector = await call('POST', '/connectors', setup.admin, {
      kind: 'amocrm',
      name: 'amoCRM history',
      settings: { apiBaseUrl: amo.url, catchupMinutes: 0 },
      credentials: { apiToken: amo.token },
    });
    for (const r of dealReps)
      await call('PUT', `/connectors/${connector.id}/users/${5000 + r}`, setup.admin, {
        repId: setup.reps[r].id,
      });
    const source = `connector:${connector.id}`;
    const before = await countEvents(source);
    const requests0 = amo.server.requests.length;
    const t0 = hrMs();
    const started = await call('POST', `/connectors/${connector.id}/backfill`, setup.admin, { days: 1 });
    let job = started;
    while (job.status === 'running') {
      await sleep(200);
      job = (await call('GET', `/connectors/${connector.id}/jobs`, setup.admin)).find(
        (j) => j.id === started.id,
      );
    }
    const wallSeconds = (hrMs() - t0) / 1000;
    const created = (await countEvents(source)) - before;
    const jobSeconds = (Date.parse(job.finishedAt) - Date.parse(job.startedAt)) / 1000;
    const historyRequests = amo.server.calls(/\/api\/v4\/(events|leads)$/).length;
    const requests = amo.server.requests.length - requests0;
    const pages = Math.ceil(BACKFILL_DEALS / 100);
    // The client keeps to 7 requests/s; each page of 100 events costs `perPage` requests.
    const perPage = historyRequests / pages;
    const bound = (AMO_RATE * 100) / perPage;
    console.log(
      `  (c) backfill of ${BACKFILL_DEALS} won leads (${BACKFILL_UNLIMITED ? 'fake and client rate limit lifted' : `amoCRM limit ${AMO_RATE}/s`}): ` +
        `job ${job.status}${job.error ? ` (${job.error})` : ''} in ${jobSeconds.toFixed(1)} s (${wallSeconds.toFixed(1)} s from the POST), ` +
        `${(created / jobSeconds).toFixed(0)} events/s; ${created} new events in the ledger ` +
        `(${created === BACKFILL_DEALS ? 'exactly the deals: OK' : `expected ${BACKFILL_DEALS}: WRONG`}), job says created ${job.created}; ` +
        `${requests} requests to the fake (${perPage.toFixed(2)} a page of 100 events, ${amo.server.limited} answered 429)` +
        (BACKFILL_UNLIMITED
          ? ''
          : `; bound by the limit: ${AMO_RATE}/s x 100 / ${perPage.toFixed(2)} = ${bound.toFixed(0)} events/s`),
    );

    // The same deals through POST /api/events.
    const apiSource = 'bench-history';
    const events = leadIds.map((id, i) => ({
      source: apiSource,
      externalId: `lead:${id}`,
      type: 'deal_won',
      rep: setup.reps[dealReps[i % dealReps.length]].key,
      occurredAt: new Date((from + i) * 1000).toISOString(),
      attributes: { amount: PRICE * 100, currency: 'RUB' },
    }));
    const batches = [];
    for (let i = 0; i < events.length; i += 500) batches.push(events.slice(i, i + 500));
    const apiBefore = await countEvents(apiSource);
    const a0 = hrMs();
    await runPool(batches, 4, (batch) => call('POST', '/events', setup.token, { events: batch }));
    const apiSeconds = (hrMs() - a0) / 1000;
    const apiCreated = (await countEvents(apiSource)) - apiBefore;
    console.log(
      `  (c) the same ${BACKFILL_DEALS} deals through POST /api/events (batches of 500, 4 in flight): ` +
        `${apiSeconds.toFixed(1)} s, ${(apiCreated / apiSeconds).toFixed(0)} events/s; ${apiCreated} new events ` +
        `(${apiCreated === BACKFILL_DEALS ? 'OK' : 'WRONG'})`,
    );
  } finally {
    await amo.stop();
  }
}

// ---------------------------------------------------------------------------------------- main

await recreateDatabase(DB_URL);
const app = await startApp(
  PORT,
  DB_URL,
  BACKFILL_UNLIMITED ? ['--import', './test/bench/crm-rate-raise.mjs'] : [],
);
try {
  const setup = await setUp();
  const watch = await watchBoard(setup.admin);
  console.log(
    `Hooks: ${RATE}/s open loop for ${SECONDS} s per run, ${ROUNDS} rounds of hooks then POST /api/events, ` +
      `${REPS} reps (half won deals through amoCRM, half 3-minute calls through Zadarma), one month-board socket`,
  );
  // Warm-up of both paths (JIT, pools), not counted; it also measures each rep's points per event.
  const warmHooks = await measure(setup, watch, app, 'hooks', 'wh', WARMUP_SECONDS, null);
  await settle(watch);
  const perEvent = perEventOf(setup, watch, warmHooks);
  if (PATHS.includes('events')) {
    await measure(setup, watch, app, 'events', 'we', WARMUP_SECONDS, perEvent);
    await settle(watch);
  }

  const results = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const path of PATHS) {
      const result = await measure(setup, watch, app, path, `r${round}${path[0]}`, SECONDS, perEvent);
      report(round, result);
      results.push(result);
      await settle(watch);
    }
  }

  if (BACKFILL_DEALS > 0) await backfill(setup);

  const hooks = results.filter((r) => r.path === 'hooks');
  if (hooks.length === 0) console.log('Target: inbound answer p99: no hooks round in this run');
  const worst = Math.max(...hooks.map((r) => r.answer.p99));
  const allAnswered = hooks.every((r) => r.answer.n === r.total);
  if (hooks.length > 0)
    console.log(
      `Target: inbound answer p99 < ${TARGET_P99_MS} ms at ${RATE}/s (worst round ${fmt(worst)} ms${allAnswered ? '' : ', some not 200'}): ` +
        `${worst < TARGET_P99_MS && allAnswered ? 'PASS' : 'FAIL'}`,
    );
  const counts = await call('GET', `/connectors/${setup.zadarma.id}/health`, setup.admin);
  console.log(`Zadarma connector health after the run: ${JSON.stringify(counts).slice(0, 300)}`);
  watch.close();
} finally {
  app.kill(env.BENCH_MAIN ? 'SIGUSR2' : 'SIGTERM');
  agent.destroy();
}
