import { jest } from '@jest/globals';
import { AMO_LOST, AMO_PIPELINE, AMO_PROPOSAL, FakeAmoCrm } from '../../../../../test/fakes/amocrm.js';
import type { InboundDelivery, MappedEvent } from '../connector-adapter.js';
import { amocrmAdapter } from '../vendors/amocrm-adapter.js';
import { AmocrmClient, amocrmClient } from './amocrm-client.js';
import { CRM_CLIENTS } from './crm-client-registry.js';
import { CrmHttp, CrmHttpError } from './crm-http.js';

jest.setTimeout(30_000);

const amo = new FakeAmoCrm();
/** 2026-11-18T10:00:00+03:00: history starts here. */
const T0 = 1794985200;

beforeAll(() => amo.start());
afterAll(() => amo.stop());
beforeEach(() => {
  amo.server.requests.length = 0;
  amo.server.limited = 0;
});

/** One client (one rate bucket) per account, as the registry keeps one per connector. */
let shared: AmocrmClient | null = null;
const client = (token?: string): AmocrmClient => {
  if (token === undefined && shared !== null) return shared;
  const rate = CRM_CLIENTS.amocrm!.rate;
  const made = amocrmClient({
    settings: { apiBaseUrl: amo.url },
    credentials: { apiToken: token ?? amo.token },
    http: new CrmHttp({ rate, retries: 1, backoffMs: 10 }),
  });
  if (made === null) throw new Error('no client');
  if (token === undefined) shared = made;
  return made;
};

const hook = (body: string): InboundDelivery => ({
  ...{ method: 'POST', url: 'https://board.example/api/hooks/c?token=s', headers: {} },
  ...{ rawBody: Buffer.from(body), receivedAt: Date.now() },
});

async function allHistory(c: AmocrmClient, since: number): Promise<{ events: MappedEvent[]; pages: number }> {
  const events: MappedEvent[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await c.history(since, cursor);
    events.push(...page.events);
    expect(page.ignored).toEqual([]);
    cursor = page.next;
    pages += 1;
  } while (cursor !== null);
  return { events, pages };
}

