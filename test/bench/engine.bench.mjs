// Scoring engine benchmark (one core). Run from the repo root:
//   npx tsc -b libs/scoring && node --max-old-space-size=8192 --max-semi-space-size=64 --single-threaded-gc --expose-gc test/bench/engine.bench.mjs
// Costs are CPU time of this process (user + system), so other load on the machine does not skew
// them; --single-threaded-gc keeps the garbage collector on the same core. Wall time is printed too.
// Optional: BENCH_EVENTS=1000000 BENCH_REPS=1000 BENCH_DAYS=60 (defaults shown).
import { DEFAULT_RULE_SET, ScoringEngine, replay } from '../../libs/scoring/dist/index.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 1000);
const DAYS = Number(process.env.BENCH_DAYS ?? 60);
const SMALL = 10_000;
const RATIO_LIMIT = 1.2;

/** Deterministic PRNG (mulberry32). */
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

const reps = Array.from({ length: REPS }, (_, i) => ({
  id: `rep-${i}`,
  key: `rep${i}@example.com`,
  name: `Rep ${String(i).padStart(4, '0')}`,
  teamId: `team-${i % 20}`,
  active: true,
}));
const options = () => ({
  versions: [{ id: 'v1', effectiveFrom: -8.64e15, document: DEFAULT_RULE_SET }],
  reps,
});

const MIX = [
  ['call', 0.55],
  ['email', 0.28],
  ['meeting', 0.04],
  ['lead_responded', 0.04],
  ['lead_qualified', 0.015],
  ['demo_held', 0.015],
  ['opportunity_created', 0.015],
  ['deal_won', 0.01],
  ['deal_lost', 0.005],
  ['demo_booked', 0.01],
];

/**
 * `n` events over DAYS days from 2026-09-01 (Moscow), mostly in working hours, busy reps skewed so
 * that caps bite; ~5% arrive late (moved up to a few thousand positions back); ~0.2% voids.
 */
function generate(n, seed, repCount = REPS) {
  const rand = rng(seed);
  const start = Date.parse('2026-09-01T00:00:00+03:00');
  const span = DAYS * 86_400_000;
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = start + Math.floor(rand() * span);
  times.sort();
  const events = new Array(n);
  for (let i = 0; i < n; i++) {
    let t = times[i];
    const day = Math.floor((t - start) / 86_400_000);
    // 90% of activity between 09:00 and 19:00 local.
    if (rand() < 0.9) t = start + day * 86_400_000 + 9 * 3_600_000 + Math.floor(rand() * 10 * 3_600_000);
    const rep = reps[Math.floor(repCount * rand() ** 1.6)].id;
    let r = rand();
    let type = 'call';
    for (const [name, p] of MIX) {
      if (r < p) {
        type = name;
        break;
      }
      r -= p;
    }
    const attributes = {};
    if (type === 'call') {
      attributes.durationSec = Math.floor(rand() * 600);
      attributes.outcome = rand() < 0.5 ? 'connected' : rand() < 0.5 ? 'voicemail' : 'no_answer';
      attributes.scriptFollowed = rand() < 0.6;
    } else if (type === 'email') attributes.replied = rand() < 0.2;
    else if (type === 'lead_responded')
      attributes.leadCreatedAt = new Date(t - Math.floor(rand() * 3000) * 60_000).toISOString();
    else if (type === 'lead_qualified') attributes.to = rand() < 0.7 ? 'sql' : 'mql';
    else if (type === 'deal_won') {
      attributes.amount = 100_000 + Math.floor(rand() * 50_000_000);
      attributes.margin = Math.floor(attributes.amount * rand() * 0.4);
    }
    events[i] = {
      id: String(i + 1),
      source: 'crm',
      externalId: `e${i}`,
      type,
      repId: rep,
      occurredAt: t,
      attributes,
    };
  }
  events.sort((a, b) => a.occurredAt - b.occurredAt);
  // A few voids of earlier events.
  const voids = Math.floor(n * 0.002);
  for (let j = 0; j < voids; j++) {
    const at = Math.floor(rand() * n);
    const target = events[Math.floor(rand() * (at + 1))];
    events.splice(at, 0, {
      id: `v${j}`,
      source: 'crm',
      externalId: `void-${j}`,
      type: 'void',
      repId: target.repId,
      occurredAt: events[at].occurredAt,
      attributes: {},
      voids: { source: target.source, externalId: target.externalId },
    });
  }
  // ~5% arrive late: moved later in the arrival order by up to 5000 positions.
  const late = Math.floor(events.length * 0.05);
  for (let j = 0; j < late; j++) {
    const i = Math.floor(rand() * events.length);
    const k = Math.min(events.length - 1, i + 1 + Math.floor(rand() * 5000));
    const [e] = events.splice(i, 1);
    events.splice(k, 0, e);
  }
  return events;
}

function gc() {
  if (globalThis.gc) globalThis.gc();
}

