/**
 * The live protocol as docs/asyncapi.yaml describes it, against the real app: a client written from
 * that document alone (raw socket.io-client; no LiveBoard, no rankRows, nothing of libs/) keeps
 * boards equal to GET /api/boards row for row, ranks included, and every message it receives passes
 * the document's schemas. The document's messages and fields are the socket event map's
 * (libs/contracts), checked at compile time through the tables below.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type {
  BoardDelta,
  BoardDescriptor,
  BoardResponse,
  BoardRow,
  BoardSubscription,
  Celebration,
  ErrorDetail,
  EventInput,
  KpiSubscription,
  KpisChanged,
  LiveClientToServer,
  LiveServerToClient,
} from '@leaderboard/contracts';
import { io, type Socket } from 'socket.io-client';
import type { ApiClient } from '../test-support/api-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useLiveTestApp } from '../test-support/use-test-app.js';

jest.setTimeout(120_000);

// js-yaml and ajv (6: JSON Schema draft-07, AsyncAPI 3.0's default schema format; devDependencies) come without types here.
const req = createRequire(import.meta.url);
const yaml = req('js-yaml') as { load(text: string): unknown };
interface Validate {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}
const Ajv = req('ajv') as new (options: object) => {
  addSchema(schema: object, key: string): void;
  compile(schema: object): Validate;
};

interface SchemaObject {
  properties?: Record<string, unknown>;
  required?: string[];
}
interface AsyncApiDocument {
  asyncapi: string;
  channels: { live: { address: string; messages: Record<string, { $ref: string }> } };
  operations: Record<
    string,
    { action: 'send' | 'receive'; messages: Array<{ $ref: string }>; reply?: object }
  >;
  components: {
    messages: Record<string, { name: string; payload: { $ref: string } }>;
    schemas: Record<string, SchemaObject>;
  };
}

const DOCUMENT = yaml.load(
  readFileSync(join(import.meta.dirname, '../../../../docs/asyncapi.yaml'), 'utf8'),
) as AsyncApiDocument;

// ---- The document agrees with libs/contracts (a missing or extra entry is a compile error). ----

/** Each field of T: whether an object of T must have it. */
type Fields<T> = { [K in keyof Required<T>]: object extends Pick<T, K> ? 'optional' : 'required' };

const SERVER_EVENTS: Record<keyof LiveServerToClient, true> = {
  'board:delta': true,
  'board:snapshot': true,
  celebration: true,
  'kpis:changed': true,
};
const CLIENT_EVENTS: Record<keyof LiveClientToServer, true> = {
  'board:subscribe': true,
  'board:unsubscribe': true,
  'kpis:subscribe': true,
  'kpis:unsubscribe': true,
};
const SCHEMA_FIELDS: Record<string, Record<string, 'optional' | 'required'>> = {
  BoardRow: {
    kind: 'optional',
    repId: 'required',
    key: 'required',
    name: 'required',
    teamId: 'required',
    photoUrl: 'optional',
    points: 'required',
    milliPoints: 'required',
    rank: 'required',
    tier: 'required',
    rankValue: 'optional',
    baselineMilliPoints: 'optional',
  } satisfies Fields<BoardRow>,
  BoardDelta: {
    key: 'required',
    seq: 'required',
    rows: 'required',
    removed: 'required',
  } satisfies Fields<BoardDelta>,
  BoardResponse: {
    board: 'required',
    seq: 'required',
    asOf: 'required',
    rows: 'required',
  } satisfies Fields<BoardResponse>,
  BoardDescriptor: {
    key: 'required',
    period: 'required',
    from: 'required',
    to: 'required',
    scope: 'required',
    competition: 'optional',
  } satisfies Fields<BoardDescriptor>,
  BoardSubscription: {
    period: 'required',
    team: 'optional',
    scope: 'optional',
  } satisfies Fields<BoardSubscription>,
  Celebration: {
    kind: 'required',
    repId: 'required',
    name: 'required',
    teamId: 'required',
    amount: 'optional',
    currency: 'optional',
    tier: 'optional',
    competition: 'optional',
    competitionId: 'optional',
    winnerKind: 'optional',
    at: 'required',
  } satisfies Fields<Celebration>,
  KpiSubscription: { scope: 'required' } satisfies Fields<KpiSubscription>,
  KpisChanged: { asOf: 'required' } satisfies Fields<KpisChanged>,
  ErrorDetail: {
    path: 'optional',
    index: 'optional',
    message: 'required',
    code: 'optional',
  } satisfies Fields<ErrorDetail>,
};

