import { jest } from '@jest/globals';
import type { CreatedConnector } from '@leaderboard/contracts';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

jest.setTimeout(120_000);

/**
 * The connectors' admin routes as a careless integration or an attacker calls them: wrong types,
 * negative, huge and unrepresentable numbers, NUL and lone surrogates, deep JSON, unknown fields,
 * malformed path parameters. Never a 5xx, always the SPEC 9 error body, and nothing changes.
 */

let t: TestApp;
useTestApp((app) => {
  t = app;
});

const TABLES = [
  'connectors',
  'connector_inbox',
  'connector_users',
  'connector_stages',
  'connector_jobs',
  'events',
  'audit_log',
];

async function snapshot(): Promise<string> {
  const counts = await Promise.all(TABLES.map((table) => t.count(table)));
  const [row] = await t.dataSource.query<Array<{ state: string }>>(
    `SELECT md5(string_agg(name || settings::text || disabled::text || encode(secret_data, 'hex'), ',')) AS state
     FROM connectors`,
  );
  return JSON.stringify({ counts, state: row.state });
}

/** JSON nested `depth` deep. */
const deep = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

interface Attempt {
  method: 'post' | 'patch' | 'put' | 'get';
  path: string;
  /** A raw JSON text (numbers JSON.stringify cannot write, deep nesting) or a value to send. */
  body?: string | object;
}

async function refusedWithoutChange(attempts: Attempt[]): Promise<void> {
  const before = await snapshot();
  for (const attempt of attempts) {
    let req = t.http()[attempt.method](attempt.path).set('Authorization', `Bearer ${t.adminToken}`);
    if (attempt.body !== undefined) {
      req = req.set('content-type', 'application/json');
      req = req.send(typeof attempt.body === 'string' ? attempt.body : JSON.stringify(attempt.body));
    }
    const res = await req;
    const what = `${attempt.method.toUpperCase()} ${attempt.path} ${String(typeof attempt.body === 'string' ? attempt.body.slice(0, 60) : JSON.stringify(attempt.body ?? null).slice(0, 60))}`;
    expect({ what, status: res.status >= 400 && res.status < 500 }).toEqual({ what, status: true });
    expect({ what, code: typeof (res.body as { error?: { code?: unknown } }).error?.code }).toEqual({
      what,
      code: 'string',
    });
  }
  expect(await snapshot()).toBe(before);
}

