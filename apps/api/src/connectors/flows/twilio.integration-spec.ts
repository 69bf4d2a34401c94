import { jest } from '@jest/globals';
import { ApiClient } from '../../test-support/api-client.js';
import { CALL_DAY, PhoneFlow, usePhoneFlow } from '../../test-support/phone-flow.js';
import { createTestApp, type TestApp } from '../../test-support/test-app.js';
import { TwilioSender, type TwilioCall } from '../../../../../test/fakes/twilio.js';

jest.setTimeout(60_000);

const TOKEN = 'twilio-auth-token-0123456789abcdef';
const PUBLIC = 'https://board.example.com';

let t: TestApp;
let flow: PhoneFlow;
let base: string;
usePhoneFlow((app, f) => ([t, flow] = [app, f]));
beforeAll(async () => {
  base = await flow.listen();
});

/** A final status callback of a call on CALL_DAY, `HH:MM` Moscow time. */
const call = (over: Partial<TwilioCall> & Pick<TwilioCall, 'sid'>, hhmm = '11:00'): TwilioCall => ({
  direction: 'outbound-api',
  from: 'client:anna',
  to: '+14155550100',
  status: 'completed',
  durationSec: 180,
  at: new Date(`${CALL_DAY}T${hhmm}:00+03:00`),
  ...over,
});
const sid = (n: number): string => `CA${String(n).padStart(32, '0')}`;

/** A Twilio connector on the flow's app (the file's unless given) and a sender to its hook. */
async function twilio(f: PhoneFlow = flow) {
  const c = await f.connector('twilio', { authToken: TOKEN });
  return { f, c, sender: new TwilioSender(f.hookUrl(c), TOKEN) };
}

describe('Twilio: status callback -> hook -> worker -> ledger -> board', () => {
  it('scores final statuses by the default rule set: 3 min completed 10, 20 s 0, no-answer 0 as no_answer', async () => {
    const { f, c, sender } = await twilio();
    const [anna] = await f.reps('anna');
    expect(await f.mapUser(c.id, 'client:anna', anna!)).toBe(200);
    const sent = [
      await sender.statusCallback(call({ sid: sid(1) })),
      await sender.statusCallback(call({ sid: sid(2), durationSec: 20 }, '12:00')),
      await sender.statusCallback(call({ sid: sid(3), status: 'no-answer', durationSec: 0 }, '13:00')),
      // In-progress statuses (with a status callback event list) are kept, not scored.
      await sender.statusCallback(call({ sid: sid(4), status: 'ringing', durationSec: 0 }, '14:00')),
    ];
    expect(sent.map((s) => s.status)).toEqual([200, 200, 200, 200]);
    await f.drain();

    expect(await f.calls()).toEqual([
      {
        externalId: `twilio:${sid(1)}:completed`,
        repKey: 'anna',
        held: false,
        durationSec: 180,
        outcome: 'connected',
        direction: 'outbound',
      },
      {
        externalId: `twilio:${sid(2)}:completed`,
        repKey: 'anna',
        held: false,
        durationSec: 20,
        outcome: 'connected',
        direction: 'outbound',
      },
      {
        externalId: `twilio:${sid(3)}:no-answer`,
        repKey: 'anna',
        held: false,
        durationSec: 0,
        outcome: 'no_answer',
        direction: 'outbound',
      },
    ]);
    expect(await f.points(anna!)).toBe(10);
    expect((await f.inbox()).map((r) => r.status)).toEqual(['done', 'done', 'done', 'unmapped']);
  });

  it('an inbound call belongs to the callee; a duplicated callback counts once', async () => {
    const { f, c, sender } = await twilio();
    const [anna] = await f.reps('anna');
    await f.mapUser(c.id, '+74951234567', anna!);
    const inbound = call({ sid: sid(11), direction: 'inbound', from: '+79001234567', to: '+74951234567' });
    const twice = await sender.statusCallback(inbound, { duplicate: true });
    expect(twice.attempts.map((a) => a.status)).toEqual([200, 200]);
    await f.drain();
    await sender.statusCallback(inbound);
    await f.drain();
    expect(await t.count('connector_inbox')).toBe(3);
    expect(await f.calls()).toEqual([expect.objectContaining({ direction: 'inbound', held: false })]);
    expect(await f.points(anna!)).toBe(10);
  });

  it('a forged signature or another auth token is refused with 401 and stored nowhere', async () => {
    const { f, sender } = await twilio();
    const forged = await sender.statusCallback(call({ sid: sid(21) }), { forge: true });
    const other = await sender.statusCallback(call({ sid: sid(22) }), { secret: 'the-previous-auth-token' });
    await f.expectRefused([forged, other]);
  });

  it("an unmapped client identity's call is held, then scored once the manager maps it", async () => {
    const { f, c, sender } = await twilio();
    const [, boris] = await f.reps('anna', 'boris');
    await sender.statusCallback(call({ sid: sid(31), from: 'client:boris' }));
    await f.drain();
    expect(await f.calls()).toEqual([expect.objectContaining({ held: true })]);
    await f.expectScoredOnceMapped(c.id, 'client:boris', boris!, 10);
  });

  it('without TRUST_PROXY, forwarded headers are ignored: a signature over the public URL does not verify', async () => {
    const { c } = await twilio();
    const port = new URL(base).port;
    const forwarded = new TwilioSender(`${base}${c.hookPath}`, TOKEN, `${PUBLIC}${c.hookPath}`, {
      host: `127.0.0.1:${port}`,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'board.example.com',
    });
    expect((await forwarded.statusCallback(call({ sid: sid(41) }))).status).toBe(401);
    expect(await t.count('connector_inbox')).toBe(0);
  });
});

describe('Twilio behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let proxied: TestApp;
  let proxiedFlow: PhoneFlow;
  let url: string;
  beforeAll(async () => {
    proxied = await createTestApp({ trustProxy: ['loopback'] });
    proxiedFlow = new PhoneFlow(proxied, new ApiClient(proxied));
    url = await proxiedFlow.listen();
  }, 60_000);
  afterAll(() => proxied.close(), 60_000);

  it('the signature over the public https URL verifies whether the proxy keeps Host or sends X-Forwarded-Host', async () => {
    const { f, c } = await twilio(proxiedFlow);
    const [anna] = await f.reps('anna');
    await f.mapUser(c.id, 'client:anna', anna!);
    const target = `${url}${c.hookPath}`;
    const publicUrl = `${PUBLIC}${c.hookPath}`;
    const keepsHost = new TwilioSender(target, TOKEN, publicUrl, {
      host: 'board.example.com',
      'x-forwarded-proto': 'https',
    });
    const rewritesHost = new TwilioSender(target, TOKEN, publicUrl, {
      host: new URL(url).host,
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'board.example.com',
    });
    expect((await keepsHost.statusCallback(call({ sid: sid(51) }))).status).toBe(200);
    expect((await rewritesHost.statusCallback(call({ sid: sid(52) }, '12:00'))).status).toBe(200);
    // The internal URL is not what Twilio signs.
    const internal = new TwilioSender(target, TOKEN, target, { 'x-forwarded-proto': 'https' });
    expect((await internal.statusCallback(call({ sid: sid(53) }))).status).toBe(401);
    await f.drain();
    expect((await f.calls()).map((e) => e.externalId)).toEqual([
      `twilio:${sid(51)}:completed`,
      `twilio:${sid(52)}:completed`,
    ]);
    expect(await f.points(anna!)).toBe(20);
    const [stored] = await f.inbox();
    expect(stored!.url).toBe(`${PUBLIC}/api/hooks/${c.id}/***`);
  });
});
