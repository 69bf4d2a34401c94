import { UnmappableDelivery, type CrmLookup, type InboundDelivery } from '../connector-adapter.js';
import { bitrix24Adapter } from './bitrix24-adapter.js';

const delivery = (body: string): InboundDelivery => ({
  ...{ method: 'POST', url: 'https://board.example/api/hooks/b1', headers: {} },
  ...{ rawBody: Buffer.from(body), receivedAt: Date.UTC(2026, 11, 4) },
});
const AUTH = 'auth[domain]=acme.bitrix24.com&auth[member_id]=a223&auth[application_token]=5185abc';
/** The research brief's sample: only the deal id arrives. */
const UPDATE = `event=ONCRMDEALUPDATE&data[FIELDS][ID]=662&ts=1724140800&${AUTH}`;
const credentials = { secret: 's', values: { applicationToken: '5185abc' } };

function crm(
  deals: Record<string, Record<string, unknown>>,
  history: Record<string, Record<string, unknown>> = {},
): CrmLookup & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    deal: async (id) => (asked.push(id), deals[id] ?? null),
    latestStageMove: async (id) => (asked.push(`history ${id}`), history[id] ?? null),
  };
}
/** The deal's newest crm.stagehistory.list row. */
const row = (fields: Record<string, unknown>) => ({
  ID: '9001',
  OWNER_ID: '662',
  CREATED_TIME: '2024-08-20T11:00:00+03:00',
  CATEGORY_ID: '14',
  STAGE_SEMANTIC_ID: 'P',
  STAGE_ID: 'C14:PREP',
  ...fields,
});
const deal = (fields: Record<string, unknown>) => ({
  ID: '662',
  STAGE_ID: 'C14:WON',
  CATEGORY_ID: '14',
  STAGE_SEMANTIC_ID: 'S',
  OPPORTUNITY: '22500.00',
  CURRENCY_ID: 'RUB',
  ASSIGNED_BY_ID: '12',
  MOVED_TIME: '2024-08-20T11:00:00+03:00',
  ...fields,
});

