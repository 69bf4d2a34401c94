import { jest } from '@jest/globals';
import { CALL_DAY, PhoneFlow, usePhoneFlow } from '../../test-support/phone-flow.js';
import type { TestApp } from '../../test-support/test-app.js';
import { MangoSender, type MangoCall } from '../../../../../test/fakes/mango.js';

jest.setTimeout(60_000);

const API_KEY = 'mango-vpbx-api-key-0123';
const SALT = 'mango-vpbx-salt-4567';

let t: TestApp;
let flow: PhoneFlow;
usePhoneFlow((app, f) => ([t, flow] = [app, f]));

/** Unix seconds of `HH:MM` Moscow time on CALL_DAY. */
const moscow = (hhmm: string): number => Date.parse(`${CALL_DAY}T${hhmm}:00+03:00`) / 1000;

const call = (over: Partial<MangoCall> & Pick<MangoCall, 'entryId'>): MangoCall => ({
  direction: 'inbound',
  extension: '201',
  party: '79001234567',
  createdAt: moscow('11:00'),
  talkSec: 180,
  ...over,
});

async function mango() {
  const c = await flow.connector('mango', { apiKey: API_KEY, salt: SALT });
  return { f: flow, c, sender: new MangoSender(flow.hookUrl(c), API_KEY, SALT) };
}

describe('Mango Office: sender -> hook (.../events/summary) -> worker -> ledger -> board', () => {
  it('scores call summaries by the default rule set: 3 min talked 10, 20 s 0, unanswered 0 as no_answer', async () => {
    const { f, c, sender } = await mango();
    const [anna] = await f.reps('anna');
    expect(await f.mapUser(c.id, '201', anna!)).toBe(200);
    const sent = [
      await sender.summary(call({ entryId: 'MTAwMQ==' })),
      await sender.summary(
        call({ entryId: 'MTAwMg==', direction: 'outbound', createdAt: moscow('12:00'), talkSec: 20 }),
      ),
      await sender.summary(call({ entryId: 'MTAwMw==', createdAt: moscow('13:00'), talkSec: 0 })),
    ];
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200]);
    await f.drain();

    expect(await f.calls()).toEqual([
      {
        externalId: 'mango:MTAwMQ==',
        repKey: 'anna',
        held: false,
        durationSec: 180,
        outcome: 'connected',
        direction: 'inbound',
      },
      {
        externalId: 'mango:MTAwMg==',
        repKey: 'anna',
        held: false,
        durationSec: 20,
        outcome: 'connected',
        direction: 'outbound',
      },
      {
        externalId: 'mango:MTAwMw==',
        repKey: 'anna',
        held: false,
        durationSec: 0,
        outcome: 'no_answer',
        direction: 'inbound',
      },
    ]);
    expect(await f.points(anna!)).toBe(10);
    // The stored URL is the one Mango called, without the connector's secret.
    expect((await f.inbox())[0]!.url).toMatch(/\/api\/hooks\/[0-9a-f-]+\/\*\*\*\/events\/summary$/);
  });

  it("Mango's other events on the same URL (call states, recordings) are kept but score nothing", async () => {
    const { f, c, sender } = await mango();
    const [anna] = await f.reps('anna');
    await f.mapUser(c.id, '201', anna!);
    const ringing = await sender.post('call', {
      entry_id: 'MTAwNA==',
      call_id: 'MToxMDE=',
      timestamp: moscow('11:00'),
      seq: 1,
      call_state: 'Appeared',
      location: 'ivr',
      from: { number: '79001234567' },
      to: { extension: '201', number: 'sip:201@acme.mangosip.ru' },
    });
    expect(ringing.status).toBe(200);
    await f.drain();
    expect(await t.count('events')).toBe(0);
    expect(await f.inbox()).toEqual([
      expect.objectContaining({ status: 'unmapped', reason: expect.stringMatching(/events\/call.*summary/) }),
    ]);
  });

  it('a duplicated summary counts once', async () => {
    const { f, c, sender } = await mango();
    const [anna] = await f.reps('anna');
    await f.mapUser(c.id, '201', anna!);
    const twice = await sender.summary(call({ entryId: 'MjAwMQ==' }), { duplicate: true });
    expect(twice.attempts.map((a) => a.status)).toEqual([200, 200]);
    await f.drain();
    await sender.summary(call({ entryId: 'MjAwMQ==' }));
    await f.drain();
    expect(await t.count('connector_inbox')).toBe(3);
    expect(await t.count('events')).toBe(1);
    expect(await f.points(anna!)).toBe(10);
  });

  it('a forged sign or another salt is refused with 401 and stored nowhere', async () => {
    const { f, sender } = await mango();
    const forged = await sender.summary(call({ entryId: 'MzAwMQ==' }), { forge: true });
    const other = await sender.summary(call({ entryId: 'MzAwMg==' }), { secret: 'another-salt' });
    const wrongKey = await new MangoSender(sender.url, 'another-api-key', SALT).summary(
      call({ entryId: 'MzAwMw==' }),
    );
    await f.expectRefused([forged, other, wrongKey]);
  });

  it("an unmapped extension's call is held, then scored once the manager maps it", async () => {
    const { f, c, sender } = await mango();
    const [, boris] = await f.reps('anna', 'boris');
    await sender.summary(call({ entryId: 'NDAwMQ==', direction: 'outbound', extension: '202' }));
    await f.drain();
    expect(await f.calls()).toEqual([expect.objectContaining({ externalId: 'mango:NDAwMQ==', held: true })]);
    await f.expectScoredOnceMapped(c.id, '202', boris!, 10);
  });
});
