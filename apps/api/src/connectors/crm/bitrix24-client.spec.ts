import { jest } from '@jest/globals';
import { FakeBitrix24, b24Time } from '../../../../../test/fakes/bitrix24.js';
import type { InboundDelivery, MappedEvent } from '../connector-adapter.js';
import { bitrix24Adapter } from '../vendors/bitrix24-adapter.js';
import { Bitrix24Client, bitrix24Client } from './bitrix24-client.js';
import { CRM_CLIENTS } from './crm-client-registry.js';
import { CrmHttp, CrmHttpError } from './crm-http.js';

jest.setTimeout(30_000);

/** No limit here (the last test has a limited portal of its own): the paths, not the pace. */
const b24 = new FakeBitrix24({ rate: null });
const FAST = { perSecond: 1000, burst: 1000 };

beforeAll(() => b24.start());
afterAll(() => b24.stop());
beforeEach(() => {
  b24.server.requests.length = 0;
  b24.server.limited = 0;
});

const make = (restUrl: string, settings: Record<string, string> = {}, rate = FAST): Bitrix24Client => {
  const made = bitrix24Client({
    settings,
    credentials: { restUrl },
    http: new CrmHttp({ rate, retries: 1, backoffMs: 10 }),
  });
  if (made === null) throw new Error('no client');
  return made;
};
/** One client (one rate bucket) per portal, as the registry keeps one per connector. */
let shared: Bitrix24Client | null = null;
const client = (): Bitrix24Client => (shared ??= make(b24.restUrl));

const hook = (body: string): InboundDelivery => ({
  ...{ method: 'POST', url: 'https://board.example/api/hooks/b', headers: {} },
  ...{ rawBody: Buffer.from(body), receivedAt: Date.now() },
});

