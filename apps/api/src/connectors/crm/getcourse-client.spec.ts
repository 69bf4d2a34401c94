import { GetCourseFake, getcourseCallUrl } from '../../../../../test/fakes/getcourse.js';
import type { MappedEvent } from '../connector-adapter.js';
import { getcourseAdapter } from '../vendors/getcourse-adapter.js';
import { CrmHttp } from './crm-http.js';
import { GETCOURSE_PAGE, GetCourseClient } from './getcourse-client.js';

let fake: GetCourseFake;
let base: string;
const MANAGERS = ['anna@school.ru', 'boris@school.ru'];

const client = (key = 'gc-key') =>
  new GetCourseClient(
    {
      settings: { apiBaseUrl: base, account: 'school', timeZone: 'Europe/Moscow' },
      credentials: { apiToken: key },
      http: new CrmHttp({ rate: { perSecond: 1000, burst: 1000 }, backoffMs: 5, retries: 1 }),
    },
    base,
    'school',
    { pauseMs: 1, now: () => Date.parse('2026-11-20T10:00:00Z') },
  );

beforeAll(async () => {
  fake = new GetCourseFake('gc-key', 2);
  base = await fake.start();
  fake.seedPaid(1200, '2026-11-18', MANAGERS);
  fake.upsert({ ...fake.orders.get(300_000)!, id: 1, status: 'new', paidAt: null });
});
afterAll(() => fake.stop());

describe('GetCourse client against the fake', () => {
  it('reads paid orders from an export (waiting while it answers 910) in pages, keyed as the "Вызвать URL" calls', async () => {
    const gc = client();
    const history: MappedEvent[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await gc.history(Date.parse('2026-11-18T00:00:00Z'), cursor);
      if (pages === 0) expect(page.total).toBe(1200);
      history.push(...page.events);
      cursor = page.next;
      pages += 1;
    } while (cursor !== null && pages < 10);
    expect(pages).toBe(Math.ceil(1200 / GETCOURSE_PAGE));
    // One export asked for, only paid orders: the 910 answers were waited out, not failures.
    expect(fake.server.calls(/\/account\/deals/)).toHaveLength(1);
    expect(fake.server.calls(/\/account\/deals/)[0]?.query.get('status')).toBe('payed');
    expect(history).toHaveLength(1200);
    expect(history[0]).toMatchObject({
      externalId: 'getcourse:school:order:300000:payed',
      type: 'deal_won',
      crmUserId: 'anna@school.ru',
      occurredAt: '2026-11-18T08:00:00+03:00',
      attributes: { dealId: '300000', orderNumber: '1000', amount: 100000, currency: 'RUB' },
    });

    const keys = await Promise.all(
      [...fake.orders.values()]
        .filter((o) => o.status === 'payed')
        .map(async (order) => {
          const url = getcourseCallUrl('https://board.example/api/hooks/g/s3cret', order);
          const delivery = {
            method: 'GET' as const,
            url,
            headers: {},
            rawBody: Buffer.alloc(0),
            receivedAt: Date.now(),
          };
          return (await getcourseAdapter.map(delivery, null, { account: 'school' })).events[0]?.externalId;
        }),
    );
    expect(keys.sort()).toEqual(history.map((e) => e.externalId).sort());
  });

  it('lists the managers seen in orders as users, and the order statuses as stages', async () => {
    expect(await client().users()).toEqual([
      { crmUserId: 'anna@school.ru', name: null, email: 'anna@school.ru', active: true },
      { crmUserId: 'boris@school.ru', name: null, email: 'boris@school.ru', active: true },
    ]);
    const stages = await client().stages();
    expect(stages.find((s) => s.stageId === 'payed')).toMatchObject({ semantic: 'won', name: 'Завершен' });
    expect(stages.find((s) => s.stageId === 'cancelled')).toMatchObject({ semantic: 'lost' });
  });

  it('says what GetCourse refuses (a wrong key answers success: false with HTTP 200)', async () => {
    await expect(client('wrong').history(0, null)).rejects.toThrow(
      /GetCourse refused the export.*Неверный ключ/,
    );
  });
});
