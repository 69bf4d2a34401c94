import { createHmac } from 'node:crypto';
import { jest } from '@jest/globals';
import type { CreatedConnector } from '@leaderboard/contracts';
import type { ApiClient } from '../test-support/api-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';
import { InboxWorker } from './inbox-worker.js';

jest.setTimeout(60_000);

/** 2026-11-18T10:00:00+03:00 in unix seconds, as amoCRM's `last_modified` carries it. */
const MODIFIED = 1794985200;
const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';

/** The research brief's amoCRM "deal moved to won" webhook (form-encoded, bracket keys). */
const amoWon = (leadId: number, price = 22500) =>
  [
    `leads[status][0][id]=${leadId}`,
    'leads[status][0][status_id]=142',
    'leads[status][0][old_status_id]=20067736',
    'leads[status][0][pipeline_id]=9217056',
    `leads[status][0][price]=${price}`,
    'leads[status][0][responsible_user_id]=2079676',
    'leads[status][0][modified_user_id]=2079718',
    `leads[status][0][last_modified]=${MODIFIED}`,
    'leads[status][0][account_id]=17769199',
    'account[subdomain]=acme',
    'account[id]=17769199',
  ].join('&');

let t: TestApp;
let api: ApiClient;
useTestApp((app, client) => {
  t = app;
  api = client;
});

const admin = () => `Bearer ${t.adminToken}`;
const drain = () => t.app.get(InboxWorker).drain();

async function connector(
  kind: string,
  credentials: Record<string, string> = {},
  settings: Record<string, string> = {},
): Promise<CreatedConnector> {
  const res = await t
    .http()
    .post('/api/connectors')
    .set('Authorization', admin())
    .send({ kind, name: `${kind} of acme`, settings, credentials });
  expect(res.status).toBe(201);
  return res.body as CreatedConnector;
}

async function rep(key: string): Promise<string> {
  const team = await api.team('Sales');
  const res = await t
    .http()
    .post('/api/reps')
    .set('Authorization', admin())
    .send({ key, name: key, teamId: team.id, email: `${key}@example.com` });
  expect(res.status).toBe(201);
  return (res.body as { id: string }).id;
}

const pointsOf = async (repId: string): Promise<number | undefined> =>
  (await api.board(AT)).rows.find((r) => r.repId === repId)?.points;

