// /tv endurance and load benchmark: the built app as a process, the wall board in Debian's chromium
// (playwright-core), real events through POST /api/events. Run from the repo root:
//   npm run build && node test/bench/tv.bench.mjs
// Options: BENCH_MINUTES=10 BENCH_DELTAS=10000 BENCH_CELEBRATIONS=200 BENCH_REPS=50 BENCH_PORT=3921
//          BENCH_WARMUP_MINUTES=1 CHROMIUM_PATH=/usr/bin/chromium
//
// What it measures, next to the targets of the web issue:
// - initial JS of /tv: every script the page loads before its first board, gzipped here (the
//   server sends them as they are), target at most 300 KB;
// - a 50-rep board rendered within 1 s of the snapshot: page clock from the socket message that
//   carries the snapshot (a WebSocket frame, or an HTTP long-polling response while socket.io still
//   polls) to the first board row in the DOM; next to it, from the start of the page load to the
//   first row (scripts, the socket handshake and the subscription included), without a target;
// - endurance: BENCH_DELTAS deltas and BENCH_CELEBRATIONS celebrations in BENCH_MINUTES minutes.
//   One event per POST, evenly spaced, each its own coalescing window (LIVE_MAX_EMITS_PER_SEC=20),
//   so each becomes one delta; every (DELTAS / CELEBRATIONS)th is a won deal of today. JS heap
//   after a forced GC (CDP HeapProfiler.collectGarbage + Runtime.getHeapUsage) at the start and the
//   end, target growth at most 10%, sampled each minute too; frames from a requestAnimationFrame
//   loop in the page, a frame counted as dropped when it came more than 1.5 intervals of the
//   display's rate after the last, target at most 5%.
// - warm-up: BENCH_WARMUP_MINUTES of the same load before the start figures. The first deltas,
//   celebrations and layout animations compile and then optimise their code (V8 keeps it in the
//   heap: 2 MB of the +62% a 1-minute run used to show from a start taken before any delta, which
//   levels off, see the minute samples) and fill the browser's bounded buffers; a leak keeps
//   growing after it. The frame loop keeps a fixed histogram, not an array of every interval, so
//   the page heap measured does not grow with the benchmark's own data.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const env = process.env;
const MINUTES = Number(env.BENCH_MINUTES ?? 10);
const DELTAS = Number(env.BENCH_DELTAS ?? Math.round(10_000 * (MINUTES / 10)));
const CELEBRATIONS = Number(env.BENCH_CELEBRATIONS ?? Math.round(200 * (MINUTES / 10)));
const WARMUP_MINUTES = Number(env.BENCH_WARMUP_MINUTES ?? 1);
const REPS = Number(env.BENCH_REPS ?? 50);
const PORT = Number(env.BENCH_PORT ?? 3921);
const CHROMIUM = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TARGET = { jsKb: 300, renderMs: 1000, heapGrowthPct: 10, droppedPct: 5 };
const ADMIN = { email: 'bench@example.com', password: 'Cobalt-Juniper-Sail-64' };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BASE = `http://127.0.0.1:${PORT}`;
const CHROMIUM_FLAGS = JSON.parse(
  readFileSync(new URL('../browser/chromium-flags.json', import.meta.url), 'utf8'),
);
const require = createRequire(join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const { DEFAULT_RULE_SET } = await import(join(ROOT, 'libs/scoring/dist/index.js'));

const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));

