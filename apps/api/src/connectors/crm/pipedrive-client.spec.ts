import { jest } from '@jest/globals';
import { PipedriveFake } from '../../../../../test/fakes/pipedrive.js';
import type { InboundDelivery, MappedEvent } from '../connector-adapter.js';
import { pipedriveAdapter } from '../vendors/pipedrive-adapter.js';
import { CrmHttp } from './crm-http.js';
import { PIPEDRIVE_RATE, PipedriveClient } from './pipedrive-client.js';

jest.setTimeout(30_000);
const FROM = Date.parse('2026-11-02T09:00:00Z');
let fake: PipedriveFake;
let base: string;
const webhooks: ReturnType<PipedriveFake['changeDeal']>[] = [];

const client = (token = 'pd-token') =>
  new PipedriveClient({
    settings: { apiBaseUrl: base },
    credentials: { apiToken: token },
    http: new CrmHttp({ rate: PIPEDRIVE_RATE, backoffMs: 5, retries: 2 }),
  });
const byKey = (events: MappedEvent[]) => [...events].sort((a, b) => a.externalId.localeCompare(b.externalId));

beforeAll(async () => {
  fake = new PipedriveFake();
  base = await fake.start();
  fake.seedUsers(3);
  // 250 deals: won every other one, the rest moved to stage 2; and 120 calls.
  for (let i = 0; i < 250; i += 1) {
    const id = 50_000 + i;
    fake.changeDeal(id, { owner_id: 2_000 + (i % 3), value: 100 + i, currency: 'EUR' }, FROM + i * 1000);
    webhooks.push(
      fake.changeDeal(id, i % 2 === 0 ? { status: 'won' } : { stage_id: 2 }, FROM + i * 1000 + 500),
    );
  }
  for (let i = 0; i < 120; i += 1)
    webhooks.push(fake.doneCall(70_000 + i, 2_000, '00:02:05', FROM + i * 1000));
});
afterAll(() => fake.stop());

describe('Pipedrive client against the fake', () => {
  it('lists the users, the stages of every pipeline as open (won and lost are the deal status), a deal', async () => {
    const pd = client();
    expect(await pd.users()).toEqual([
      { crmUserId: '2000', name: 'User 0', email: 'user-0@example.com', active: true },
      { crmUserId: '2001', name: 'User 1', email: 'user-1@example.com', active: true },
      { crmUserId: '2002', name: 'User 2', email: 'user-2@example.com', active: true },
    ]);
    const stages = await pd.stages();
    expect(stages.map((s) => [s.pipelineName, s.stageId, s.semantic])).toEqual([
      ['Sales', '1', 'open'],
      ['Sales', '2', 'open'],
      ['Sales', '3', 'open'],
    ]);
    expect(await pd.deal('50000')).toMatchObject({ id: 50_000, status: 'won' });
    expect(await pd.deal('1')).toBeNull();
  });

  it('walks deals then calls with the v2 cursor, keyed as the webhooks of the same changes', async () => {
    const pd = client();
    const history: MappedEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await pd.history(FROM, cursor);
      history.push(...page.events);
      cursor = page.next;
      pages += 1;
    } while (cursor !== null && pages < 20);
    // 3 pages of deals, an empty-cursor start of activities, 2 pages of calls.
    expect(pages).toBe(5);
    expect(fake.server.calls(/\/v1\/users\/me/)).toHaveLength(1);
    expect(history.filter((e) => e.type === 'deal_won')).toHaveLength(125);
    expect(history.filter((e) => e.type === 'call')).toHaveLength(120);

    const hooked: MappedEvent[] = [];
    for (const hook of webhooks) {
      const delivery: InboundDelivery = {
        method: 'POST',
        url: 'https://board.example/api/hooks/x',
        headers: {},
        rawBody: Buffer.from(JSON.stringify(hook)),
        receivedAt: Date.now(),
      };
      hooked.push(...(await pipedriveAdapter.map(delivery, null)).events);
    }
    expect(hooked.map((e) => e.externalId).sort()).toEqual(history.map((e) => e.externalId).sort());
    // Won deals and calls carry the same content both ways; a stage move read later lacks `from`.
    const same = (events: MappedEvent[]) => byKey(events.filter((e) => e.type !== null));
    expect(same(hooked)).toEqual(same(history));
    expect(history).toContainEqual(
      expect.objectContaining({
        externalId: 'pipedrive:7700001:deal:50000:won',
        attributes: { dealId: '50000', amount: 10000, currency: 'EUR' },
      }),
    );
  });

  it('keeps within its rate: 24 reads in a row draw no 429 from a limit at the bucket envelope', async () => {
    await new Promise((resolve) => setTimeout(resolve, 2100));
    fake.server.limitTo({ requests: 17, windowMs: 1000, answer: { status: 429, body: {} } });
    const limited = fake.server.limited;
    const pd = client();
    const reads = await Promise.all(Array.from({ length: 24 }, (_, i) => pd.deal(String(50_000 + i))));
    expect(reads.every((d) => d !== null)).toBe(true);
    expect(fake.server.limited - limited).toBe(0);
    fake.server.limitTo(null);
  });

  it('refuses a wrong token without retrying', async () => {
    const calls = fake.server.requests.length;
    await expect(client('wrong').users()).rejects.toThrow(/401/);
    expect(fake.server.requests.length - calls).toBe(1);
  });
});
