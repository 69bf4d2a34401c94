import { jest } from '@jest/globals';
import { HubSpotFake, sendHubSpot } from '../../../../../test/fakes/hubspot.js';
import { type ConnectorFlow, useConnectorFlow } from '../../test-support/connector-flow.js';
import type { TestApp } from '../../test-support/test-app.js';

jest.setTimeout(60_000);

/** A fixed instant for the deals; the board is read at it. */
const WON_AT = Date.parse('2026-11-18T07:00:00Z');
const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';
const SECRET = 'hub-client-secret';

let t: TestApp;
let flow: ConnectorFlow;
useConnectorFlow(AT, (app, f) => ([t, flow] = [app, f]));
const fake = new HubSpotFake(33);
let crm: string;
beforeAll(async () => {
  crm = await fake.start();
  fake.seedOwners(2);
});
afterAll(() => fake.stop());

const connector = () =>
  flow.hooked('hubspot', { apiBaseUrl: crm }, { clientSecret: SECRET, apiToken: fake.token });
const deal = { amount: '1500.50', deal_currency_code: 'USD', pipeline: 'default', hubspot_owner_id: '900' };

describe('HubSpot: signed webhook -> inbox -> deal read from the CRM API -> ledger -> board', () => {
  it('a won deal (amount and currency from the API) is held for its unmapped owner, scored once mapped, a redelivery counted once', async () => {
    const { c, url } = await connector();
    const anna = await flow.rep('anna');
    const item = fake.moveDeal('1246965', 'closedwon', WON_AT, deal);
    const [first] = await sendHubSpot(url, SECRET, [item]);
    expect(first?.status).toBe(200);
    await flow.drain();
    expect(await flow.ledger()).toEqual([
      {
        external_id: 'hubspot:33:deal:1246965:won',
        rep_id: null,
        type: 'deal_won',
        amount: '150050',
        currency: 'USD',
        duration: null,
      },
    ]);
    expect(fake.server.calls(/\/crm\/v3\/objects\/deals\/1246965/)).toHaveLength(1);
    expect(await flow.points(anna)).toBe(0);

    expect(await flow.mapUser(c.id, 900, anna)).toBe(200);
    const points = await flow.points(anna);
    expect(points).toBeGreaterThan(0);

    // HubSpot retries (a later attempt, another occurredAt) and may deliver the same change twice.
    const again = { ...item, occurredAt: item.occurredAt + 5_000, eventId: item.eventId + 1 };
    expect((await sendHubSpot(url, SECRET, [again, item]))[0]?.status).toBe(200);
    await flow.drain();
    expect(await t.count('events')).toBe(1);
    expect(await flow.points(anna)).toBe(points);
  });

  it('a stage move becomes the type the manager mapped with PUT stages', async () => {
    const { c, url } = await connector();
    const stages = [{ pipelineId: 'default', stageId: 'contractsent', type: 'demo_booked' }];
    expect(await flow.mapStages(c.id, stages)).toBe(200);
    const items = [
      fake.moveDeal('501', 'contractsent', WON_AT, deal),
      fake.moveDeal('502', 'qualifiedtobuy', WON_AT, deal),
    ];
    // Order not guaranteed: the later item first.
    expect((await sendHubSpot(url, SECRET, items.reverse()))[0]?.status).toBe(200);
    await flow.drain();
    const rows = await t.dataSource.query<Array<{ external_id: string; type: string }>>(
      'SELECT external_id, type FROM events ORDER BY external_id',
    );
    expect(rows).toEqual([
      { external_id: 'hubspot:33:deal:501:stage:contractsent', type: 'demo_booked' },
      { external_id: 'hubspot:33:deal:502:stage:qualifiedtobuy', type: 'deal_stage_changed' },
    ]);
  });

  it('a forged v3 signature and a stale timestamp are refused with 401 and stored nowhere', async () => {
    const { url } = await connector();
    const item = fake.moveDeal('601', 'closedwon', WON_AT, deal);
    const [forged] = await sendHubSpot(url, SECRET, [item], { forgeWith: 'not-the-secret' });
    const [stale] = await sendHubSpot(url, SECRET, [item], { timestamp: Date.now() - 6 * 60_000 });
    expect([forged?.status, stale?.status]).toEqual([401, 401]);
    expect(await t.count('connector_inbox')).toBe(0);
    expect(await t.count('events')).toBe(0);
  });
});
