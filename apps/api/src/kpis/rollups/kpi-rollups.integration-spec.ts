import type { EventInput, KpiEntry, KpiId, KpiResponse, RepView, TeamView } from '@leaderboard/contracts';
import type { TestApp } from '../../test-support/test-app.js';
import { ApiClient } from '../../test-support/api-client.js';
import { useTestApp } from '../../test-support/use-test-app.js';
import { KpisService, parseScope } from '../kpis.service.js';
import { KpiRollups } from './kpi-rollups.js';

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
 * `GET /api/kpis` reads the rollups; whatever a late event, a void or an attached held event
 * changes must read as the full scan of the ledger reads it, right after the POST was answered.
 */
describe('KPIs from rollups, exactly', () => {
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

  /** The same request answered by the full scan of the ledger (the reference). */
  async function cold(query: string): Promise<KpiResponse> {
    const q = new URLSearchParams(query);
    const answer = await t.app.get(KpisService).kpis({
      period: (q.get('period') ?? 'month') as 'month',
      scope: parseScope(q.get('scope') ?? undefined),
      periods: Number(q.get('periods') ?? 6),
      at: q.has('at') ? Date.parse(q.get('at') as string) : Date.now(),
      source: 'ledger',
    });
    return JSON.parse(JSON.stringify(answer)) as KpiResponse;
  }

  const entry = (r: KpiResponse, id: KpiId): KpiEntry => r.kpis.find((k) => k.id === id) as KpiEntry;
  const trend = (r: KpiResponse, id: KpiId) => entry(r, id).trend;
  const bp = (n: number) => ({ value: { kind: 'percent', bp: n }, reason: null });
  const count = (n: number) => ({ value: { kind: 'count', count: n }, reason: null });
  const seconds = (n: number) => ({ value: { kind: 'duration', seconds: n }, reason: null });
  const DAY = 86_400;

  // July, August, September 2025 (June is the baseline of July's sales growth): all ended.
  const ORG = `period=month&scope=org&periods=3&at=${encodeURIComponent(msk('2025-09-15'))}`;

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

  it('reads the rollups: a stored row changed behind the ledger shows, and a rebuild reports and fixes it', async () => {
    await seedLedger();
    // A catch-up recomputes rows at or above its xmin again next time, and other transactions of a
    // shared server can hold the xmin back: after one catch-up (which read every event) the cursor
    // is moved past them, so no later catch-up recomputes the row changed below.
    await t.app.get(KpiRollups).catchUp(t.scoring.engine.calendar.tz.zone);
    await t.dataSource.query('UPDATE kpi_rollup_state SET cursor = (SELECT max(tx) + 1 FROM events)');
    const first = await kpis(ORG);
    expect(trend(first, 'calls')).toEqual([count(1), count(1), count(1)]);
    expect(await cold(ORG)).toEqual(first);
    expect(await t.count('kpi_rep_days')).toBeGreaterThan(0);

    await t.dataSource.query(
      `UPDATE kpi_rep_days SET calls = calls + 100 WHERE rep_id = $1 AND day = '2025-09-05'`,
      [carl.id],
    );
    // Month buckets read the month rows (the sums of the days).
    await t.dataSource.query(
      `UPDATE kpi_rep_months SET calls = calls + 100 WHERE rep_id = $1 AND day = '2025-09-01'`,
      [carl.id],
    );
    // Answers are kept per rollup version: a row changed without a new version is not seen...
    expect(await kpis(ORG)).toEqual(first);
    // ...and every writer of rollup rows gives them a new one.
    await t.dataSource.query(`UPDATE kpi_rollup_state SET version = gen_random_uuid()`);
    expect(trend(await kpis(ORG), 'calls')).toEqual([count(1), count(1), count(101)]);
    const differences = await t.app.get(KpiRollups).rebuild(t.scoring.engine.calendar.tz.zone);
    expect(differences.map((d) => [d.table, d.stored, d.computed])).toEqual([
      ['kpi_rep_days', 1, 1],
      ['kpi_rep_months', 1, 1],
    ]);
    expect(differences[0]?.samples[0]).toContain('2025-09-05');
    expect(await kpis(ORG)).toEqual(first);
    expect(await t.app.get(KpiRollups).rebuild(t.scoring.engine.calendar.tz.zone)).toEqual([]);
  });

  it('a late event into a past bucket changes it on the next request as a cold computation does', async () => {
    await seedLedger();
    const before = await kpis(ORG);
    // d1: opened 20 July, won 10 August: 21 days. Open deals at the end of July, August, September.
    expect(trend(before, 'avgSalesCycle')[1]).toEqual(seconds(21 * DAY));
    expect(trend(before, 'dealsInPipeline')).toEqual([count(1), count(0), count(1)]);
    // August churn: carl's customer of 2 at the start of August (anna's May, carl's June).
    expect(trend(before, 'churnRate')[1]).toEqual(bp(5000));

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

  it('a rep moved to another team and region is counted there: the rollups are per rep, scopes are read through the reps', async () => {
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

  it('an event posted now is in the very next answer', async () => {
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
  });

  it('keeps an answer while the rollups keep their version: a repeat is a lookup, a new event a new answer', async () => {
    await seedLedger();
    const timed = async (query: string): Promise<{ body: KpiResponse; timing: string }> => {
      const res = await t.http().get(`/api/kpis?${query}`).set('Authorization', `Bearer ${t.adminToken}`);
      expect(res.status).toBe(200);
      return { body: res.body as KpiResponse, timing: String(res.headers['server-timing']) };
    };
    const version = async (): Promise<string> =>
      ((await t.dataSource.query('SELECT version::text AS v FROM kpi_rollup_state'))[0] as { v: string }).v;
    const first = await timed(ORG);
    expect(first.timing).toMatch(
      /^catchup;dur=[\d.]+, reads;dur=[\d.]+, compute;dur=[\d.]+, cache;desc=\w+$/,
    );
    // A catch-up recomputes rows at or above its xmin again next time (under a new version) while
    // older transactions of the cluster run (the PostgreSQL server shared with other work): the
    // answer must be kept when the version stayed the same around the request.
    const before = await version();
    const again = await timed(ORG);
    const kept = (await version()) === before ? 'cache;desc=answer' : 'cache;desc=';
    expect(again.timing).toContain(kept);
    expect(again.body).toEqual(first.body);
    // Another scope over the same window reuses the sums but computes its own answer.
    const rep = `${ORG}&scope=rep:${carl.id}`.replace('scope=org&', '');
    const beforeRep = await version();
    const repTiming = (await timed(rep)).timing;
    expect(repTiming).toContain((await version()) === beforeRep ? 'cache;desc=aggregates' : 'cache;desc=');
    // A late event into September: a new version, read and computed again, as the full scan says.
    await api.ingest([ev('call', 'carl', msk('2025-09-06'), { durationSec: 60, outcome: 'connected' })]);
    const after = await timed(ORG);
    expect(after.timing).toContain('cache;desc=none');
    expect(trend(after.body, 'calls')).toEqual([count(1), count(1), count(2)]);
    expect(after.body).toEqual(await cold(ORG));
  });
});
