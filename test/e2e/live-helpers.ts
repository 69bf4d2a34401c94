import { randomBytes } from 'node:crypto';
import {
  LIVE_NAMESPACE,
  LiveBoard,
  type BoardSubscription,
  type EventInput,
  type LiveBoardState,
} from '@leaderboard/contracts';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { TEST_SETTINGS } from '../test-settings.js';
import { client } from './app-process.js';

export const SERVER_URL = TEST_SETTINGS.databaseUrl;
export const REDIS_URL = TEST_SETTINGS.redisUrl;
export const JWT_SECRET = 'e2e-secret-e2e-secret-e2e-secret-0123456789';
export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

/** A fresh database on the PostgreSQL server; `drop` removes it. */
export async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `leaderboard_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new URL(SERVER_URL);
  admin.pathname = '/postgres';
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** A board kept by the client module the web app uses, over a real socket.io-client socket. */
export interface WatchedLiveBoard {
  board: LiveBoard;
  socket: Socket;
  /** `seq` of every delta the socket received for the board, in arrival order. */
  deltaSeqs: number[];
  /** Every delta (`d`) and snapshot (`s`) the socket received, with its seq, in arrival order. */
  stream: Array<[kind: 'd' | 's', seq: number]>;
  close: () => void;
}

export function watch(baseUrl: string, token: string, subscription: BoardSubscription): WatchedLiveBoard {
  const socket = io(`${baseUrl}${LIVE_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnectionDelay: 200,
    reconnectionDelayMax: 1000,
  });
  const deltaSeqs: number[] = [];
  const stream: Array<['d' | 's', number]> = [];
  socket.on('board:delta', (delta: { seq: number }) => {
    deltaSeqs.push(delta.seq);
    stream.push(['d', delta.seq]);
  });
  socket.on('board:snapshot', (snapshot: { seq: number }) => stream.push(['s', snapshot.seq]));
  const board = new LiveBoard(socket, subscription, { ackTimeoutMs: 3000, retryDelayMs: 300 });
  board.start();
  return {
    board,
    socket,
    deltaSeqs,
    stream,
    close: () => {
      board.stop();
      socket.disconnect();
    },
  };
}

export async function eventually(
  check: () => boolean,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Rows as screens compare them. */
export function rowsOf(state: Pick<LiveBoardState, 'rows'>): Array<[string, number, number]> {
  return state.rows.map((r) => [r.repId, r.milliPoints, r.rank]);
}

/** A won deal now (outcomes score at any hour). */
export function deal(externalId: string, rep: string, rubles: number): EventInput {
  return {
    source: 'crm',
    externalId,
    type: 'deal_won',
    rep,
    occurredAt: new Date().toISOString(),
    attributes: { amount: rubles * 100, currency: 'RUB' },
  };
}

/**
 * An org to watch: the admin logs in, creates one team with `reps` reps (`rep<i>@example.com`)
 * and an integration and a display token.
 */
export async function setUpOrg(baseUrl: string, reps: number) {
  const login = await client(baseUrl).post('/api/auth/login', ADMIN);
  expect(login.status).toBe(200);
  const admin = client(baseUrl, login.body.accessToken);
  const team = await admin.post('/api/teams', { name: 'Москва' });
  const keys: string[] = [];
  for (let i = 0; i < reps; i++) {
    const rep = await admin.post('/api/reps', {
      key: `rep${i}@example.com`,
      name: `Rep ${i}`,
      teamId: team.body.id,
    });
    expect(rep.status).toBe(201);
    keys.push(rep.body.key);
  }
  const integration = await admin.post('/api/tokens', { kind: 'integration', name: 'crm' });
  const display = await admin.post('/api/tokens', { kind: 'display', name: 'TV' });
  return {
    adminToken: login.body.accessToken as string,
    keys,
    integration: integration.body.token as string,
    display: display.body.token as string,
  };
}