describe('Bitrix24 client against the fake portal', () => {
  it('is registered at 2 requests/s with a burst of 50 and needs the inbound webhook URL', () => {
    expect(CRM_CLIENTS.bitrix24?.rate).toEqual({ perSecond: 2, burst: 50 });
    const http = new CrmHttp({ rate: { perSecond: 2, burst: 50 } });
    expect(bitrix24Client({ settings: {}, credentials: {}, http })).toBeNull();
    expect(bitrix24Client({ settings: {}, credentials: { restUrl: 'not a url' }, http })).toBeNull();
    expect(bitrix24Client({ settings: {}, credentials: { restUrl: 'file:///etc/passwd' }, http })).toBeNull();
  });

  it('lists every user across pages of 50 and every funnel\u2019s stages with their semantics', async () => {
    const before = b24.users.length;
    for (let i = 0; i < 110; i += 1) {
      b24.users.push({
        ID: String(500 + i),
        NAME: `U${i}`,
        LAST_NAME: '',
        EMAIL: `U${i}@X.ru`,
        ACTIVE: i > 0,
      });
    }
    try {
      const users = await client().users();
      expect(users).toHaveLength(before + 110);
      expect(b24.server.calls(/user\.get\.json$/)).toHaveLength(3);
      expect(users[0]).toEqual({
        crmUserId: '12',
        name: 'Anna Petrova',
        email: 'anna@example.com',
        active: true,
      });
      expect(users.find((u) => u.crmUserId === '500')).toEqual({
        ...{ crmUserId: '500', name: 'U0', email: 'u0@x.ru', active: false },
      });
    } finally {
      b24.users.length = before;
    }
    const stages = await client().stages();
    expect(stages.map((s) => [s.pipelineId, s.stageId, s.semantic])).toEqual([
      ['0', 'NEW', 'open'],
      ['0', 'PREPARATION', 'open'],
      ['0', 'WON', 'won'],
      ['0', 'LOSE', 'lost'],
      ['14', 'C14:NEW', 'open'],
      ['14', 'C14:PREP', 'open'],
      ['14', 'C14:WON', 'won'],
      ['14', 'C14:LOSE', 'lost'],
    ]);
    expect(stages[6]).toMatchObject({ pipelineName: 'Wholesale', name: 'WON' });
    // The default funnel is named by crm.dealcategory.default.get, not shown as "0".
    expect(stages[0]).toMatchObject({ pipelineName: 'Общая' });
  });

  it('reads a deal, null for one that does not exist, and refuses a wrong webhook token', async () => {
    const id = b24.createDeal({ OPPORTUNITY: '500.00' });
    expect(await client().deal(id)).toMatchObject({ ID: id, OPPORTUNITY: '500.00' });
    expect(await client().deal('999999')).toBeNull();
    const forged = make(b24.restUrl.replace(b24.restToken, 'stolen'));
    await expect(forged.deal(id)).rejects.toThrow(CrmHttpError);
  });

  it('walks every stage-history page, one crm.deal.list a page, with the total, and its keys equal the webhooks\u2019', async () => {
    // History starts a day after anything the earlier tests made.
    const T0 = (b24.clock += 86_400_000);
    const webhook: MappedEvent[] = [];
    const lookup = client();
    const send = async (body: string) =>
      webhook.push(...(await bitrix24Adapter.map(hook(body), lookup)).events);
    const ids: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const id = b24.createDeal({
        ...{ ASSIGNED_BY_ID: b24.users[i % 2]!.ID, OPPORTUNITY: `${1000 + i}.50` },
        ...(i % 2 === 0 ? { CATEGORY_ID: '14', STAGE_ID: 'C14:NEW' } : {}),
      });
      ids.push(id);
      await send(b24.move(id, i % 2 === 0 ? 'C14:PREP' : 'PREPARATION'));
      // An edit is an ONCRMDEALUPDATE too: it finds the same move, so the same key.
      await send(b24.edit(id, { TITLE: 'renamed' }));
      const final = i % 5 === 0 ? 'LOSE' : 'WON';
      await send(b24.move(id, i % 2 === 0 ? `C14:${final}` : final));
    }
    b24.server.requests.length = 0;
    const history: MappedEvent[] = [];
    let cursor: string | null = null;
    let first = true;
    do {
      const page = await client().history(T0, cursor);
      history.push(...page.events);
      // 40 created rows (no webhook asked for their move here) + 80 moves
      expect(page.total).toBe(first ? 120 : null);
      expect(page.ignored).toEqual([]);
      cursor = page.next;
      first = false;
    } while (cursor !== null);
    expect(b24.server.calls(/crm\.stagehistory\.list\.json$/)).toHaveLength(3);
    expect(b24.server.calls(/crm\.deal\.list\.json$/)).toHaveLength(3);

    // The property that prevents double counting: every webhook key is in the history, and the
    // history's events for those keys are the webhook's.
    const byKey = new Map(history.map((e) => [e.externalId, e]));
    expect(history).toHaveLength(120);
    expect(new Set(webhook.map((e) => e.externalId)).size).toBe(80);
    for (const event of webhook) expect(byKey.get(event.externalId)).toEqual(event);
    const won = byKey.get(`b24:${b24.domain}:deal:${ids[1]}:won`);
    expect(won).toMatchObject({
      type: 'deal_won',
      crmUserId: '13',
      attributes: { dealId: ids[1], amount: 100_150, currency: 'RUB' },
      stage: { pipelineId: '0', stageId: 'WON', semantic: 'won' },
    });
    expect(byKey.get(`b24:${b24.domain}:deal:${ids[0]}:lost`)?.type).toBe('deal_lost');
  });

  it('keys by settings.memberId when set, on both paths', async () => {
    const since = b24.clock;
    const id = b24.createDeal({ OPPORTUNITY: '7.00' });
    const body = b24.win(id);
    const c = make(b24.restUrl, { memberId: b24.memberId });
    const hooked = await bitrix24Adapter.map(hook(body), c, { memberId: b24.memberId });
    const page = await c.history(since, null);
    expect(hooked.events.map((e) => e.externalId)).toEqual([`b24:${b24.memberId}:deal:${id}:won`]);
    expect(page.events.map((e) => e.externalId)).toContain(`b24:${b24.memberId}:deal:${id}:won`);
  });

  it('reads only what happened since, and an empty history has no next page', async () => {
    const later = b24.clock + 3_600_000;
    expect(await client().history(later, null)).toEqual({
      events: [],
      fetched: 0,
      total: 0,
      next: null,
      ignored: [],
    });
    const id = b24.createDeal({}, later + 1000);
    b24.move(id, 'PREPARATION', later + 2000);
    const page = await client().history(later, null);
    expect(page.events.map((e) => [e.attributes.to, e.occurredAt])).toEqual([
      ['NEW', b24Time(later + 1000)],
      ['PREPARATION', b24Time(later + 2000)],
    ]);
  });

  it('keeps within 2/s after a burst of 50; without its bucket QUERY_LIMIT_EXCEEDED comes and is retried', async () => {
    const portal = new FakeBitrix24();
    await portal.start();
    try {
      const ids = Array.from({ length: 8 }, () => portal.createDeal());
      const c = make(portal.restUrl, {}, CRM_CLIENTS.bitrix24!.rate);
      // More than a burst, one after the other as a backfill reads: 50 at once, then 2 a second.
      const read: unknown[] = [];
      for (let i = 0; i < 58; i += 1) read.push(await c.deal(ids[i % ids.length]!));
      expect(read.every((deal) => deal !== null)).toBe(true);
      expect(portal.server.requests).toHaveLength(58);
      expect(portal.server.limited).toBe(0);
      // A client that ignores the limit is answered 503 QUERY_LIMIT_EXCEEDED, which CrmHttp retries.
      const greedy = bitrix24Client({
        settings: {},
        credentials: { restUrl: portal.restUrl },
        http: new CrmHttp({ rate: FAST, retries: 6, backoffMs: 250 }),
      })!;
      const answers = await Promise.all(ids.slice(0, 3).map((id) => greedy.deal(id)));
      expect(answers.every((deal) => deal !== null)).toBe(true);
      expect(portal.server.limited).toBeGreaterThan(0);
    } finally {
      await portal.stop();
    }
  });
});
