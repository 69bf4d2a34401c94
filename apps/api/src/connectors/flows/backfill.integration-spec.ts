/**
 * Issue 15, "Done when" (second item): a backfill of 10,000 historical deals from the fake amoCRM
 * and the fake Bitrix24 lands every deal once, a second run changes nothing, and a catch-up poll
 * after a 10-minute webhook gap fills the gap. Everything through the app's REST API (connector,
 * sync, backfill, jobs, board) and real HTTP to the fakes; the board's points are checked against
 * the default rule set's arithmetic on the fakes' own deals, not against what the connector stored.
 */
import { jest } from '@jest/globals';
import type { ConnectorJobView, ConnectorSyncResult, CreatedConnector } from '@leaderboard/contracts';
import { AmoCrmSender, FakeAmoCrm } from '../../../../../test/fakes/amocrm.js';
import { Bitrix24Sender, FakeBitrix24 } from '../../../../../test/fakes/bitrix24.js';
import type { WebhookSender } from '../../../../../test/fakes/webhook-sender.js';
import type { ApiClient } from '../../test-support/api-client.js';
import { type ConnectorFlow, useConnectorFlow } from '../../test-support/connector-flow.js';
import type { TestApp } from '../../test-support/test-app.js';
import { ConnectorJobs } from '../connector-jobs.service.js';
import { CRM_CLIENTS } from '../crm/crm-client-registry.js';
import type { RateLimit } from '../crm/crm-http.js';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;
const MOSCOW_MS = 3 * 3_600_000;
/** The backfill's window; the seeded history lies inside it (relative to now: the job's window is). */
const DAYS = 30;
const DEALS = 10_000;
/** History is seeded as `CHUNKS` runs of deals a second apart, spread over the window. */
const CHUNKS = 20;

let t: TestApp;
let api: ApiClient;
let flow: ConnectorFlow;
useConnectorFlow('period=month', (app, f, client) => ([t, flow, api] = [app, f, client]));

// The fakes answer without a limit and the clients may go as fast: at the vendors' real rates a
// backfill of 10,000 deals takes ~28 s (amoCRM) and ~6 min (Bitrix24). Restored after the file.
const FAST: RateLimit = { perSecond: 100_000, burst: 100_000 };
const rates = { amocrm: CRM_CLIENTS.amocrm!.rate, bitrix24: CRM_CLIENTS.bitrix24!.rate };
beforeAll(() => {
  CRM_CLIENTS.amocrm!.rate = FAST;
  CRM_CLIENTS.bitrix24!.rate = FAST;
});
afterAll(() => {
  CRM_CLIENTS.amocrm!.rate = rates.amocrm;
  CRM_CLIENTS.bitrix24!.rate = rates.bitrix24;
});

