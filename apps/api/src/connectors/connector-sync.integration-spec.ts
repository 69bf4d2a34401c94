import { jest } from '@jest/globals';
import type { ConnectorStageRow, ConnectorUserRow, ConnectorView } from '@leaderboard/contracts';
import type { ApiClient } from '../test-support/api-client.js';
import { type ConnectorFlow, useConnectorFlow } from '../test-support/connector-flow.js';
import { type StubCrm, useStubCrm, wonDeal } from '../test-support/stub-crm.js';
import type { TestApp } from '../test-support/test-app.js';
import { CrmHttpError } from './crm/crm-http.js';
import { MappedIngest } from './mapped-ingest.js';

jest.setTimeout(60_000);

const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';
let t: TestApp;
let api: ApiClient;
let flow: ConnectorFlow;
useConnectorFlow(AT, (app, f, client) => ([t, flow, api] = [app, f, client]));

let stub: StubCrm;
useStubCrm('amocrm', (s) => {
  stub = s;
  stub.users_ = [
    { crmUserId: '2079676', name: 'Anna Petrova', email: 'anna@example.com', active: true },
    { crmUserId: '2079677', name: 'Boris', email: 'boris@example.com', active: true },
    { crmUserId: '2079678', name: 'Vera (left)', email: null, active: false },
  ];
  stub.stages_ = [
    { pipelineId: '9217056', stageId: '142', semantic: 'won', pipelineName: 'Sales', name: 'Won' },
    { pipelineId: '9217056', stageId: '143', semantic: 'lost', pipelineName: 'Sales', name: 'Lost' },
    { pipelineId: '9217056', stageId: '20067736', semantic: 'open', pipelineName: 'Sales', name: 'Offer' },
  ];
});

const admin = () => `Bearer ${t.adminToken}`;
const connector = (kind = 'amocrm', credentials: Record<string, string> = { apiToken: 'tok' }) =>
  flow.connector(kind, {}, credentials);

