import { jest } from '@jest/globals';
import type { CreatedConnector } from '@leaderboard/contracts';
import { EventsService } from '../events/events.service.js';
import { wonDeal } from '../test-support/stub-crm.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';
import { InboxWorker } from './inbox-worker.js';
import { MappedIngest } from './mapped-ingest.js';

let t: TestApp;
useTestApp((app) => {
  t = app;
});
afterEach(() => jest.restoreAllMocks());

/** amoCRM's batched `leads[status]` webhook: leads 10701093 and 10701094 won at 10:00 Moscow time. */
const twoWins = [
  ...[10701093, 10701094].flatMap((id, i) => [
    `leads[status][${i}][id]=${id}`,
    `leads[status][${i}][status_id]=142`,
    `leads[status][${i}][pipeline_id]=9217056`,
    `leads[status][${i}][price]=22500`,
    `leads[status][${i}][responsible_user_id]=2079676`,
    `leads[status][${i}][last_modified]=1794985200`,
    `leads[status][${i}][account_id]=17769199`,
  ]),
  'account[subdomain]=acme',
  'account[id]=17769199',
].join('&');

describe('a webhook and a backfill storing the same deal at the same moment', () => {
  it('the webhook counts the stored deal as known and stores the rest of its delivery', async () => {
    const res = await t
      .http()
      .post('/api/connectors')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ kind: 'amocrm', name: 'amoCRM', credentials: { apiToken: 'tok' } });
    const c = res.body as CreatedConnector;

    // Between the worker's look at the ledger and its insert, a backfill page stores lead 10701093,
    // read from the CRM's history a second later than the webhook says (amoCRM's event time).
    const events = t.app.get(EventsService);
    const ingest = events.ingest.bind(events);
    let raced = false;
    jest.spyOn(events, 'ingest').mockImplementation(async (body, onlySource) => {
      if (!raced) {
        raced = true;
        const page = [wonDeal(10701093, '2079676', '2026-11-18T10:00:01+03:00', 2_250_000)];
        expect(await t.app.get(MappedIngest).history(c.id, page)).toMatchObject({ created: 1 });
      }
      return ingest(body, onlySource);
    });
    expect((await t.http().post(c.hookPath).type('form').send(twoWins)).status).toBe(200);
    await t.app.get(InboxWorker).drain();

    expect(raced).toBe(true);
    const rows = await t.dataSource.query<Array<{ status: string; reason: string | null }>>(
      'SELECT status, reason FROM connector_inbox',
    );
    expect(rows).toEqual([{ status: 'done', reason: expect.stringContaining('already recorded') }]);
    const ledger = await t.dataSource.query<Array<{ key: string; at: Date }>>(
      `SELECT external_id AS key, occurred_at AS at FROM events WHERE source = $1 ORDER BY external_id`,
      [`connector:${c.id}`],
    );
    expect(ledger.map((r) => [r.key, new Date(r.at).toISOString()])).toEqual([
      // The backfill's, left as it is; the other lead of the delivery, stored once.
      ['amocrm:17769199:lead:10701093:won', '2026-11-18T07:00:01.000Z'],
      ['amocrm:17769199:lead:10701094:won', '2026-11-18T07:00:00.000Z'],
    ]);
  });
});