describe('connector routes under hostile input', () => {
  let c: CreatedConnector;
  beforeEach(async () => {
    const res = await t
      .http()
      .post('/api/connectors')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({
        kind: 'amocrm',
        name: 'amoCRM',
        settings: { currency: 'RUB' },
        credentials: { apiToken: 'tok' },
      });
    expect(res.status).toBe(201);
    c = res.body as CreatedConnector;
  });

  it('refuses bad connector bodies on create and update with a 4xx and changes nothing', async () => {
    const base = { kind: 'amocrm', name: 'x' };
    await refusedWithoutChange([
      { method: 'post', path: '/api/connectors', body: { ...base, kind: 123 } },
      { method: 'post', path: '/api/connectors', body: { ...base, kind: 'amocrm\u0000' } },
      { method: 'post', path: '/api/connectors', body: { ...base, kind: 'salesforce' } },
      { method: 'post', path: '/api/connectors', body: { ...base, name: '\ud800' } },
      { method: 'post', path: '/api/connectors', body: { ...base, name: 'n\u0000' } },
      { method: 'post', path: '/api/connectors', body: { ...base, name: '' } },
      { method: 'post', path: '/api/connectors', body: { ...base, name: 'x'.repeat(100_000) } },
      { method: 'post', path: '/api/connectors', body: { ...base, settings: [1, 2] } },
      { method: 'post', path: '/api/connectors', body: { ...base, credentials: { apiToken: 5 } } },
      { method: 'post', path: '/api/connectors', body: { ...base, credentials: { apiToken: 'a\u0000' } } },
      { method: 'post', path: '/api/connectors', body: { ...base, credentials: { apiToken: '\udc00' } } },
      { method: 'post', path: '/api/connectors', body: { ...base, secret: 'mine' } },
      {
        method: 'post',
        path: '/api/connectors',
        body: `{"kind":"amocrm","name":"x","settings":${deep(5000)}}`,
      },
      { method: 'post', path: '/api/connectors', body: '{"kind":"amocrm","name":' },
      { method: 'patch', path: `/api/connectors/${c.id}`, body: { disabled: 'yes' } },
      { method: 'patch', path: `/api/connectors/${c.id}`, body: { name: '\ud83d' } },
      { method: 'patch', path: `/api/connectors/${c.id}`, body: { credentials: { apiToken: { a: 1 } } } },
      { method: 'patch', path: `/api/connectors/${c.id}`, body: { credentials: { apiToken: null } } },
      { method: 'patch', path: `/api/connectors/${c.id}`, body: { credentials: [] } },
      { method: 'patch', path: `/api/connectors/${c.id}`, body: `{"credentials":${deep(5000)}}` },
      { method: 'patch', path: `/api/connectors/${c.id}`, body: { hookPath: '/api/hooks/x/y' } },
      { method: 'patch', path: '/api/connectors/not-a-uuid', body: { name: 'y' } },
      { method: 'patch', path: '/api/connectors/00000000-0000-0000-0000-000000000000', body: { name: 'y' } },
    ]);
  });

  it('refuses bad backfills, stage maps, user maps, inbox queries and replays, and changes nothing', async () => {
    const id = c.id;
    await refusedWithoutChange([
      ...['-1', '0', '731', '1.5', '"10"', '1e400', '-0', 'null', '{}', '9223372036854775808'].map(
        (days): Attempt => ({
          method: 'post',
          path: `/api/connectors/${id}/backfill`,
          body: `{"days":${days}}`,
        }),
      ),
      { method: 'post', path: `/api/connectors/${id}/backfill`, body: {} },
      { method: 'post', path: `/api/connectors/${id}/backfill`, body: { days: 30, since: '2020-01-01' } },
      { method: 'post', path: '/api/connectors/x/backfill', body: { days: 30 } },
      { method: 'put', path: `/api/connectors/${id}/stages`, body: { stages: 'all' } },
      { method: 'put', path: `/api/connectors/${id}/stages`, body: { stages: [{ stageId: 5, type: null }] } },
      {
        method: 'put',
        path: `/api/connectors/${id}/stages`,
        body: { stages: [{ pipelineId: null, stageId: '142', type: 'bribe' }] },
      },
      {
        method: 'put',
        path: `/api/connectors/${id}/stages`,
        body: { stages: [{ pipelineId: '\ud800', stageId: '142', type: null }] },
      },
      {
        method: 'put',
        path: `/api/connectors/${id}/stages`,
        body: { stages: [{ pipelineId: null, stageId: 's\u0000', type: null }] },
      },
      {
        method: 'put',
        path: `/api/connectors/${id}/stages`,
        body: {
          stages: Array.from({ length: 1001 }, (_, i) => ({ pipelineId: null, stageId: `${i}`, type: null })),
        },
      },
      { method: 'put', path: `/api/connectors/${id}/stages`, body: `{"stages":[${deep(5000)}]}` },
      { method: 'put', path: `/api/connectors/${id}/users/2079676`, body: { repId: 'not-a-uuid' } },
      { method: 'put', path: `/api/connectors/${id}/users/2079676`, body: { repId: 5 } },
      {
        method: 'put',
        path: `/api/connectors/${id}/users/2079676`,
        body: { repId: '00000000-0000-0000-0000-000000000000' },
      },
      { method: 'put', path: `/api/connectors/${id}/users/${'9'.repeat(300)}`, body: { repId: null } },
      { method: 'put', path: `/api/connectors/${id}/users/a%00b`, body: { repId: null } },
      { method: 'put', path: `/api/connectors/${id}/users/%ED%A0%80`, body: { repId: null } },
      { method: 'get', path: `/api/connectors/${id}/inbox?status=bogus` },
      { method: 'get', path: `/api/connectors/${id}/inbox?status=done&status=failed` },
      { method: 'post', path: `/api/connectors/${id}/inbox/abc/replay` },
      { method: 'post', path: `/api/connectors/${id}/inbox/-1/replay` },
      { method: 'post', path: `/api/connectors/${id}/inbox/99999999999999999999/replay` },
      { method: 'post', path: `/api/connectors/${id}/inbox/1e3/replay` },
      { method: 'post', path: `/api/connectors/${id}/inbox/1/replay` },
    ]);
  });
});
