import { jest } from '@jest/globals';
import type { Test } from 'supertest';
import type {
  ConnectorHealth,
  ConnectorView,
  CreatedConnector,
  InboxDeliveryView,
} from '@leaderboard/contracts';
import { type ConnectorFlow, useConnectorFlow } from '../test-support/connector-flow.js';
import { amoWonWebhook, installStubCrm, StubCrm, wonDeal } from '../test-support/stub-crm.js';
import type { TestApp } from '../test-support/test-app.js';
import { ConnectorJobs } from './connector-jobs.service.js';
import { CrmHttpError } from './crm/crm-http.js';
import { MappedIngest } from './mapped-ingest.js';

jest.setTimeout(60_000);

const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';
let t: TestApp;
let flow: ConnectorFlow;
useConnectorFlow(AT, (app, f) => ([t, flow] = [app, f]));

const admin = () => `Bearer ${t.adminToken}`;
const HOUR = 3_600_000;

const connector = (credentials: Record<string, string> = {}): Promise<CreatedConnector> =>
  flow.connector('amocrm', {}, credentials);

const get = (path: string, token = t.adminToken) =>
  t.http().get(path).set('Authorization', `Bearer ${token}`);
const health = async (id: string) => (await get(`/api/connectors/${id}/health`)).body as ConnectorHealth;
const alertInList = async (id: string) =>
  ((await get('/api/connectors')).body as ConnectorView[]).find((c) => c.id === id)?.alert;

/** Inbox rows received at the given instants (already processed as `status`). */
async function deliveries(connectorId: string, at: number[], status = 'done', events = 1): Promise<void> {
  await t.dataSource.query(
    `INSERT INTO connector_inbox (connector_id, received_at, method, url, headers, body, status, next_attempt_at, events_created)
     SELECT $1, a, 'POST', '/api/hooks/x/***', '{}', '\\x7b7d', $3, a, $4 FROM unnest($2::timestamptz[]) AS a`,
    [connectorId, at.map((ms) => new Date(ms).toISOString()), status, events],
  );
}

