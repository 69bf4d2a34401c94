import { jest } from '@jest/globals';
import type { CreatedConnector } from '@leaderboard/contracts';
import { AMO_PIPELINE, AMO_PROPOSAL, AmoCrmSender, FakeAmoCrm } from '../../../../../test/fakes/amocrm.js';
import { type ConnectorFlow, useConnectorFlow } from '../../test-support/connector-flow.js';
import type { TestApp } from '../../test-support/test-app.js';

jest.setTimeout(60_000);

/** 2026-11-18T10:00:00+03:00 in unix seconds: every move of the fake account happens from here. */
const T0 = 1794985200;
const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';

let t: TestApp;
let flow: ConnectorFlow;
useConnectorFlow(AT, (app, f) => ([t, flow] = [app, f]));

const amo = new FakeAmoCrm();
const anna = amo.users[0]!.id;
beforeAll(() => amo.start());
afterAll(() => amo.stop());
beforeEach(() => {
  amo.clock = T0;
});

const connect = (): Promise<CreatedConnector> =>
  flow.connector('amocrm', { apiBaseUrl: amo.url, currency: 'RUB' }, { apiToken: amo.token });
const senderOf = (c: CreatedConnector, options = {}) => new AmoCrmSender(flow.hookUrl(c), options);

describe('amoCRM: fake sender -> inbound URL -> worker -> ledger -> board', () => {
  it('a won lead with its price lands in kopecks and scores its mapped rep', async () => {
    const c = await connect();
    const repId = await flow.rep('anna');
    expect(await flow.mapUser(c.id, anna, repId)).toBe(200);
    const lead = amo.createLead({ price: 22500, responsible_user_id: anna });
    expect(await senderOf(c).deliver(amo.win(lead))).toEqual([200]);
    await flow.drain();
    expect(await flow.ledger()).toEqual([
      {
        external_id: `amocrm:${amo.accountId}:lead:${lead}:won`,
        ...{ type: 'deal_won', rep_id: repId, amount: '2250000', currency: 'RUB', duration: null },
      },
    ]);
    expect(await flow.points(repId)).toBeGreaterThan(0);
  });

  it('a stage move becomes the event type the stage map names; an unmapped stage a plain stage change', async () => {
    const c = await connect();
    const repId = await flow.rep('anna');
    await flow.mapUser(c.id, anna, repId);
    const stages = [{ pipelineId: String(AMO_PIPELINE), stageId: String(AMO_PROPOSAL), type: 'demo_booked' }];
    expect(await flow.mapStages(c.id, stages)).toBe(200);
    const sender = senderOf(c);
    const first = amo.createLead({ responsible_user_id: anna });
    const second = amo.createLead({ responsible_user_id: anna, status_id: AMO_PROPOSAL });
    // Several items in one POST, as amoCRM batches them.
    await sender.deliver(
      amo.moveMany([
        { leadId: first, statusId: AMO_PROPOSAL },
        { leadId: second, statusId: 20067736 },
      ]),
    );
    await flow.drain();
    const rows = await flow.ledger();
    expect(rows.map((r) => [r.external_id, r.type])).toEqual([
      [`amocrm:${amo.accountId}:lead:${first}:status:${AMO_PROPOSAL}`, 'demo_booked'],
      [`amocrm:${amo.accountId}:lead:${second}:status:20067736`, 'deal_stage_changed'],
    ]);
    expect(await flow.points(repId)).toBeGreaterThanOrEqual(40);
  });

  it('a call note becomes a call with its duration', async () => {
    const c = await connect();
    const repId = await flow.rep('anna');
    await flow.mapUser(c.id, anna, repId);
    await senderOf(c).deliver(amo.call(amo.createLead(), 95, { userId: anna }));
    await flow.drain();
    const [call] = await flow.ledger();
    expect(call).toMatchObject({ type: 'call', duration: '95', rep_id: repId });
    expect(await flow.points(repId)).toBeGreaterThan(0);
  });

  it('a payload delivered twice (and again after a failure) counts once', async () => {
    const c = await connect();
    const repId = await flow.rep('anna');
    await flow.mapUser(c.id, anna, repId);
    const body = amo.win(amo.createLead({ price: 1000, responsible_user_id: anna }));
    const sender = senderOf(c, { duplicate: true });
    await sender.deliver(body);
    await sender.deliver(body);
    expect(sender.deliveries).toHaveLength(4);
    await flow.drain();
    expect(await flow.ledger()).toHaveLength(1);
    expect((await flow.inbox()).map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    const points = await flow.points(repId);
    expect(points).toBeGreaterThan(0);
    await senderOf(c).deliver(body);
    await flow.drain();
    expect(await flow.ledger()).toHaveLength(1);
    expect(await flow.points(repId)).toBe(points);
  });

  it('a wrong URL secret is refused, retried by amoCRM, and stored nowhere', async () => {
    const c = await connect();
    const forged = { ...c, hookPath: c.hookPath.replace(/[^/]+$/, 'x'.repeat(43)) };
    const statuses = await senderOf(forged).deliver(amo.win(amo.createLead()));
    expect(statuses).toHaveLength(3);
    expect(statuses.every((s) => s === 401 || s === 404)).toBe(true);
    expect(await t.count('connector_inbox')).toBe(0);
    expect(await t.count('events')).toBe(0);
  });

  it('events of an unmapped CRM user are held, then scored once the manager maps the user', async () => {
    const c = await connect();
    const repId = await flow.rep('boris');
    const boris = amo.users[1]!.id;
    const sender = senderOf(c);
    await sender.deliver(amo.win(amo.createLead({ price: 5000, responsible_user_id: boris })));
    await sender.deliver(amo.call(amo.createLead(), 120, { userId: boris }));
    await flow.drain();
    await flow.expectHeldUntilMapped(c.id, boris, repId, 2);
  });
});
