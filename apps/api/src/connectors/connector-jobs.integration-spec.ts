import { jest } from '@jest/globals';
import type { ConnectorJobView, CreatedConnector } from '@leaderboard/contracts';
import { ConnectorJobsRepository } from '../repositories/connector-jobs.repository.js';
import { type ConnectorFlow, useConnectorFlow } from '../test-support/connector-flow.js';
import { amoWonWebhook, type StubCrm, useStubCrm, wonDeal } from '../test-support/stub-crm.js';
import type { TestApp } from '../test-support/test-app.js';
import { CATCHUP_OVERLAP_MS, ConnectorJobs, JOB_LEASE_MS } from './connector-jobs.service.js';
import type { MappedEvent } from './connector-adapter.js';
import { CrmHttpError } from './crm/crm-http.js';

jest.setTimeout(120_000);

const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';
let t: TestApp;
let flow: ConnectorFlow;
useConnectorFlow(AT, (app, f) => ([t, flow] = [app, f]));

let stub: StubCrm;
useStubCrm('amocrm', (s) => {
  stub = s;
  stub.users_ = [{ crmUserId: '2079676', name: 'Anna', email: 'anna@example.com', active: true }];
});

const admin = () => `Bearer ${t.adminToken}`;
const jobs = () => t.app.get(ConnectorJobs);

/** `count` won deals from lead `first` on, on 18 November 2026. */
const deals = (first: number, count: number): MappedEvent[] =>
  Array.from({ length: count }, (_, i) =>
    wonDeal(first + i, '2079676', `2026-11-18T${String(8 + (i % 3)).padStart(2, '0')}:00:00+03:00`),
  );

async function setup(): Promise<{ c: CreatedConnector; anna: string }> {
  const anna = await flow.rep('anna');
  return { c: await flow.connector('amocrm', {}, { apiToken: 'tok' }), anna };
}

const backfill = (id: string, body: unknown = { days: 30 }) =>
  t
    .http()
    .post(`/api/connectors/${id}/backfill`)
    .set('Authorization', admin())
    .send(body as object);
const listJobs = async (id: string) =>
  (await t.http().get(`/api/connectors/${id}/jobs`).set('Authorization', admin())).body as ConnectorJobView[];
const connectorEvents = () => t.count('events', "source LIKE 'connector:%'");

