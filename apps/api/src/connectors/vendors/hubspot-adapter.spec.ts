import { createHmac } from 'node:crypto';
import { UnmappableDelivery, type CrmLookup, type InboundDelivery } from '../connector-adapter.js';
import { hubspotAdapter } from './hubspot-adapter.js';

const URL = 'https://board.example/api/hooks/h1?t=%3A1';
const NOW = Date.UTC(2026, 11, 4, 10);
const SECRET = 'client-secret';
/** The research brief's sample item: a deal moved to closedwon. */
const SAMPLE = {
  objectId: 1246965,
  propertyName: 'dealstage',
  propertyValue: 'closedwon',
  changeSource: 'CRM_UI',
  eventId: 3816279340,
  subscriptionId: 25,
  portalId: 33,
  appId: 1160452,
  occurredAt: 1462216307945,
  subscriptionType: 'deal.propertyChange',
  attemptNumber: 0,
};

function signed(body: string, timestamp = NOW, secret = SECRET, url = URL): InboundDelivery {
  const signature = createHmac('sha256', secret).update(`POST${url}${body}${timestamp}`).digest('base64');
  const headers = { 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': String(timestamp) };
  return { method: 'POST', url: URL, headers, rawBody: Buffer.from(body), receivedAt: NOW };
}
const credentials = { secret: 's', values: { clientSecret: SECRET } };
const deals = (props: Record<string, Record<string, unknown>>): CrmLookup => ({
  deal: async (id) => (props[id] ? { id, properties: props[id] } : null),
});
const WON_DEAL = {
  dealstage: 'closedwon',
  pipeline: 'default',
  amount: '1500.50',
  deal_currency_code: 'USD',
  hubspot_owner_id: '910',
  hs_is_closed: 'true',
  hs_is_closed_won: 'true',
};

describe('HubSpot adapter', () => {
  it('accepts a v3 signature over method, URL, raw body and timestamp', () => {
    const body = JSON.stringify([SAMPLE]);
    expect(hubspotAdapter.verify(signed(body), credentials, NOW + 60_000)).toEqual({ ok: true });
    // HubSpot signs the URI with some characters decoded (%3A -> :).
    const decodedUrl = URL.replace('%3A', ':');
    expect(hubspotAdapter.verify(signed(body, NOW, SECRET, decodedUrl), credentials, NOW)).toEqual({
      ok: true,
    });
  });

  it('refuses a bad signature, a tampered body, a stale or future timestamp, missing headers', () => {
    const body = JSON.stringify([SAMPLE]);
    expect(hubspotAdapter.verify(signed(body, NOW, 'other'), credentials, NOW)).toMatchObject({ ok: false });
    const tampered = { ...signed(body), rawBody: Buffer.from(body.replace('1246965', '1246966')) };
    expect(hubspotAdapter.verify(tampered, credentials, NOW)).toMatchObject({ ok: false });
    const stale = hubspotAdapter.verify(signed(body), credentials, NOW + 5 * 60_000 + 1);
    expect(stale).toEqual({ ok: false, reason: 'request timestamp more than 5 minutes off' });
    expect(hubspotAdapter.verify(signed(body), credentials, NOW - 6 * 60_000)).toMatchObject({ ok: false });
    const bare = { ...signed(body), headers: {} };
    expect(hubspotAdapter.verify(bare, credentials, NOW)).toMatchObject({ ok: false });
    expect(hubspotAdapter.verify(signed(body), { secret: 's', values: {} }, NOW)).toMatchObject({
      ok: false,
    });
  });

  it('maps the sample to deal_won with the deal amount, currency and owner, keyed without a timestamp', async () => {
    const mapped = await hubspotAdapter.map(signed(JSON.stringify([SAMPLE])), deals({ 1246965: WON_DEAL }));
    expect(mapped).toEqual({
      ignored: [],
      events: [
        {
          externalId: 'hubspot:33:deal:1246965:won',
          type: 'deal_won',
          // hs_is_closed_won of the deal the lookup answers; amount "1500.50" USD in cents
          crmUserId: '910',
          occurredAt: '2016-05-02T19:11:47.945Z',
          attributes: { dealId: '1246965', amount: 150050, currency: 'USD' },
          stage: { pipelineId: 'default', stageId: 'closedwon', semantic: 'won' },
        },
      ],
    });
  });

  it('maps an array of mixed events in any order and the same keys on redelivery', async () => {
    const items = [
      { ...SAMPLE, objectId: 2, propertyValue: 'appointmentscheduled', occurredAt: 1733300000000 },
      { ...SAMPLE, propertyName: 'amount', propertyValue: '99' },
      {
        ...SAMPLE,
        objectId: 3,
        subscriptionType: undefined,
        eventType: 'deal.creation',
        propertyName: undefined,
      },
      { ...SAMPLE, subscriptionType: 'deal.deletion' },
      { ...SAMPLE, objectId: 4, propertyValue: 'closedlost' },
      'junk',
    ];
    const lookup = deals({
      2: { dealstage: 'appointmentscheduled', hubspot_owner_id: '911', hs_is_closed: 'false' },
      3: { dealstage: 'qualifiedtobuy', hs_is_closed: 'false' },
      4: {
        dealstage: 'closedlost',
        hs_is_closed: 'true',
        hs_is_closed_won: 'false',
        hubspot_owner_id: '912',
      },
    });
    const body = JSON.stringify(items);
    const { events, ignored } = await hubspotAdapter.map(signed(body), lookup);
    expect(events.map((e) => [e.externalId, e.type, e.stage?.semantic, e.crmUserId])).toEqual([
      ['hubspot:33:deal:2:stage:appointmentscheduled', null, 'open', '911'],
      // a creation is the deal entering the stage it is in: one key with a later move there
      ['hubspot:33:deal:3:stage:qualifiedtobuy', null, 'open', null],
      ['hubspot:33:deal:4:lost', 'deal_lost', 'lost', '912'],
    ]);
    expect(ignored).toEqual([
      '[1]: change of amount is not a stage move',
      '[3]: deal.deletion is not scored',
      '[5]: not an object',
    ]);
    expect((await hubspotAdapter.map(signed(body), lookup)).events).toEqual(events);
  });

  it('dates a won deal by its closedate and keys a redelivered or re-won deal alike', async () => {
    const closed = { ...WON_DEAL, closedate: '2026-11-18T07:00:00.000Z' };
    const again = { ...SAMPLE, occurredAt: 1462216399999, attemptNumber: 1 };
    const { events } = await hubspotAdapter.map(
      signed(JSON.stringify([SAMPLE, again])),
      deals({ 1246965: closed }),
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      externalId: 'hubspot:33:deal:1246965:won',
      occurredAt: '2026-11-18T07:00:00.000Z',
    });
  });

  it('leaves the meaning to the stage map when the deal has moved on, and the amount out without a currency', async () => {
    const movedOn = await hubspotAdapter.map(
      signed(JSON.stringify([SAMPLE])),
      deals({ 1246965: { ...WON_DEAL, dealstage: 'x' } }),
    );
    expect(movedOn.events[0]).toMatchObject({ type: null, stage: { stageId: 'closedwon', semantic: null } });
    const noCurrency = { ...WON_DEAL, deal_currency_code: undefined };
    const bare = await hubspotAdapter.map(signed(JSON.stringify([SAMPLE])), deals({ 1246965: noCurrency }));
    expect(bare.events[0]?.attributes).toEqual({ dealId: '1246965' });
    expect(bare.ignored).toEqual(['[0]: amount left out: no valid amount and currency']);
    const withSetting = await hubspotAdapter.map(
      signed(JSON.stringify([SAMPLE])),
      deals({ 1246965: noCurrency }),
      {
        currency: 'EUR',
      },
    );
    expect(withSetting.events[0]?.attributes).toEqual({ dealId: '1246965', amount: 150050, currency: 'EUR' });
  });

  it('refuses non-JSON, a missing CRM API; ignores hostile items', async () => {
    await expect(hubspotAdapter.map(signed('not json'), deals({}))).rejects.toThrow(UnmappableDelivery);
    await expect(hubspotAdapter.map(signed('[]'), null)).rejects.toThrow(UnmappableDelivery);
    const hostile = JSON.stringify([
      { ...SAMPLE, objectId: -5 },
      { ...SAMPLE, occurredAt: 'soon' },
      { ...SAMPLE, portalId: { x: 1 } },
      JSON.parse(
        '{"__proto__":{"polluted":1},"subscriptionType":"deal.propertyChange","propertyName":"dealstage"}',
      ),
    ]);
    const { events, ignored } = await hubspotAdapter.map(signed(hostile), deals({ 1246965: WON_DEAL }));
    expect(events).toEqual([]);
    expect(ignored).toHaveLength(4);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
