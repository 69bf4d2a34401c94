// Live push benchmark: event-to-screen latency, server CPU and memory per connection of the /live
// gateway, each next to a plain Socket.IO server (test/bench/plain-io-server.mjs) that broadcasts the
// same payloads in the same run. Run from the repo root (PostgreSQL at 127.0.0.1:5432, user postgres,
// trust; `ulimit -n` above 2 x the largest client count):
//   npm run build && node test/bench/live.bench.mjs
// (`npx tsc -b apps/api/tsconfig.build.json && node test/bench/live.bench.mjs` is enough for the API.)
// Options: BENCH_CLIENTS=1000,5000 BENCH_RATE=200 BENCH_SECONDS=20 BENCH_REPS=50 BENCH_SERVERS=app,plain
//          BENCH_TYPE=deal_won (or e.g. opportunity_created: scores at any hour, no deal celebration)
//          BENCH_SAMPLED=200 (or all) BENCH_AMOUNT=5000000 BENCH_CLIENT_PROCS=2 BENCH_CONNECT_BATCH=100
//          BENCH_SETTLE_SECONDS=3 BENCH_DRAIN_SECONDS=60 BENCH_POST_CONNECTIONS=16 BENCH_PORT=3918
//          BENCH_WARMUP_SECONDS=5 (a run at the full rate with every client connected before each
//          measured one, not counted: the first seconds of load otherwise measure the JIT)
//          BENCH_PLAIN_PORT=3919 BENCH_DB_URL=postgres://postgres@127.0.0.1:5432/leaderboard_livebench
//          BENCH_NODE_ARGS= (for both servers, e.g. --cpu-prof). The app's own settings pass through
//          (LIVE_MAX_EMITS_PER_SEC, default 10: the coalescing).
//          BENCH_APP_PROCESSES=1 (2: two app processes on BENCH_PORT and BENCH_PORT + 2 sharing the
//          database and Redis at BENCH_REDIS_URL=redis://127.0.0.1:6379, as behind a load balancer:
//          clients and POSTs alternate between them; CPU and memory are the two processes' sums)
//          BENCH_SERVER_CPUS= BENCH_CLIENT_CPUS= (e.g. 0 and 1: `taskset` CPU lists; default unset,
//          every process on every core). The split stands in for TVs on their own machines: on
//          shared cores the 1,000 clients a broadcast wakes take the CPU from the server while it is
//          still writing to the rest. The sender goes with the clients; PostgreSQL is not moved.
//
// The app gets the Node options `npm start` gives it (package.json). Each server runs in its own
// process, started with --expose-gc and a preload (MEM_PRELOAD) that answers an IPC message with
// process.memoryUsage() after full GCs, the last one compacting (see memoryOf); no app code is
// touched. Per connection = (with N clients - before any) / N, after a settle.
// Clients live in BENCH_CLIENT_PROCS child processes of this script, opened BENCH_CONNECT_BATCH at a
// time, all subscribed to the month board, every client count from none. BENCH_SAMPLED of them,
// spread evenly in subscription order (the order a broadcast walks a room), are socket.io-client
// sockets (websocket transport) that measure latency; the others are bare WebSockets speaking the protocol's
// minimum (see openLight): decoding every message in 5,000 socket.io-clients would need more CPU than
// the server under test. Events are POSTed one per request, open loop: event i is for rep i % REPS,
// stamped with its scheduled send time t0 + i / RATE (sent then; the lag is reported). Times are
// CLOCK_MONOTONIC (process.hrtime), one clock for every process on the machine. Every event scores the
// same milli-points (measured in the warm-up), so a row with milliPoints M shows the first
// (M - base) / perEvent events of its rep: each one this client had not seen is on its screen now,
// latency = arrival - stamp. An event not on a sampled screen when the drain ends counts as never.
import { execSync, fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { cpuOf, recreateDatabase } from './bench-support.mjs';

const env = process.env;
const CLIENTS = (env.BENCH_CLIENTS ?? '1000,5000').split(',').map(Number);
const RATE = Number(env.BENCH_RATE ?? 200);
const SECONDS = Number(env.BENCH_SECONDS ?? 20);
const REPS = Number(env.BENCH_REPS ?? 50);
const SERVERS = (env.BENCH_SERVERS ?? 'app,plain').split(',');
const TYPE = env.BENCH_TYPE ?? 'deal_won';
const AMOUNT = Number(env.BENCH_AMOUNT ?? 5_000_000);
const PROCS = Number(env.BENCH_CLIENT_PROCS ?? 2);
const SAMPLED = env.BENCH_SAMPLED === 'all' ? Infinity : Number(env.BENCH_SAMPLED ?? 200);
const CONNECT_BATCH = Number(env.BENCH_CONNECT_BATCH ?? 100);
const SETTLE_MS = Number(env.BENCH_SETTLE_SECONDS ?? 3) * 1000;
const DRAIN_MS = Number(env.BENCH_DRAIN_SECONDS ?? 60) * 1000;
const WARMUP_SECONDS = Number(env.BENCH_WARMUP_SECONDS ?? 5);
const POST_CONNECTIONS = Number(env.BENCH_POST_CONNECTIONS ?? 16);
const PORT = Number(env.BENCH_PORT ?? 3918);
const PLAIN_PORT = Number(env.BENCH_PLAIN_PORT ?? 3919);
const DB_URL = env.BENCH_DB_URL ?? 'postgres://postgres@127.0.0.1:5432/leaderboard_livebench';
const SERVER_CPUS = env.BENCH_SERVER_CPUS ?? '';
const CLIENT_CPUS = env.BENCH_CLIENT_CPUS ?? '';
const APP_PROCESSES = Number(env.BENCH_APP_PROCESSES ?? 1);
const REDIS_URL = env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WARM_PER_REP = 4;
/** p99 from POST to screen, by client count (issue 16). */
const TARGET_P99_MS = { 1000: 100, 5000: 250 };
const TARGET_MEM_RATIO = 1.5;
const ADMIN = { email: 'bench@example.com', password: 'Cobalt-Juniper-Sail-64' };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

const MEM_PRELOAD =
  'data:text/javascript,' +
  encodeURIComponent(`process.on('message', (m) => {
    if (m !== 'bench:mem') return;
    const v8 = process.getBuiltinModule('node:v8');
    globalThis.gc(); globalThis.gc();
    const plain = process.memoryUsage();
    v8.setFlagsFromString('--compact-on-every-full-gc');
    globalThis.gc();
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
    const compacted = process.memoryUsage();
    // V8 returns the pages compaction emptied from a background task: RSS a second later.
    setTimeout(() => {
      compacted.rss = process.memoryUsage.rss();
      process.send({ benchMem: { plain, compacted } });
    }, 1000);
  });
  // The app's fan-out costs (diagnostics_channel 'leaderboard:live:fan-out', see flush-report.ts).
  const fanOut = () => ({ flush: { n: 0, cpuMs: 0, wallMs: 0 }, celebrations: { n: 0, cpuMs: 0, wallMs: 0 } });
  let costs = fanOut();
  process.getBuiltinModule('node:diagnostics_channel').subscribe('leaderboard:live:fan-out', (cost) => {
    const sum = costs[cost.kind];
    if (!sum) return;
    sum.n++;
    sum.cpuMs += cost.cpuMs;
    sum.wallMs += cost.wallMs;
  });
  process.on('message', (m) => {
    if (m !== 'bench:fan-out') return;
    process.send({ benchFanOut: costs });
    costs = fanOut();
  });
  process.on('disconnect', () => process.exit(1));`);

const hrMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Latency histogram: 0.1 ms buckets below 10 s, 10 ms buckets up to 10 min. */
const FINE = 100_000;
const BUCKETS = FINE + 59_000;
const bucketOf = (ms) =>
  ms < 10_000 ? Math.round(ms * 10) : Math.min(BUCKETS - 1, FINE + Math.floor((ms - 10_000) / 10));
const msOf = (bucket) => (bucket < FINE ? bucket / 10 : 10_000 + (bucket - FINE) * 10);

// ---------------------------------------------------------------- client process (`... clients`)

async function clientProcess() {
  const require = createRequire(import.meta.url);
  const { io } = require('socket.io-client');
  const WebSocket = require('ws');
  const hist = new Uint32Array(BUCKETS);
  let clients = [];
  let run = null;
  const newStats = () => ({
    samples: 0,
    max: 0,
    deltas: 0,
    snapshots: 0,
    celebrations: 0,
    gaps: 0,
    repeats: 0,
    gapLog: [],
    over: 0,
    disconnects: {},
  });
  let stats = newStats();
  const dropped = (client, reason) => {
    if (!client.gone) stats.disconnects[reason] = (stats.disconnects[reason] ?? 0) + 1;
    client.gone = true;
  };

  // The rows now on this client's screen: every event of the run they include is seen now.
  function reveal(client, rows, now) {
    if (!run || !client.seen) return;
    for (const row of rows) {
      const r = run.repIndex.get(row.repId);
      if (r === undefined) continue;
      let shown = Math.floor((row.milliPoints - run.base[r]) / run.perEvent);
      if (shown > run.perRep[r]) {
        stats.over++;
        shown = run.perRep[r];
      }
      for (let k = client.seen[r]; k < shown; k++) {
        const latency = Math.max(0, now - (run.t0 + (k * REPS + r) * run.interval));
        hist[bucketOf(latency)]++;
        stats.samples++;
        if (latency > stats.max) stats.max = latency;
      }
      if (shown > client.seen[r]) client.seen[r] = shown;
    }
  }

  async function open(url, token, processIndex) {
    const socket = io(`${url}/live`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 60_000,
    });
    const client = { socket, seen: null, lastSeq: -1, gone: false };
    socket.on('board:delta', (delta) => {
      const now = hrMs();
      stats.deltas++;
      if (client.lastSeq >= 0 && delta.seq !== client.lastSeq + 1) {
        // A seq not above the last one is a repeat (or one out of order); above it, a skip.
        if (delta.seq <= client.lastSeq) stats.repeats++;
        else stats.gaps++;
        if (stats.gapLog.length < 20)
          stats.gapLog.push({ process: processIndex, last: client.lastSeq, got: delta.seq });
      }
      client.lastSeq = delta.seq;
      reveal(client, delta.rows, now);
    });
    socket.on('board:snapshot', (snapshot) => {
      stats.snapshots++;
      client.lastSeq = snapshot.seq;
      reveal(client, snapshot.rows, hrMs());
    });
    socket.on('celebration', () => stats.celebrations++);
    socket.on('disconnect', (reason) => dropped(client, reason));
    await new Promise((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const ack = await socket.timeout(60_000).emitWithAck('board:subscribe', { period: 'month' });
    if (!ack.ok) throw new Error(`board:subscribe refused: ${JSON.stringify(ack.error)}`);
    client.lastSeq = ack.snapshot.seq;
    clients.push(client);
  }

  /**
   * A client that is not sampled: a bare WebSocket speaking just enough of the Engine.IO 4 /
   * Socket.IO 5 protocol (connect to /live with the token, subscribe, answer pings) and counting
   * frames by their prefix without decoding them. The server cannot tell it from socket.io-client.
   */
  function openLight(url, token) {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    const client = { ws, gone: false, light: true };
    return new Promise((resolve, reject) => {
      ws.on('message', (data) => {
        if (data.length === 1 && data[0] === 0x32) return ws.send('3'); // ping -> pong
        const head = data.toString('latin1', 0, 24);
        if (head.startsWith('42/live,["board:delta"')) stats.deltas++;
        else if (head.startsWith('42/live,["celebration"')) stats.celebrations++;
        else if (head.startsWith('42/live,["board:snapshot"')) stats.snapshots++;
        else if (head.startsWith('0{')) ws.send(`40/live,${JSON.stringify({ token })}`);
        else if (head.startsWith('40/live,')) ws.send('42/live,0["board:subscribe",{"period":"month"}]');
        else if (head.startsWith('43/live,0[{"ok":true')) clients.push(client) && resolve();
        else if (head.startsWith('4')) reject(new Error(`refused: ${data.toString()}`));
      });
      ws.on('error', reject);
      ws.on('close', () => dropped(client, 'light client closed'));
    });
  }

  const live = () => clients.filter((c) => !c.gone);
  const sampled = () => live().filter((c) => !c.light);
  const unseen = () => sampled().reduce((sum, c) => sum + run.total - c.seen.reduce((a, b) => a + b, 0), 0);
  const commands = {
    /**
     * Opens `target` clients, `full` of them sampled (socket.io-client), spread evenly in the order
     * they subscribe: a broadcast reaches a room's sockets in that order, so sampling only the first
     * ones would measure the head of every broadcast.
     */
    async connect({ urls, token, target, full, batch }) {
      clients = live();
      let slot = clients.length;
      // Several app processes: clients alternate between them, as a load balancer spreads them.
      const urlOf = (position) => urls[position % urls.length];
      // Exactly `full` of positions 0 .. target - 1, one every target / full.
      const isSampled = (position) =>
        Math.floor((position * full) / target) < Math.floor(((position + 1) * full) / target);
      while (clients.length < target) {
        const n = Math.min(batch, target - clients.length);
        const opening = Array.from({ length: n }, () => {
          const position = slot++;
          return (isSampled(position) ? open : openLight)(urlOf(position), token, position % urls.length);
        });
        await Promise.all(opening);
      }
      return clients.length;
    },
    run({ t0, interval, total, repIds, base, perEvent }) {
      const perRep = repIds.map((_, r) => Math.max(0, Math.ceil((total - r) / REPS)));
      const repIndex = new Map(repIds.map((id, r) => [id, r]));
      run = { t0, interval, total, base, perEvent, perRep, repIndex };
      hist.fill(0);
      stats = newStats();
      clients = live();
      for (const client of clients) client.seen = new Int32Array(REPS);
      return clients.length;
    },
    progress: () => unseen(),
    report: () => ({ hist, stats, clients: clients.length, sampled: sampled().length, unseen: unseen() }),
    close() {
      for (const client of clients) {
        client.gone = true;
        if (client.light) client.ws.close();
        else client.socket.disconnect();
      }
      clients = [];
      return 0;
    },
  };
  process.on('message', async ({ id, cmd, ...args }) => {
    try {
      process.send({ id, result: await commands[cmd](args) });
    } catch (error) {
      process.send({ id, error: String(error?.stack ?? error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------- the bench (parent process)

const children = [];
const workers = () => children.filter((c) => c.benchClients);

function request(child, message) {
  const id = (request.next = (request.next ?? 0) + 1);
  return new Promise((resolve, reject) => {
    const onMessage = (reply) => {
      if (reply.id !== id) return;
      child.off('message', onMessage);
      if (reply.error) reject(new Error(reply.error));
      else resolve(reply.result);
    };
    child.on('message', onMessage);
    child.send({ id, ...message });
  });
}
const askAll = (message) => Promise.all(workers().map((w) => request(w, message)));

/**
 * The Node options `npm start` gives the API (package.json's start script, e.g. the old-space size):
 * the bench runs the app as it ships.
 */
function startOptions() {
  const start = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).scripts
    .start;
  const launch = /\bnode ((?:--\S+ )*)apps\/api\/dist\/main\.js/.exec(start);
  if (!launch) throw new Error(`package.json start script does not run apps/api/dist/main.js: ${start}`);
  return launch[1].split(' ').filter(Boolean);
}

/** A server process with the memory preload; resolves once `ready` answers. */
async function startServer(script, extraEnv, ready, ownArgs = []) {
  const nodeArgs = [...ownArgs, ...(env.BENCH_NODE_ARGS ? env.BENCH_NODE_ARGS.split(' ') : [])];
  const command = [process.execPath, ...nodeArgs, '--expose-gc', '--import', MEM_PRELOAD, script];
  // taskset execs the command: the child's pid is the server's.
  if (SERVER_CPUS) command.unshift('taskset', '-c', SERVER_CPUS);
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...env, ...extraEnv },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  for (let i = 0; i < 300 && child.exitCode === null; i++) {
    if (await ready().catch(() => false)) return child;
    await sleep(200);
  }
  throw new Error(`${script} did not start`);
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  if ((await Promise.race([exited, sleep(5000).then(() => 'timeout')])) === 'timeout') child.kill('SIGKILL');
}

/**
 * The server's memory (process.memoryUsage: RSS, heap used, heap committed) after two full GCs,
 * then after one more that compacts the old space. V8 keeps the free space of partly used pages
 * after a full GC and returns it later (a burst of handshakes left 80 MB of it at 5,000 clients);
 * compaction moves the live objects together and the emptied pages go back to the system within
 * half a second, so the second reading (its RSS taken 1 s after the GC) is what the process holds.
 * RSS and heap per connection come from it (`rss`, `heap`); the first reading is reported next to
 * it (`rssBeforeCompaction`, `committedBeforeCompaction`).
 */
async function memoryOf(server) {
  const readings = await Promise.all((server.children ?? [server.child]).map(memoryOfChild));
  const sum = (key) => readings.reduce((total, reading) => total + reading[key], 0);
  return Object.fromEntries(Object.keys(readings[0]).map((key) => [key, sum(key)]));
}

async function memoryOfChild(child) {
  const { plain, compacted } = await new Promise((resolve) => {
    const onMessage = (m) => m?.benchMem && (child.off('message', onMessage), resolve(m.benchMem));
    child.on('message', onMessage);
    child.send('bench:mem');
  });
  return {
    rss: compacted.rss,
    heap: compacted.heapUsed,
    committed: compacted.heapTotal,
    rssBeforeCompaction: plain.rss,
    committedBeforeCompaction: plain.heapTotal,
  };
}

/** The fan-out costs the app processes measured since the last call (summed), see MEM_PRELOAD. */
async function fanOutCosts(server) {
  const readings = await Promise.all(
    (server.children ?? [server.child]).map(
      (child) =>
        new Promise((resolve) => {
          const onMessage = (m) =>
            m?.benchFanOut && (child.off('message', onMessage), resolve(m.benchFanOut));
          child.on('message', onMessage);
          child.send('bench:fan-out');
        }),
    ),
  );
  const total = { flush: { n: 0, cpuMs: 0, wallMs: 0 }, celebrations: { n: 0, cpuMs: 0, wallMs: 0 } };
  for (const reading of readings)
    for (const kind of Object.keys(total))
      for (const key of Object.keys(total[kind])) total[kind][key] += reading[kind][key];
  return total;
}

/**
 * The PostgreSQL backends serving the bench's database (the server may be shared with other work
 * on the machine: every `postgres` process would count theirs too); all of them if psql cannot say.
 */
function postgresPids() {
  const url = new URL(DB_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  try {
    const sql = `SELECT pid FROM pg_stat_activity WHERE datname = '${name.replaceAll("'", "''")}'`;
    return execSync(`psql "${url}" -Atc "${sql}"`, { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .split(/\s+/)
      .filter(Boolean);
  } catch {
    return execSync('pgrep -x postgres || true').toString().split(/\s+/);
  }
}

function cpuSnapshot(server) {
  const pg = server.name === 'app' ? postgresPids() : [];
  const own = process.cpuUsage();
  return {
    at: hrMs(),
    server: (server.children ?? [server.child]).reduce((sum, child) => sum + cpuOf(child.pid), 0),
    pg: pg.filter(Boolean).reduce((sum, pid) => sum + cpuOf(pid), 0),
    clients: workers().reduce((sum, c) => sum + cpuOf(c.pid), 0),
    sender: (own.user + own.system) / 1e6,
  };
}

async function call(method, url, token, body) {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** The event POSTs: keep-alive connections, at most POST_CONNECTIONS (more requests queue here). */
const postAgent = new http.Agent({ keepAlive: true, maxSockets: POST_CONNECTIONS });
function post(url, token, body) {
  return new Promise((resolve, reject) => {
    const headers = {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    const req = http.request(url, { method: 'POST', agent: postAgent, headers }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode < 300) resolve(JSON.parse(text));
        else reject(new Error(`POST ${url} answered ${res.statusCode}: ${text}`));
      });
    });
    req.on('error', (error) => {
      // The server closed an idle keep-alive connection as this request went out on it (Node's
      // documented race): it never read the request, so send it again on a fresh connection.
      if (req.reusedSocket && error.code === 'ECONNRESET') post(url, token, body).then(resolve, reject);
      else reject(error);
    });
    req.end(JSON.stringify(body));
  });
}

function makeEvent(run, i, repKeys) {
  const attributes =
    TYPE === 'deal_won'
      ? { amount: AMOUNT, margin: Math.floor(AMOUNT * 0.2), product: 'CRM Pro', channel: 'call', kind: 'new' }
      : {};
  const rep = repKeys[i % repKeys.length];
  return {
    source: 'livebench',
    externalId: `${run}-${i}`,
    type: TYPE,
    rep,
    occurredAt: new Date().toISOString(),
    attributes,
  };
}

/**
 * Sends RATE x `seconds` events open loop; the clients collect latencies until every event is on every
 * screen or DRAIN_MS after the last send. CPU is measured over the send window. `pending` resolves
 * when the server has answered every POST.
 */
async function measureRun(server, run, setup, seconds = SECONDS) {
  const board = await server.board();
  const base = setup.repIds.map((id) => board.rows.find((row) => row.repId === id)?.milliPoints ?? 0);
  const total = Math.round(RATE * seconds);
  const interval = 1000 / RATE;
  const t0 = hrMs() + 500;
  await askAll({ cmd: 'run', t0, interval, total, repIds: setup.repIds, base, perEvent: setup.perEvent });
  await sleep(t0 - hrMs());
  await fanOutCosts(server);
  const cpu0 = cpuSnapshot(server);
  const posts = [];
  const answers = [];
  let errors = 0;
  let maxLag = 0;
  for (let i = 0; i < total; i++) {
    const scheduled = t0 + i * interval;
    if (scheduled > hrMs()) await sleep(scheduled - hrMs());
    maxLag = Math.max(maxLag, hrMs() - scheduled);
    const sent = server.post(makeEvent(run, i, setup.repKeys)).then(
      (body) => (body.results?.[0]?.status === 'created' ? answers.push(hrMs() - scheduled) : errors++),
      (error) => {
        if (errors++ === 0) console.error(`  ${server.name}: ${error.message}`);
      },
    );
    posts.push(sent);
  }
  const end = t0 + total * interval;
  await sleep(end - hrMs());
  const cpu1 = cpuSnapshot(server);
  const fanOut = await fanOutCosts(server);
  for (; hrMs() < end + DRAIN_MS; await sleep(250)) {
    if (answers.length + errors === total && (await askAll({ cmd: 'progress' })).every((n) => n === 0)) break;
  }
  const drained = (hrMs() - end) / 1000;
  const reports = await askAll({ cmd: 'report' });

  const hist = new Float64Array(BUCKETS);
  for (const r of reports) r.hist.forEach((n, b) => (hist[b] += n));
  const sum = (key) => reports.reduce((s, r) => s + r.stats[key], 0);
  const samples = sum('samples');
  const unseen = reports.reduce((s, r) => s + r.unseen, 0);
  const pct = (p) => {
    let need = Math.ceil((p / 100) * (samples + unseen));
    for (let b = 0; b < BUCKETS; b++) if ((need -= hist[b]) <= 0) return msOf(b);
    return Infinity; // not on every screen before the drain ended
  };
  const wall = (cpu1.at - cpu0.at) / 1000;
  const cpuPct = (key) => (100 * (cpu1[key] - cpu0[key])) / wall;
  const clients = reports.reduce((s, r) => s + r.clients, 0);
  const sampled = reports.reduce((s, r) => s + r.sampled, 0);
  const disconnects = {};
  for (const r of reports)
    for (const [k, n] of Object.entries(r.stats.disconnects)) disconnects[k] = (disconnects[k] ?? 0) + n;
  return {
    p50: pct(50),
    p99: pct(99),
    max: unseen > 0 ? Infinity : Math.max(...reports.map((r) => r.stats.max)),
    limit: seconds * 1000 + drained * 1000,
    samples,
    unseen,
    sampled,
    drained,
    deltasPerClient: sum('deltas') / clients,
    celebrationsPerClient: sum('celebrations') / clients,
    snapshots: sum('snapshots'),
    gaps: sum('gaps'),
    repeats: sum('repeats'),
    gapLog: reports.flatMap((r) => r.stats.gapLog).slice(0, 10),
    over: sum('over'),
    disconnects,
    fanOut,
    load: os.loadavg(),
    serverCpu: cpuPct('server'),
    pgCpu: cpuPct('pg'),
    clientsCpu: cpuPct('clients'),
    senderCpu: cpuPct('sender'),
    total,
    answeredInDrain: answers.length + errors,
    maxLag,
    pending: Promise.all(posts).then(() => {
      answers.sort((a, b) => a - b);
      const postPct = (p) => answers[Math.min(answers.length - 1, Math.floor((p / 100) * answers.length))];
      return { caughtUp: (hrMs() - end) / 1000, errors, postP50: postPct(50), postP99: postPct(99) };
    }),
  };
}

const share = (n, k, parts) => Math.floor(n / parts) + (k < n % parts ? 1 : 0);

async function connectClients(server, target) {
  const started = hrMs();
  const counts = await Promise.all(
    workers().map((w, k, all) =>
      request(w, {
        cmd: 'connect',
        urls: server.urls ?? [server.url],
        token: server.liveToken,
        target: share(target, k, all.length),
        full: share(Math.min(SAMPLED, target), k, all.length),
        batch: Math.max(1, Math.round(CONNECT_BATCH / all.length)),
      }),
    ),
  );
  return { connected: counts.reduce((a, b) => a + b, 0), seconds: (hrMs() - started) / 1000 };
}

/** Warm-up (JIT, pools) and the milli-points of one event: WARM_PER_REP events for every rep. */
async function warmUp(server, repKeys) {
  const before = new Map((await server.board()).rows.map((row) => [row.repId, row.milliPoints]));
  const run = `warm${(warmUp.runs = (warmUp.runs ?? 0) + 1)}`;
  const events = Array.from({ length: WARM_PER_REP * repKeys.length }, (_, i) => makeEvent(run, i, repKeys));
  for (let i = 0; i < events.length; i += 10) await Promise.all(events.slice(i, i + 10).map(server.post));
  // With several processes the board's process sees the others' events once it has followed the
  // ledger: on a loaded machine that can take a while.
  let totals;
  for (let waited = 0; ; waited += 250) {
    await sleep(waited === 0 ? 500 : 250);
    const rows = (await server.board()).rows;
    totals = new Set(rows.map((row) => (row.milliPoints - (before.get(row.repId) ?? 0)) / WARM_PER_REP));
    if (totals.size === 1 || waited > 15_000) break;
  }
  const [perEvent] = totals;
  if (totals.size !== 1 || !Number.isInteger(perEvent) || perEvent <= 0) {
    throw new Error(`${server.name}: reps scored ${[...totals].join(', ')} milli-points an event`);
  }
  return perEvent;
}

async function benchServer(server, setup) {
  const perEvent = await warmUp(server, setup.repKeys);
  if (perEvent !== setup.perEvent)
    throw new Error(`${server.name}: ${perEvent} milli-points an event, not ${setup.perEvent}`);
  await sleep(SETTLE_MS);
  const before = await memoryOf(server);
  const rows = [];
  for (const [n, count] of CLIENTS.entries()) {
    if (n > 0) {
      // Every client count starts from none, so the sampled clients are spread over all of them.
      await askAll({ cmd: 'close' });
      await sleep(SETTLE_MS);
    }
    const { connected, seconds } = await connectClients(server, count);
    await sleep(SETTLE_MS);
    const mem = await memoryOf(server);
    if (WARMUP_SECONDS > 0) {
      // The same load, not counted: code paths that only run with clients connected (the
      // fan-out, the clients' own decoding) are compiled and the heaps sized before measuring.
      const warm = await measureRun(server, `${server.name}${n}w`, setup, WARMUP_SECONDS);
      await warm.pending;
      await sleep(SETTLE_MS);
    }
    const result = await measureRun(server, `${server.name}${n}`, setup);
    const memAfter = await memoryOf(server);
    if (n === CLIENTS.length - 1) await askAll({ cmd: 'close' });
    Object.assign(result, await result.pending); // every POST answered before the next step
    const row = { server: server.name, clients: connected, connectSeconds: seconds, ...result };
    const perConn = (key) => (mem[key] - before[key]) / connected;
    row.rssPerConn = perConn('rss');
    row.heapPerConn = perConn('heap');
    row.rssGrowth = memAfter.rss - mem.rss;
    row.heapGrowth = memAfter.heap - mem.heap;
    row.committedPerConn = perConn('committed');
    row.rssBeforeCompactionPerConn = perConn('rssBeforeCompaction');
    row.committedBeforeCompactionPerConn = perConn('committedBeforeCompaction');
    rows.push(row);
    console.log(`  ${server.name}, ${connected} clients: connected in ${seconds.toFixed(1)} s, measured`);
  }
  await sleep(SETTLE_MS);
  const after = await memoryOf(server);
  return { name: server.name, rows, before, after };
}

function printReport(results) {
  const kb = (bytes) => (bytes / 1024).toFixed(1);
  const signedKb = (bytes) => (bytes >= 0 ? '+' : '') + kb(bytes);
  const ms = (value, row) => (Number.isFinite(value) ? value.toFixed(1) : `>${Math.round(row.limit)}`);
  const table = results.flatMap((r) => r.rows);
  console.log('');
  console.table(
    table.map((row) => ({
      server: row.server,
      clients: row.clients,
      'p50 ms': ms(row.p50, row),
      'p99 ms': ms(row.p99, row),
      'max ms': ms(row.max, row),
      'on screen %': ((100 * row.samples) / (row.samples + row.unseen)).toFixed(1),
      'deltas/client': row.deltasPerClient.toFixed(0),
      'celebr./client': row.celebrationsPerClient.toFixed(0),
      'server CPU %': row.serverCpu.toFixed(0),
      'pg CPU %': row.server === 'app' ? row.pgCpu.toFixed(0) : '-', // its database's backends
      'clients CPU %': row.clientsCpu.toFixed(0),
      'RSS/conn KB': kb(row.rssPerConn),
      'heap/conn KB': kb(row.heapPerConn),
    })),
  );
  for (const row of table) {
    console.log(
      `  ${row.server} ${row.clients}: latencies from ${row.sampled} clients; ${row.total} POSTs, ` +
        `${row.answeredInDrain} answered by the end of the drain, all ${row.caughtUp.toFixed(1)} s after the last send ` +
        `(${row.errors} errors), answered p50 ${row.postP50.toFixed(1)} ms p99 ${row.postP99.toFixed(1)} ms; ` +
        `send lag max ${row.maxLag.toFixed(1)} ms; ` +
        `drain ${row.drained.toFixed(1)} s; seq gaps ${row.gaps}, repeated seqs ${row.repeats}, snapshots ${row.snapshots}, over-counted ${row.over}, ` +
        `disconnects ${JSON.stringify(row.disconnects)}; sender CPU ${row.senderCpu.toFixed(0)}%; ` +
        `during the run RSS ${signedKb(row.rssGrowth)} KB, heap ${signedKb(row.heapGrowth)} KB; ` +
        `a connection: heap committed ${kb(row.committedPerConn)} KB; before compaction RSS ` +
        `${kb(row.rssBeforeCompactionPerConn)} KB, heap committed ${kb(row.committedBeforeCompactionPerConn)} KB`,
    );
  }
  for (const row of table.filter((r) => r.fanOut.flush.n > 0)) {
    const { flush, celebrations } = row.fanOut;
    const per = (sum, key) => (sum.n > 0 ? sum[key] / sum.n : 0);
    console.log(
      `  ${row.server} ${row.clients}: fan-out during the send window: ${flush.n} flushes, ` +
        `CPU ${per(flush, 'cpuMs').toFixed(2)} ms a flush (${((1000 * per(flush, 'cpuMs')) / row.clients).toFixed(2)} µs a client), ` +
        `wall ${per(flush, 'wallMs').toFixed(2)} ms; ${celebrations.n} celebration fan-outs without a flush, ` +
        `CPU ${per(celebrations, 'cpuMs').toFixed(2)} ms each; fan-out CPU in all ${(flush.cpuMs + celebrations.cpuMs).toFixed(0)} ms; ` +
        `load average ${row.load.map((l) => l.toFixed(1)).join(' ')}`,
    );
  }
  for (const row of table.filter((r) => r.gapLog.length > 0)) {
    console.log(
      `  ${row.server} ${row.clients}: first seq breaks (process, last seq, received): ${JSON.stringify(row.gapLog)}`,
    );
  }
  for (const r of results) {
    console.log(
      `  ${r.name}: before any client RSS ${kb(r.before.rss)} KB heap ${kb(r.before.heap)} KB; ` +
        `after all left RSS ${kb(r.after.rss)} KB heap ${kb(r.after.heap)} KB`,
    );
  }
  console.log('\nTargets (default coalescing):');
  const app = table.filter((row) => row.server === 'app');
  for (const row of app) {
    const target = TARGET_P99_MS[row.clients];
    if (target === undefined) continue;
    const verdict = row.p99 < target ? 'PASS' : 'FAIL';
    console.log(
      `  app${APP_PROCESSES > 1 ? ` (${APP_PROCESSES} processes)` : ''} p99 at ${row.clients} clients ` +
        `${ms(row.p99, row)} ms < ${target} ms: ${verdict}`,
    );
  }
  for (const row of app) {
    const ref = table.find((p) => p.server === 'plain' && p.clients === row.clients);
    if (!ref) continue;
    const ratio = (key) => (row[key] > 0 && ref[key] > 0 ? row[key] / ref[key] : null);
    const verdict = (key) => {
      const r = ratio(key);
      return r === null
        ? 'n/a (below the noise)'
        : `${r.toFixed(2)} ${r <= TARGET_MEM_RATIO ? 'PASS' : 'FAIL'}`;
    };
    console.log(
      `  memory per connection at ${row.clients} clients, app/plain <= ${TARGET_MEM_RATIO}: ` +
        `heap ${verdict('heapPerConn')}, RSS ${verdict('rssPerConn')} ` +
        `(before compaction ${ratio('rssBeforeCompactionPerConn')?.toFixed(2) ?? 'n/a'})`,
    );
  }
}

async function main() {
  const base = `http://127.0.0.1:${PORT}`;
  const apiRequire = createRequire(new URL('../../apps/api/package.json', import.meta.url));
  const ioVersion = JSON.parse(readFileSync(apiRequire.resolve('socket.io/package.json'), 'utf8')).version;
  console.log(
    `Live push: ${CLIENTS.join(' then ')} clients on the month board, ${TYPE} events at ${RATE}/s for ${SECONDS} s (after ${WARMUP_SECONDS} s of the same, not counted)\n` +
      `  ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}, socket.io ${ioVersion}, ` +
      `LIVE_MAX_EMITS_PER_SEC=${env.LIVE_MAX_EMITS_PER_SEC ?? '10 (default)'}, ${new Date().toISOString()}\n` +
      `  ${APP_PROCESSES} app process(es)${APP_PROCESSES > 1 ? ` sharing Redis at ${REDIS_URL}` : ''}; clients in ${PROCS} processes; latency sampled by ${SAMPLED === Infinity ? 'every client' : `${SAMPLED} spread over the room`} (socket.io-client), the others bare WebSockets\n` +
      `  CPUs: ${SERVER_CPUS || CLIENT_CPUS ? `servers on ${SERVER_CPUS || 'any'}, clients and sender on ${CLIENT_CPUS || 'any'}, PostgreSQL on any` : 'every process on every core'}`,
  );
  const pin = (pid) => CLIENT_CPUS && execSync(`taskset -apc ${CLIENT_CPUS} ${pid}`, { stdio: 'ignore' });
  pin(process.pid);
  for (let k = 0; k < PROCS; k++) {
    const child = fork(fileURLToPath(import.meta.url), ['clients'], { serialization: 'advanced' });
    child.benchClients = true;
    children.push(child);
    pin(child.pid);
  }

  await recreateDatabase(DB_URL);
  const appEnv = (port) => ({
    DATABASE_URL: DB_URL,
    ...(APP_PROCESSES > 1 ? { REDIS_URL } : {}),
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    DEMO: '0',
    PORT: String(port),
    WEB_DIR: 'none',
    LOG_LEVEL: 'warn',
  });
  // The first process takes the writer role (it starts alone); the others follow it.
  const appChildren = [];
  const bases = [];
  for (let k = 0; k < APP_PROCESSES; k++) {
    const url = `http://127.0.0.1:${PORT + 2 * k}`;
    const ready = async () => (await fetch(`${url}/api/health`)).ok;
    appChildren.push(await startServer('apps/api/dist/main.js', appEnv(PORT + 2 * k), ready, startOptions()));
    bases.push(url);
  }
  const appChild = appChildren[0];
  const admin = (await call('POST', `${base}/api/auth/login`, null, ADMIN)).accessToken;
  const team = await call('POST', `${base}/api/teams`, admin, { name: 'Bench' });
  const reps = [];
  for (let i = 0; i < REPS; i++) {
    const body = { key: `rep${i}@bench.example`, name: `Rep ${i}`, teamId: team.id };
    reps.push(await call('POST', `${base}/api/reps`, admin, body));
  }
  const ingest = (await call('POST', `${base}/api/tokens`, admin, { kind: 'integration', name: 'bench' }))
    .token;
  const display = (await call('POST', `${base}/api/tokens`, admin, { kind: 'display', name: 'bench TVs' }))
    .token;
  let posted = 0;
  const app = {
    name: 'app',
    child: appChild,
    children: appChildren,
    url: base,
    urls: bases,
    liveToken: display,
    // Several processes: POSTs alternate between them too.
    post: (event) => post(`${bases[posted++ % bases.length]}/api/events`, ingest, event),
    board: () => call('GET', `${base}/api/boards?period=month`, admin),
  };
  const setup = { repIds: reps.map((r) => r.id), repKeys: reps.map((r) => r.key) };
  const results = [];
  setup.perEvent = await warmUp(app, setup.repKeys);
  const boardKey = (await app.board()).board.key;
  if (SERVERS.includes('app')) {
    console.log('app (the /live gateway, PostgreSQL):');
    results.push(await benchServer(app, setup));
  }
  await Promise.all(appChildren.map(stopChild));

  if (SERVERS.includes('plain')) {
    console.log('plain (Socket.IO, no coalescing, no database):');
    const plainBase = `http://127.0.0.1:${PLAIN_PORT}`;
    const plainChild = await startServer(
      'test/bench/plain-io-server.mjs',
      {
        PORT: String(PLAIN_PORT),
        PLAIN_TOKEN: 'plain-bench-token',
        PLAIN_MILLI_PER_EVENT: String(setup.perEvent),
        PLAIN_BOARD_KEY: boardKey,
        PLAIN_REPS: JSON.stringify(reps.map(({ id, key, name, teamId }) => ({ id, key, name, teamId }))),
      },
      async () => (await fetch(`${plainBase}/board`)).ok,
    );
    const plain = {
      name: 'plain',
      child: plainChild,
      url: plainBase,
      liveToken: 'plain-bench-token',
      post: (event) => post(`${plainBase}/events`, null, event),
      board: () => call('GET', `${plainBase}/board`),
    };
    results.push(await benchServer(plain, setup));
  }
  printReport(results);
}

if (process.argv[2] === 'clients') {
  await clientProcess();
} else {
  const kill = () => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL'));
  process.on('SIGINT', () => (kill(), process.exit(130)));
  process.on('SIGTERM', () => (kill(), process.exit(143)));
  try {
    await main();
  } finally {
    await Promise.all(children.map(stopChild));
    postAgent.destroy();
  }
}