// ---- Schemas: one validator per (event, direction) the document names. ----

const ajv = new Ajv({ allErrors: true });
ajv.addSchema(DOCUMENT, 'asyncapi');
const validatorOf = (message: string): Validate =>
  ajv.compile({ $ref: `asyncapi${DOCUMENT.components.messages[message].payload.$ref}` });
/** What the server sends, by Socket.IO event name (and the acks, by the event they answer). */
const SENT: Record<string, Validate> = {};
const ACKS: Record<string, Validate> = {};
for (const operation of Object.values(DOCUMENT.operations)) {
  for (const { $ref } of operation.messages) {
    const id = $ref.split('/').at(-1) as string;
    if (operation.action === 'send') SENT[DOCUMENT.components.messages[id].name] = validatorOf(id);
  }
}
ACKS['board:subscribe'] = validatorOf('boardSubscribeAck');
ACKS['board:unsubscribe'] = validatorOf('boardUnsubscribeAck');
ACKS['kpis:subscribe'] = validatorOf('kpisSubscribeAck');
ACKS['kpis:unsubscribe'] = validatorOf('kpisUnsubscribeAck');
/** What a client may send, by Socket.IO event name. */
const SUBSCRIPTIONS: Record<string, Validate> = {
  'board:subscribe': validatorOf('boardSubscribe'),
  'board:unsubscribe': validatorOf('boardUnsubscribe'),
  'kpis:subscribe': validatorOf('kpisSubscribe'),
  'kpis:unsubscribe': validatorOf('kpisUnsubscribe'),
};

// ---- The client: written from the document's description, nothing else. ----

interface Row {
  repId: string;
  name: string;
  rank: number;
  [field: string]: unknown;
}
interface Snapshot {
  board: { key: string; period: string; scope: Record<string, string> };
  seq: number;
  rows: Row[];
}
interface Delta {
  key: string;
  seq: number;
  rows: Row[];
  removed: string[];
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Socket.IO on /live with a token in the handshake; every message received is checked against the document. */
class ProtocolSocket {
  readonly socket: Socket;
  /** Messages that failed their schema: event, payload and ajv's errors. */
  readonly invalid: unknown[] = [];
  readonly counts = new Map<string, number>();

  constructor(baseUrl: string, token: string) {
    this.socket = io(`${baseUrl}${DOCUMENT.channels.live.address}`, {
      auth: { token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    this.socket.onAny((event: string, payload: unknown) => this.check(event, SENT[event], payload));
  }

  check(event: string, validate: Validate | undefined, payload: unknown): void {
    this.counts.set(event, (this.counts.get(event) ?? 0) + 1);
    if (!validate) this.invalid.push({ event, payload, errors: 'not in the document' });
    else if (!validate(payload)) this.invalid.push({ event, payload, errors: validate.errors });
  }

  async emitWithAck(event: string, payload: object): Promise<Record<string, unknown>> {
    if (!SUBSCRIPTIONS[event]?.(payload)) throw new Error(`not a ${event}: ${JSON.stringify(payload)}`);
    const answer = (await this.socket.timeout(10_000).emitWithAck(event, payload)) as Record<string, unknown>;
    this.check(`${event} (ack)`, ACKS[event], answer);
    return answer;
  }

  connected(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('connect_error', reject);
    });
  }
}

/** One board kept by the rules of the document's "Keeping a board". */
class ProtocolBoard {
  key = '';
  seq = -1;
  private rows = new Map<string, Row>();
  private synced = false;
  private pending: Delta[] = [];
  gaps = 0;
  readonly deltas: Delta[] = [];