describe('Bitrix24 adapter', () => {
  it('verifies auth[application_token] against the stored token', () => {
    expect(bitrix24Adapter.verify(delivery(UPDATE), credentials, 0)).toEqual({ ok: true });
    const wrong = UPDATE.replace('5185abc', '5185abd');
    expect(bitrix24Adapter.verify(delivery(wrong), credentials, 0)).toMatchObject({ ok: false });
    expect(bitrix24Adapter.verify(delivery(`event=X&${'a=1&'.repeat(2500)}`), credentials, 0)).toMatchObject({
      ok: false,
    });
    expect(bitrix24Adapter.verify(delivery(UPDATE), { secret: 's', values: {} }, 0)).toMatchObject({
      ok: false,
    });
  });

  it('reads the deal through the CRM API: a won deal with OPPORTUNITY, CURRENCY_ID and ASSIGNED_BY_ID', async () => {
    const lookup = crm({ 662: deal({}) });
    const { events } = await bitrix24Adapter.map(delivery(UPDATE), lookup);
    expect(lookup.asked).toEqual(['662']);
    expect(events).toEqual([
      {
        externalId: 'b24:acme.bitrix24.com:deal:662:won',
        type: 'deal_won',
        // STAGE_SEMANTIC_ID S; OPPORTUNITY "22500.00" RUB in kopecks; MOVED_TIME kept with its offset
        crmUserId: '12',
        occurredAt: '2024-08-20T11:00:00+03:00',
        attributes: { dealId: '662', amount: 2250000, currency: 'RUB' },
        stage: { pipelineId: '14', stageId: 'C14:WON', semantic: 'won' },
      },
    ]);
    const again = await bitrix24Adapter.map(delivery(UPDATE), lookup);
    expect(again.events).toEqual(events);
  });

  it('maps F to deal_lost and P to a stage move keyed by its stage', async () => {
    const lost = await bitrix24Adapter.map(
      delivery(UPDATE),
      crm({ 662: deal({ STAGE_SEMANTIC_ID: 'F', STAGE_ID: 'C14:LOSE' }) }),
    );
    expect(lost.events.map((e) => [e.externalId, e.type])).toEqual([
      ['b24:acme.bitrix24.com:deal:662:lost', 'deal_lost'],
    ]);
    const add = UPDATE.replace('ONCRMDEALUPDATE', 'ONCRMDEALADD');
    const lookup = crm({ 662: deal({ STAGE_SEMANTIC_ID: 'P', STAGE_ID: 'C14:PREP' }) }, { 662: row({}) });
    const moved = await bitrix24Adapter.map(delivery(add), lookup);
    expect(lookup.asked).toEqual(['662', 'history 662']);
    expect(moved.events).toEqual([
      {
        // keyed by the stage-history row, as crm.stagehistory.list gives it to a backfill
        externalId: 'b24:acme.bitrix24.com:stagehistory:9001',
        type: null,
        crmUserId: '12',
        occurredAt: '2024-08-20T11:00:00+03:00',
        attributes: { dealId: '662', to: 'C14:PREP' },
        stage: { pipelineId: '14', stageId: 'C14:PREP', semantic: 'open' },
      },
    ]);
    // An edit later finds the same newest row: the same key, counted once.
    const edited = await bitrix24Adapter.map(delivery(UPDATE), lookup);
    expect(edited.events.map((e) => e.externalId)).toEqual(['b24:acme.bitrix24.com:stagehistory:9001']);
  });

  it('skips a move it cannot key: no stage-history lookup, no row, or a row of another deal', async () => {
    const open = { 662: deal({ STAGE_SEMANTIC_ID: 'P', STAGE_ID: 'C14:PREP' }) };
    const noLookup = await bitrix24Adapter.map(delivery(UPDATE), { deal: async () => open[662] });
    const noRow = await bitrix24Adapter.map(delivery(UPDATE), crm(open));
    const other = await bitrix24Adapter.map(delivery(UPDATE), crm(open, { 662: row({ OWNER_ID: '1' }) }));
    for (const mapped of [noLookup, noRow, other]) {
      expect(mapped).toEqual({
        events: [],
        ignored: ['deal 662: no stage-history row for its move into C14:PREP'],
      });
    }
  });

  it('keys by settings.memberId when set, and refuses a delivery of another portal', async () => {
    const lookup = crm({ 662: deal({}) });
    const own = await bitrix24Adapter.map(delivery(UPDATE), lookup, { memberId: 'a223' });
    expect(own.events.map((e) => e.externalId)).toEqual(['b24:a223:deal:662:won']);
    await expect(bitrix24Adapter.map(delivery(UPDATE), lookup, { memberId: 'f00d' })).rejects.toThrow(
      /not this connector's portal/,
    );
  });

  it('maps ONVOXIMPLANTCALLEND to a call: connected with a duration, no_answer when it failed', async () => {
    const call = (fields: string) => delivery(`event=ONVOXIMPLANTCALLEND&${fields}&ts=1724140800&${AUTH}`);
    const talked = await bitrix24Adapter.map(
      call(
        'data[CALL_ID]=externalCall.1&data[CALL_TYPE]=1&data[CALL_DURATION]=95&data[CALL_FAILED_CODE]=200&data[PORTAL_USER_ID]=12&data[CALL_START_DATE]=2024-08-20T10%3A58%3A00%2B03%3A00',
      ),
      null,
    );
    expect(talked.events).toEqual([
      {
        externalId: 'b24:acme.bitrix24.com:call:externalCall.1',
        type: 'call',
        // CALL_TYPE 1 is outgoing; CALL_FAILED_CODE 200: it went through
        crmUserId: '12',
        occurredAt: '2024-08-20T10:58:00+03:00',
        attributes: { durationSec: 95, outcome: 'connected', direction: 'outbound' },
      },
    ]);
    const failed = await bitrix24Adapter.map(
      call(
        'data[CALL_ID]=c2&data[CALL_TYPE]=2&data[CALL_DURATION]=0&data[CALL_FAILED_CODE]=304&data[ACCOUNT_USER_ID]=13',
      ),
      null,
    );
    expect(failed.events[0]).toMatchObject({
      crmUserId: '13',
      occurredAt: '2024-08-20T08:00:00.000Z',
      attributes: { durationSec: 0, outcome: 'no_answer', direction: 'inbound' },
    });
  });

  it('ignores a vanished deal, a deal without an amount, and events it does not score', async () => {
    const gone = await bitrix24Adapter.map(delivery(UPDATE), crm({}));
    expect(gone).toEqual({ events: [], ignored: ['deal 662 no longer exists'] });
    const noMoney = await bitrix24Adapter.map(
      delivery(UPDATE),
      crm({ 662: deal({ OPPORTUNITY: 'lots', CURRENCY_ID: 'RUB' }) }),
    );
    expect(noMoney.ignored).toEqual(['deal 662: no valid OPPORTUNITY and CURRENCY_ID']);
    const huge = await bitrix24Adapter.map(delivery(UPDATE), crm({ 662: deal({ OPPORTUNITY: 1e300 }) }));
    expect(huge.events).toEqual([]);
    const contact = await bitrix24Adapter.map(
      delivery(`event=ONCRMCONTACTADD&data[FIELDS][ID]=1&${AUTH}`),
      crm({}),
    );
    expect(contact.ignored).toEqual(['ONCRMCONTACTADD: not scored']);
  });

  it('refuses what it cannot read: no member, no id, no CRM API, a call without its fields', async () => {
    await expect(
      bitrix24Adapter.map(delivery('event=ONCRMDEALUPDATE&data[FIELDS][ID]=1'), crm({})),
    ).rejects.toThrow(UnmappableDelivery);
    await expect(bitrix24Adapter.map(delivery(`event=ONCRMDEALUPDATE&${AUTH}`), crm({}))).rejects.toThrow(
      UnmappableDelivery,
    );
    await expect(bitrix24Adapter.map(delivery(UPDATE), null)).rejects.toThrow(UnmappableDelivery);
    const call = await bitrix24Adapter.map(
      delivery(`event=ONVOXIMPLANTCALLEND&data[CALL_DURATION]=99999&${AUTH}`),
      null,
    );
    expect(call.events).toEqual([]);
    expect(call.ignored).toHaveLength(1);
  });
});
