import { jest } from '@jest/globals';
import { PipedriveFake, sendPipedrive } from '../../../../../test/fakes/pipedrive.js';
import { type ConnectorFlow, useConnectorFlow } from '../../test-support/connector-flow.js';
import type { TestApp } from '../../test-support/test-app.js';

jest.setTimeout(60_000);

/** A fixed instant for the changes; the board is read at it. */
const WON_AT = Date.parse('2026-11-18T07:00:00Z');
const AT = 'period=month&at=2026-11-18T12:00:00%2B03:00';
const BASIC = { user: 'board', password: 'pd-hook-password' };

let t: TestApp;
let flow: ConnectorFlow;
useConnectorFlow(AT, (app, f) => ([t, flow] = [app, f]));
const fake = new PipedriveFake();
let crm: string;
beforeAll(async () => {
  crm = await fake.start();
  fake.seedUsers(2);
});
afterAll(() => fake.stop());

const connector = () => flow.hooked('pipedrive', { apiBaseUrl: crm }, { ...BASIC, apiToken: fake.token });
const open = { owner_id: 2000, value: 2500, currency: 'EUR', pipeline_id: 1, stage_id: 1 };

describe('Pipedrive: webhook v2 with HTTP Basic -> inbox -> ledger -> board', () => {
  it('a won deal is held for its unmapped owner, scored once mapped, a redelivery counted once', async () => {
    const { c, url } = await connector();
    const anna = await flow.rep('anna');
    fake.changeDeal(801, open, WON_AT - 60_000);
    const won = fake.changeDeal(801, { status: 'won' }, WON_AT);
    expect((await sendPipedrive(url, won, { basic: BASIC }))[0]?.status).toBe(200);
    await flow.drain();
    expect(await flow.ledger()).toEqual([
      {
        external_id: 'pipedrive:7700001:deal:801:won',
        rep_id: null,
        type: 'deal_won',
        amount: '250000',
        currency: 'EUR',
        duration: null,
      },
    ]);
    expect(await flow.points(anna)).toBe(0);
    expect(await flow.mapUser(c.id, 2000, anna)).toBe(200);
    const points = await flow.points(anna);
    expect(points).toBeGreaterThan(0);

    // Pipedrive's next attempt of the same change (meta.attempt 2).
    expect(
      (await sendPipedrive(url, { ...won, meta: { ...won.meta, attempt: 2 } }, { basic: BASIC }))[0]?.status,
    ).toBe(200);
    await flow.drain();
    expect(await t.count('events')).toBe(1);
    expect(await flow.points(anna)).toBe(points);
  });

  it('a stage move becomes the type mapped with PUT stages; a done call carries its duration', async () => {
    const { c, url } = await connector();
    expect(await flow.mapStages(c.id, [{ pipelineId: '1', stageId: '3', type: 'demo_booked' }])).toBe(200);
    fake.changeDeal(802, open, WON_AT - 60_000);
    await sendPipedrive(url, fake.changeDeal(802, { stage_id: 3 }, WON_AT), { basic: BASIC });
    await sendPipedrive(url, fake.doneCall(901, 2000, '00:03:15', WON_AT), { basic: BASIC });
    await flow.drain();
    const rows = await t.dataSource.query<
      Array<{ external_id: string; type: string; duration: string | null }>
    >("SELECT external_id, type, attributes->>'durationSec' AS duration FROM events ORDER BY external_id");
    expect(rows).toEqual([
      { external_id: 'pipedrive:7700001:activity:901:call', type: 'call', duration: '195' },
      { external_id: `pipedrive:7700001:deal:802:stage:3:${WON_AT}`, type: 'demo_booked', duration: null },
    ]);
  });

  it('wrong or missing HTTP Basic credentials are refused with 401 (Pipedrive retries) and stored nowhere', async () => {
    const { url } = await connector();
    const won = fake.changeDeal(803, { ...open, status: 'won' }, WON_AT);
    const wrong = await sendPipedrive(url, won, { basic: { user: 'board', password: 'guess' }, retries: 2 });
    expect(wrong.map((r) => r.status)).toEqual([401, 401, 401]);
    const bare = await sendPipedrive(url, won, { retries: 0 });
    expect(bare.map((r) => r.status)).toEqual([401]);
    expect(await t.count('connector_inbox')).toBe(0);
    expect(await t.count('events')).toBe(0);
  });
});
