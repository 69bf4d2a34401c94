import { jest } from '@jest/globals';
import type { ConnectorHealth, ConnectorView, CreatedConnector } from '@leaderboard/contracts';
import type { ApiClient } from '../test-support/api-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';
import { InboxWorker } from './inbox-worker.js';

jest.setTimeout(60_000);

const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';
/** Where a generic connector finds each field of a JSON deal webhook. */
const JSON_SETTINGS = {
  externalIdPath: 'deal.id',
  crmUserIdPath: 'deal.owner',
  occurredAtPath: 'deal.closedAt',
  eventType: 'deal_won',
  amountPath: 'deal.price',
  currencyPath: 'deal.currency',
};
/** A stage move: the manager's stage map decides its type. */
const STAGE_SETTINGS = {
  externalIdPath: 'id',
  crmUserIdPath: 'owner',
  occurredAtPath: 'at',
  stagePath: 'stage',
  pipelinePath: 'pipeline',
};
const wonDeal = (id: number, owner: string) => ({
  deal: { id, owner, closedAt: '2026-11-18T10:00:00+03:00', price: '22500', currency: 'RUB' },
});

let t: TestApp;
let api: ApiClient;
useTestApp((app, client) => {
  t = app;
  api = client;
});

const admin = () => `Bearer ${t.adminToken}`;
/** An admin's request of `method`. */
const as = (method: string, path: string) => {
  const http = t.http();
  const req =
    method === 'put'
      ? http.put(path)
      : method === 'patch'
        ? http.patch(path)
        : method === 'post'
          ? http.post(path)
          : http.get(path);
  return req.set('Authorization', admin());
};
const drain = () => t.app.get(InboxWorker).drain();

async function createConnector(settings: Record<string, string> = JSON_SETTINGS): Promise<CreatedConnector> {
  const res = await t
    .http()
    .post('/api/connectors')
    .set('Authorization', admin())
    .send({ kind: 'generic', name: 'Website deals', settings, credentials: { note: 'top-secret-value' } });
  expect(res.status).toBe(201);
  return res.body as CreatedConnector;
}

async function health(id: string): Promise<ConnectorHealth> {
  const res = await t.http().get(`/api/connectors/${id}/health`).set('Authorization', admin());
  expect(res.status).toBe(200);
  return res.body as ConnectorHealth;
}