describe('amoCRM client against the fake account', () => {
  it('is registered at 7 requests/s and needs an API origin and a token', () => {
    expect(CRM_CLIENTS.amocrm?.rate).toEqual({ perSecond: 7, burst: 7 });
    const http = new CrmHttp({ rate: { perSecond: 7, burst: 7 } });
    expect(amocrmClient({ settings: {}, credentials: { apiToken: 't' }, http })).toBeNull();
    expect(amocrmClient({ settings: { apiBaseUrl: amo.url }, credentials: {}, http })).toBeNull();
    expect(
      amocrmClient({ settings: { apiBaseUrl: 'javascript:x' }, credentials: { apiToken: 't' }, http }),
    ).toBeNull();
  });

  it('lists every user across pages, e-mails lower-cased, and the pipelines with 142 won and 143 lost', async () => {
    const before = amo.users.length;
    for (let i = 0; i < 520; i += 1) {
      amo.users.push({
        id: 3_000_000 + i,
        name: `User ${i}`,
        email: `U${i}@Example.com`,
        active: i % 2 === 0,
      });
    }
    try {
      const users = await client().users();
      expect(users).toHaveLength(before + 520);
      expect(amo.server.calls(/\/api\/v4\/users/)).toHaveLength(3);
      expect(users[0]).toEqual({
        crmUserId: '2079676',
        name: 'Anna Petrova',
        email: 'anna@example.com',
        active: true,
      });
      expect(users.find((u) => u.crmUserId === '3000001')).toMatchObject({
        email: 'u1@example.com',
        active: false,
      });
    } finally {
      amo.users.length = before;
    }
    const stages = await client().stages();
    expect(stages.map((s) => [s.stageId, s.semantic])).toEqual([
      ['20067736', 'open'],
      [String(AMO_PROPOSAL), 'open'],
      ['142', 'won'],
      ['143', 'lost'],
    ]);
    expect(stages[2]).toEqual({
      ...{ pipelineId: String(AMO_PIPELINE), stageId: '142', semantic: 'won' },
      ...{ pipelineName: 'Sales', name: 'Won' },
    });
  });

  it('reads a lead, null for one that does not exist, and refuses a wrong token', async () => {
    const id = amo.createLead({ price: 500 });
    expect(await client().deal(String(id))).toMatchObject({ id, price: 500 });
    expect(await client().deal('999999999')).toBeNull();
    await expect(client('wrong').deal(String(id))).rejects.toThrow(CrmHttpError);
  });

  it('walks every history page, one leads call per page, and its keys equal the webhooks\u2019 for the same moves', async () => {
    amo.clock = T0;
    const webhook: MappedEvent[] = [];
    const send = async (body: string) => webhook.push(...(await amocrmAdapter.map(hook(body), null)).events);
    const ids: number[] = [];
    for (let i = 0; i < 140; i += 1) {
      const id = amo.createLead({ price: 1000 + i, responsible_user_id: amo.users[i % 2]!.id });
      ids.push(id);
      await send(amo.move(id, AMO_PROPOSAL));
      await send(i % 7 === 0 ? amo.move(id, AMO_LOST) : amo.win(id));
    }
    // The price changes after the win: the key must not depend on it (the amount is read then).
    amo.leads.get(ids[1]!)!.price = 1;
    const { events, pages } = await allHistory(client(), T0 * 1000);
    expect(pages).toBe(3);
    expect(amo.server.calls(/^\/api\/v4\/events$/)).toHaveLength(3);
    expect(amo.server.calls(/^\/api\/v4\/leads$/)).toHaveLength(3);

    // The property that prevents double counting: one key set, whichever path brought the moves.
    const keys = (list: MappedEvent[]) => list.map((e) => e.externalId).sort();
    expect(keys(events)).toEqual(keys(webhook));
    expect(new Set(keys(events)).size).toBe(280);
    const byKey = new Map(webhook.map((e) => [e.externalId, e]));
    for (const event of events.filter((e) => e.externalId !== `amocrm:${amo.accountId}:lead:${ids[1]}:won`))
      expect(event).toEqual(byKey.get(event.externalId));
    expect(events.find((e) => e.externalId === `amocrm:${amo.accountId}:lead:${ids[0]}:lost`)?.type).toBe(
      'deal_lost',
    );
    expect(events.find((e) => e.externalId === `amocrm:${amo.accountId}:lead:${ids[2]}:won`)).toMatchObject({
      type: 'deal_won',
      crmUserId: String(amo.users[0]!.id),
      attributes: { dealId: String(ids[2]), amount: 100_200, currency: 'RUB' },
    });
    expect(amo.server.limited).toBe(0);
  });

  it('answers an empty page (204) with next null, and reads only what happened since', async () => {
    const future = (amo.clock + 3600) * 1000;
    expect(await client().history(future, null)).toEqual({
      events: [],
      fetched: 0,
      total: null,
      next: null,
      ignored: [],
    });
    const id = amo.createLead({ price: 7 });
    amo.win(id, amo.clock + 7200);
    const page = await client().history(future, null);
    expect(page.events.map((e) => e.externalId)).toEqual([`amocrm:${amo.accountId}:lead:${id}:won`]);
    expect(page.next).toBeNull();
  });

  it('stays within 7 requests/s over more than a burst, where the same calls at once are refused with 429', async () => {
    const c = client();
    const ids = Array.from({ length: 15 }, () => String(amo.createLead()));
    const leads = await Promise.all(ids.map((id) => c.deal(id)));
    expect(leads.every((l) => l !== null)).toBe(true);
    expect(amo.server.limited).toBe(0);
    // The fake does limit: a burst past 7 without the client's bucket is answered 429.
    const raw = await Promise.all(
      ids.map((id) =>
        fetch(`${amo.url}/api/v4/leads/${id}`, { headers: { authorization: `Bearer ${amo.token}` } }),
      ),
    );
    expect(raw.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(amo.server.limited).toBeGreaterThan(0);
  });
});
