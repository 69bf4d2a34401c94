import { jest } from '@jest/globals';
import {
  GetCourseFake,
  getcourseCallUrl,
  sendGetCourse,
  type GetCourseOrder,
} from '../../../../../test/fakes/getcourse.js';
import { type ConnectorFlow, useConnectorFlow } from '../../test-support/connector-flow.js';
import type { TestApp } from '../../test-support/test-app.js';

jest.setTimeout(60_000);

let t: TestApp;
let flow: ConnectorFlow;
// The board's instant is the first event's (see pointsOf).
useConnectorFlow('period=month', (app, f) => ([t, flow] = [app, f]));
const fake = new GetCourseFake();
let crm: string;
beforeAll(async () => {
  crm = await fake.start();
});
afterAll(() => fake.stop());

const connector = () =>
  flow.hooked('getcourse', { apiBaseUrl: crm, account: 'school' }, { apiToken: fake.key });
/** The call carries no time: the event is dated when it reached us, so the board is read then. */
const pointsOf = async (repId: string): Promise<number | undefined> => {
  const [row] = await t.dataSource.query<Array<{ at: string }>>(
    'SELECT min(occurred_at)::text AS at FROM events',
  );
  const at = new Date(row?.at ?? Date.now()).toISOString();
  return flow.points(repId, `period=month&at=${encodeURIComponent(at)}`);
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
    const anna = await flow.rep('anna');
    const call = getcourseCallUrl(url, order(4521, 'payed'));
    expect((await sendGetCourse(call, 'POST'))[0]?.status).toBe(200);
    await flow.drain();
    expect(await flow.ledger()).toEqual([
      {
        external_id: 'getcourse:school:order:4521:payed',
        rep_id: null,
        type: 'deal_won',
        amount: '2250000',
        currency: 'RUB',
        duration: null,
      },
    ]);
    expect(await flow.mapUser(c.id, 'manager@school.ru', anna)).toBe(200);
    const points = await pointsOf(anna);
    expect(points).toBeGreaterThan(0);

    // The process runs again for the same order (a GET this time): the same key, counted once.
    expect((await sendGetCourse(call, 'GET'))[0]?.status).toBe(200);
    await flow.drain();
    expect(await t.count('events')).toBe(1);
    expect(await pointsOf(anna)).toBe(points);
  });

  it('an order status becomes the type mapped with PUT stages', async () => {
    const { c, url } = await connector();
    const stages = [{ pipelineId: null, stageId: 'in_work', type: 'opportunity_created' }];
    expect(await flow.mapStages(c.id, stages)).toBe(200);
    expect((await sendGetCourse(getcourseCallUrl(url, order(4522, 'in_work'))))[0]?.status).toBe(200);
    await flow.drain();
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