describe('backfill', () => {
  it('imports every page once (users synced first), and a second run changes nothing', async () => {
    const { c, anna } = await setup();
    stub.pages = [deals(1, 700), deals(701, 700), deals(1401, 100)];
    stub.total = 1500;
    const res = await backfill(c.id, { days: 30 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'backfill', status: 'running', connectorId: c.id });
    const since = Date.parse((res.body as ConnectorJobView).since);
    expect(Date.parse((res.body as ConnectorJobView).startedAt) - since).toBe(30 * 86_400_000);
    await jobs().drain();

    expect(stub.historyCalls.map((h) => h.cursor)).toEqual([null, '1', '2']);
    expect(stub.historyCalls.every((h) => h.since === since)).toBe(true);
    const [job] = await listJobs(c.id);
    expect(job).toMatchObject({ status: 'done', fetched: 1500, total: 1500, created: 1500, error: null });
    expect(await connectorEvents()).toBe(1500);
    // Anna was matched by the sync before the history went in: nothing held, all scored.
    expect(await t.count('events', 'rep_id IS NULL')).toBe(0);
    const points = await flow.points(anna);
    expect(points).toBeGreaterThan(0);

    expect((await backfill(c.id)).status).toBe(201);
    await jobs().drain();
    const [again] = await listJobs(c.id);
    expect(again).toMatchObject({ status: 'done', fetched: 1500, created: 0 });
    expect(await connectorEvents()).toBe(1500);
    expect(await flow.points(anna)).toBe(points);
  });

  it('refuses a second backfill while one runs (409), and lists the running one', async () => {
    const { c } = await setup();
    let open = (): void => undefined;
    stub.gate = new Promise((resolve) => (open = resolve));
    stub.pages = [deals(1, 3)];
    expect((await backfill(c.id)).status).toBe(201);
    const second = await backfill(c.id);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('CONFLICT');
    expect(await jobs().catchUp(c.id)).toBeNull();
    expect((await listJobs(c.id)).map((j) => j.status)).toEqual(['running']);
    open();
    await jobs().drain();
    expect((await listJobs(c.id)).map((j) => j.status)).toEqual(['done']);
  });

  it('a page that still fails leaves the job failed with the error and its cursor; a new run starts over', async () => {
    const { c } = await setup();
    stub.pages = [deals(1, 10), deals(11, 10), deals(21, 10)];
    stub.failPage.set(
      1,
      new CrmHttpError(null, 'GET https://acme.amocrm.ru/api/v4/leads answered 503: busy (after 5 tries)'),
    );
    expect((await backfill(c.id)).status).toBe(201);
    await jobs().drain();
    const [failed] = await listJobs(c.id);
    expect(failed).toMatchObject({ status: 'failed', fetched: 10, created: 10 });
    expect(failed.error).toMatch(/amoCRM did not answer.*503: busy/);
    const [row] = await t.dataSource.query<Array<{ cursor: string }>>('SELECT cursor FROM connector_jobs');
    expect(row.cursor).toBe('1');
    expect((await flow.board()).rows.length).toBeGreaterThan(0);

    stub.failPage.clear();
    expect((await backfill(c.id)).status).toBe(201);
    await jobs().drain();
    expect((await listJobs(c.id))[0]).toMatchObject({ status: 'done', fetched: 30, created: 20 });
    expect(await connectorEvents()).toBe(30);
  });

  it('a job whose process died is resumed from its cursor by one process only', async () => {
    const { c } = await setup();
    stub.pages = [deals(1, 5), deals(6, 5), deals(11, 5)];
    const stale = new Date(Date.now() - JOB_LEASE_MS - 60_000).toISOString();
    const [{ id }] = await t.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO connector_jobs (connector_id, kind, since, cursor, fetched, created, started_at, heartbeat_at)
       VALUES ($1, 'backfill', '2026-10-01T00:00:00Z', '1', 5, 5, $2, $2) RETURNING id::text AS id`,
      [c.id, stale],
    );
    // Two processes see the expired lease at once: the conditional UPDATE gives it to one.
    const repository = t.app.get(ConnectorJobsRepository);
    const expired = Date.now() - JOB_LEASE_MS;
    const claims = await Promise.all([
      repository.claim(id, expired, Date.now()),
      repository.claim(id, expired, Date.now()),
    ]);
    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
    // That one died too: the lease expires again and this process resumes the job.
    await t.dataSource.query('UPDATE connector_jobs SET heartbeat_at = $1', [stale]);

    await jobs().resumeStale();
    await jobs().drain();
    expect(stub.historyCalls.map((h) => h.cursor)).toEqual(['1', '2']);
    expect(stub.historyCalls[0].since).toBe(Date.parse('2026-10-01T00:00:00Z'));
    expect((await listJobs(c.id))[0]).toMatchObject({ status: 'done', fetched: 15, created: 15 });
    expect(await connectorEvents()).toBe(10);

    // A running job with a live lease is left to its process.
    await t.dataSource.query(
      `INSERT INTO connector_jobs (connector_id, kind, since, started_at, heartbeat_at)
       VALUES ($1, 'backfill', now(), now(), now())`,
      [c.id],
    );
    await jobs().resumeStale();
    expect(stub.historyCalls).toHaveLength(2);
  });

  it('validates days and says when the connector cannot backfill, starting nothing', async () => {
    const { c } = await setup();
    for (const body of [
      { days: 0 },
      { days: 731 },
      { days: 1.5 },
      { days: '10' },
      {},
      { days: 5, since: 'x' },
    ]) {
      const res = await backfill(c.id, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
    stub.failLists = new CrmHttpError(
      null,
      'GET https://acme.amocrm.ru/api/v4/users failed: ECONNREFUSED (after 5 tries)',
    );
    const down = await backfill(c.id, { days: 730 });
    expect(down.status).toBe(502);
    expect(down.body.error.code).toBe('CRM_UNAVAILABLE');
    const telephony = await t
      .http()
      .post('/api/connectors')
      .set('Authorization', admin())
      .send({ kind: 'twilio', name: 'calls', credentials: { authToken: 'x' } });
    const refused = await backfill((telephony.body as CreatedConnector).id, { days: 1 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CRM_NOT_CONNECTED');
    expect(await t.count('connector_jobs')).toBe(0);
  });
});

describe('catch-up', () => {
  it('fills what never came by webhook, counts what did once, and moves the watermark', async () => {
    const { c } = await setup();
    expect((await t.http().post(c.hookPath).type('form').send(amoWonWebhook(10701093))).status).toBe(200);
    await flow.drain();
    expect(await connectorEvents()).toBe(1);

    // The CRM's history holds the webhook's deal (same key, read back differently) and one the gap lost.
    stub.pages = [
      [
        wonDeal(10701093, '2079676', '2026-11-18T10:00:00+03:00', 99),
        wonDeal(10701094, '2079676', '2026-11-18T10:05:00+03:00'),
      ],
    ];
    const job = await jobs().catchUp(c.id);
    expect(job).toMatchObject({ kind: 'catchup', status: 'running' });
    await jobs().drain();
    expect(await connectorEvents()).toBe(2);
    expect(await t.count('events', "external_id = 'amocrm:17769199:lead:10701094:won'")).toBe(1);
    expect((await listJobs(c.id))[0]).toMatchObject({ kind: 'catchup', status: 'done', created: 1 });

    const [created] = await t.dataSource.query<Array<{ at: Date }>>(
      'SELECT created_at AS at FROM connectors',
    );
    expect(stub.historyCalls[0].since).toBe(new Date(created.at).getTime() - CATCHUP_OVERLAP_MS);
    const [mark] = await t.dataSource.query<Array<{ since: Date; last: Date | null }>>(
      'SELECT catchup_since AS since, last_catchup_at AS last FROM connectors',
    );
    expect(new Date(mark.since).toISOString()).toBe(job!.startedAt);
    expect(mark.last).not.toBeNull();

    // The next poll starts from the watermark, less the overlap; nothing is doubled.
    await jobs().catchUp(c.id);
    await jobs().drain();
    expect(stub.historyCalls[1].since).toBe(Date.parse(job!.startedAt) - CATCHUP_OVERLAP_MS);
    expect(await connectorEvents()).toBe(2);
  });

  it('polls on the schedule of settings.catchupMinutes (default 10, 0 never)', async () => {
    const { c } = await setup();
    stub.pages = [deals(1, 2)];
    await jobs().catchUpDue();
    expect(stub.historyCalls).toHaveLength(0);
    await t.dataSource.query("UPDATE connectors SET created_at = now() - interval '11 minutes'");
    await jobs().catchUpDue();
    await jobs().drain();
    expect(stub.historyCalls).toHaveLength(1);
    // Polled just now: not due again for 10 minutes.
    await jobs().catchUpDue();
    await jobs().drain();
    expect(stub.historyCalls).toHaveLength(1);

    await t
      .http()
      .patch(`/api/connectors/${c.id}`)
      .set('Authorization', admin())
      .send({ settings: { catchupMinutes: 0 } });
    await t.dataSource.query("UPDATE connector_jobs SET started_at = now() - interval '1 day'");
    await t.dataSource.query("UPDATE connectors SET last_catchup_at = now() - interval '1 day'");
    await jobs().catchUpDue();
    expect(stub.historyCalls).toHaveLength(1);
    await t
      .http()
      .patch(`/api/connectors/${c.id}`)
      .set('Authorization', admin())
      .send({ settings: { catchupMinutes: 60 } });
    await jobs().catchUpDue();
    await jobs().drain();
    expect(stub.historyCalls).toHaveLength(2);
  });
});
