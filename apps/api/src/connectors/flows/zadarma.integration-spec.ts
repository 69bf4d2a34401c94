import { jest } from '@jest/globals';
import { CALL_DAY, PhoneFlow, usePhoneFlow } from '../../test-support/phone-flow.js';
import type { TestApp } from '../../test-support/test-app.js';
import { ConnectorsRepository } from '../../repositories/connectors.repository.js';
import { ZadarmaSender, type ZadarmaCall } from '../../../../../test/fakes/zadarma.js';

jest.setTimeout(60_000);

const SECRET = 'zd-api-secret-0123456789';

let t: TestApp;
let flow: PhoneFlow;
usePhoneFlow((app, f) => ([t, flow] = [app, f]));

/** Calls on CALL_DAY in Moscow time, as Zadarma writes `call_start` for a Moscow account. */
const call = (over: Partial<ZadarmaCall> & Pick<ZadarmaCall, 'callId'>): ZadarmaCall => ({
  direction: 'inbound',
  extension: '101',
  party: '+79001234567',
  did: '+74951234567',
  start: `${CALL_DAY} 11:00:00`,
  durationSec: 180,
  disposition: 'answered',
  ...over,
});

async function zadarma() {
  const c = await flow.connector('zadarma', { secret: SECRET }, { timeZone: 'Europe/Moscow' });
  return { f: flow, c, sender: new ZadarmaSender(flow.hookUrl(c), SECRET) };
}

describe('Zadarma: sender -> hook -> worker -> ledger -> board', () => {
  it('passes the URL check and scores calls by the default rule set: 3 min answered 10, 20 s 0, missed 0 as no_answer', async () => {
    const { f, c, sender } = await zadarma();
    const check = await sender.checkUrl('Zx81kq');
    expect(check).toEqual({ status: 200, text: 'Zx81kq', accepted: true });
    expect(await t.count('connector_inbox')).toBe(0);

    const [anna] = await f.reps('anna');
    expect(await f.mapUser(c.id, '101', anna!)).toBe(200);
    const sent = [
      await sender.callEnd(call({ callId: 'in_1001' })),
      await sender.callEnd(
        call({ callId: 'out_1002', direction: 'outbound', start: `${CALL_DAY} 12:00:00`, durationSec: 20 }),
      ),
      await sender.callEnd(
        call({ callId: 'in_1003', start: `${CALL_DAY} 13:00:00`, durationSec: 0, disposition: 'no answer' }),
      ),
    ];
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200]);
    await f.drain();

    expect(await f.calls()).toEqual([
      {
        externalId: 'zadarma:in_1001:NOTIFY_END',
        repKey: 'anna',
        held: false,
        durationSec: 180,
        outcome: 'connected',
        direction: 'inbound',
      },
      {
        externalId: 'zadarma:in_1003:NOTIFY_END',
        repKey: 'anna',
        held: false,
        durationSec: 0,
        outcome: 'no_answer',
        direction: 'inbound',
      },
      {
        externalId: 'zadarma:out_1002:NOTIFY_OUT_END',
        repKey: 'anna',
        held: false,
        durationSec: 20,
        outcome: 'connected',
        direction: 'outbound',
      },
    ]);
    // 10 for the 3-minute call; the 20-second and the missed call weigh 0 (under 30 s).
    expect(await f.points(anna!)).toBe(10);
    const [at] = await t.dataSource.query<Array<{ at: string }>>(
      "SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS at FROM events WHERE external_id = 'zadarma:in_1001:NOTIFY_END'",
    );
    expect(at).toEqual({ at: `${CALL_DAY} 08:00` });
  });

  it('a duplicated delivery and a resend after a failed answer count once', async () => {
    const { f, c, sender } = await zadarma();
    const [anna] = await f.reps('anna');
    await f.mapUser(c.id, '101', anna!);

    const twice = await sender.callEnd(call({ callId: 'in_2001' }), { duplicate: true });
    expect(twice.attempts.map((a) => a.status)).toEqual([200, 200]);
    // The database refuses the first store (a blip): 5xx, Zadarma resends, the second is kept.
    const store = jest.spyOn(t.app.get(ConnectorsRepository), 'store');
    store.mockRejectedValueOnce(new Error('connection terminated'));
    const retried = await sender.callEnd(call({ callId: 'in_2002', start: `${CALL_DAY} 11:30:00` }), {
      retries: 2,
    });
    store.mockRestore();
    expect(retried.attempts.map((a) => a.status)).toEqual([500, 200]);
    await f.drain();

    expect(await t.count('connector_inbox')).toBe(3);
    expect((await f.calls()).map((e) => e.externalId)).toEqual([
      'zadarma:in_2001:NOTIFY_END',
      'zadarma:in_2002:NOTIFY_END',
    ]);
    expect(await f.points(anna!)).toBe(20);
    // Again, later: still once.
    await sender.callEnd(call({ callId: 'in_2001' }));
    await f.drain();
    expect(await t.count('events')).toBe(2);
    expect(await f.points(anna!)).toBe(20);
  });

  it('a forged signature or another secret is refused with 401 and stored nowhere', async () => {
    const { f, sender } = await zadarma();
    const forged = await sender.callEnd(call({ callId: 'in_3001' }), { forge: true });
    const other = await sender.callEnd(call({ callId: 'in_3002' }), { secret: 'the-old-secret' });
    // Not resent: one attempt each.
    expect([forged.attempts.length, other.attempts.length]).toEqual([1, 1]);
    await f.expectRefused([forged, other]);
  });

  it("an unmapped extension's call is held, then scored once the manager maps it", async () => {
    const { f, c, sender } = await zadarma();
    const [, boris] = await f.reps('anna', 'boris');
    await sender.callEnd(
      call({ callId: 'out_4001', direction: 'outbound', extension: '102', party: '+79007654321' }),
    );
    await f.drain();
    const [held] = await f.calls();
    expect(held).toMatchObject({ externalId: 'zadarma:out_4001:NOTIFY_OUT_END', held: true });
    // The event keeps the key it came with and now belongs to boris.
    await f.expectScoredOnceMapped(c.id, '102', boris!, 10);
  });
});