const admin = () => `Bearer ${t.adminToken}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deal won in the fake CRM as the default rule set scores it: 200 + amount x 10 / 100,000 points. */
interface WonDeal {
  key: string;
  /** The e-mail of its CRM owner (the rep's, as the sync matches them). */
  owner: string;
  /** Epoch ms of the win. */
  at: number;
  /** Milli-points: 200,000 + amount in minor units x 10,000 / 100,000 (half to even). */
  milli: number;
}

/** `n / d` rounded half to even (integers), as the engine rounds milli-points. */
function halfEven(n: number, d: number): number {
  const q = Math.floor(n / d);
  const twice = 2 * (n - q * d);
  return twice > d || (twice === d && q % 2 !== 0) ? q + 1 : q;
}

/** A won deal of `rub` roubles under the default rule set: 200 points + 10 per 1,000 RUB. */
const milliOfRub = (rub: number): number => 200_000 + halfEven(Math.round(rub * 100) * 10_000, 100_000);

/** The three CRM users' reps, created with their e-mails: the sync matches them, nobody maps by hand. */
async function reps(): Promise<Map<string, string>> {
  const keys = ['anna', 'boris', 'vera'];
  const ids = await flow.reps(...keys);
  return new Map(keys.map((key, i) => [`${key}@example.com`, ids[i]!]));
}

async function sync(c: CreatedConnector): Promise<ConnectorSyncResult> {
  const res = await t.http().post(`/api/connectors/${c.id}/sync`).set('Authorization', admin());
  expect(res.status).toBe(200);
  return res.body as ConnectorSyncResult;
}

async function backfill(c: CreatedConnector, days = DAYS): Promise<ConnectorJobView> {
  const res = await t
    .http()
    .post(`/api/connectors/${c.id}/backfill`)
    .set('Authorization', admin())
    .send({ days });
  expect(res.status).toBe(201);
  return res.body as ConnectorJobView;
}

async function jobs(c: CreatedConnector): Promise<ConnectorJobView[]> {
  const res = await t.http().get(`/api/connectors/${c.id}/jobs`).set('Authorization', admin());
  expect(res.status).toBe(200);
  return res.body as ConnectorJobView[];
}

/** Polls `GET .../jobs` as the /admin progress bar does until the job is no longer running. */
async function ended(c: CreatedConnector, jobId: string): Promise<ConnectorJobView> {
  for (let i = 0; i < 2400; i += 1) {
    const job = (await jobs(c)).find((j) => j.id === jobId);
    if (job === undefined) throw new Error(`job ${jobId} is not listed`);
    if (job.status !== 'running') return job;
    await sleep(50);
  }
  throw new Error(`job ${jobId} still runs after two minutes`);
}

/** The ledger's view of a connector: its events, and any key stored more than once. */
async function ledger(c: CreatedConnector): Promise<{ keys: string[]; doubled: string[]; held: number }> {
  const source = `connector:${c.id}`;
  const rows = await t.dataSource.query<Array<{ key: string; n: number; held: number }>>(
    `SELECT external_id AS key, count(*)::int AS n, count(*) FILTER (WHERE rep_id IS NULL)::int AS held
     FROM events WHERE source = $1 GROUP BY external_id`,
    [source],
  );
  return {
    keys: rows.map((r) => r.key),
    doubled: rows.filter((r) => r.n > 1).map((r) => r.key),
    held: rows.reduce((sum, r) => sum + r.held, 0),
  };
}

/** The stored ledger rows of these keys (id, content, arrival), to see they were left alone. */
function rowsOf(c: CreatedConnector, keys: readonly string[]): Promise<unknown[]> {
  return t.dataSource.query(
    `SELECT id::text, external_id, content_hash, received_at, rep_id, occurred_at, attributes
     FROM events WHERE source = $1 AND external_id = ANY($2) ORDER BY external_id`,
    [`connector:${c.id}`, keys],
  );
}

/** Keys expected but absent, and keys present but not expected. */
function diff(
  actual: readonly string[],
  expected: readonly string[],
): { missing: string[]; extra: string[] } {
  const have = new Set(actual);
  const want = new Set(expected);
  return {
    missing: expected.filter((k) => !have.has(k)).slice(0, 10),
    extra: actual.filter((k) => !want.has(k)).slice(0, 10),
  };
}

/** The ledger holds exactly the keys of these deals. */
function expectKeys(actual: readonly string[], deals: readonly WonDeal[]): void {
  expect(
    diff(
      actual,
      deals.map((d) => d.key),
    ),
  ).toEqual({ missing: [], extra: [] });
}

/** Every deal is in the connector's ledger once, nothing else; the ledger's view. */
async function expectEachOnce(c: CreatedConnector, won: readonly WonDeal[]): Promise<{ keys: string[] }> {
  const all = await ledger(c);
  expect(all.doubled).toEqual([]);
  expectKeys(all.keys, won);
  return all;
}

/** Moscow month (the default rule set's time zone) of an instant. */
const monthOf = (ms: number): string => new Date(ms + MOSCOW_MS).toISOString().slice(0, 7);

/**
 * Milli-points per rep on the month board of every month the deals fall in, read from the app and
 * expected from the deals: `{ month: { repId: [actual, expected] } }`.
 */
async function boards(
  deals: readonly WonDeal[],
  repOfUser: ReadonlyMap<string, string>,
): Promise<Record<string, Record<string, [number, number]>>> {
  const months = new Map<string, number>();
  for (const deal of deals) if (!months.has(monthOf(deal.at))) months.set(monthOf(deal.at), deal.at);
  const out: Record<string, Record<string, [number, number]>> = {};
  for (const [month, at] of months) {
    const board = await api.board(`period=month&at=${encodeURIComponent(new Date(at).toISOString())}`);
    const expected = new Map<string, number>();
    for (const deal of deals) {
      const repId = repOfUser.get(deal.owner);
      if (repId === undefined) throw new Error(`no rep for CRM user e-mail ${deal.owner}`);
      if (monthOf(deal.at) === month) expected.set(repId, (expected.get(repId) ?? 0) + deal.milli);
    }
    out[month] = {};
    for (const repId of new Set(repOfUser.values())) {
      const actual = board.rows.find((r) => r.repId === repId)?.milliPoints ?? 0;
      out[month][repId] = [actual, expected.get(repId) ?? 0];
    }
  }
  return out;
}

/** Every rep's board points equal the rule set's arithmetic on the deals, month by month. */
async function expectBoards(deals: readonly WonDeal[], repOfUser: ReadonlyMap<string, string>) {
  const read = await boards(deals, repOfUser);
  for (const month of Object.values(read)) {
    for (const [actual, expected] of Object.values(month)) expect(actual).toBe(expected);
  }
  expect(
    Object.values(read)
      .flatMap((m) => Object.values(m))
      .some(([a]) => a > 0),
  ).toBe(true);
  return read;
}

/** A connector's run: its deals as the rule set scores them and the reps of their CRM owners. */
interface Run {
  c: CreatedConnector;
  won: readonly WonDeal[];
  repOf: ReadonlyMap<string, string>;
}

/** A run once more over the same history: nothing created, the ledger and the boards as they were. */
async function expectRerunUnchanged(
  { c, won, repOf }: Run,
  fetched: number,
  first: { keys: string[] },
  board: unknown,
): Promise<void> {
  const again = await ended(c, (await backfill(c)).id);
  expect(again).toMatchObject({ status: 'done', fetched, created: 0, error: null });
  const second = await ledger(c);
  expect(second.keys.sort()).toEqual(first.keys.sort());
  expect(second.doubled).toEqual([]);
  expect(await boards(won, repOf)).toEqual(board);
}

/**
 * 50 wins sent by webhook 20 s apart (`win(i)` sends the i-th and moves the fake's clock), the 30 of
 * a 10-minute gap in the middle lost with the sender offline; the inbox drained. Returns the won
 * deals since the first (read by `wonSince`), the keys the webhooks stored, and their rows.
 */
async function winsAcrossGap(
  c: CreatedConnector,
  sender: WebhookSender,
  win: (i: number) => Promise<void>,
  clockMs: () => number,
  wonSince: (since: number) => WonDeal[],
): Promise<{ won: WonDeal[]; delivered: string[]; before: unknown[] }> {
  const since = clockMs();
  for (let i = 0; i < 10; i += 1) await win(i);
  sender.offline();
  const gap = clockMs();
  for (let i = 10; i < 40; i += 1) await win(i);
  expect(clockMs() - gap).toBe(10 * 60_000);
  sender.online();
  for (let i = 40; i < 50; i += 1) await win(i);
  await flow.drain();
  expect(sender.dropped).toHaveLength(30);
  const won = wonSince(since);
  expect(won).toHaveLength(50);
  const delivered = (await ledger(c)).keys;
  expectKeys(delivered, [...won.slice(0, 10), ...won.slice(40)]);
  return { won, delivered, before: await rowsOf(c, delivered) };
}

/**
 * After a catch-up filled the gap: every deal once, what the webhooks stored left as it was, the
 * boards as the rule set says; the next poll reads from its watermark (less the overlap) and finds
 * nothing new.
 */
async function expectGapFilled(run: Run, delivered: readonly string[], before: unknown[]): Promise<void> {
  const { c, won, repOf } = run;
  const after = await expectEachOnce(c, won);
  expect(await rowsOf(c, delivered)).toEqual(before);
  const board = await expectBoards(won, repOf);

  const next = await t.app.get(ConnectorJobs).catchUp(c.id);
  expect(await ended(c, next!.id)).toMatchObject({ status: 'done', created: 0, error: null });
  expect((await ledger(c)).keys.sort()).toEqual(after.keys.sort());
  expect(await boards(won, repOf)).toEqual(board);
}

// ---------------------------------------------------------------------------------------- amoCRM

/** A fake amoCRM with a third user, answering without a rate limit. */
function fakeAmo(): FakeAmoCrm {
  const amo = new FakeAmoCrm({ rate: null });
  amo.users.push({ id: 2079720, name: 'Vera Sokolova', email: 'vera@example.com', active: true });
  return amo;
}

/** The won deals of the fake account's history, as the rule set scores them. */
function amoWon(amo: FakeAmoCrm): WonDeal[] {
  const emails = new Map(amo.users.map((u) => [u.id, u.email.toLowerCase()]));
  return amo.events
    .filter((e) => e.value_after[0]!.lead_status.id === 142)
    .map((e) => {
      const lead = amo.leads.get(e.entity_id)!;
      return {
        key: `amocrm:${amo.accountId}:lead:${lead.id}:won`,
        owner: emails.get(lead.responsible_user_id)!,
        at: e.created_at * 1000,
        milli: milliOfRub(lead.price),
      };
    });
}

/** Where each run of seeded deals starts: from `DAYS - 2` days ago to a day ago (epoch ms). */
function chunkStarts(now: number): number[] {
  const step = Math.floor(((DAYS - 3) * DAY_MS) / (CHUNKS - 1));
  return Array.from({ length: CHUNKS }, (_, chunk) => now - (DAYS - 2) * DAY_MS + chunk * step);
}

/** `DEALS` won leads spread over the last `DAYS - 2` days, a run of them each day or so. */
function seedAmo(amo: FakeAmoCrm, now: number): void {
  chunkStarts(now).forEach((from, chunk) => {
    amo.seedLeads(DEALS / CHUNKS, { won: true, from: Math.floor(from / 1000), price: 1000 + chunk * 37 });
  });
}

describe('amoCRM', () => {
  const amo = fakeAmo();
  beforeAll(async () => {
    await amo.start();
    seedAmo(amo, Date.now());
  });
  afterAll(() => amo.stop());

  const connect = () => flow.connector('amocrm', { apiBaseUrl: amo.url }, { apiToken: amo.token });

  it('backfills 10,000 won deals once each, scored as the rule set says; a second run changes nothing', async () => {
    const repOf = await reps();
    const won = amoWon(amo);
    expect(won).toHaveLength(DEALS);
    const c = await connect();
    expect(await sync(c)).toEqual({ users: 3, matched: 3, stages: 4 });

    const started = await backfill(c);
    expect(started).toMatchObject({ kind: 'backfill', status: 'running', fetched: 0, created: 0 });
    const job = await ended(c, started.id);
    expect(job).toMatchObject({ status: 'done', fetched: DEALS, created: DEALS, error: null });
    const first = await ledger(c);
    expect(first.keys).toHaveLength(DEALS);
    expect(first.held).toBe(0);
    await expectEachOnce(c, won);
    const board = await expectBoards(won, repOf);

    await expectRerunUnchanged({ c, won, repOf }, DEALS, first, board);
    expect((await jobs(c)).map((j) => j.status)).toEqual(['done', 'done']);
  });

  it('a catch-up after a 10-minute webhook gap fills exactly the dropped deals, once', async () => {
    const repOf = await reps();
    const c = await connect();
    await sync(c);
    amo.clock = Math.floor(Date.now() / 1000);
    const sender = new AmoCrmSender(flow.hookUrl(c));
    const users = amo.users.map((u) => u.id);
    const win = async (i: number) => {
      const lead = amo.createLead({ price: 3000 + i * 11, responsible_user_id: users[i % users.length] });
      await sender.deliver(amo.win(lead, amo.clock));
      amo.clock += 20;
    };
    const { won, delivered, before } = await winsAcrossGap(
      c,
      sender,
      win,
      () => amo.clock * 1000,
      (since) => amoWon(amo).filter((d) => d.at >= since),
    );

    // The schedule: the connector's catch-up interval (10 minutes) has passed since it was created.
    await t.dataSource.query(`UPDATE connectors SET created_at = created_at - interval '11 minutes'`);
    await t.app.get(ConnectorJobs).catchUpDue();
    const [poll] = await jobs(c);
    expect(poll).toMatchObject({ kind: 'catchup' });
    expect(await ended(c, poll.id)).toMatchObject({ status: 'done', fetched: 50, created: 30, error: null });
    await expectGapFilled({ c, won, repOf }, delivered, before);
  });

  it('amoCRM down mid-backfill: the job fails with the error and its cursor; a new backfill lands every deal once', async () => {
    const repOf = await reps();
    const c = await connect();
    const won = amoWon(amo);
    expect(won.length).toBeGreaterThanOrEqual(DEALS);
    const pages = () => amo.server.calls(/^\/api\/v4\/events$/).length;
    const before = pages();
    const started = await backfill(c);
    for (let i = 0; pages() < before + 30; i += 1) {
      if (i > 10_000) throw new Error('the backfill read fewer than 30 pages');
      await sleep(2);
    }
    amo.server.goDown();
    const failed = await ended(c, started.id);
    amo.server.up();
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(
      /^amoCRM did not answer usably, try again later: GET http:\/\/127\.0\.0\.1:\d+\/api\/v4\/(events|leads) answered 503/,
    );
    const [{ cursor }] = await t.dataSource.query<Array<{ cursor: string }>>(
      'SELECT cursor FROM connector_jobs WHERE id = $1',
      [failed.id],
    );
    // Every page before the cursor went in whole; none after it.
    expect(failed.fetched).toBe((Number(cursor) - 1) * 100);
    expect(failed.fetched).toBeGreaterThanOrEqual(2900);
    expect(failed.fetched).toBeLessThan(won.length);
    expect(failed.created).toBe(failed.fetched);
    expect((await ledger(c)).keys).toHaveLength(failed.created);

    const done = await ended(c, (await backfill(c)).id);
    expect(done).toMatchObject({ status: 'done', fetched: won.length, created: won.length - failed.created });
    await expectEachOnce(c, won);
    await expectBoards(won, repOf);
  });
});

// -------------------------------------------------------------------------------------- Bitrix24

/** A fake Bitrix24 portal with a third user, answering without a rate limit. */
function fakeB24(): FakeBitrix24 {
  const b24 = new FakeBitrix24({ rate: null });
  b24.users.push({ ID: '14', NAME: 'Vera', LAST_NAME: 'Sokolova', EMAIL: 'vera@example.com', ACTIVE: true });
  return b24;
}

/** The won deals of the portal's stage history, as the rule set scores them. */
function b24Won(b24: FakeBitrix24): WonDeal[] {
  const emails = new Map(b24.users.map((u) => [u.ID, u.EMAIL.toLowerCase()]));
  return b24.history
    .filter((row) => row.STAGE_SEMANTIC_ID === 'S')
    .map((row) => {
      const deal = b24.deals.get(row.OWNER_ID)!;
      return {
        key: `b24:${b24.domain}:deal:${deal.ID}:won`,
        owner: emails.get(deal.ASSIGNED_BY_ID)!,
        at: Date.parse(row.CREATED_TIME),
        milli: milliOfRub(Number(deal.OPPORTUNITY)),
      };
    });
}

describe('Bitrix24', () => {
  const b24 = fakeB24();
  /** The ONCRMDEALUPDATE bodies of the newest wins, which come by webhook before the backfill. */
  const hooked: string[] = [];
  beforeAll(async () => {
    await b24.start();
    const now = Date.now();
    const share = 100;
    chunkStarts(now).forEach((from) => b24.seedDeals((DEALS - share) / CHUNKS, { won: true, from }));
    const users = b24.users.map((u) => u.ID);
    for (let i = 0; i < share; i += 1) {
      const at = now - 12 * 3_600_000 + i * 60_000;
      const deal = b24.createDeal({ ASSIGNED_BY_ID: users[i % 3], OPPORTUNITY: `${2000 + i}.50` }, at);
      hooked.push(b24.win(deal, at + 30_000));
    }
  });
  afterAll(() => b24.stop());

  const connect = () =>
    flow.connector('bitrix24', {}, { restUrl: b24.restUrl, applicationToken: b24.applicationToken });

  it('backfills 10,000 won deals, some of them already come by webhook, once each; a second run changes nothing', async () => {
    const repOf = await reps();
    const c = await connect();
    expect(await sync(c)).toMatchObject({ users: 3, matched: 3 });

    // The newest deals came by webhook (ONCRMDEALUPDATE, the deal read back through crm.deal.get).
    const sender = new Bitrix24Sender(flow.hookUrl(c));
    for (const body of hooked) expect(await sender.deliver(body)).toEqual([200]);
    await flow.drain();
    const won = b24Won(b24);
    expect(won).toHaveLength(DEALS);
    const hookedKeys = (await ledger(c)).keys;
    expectKeys(hookedKeys, won.slice(-hooked.length));
    const before = await rowsOf(c, hookedKeys);

    // 20,000 stage-history rows: a creation and a win per deal. The sync put the funnels' open
    // stages in the stage map without a type, which ignores moves into them: the wins go in.
    const job = await ended(c, (await backfill(c)).id);
    const rows = 2 * DEALS;
    expect(job).toMatchObject({ status: 'done', fetched: rows, total: rows, created: DEALS - hooked.length });
    expect(job.error).toBeNull();
    const first = await ledger(c);
    expect(first.keys).toHaveLength(DEALS);
    expect(first.held).toBe(0);
    await expectEachOnce(c, won);
    // What the webhooks brought is left as it was.
    expect(await rowsOf(c, hookedKeys)).toEqual(before);
    const board = await expectBoards(won, repOf);

    await expectRerunUnchanged({ c, won, repOf }, rows, first, board);
  });

  it('a catch-up after a 10-minute webhook gap fills exactly the dropped deals, once', async () => {
    const repOf = await reps();
    const c = await connect();
    await sync(c);
    b24.clock = Math.floor(Date.now() / 1000) * 1000;
    const sender = new Bitrix24Sender(flow.hookUrl(c));
    const users = b24.users.map((u) => u.ID);
    const win = async (i: number) => {
      const at = b24.clock;
      const deal = b24.createDeal(
        { ASSIGNED_BY_ID: users[i % users.length], OPPORTUNITY: `${500 + i}.25` },
        at,
      );
      await sender.deliver(b24.win(deal, at + 10_000));
      b24.clock = at + 20_000;
    };
    const { won, delivered, before } = await winsAcrossGap(
      c,
      sender,
      win,
      () => b24.clock,
      (since) => b24Won(b24).filter((d) => d.at >= since),
    );

    const poll = await t.app.get(ConnectorJobs).catchUp(c.id);
    expect(poll).toMatchObject({ kind: 'catchup', status: 'running' });
    // 100 stage-history rows (a creation and a win per deal): the 30 wins the gap lost go in.
    expect(await ended(c, poll!.id)).toMatchObject({
      status: 'done',
      fetched: 100,
      created: 30,
      error: null,
    });
    await expectGapFilled({ c, won, repOf }, delivered, before);
  });

  it('the inbound webhook revoked mid-backfill: the job fails saying so (no secret in it); a new backfill lands every deal once', async () => {
    const repOf = await reps();
    const c = await connect();
    const won = b24Won(b24);
    expect(won.length).toBeGreaterThanOrEqual(DEALS);
    const pages = () => b24.server.calls(/\/crm\.stagehistory\.list\.json$/).length;
    const before = pages();
    const started = await backfill(c);
    for (let i = 0; pages() < before + 40; i += 1) {
      if (i > 10_000) throw new Error('the backfill read fewer than 40 pages');
      await sleep(2);
    }
    b24.server.goDown({
      status: 401,
      body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' },
    });
    const failed = await ended(c, started.id);
    b24.server.up();
    expect(failed).toMatchObject({ status: 'failed', total: b24.history.length });
    expect(failed.finishedAt).not.toBeNull();
    expect(failed.error).toMatch(
      /^Bitrix24 refused the request \(check the inbound webhook URL \(REST\) of the connector\): GET http:\/\/127\.0\.0\.1:\d+\/rest\/1\/\*\*\*\/crm\.(stagehistory|deal)\.list\.json answered 401: .*INVALID_CREDENTIALS/,
    );
    expect(failed.error).not.toContain(b24.restToken);
    const [{ cursor }] = await t.dataSource.query<Array<{ cursor: string }>>(
      'SELECT cursor FROM connector_jobs WHERE id = $1',
      [failed.id],
    );
    // Every page before the cursor (a `start` offset) went in whole, half of its rows wins.
    expect(failed.fetched).toBe(Number(cursor));
    expect(failed.fetched).toBeGreaterThanOrEqual(39 * 50);
    expect(failed.fetched).toBeLessThan(b24.history.length);
    expect(failed.created).toBe((await ledger(c)).keys.length);
    expect(failed.created).toBeGreaterThan(0);

    const done = await ended(c, (await backfill(c)).id);
    expect(done).toMatchObject({
      status: 'done',
      fetched: b24.history.length,
      created: won.length - failed.created,
    });
    await expectEachOnce(c, won);
    await expectBoards(won, repOf);
  });
});