/** CPU time (user + system) in ns. */
function cpuNs() {
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

/** Incremental apply of `events`; returns CPU ns per event and wall ms. */
function incremental(events) {
  const engine = new ScoringEngine(options());
  const w0 = process.hrtime.bigint();
  const c0 = cpuNs();
  for (const e of events) engine.apply(e);
  const ns = cpuNs() - c0;
  const wall = Number(process.hrtime.bigint() - w0) / 1e6;
  return { engine, nsPerEvent: ns / events.length, ms: ns / 1e6, wallMs: wall };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

console.log(`scoring engine bench: ${REPS} reps, ${DAYS} days, node ${process.version}`);
// The 1M set is generated with splices; build it from chunks to keep generation time sane.
const tg = Date.now();
const small = generate(SMALL, 7);
// Same events per rep-day as the 1M set (10 busy reps instead of 1000): no first-touch advantage.
const dense = generate(SMALL, 8, Math.max(1, Math.round((REPS * SMALL) / EVENTS)));
const big =
  EVENTS <= 200_000
    ? generate(EVENTS, 11)
    : (() => {
        const chunks = [];
        const per = 100_000;
        for (let c = 0; c < EVENTS / per; c++) {
          const chunk = generate(per, 100 + c);
          for (const e of chunk) {
            e.externalId = `c${c}-${e.externalId}`;
            e.id = `c${c}-${e.id}`;
            if (e.voids) e.voids = { source: e.voids.source, externalId: `c${c}-${e.voids.externalId}` };
          }
          chunks.push(chunk);
        }
        // Interleave chunks by time (each chunk spans the full window), keeping each chunk's arrival order.
        const out = [];
        const idx = chunks.map(() => 0);
        for (;;) {
          let best = -1;
          for (let c = 0; c < chunks.length; c++) {
            if (
              idx[c] < chunks[c].length &&
              (best < 0 || chunks[c][idx[c]].occurredAt < chunks[best][idx[best]].occurredAt)
            )
              best = c;
          }
          if (best < 0) break;
          out.push(chunks[best][idx[best]++]);
        }
        return out;
      })();
console.log(`generated ${small.length} + ${big.length} events in ${Date.now() - tg} ms`);

// Warm-up (JIT), then the 10k reference: median of 7 runs.
for (let i = 0; i < 5; i++) incremental(small);
const smallRuns = [];
for (let i = 0; i < 7; i++) {
  gc();
  smallRuns.push(incremental(small).nsPerEvent);
}
const smallNs = median(smallRuns);
for (let i = 0; i < 3; i++) incremental(dense);
const denseRuns = [];
for (let i = 0; i < 7; i++) {
  gc();
  denseRuns.push(incremental(dense).nsPerEvent);
}
const denseNs = median(denseRuns);

gc();
const run = incremental(big);
const bigNs = run.nsPerEvent;
const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
const engineSize = run.engine.size;
const projectionRows = run.engine.projection().length;
const boardT0 = process.hrtime.bigint();
const board = run.engine.board('month', Date.parse('2026-10-15T12:00:00+03:00'));
const boardMs = Number(process.hrtime.bigint() - boardT0) / 1e6;
run.engine = null;
gc();

const tr = process.hrtime.bigint();
const cr = cpuNs();
const replayed = replay(options(), big);
const replayMs = (cpuNs() - cr) / 1e6;
const replayWallMs = Number(process.hrtime.bigint() - tr) / 1e6;
const same = replayed.projection().length === projectionRows;

const ratio = bigNs / smallNs;
console.log(
  `incremental ${big.length} events: ${Math.round(run.ms)} ms CPU (${Math.round(run.wallMs)} ms wall), ${Math.round(1e9 / bigNs).toLocaleString('en-US')} events/s (${bigNs.toFixed(0)} ns/event), heap ${heapMb} MB, ${engineSize} distinct events`,
);
console.log(
  `incremental ${small.length} events: ${Math.round(1e9 / smallNs).toLocaleString('en-US')} events/s (${smallNs.toFixed(0)} ns/event, median of 7 after warm-up)`,
);
console.log(
  `full replay ${big.length} events (sort + apply): ${Math.round(replayMs)} ms CPU (${Math.round(replayWallMs)} ms wall, ${Math.round(big.length / (replayMs / 1000)).toLocaleString('en-US')} events/s), projection rows equal: ${same}`,
);
console.log(
  `board(month) over ${board.length} reps: ${boardMs.toFixed(2)} ms; leader ${board[0].name} ${board[0].points} points`,
);
console.log(
  `incremental ${dense.length} events, dense (same events per rep-day as 1M): ${Math.round(1e9 / denseNs).toLocaleString('en-US')} events/s (${denseNs.toFixed(0)} ns/event)`,
);
console.log(
  `per-event cost ratio 1M/10k-dense: ${(bigNs / denseNs).toFixed(3)} (limit ${RATIO_LIMIT}) -> ${bigNs / denseNs < RATIO_LIMIT ? 'OK' : 'OVER'}`,
);
console.log(
  `per-event cost ratio 1M/10k: ${ratio.toFixed(3)} (limit ${RATIO_LIMIT}) -> ${ratio < RATIO_LIMIT ? 'OK' : 'OVER'}`,
);