describe('vendor connectors through the public hook', () => {
  it('amoCRM: a won lead is held for its unmapped CRM user, scored once mapped, and a redelivery counts once', async () => {
    const c = await connector('amocrm');
    const anna = await rep('anna');
    const send = () => t.http().post(c.hookPath).type('form').send(amoWon(10701093));
    expect((await send()).status).toBe(200);
    await drain();
    expect(
      await t.count('events', "rep_id IS NULL AND external_id = 'amocrm:17769199:lead:10701093:won'"),
    ).toBe(1);
    expect(await pointsOf(anna)).toBe(0);

    const mapped = await t
      .http()
      .put(`/api/connectors/${c.id}/users/2079676`)
      .set('Authorization', admin())
      .send({ repId: anna });
    expect(mapped.status).toBe(200);
    const points = await pointsOf(anna);
    expect(points).toBeGreaterThan(0);

    // amoCRM retries and duplicates: the same delivery again is stored, mapped, and counted once.
    expect((await send()).status).toBe(200);
    await drain();
    expect(await t.count('events', "source LIKE 'connector:%'")).toBe(1);
    expect(await pointsOf(anna)).toBe(points);
    const [stored] = await t.dataSource.query<Array<{ amount: string; currency: string }>>(
      "SELECT attributes->>'amount' AS amount, attributes->>'currency' AS currency FROM events",
    );
    expect(stored).toEqual({ amount: '2250000', currency: 'RUB' });
  });

  it('HubSpot: a delivery without a valid v3 signature is refused with 401 and stored nowhere', async () => {
    const c = await connector('hubspot', { clientSecret: 'hub-secret' });
    const body = JSON.stringify([
      {
        objectId: 1246965,
        propertyName: 'dealstage',
        propertyValue: 'closedwon',
        eventId: 3816279340,
        subscriptionId: 25,
        portalId: 33,
        occurredAt: Date.parse('2026-11-18T07:00:00Z'),
        subscriptionType: 'deal.propertyChange',
        attemptNumber: 0,
      },
    ]);
    const timestamp = String(Date.now());
    const forged = createHmac('sha256', 'not-the-secret').update(`POST${c.hookPath}${body}${timestamp}`);
    const res = await t
      .http()
      .post(c.hookPath)
      .set('content-type', 'application/json')
      .set('x-hubspot-request-timestamp', timestamp)
      .set('x-hubspot-signature-v3', forged.digest('base64'))
      .send(body);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('UNAUTHENTICATED');
    const unsigned = await t.http().post(c.hookPath).set('content-type', 'application/json').send(body);
    expect(unsigned.status).toBe(401);
    expect(await t.count('connector_inbox')).toBe(0);
  });

  it('Zadarma: the URL check answers its zd_echo and stores nothing; a signed call ends up on the ledger', async () => {
    const c = await connector('zadarma', { secret: 'zd-secret' }, { timeZone: 'Europe/Moscow' });
    const echo = await t.http().get(`${c.hookPath}?zd_echo=abc123`);
    expect(echo.status).toBe(200);
    expect(echo.text).toContain('abc123');
    expect(await t.count('connector_inbox')).toBe(0);

    const call = {
      event: 'NOTIFY_END',
      call_start: '2026-11-18 10:00:00',
      pbx_call_id: 'in_0123456789',
      caller_id: '+79001234567',
      called_did: '+74951234567',
      internal: '101',
      duration: '95',
      disposition: 'answered',
    };
    const signed = createHmac('sha1', 'zd-secret')
      .update(call.caller_id + call.called_did + call.call_start)
      .digest('hex');
    const res = await t
      .http()
      .post(c.hookPath)
      .type('form')
      .set('signature', Buffer.from(signed, 'utf8').toString('base64'))
      .send(call);
    expect(res.status).toBe(200);
    await drain();
    const events = await t.dataSource.query<Array<{ type: string; duration: string }>>(
      "SELECT type, attributes->>'durationSec' AS duration FROM events",
    );
    expect(events).toEqual([{ type: 'call', duration: '95' }]);
  });

  it('hostile bodies on a hook (NUL, a lone surrogate, JSON a million deep) are kept unmapped with the reason, never ledger rows', async () => {
    const c = await connector(
      'generic',
      {},
      {
        externalIdPath: 'deal.id',
        crmUserIdPath: 'deal.owner',
        occurredAtPath: 'deal.closedAt',
        eventType: 'deal_won',
      },
    );
    const deal = (id: string) =>
      `{"deal":{"id":"${id}","owner":"anna@example.com","closedAt":"2026-11-18T10:00:00+03:00"}}`;
    const bodies = [deal('a\\u0000b'), deal('a\\ud800b'), '['.repeat(1_000_000)];
    for (const body of bodies) {
      const res = await t.http().post(c.hookPath).set('content-type', 'application/json').send(body);
      expect(res.status).toBe(200);
    }
    await drain();
    expect(await t.count('events')).toBe(0);
    const rows = await t.dataSource.query<Array<{ status: string; reason: string | null }>>(
      'SELECT status, reason FROM connector_inbox ORDER BY id',
    );
    // Refused for what they are, once: not failed in the database and retried.
    expect(rows.map((r) => r.status)).toEqual(['unmapped', 'unmapped', 'unmapped']);
    expect(rows[0].reason).toMatch(/^events\.0\.externalId: .*NUL/);
    expect(rows[1].reason).toMatch(/^events\.0\.externalId: .*surrogate/);
    expect(rows[2].reason).toBe('the body is not valid JSON');
    const health = await t.http().get(`/api/connectors/${c.id}/health`).set('Authorization', admin());
    expect(health.status).toBe(200);
  });
});
