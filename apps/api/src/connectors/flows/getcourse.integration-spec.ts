import { jest } from '@jest/globals';
import type { CreatedConnector } from '@leaderboard/contracts';
import {
  GetCourseFake,
  getcourseCallUrl,
  sendGetCourse,
  type GetCourseOrder,
} from '../../../../../test/fakes/getcourse.js';
import type { ApiClient } from '../../test-support/api-client.js';
import type { TestApp } from '../../test-support/test-app.js';
import { useTestApp } from '../../test-support/use-test-app.js';
import { InboxWorker } from '../inbox-worker.js';

jest.setTimeout(60_000);

let t: TestApp;
let api: ApiClient;
useTestApp((app, client) => {
  t = app;
  api = client;
});
const fake = new GetCourseFake();
let crm: string;
/** The app's listening URL (it listens once per file). */
let base: string | undefined;
beforeAll(async () => {
  crm = await fake.start();
});
afterAll(() => fake.stop());

const admin = () => `Bearer ${t.adminToken}`;
const drain = () => t.app.get(InboxWorker).drain();

async function connector(): Promise<{ c: CreatedConnector; url: string }> {
  const res = await t
    .http()
    .post('/api/connectors')
    .set('Authorization', admin())
    .send({
      kind: 'getcourse',
      name: 'GetCourse of the school',
      settings: { apiBaseUrl: crm, account: 'school' },
      credentials: { apiToken: fake.key },
    });
  expect(res.status).toBe(201);
  const c = res.body as CreatedConnector;
  base ??= await t.listen();
  return { c, url: `${base}${c.hookPath}` };
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

/** The call carries no time: the event is dated when it reached us, so the board is read then. */
const pointsOf = async (repId: string): Promise<number | undefined> => {
  const [row] = await t.dataSource.query<Array<{ at: string }>>(
    'SELECT min(occurred_at)::text AS at FROM events',
  );
  const at = new Date(row?.at ?? Date.now()).toISOString();
  return (await api.board(`period=month&at=${encodeURIComponent(at)}`)).rows.find((r) => r.repId === repId)
    ?.points;
};
const order = (id: number, status: string): GetCourseOrder => ({
  id,
  number: id - 4000,
  status,
  cost: 22500,
  paid: 22500,
  email: 'buyer@example.com',
  manager: 'manager@school.ru',
  createdAt: '2026-11-18 10:00:00',
  paidAt: '2026-11-18 10:00:00',
});

describe('GetCourse: "Вызвать URL" (data in the query) -> inbox -> ledger -> board', () => {
  it('a paid order is held for its unmapped manager, scored once mapped, a repeated call counted once; GET or POST', async () => {
    const { c, url } = await connector();
    const anna = await rep('anna');
    const call = getcourseCallUrl(url, order(4521, 'payed'));
    expect((await sendGetCourse(call, 'POST'))[0]?.status).toBe(200);
    await drain();
    const [held] = await t.dataSource.query<Array<Record<string, string | null>>>(
      "SELECT external_id, rep_id, type, attributes->>'amount' AS amount, attributes->>'currency' AS currency FROM events",
    );
    expect(held).toEqual({
      external_id: 'getcourse:school:order:4521:payed',
      rep_id: null,
      type: 'deal_won',
      amount: '2250000',
      currency: 'RUB',
    });
    const mapped = await t
      .http()
      .put(`/api/connectors/${c.id}/users/${encodeURIComponent('manager@school.ru')}`)
      .set('Authorization', admin())
      .send({ repId: anna });
    expect(mapped.status).toBe(200);
    const points = await pointsOf(anna);
    expect(points).toBeGreaterThan(0);

    // The process runs again for the same order (a GET this time): the same key, counted once.
    expect((await sendGetCourse(call, 'GET'))[0]?.status).toBe(200);
    await drain();
    expect(await t.count('events')).toBe(1);
    expect(await pointsOf(anna)).toBe(points);
  });

  it('an order status becomes the type mapped with PUT stages', async () => {
    const { c, url } = await connector();
    const set = await t
      .http()
      .put(`/api/connectors/${c.id}/stages`)
      .set('Authorization', admin())
      .send({ stages: [{ pipelineId: null, stageId: 'in_work', type: 'opportunity_created' }] });
    expect(set.status).toBe(200);
    expect((await sendGetCourse(getcourseCallUrl(url, order(4522, 'in_work'))))[0]?.status).toBe(200);
    await drain();
    const rows = await t.dataSource.query<Array<{ external_id: string; type: string }>>(
      'SELECT external_id, type FROM events',
    );
    expect(rows).toEqual([
      { external_id: 'getcourse:school:order:4522:in_work', type: 'opportunity_created' },
    ]);
  });

  it('a call with a wrong URL secret is refused and stored nowhere', async () => {
    const { url } = await connector();
    const forged = url.replace(/\/[^/]+$/, '/not-the-secret');
    const answers = await sendGetCourse(getcourseCallUrl(forged, order(4523, 'payed')));
    expect(answers[0]?.status).toBeGreaterThanOrEqual(400);
    expect(await t.count('connector_inbox')).toBe(0);
    expect(await t.count('events')).toBe(0);
  });
});