async function call(method, path, token, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function startApp(dataDir) {
  const child = spawn(process.execPath, ['apps/api/dist/main.js'], {
    cwd: ROOT,
    env: {
      ...env,
      PORT: String(PORT),
      DATA_DIR: dataDir,
      DEMO: '0',
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LIVE_MAX_EMITS_PER_SEC: '20',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  child.kill();
  throw new Error('the app did not start');
}

/** Instruments the page before any of its scripts: frames, socket messages, first rows, overlays. */
function instrument() {
  const bench = {
    frames: 0,
    /** Frame intervals in 0.1 ms buckets, the last one for 500 ms and more. */
    histogram: new Uint32Array(5001),
    snapshotAt: null,
    firstRowAt: null,
    deltas: 0,
    celebrationsReceived: 0,
    celebrationsShown: 0,
  };
  window.__bench = bench;
  let last = null;
  const tick = (now) => {
    if (last !== null) bench.histogram[Math.min(5000, Math.floor((now - last) * 10))]++;
    last = now;
    bench.frames++;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const data = typeof event.data === 'string' ? event.data : '';
        if (data.includes('"board:delta"')) bench.deltas++;
        else if (data.includes('"celebration"')) bench.celebrationsReceived++;
        else if (bench.snapshotAt === null && data.includes('"snapshot"'))
          bench.snapshotAt = performance.now();
      });
    }
  };
  // socket.io may begin with HTTP long-polling: the snapshot then comes in an XHR response. Without
  // this the figure was measured from the start of the page (snapshotAt stayed null).
  const NativeXhr = window.XMLHttpRequest;
  window.XMLHttpRequest = class extends NativeXhr {
    constructor(...args) {
      super(...args);
      // Added before engine.io sets onreadystatechange, so it runs before the client reads the body.
      this.addEventListener('readystatechange', () => {
        if (bench.snapshotAt !== null || this.readyState !== 4) return;
        if (this.responseType !== '' && this.responseType !== 'text') return;
        if (this.responseText.includes('"snapshot"')) bench.snapshotAt = performance.now();
      });
    }
  };
  let overlay = null;
  new MutationObserver(() => {
    if (bench.firstRowAt === null && document.querySelector('[data-testid="board-row"]')) {
      bench.firstRowAt = performance.now();
    }
    const shown = document.querySelector('[data-testid="celebration"]');
    if (shown && shown !== overlay) bench.celebrationsShown++;
    overlay = shown;
  }).observe(document, { childList: true, subtree: true });
}

async function heapAfterGc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  return (await cdp.send('Runtime.getHeapUsage')).usedSize;
}

/** The `p`th percentile of a histogram of 0.1 ms buckets, in ms. */
function percentile(histogram, p) {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  const rank = Math.min(total - 1, Math.floor((p / 100) * total));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket];
    if (seen > rank) return bucket / 10;
  }
  return 0;
}

/** Copies the page's counters (the histogram as a plain array). */
const readBench = (page) =>
  page.evaluate(() => ({ ...window.__bench, histogram: Array.from(window.__bench.histogram) }));

const kb = (bytes) => (bytes / 1024).toFixed(1);
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

