import { jest } from '@jest/globals';
import type { CreatedConnector } from '@leaderboard/contracts';
import { Bitrix24Sender, FakeBitrix24 } from '../../../../test/fakes/bitrix24.js';
import { ConnectorFlow } from '../test-support/connector-flow.js';
import { InboxWorker } from './inbox-worker.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

jest.setTimeout(60_000);

const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';
const CALLS = {
  externalIdPath: 'id',
  crmUserIdPath: 'owner',
  occurredAtPath: 'at',
  durationSecPath: 'sec',
  eventType: 'call',
};

let t: TestApp;
let flow: ConnectorFlow;
let base = '';
useTestApp((app, api) => {
  t = app;
  flow = new ConnectorFlow(app, api, AT);
});

const b24 = new FakeBitrix24();
beforeAll(async () => {
  base = await t.listen();
  await b24.start();
});
afterAll(() => b24.stop());
// A delivery kicks the worker; held back, the test's deliveries wait for `drain`, which claims them
// in one batch.
beforeEach(() => {
  jest.spyOn(t.app.get(InboxWorker), 'kick').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

/** A call as a generic sender posts it (anna@example.com is the e-mail of rep `anna`). */
const call = (id: string, at = '2026-11-18T10:00:00+03:00') =>
  JSON.stringify({ id, owner: 'anna@example.com', at, sec: 240 });
const post = async (c: CreatedConnector, body: string) =>
  expect((await t.http().post(c.hookPath).set('content-type', 'application/json').send(body)).status).toBe(
    200,
  );
const inbox = () =>
  t.dataSource.query<Array<{ status: string; reason: string | null; events_created: number }>>(
    'SELECT status, reason, events_created FROM connector_inbox ORDER BY id',
  );

describe('the inbox worker takes a claimed batch in one go, and each row ends as it would alone', () => {
  it('a row the ledger refuses among good ones ends unmapped alone; the others go in', async () => {
    const c = await flow.connector('generic', CALLS, {});
    const anna = await flow.rep('anna');
    await post(c, call('good-1'));
    await post(c, call('too-far-ahead', '2099-01-01T00:00:00Z'));
    await post(c, call('good-2'));
    await flow.drain();
    const rows = await inbox();
    expect(rows.map((r) => [r.status, r.events_created])).toEqual([
      ['done', 1],
      ['unmapped', 0],
      ['done', 1],
    ]);
    expect(rows[1].reason).toMatch(/occurredAt/);
    expect((await flow.ledger()).map((r) => [r.external_id, r.rep_id])).toEqual([
      ['good-1:call', anna],
      ['good-2:call', anna],
    ]);
    expect(await flow.points(anna)).toBeGreaterThan(0);
  });

  it('the same delivery twice in one batch counts once; both rows end done', async () => {
    const c = await flow.connector('generic', CALLS, {});
    const anna = await flow.rep('anna');
    await post(c, call('twice'));
    await post(c, call('once-more'));
    await post(c, call('twice'));
    await flow.drain();
    expect(await inbox()).toEqual([
      { status: 'done', reason: null, events_created: 1 },
      { status: 'done', reason: null, events_created: 1 },
      { status: 'done', reason: '1 event(s) already recorded', events_created: 0 },
    ]);
    expect(await t.count('events', "source LIKE 'connector:%'")).toBe(2);
    const points = await flow.points(anna);
    // Sent again later, in a batch of its own, it still counts once.
    await post(c, call('twice'));
    await flow.drain();
    expect(await flow.points(anna)).toBe(points);
    expect((await inbox()).at(-1)).toMatchObject({ status: 'done', events_created: 0 });
  });

  it('two connectors in one batch: each row under its own connector, the same key twice is two events', async () => {
    const one = await flow.connector('generic', CALLS, {});
    const two = await flow.connector('generic', CALLS, {});
    await flow.rep('anna');
    await post(one, call('x'));
    await post(two, call('x'));
    await post(one, call('y'));
    await flow.drain();
    expect((await inbox()).map((r) => [r.status, r.events_created])).toEqual([
      ['done', 1],
      ['done', 1],
      ['done', 1],
    ]);
    const sources = await t.dataSource.query<Array<{ source: string; n: number }>>(
      `SELECT source, count(*)::int AS n FROM events WHERE source LIKE 'connector:%' GROUP BY source ORDER BY n`,
    );
    expect(sources).toEqual([
      { source: `connector:${two.id}`, n: 1 },
      { source: `connector:${one.id}`, n: 2 },
    ]);
  });

  it('a CRM lookup failing for one row fails that row only; retried, it goes in once', async () => {
    const c = await flow.connector(
      'bitrix24',
      {},
      { restUrl: b24.restUrl, applicationToken: b24.applicationToken },
    );
    const anna = await flow.rep('anna');
    expect(await flow.mapUser(c.id, b24.users[0]!.ID, anna)).toBe(200);
    const sender = new Bitrix24Sender(`${base}${c.hookPath}`);
    const first = b24.createDeal({ OPPORTUNITY: '1000.00', CURRENCY_ID: 'RUB' });
    const second = b24.createDeal({ OPPORTUNITY: '2000.00', CURRENCY_ID: 'RUB' });
    expect(await sender.deliver(b24.win(first))).toEqual([200]);
    expect(await sender.deliver(b24.win(second))).toEqual([200]);
    // The first lookup of the batch (the first row's deal) meets an error the client does not retry.
    b24.server.failWith({ status: 400, body: { error: 'ERROR_CORE', error_description: 'try later' } });
    await flow.drain();
    const rows = await t.dataSource.query<Array<{ status: string; attempts: number }>>(
      'SELECT status, attempts FROM connector_inbox ORDER BY id',
    );
    expect(rows).toEqual([
      { status: 'failed', attempts: 1 },
      { status: 'done', attempts: 1 },
    ]);
    expect((await flow.ledger()).map((r) => r.amount)).toEqual(['200000']);
    await flow.retryDue();
    await flow.drain();
    expect((await inbox()).map((r) => [r.status, r.events_created])).toEqual([
      ['done', 1],
      ['done', 1],
    ]);
    expect((await flow.ledger()).map((r) => r.amount).sort()).toEqual(['100000', '200000']);
  });
});
