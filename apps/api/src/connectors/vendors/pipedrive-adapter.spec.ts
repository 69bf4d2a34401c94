import { UnmappableDelivery, type InboundDelivery } from '../connector-adapter.js';
import { pipedriveAdapter } from './pipedrive-adapter.js';

const post = (json: unknown, headers: Record<string, string> = {}): InboundDelivery => ({
  ...{ method: 'POST', url: 'https://board.example/api/hooks/p1', headers },
  ...{ rawBody: Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)), receivedAt: 0 },
});
const meta = (entity: string, fields: Record<string, unknown> = {}) => ({
  ...{ action: 'change', entity, entity_id: '595', id: 'e-1', company_id: '7001', user_id: '42' },
  ...{
    webhook_id: '9',
    attempt: 1,
    timestamp: '2026-12-04T10:15:00.000Z',
    version: '2.0',
    host: 'acme.pipedrive.com',
  },
  ...fields,
});
/** The research brief's shape: a deal changed to won, `previous` holding the changed status. */
const WON = {
  meta: meta('deal'),
  data: {
    id: 595,
    title: 'Acme',
    status: 'won',
    value: 1500.5,
    currency: 'EUR',
    owner_id: 42,
    stage_id: 3,
    pipeline_id: 1,
  },
  previous: { status: 'open' },
};

describe('Pipedrive adapter', () => {
  it('maps change.deal to won with value, currency and owner, keyed as the brief says, the same on redelivery', async () => {
    const { events } = await pipedriveAdapter.map(post(WON), null);
    expect(events).toEqual([
      {
        externalId: 'pipedrive:7001:deal:595:won',
        type: 'deal_won',
        // previous.status open -> won; no won_time: meta.timestamp; value 1500.5 EUR in cents
        crmUserId: '42',
        occurredAt: '2026-12-04T10:15:00.000Z',
        attributes: { dealId: '595', amount: 150050, currency: 'EUR' },
        stage: { pipelineId: '1', stageId: '3', semantic: 'won' },
      },
    ]);
    const retry = { ...WON, meta: meta('deal', { attempt: 2 }) };
    expect((await pipedriveAdapter.map(post(retry), null)).events).toEqual(events);
  });

  it('prefers won_time, maps lost with its reason, and a stage change to a stage move', async () => {
    const timed = { ...WON, data: { ...WON.data, won_time: '2026-12-04T09:00:00Z' } };
    expect((await pipedriveAdapter.map(post(timed), null)).events[0]?.occurredAt).toBe(
      '2026-12-04T09:00:00Z',
    );
    const lost = { ...WON, data: { ...WON.data, status: 'lost', lost_reason: 'price' } };
    expect((await pipedriveAdapter.map(post(lost), null)).events[0]).toMatchObject({
      externalId: 'pipedrive:7001:deal:595:lost',
      type: 'deal_lost',
      attributes: { dealId: '595', reason: 'price' },
    });
    const moved = {
      meta: meta('deal'),
      data: { ...WON.data, status: 'open', stage_id: 4 },
      previous: { stage_id: 3 },
    };
    expect((await pipedriveAdapter.map(post(moved), null)).events).toEqual([
      expect.objectContaining({
        externalId: `pipedrive:7001:deal:595:stage:4:${Date.UTC(2026, 11, 4, 10, 15)}`,
        type: null,
        attributes: { dealId: '595', from: '3', to: '4' },
        stage: { pipelineId: '1', stageId: '4', semantic: 'open' },
      }),
    ]);
  });

  it('ignores an edit of a won deal that changes neither status nor stage', async () => {
    const edit = { ...WON, previous: { title: 'Old' } };
    expect(await pipedriveAdapter.map(post(edit), null)).toEqual({
      events: [],
      ignored: ['deal 595: neither its status nor its stage changed'],
    });
  });

  it('maps a call activity marked done, with its HH:MM duration; other activities are ignored', async () => {
    const call = {
      meta: meta('activity', { entity_id: '88' }),
      data: {
        id: 88,
        type: 'call',
        done: true,
        duration: '00:05',
        owner_id: 42,
        marked_as_done_time: '2026-12-04 10:20:00',
      },
      previous: { done: false },
    };
    expect((await pipedriveAdapter.map(post(call), null)).events).toEqual([
      {
        externalId: 'pipedrive:7001:activity:88:call',
        type: 'call',
        // duration 00:05 (HH:MM); marked_as_done_time is UTC
        crmUserId: '42',
        occurredAt: '2026-12-04T10:20:00+00:00',
        attributes: { activityId: '88', durationSec: 300 },
      },
    ]);
    const meeting = { ...call, data: { ...call.data, type: 'meeting' } };
    expect((await pipedriveAdapter.map(post(meeting), null)).ignored).toEqual(['activity 88: not a call']);
  });

  it('verifies HTTP Basic credentials when set, and lets anything through when none are', () => {
    const values = { user: 'hook', password: 'pw' };
    const basic = `Basic ${Buffer.from('hook:pw').toString('base64')}`;
    expect(pipedriveAdapter.verify(post(WON, { authorization: basic }), { secret: 's', values }, 0)).toEqual({
      ok: true,
    });
    const wrong = `Basic ${Buffer.from('hook:px').toString('base64')}`;
    expect(
      pipedriveAdapter.verify(post(WON, { authorization: wrong }), { secret: 's', values }, 0),
    ).toMatchObject({ ok: false });
    expect(pipedriveAdapter.verify(post(WON), { secret: 's', values }, 0)).toMatchObject({ ok: false });
    expect(pipedriveAdapter.verify(post(WON), { secret: 's', values: {} }, 0)).toEqual({ ok: true });
  });

  it('refuses v1 bodies and garbage; ignores a won deal whose value is not money', async () => {
    await expect(pipedriveAdapter.map(post({ event: 'updated.deal', current: {} }), null)).rejects.toThrow(
      UnmappableDelivery,
    );
    await expect(pipedriveAdapter.map(post('{"meta":'), null)).rejects.toThrow(UnmappableDelivery);
    await expect(pipedriveAdapter.map(post([1, 2]), null)).rejects.toThrow(UnmappableDelivery);
    const huge = { ...WON, data: { ...WON.data, value: 1e300 } };
    expect(await pipedriveAdapter.map(post(huge), null)).toEqual({
      events: [],
      ignored: ['deal 595: no valid value and currency'],
    });
    const noCompany = { ...WON, meta: meta('deal', { company_id: null }) };
    await expect(pipedriveAdapter.map(post(noCompany), null)).rejects.toThrow(UnmappableDelivery);
  });
});
