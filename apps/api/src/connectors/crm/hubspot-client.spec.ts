import { jest } from '@jest/globals';
import { HUBSPOT_LIMIT, HubSpotFake } from '../../../../../test/fakes/hubspot.js';
import type { InboundDelivery, MappedEvent } from '../connector-adapter.js';
import { hubspotAdapter } from '../vendors/hubspot-adapter.js';
import { CrmHttp } from './crm-http.js';
import { HUBSPOT_RATE, HubSpotClient } from './hubspot-client.js';

const FROM = Date.parse('2026-11-02T09:00:00Z');
let fake: HubSpotFake;
let base: string;

jest.setTimeout(30_000);

const client = (settings: Record<string, string> = {}, token = 'hub-token', rate = HUBSPOT_RATE) =>
  new HubSpotClient({
    settings: { apiBaseUrl: base, ...settings },
    credentials: { apiToken: token },
    http: new CrmHttp({ rate, backoffMs: 5, retries: 2 }),
  });

beforeAll(async () => {
  fake = new HubSpotFake(33);
  base = await fake.start();
  fake.seedOwners(250);
  fake.seedDeals(450, FROM);
});
afterAll(() => fake.stop());

describe('HubSpot client against the fake', () => {
  it('walks every page of owners, with their ids as hubspot_owner_id holds them and e-mails lower-cased', async () => {
    const before = fake.server.calls(/\/crm\/v3\/owners/).length;
    const users = await client().users();
    expect(users).toHaveLength(250);
    expect(users[249]).toEqual({
      crmUserId: '1149',
      name: 'Owner 249',
      email: 'owner-249@example.com',
      active: true,
    });
    expect(fake.server.calls(/\/crm\/v3\/owners/).length - before).toBe(3);
  });

  it('reads closed + probability 1 as won, closed + 0 as lost, the rest open', async () => {
    const stages = await client().stages();
    expect(stages.map((s) => [s.stageId, s.semantic])).toEqual([
      ['appointmentscheduled', 'open'],
      ['qualifiedtobuy', 'open'],
      ['contractsent', 'open'],
      ['closedwon', 'won'],
      ['closedlost', 'lost'],
    ]);
    expect(stages[3]).toMatchObject({
      pipelineId: 'default',
      pipelineName: 'Sales Pipeline',
      name: 'Closed Won',
    });
  });

  it('walks the search history page by page and builds the same events the webhooks of those deals give', async () => {
    const hub = client();
    const history: MappedEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    let total: number | null = null;
    do {
      const page = await hub.history(FROM, cursor);
      if (pages === 0) total = page.total;
      history.push(...page.events);
      cursor = page.next;
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect([pages, total, history.length]).toEqual([5, 450, 450]);
    expect(history.filter((e) => e.type === 'deal_won')).toHaveLength(150);
    // The portal id was asked once, from the token's account.
    expect(fake.server.calls(/account-info/)).toHaveLength(1);

    // The same deals by webhook: one array item per deal, each deal read through the API (a client
    // without the rate limit, so that 450 reads take no 45 s).
    const items = [...fake.deals.values()].map((d) =>
      fake.item(d.id, 'deal.propertyChange', Date.parse(d.properties.hs_lastmodifieddate ?? ''), {
        propertyName: 'dealstage',
        propertyValue: d.properties.dealstage ?? '',
      }),
    );
    const delivery: InboundDelivery = {
      method: 'POST',
      url: 'https://board.example/api/hooks/x',
      headers: {},
      rawBody: Buffer.from(JSON.stringify(items)),
      receivedAt: Date.now(),
    };
    fake.server.limitTo(null);
    const hooked = await hubspotAdapter.map(
      delivery,
      client({}, 'hub-token', { perSecond: 1e6, burst: 1e6 }),
      {},
    );
    const byKey = (events: typeof history) =>
      [...events].sort((a, b) => a.externalId.localeCompare(b.externalId));
    expect(hooked.events.map((e) => e.externalId).sort()).toEqual(history.map((e) => e.externalId).sort());
    // Not only the keys: the content too (so the ledger sees a duplicate, not a conflict).
    expect(byKey(hooked.events)).toEqual(byKey(history));
    expect(history[0]).toMatchObject({ externalId: 'hubspot:33:deal:10000:won', type: 'deal_won' });
    fake.server.limitTo(HUBSPOT_LIMIT);
  });

  it('keeps within its rate: 30 reads in a row draw no 429 from a limit at the bucket envelope', async () => {
    // A quiet spell first, then a limit of what a bucket of 10/s with a burst of 10 may send in 1 s.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    fake.server.limitTo({ requests: 21, windowMs: 1000, answer: { status: 429, body: {} } });
    const limited = fake.server.limited;
    const hub = client();
    const reads = await Promise.all(Array.from({ length: 30 }, (_, i) => hub.deal(String(10_000 + i))));
    expect(reads.every((d) => d !== null)).toBe(true);
    expect(fake.server.limited - limited).toBe(0);
    fake.server.limitTo(HUBSPOT_LIMIT);
  });

  it('answers null for a deal that no longer exists; refuses a wrong token without retrying', async () => {
    fake.server.limitTo(null);
    expect(await client().deal('999999')).toBeNull();
    const calls = fake.server.requests.length;
    await expect(client({}, 'wrong').users()).rejects.toThrow(/401/);
    expect(fake.server.requests.length - calls).toBe(1);
  });
});
