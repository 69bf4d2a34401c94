/**
 * A generic connector created before its sender is known: no field paths yet, its deliveries kept
 * unmapped ("fields not mapped yet") as the sample the manager picks paths from in /admin, then the
 * paths saved with PATCH and the kept deliveries replayed into the ledger.
 */
import { jest } from '@jest/globals';
import type { ConnectorHealth, CreatedConnector } from '@leaderboard/contracts';
import { type ConnectorFlow, useConnectorFlow } from '../test-support/connector-flow.js';
import type { TestApp } from '../test-support/test-app.js';

jest.setTimeout(60_000);

const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';
const SAMPLE = {
  deal: { id: 5501, owner: 'vera@example.com', closedAt: '2026-11-18T10:00:00+03:00', price: '1500.50' },
};

let t: TestApp;
let flow: ConnectorFlow;
useConnectorFlow(AT, (app, f) => ([t, flow] = [app, f]));

const admin = () => `Bearer ${t.adminToken}`;

async function health(id: string): Promise<ConnectorHealth> {
  const res = await t.http().get(`/api/connectors/${id}/health`).set('Authorization', admin());
  expect(res.status).toBe(200);
  return res.body as ConnectorHealth;
}

describe('a generic connector mapped from a received sample', () => {
  it('keeps deliveries unmapped until the paths are set, then scores them once replayed', async () => {
    const repId = await flow.rep('vera');

    const created = await t
      .http()
      .post('/api/connectors')
      .set('Authorization', admin())
      .send({ kind: 'generic', name: 'Site form', settings: { currency: 'RUB' } });
    expect(created.status).toBe(201);
    const c = created.body as CreatedConnector;

    expect((await t.http().post(c.hookPath).send(SAMPLE)).status).toBe(200);
    await flow.drain();
    expect(await t.count('events')).toBe(0);
    const before = await health(c.id);
    expect(before.byStatus).toMatchObject({ unmapped: 1, done: 0 });
    expect(before.lastFailure?.reason).toBe('fields not mapped yet');
    // The sample the manager picks paths from: the body as it came.
    expect(JSON.parse(before.lastFailure?.body ?? 'null')).toEqual(SAMPLE);

    // Some paths but not the required ones is still refused; the whole set is taken.
    const partial = await t
      .http()
      .patch(`/api/connectors/${c.id}`)
      .set('Authorization', admin())
      .send({ settings: { currency: 'RUB', amountPath: 'deal.price' } });
    expect(partial.status).toBe(400);
    const paths = {
      externalIdPath: 'deal.id',
      crmUserIdPath: 'deal.owner',
      occurredAtPath: 'deal.closedAt',
      eventType: 'deal_won',
      amountPath: 'deal.price',
      currency: 'RUB',
    };
    const patched = await t
      .http()
      .patch(`/api/connectors/${c.id}`)
      .set('Authorization', admin())
      .send({ settings: paths });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ settings: paths });

    // The manager replays the kept delivery from the inbox (as the Connectors tab does).
    const kept = await t
      .http()
      .get(`/api/connectors/${c.id}/inbox?status=unmapped`)
      .set('Authorization', admin());
    expect(kept.status).toBe(200);
    const deliveries = kept.body as Array<{ id: string }>;
    expect(deliveries).toHaveLength(1);
    const replayed = await t
      .http()
      .post(`/api/connectors/${c.id}/inbox/${deliveries[0]?.id}/replay`)
      .set('Authorization', admin());
    expect(replayed.status).toBe(200);
    await flow.drain();
    const ledger = await t.dataSource.query<Array<{ type: string; attributes: Record<string, unknown> }>>(
      'SELECT type, attributes FROM events',
    );
    expect(ledger).toEqual([{ type: 'deal_won', attributes: { amount: 150_050, currency: 'RUB' } }]);
    expect(await flow.points(repId)).toBeGreaterThan(0);
    expect((await health(c.id)).byStatus).toMatchObject({ unmapped: 0, done: 1 });

    // The same body again is the same event.
    expect((await t.http().post(c.hookPath).send(SAMPLE)).status).toBe(200);
    await flow.drain();
    expect(await t.count('events')).toBe(1);
  });

  it('refuses a bad fixed currency even without paths', async () => {
    const res = await t
      .http()
      .post('/api/connectors')
      .set('Authorization', admin())
      .send({ kind: 'generic', name: 'x', settings: { currency: 'rubles' } });
    expect(res.status).toBe(400);
    expect(await t.count('connectors')).toBe(0);
  });
});
