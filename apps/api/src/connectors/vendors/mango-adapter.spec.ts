import { createHash } from 'node:crypto';
import { UnmappableDelivery, type InboundDelivery } from '../connector-adapter.js';
import { mangoAdapter } from './mango-adapter.js';

const values = { apiKey: 'vpbx-key', salt: 'vpbx-salt' };
const credentials = { secret: 's', values };

function summary(json: unknown, key = values.apiKey, salt = values.salt): InboundDelivery {
  const text = typeof json === 'string' ? json : JSON.stringify(json);
  const sign = createHash('sha256')
    .update(key + text + salt)
    .digest('hex');
  const body = new URLSearchParams({ vpbx_api_key: key, sign, json: text }).toString();
  return {
    method: 'POST',
    url: 'https://board.example/api/hooks/m1/events/summary',
    headers: {},
    rawBody: Buffer.from(body),
    receivedAt: 0,
  };
}
/** A final summary of an inbound call answered by extension 201 (unix instants). */
const INBOUND = {
  entry_id: 'MjE0NzQ4MzY0Nw==',
  call_direction: 1,
  from: { number: '79161234567' },
  to: { extension: '201', number: '74951234567' },
  create_time: 1733300000,
  forward_time: 1733300003,
  talk_time: 1733300010,
  end_time: 1733300105,
  entry_result: 1,
};

describe('Mango Office adapter', () => {
  it('verifies sign = sha256(api key + json + salt) and that vpbx_api_key is ours', () => {
    expect(mangoAdapter.verify(summary(INBOUND), credentials, 0)).toEqual({ ok: true });
    expect(mangoAdapter.verify(summary(INBOUND, values.apiKey, 'other'), credentials, 0)).toMatchObject({
      ok: false,
    });
    expect(mangoAdapter.verify(summary(INBOUND, 'their-key', values.salt), credentials, 0)).toEqual({
      ok: false,
      reason: 'wrong vpbx_api_key',
    });
    expect(mangoAdapter.verify(summary(INBOUND), { secret: 's', values: {} }, 0)).toMatchObject({
      ok: false,
    });
  });

  it('scores only events/summary: the call states and recordings Mango posts to the same URL are ignored', async () => {
    const at = (path: string): InboundDelivery => ({
      ...summary(INBOUND),
      url: `https://board.example/api/hooks/m1${path}`,
    });
    for (const path of ['/events/call', '/events/recording', '/events/dtmf']) {
      const mapped = await mangoAdapter.map(at(path), null);
      expect(mapped.events).toEqual([]);
      expect(mapped.ignored).toEqual([`${path.slice(1)}: only events/summary is scored`]);
    }
    // A summary on the summary path or posted to the bare URL is a call.
    for (const path of ['/events/summary', '/events/summary/', '']) {
      expect((await mangoAdapter.map(at(path), null)).events).toHaveLength(1);
    }
  });

  it('maps the summary to a call of the answering extension, talk time as the duration', async () => {
    const { events } = await mangoAdapter.map(summary(INBOUND), null);
    expect(events).toEqual([
      {
        externalId: 'mango:MjE0NzQ4MzY0Nw==',
        type: 'call',
        // inbound (call_direction 1): the answering extension; end_time - talk_time talked
        crmUserId: '201',
        occurredAt: '2024-12-04T08:13:20.000Z',
        attributes: { durationSec: 95, outcome: 'connected', direction: 'inbound' },
      },
    ]);
    expect((await mangoAdapter.map(summary(INBOUND), null)).events).toEqual(events);
  });

  it('maps an outbound call to the calling extension and an unanswered one to no_answer', async () => {
    const out = {
      ...INBOUND,
      call_direction: 2,
      from: { extension: '202' },
      to: { number: '7916' },
      talk_time: 0,
    };
    expect((await mangoAdapter.map(summary(out), null)).events[0]).toMatchObject({
      crmUserId: '202',
      attributes: { durationSec: 0, outcome: 'no_answer', direction: 'outbound' },
    });
    const seconds = { ...INBOUND, talk_time: 42 };
    expect((await mangoAdapter.map(summary(seconds), null)).events[0]?.attributes.durationSec).toBe(42);
  });

  it('refuses summaries it cannot read', async () => {
    for (const bad of [
      'not json',
      [],
      { ...INBOUND, entry_id: null },
      { ...INBOUND, end_time: 5 },
      { ...INBOUND, create_time: 'x' },
    ]) {
      await expect(mangoAdapter.map(summary(bad), null)).rejects.toThrow(UnmappableDelivery);
    }
  });
});
