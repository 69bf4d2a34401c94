import { createHmac } from 'node:crypto';
import { UnmappableDelivery, type InboundDelivery } from '../connector-adapter.js';
import { twilioAdapter } from './twilio-adapter.js';

const URL = 'https://board.example/api/hooks/t1?x=1';
const TOKEN = 'twilio-token';
const credentials = { secret: 's', values: { authToken: TOKEN } };

function callback(params: Record<string, string>, token = TOKEN): InboundDelivery {
  const sorted = Object.keys(params).sort();
  const data = URL + sorted.map((k) => k + params[k]).join('');
  const signature = createHmac('sha1', token).update(data).digest('base64');
  const body = new URLSearchParams(params).toString();
  return {
    method: 'POST',
    url: URL,
    headers: { 'x-twilio-signature': signature },
    rawBody: Buffer.from(body),
    receivedAt: Date.UTC(2026, 11, 4, 10),
  };
}
const COMPLETED = {
  CallSid: 'CA1234567890abcdef1234567890abcdef',
  AccountSid: 'AC1',
  From: 'client:anna',
  To: '+14155550100',
  CallStatus: 'completed',
  CallDuration: '95',
  Direction: 'outbound-api',
  Timestamp: 'Fri, 04 Dec 2026 09:58:00 +0000',
};

describe('Twilio adapter', () => {
  it('verifies X-Twilio-Signature over the URL and the sorted POST params', () => {
    expect(twilioAdapter.verify(callback(COMPLETED), credentials, 0)).toEqual({ ok: true });
    expect(twilioAdapter.verify(callback(COMPLETED, 'other'), credentials, 0)).toMatchObject({ ok: false });
    const tampered = {
      ...callback(COMPLETED),
      rawBody: Buffer.from(new URLSearchParams({ ...COMPLETED, CallDuration: '950' }).toString()),
    };
    expect(twilioAdapter.verify(tampered, credentials, 0)).toMatchObject({ ok: false });
    expect(twilioAdapter.verify({ ...callback(COMPLETED), headers: {} }, credentials, 0)).toMatchObject({
      ok: false,
    });
  });

  it('maps a completed call with its duration, keyed by CallSid and status, the same on redelivery', async () => {
    const { events } = await twilioAdapter.map(callback(COMPLETED), null);
    expect(events).toEqual([
      {
        externalId: 'twilio:CA1234567890abcdef1234567890abcdef:completed',
        type: 'call',
        // outbound: our side is From; the time is Twilio's Timestamp
        crmUserId: 'client:anna',
        occurredAt: '2026-12-04T09:58:00.000Z',
        attributes: { durationSec: 95, outcome: 'connected', direction: 'outbound' },
      },
    ]);
    expect((await twilioAdapter.map(callback(COMPLETED), null)).events).toEqual(events);
  });

  it('names the callee side for inbound calls, voicemail for a machine, receipt time without Timestamp', async () => {
    const inbound = { ...COMPLETED, Direction: 'inbound', AnsweredBy: 'machine_end_beep', Timestamp: '' };
    expect((await twilioAdapter.map(callback(inbound), null)).events[0]).toMatchObject({
      crmUserId: '+14155550100',
      occurredAt: '2026-12-04T10:00:00.000Z',
      attributes: { outcome: 'voicemail', direction: 'inbound' },
    });
  });

  it('scores busy, no-answer and canceled as a missed call of 0 s, keyed by their status', async () => {
    for (const status of ['busy', 'no-answer', 'canceled']) {
      const { events } = await twilioAdapter.map(
        callback({ ...COMPLETED, CallStatus: status, CallDuration: '0' }),
        null,
      );
      expect(events).toEqual([
        expect.objectContaining({
          externalId: `twilio:CA1234567890abcdef1234567890abcdef:${status}`,
          crmUserId: 'client:anna',
          attributes: { durationSec: 0, outcome: 'no_answer', direction: 'outbound' },
        }),
      ]);
    }
    // Without CallDuration at all (Twilio leaves it out of some missed calls): still 0 s.
    const { CallDuration: _, ...bare } = { ...COMPLETED, CallStatus: 'no-answer' };
    expect((await twilioAdapter.map(callback(bare), null)).events[0]?.attributes.durationSec).toBe(0);
  });

  it('ignores failed and in-progress statuses and refuses a completed call without a duration', async () => {
    for (const status of ['failed', 'ringing', 'in-progress']) {
      const other = await twilioAdapter.map(callback({ ...COMPLETED, CallStatus: status }), null);
      expect(other.events).toEqual([]);
      expect(other.ignored).toEqual([
        `call CA1234567890abcdef1234567890abcdef ${status}: only completed and missed calls are scored`,
      ]);
    }
    await expect(twilioAdapter.map(callback({ ...COMPLETED, CallDuration: 'long' }), null)).rejects.toThrow(
      UnmappableDelivery,
    );
    await expect(twilioAdapter.map(callback({ CallStatus: 'completed' }), null)).rejects.toThrow(
      UnmappableDelivery,
    );
  });

  it('reads a GET callback from the query, signed over the full URL alone', async () => {
    const url = `https://board.example/api/hooks/t1?${new URLSearchParams(COMPLETED).toString()}`;
    const signature = createHmac('sha1', TOKEN).update(url).digest('base64');
    const get: InboundDelivery = {
      ...callback({}),
      method: 'GET',
      url,
      headers: { 'x-twilio-signature': signature },
    };
    expect(twilioAdapter.verify(get, credentials, 0)).toEqual({ ok: true });
    expect((await twilioAdapter.map(get, null)).events.map((e) => e.externalId)).toEqual([
      'twilio:CA1234567890abcdef1234567890abcdef:completed',
    ]);
  });
});