describe('connector health', () => {
  it('counts deliveries and events per hour, held events and unmapped users, and shouts "unmapped"', async () => {
    const c = await connector();
    const now = Date.now();
    // Two in the hour that began two hours before this one, one a day before the 24 hours shown.
    const twoHoursAgo = Math.floor(now / HOUR) * HOUR - 2 * HOUR;
    await deliveries(c.id, [twoHoursAgo + 60_000, twoHoursAgo + 120_000, now - 30 * HOUR], 'done', 2);
    await t.app.get(MappedIngest).history(c.id, [wonDeal(1, '2079676', '2026-11-18T10:00:00+03:00')]);
    const h = await health(c.id);
    expect(h.hourly).toHaveLength(24);
    expect(h.hourly.reduce((sum, x) => sum + x.deliveries, 0)).toBe(2);
    expect(h.hourly.reduce((sum, x) => sum + x.events, 0)).toBe(4);
    expect(h.hourly[21]).toMatchObject({ deliveries: 2, events: 4 });
    expect(Date.parse(h.hourly[23].hour)).toBe(Math.floor(Date.now() / HOUR) * HOUR);
    expect(h).toMatchObject({
      unmappedUsers: 1,
      heldEvents: 1,
      unmappedStages: 0,
      alert: 'unmapped',
      usualGapSeconds: null,
    });
    expect(await alertInList(c.id)).toBe('unmapped');

    await flow.mapUser(c.id, 2079676, await flow.rep('anna'));
    expect(await health(c.id)).toMatchObject({ unmappedUsers: 0, heldEvents: 0, alert: null });
    expect(await alertInList(c.id)).toBeNull();
  });

  it('knows the usual gap and shouts "silent" when deliveries stop for much longer', async () => {
    const c = await connector();
    const quiet = await connector();
    const now = Date.now();
    // Every 10 minutes for a day and a half, then nothing for the last 2 hours.
    const rhythm = Array.from({ length: 200 }, (_, i) => now - 2 * HOUR - i * 600_000);
    await deliveries(c.id, rhythm);
    // The other one delivered the same way until 30 minutes ago: within max(1 h, 4 gaps).
    await deliveries(
      quiet.id,
      rhythm.map((at) => at + 1.5 * HOUR),
    );
    expect(await health(c.id)).toMatchObject({ usualGapSeconds: 600, alert: 'silent' });
    expect(await health(quiet.id)).toMatchObject({ usualGapSeconds: 600, alert: null });
    const list = (await get('/api/connectors')).body as ConnectorView[];
    expect(list.map((x) => [x.id, x.alert])).toEqual(
      expect.arrayContaining([
        [c.id, 'silent'],
        [quiet.id, null],
      ]),
    );
  });

  it('shouts "failing" when the latest deliveries failed or the last job failed', async () => {
    const c = await connector();
    const now = Date.now();
    await deliveries(c.id, [now - 5000, now - 4000], 'done');
    await deliveries(c.id, [now - 3000, now - 2000, now - 1000], 'unmapped');
    expect((await health(c.id)).alert).toBe('failing');
    await deliveries(c.id, [now - 500], 'done');
    expect((await health(c.id)).alert).toBeNull();

    const stub = new StubCrm('amocrm');
    const restore = installStubCrm('amocrm', stub);
    try {
      const crm = await connector({ apiToken: 'tok' });
      stub.failPage.set(0, new CrmHttpError(401, 'answered 401: Unauthorized'));
      expect(
        (
          await t
            .http()
            .post(`/api/connectors/${crm.id}/backfill`)
            .set('Authorization', admin())
            .send({ days: 1 })
        ).status,
      ).toBe(201);
      await t.app.get(ConnectorJobs).drain();
      expect(await alertInList(crm.id)).toBe('failing');
    } finally {
      restore();
    }
  });

  it('lists the inbox by status and replays an unmapped delivery once its mapping is fixed: it scores once', async () => {
    const c = await connector();
    const anna = await flow.rep('anna');
    await flow.mapUser(c.id, 2079676, anna);
    // The manager's stage map ignores the won stage: the delivery is kept unmapped.
    const stages = (type: string | null) =>
      t
        .http()
        .put(`/api/connectors/${c.id}/stages`)
        .set('Authorization', admin())
        .send({ stages: [{ pipelineId: '9217056', stageId: '142', type }] });
    await stages(null);
    expect((await t.http().post(c.hookPath).type('form').send(amoWonWebhook(5))).status).toBe(200);
    await flow.drain();
    const unmapped = (await get(`/api/connectors/${c.id}/inbox?status=unmapped`)).body as InboxDeliveryView[];
    expect(unmapped).toHaveLength(1);
    expect(unmapped[0].url).toContain('/***');
    expect(unmapped[0].url).not.toContain(c.hookPath.split('/').pop());
    expect(unmapped[0].reason).toContain('stage');
    expect((await get(`/api/connectors/${c.id}/inbox?status=done`)).body).toEqual([]);
    expect((await get(`/api/connectors/${c.id}/inbox?status=lost`)).status).toBe(400);
    expect((await get(`/api/connectors/${c.id}/inbox?status=done&x=1`)).status).toBe(400);

    const replay = () =>
      t.http().post(`/api/connectors/${c.id}/inbox/${unmapped[0].id}/replay`).set('Authorization', admin());
    await stages('deal_won');
    const res = await replay();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'pending', attempts: 0 });
    await flow.drain();
    const points = await flow.points(anna);
    expect(points).toBeGreaterThan(0);
    expect((await get(`/api/connectors/${c.id}/inbox`)).body).toEqual([
      expect.objectContaining({ status: 'done' }),
    ]);

    const again = await replay();
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
    expect(
      (await t.http().post(`/api/connectors/${c.id}/inbox/999999/replay`).set('Authorization', admin()))
        .status,
    ).toBe(404);
    expect(
      (await t.http().post(`/api/connectors/${c.id}/inbox/abc/replay`).set('Authorization', admin())).status,
    ).toBe(404);
    await flow.drain();
    expect(await t.count('events')).toBe(1);
    expect(await flow.points(anna)).toBe(points);
  });

  it('keeps every new route to admins and managers: display, rep and integration tokens get 403', async () => {
    const c = await connector();
    const repId = await flow.rep('r');
    const password = 'Granite-Harbor-Violet-58';
    for (const [email, role, extra] of [
      ['boss@example.com', 'manager', {}],
      ['seller@example.com', 'rep', { repId }],
    ] as const)
      expect(
        (
          await t
            .http()
            .post('/api/users')
            .set('Authorization', admin())
            .send({ email, password, role, ...extra })
        ).status,
      ).toBe(201);
    const login = async (email: string) =>
      ((await t.http().post('/api/auth/login').send({ email, password })).body as { accessToken: string })
        .accessToken;
    const display = (
      await t.http().post('/api/tokens').set('Authorization', admin()).send({ kind: 'display', name: 'TV' })
    ).body.token as string;
    const forbidden = [display, await login('seller@example.com'), t.integrationToken];
    const routes: Array<[string, string, object?]> = [
      ['get', `/api/connectors/${c.id}/users`],
      ['get', `/api/connectors/${c.id}/stages`],
      ['post', `/api/connectors/${c.id}/sync`],
      ['post', `/api/connectors/${c.id}/backfill`, { days: 1 }],
      ['get', `/api/connectors/${c.id}/jobs`],
      ['get', `/api/connectors/${c.id}/inbox?status=failed`],
      ['post', `/api/connectors/${c.id}/inbox/1/replay`],
      ['patch', `/api/connectors/${c.id}`, { credentials: { apiToken: 'x' } }],
    ];
    for (const [method, path, body] of routes) {
      for (const token of forbidden) {
        const agent = t.http() as unknown as Record<string, (p: string) => Test>;
        const res = await agent[method](path).set('Authorization', `Bearer ${token}`).send(body);
        expect([path, res.status]).toEqual([path, 403]);
      }
    }
    const manager = await login('boss@example.com');
    expect((await get(`/api/connectors/${c.id}/jobs`, manager)).status).toBe(200);
    expect((await get(`/api/connectors/${c.id}/users`, manager)).status).toBe(200);
  });
});
