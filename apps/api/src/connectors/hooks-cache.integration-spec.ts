import { jest } from '@jest/globals';
import type { CreatedConnector } from '@leaderboard/contracts';
import { ConnectorsRepository } from '../repositories/connectors.repository.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';
import { InboxWorker } from './inbox-worker.js';
import { CONNECTOR_CACHE_SIZE, CONNECTOR_CACHE_TTL_MS, ConnectorCache } from './connector-cache.js';

jest.setTimeout(60_000);

let t: TestApp;
useTestApp((app) => {
  t = app;
});
afterEach(() => {
  t.app.get(ConnectorCache).now = () => performance.now();
  jest.restoreAllMocks();
});

const admin = () => `Bearer ${t.adminToken}`;
const won = (id: number) =>
  `leads[status][0][id]=${id}&leads[status][0][status_id]=142&leads[status][0][responsible_user_id]=1&leads[status][0][last_modified]=1794985200&account[id]=17769199`;
const deliver = async (c: CreatedConnector, id: number): Promise<number> =>
  (await t.http().post(c.hookPath).type('form').send(won(id))).status;

async function amo(): Promise<CreatedConnector> {
  const res = await t
    .http()
    .post('/api/connectors')
    .set('Authorization', admin())
    .send({ kind: 'amocrm', name: 'amoCRM', settings: {}, credentials: {} });
  expect(res.status).toBe(201);
  return res.body as CreatedConnector;
}

describe('the hooks read a connector once per moment, and see its changes', () => {
  it('many deliveries cost one read of the connector', async () => {
    const c = await amo();
    // The worker reads connectors too: left out of the count.
    jest.spyOn(t.app.get(InboxWorker), 'kick').mockImplementation(() => undefined);
    const find = jest.spyOn(t.app.get(ConnectorsRepository), 'find');
    for (let i = 1; i <= 5; i++) expect(await deliver(c, i)).toBe(200);
    expect(find.mock.calls.filter(([id]) => id === c.id)).toHaveLength(1);
    expect(await t.count('connector_inbox')).toBe(5);
  });

  it('disabling, re-enabling and deleting through the API apply to the very next delivery', async () => {
    const c = await amo();
    expect(await deliver(c, 1)).toBe(200);
    const patch = (disabled: boolean) =>
      t.http().patch(`/api/connectors/${c.id}`).set('Authorization', admin()).send({ disabled });
    expect((await patch(true)).status).toBe(200);
    expect(await deliver(c, 2)).toBe(404);
    expect((await patch(false)).status).toBe(200);
    expect(await deliver(c, 3)).toBe(200);
    expect((await t.http().delete(`/api/connectors/${c.id}`).set('Authorization', admin())).status).toBe(204);
    expect(await deliver(c, 4)).toBe(404);
    expect(await t.count('connector_inbox')).toBe(0); // deleted with the connector
  });

  it("another process's change (straight in the database) shows once the moment has passed", async () => {
    const c = await amo();
    const cache = t.app.get(ConnectorCache);
    expect(await deliver(c, 1)).toBe(200);
    await t.dataSource.query('UPDATE connectors SET disabled = true WHERE id = $1', [c.id]);
    expect(await deliver(c, 2)).toBe(200); // within the TTL: still the connector it read
    const later = performance.now() + CONNECTOR_CACHE_TTL_MS + 1;
    cache.now = () => later;
    expect(await deliver(c, 3)).toBe(404);
    expect(await t.count('connector_inbox')).toBe(2);
  });

  it('a wrong secret or an unknown connector is not remembered, and the cache stays bounded', async () => {
    const c = await amo();
    const cache = t.app.get(ConnectorCache);
    const wrong = c.hookPath.replace(/[^/]+$/, 'x'.repeat(43));
    expect((await t.http().post(wrong).type('form').send(won(1))).status).toBe(404);
    expect(await deliver(c, 2)).toBe(200);
    expect((await t.http().post(wrong).type('form').send(won(3))).status).toBe(404);
    expect(cache.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    const known = cache.get(c.id)!;
    for (let i = 0; i < CONNECTOR_CACHE_SIZE; i++) cache.set(`other-${i}`, known);
    expect(cache.get(c.id)).toBeNull(); // the oldest went first
    expect(cache.get(`other-${CONNECTOR_CACHE_SIZE - 1}`)).not.toBeNull();
  });
});
