import type { EventInput, KpiEntry, KpiId, KpiResponse, RepView, TeamView } from '@leaderboard/contracts';
import type { KpiCounters } from '@leaderboard/scoring';
import type { TestApp } from '../test-support/test-app.js';
import { ApiClient } from '../test-support/api-client.js';
import { useTestApp } from '../test-support/use-test-app.js';
import { KpisService } from './kpis.service.js';

/** `YYYY-MM-DD hh:mm` Moscow time (the org zone of the default rule set; no DST). */
const msk = (date: string, hhmm = '12:00'): string => `${date}T${hhmm}:00+03:00`;

let seq = 0;
function ev(
  type: EventInput['type'],
  rep: string,
  occurredAt: string,
  attributes: EventInput['attributes'] = {},
): EventInput {
  seq += 1;
  return { source: 'crm', externalId: `k${seq}`, type, rep, occurredAt, attributes };
}

/**
 * Past buckets come from the cache while nothing new touches them; whatever a late event, a void
 * or an attached held event changes must read as a cold computation reads it.
 */
describe('KPIs: past buckets reused from the cache, exactly', () => {
  let t: TestApp;
  let api: ApiClient;
  let north: TeamView;
  let south: TeamView;
  let anna: RepView;
  let carl: RepView;

  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  const cache = () => t.app.get(KpisService).aggregates.cache;

  async function rep(key: string, name: string, teamId: string, region: string): Promise<RepView> {
    const created = await t
      .http()
      .post('/api/reps')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ key, name, teamId, region });
    expect(created.status).toBe(201);
    return created.body as RepView;
  }

  async function kpis(query: string): Promise<KpiResponse> {
    const res = await t.http().get(`/api/kpis?${query}`).set('Authorization', `Bearer ${t.adminToken}`);
    if (res.status !== 200) throw new Error(`kpis answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as KpiResponse;
  }

  /** The same request with nothing cached: every bucket read from the ledger. */
  async function cold(query: string): Promise<KpiResponse> {
    cache().clear();
    return kpis(query);
  }

  const entry = (r: KpiResponse, id: KpiId): KpiEntry => r.kpis.find((k) => k.id === id) as KpiEntry;
  const trend = (r: KpiResponse, id: KpiId) => entry(r, id).trend;
  const bp = (n: number) => ({ value: { kind: 'percent', bp: n }, reason: null });
  const count = (n: number) => ({ value: { kind: 'count', count: n }, reason: null });
  const seconds = (n: number) => ({ value: { kind: 'duration', seconds: n }, reason: null });
  const DAY = 86_400;

  // July, August, September 2025 (June is the baseline of July's sales growth): all ended.
  const ORG = `period=month&scope=org&periods=3&at=${encodeURIComponent(msk('2025-09-15'))}`;
  const JUNE = 'counters:2025-05-31T21:00:00.000Z:2025-06-30T21:00:00.000Z:RUB';

  /**
   * Before the window anna wins a new customer (May); carl wins one in June. July: anna opens d1
   * and calls. August: boris calls, anna wins d1 (no region: hers), carl's customer churns.
   * September: boris opens d2, carl calls.
   */
  async function seedLedger(): Promise<void> {
    seq = 0;
    north = await api.team('North');
    south = await api.team('South');
    anna = await rep('anna', 'Anna', north.id, 'Moscow');
    await rep('boris', 'Boris', north.id, 'Moscow');
    carl = await rep('carl', 'Carl', south.id, 'Kazan');
    await api.ingest([
      ev('deal_won', 'anna', msk('2025-05-10'), { amount: 100_000, mrr: 10_000, kind: 'new' }),
      ev('deal_won', 'carl', msk('2025-06-12'), { amount: 300_000, mrr: 20_000 }),
      ev('opportunity_created', 'anna', msk('2025-07-20'), { dealId: 'd1', amount: 400_000 }),
      ev('call', 'anna', msk('2025-07-02'), { durationSec: 60, outcome: 'connected' }),
      ev('call', 'boris', msk('2025-08-04'), { durationSec: 60, outcome: 'connected' }),
      ev('email', 'anna', msk('2025-08-04'), { replied: true }),
      ev('deal_won', 'anna', msk('2025-08-10'), { dealId: 'd1', amount: 400_000, margin: 100_000 }),
      ev('customer_churned', 'carl', msk('2025-08-15'), { mrr: 20_000 }),
      ev('opportunity_created', 'boris', msk('2025-09-03'), { dealId: 'd2', amount: 150_000 }),
      ev('call', 'carl', msk('2025-09-05'), { durationSec: 60, outcome: 'connected' }),
    ]);
  }

  it('a second request reads the past buckets from the cache and answers what the first and a cold one did', async () => {
    await seedLedger();
    const first = await kpis(ORG);
    expect(trend(first, 'calls')).toEqual([count(1), count(1), count(1)]);
    // Every bucket of the window ended before now: four counters, the stock, four pipelines.
    expect(cache().size).toBe(9);
    const second = await kpis(ORG);
    expect(second).toEqual(first);
    expect(await cold(ORG)).toEqual(first);

    // The second answer came from the cache: an entry changed behind the ledger's back shows.
    const september = cache()
      .keys()
      .find((k) => k.startsWith('counters:2025-08-31T21:00:00.000Z'));
    const cached = cache().get(september as string)?.value;
    if (cached?.kind !== 'counters') throw new Error('September is not cached');
    (cached.reps.get(carl.id) as KpiCounters).calls += 100;
    expect(trend(await kpis(ORG), 'calls')).toEqual([count(1), count(1), count(101)]);
    expect(await cold(ORG)).toEqual(first);
  });

  it('a late event into a past bucket changes it on the next request as a cold computation does', async () => {
    await seedLedger();
    const before = await kpis(ORG);
    // d1: opened 20 July, won 10 August: 21 days. Open deals at the end of July, August, September.
    expect(trend(before, 'avgSalesCycle')[1]).toEqual(seconds(21 * DAY));
    expect(trend(before, 'dealsInPipeline')).toEqual([count(1), count(0), count(1)]);
    // August churn: carl's customer of 2 at the start of August (anna's May, carl's June).
    expect(trend(before, 'churnRate')[1]).toEqual(bp(5000));
    const june = cache().get(JUNE)?.value;
    expect(june).toBeDefined();

    await api.ingest([
      ev('call', 'carl', msk('2025-07-15'), { durationSec: 60, outcome: 'connected' }),
      // An earlier opportunity of d1 (1 July): the cycle becomes 40 days.
      ev('opportunity_created', 'anna', msk('2025-07-01'), { dealId: 'd1', amount: 400_000 }),
      ev('opportunity_created', 'carl', msk('2025-07-10'), { dealId: 'd3', amount: 50_000 }),
      // Before the window: one more customer at the start of every period.
      ev('deal_won', 'boris', msk('2025-05-20'), { amount: 50_000, kind: 'new' }),
    ]);
    const after = await kpis(ORG);
    expect(trend(after, 'calls')).toEqual([count(2), count(1), count(1)]);
    expect(trend(after, 'avgSalesCycle')[1]).toEqual(seconds(40 * DAY));
    // July: both opportunities of d1 and d3; August: d3; September: d3 and d2.
    expect(trend(after, 'dealsInPipeline')).toEqual([count(3), count(1), count(2)]);
    expect(trend(after, 'churnRate')[1]).toEqual(bp(3333));
    // June was touched by none of them (the opportunities came after its end): not read again.
    expect(cache().get(JUNE)?.value).toBe(june);
    expect(await cold(ORG)).toEqual(after);
  });

  it('a void sent now of an event in a past bucket takes it out of that bucket on the next request', async () => {
    await seedLedger();
    const won = ev('deal_won', 'carl', msk('2025-06-20'), { amount: 200_000, mrr: 5_000 });
    const call = ev('call', 'boris', msk('2025-08-05'), { durationSec: 60, outcome: 'connected' });
    await api.ingest([won, call]);
    const before = await kpis(ORG);
    // July sold nothing against June's 500,000: -100 %. August: boris's two calls; carl's churn
    // is 1 of the 3 customers at its start (anna's May, carl's two June ones).
    expect(trend(before, 'salesGrowth')[0]).toEqual(bp(-10_000));
    expect(trend(before, 'calls')[1]).toEqual(count(2));
    expect(trend(before, 'churnRate')[1]).toEqual(bp(3333));

    const now = new Date().toISOString();
    await api.ingest([
      { ...ev('void', 'carl', now), voids: { source: won.source, externalId: won.externalId } },
      { ...ev('void', 'boris', now), voids: { source: call.source, externalId: call.externalId } },
    ]);
    const after = await kpis(ORG);
    expect(trend(after, 'calls')[1]).toEqual(count(1));
    // The voided June customer is gone from the stock: August's churn is 1 of 2.
    expect(trend(after, 'churnRate')[1]).toEqual(bp(5000));
    expect(await cold(ORG)).toEqual(after);
  });

  it('a held event attached to a rep created later counts in its past bucket on the next request', async () => {
    await seedLedger();
    await api.ingest([
      ev('call', 'dora', msk('2025-08-20'), { durationSec: 60, outcome: 'connected' }),
      ev('deal_won', 'dora', msk('2025-08-21'), { amount: 70_000, kind: 'repeat' }),
    ]);
    const before = await kpis(ORG);
    expect(trend(before, 'calls')[1]).toEqual(count(1));
    await rep('dora', 'Dora', north.id, 'Moscow');
    const after = await kpis(ORG);
    expect(trend(after, 'calls')[1]).toEqual(count(2));
    // August: anna's d1 (new) and dora's repeat deal.
    expect(trend(after, 'repeatSales')[1]).toEqual(bp(5000));
    expect(await cold(ORG)).toEqual(after);
  });

  it('a rep moved to another team and region is counted there, cached buckets or not', async () => {
    await seedLedger();
    const team = `period=month&scope=team:${north.id}&periods=3&at=${encodeURIComponent(msk('2025-09-15'))}`;
    expect(trend(await kpis(team), 'calls')).toEqual([count(1), count(1), count(0)]);
    const region = (r: KpiResponse) => entry(r, 'salesByRegion').trend[1]?.value;
    expect(region(await kpis(ORG))).toMatchObject({ items: [{ key: 'Moscow', count: 1 }] });

    const moved = await t
      .http()
      .patch(`/api/reps/${anna.id}`)
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ teamId: south.id, region: 'Kazan' });
    expect(moved.status).toBe(200);
    const after = await kpis(team);
    expect(trend(after, 'calls')).toEqual([count(0), count(1), count(0)]);
    expect(await cold(team)).toEqual(after);
    const org = await kpis(ORG);
    expect(region(org)).toMatchObject({ items: [{ key: 'Kazan', count: 1 }] });
    expect(await cold(ORG)).toEqual(org);
  });

  it('reads the current bucket live and keeps only buckets that have ended', async () => {
    await seedLedger();
    const now = (): string => new Date().toISOString();
    const query = 'period=month&scope=org&periods=2';
    await api.ingest([ev('call', 'anna', now(), { durationSec: 60, outcome: 'connected' })]);
    const first = await kpis(query);
    expect(entry(first, 'calls').current).toEqual(count(1));
    await api.ingest([ev('call', 'carl', now(), { durationSec: 60, outcome: 'connected' })]);
    const at = `${query}&at=${encodeURIComponent(now())}`;
    const second = await kpis(at);
    expect(entry(second, 'calls').current).toEqual(count(2));
    expect(second).toEqual(await cold(at));
    // Every key ends with the instant its aggregate ends at (a bucket's end, the stock's instant).
    const ends = cache()
      .keys()
      .map((k) => Date.parse(/(\d{4}-\d\d-\d\dT[\d:.]+Z):RUB$/.exec(k)?.[1] ?? 'none'));
    // The two ended months (counters, pipeline) and the stock before the first.
    expect(ends).toHaveLength(5);
    for (const end of ends) expect(end).toBeLessThanOrEqual(Date.now());
  });
});