  constructor(
    private readonly live: ProtocolSocket,
    private readonly subscription: { period: string; scope?: string },
  ) {
    live.socket.on('board:delta', (delta: Delta) => {
      if (delta.key !== this.key && this.synced) return;
      this.deltas.push(delta);
      if (this.synced) this.apply(delta);
      else this.pending.push(delta);
    });
    live.socket.on('board:snapshot', (snapshot: Snapshot) => {
      const scope = this.subscription.scope ?? 'all';
      const competition = scope.startsWith('competition:');
      if (scopeText(snapshot.board.scope) !== scope) return;
      if (!competition && snapshot.board.period !== this.subscription.period) return;
      this.take(snapshot);
    });
  }

  async subscribe(): Promise<void> {
    this.synced = false;
    const answer = await this.live.emitWithAck('board:subscribe', this.subscription);
    if (answer.ok !== true) throw new Error(`refused: ${JSON.stringify(answer)}`);
    this.take(answer.snapshot as Snapshot);
    const pending = this.pending.splice(0).sort((a, b) => a.seq - b.seq);
    this.synced = true;
    for (const delta of pending) this.apply(delta);
  }

  private take(snapshot: Snapshot): void {
    this.key = snapshot.board.key;
    this.seq = snapshot.seq;
    this.rows = new Map(snapshot.rows.map((row) => [row.repId, row]));
  }

  private apply(delta: Delta): void {
    if (delta.key !== this.key || delta.seq <= this.seq) return;
    if (delta.seq > this.seq + 1) {
      this.gaps += 1;
      void this.subscribe();
      return;
    }
    for (const row of delta.rows) this.rows.set(row.repId, row);
    for (const repId of delta.removed) this.rows.delete(repId);
    this.seq = delta.seq;
  }

