import { UnmappableDelivery, type InboundDelivery } from '../connector-adapter.js';
import { amocrmAdapter } from './amocrm-adapter.js';

const post = (body: string): InboundDelivery => ({
  ...{ method: 'POST', url: 'https://board.example/api/hooks/c1?token=s', headers: {} },
  ...{ rawBody: Buffer.from(body), receivedAt: Date.UTC(2026, 11, 4) },
});
/** The research brief's sample: a deal moved to won. */
const WON =
  'leads[status][0][id]=10701093&leads[status][0][status_id]=142&leads[status][0][old_status_id]=20067736&leads[status][0][pipeline_id]=9217056&leads[status][0][price]=22500&leads[status][0][responsible_user_id]=2079676&leads[status][0][modified_user_id]=2079718&leads[status][0][last_modified]=1539782664&leads[status][0][account_id]=17769199&account[subdomain]=acme&account[id]=17769199';
const item = (i: number, fields: Record<string, string | number>, action = 'status'): string =>
  Object.entries(fields)
    .map(([k, v]) => `leads[${action}][${i}][${k}]=${encodeURIComponent(v)}`)
    .join('&');

describe('amoCRM adapter', () => {
  it('maps the sample won deal to deal_won with the price in kopecks and the won key', async () => {
    const { events, ignored } = await amocrmAdapter.map(post(WON), null);
    expect(ignored).toEqual([]);
    expect(events).toEqual([
      {
        externalId: 'amocrm:17769199:lead:10701093:won',
        type: 'deal_won',
        // status_id 142 is won in every pipeline; the rep is responsible_user_id, the time last_modified
        crmUserId: '2079676',
        occurredAt: '2018-10-17T13:24:24.000Z',
        attributes: { dealId: '10701093', amount: 2250000, currency: 'RUB' },
        stage: { pipelineId: '9217056', stageId: '142', semantic: 'won' },
      },
    ]);
  });

  it('reads the account currency from the settings: USD cents, JPY without minor units', async () => {
    const usd = await amocrmAdapter.map(post(WON), null, { currency: 'USD' });
    expect(usd.events[0]?.attributes).toMatchObject({ amount: 2250000, currency: 'USD' });
    const jpy = await amocrmAdapter.map(post(WON), null, { currency: 'JPY' });
    expect(jpy.events[0]?.attributes).toMatchObject({ amount: 22500, currency: 'JPY' });
  });

  it('maps several items of one POST: won, a stage move and a lost deal, each with its own key', async () => {
    const body = [
      'account[id]=5',
      item(0, { id: 1, status_id: 142, price: 100, last_modified: 1733300000, responsible_user_id: 7 }),
      item(1, { id: 2, status_id: 333, old_status_id: 222, pipeline_id: 9, last_modified: 1733300000 }),
      item(2, { id: 3, status_id: 143, last_modified: 1733300000, responsible_user_id: 8 }),
    ].join('&');
    const { events } = await amocrmAdapter.map(post(body), null);
    expect(events.map((e) => [e.externalId, e.type, e.stage?.semantic])).toEqual([
      ['amocrm:5:lead:1:won', 'deal_won', 'won'],
      ['amocrm:5:lead:2:status:333', null, 'open'],
      ['amocrm:5:lead:3:lost', 'deal_lost', 'lost'],
    ]);
    expect(events[1]?.attributes).toEqual({ dealId: '2', from: '222', to: '333' });
    expect(events[1]?.stage).toEqual({ pipelineId: '9', stageId: '333', semantic: 'open' });
  });

  it('gives the same keys for a redelivered payload', async () => {
    const first = await amocrmAdapter.map(post(WON), null);
    const again = await amocrmAdapter.map(post(WON), null);
    expect(again).toEqual(first);
  });

  it('takes a leads[update] that changes the status, ignores edits, and keys a change sent twice once', async () => {
    const won = item(
      0,
      { id: 1, status_id: 142, old_status_id: 7, price: 5, last_modified: 1733300000 },
      'update',
    );
    const edit = item(1, { id: 2, status_id: 333, last_modified: 1733300000 }, 'update');
    const wonEdit = item(
      2,
      { id: 3, status_id: 142, old_status_id: 142, last_modified: 1733300000 },
      'update',
    );
    const same = item(0, { id: 1, status_id: 142, old_status_id: 7, price: 5, last_modified: 1733300000 });
    const { events, ignored } = await amocrmAdapter.map(
      post(`account[id]=5&${won}&${edit}&${wonEdit}&${same}`),
      null,
    );
    expect(events.map((e) => e.externalId)).toEqual(['amocrm:5:lead:1:won']);
    expect(ignored).toEqual([
      'leads[update][1]: lead 2 edited, its status did not change',
      'leads[update][2]: lead 3 edited, its status did not change',
    ]);
  });

  it('maps call notes of both nestings [unconfirmed] with duration and outcome', async () => {
    const text = encodeURIComponent(JSON.stringify({ DURATION: 95, call_status: 4 }));
    const missed = encodeURIComponent(JSON.stringify({ DURATION: 0, call_status: 6 }));
    const body =
      `account[id]=5&leads[note][0][note][id]=77&leads[note][0][note][note_type]=11&leads[note][0][note][text]=${text}` +
      `&leads[note][0][note][created_at]=1733300000&leads[note][0][note][responsible_user_id]=7` +
      `&leads[note][1][id]=78&leads[note][1][note_type]=10&leads[note][1][text]=${missed}&leads[note][1][created_at]=1733300000` +
      `&leads[note][2][note][id]=79&leads[note][2][note][note_type]=4`;
    const { events, ignored } = await amocrmAdapter.map(post(body), null);
    expect(events).toEqual([
      {
        externalId: 'amocrm:5:note:77',
        type: 'call',
        // note_type 11 is an outgoing call; call_status 4: the conversation took place
        crmUserId: '7',
        occurredAt: '2024-12-04T08:13:20.000Z',
        attributes: { durationSec: 95, outcome: 'connected', direction: 'outbound' },
      },
      expect.objectContaining({
        externalId: 'amocrm:5:note:78',
        attributes: { durationSec: 0, outcome: 'no_answer', direction: 'inbound' },
      }),
    ]);
    expect(ignored).toEqual(['leads[note][2]: note of type 4, not a call']);
  });

  it('ignores entities it does not score and refuses a body with none', async () => {
    const contacts = await amocrmAdapter.map(post('contacts[add][0][id]=1&account[id]=5'), null);
    expect(contacts).toEqual({ events: [], ignored: ['contacts: not scored'] });
    await expect(amocrmAdapter.map(post(''), null)).rejects.toThrow(UnmappableDelivery);
    await expect(amocrmAdapter.map(post('account[id]=5'), null)).rejects.toThrow(UnmappableDelivery);
  });

  it('turns hostile items into ignored reasons, never an event with a guessed value', async () => {
    const body = [
      'leads[status][0][__proto__][id]=1&leads[status][0][id]=1&leads[status][0][status_id]=142',
      'leads[status][0][price]=1e30&leads[status][0][last_modified]=1733300000&leads[status][0][account_id]=5',
      item(1, { id: 2, status_id: 142, price: 'abc', last_modified: 1733300000, account_id: 5 }),
      item(2, { id: 3, status_id: 142, price: 1, last_modified: 'yesterday', account_id: 5 }),
      item(3, { id: 4, status_id: 142, price: 1, last_modified: 1733300000 }),
      item(4, { id: 'x y', status_id: 142, last_modified: 1733300000, account_id: 5 }),
    ].join('&');
    const { events, ignored } = await amocrmAdapter.map(post(body), null);
    expect(events).toEqual([]);
    expect(ignored).toHaveLength(5);
    expect(ignored[0]).toMatch(/^leads\[status\]\[0\]: lead 1 has a price/);
    expect(ignored[3]).toBe('leads[status][3]: no account id');
    const badCurrency = await amocrmAdapter.map(post(WON), null, { currency: 'rubles' });
    expect(badCurrency.events).toEqual([]);
  });

  it('has nothing to verify beyond the URL secret', () => {
    expect(amocrmAdapter.verify(post(WON), { secret: 's', values: {} }, 0)).toEqual({ ok: true });
  });
});