async function rep(key: string, email: string): Promise<string> {
  const team = await api.team(`Team ${key}`);
  const res = await t
    .http()
    .post('/api/reps')
    .set('Authorization', admin())
    .send({ key, name: key.toUpperCase(), teamId: team.id, email });
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

const get = (path: string) => t.http().get(path).set('Authorization', admin());
const post = (path: string, body: object = {}) =>
  t.http().post(path).set('Authorization', admin()).send(body);

describe('connector sync: the CRM users and stages beside our reps and event types', () => {
  it('stores users and stages, matches users by e-mail, presets won and lost, never overrides the manager', async () => {
    const c = await connector();
    const anna = await rep('anna', 'Anna@Example.com');
    const boris = await rep('boris', 'boris@example.com');
    const other = await rep('other', 'other@example.com');
    // The manager mapped Boris's CRM user to another rep by hand, and typed the offer stage.
    expect(
      (
        await t
          .http()
          .put(`/api/connectors/${c.id}/users/2079677`)
          .set('Authorization', admin())
          .send({ repId: other })
      ).status,
    ).toBe(200);
    const put = await t
      .http()
      .put(`/api/connectors/${c.id}/stages`)
      .set('Authorization', admin())
      .send({ stages: [{ pipelineId: '9217056', stageId: '20067736', type: 'deal_stage_changed' }] });
    expect(put.status).toBe(200);

    const res = await post(`/api/connectors/${c.id}/sync`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ users: 3, matched: 1, stages: 3 });

    const users = (await get(`/api/connectors/${c.id}/users`)).body as ConnectorUserRow[];
    expect(users).toEqual([
      {
        crmUserId: '2079676',
        name: 'Anna Petrova',
        email: 'anna@example.com',
        repId: anna,
        repName: 'ANNA',
        matchedBy: 'email',
        heldEvents: 0,
      },
      {
        crmUserId: '2079677',
        name: 'Boris',
        email: 'boris@example.com',
        repId: other,
        repName: 'OTHER',
        matchedBy: 'manual',
        heldEvents: 0,
      },
      {
        crmUserId: '2079678',
        name: 'Vera (left)',
        email: null,
        repId: null,
        repName: null,
        matchedBy: null,
        heldEvents: 0,
      },
    ]);
    expect(boris).toBeDefined();
    const stages = (await get(`/api/connectors/${c.id}/stages`)).body as ConnectorStageRow[];
    const byId = (rows: ConnectorStageRow[]) => [...rows].sort((a, b) => a.stageId.localeCompare(b.stageId));
    expect(byId(stages).map((s) => [s.stageId, s.name, s.semantic, s.type])).toEqual([
      ['142', 'Won', 'won', 'deal_won'],
      ['143', 'Lost', 'lost', 'deal_lost'],
      ['20067736', 'Offer', 'open', 'deal_stage_changed'],
    ]);

    // The manager changes the won stage's type; a second sync keeps it, and counts no new match.
    await t
      .http()
      .put(`/api/connectors/${c.id}/stages`)
      .set('Authorization', admin())
      .send({ stages: [{ pipelineId: '9217056', stageId: '142', type: 'deal_stage_changed' }] });
    expect((await post(`/api/connectors/${c.id}/sync`)).body).toEqual({ users: 3, matched: 0, stages: 3 });
    const after = (await get(`/api/connectors/${c.id}/stages`)).body as ConnectorStageRow[];
    // Not listed in the PUT: the synced rows stay, with their names and no type.
    expect(byId(after).map((s) => [s.stageId, s.name, s.type])).toEqual([
      ['142', 'Won', 'deal_stage_changed'],
      ['143', 'Lost', null],
      ['20067736', 'Offer', null],
    ]);
  });

  it('lists the stages in the CRM order, funnel by funnel, not alphabetically', async () => {
    const stage = (pipelineId: string, pipelineName: string, stageId: string, name: string) => ({
      pipelineId,
      pipelineName,
      stageId,
      name,
      semantic: 'open' as const,
    });
    stub.stages_ = [
      stage('2', 'Wholesale', 'NEW', 'New'),
      stage('2', 'Wholesale', 'PREP', 'Preparing'),
      stage('2', 'Wholesale', 'WON', 'Won'),
      stage('1', 'Retail', 'NEW', 'New'),
      stage('1', 'Retail', 'DEMO', 'Demo'),
    ];
    const c = await connector();
    await post(`/api/connectors/${c.id}/sync`);
    const rows = (await get(`/api/connectors/${c.id}/stages`)).body as ConnectorStageRow[];
    expect(rows.map((s) => `${s.pipelineName}/${s.name}`)).toEqual([
      'Wholesale/New',
      'Wholesale/Preparing',
      'Wholesale/Won',
      'Retail/New',
      'Retail/Demo',
    ]);
  });

  it('scores the events held for a CRM user once a sync matches the user by e-mail', async () => {
    const c = await connector();
    const ingest = t.app.get(MappedIngest);
    await ingest.history(c.id, [wonDeal(1, '2079676', '2026-11-18T10:00:00+03:00')]);
    const held = (await get(`/api/connectors/${c.id}/users`)).body as ConnectorUserRow[];
    expect(held).toEqual([
      expect.objectContaining({ crmUserId: '2079676', name: null, repId: null, heldEvents: 1 }),
    ]);
    const anna = await rep('anna', 'anna@example.com');
    expect((await post(`/api/connectors/${c.id}/sync`)).body).toMatchObject({ matched: 1 });
    expect(await flow.points(anna)).toBeGreaterThan(0);
    expect(await t.count('events', 'rep_id IS NULL')).toBe(0);
  });

  it('says why a connector cannot sync: a kind without a CRM API, a CRM connector without its token', async () => {
    for (const c of [await connector('zadarma', { secret: 'z' }), await connector('amocrm', {})]) {
      const res = await post(`/api/connectors/${c.id}/sync`);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CRM_NOT_CONNECTED');
    }
    expect((await post('/api/connectors/00000000-0000-4000-8000-000000000000/sync')).status).toBe(404);
  });

  it('answers a CRM that is down with 502 and a refused token with 422, storing nothing', async () => {
    const c = await connector();
    stub.failLists = new CrmHttpError(
      null,
      'GET https://acme.amocrm.ru/api/v4/users answered 503: down (after 5 tries)',
    );
    const down = await post(`/api/connectors/${c.id}/sync`);
    expect(down.status).toBe(502);
    expect(down.body.error).toMatchObject({
      code: 'CRM_UNAVAILABLE',
      message: expect.stringContaining('amoCRM'),
    });

    stub.failLists = new CrmHttpError(
      401,
      'GET https://acme.amocrm.ru/api/v4/users answered 401: Unauthorized',
    );
    const refused = await post(`/api/connectors/${c.id}/sync`);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('CRM_REFUSED');
    expect(refused.body.error.message).toContain('answered 401: Unauthorized');
    expect(refused.body.error.message).toContain('API token');

    // A client that breaks on an answer it cannot read is not a 500 either.
    stub.failLists = new TypeError("Cannot read properties of undefined (reading '_embedded')");
    expect((await post(`/api/connectors/${c.id}/sync`)).status).toBe(502);
    expect(await t.count('connector_users')).toBe(0);
    expect(await t.count('connector_stages')).toBe(0);
  });

  it('cleans what the CRM sends: blank and overlong ids left out, NUL in names replaced', async () => {
    const c = await connector();
    stub.users_ = [
      { crmUserId: '', name: 'nobody', email: null, active: true },
      { crmUserId: 'x'.repeat(201), name: 'too long', email: null, active: true },
      { crmUserId: '7', name: 'Ev\u0000e', email: ' ', active: true },
    ];
    stub.stages_ = [];
    expect((await post(`/api/connectors/${c.id}/sync`)).body).toEqual({ users: 1, matched: 0, stages: 0 });
    const users = (await get(`/api/connectors/${c.id}/users`)).body as ConnectorUserRow[];
    expect(users).toEqual([expect.objectContaining({ crmUserId: '7', name: 'Ev\uFFFDe', email: null })]);
  });

  it('PATCH replaces the credentials: sealed again, never returned, the inbound URL unchanged', async () => {
    const c = await connector('amocrm', {});
    expect((await post(`/api/connectors/${c.id}/sync`)).status).toBe(409);
    const res = await t
      .http()
      .patch(`/api/connectors/${c.id}`)
      .set('Authorization', admin())
      .send({ credentials: { apiToken: 'long-lived-token-value' } });
    expect(res.status).toBe(200);
    expect((res.body as ConnectorView).credentialNames).toEqual(['apiToken']);
    expect(JSON.stringify(res.body)).not.toContain('long-lived-token-value');
    expect((await post(`/api/connectors/${c.id}/sync`)).status).toBe(200);
    // The same hook path still reaches the connector.
    expect((await t.http().post(c.hookPath).type('form').send('account[id]=1')).status).toBe(200);
    await flow.drain();
    const audit = (await get('/api/audit')).body as Array<{ action: string; details: unknown }>;
    expect(audit.filter((a) => a.action === 'connector.update')).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ credentials: '[redacted]' }) }),
    ]);
    expect(audit.map((a) => a.action)).toContain('connector.sync');
    expect(JSON.stringify(audit)).not.toContain('long-lived-token-value');
    const bad = await t
      .http()
      .patch(`/api/connectors/${c.id}`)
      .set('Authorization', admin())
      .send({ credentials: { apiToken: 42 } });
    expect(bad.status).toBe(400);
  });
});
