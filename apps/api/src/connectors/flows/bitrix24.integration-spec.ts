import { jest } from '@jest/globals';
import type { CreatedConnector } from '@leaderboard/contracts';
import { Bitrix24Sender, FakeBitrix24 } from '../../../../../test/fakes/bitrix24.js';
import { type ConnectorFlow, useConnectorFlow } from '../../test-support/connector-flow.js';
import type { TestApp } from '../../test-support/test-app.js';

jest.setTimeout(60_000);

/** 2026-11-18T10:00:00+03:00: every move of the fake portal happens from here. */
const T0 = Date.parse('2026-11-18T07:00:00Z');
const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';

let t: TestApp;
let flow: ConnectorFlow;
useConnectorFlow(AT, (app, f) => ([t, flow] = [app, f]));

const b24 = new FakeBitrix24();
const anna = b24.users[0]!.ID;
beforeAll(() => b24.start());
afterAll(() => b24.stop());
beforeEach(() => {
  b24.clock = T0;
  b24.server.up();
});

const connect = (): Promise<CreatedConnector> =>
  flow.connector('bitrix24', {}, { restUrl: b24.restUrl, applicationToken: b24.applicationToken });
const senderOf = (c: CreatedConnector, options = {}) => new Bitrix24Sender(flow.hookUrl(c), options);
/** A connector and a rep mapped to Anna (Bitrix24 user 12). */
async function mapped(): Promise<{ c: CreatedConnector; repId: string }> {
  const c = await connect();
  const repId = await flow.rep('anna');
  expect(await flow.mapUser(c.id, anna, repId)).toBe(200);
  return { c, repId };
}

describe('Bitrix24: fake sender -> inbound URL -> worker (crm.deal.get on the fake) -> ledger -> board', () => {
  it('a won deal read through the REST API lands with OPPORTUNITY in kopecks and scores its rep', async () => {
    const { c, repId } = await mapped();
    const deal = b24.createDeal({ OPPORTUNITY: '22500.00', CURRENCY_ID: 'RUB', ASSIGNED_BY_ID: anna });
    const before = b24.server.calls(/crm\.deal\.get\.json$/).length;
    expect(await senderOf(c).deliver(b24.win(deal))).toEqual([200]);
    await flow.drain();
    // Only the id came: the worker asked the portal for the deal.
    expect(b24.server.calls(/crm\.deal\.get\.json$/).length).toBe(before + 1);
    expect(await flow.ledger()).toEqual([
      {
        external_id: `b24:${b24.domain}:deal:${deal}:won`,
        ...{ type: 'deal_won', rep_id: repId, amount: '2250000', currency: 'RUB', duration: null },
      },
    ]);
    expect(await flow.points(repId)).toBeGreaterThan(0);
  });

  it('a stage move is keyed by its stage-history row and typed by the stage map; edits add nothing', async () => {
    const { c, repId } = await mapped();
    const stages = [{ pipelineId: '0', stageId: 'PREPARATION', type: 'demo_booked' }];
    expect(await flow.mapStages(c.id, stages)).toBe(200);
    const sender = senderOf(c);
    const deal = b24.createDeal({ ASSIGNED_BY_ID: anna });
    await sender.deliver(b24.move(deal, 'PREPARATION'));
    await sender.deliver(b24.edit(deal, { TITLE: 'renamed' }));
    await flow.drain();
    const row = b24.history.filter((r) => r.OWNER_ID === deal).at(-1)!;
    expect(await flow.ledger()).toEqual([
      expect.objectContaining({
        external_id: `b24:${b24.domain}:stagehistory:${row.ID}`,
        type: 'demo_booked',
      }),
    ]);
    expect(await flow.points(repId)).toBe(40);
  });

  it('ONVOXIMPLANTCALLEND becomes a call with its duration', async () => {
    const { c, repId } = await mapped();
    await senderOf(c).deliver(b24.call(95, { userId: anna }));
    await flow.drain();
    expect(await flow.ledger()).toEqual([
      expect.objectContaining({ type: 'call', duration: '95', rep_id: repId }),
    ]);
    expect(await flow.points(repId)).toBeGreaterThan(0);
  });

  it('a payload delivered twice counts once', async () => {
    const { c, repId } = await mapped();
    const sender = senderOf(c, { duplicate: true });
    const deal = b24.createDeal({ OPPORTUNITY: '1000.00', ASSIGNED_BY_ID: anna });
    await sender.deliver(b24.win(deal));
    await sender.deliver(b24.call(60, { userId: anna }));
    await flow.drain();
    expect((await flow.inbox()).map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect((await flow.ledger()).map((r) => r.type).sort()).toEqual(['call', 'deal_won']);
    const points = await flow.points(repId);
    await sender.deliver(b24.edit(deal, { TITLE: 'after the win' }));
    await flow.drain();
    expect(await flow.ledger()).toHaveLength(2);
    expect(await flow.points(repId)).toBe(points);
  });

  it('a wrong application token is refused with 401, never resent, stored nowhere', async () => {
    const c = await connect();
    const body = b24.win(b24.createDeal()).replace(b24.applicationToken, 'forged-token');
    expect(await senderOf(c).deliver(body)).toEqual([401]);
    expect(await t.count('connector_inbox')).toBe(0);
    expect(await t.count('events')).toBe(0);
  });

  it('events of an unmapped CRM user are held, then scored once the manager maps the user', async () => {
    const c = await connect();
    const repId = await flow.rep('boris');
    const boris = b24.users[1]!.ID;
    const sender = senderOf(c);
    await sender.deliver(b24.win(b24.createDeal({ OPPORTUNITY: '5000.00', ASSIGNED_BY_ID: boris })));
    await sender.deliver(b24.call(120, { userId: boris }));
    await flow.drain();
    await flow.expectHeldUntilMapped(c.id, boris, repId, 2);
  });

  it('the portal down while a webhook waits: the row fails, is retried, and is scored once when it is up', async () => {
    const { c, repId } = await mapped();
    const deal = b24.createDeal({ OPPORTUNITY: '3000.00', ASSIGNED_BY_ID: anna });
    b24.server.goDown();
    expect(await senderOf(c).deliver(b24.win(deal))).toEqual([200]);
    await flow.drain();
    expect(await flow.inbox()).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
    expect(await flow.ledger()).toEqual([]);
    b24.server.up();
    await flow.retryDue();
    await flow.drain();
    expect(await flow.inbox()).toEqual([expect.objectContaining({ status: 'done', attempts: 2 })]);
    expect(await flow.ledger()).toEqual([
      expect.objectContaining({ external_id: `b24:${b24.domain}:deal:${deal}:won`, amount: '300000' }),
    ]);
    const points = await flow.points(repId);
    expect(points).toBeGreaterThan(0);
    await flow.retryDue();
    await flow.drain();
    expect(await flow.ledger()).toHaveLength(1);
    expect(await flow.points(repId)).toBe(points);
  });
});
