// The reference for test/bench/live.bench.mjs: a plain Socket.IO server (the app's socket.io
// version, namespace /live, default options) with a trivial token check. `board:subscribe` joins one
// room and answers with a snapshot of the app's shape; every `POST /events` adds the event's points
// to its rep and broadcasts that rep's row as a `board:delta` at once: no coalescing, no database.
// Started by the bench with PORT, PLAIN_TOKEN, PLAIN_REPS (JSON [{id, key, name, teamId}]),
// PLAIN_MILLI_PER_EVENT and PLAIN_BOARD_KEY.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../apps/api/package.json', import.meta.url));
const { Server } = require('socket.io');

const PORT = Number(process.env.PORT);
const TOKEN = process.env.PLAIN_TOKEN;
const MILLI_PER_EVENT = Number(process.env.PLAIN_MILLI_PER_EVENT);
const BOARD_KEY = process.env.PLAIN_BOARD_KEY;
const ROOM = 'board:month:all';

const reps = JSON.parse(process.env.PLAIN_REPS).map((rep) => ({ ...rep, milliPoints: 0 }));
const repByKey = new Map(reps.map((rep) => [rep.key, rep]));
let seq = 0;

function rowOf(rep) {
  let rank = 1;
  for (const other of reps) if (other.milliPoints > rep.milliPoints) rank++;
  const { id, key, name, teamId, milliPoints } = rep;
  return {
    repId: id,
    key,
    name,
    teamId,
    points: Math.floor(milliPoints / 1000),
    milliPoints,
    rank,
    tier: null,
  };
}

function snapshot() {
  const now = new Date();
  return {
    board: {
      key: BOARD_KEY,
      period: 'month',
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
      scope: { kind: 'all' },
    },
    seq,
    asOf: now.toISOString(),
    rows: reps.map(rowOf).sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name)),
  };
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const http = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/board') return send(res, 200, snapshot());
  if (req.method !== 'POST' || req.url !== '/events') return send(res, 404, { error: 'not found' });
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const rep = repByKey.get(event.rep);
    if (!rep) return send(res, 422, { error: `unknown rep ${event.rep}` });
    rep.milliPoints += MILLI_PER_EVENT;
    seq++;
    live.to(ROOM).emit('board:delta', { key: BOARD_KEY, seq, rows: [rowOf(rep)], removed: [] });
    send(res, 201, { results: [{ index: 0, status: 'created' }] });
  });
});

const io = new Server(http);
const live = io.of('/live');
live.use((socket, next) => {
  if (socket.handshake.auth?.token === TOKEN) return next();
  const refusal = new Error('A token is required: auth: { token }');
  refusal.data = { error: { code: 'UNAUTHENTICATED', message: refusal.message } };
  next(refusal);
});
live.on('connection', (socket) => {
  socket.on('board:subscribe', (subscription, ack) => {
    if (subscription?.period !== 'month' || subscription.team) {
      return ack({ ok: false, error: { code: 'VALIDATION', message: 'only the month board' } });
    }
    socket.join(ROOM);
    ack({ ok: true, snapshot: snapshot() });
  });
});

http.listen(PORT, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