async function main() {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'leaderboard-tvbench-'));
  const app = await startApp(dataDir);
  let browser;
  try {
    const { accessToken: admin } = await call('POST', '/api/auth/login', null, ADMIN);
    // Around the clock: won deals celebrate at any hour the benchmark runs.
    const draft = await call('POST', '/api/rulesets', admin, {
      document: {
        ...DEFAULT_RULE_SET,
        name: 'Bench',
        workingHours: { start: '00:00', end: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 },
      },
    });
    await call('POST', `/api/rulesets/${draft.id}/publish`, admin, { effectiveFrom: '2020-01-01T00:00:00Z' });
    const teams = [await call('POST', '/api/teams', admin, { name: 'Москва' })];
    teams.push(await call('POST', '/api/teams', admin, { name: 'London' }));
    const reps = [];
    for (let i = 0; i < REPS; i++) {
      const key = `rep${i}@example.com`;
      await call('POST', '/api/reps', admin, {
        key,
        name: i % 2 === 0 ? `Сотрудник ${i}` : `Rep ${i}`,
        teamId: teams[i % 2].id,
      });
      reps.push(key);
    }
    const { token: display } = await call('POST', '/api/tokens', admin, {
      kind: 'display',
      name: 'Bench TV',
    });

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_FLAGS,
    });
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.addInitScript(instrument);
    const scripts = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(response);
    });
    await page.goto(`${BASE}/tv?token=${display}&lang=en&period=month`);
    await page.waitForSelector('[data-testid="board-row"]', { timeout: 30_000 });
    let jsRaw = 0;
    let jsGzip = 0;
    for (const response of scripts) {
      const body = await response.body();
      jsRaw += body.length;
      jsGzip += gzipSync(body).length;
    }
    const first = await readBench(page);
    if (first.snapshotAt === null) throw new Error('the snapshot message was not seen');
    const renderMs = first.firstRowAt - first.snapshotAt;
    const pageMs = first.firstRowAt;
    const rowsOnScreen = await page.locator('[data-testid="board-row"]').count();

    const cdp = await page.context().newCDPSession(page);
    const gapMs = (MINUTES * 60_000) / DELTAS;
    const dealEvery = Math.max(1, Math.floor(DELTAS / Math.max(1, CELEBRATIONS)));
    let errors = 0;
    /** `count` events at the benchmark's rate, ids from `prefix`; `onMinute` after each minute. */
    const sendEvents = async (prefix, count, onMinute) => {
      const started = Date.now();
      let nextSample = started + 60_000;
      for (let i = 0; i < count; i++) {
        await sleep(started + i * gapMs - Date.now());
        const rep = reps[i % reps.length];
        const deal = (i + 1) % dealEvery === 0;
        const event = deal
          ? {
              type: 'deal_won',
              attributes: { amount: 5_000_000 + i * 100, currency: 'RUB', margin: 2_000_000 },
            }
          : { type: 'opportunity_created', attributes: { amount: 1_000_000 } };
        call('POST', '/api/events', admin, {
          source: 'bench',
          externalId: `${prefix}${i}`,
          rep,
          occurredAt: new Date().toISOString(),
          ...event,
        }).catch(() => errors++);
        if (onMinute && Date.now() >= nextSample) {
          nextSample += 60_000;
          await onMinute();
        }
      }
    };
    const heapLoaded = await heapAfterGc(cdp);
    await sendEvents('w', Math.round((WARMUP_MINUTES * 60_000) / gapMs));
    await sleep(5_000);
    const heapStart = await heapAfterGc(cdp);
    await page.evaluate(() => {
      window.__bench.histogram.fill(0);
      window.__bench.frames = 0;
    });
    const startCounts = await readBench(page);

    console.log(
      `/tv bench: ${REPS} reps, ${DELTAS} events (${CELEBRATIONS} won deals) over ${MINUTES} min after ` +
        `${WARMUP_MINUTES} min of warm-up, 1920x1080, ${os.cpus()[0]?.model}, ${os.cpus().length} cores, ` +
        `Node ${process.version}, ${new Date().toISOString()}`,
    );
    const heapSamples = [];
    await sendEvents('e', DELTAS, async () => {
      heapSamples.push(await heapAfterGc(cdp));
    });
    await sleep(8_000);
    const heapEnd = await heapAfterGc(cdp);
    const end = await readBench(page);
    const histogram = end.histogram;
    const intervalCount = histogram.reduce((sum, count) => sum + count, 0);
    const frameMs = percentile(histogram, 50) || 1000 / 60;
    const dropped = histogram.reduce(
      (sum, count, bucket) => (bucket / 10 > frameMs * 1.5 ? sum + count : sum),
      0,
    );
    const droppedPct = (dropped * 100) / Math.max(1, intervalCount);
    const growthPct = ((heapEnd - heapStart) * 100) / heapStart;

    console.log('');
    console.table([
      {
        figure: 'initial JS of /tv (gzip)',
        result: `${kb(jsGzip)} KB (${kb(jsRaw)} KB raw, ${scripts.length} files)`,
        target: `<= ${TARGET.jsKb} KB`,
        verdict: verdict(jsGzip / 1024 <= TARGET.jsKb),
      },
      {
        figure: `snapshot -> first rows (${REPS} reps, ${rowsOnScreen} rows fit)`,
        result: `${renderMs.toFixed(0)} ms`,
        target: `< ${TARGET.renderMs} ms`,
        verdict: verdict(renderMs < TARGET.renderMs),
      },
      {
        figure: 'page start -> first rows',
        result: `${pageMs.toFixed(0)} ms`,
        target: '',
        verdict: '',
      },
      {
        figure: 'deltas / celebrations received',
        result: `${end.deltas - startCounts.deltas} / ${end.celebrationsReceived - startCounts.celebrationsReceived} (${end.celebrationsShown - startCounts.celebrationsShown} shown)`,
        target: `${DELTAS} / ${CELEBRATIONS}`,
        verdict: '',
      },
      {
        figure: 'JS heap after GC, start -> end',
        result: `${kb(heapStart)} -> ${kb(heapEnd)} KB (${growthPct >= 0 ? '+' : ''}${growthPct.toFixed(1)}%)`,
        target: `<= +${TARGET.heapGrowthPct}%`,
        verdict: verdict(growthPct <= TARGET.heapGrowthPct),
      },
      {
        figure: 'dropped frames',
        result: `${dropped} of ${intervalCount} (${droppedPct.toFixed(2)}%), frame ${frameMs.toFixed(1)} ms, p99 interval ${percentile(histogram, 99).toFixed(1)} ms`,
        target: `<= ${TARGET.droppedPct}%`,
        verdict: verdict(droppedPct <= TARGET.droppedPct),
      },
    ]);
    console.log(
      `  heap after GC (KB): loaded ${kb(heapLoaded)}, after warm-up ${kb(heapStart)}, each minute ` +
        `${heapSamples.map(kb).join(', ')}, end ${kb(heapEnd)}; POST errors ${errors}`,
    );
  } finally {
    await browser?.close();
    app.kill('SIGTERM');
    await new Promise((done) => app.once('exit', done));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
