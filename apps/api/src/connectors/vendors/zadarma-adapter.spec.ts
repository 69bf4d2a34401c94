import { createHmac } from 'node:crypto';
import { UnmappableDelivery, type InboundDelivery } from '../connector-adapter.js';
import { zadarmaAdapter, zadarmaEcho } from './zadarma-adapter.js';

const SECRET = 'zd-secret';
const credentials = { secret: 's', values: { secret: SECRET } };

function notify(fields: Record<string, string>, signedWith = SECRET): InboundDelivery {
  const order = fields.event === 'NOTIFY_OUT_END' ? ['internal', 'destination'] : ['caller_id', 'called_did'];
  const data = [...order, 'call_start'].map((name) => fields[name] ?? '').join('');
  const hex = createHmac('sha1', signedWith).update(data).digest('hex');
  const headers = { signature: Buffer.from(hex).toString('base64') };
  const body = new URLSearchParams(fields).toString();
  return {
    method: 'POST',
    url: 'https://board.example/api/hooks/z1',
    headers,
    rawBody: Buffer.from(body),
    receivedAt: 0,
  };
}
const END = {
  event: 'NOTIFY_END',
  call_start: '2026-12-04 10:15:00',
  pbx_call_id: 'in_0a1b2c',
  caller_id: '+79161234567',
  called_did: '74951234567',
  internal: '101',
  duration: '95',
  disposition: 'answered',
  status_code: '16',
  is_recorded: '0',
};

describe('Zadarma adapter', () => {
  it('verifies the Signature of NOTIFY_END and NOTIFY_OUT_END over their own fields', () => {
    expect(zadarmaAdapter.verify(notify(END), credentials, 0)).toEqual({ ok: true });
    const out = { ...END, event: 'NOTIFY_OUT_END', destination: '79161234567', pbx_call_id: 'out_1' };
    expect(zadarmaAdapter.verify(notify(out), credentials, 0)).toEqual({ ok: true });
    expect(zadarmaAdapter.verify(notify(END, 'other'), credentials, 0)).toMatchObject({ ok: false });
    const tampered = notify(END);
    tampered.rawBody = Buffer.from(tampered.rawBody.toString().replace('%2B7916', '%2B7917'));
    expect(zadarmaAdapter.verify(tampered, credentials, 0)).toMatchObject({ ok: false });
    expect(zadarmaAdapter.verify({ ...notify(END), headers: {} }, credentials, 0)).toMatchObject({
      ok: false,
    });
  });

  it('lets the zd_echo URL check through and names the echo', async () => {
    const echo: InboundDelivery = {
      ...notify(END),
      method: 'GET',
      url: 'https://board.example/api/hooks/z1?zd_echo=abc123',
    };
    expect(zadarmaAdapter.verify({ ...echo, headers: {} }, credentials, 0)).toEqual({ ok: true });
    expect(zadarmaEcho(echo)).toBe('abc123');
    expect(zadarmaEcho(notify(END))).toBeNull();
    expect((await zadarmaAdapter.map(echo, null)).events).toEqual([]);
  });

  it('maps NOTIFY_END to a connected call of the operator, call_start read in the account zone', async () => {
    const { events } = await zadarmaAdapter.map(notify(END), null, { timeZone: 'Europe/Moscow' });
    expect(events).toEqual([
      {
        externalId: 'zadarma:in_0a1b2c:NOTIFY_END',
        type: 'call',
        // the operator is `internal`; disposition answered with a duration: connected
        crmUserId: '101',
        occurredAt: '2026-12-04T10:15:00+03:00',
        attributes: { durationSec: 95, outcome: 'connected', direction: 'inbound' },
      },
    ]);
    expect((await zadarmaAdapter.map(notify(END), null)).events[0]?.occurredAt).toBe(
      '2026-12-04T10:15:00+00:00',
    );
  });

  it('maps busy and unanswered outgoing calls to no_answer; other events are ignored', async () => {
    const busy = {
      ...END,
      event: 'NOTIFY_OUT_END',
      pbx_call_id: 'out_1',
      duration: '0',
      disposition: 'busy',
    };
    expect((await zadarmaAdapter.map(notify(busy), null)).events[0]).toMatchObject({
      externalId: 'zadarma:out_1:NOTIFY_OUT_END',
      attributes: { durationSec: 0, outcome: 'no_answer', direction: 'outbound' },
    });
    const start = await zadarmaAdapter.map(notify({ ...END, event: 'NOTIFY_START' }), null);
    expect(start).toEqual({ events: [], ignored: ['NOTIFY_START: only call ends are scored'] });
  });

  it('refuses a call end it cannot read', async () => {
    for (const bad of [
      { duration: '-3' },
      { duration: '999999' },
      { call_start: 'yesterday' },
      { pbx_call_id: '' },
    ]) {
      await expect(zadarmaAdapter.map(notify({ ...END, ...bad }), null)).rejects.toThrow(UnmappableDelivery);
    }
    await expect(zadarmaAdapter.map(notify(END), null, { timeZone: 'Nowhere/Land' })).rejects.toThrow(
      UnmappableDelivery,
    );
  });
});