  /** Rank, then name, then repId, as strings of UTF-16 code units. */
  ordered(): Row[] {
    return [...this.rows.values()].sort(
      (a, b) => a.rank - b.rank || byCodeUnits(a.name, b.name) || byCodeUnits(a.repId, b.repId),
    );
  }
}

const scopeText = (scope: Record<string, string>): string =>
  scope.kind === 'team'
    ? `team:${scope.teamId}`
    : scope.kind === 'tenure'
      ? `tenure:${scope.band}`
      : scope.kind === 'competition'
        ? `competition:${scope.competitionId}`
        : scope.kind;

// ---- Events ----

const DAY_MS = 86_400_000;
/** A won deal now: 200 points + 10 per 1,000 RUB. */
function deal(externalId: string, rep: string, rubles: number, at = new Date()): EventInput {
  return {
    source: 'crm',
    externalId,
    type: 'deal_won',
    rep,
    occurredAt: at.toISOString(),
    attributes: { amount: rubles * 100, currency: 'RUB' },
  };
}
const voidOf = (externalId: string, rep: string): EventInput => ({
  source: 'crm',
  externalId: `void-${externalId}`,
  type: 'void',
  rep,
  occurredAt: new Date().toISOString(),
  voids: { source: 'crm', externalId },
});

/** Noon UTC on the 10th, `back` months before this one (a baseline for the most improved board). */
function monthsAgo(back: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 10, 12));
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('the live protocol of docs/asyncapi.yaml', () => {
  let t: TestApp;
  let api: ApiClient;
  let baseUrl = '';
  const sockets: ProtocolSocket[] = [];
  useLiveTestApp((app, client, url) => {
    t = app;
    api = client;
    baseUrl = url;
  });

  afterEach(() => {
    for (const live of sockets.splice(0)) live.socket.disconnect();
  });

  const open = async (token = t.adminToken): Promise<ProtocolSocket> => {
    const live = new ProtocolSocket(baseUrl, token);
    sockets.push(live);
    await live.connected();
    return live;
  };

  const as = (method: 'post' | 'patch', path: string, body: object) =>
    t.http()[method](path).set('Authorization', `Bearer ${t.adminToken}`).send(body);

  /** Waits until the board holds GET /api/boards' seq, then compares every row, every field. */
  async function expectSame(board: ProtocolBoard, query: string): Promise<BoardResponse> {
    const get = await api.board(query);
    const started = Date.now();
    while (board.seq < get.seq) {
      if (Date.now() - started > 10_000) throw new Error(`${query}: seq ${board.seq}, GET ${get.seq}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(board.key).toBe(get.board.key);
    expect(board.seq).toBe(get.seq);
    expect(board.ordered()).toEqual(get.rows);
    return get;
  }

  const expectValid = (live: ProtocolSocket): void => {
    expect(live.invalid).toEqual([]);
  };

  it('names the events and fields of the socket event map, no more, no fewer', () => {
    expect(DOCUMENT.asyncapi).toBe('3.0.0');
    // The schemas bite: a delta without `removed`, a row with a field the map does not have.
    const row = {
      repId: 'r',
      key: 'k',
      name: 'n',
      teamId: null,
      points: 1,
      milliPoints: 1000,
      rank: 1,
      tier: null,
    };
    expect(SENT['board:delta']({ key: 'k', seq: 1, rows: [row], removed: [] })).toBe(true);
    expect(SENT['board:delta']({ key: 'k', seq: 1, rows: [row] })).toBe(false);
    expect(SENT['board:delta']({ key: 'k', seq: 1, rows: [{ ...row, extra: 1 }], removed: [] })).toBe(false);
    const names = (action: 'send' | 'receive') =>
      Object.values(DOCUMENT.operations)
        .filter((operation) => operation.action === action)
        .flatMap((operation) => operation.messages.map(({ $ref }) => $ref.split('/').at(-1) as string))
        .map((id) => DOCUMENT.components.messages[id].name)
        .sort();
    // connect_error is Socket.IO's own event (a refused handshake), not the app's.
    expect(names('send').filter((name) => name !== 'connect_error')).toEqual(
      Object.keys(SERVER_EVENTS).sort(),
    );
    expect(names('receive')).toEqual(Object.keys(CLIENT_EVENTS).sort());
    for (const [schema, fields] of Object.entries(SCHEMA_FIELDS)) {
      const documented = DOCUMENT.components.schemas[schema];
      expect([schema, Object.keys(documented.properties ?? {}).sort()]).toEqual([
        schema,
        Object.keys(fields).sort(),
      ]);
      expect([schema, [...(documented.required ?? [])].sort()]).toEqual([
        schema,
        Object.keys(fields)
          .filter((field) => fields[field] === 'required')
          .sort(),
      ]);
    }
  });

  it('keeps ranks when one rep overtakes two: the delta carries the rows it passed, and only those', async () => {
    const x = await api.team('Москва');
    const y = await api.team('London');
    const names = ['Anna', 'Boris', 'Vera', 'Gleb', 'Dasha'];
    const reps: string[] = [];
    for (const [i, name] of names.entries()) {
      reps.push((await api.rep(`${name.toLowerCase()}@example.com`, name, i % 2 === 0 ? x.id : y.id)).id);
    }
    const keys = names.map((name) => `${name.toLowerCase()}@example.com`);
    // 700, 600, 500, 400, 300 points.
    await api.ingest(keys.map((key, i) => deal(`start-${i}`, key, 50_000 - i * 10_000)));
    const live = await open();
    const all = new ProtocolBoard(live, { period: 'month' });
    const team = new ProtocolBoard(live, { period: 'month', scope: `team:${x.id}` });
    const other = new ProtocolBoard(live, { period: 'month', scope: `team:${y.id}` });
    await all.subscribe();
    await team.subscribe();
    await other.subscribe();
    const before = { all: all.deltas.length, team: team.deltas.length, other: other.deltas.length };
    expect(all.ordered().map((row) => [row.name, row.rank])).toEqual(names.map((name, i) => [name, i + 1]));

    // Vera (500) wins 45,000 RUB: 950 points, past Anna and Boris.
    await api.ingest([deal('overtake', keys[2], 45_000)]);
    const get = await expectSame(all, 'period=month');
    await expectSame(team, `period=month&scope=team:${x.id}`);
    await expectSame(other, `period=month&scope=team:${y.id}`);
    expect(get.rows.map((row) => [row.name, row.rank])).toEqual([
      ['Vera', 1],
      ['Anna', 2],
      ['Boris', 3],
      ['Gleb', 4],
      ['Dasha', 5],
    ]);
    const sent = all.deltas.slice(before.all).flatMap((delta) => delta.rows.map((row) => row.name));
    expect(sent.sort()).toEqual(['Anna', 'Boris', 'Vera']);
    // On Москва's board (Anna, Vera, Dasha) Vera passes Anna; London's board did not change at all.
    const teamSent = team.deltas.slice(before.team).flatMap((delta) => delta.rows.map((row) => row.name));
    expect(teamSent.sort()).toEqual(['Anna', 'Vera']);
    expect(other.deltas.length).toBe(before.other);
    expectValid(live);
    expect(live.counts.get('board:delta')).toBeGreaterThanOrEqual(2);
  });

  it('shares ranks between equal points (1, 2, 2, 4) and orders a tie by name', async () => {
    const team = await api.team('Москва');
    // Created in an order other than their names'.
    for (const name of ['Denis', 'Boris', 'Anna', 'Clara']) {
      await api.rep(`${name.toLowerCase()}@example.com`, name, team.id);
    }
    // Anna 700, Boris 600, Clara 500, Denis 400.
    await api.ingest([
      deal('a', 'anna@example.com', 50_000),
      deal('b', 'boris@example.com', 40_000),
      deal('c', 'clara@example.com', 30_000),
      deal('d', 'denis@example.com', 20_000),
    ]);
    const live = await open();
    const board = new ProtocolBoard(live, { period: 'month' });
    await board.subscribe();
    // Denis +200 = 600: level with Boris.
    await api.ingest([deal('d2', 'denis@example.com', 0)]);
    let get = await expectSame(board, 'period=month');
    expect(get.rows.map((row) => [row.name, row.rank, row.points])).toEqual([
      ['Anna', 1, 700],
      ['Boris', 2, 600],
      ['Denis', 2, 600],
      ['Clara', 4, 500],
    ]);
    // Clara +400 = 900: first; Anna second, Boris and Denis share third.
    await api.ingest([deal('c2', 'clara@example.com', 20_000)]);
    get = await expectSame(board, 'period=month');
    expect(get.rows.map((row) => [row.name, row.rank])).toEqual([
      ['Clara', 1],
      ['Anna', 2],
      ['Boris', 3],
      ['Denis', 3],
    ]);
    // A void takes Anna back to 0: everyone else moves up one.
    await api.ingest([voidOf('a', 'anna@example.com')]);
    get = await expectSame(board, 'period=month');
    expect(get.rows.map((row) => [row.name, row.rank])).toEqual([
      ['Clara', 1],
      ['Boris', 2],
      ['Denis', 2],
      ['Anna', 4],
    ]);
    expect(board.gaps).toBe(0);
    expectValid(live);
  });

  it('stays exact through a burst of hundreds of events on every kind of board, each message as documented', async () => {
    const x = await api.team('Москва');
    const y = await api.team('London');
    const keys: string[] = [];
    for (let i = 0; i < 12; i++) {
      const key = `rep${i}@example.com`;
      const rep = await api.rep(key, i % 3 === 0 ? `Реп ${i}` : `Rep ${i}`, i % 2 === 0 ? x.id : y.id);
      // Half of them started a month ago (tenure 0-3m), the others years ago.
      const startedOn = new Date(Date.now() - (i % 2 === 0 ? 30 : 800) * DAY_MS).toISOString().slice(0, 10);
      expect((await as('patch', `/api/reps/${rep.id}`, { startedOn })).status).toBe(200);
      keys.push(key);
    }
    // History for the most improved board's baselines (last three months).
    const history = keys.flatMap((key, i) =>
      [1, 2, 3].map((back) => deal(`h-${i}-${back}`, key, 1_000 * (i + back), monthsAgo(back))),
    );
    await api.ingest(history);
    const ruleSet = {
      name: 'Sprint',
      timezone: 'Europe/Moscow',
      currency: 'RUB',
      weekStartsOn: 1,
      rules: { deal_won: { points: 100, perAmount: { unit: 100_000, points: 5 } } },
      dailyCaps: {},
      tierPeriod: 'month',
      tiers: [],
    };
    const window = {
      from: new Date(Date.now() - DAY_MS).toISOString(),
      to: new Date(Date.now() + 7 * DAY_MS).toISOString(),
    };
    const solo = await as('post', '/api/competitions', {
      name: 'Solo',
      mode: 'individual',
      ruleSet,
      ...window,
    });
    const teams = await as('post', '/api/competitions', { name: 'Teams', mode: 'teams', ruleSet, ...window });
    expect([solo.status, teams.status]).toEqual([201, 201]);

    const subscriptions: Array<{ period: string; scope?: string }> = [
      { period: 'month' },
      { period: 'today' },
      { period: 'week', scope: `team:${x.id}` },
      { period: 'month', scope: 'tenure:0-3m' },
      { period: 'month', scope: 'tenure:2y-plus' },
      { period: 'month', scope: 'improved' },
      { period: 'month', scope: `competition:${solo.body.id}` },
      { period: 'month', scope: `competition:${teams.body.id}` },
    ];
    const live = await open();
    const boards = subscriptions.map((subscription) => new ProtocolBoard(live, subscription));
    for (const board of boards) await board.subscribe();

    const rand = random(11);
    const events: EventInput[] = [];
    for (let i = 0; i < 500; i++) {
      const key = keys[Math.floor(rand() * keys.length)];
      events.push(deal(`burst-${i}`, key, Math.floor(rand() * 60) * 1_000));
      if (rand() < 0.08) events.push(voidOf(`burst-${i}`, key));
    }
    const batches: EventInput[][] = [];
    for (let i = 0; i < events.length; i += 10) batches.push(events.slice(i, i + 10));
    // Eight requests in flight at a time, some batches twice.
    const queue = [...batches, ...batches.slice(0, 6)];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let batch = queue.shift(); batch; batch = queue.shift()) await api.ingest(batch);
      }),
    );

    for (const [i, board] of boards.entries()) {
      const { period, scope } = subscriptions[i];
      const get = await expectSame(board, `period=${period}${scope ? `&scope=${scope}` : ''}`);
      expect(get.rows.length).toBeGreaterThan(0);
      expect(board.gaps).toBe(0);
      // Consecutive seqs, each delta once.
      const seqs = board.deltas.map((delta) => delta.seq);
      seqs.forEach((seq, j) => j > 0 && expect(seq).toBe(seqs[j - 1] + 1));
    }
    expectValid(live);
    expect(live.counts.get('celebration')).toBeGreaterThan(0);
  });

  it('documents refusals: a refused handshake, a refused subscribe, an unsubscribe', async () => {
    const refused = new ProtocolSocket(baseUrl, 'not-a-token');
    sockets.push(refused);
    const error = (await refused.connected().catch((e: unknown) => e)) as { data: unknown };
    refused.check('connect_error', SENT.connect_error, error.data);
    expect(error.data).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expectValid(refused);

    const live = await open();
    const answer = (await live.socket
      .timeout(10_000)
      .emitWithAck('board:subscribe', { period: 'year' })) as object;
    live.check('board:subscribe (ack)', ACKS['board:subscribe'], answer);
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const left = await live.emitWithAck('board:unsubscribe', { period: 'month' });
    expect(left).toEqual({ ok: true });
    expectValid(live);
  });

  it('follows KPIs as documented: kpis:subscribe, a kpis:changed hint after an event, refusals', async () => {
    const team = await api.team('Москва');
    await api.rep('anna@example.com', 'Anna', team.id);
    const live = await open();
    const hints: unknown[] = [];
    live.socket.on('kpis:changed', (hint: unknown) => hints.push(hint));
    expect(await live.emitWithAck('kpis:subscribe', { scope: 'org' })).toEqual({ ok: true });
    await api.ingest([deal('kpi-1', 'anna@example.com', 1_000)]);
    const started = Date.now();
    while (hints.length === 0 && Date.now() - started < 15_000) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(hints).toHaveLength(1);
    expect(Object.keys(hints[0] as object)).toEqual(['asOf']);

    const bad = (await live.socket
      .timeout(10_000)
      .emitWithAck('kpis:subscribe', { scope: 'everyone' })) as object;
    live.check('kpis:subscribe (ack)', ACKS['kpis:subscribe'], bad);
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await live.emitWithAck('kpis:unsubscribe', { scope: 'org' })).toEqual({ ok: true });

    const display = await as('post', '/api/tokens', { kind: 'display', name: 'TV' });
    const tv = await open(display.body.token as string);
    const refused = await tv.emitWithAck('kpis:subscribe', { scope: 'org' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expectValid(live);
    expectValid(tv);
  });
});