async function repWithEmail(key: string, email: string): Promise<string> {
  const team = await api.team('Sales');
  const res = await t
    .http()
    .post('/api/reps')
    .set('Authorization', admin())
    .send({ key, name: key, teamId: team.id, email });
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

const pointsOf = async (repId: string): Promise<number | undefined> =>
  (await api.board(AT)).rows.find((r) => r.repId === repId)?.points;

describe('connectors: create, read, secrets', () => {
  it('shows the hook path and credentials once; list, get and the audit log never hold them', async () => {
    const created = await createConnector();
    expect(created.hookPath).toMatch(new RegExp(`^/api/hooks/${created.id}/[A-Za-z0-9_-]{43}$`));
    expect(created.credentials).toEqual({ note: 'top-secret-value' });
    const secret = created.hookPath.split('/').pop()!;
    const list = await t.http().get('/api/connectors').set('Authorization', admin());
    const one = await t.http().get(`/api/connectors/${created.id}`).set('Authorization', admin());
    const audit = await t.http().get('/api/audit').set('Authorization', admin());
    for (const res of [list, one, audit]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(secret);
      expect(JSON.stringify(res.body)).not.toContain('top-secret-value');
    }
    expect((list.body as ConnectorView[]).map((c) => c.id)).toEqual([created.id]);
    expect(Object.keys(one.body as object).sort()).toEqual(
      [
        'alert',
        'createdAt',
        'createdBy',
        'credentialNames',
        'disabled',
        'id',
        'kind',
        'name',
        'settings',
      ].sort(),
    );
    const stored = await t.dataSource.query<Array<{ data: Buffer }>>(
      'SELECT secret_data AS data FROM connectors',
    );
    expect(stored[0].data.toString('latin1')).not.toContain('top-secret-value');
    expect(stored[0].data.toString('latin1')).not.toContain(secret);
  });

  it('is for admins and managers only', async () => {
    const res = await t.http().get('/api/connectors').set('Authorization', `Bearer ${t.integrationToken}`);
    expect(res.status).toBe(403);
    expect((await t.http().get('/api/connectors')).status).toBe(401);
  });

  it('renames, disables (its hook then answers 404) and deletes', async () => {
    const c = await createConnector();
    const patched = await t
      .http()
      .patch(`/api/connectors/${c.id}`)
      .set('Authorization', admin())
      .send({ name: 'Renamed', disabled: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Renamed', disabled: true });
    expect((await t.http().post(c.hookPath).send(wonDeal(1, 'x@example.com'))).status).toBe(404);
    expect(await t.count('connector_inbox')).toBe(0);
    expect((await t.http().delete(`/api/connectors/${c.id}`).set('Authorization', admin())).status).toBe(204);
    expect((await t.http().get(`/api/connectors/${c.id}`).set('Authorization', admin())).status).toBe(404);
  });
});

describe('inbound hooks -> inbox -> worker -> board', () => {
  it('scores a JSON delivery once, however often it is redelivered', async () => {
    const repId = await repWithEmail('anna', 'anna@example.com');
    const c = await createConnector();
    const first = await t.http().post(c.hookPath).send(wonDeal(10701093, 'anna@example.com'));
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ok: true });
    expect(await t.count('connector_inbox')).toBe(1);
    await drain();
    const points = await pointsOf(repId);
    expect(points).toBeGreaterThan(200);
    const ledger = await t.dataSource.query<Array<{ source: string; attributes: Record<string, unknown> }>>(
      'SELECT source, attributes FROM events',
    );
    expect(ledger).toEqual([
      { source: `connector:${c.id}`, attributes: { amount: 2_250_000, currency: 'RUB' } },
    ]);

    expect((await t.http().post(c.hookPath).send(wonDeal(10701093, 'anna@example.com'))).status).toBe(200);
    await drain();
    expect(await pointsOf(repId)).toBe(points);
    expect(await t.count('events')).toBe(1);
    const h = await health(c.id);
    expect(h.byStatus).toEqual({ pending: 0, done: 2, unmapped: 0, failed: 0 });
    expect(h.lastHour.deliveries).toBe(2);
    expect(h.lastHour.events).toBe(1);
    expect(h.lastDeliveryAt).not.toBeNull();
  });

  it('reads a form-encoded body by field name', async () => {
    const repId = await repWithEmail('boris', 'boris@example.com');
    const c = await createConnector({
      externalIdPath: 'leads[status][0][id]',
      crmUserIdPath: 'leads[status][0][responsible_user_id]',
      occurredAtPath: 'leads[status][0][last_modified]',
      eventType: 'deal_won',
      amountPath: 'leads[status][0][price]',
      currency: 'RUB',
    });
    const body =
      'leads[status][0][id]=10701093&leads[status][0][status_id]=142&leads[status][0][price]=22500' +
      '&leads[status][0][responsible_user_id]=boris@example.com&leads[status][0][last_modified]=1794985200';
    const res = await t.http().post(c.hookPath).type('form').send(body);
    expect(res.status).toBe(200);
    await drain();
    expect(await pointsOf(repId)).toBeGreaterThan(200);
  });

  it('answers 404 to a wrong secret or an unknown connector and stores nothing', async () => {
    const c = await createConnector();
    const wrong = c.hookPath.replace(/[^/]+$/, 'x'.repeat(43));
    const answers = [];
    for (const path of [
      wrong,
      `/api/hooks/00000000-0000-4000-8000-000000000000/${c.hookPath.split('/').pop()}`,
      '/api/hooks/not-a-uuid/secret',
    ]) {
      const res = await t.http().post(path).send(wonDeal(1, 'a@example.com'));
      answers.push([res.status, res.body]);
    }
    // The same answer whether the connector exists or not: the URL tells nothing.
    expect(answers).toEqual(
      Array(3).fill([404, { error: { code: 'NOT_FOUND', message: 'No such hook', details: [] } }]),
    );
    expect((await t.http().post(`/api/hooks/${c.id}/`).send({})).status).toBe(404);
    expect(await t.count('connector_inbox')).toBe(0);
  });

  it('keeps an unmappable delivery with its reason and shows it, raw, in health', async () => {
    const c = await createConnector();
    const payload = JSON.stringify({ deal: { id: 5, closedAt: '2026-11-18T10:00:00+03:00' } });
    const res = await t.http().post(c.hookPath).set('Content-Type', 'application/json').send(payload);
    expect(res.status).toBe(200);
    await drain();
    const h = await health(c.id);
    expect(h.byStatus.unmapped).toBe(1);
    expect(h.lastFailure).toMatchObject({ status: 'unmapped', body: payload, method: 'POST' });
    expect(h.lastFailure?.reason).toContain('deal.owner');
    expect(h.lastFailure?.url).not.toContain(c.hookPath.split('/').pop());
    expect(await t.count('events')).toBe(0);
  });

  it('holds the events of an unmapped CRM user, then scores them once the user is mapped', async () => {
    const repId = await repWithEmail('vera', 'vera@example.com');
    const c = await createConnector();
    await t.http().post(c.hookPath).send(wonDeal(77, '2079676'));
    await drain();
    expect(await t.count('events', `rep_id IS NULL AND rep_key = 'crm:${c.id}:2079676'`)).toBe(1);
    expect(await pointsOf(repId)).toBe(0);

    const mapped = await t
      .http()
      .put(`/api/connectors/${c.id}/users/2079676`)
      .set('Authorization', admin())
      .send({ repId });
    expect(mapped.status).toBe(200);
    expect(mapped.body).toEqual({ crmUserId: '2079676', repId, matchedBy: 'manual', attached: 1 });
    expect(await pointsOf(repId)).toBeGreaterThan(200);

    // Later deliveries of that user go to the rep at once.
    await t.http().post(c.hookPath).send(wonDeal(78, '2079676'));
    await drain();
    expect(await t.count('events', `rep_id = '${repId}'`)).toBe(2);
  });

  it('types a stage move by the stage map; a stage mapped to null is ignored, with the reason kept', async () => {
    const repId = await repWithEmail('gleb', 'gleb@example.com');
    const c = await createConnector(STAGE_SETTINGS);
    const stages = await t
      .http()
      .put(`/api/connectors/${c.id}/stages`)
      .set('Authorization', admin())
      .send({
        stages: [
          { pipelineId: 'p1', stageId: 'closed', type: 'deal_won' },
          { pipelineId: null, stageId: 'spam', type: null },
        ],
      });
    expect(stages.status).toBe(200);
    const at = '2026-11-18T11:00:00+03:00';
    await t
      .http()
      .post(c.hookPath)
      .send({ id: 1, owner: 'gleb@example.com', at, stage: 'closed', pipeline: 'p1' });
    await t
      .http()
      .post(c.hookPath)
      .send({ id: 2, owner: 'gleb@example.com', at, stage: 'spam', pipeline: 'p1' });
    await t
      .http()
      .post(c.hookPath)
      .send({ id: 3, owner: 'gleb@example.com', at, stage: 'talks', pipeline: 'p1' });
    await drain();
    const types = await t.dataSource.query<Array<{ type: string }>>(
      'SELECT type FROM events ORDER BY external_id',
    );
    expect(types.map((r) => r.type)).toEqual(['deal_won', 'deal_stage_changed']);
    expect(await pointsOf(repId)).toBeGreaterThan(0);
    const h = await health(c.id);
    expect(h.byStatus).toMatchObject({ done: 2, unmapped: 1 });
    expect(h.lastFailure?.reason).toContain('spam');
  });
});

describe('attack inputs on the connector routes', () => {
  const refusals: Array<[string, string, unknown]> = [
    ['post', '/api/connectors', { kind: 'generic', name: 'x', settings: JSON_SETTINGS, extra: 1 }],
    ['post', '/api/connectors', { kind: 'salesforce', name: 'x' }],
    ['post', '/api/connectors', { kind: 'generic', name: '   ', settings: JSON_SETTINGS }],
    ['post', '/api/connectors', { kind: 'generic', name: 42, settings: JSON_SETTINGS }],
    ['post', '/api/connectors', { kind: 'generic', name: 'x'.repeat(121), settings: JSON_SETTINGS }],
    ['post', '/api/connectors', { kind: 'generic', name: 'x', settings: { externalIdPath: { a: 1 } } }],
    ['post', '/api/connectors', { kind: 'generic', name: 'x', settings: { ...JSON_SETTINGS, bogus: 'y' } }],
    ['post', '/api/connectors', { kind: 'generic', name: 'x', settings: { externalIdPath: 'id' } }],
    [
      'post',
      '/api/connectors',
      { kind: 'generic', name: 'x', settings: JSON_SETTINGS, credentials: { a: 1 } },
    ],
    [
      'post',
      '/api/connectors',
      { kind: 'generic', name: 'x', settings: JSON_SETTINGS, credentials: 'secret' },
    ],
    [
      'post',
      '/api/connectors',
      {
        kind: 'generic',
        name: 'x',
        settings: Object.fromEntries([...Array(60).keys()].map((i) => [`k${i}`, 'v'])),
      },
    ],
    ['post', '/api/connectors', { kind: 'salesforce', name: 'a kind we do not connect' }],
    ['post', '/api/connectors', [1, 2, 3]],
  ];

  it.each(refusals)('%s %s refuses %j with 400 and stores nothing', async (method, path, body) => {
    const res = await as(method, path).send(body as object);
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect(await t.count('connectors')).toBe(0);
  });

  it('refuses bad bodies and ids on the other routes', async () => {
    const c = await createConnector();
    const rep = await repWithEmail('zoe', 'zoe@example.com');
    const cases: Array<[string, string, unknown, number]> = [
      ['patch', `/api/connectors/${c.id}`, { secret: 'x' }, 400],
      ['patch', `/api/connectors/${c.id}`, { disabled: 'yes' }, 400],
      ['patch', `/api/connectors/${c.id}`, { name: ' ' }, 400],
      ['patch', `/api/connectors/${c.id}`, { settings: { externalIdPath: 'id' } }, 400],
      ['patch', '/api/connectors/not-a-uuid', { name: 'x' }, 400],
      ['patch', '/api/connectors/00000000-0000-4000-8000-000000000000', { name: 'x' }, 404],
      ['put', `/api/connectors/${c.id}/users/u1`, { repId: 'x' }, 400],
      ['put', `/api/connectors/${c.id}/users/u1`, {}, 400],
      ['put', `/api/connectors/${c.id}/users/u1`, { repId: rep, extra: true }, 400],
      ['put', `/api/connectors/${c.id}/users/u1`, { repId: '00000000-0000-4000-8000-000000000000' }, 400],
      ['put', `/api/connectors/${c.id}/users/${'u'.repeat(201)}`, { repId: rep }, 400],
      ['put', `/api/connectors/${c.id}/stages`, [{ stageId: 's', pipelineId: null, type: null }], 400],
      ['put', `/api/connectors/${c.id}/stages`, { stages: 'all' }, 400],
      [
        'put',
        `/api/connectors/${c.id}/stages`,
        { stages: [{ stageId: 's', pipelineId: null, type: 'void' }] },
        400,
      ],
      [
        'put',
        `/api/connectors/${c.id}/stages`,
        { stages: [{ stageId: '', pipelineId: null, type: null }] },
        400,
      ],
      ['put', `/api/connectors/${c.id}/stages`, { stages: [{ stageId: 's', type: null }] }, 400],
      [
        'put',
        `/api/connectors/${c.id}/stages`,
        {
          stages: [
            { stageId: 's', pipelineId: null, type: null },
            { stageId: 's', pipelineId: null, type: 'deal_won' },
          ],
        },
        400,
      ],
      [
        'put',
        `/api/connectors/${c.id}/stages`,
        { stages: [...Array(1001).keys()].map((i) => ({ stageId: `s${i}`, pipelineId: null, type: null })) },
        400,
      ],
      ['get', '/api/connectors/not-a-uuid/health', undefined, 400],
    ];
    for (const [method, path, body, status] of cases) {
      const req = as(method, path);
      const res = body === undefined ? await req : await req.send(body as object);
      expect({ method, path, status: res.status }).toEqual({ method, path, status });
    }
    expect(await t.count('connector_users')).toBe(0);
    expect(await t.count('connector_stages')).toBe(0);
    const unchanged = await t.http().get(`/api/connectors/${c.id}`).set('Authorization', admin());
    expect(unchanged.body).toMatchObject({ name: 'Website deals', disabled: false, settings: JSON_SETTINGS });
  });

  it('refuses a hook body over 1 MB with 413 and stores nothing', async () => {
    const c = await createConnector();
    const res = await t
      .http()
      .post(c.hookPath)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ pad: 'x'.repeat(1_100_000) }));
    expect(res.status).toBe(413);
    expect(await t.count('connector_inbox')).toBe(0);
  });
});
