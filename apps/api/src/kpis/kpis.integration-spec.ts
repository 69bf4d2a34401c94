import type {
  EventInput,
  KpiEntry,
  KpiId,
  KpiResponse,
  RepView,
  SuggestedTargetsResponse,
  TeamView,
} from '@leaderboard/contracts';
import type { TestApp } from '../test-support/test-app.js';
import { ApiClient } from '../test-support/api-client.js';
import { useTestApp } from '../test-support/use-test-app.js';

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

describe('KPIs API', () => {
  let t: TestApp;
  let api: ApiClient;
  let north: TeamView;
  let south: TeamView;
  let anna: RepView;
  let boris: RepView;
  let carl: RepView;

  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`),
    put: (path: string, body: object) =>
      t.http().put(path).set('Authorization', `Bearer ${token}`).send(body),
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

  async function userToken(role: 'manager' | 'rep', repId?: string): Promise<string> {
    const email = `${role}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
    const user = await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ email, password: 'Indigo-Raven-Spoke-29', role, ...(repId && { repId }) });
    expect(user.status).toBe(201);
    const login = await t.http().post('/api/auth/login').send({ email, password: 'Indigo-Raven-Spoke-29' });
    return login.body.accessToken as string;
  }

  /**
   * October: anna wins a new customer (100,000, MRR 10,000) and opens d1 (400,000); carl wins one
   * (300,000, MRR 20,000). November: calls (one of anna's voided), a replied e-mail, two answered
   * leads (5 and 30 minutes), one SQL, anna wins d1 (400,000, margin 100,000, on a scripted call),
   * carl renews (250,000, by e-mail) and loses a customer (MRR 20,000), boris opens d2 (150,000).
   */
  async function seedLedger(): Promise<void> {
    seq = 0;
    north = await api.team('North');
    south = await api.team('South');
    anna = await rep('anna', 'Anna', north.id, 'Moscow');
    boris = await rep('boris', 'Boris', north.id, 'Moscow');
    carl = await rep('carl', 'Carl', south.id, 'Kazan');
    const voided = ev('call', 'anna', msk('2026-11-03'), { durationSec: 60, outcome: 'connected' });
    await api.ingest([
      ev('deal_won', 'anna', msk('2026-10-10'), { amount: 100_000, mrr: 10_000, kind: 'new' }),
      ev('deal_won', 'carl', msk('2026-10-12'), { amount: 300_000, mrr: 20_000 }),
      ev('opportunity_created', 'anna', msk('2026-10-20'), { dealId: 'd1', amount: 400_000 }),
      ev('call', 'anna', msk('2026-11-02'), { durationSec: 60, outcome: 'connected' }),
      voided,
      ev('call', 'boris', msk('2026-11-04'), { durationSec: 60, outcome: 'connected' }),
      ev('email', 'anna', msk('2026-11-04'), { replied: true }),
      ev('lead_responded', 'anna', msk('2026-11-05', '10:05'), { leadCreatedAt: msk('2026-11-05', '10:00') }),
      ev('lead_responded', 'boris', msk('2026-11-05', '10:30'), {
        leadCreatedAt: msk('2026-11-05', '10:00'),
      }),
      ev('lead_responded', 'carl', msk('2026-11-05', '11:00')), // no leadCreatedAt: not timed
      ev('lead_qualified', 'anna', msk('2026-11-06'), { from: 'mql', to: 'sql' }),
      ev('deal_won', 'anna', msk('2026-11-10'), {
        dealId: 'd1',
        amount: 400_000,
        margin: 100_000,
        channel: 'call',
        scriptFollowed: true,
        product: 'CRM',
      }),
      ev('deal_won', 'carl', msk('2026-11-12'), {
        amount: 250_000,
        kind: 'renewal',
        channel: 'email',
        product: 'CRM',
      }),
      ev('customer_churned', 'carl', msk('2026-11-15'), { mrr: 20_000 }),
      ev('opportunity_created', 'boris', msk('2026-11-16'), { dealId: 'd2', amount: 150_000 }),
    ]);
    await api.ingest([
      {
        source: 'crm',
        externalId: 'void-1',
        type: 'void',
        rep: 'anna',
        occurredAt: msk('2026-11-03', '13:00'),
        voids: { source: voided.source, externalId: voided.externalId },
      },
    ]);
  }

  const NOV = 'at=2026-11-20T12:00:00%2B03:00';

  async function kpis(query: string, token = t.adminToken): Promise<KpiResponse> {
    const res = await as(token).get(`/api/kpis?${query}`);
    if (res.status !== 200) throw new Error(`kpis answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as KpiResponse;
  }

  const entry = (r: KpiResponse, id: KpiId): KpiEntry => r.kpis.find((k) => k.id === id) as KpiEntry;
  const current = (r: KpiResponse, id: KpiId) => entry(r, id).current;
  const bp = (n: number) => ({ value: { kind: 'percent', bp: n }, reason: null });
  const money = (amount: number) => ({ value: { kind: 'money', amount, currency: 'RUB' }, reason: null });
  const count = (n: number) => ({ value: { kind: 'count', count: n }, reason: null });
  const seconds = (n: number) => ({ value: { kind: 'duration', seconds: n }, reason: null });

  it('answers every KPI of the org for November from the ledger, voids left out, with the trend and benchmarks', async () => {
    await seedLedger();
    const spend = await as(t.adminToken).put('/api/kpis/inputs', {
      kind: 'spend',
      month: '2026-11',
      amount: 90_000,
      currency: 'RUB',
    });
    expect(spend.status).toBe(200);

    const r = await kpis(`period=month&scope=org&periods=2&${NOV}`);
    expect(r.kpis.map((k) => k.id)).toHaveLength(35);
    expect(r.periods.map((p) => p.periodKey)).toEqual(['2026-10', '2026-11']);
    expect(r.periods[1]?.from).toBe('2026-10-31T21:00:00.000Z'); // 1 November, Moscow midnight

    // Calls: anna 1 live (1 voided) + boris 1.
    expect(current(r, 'calls')).toEqual(count(2));
    // Sales growth: (650,000 - 400,000) / 400,000 = 62.5%.
    expect(current(r, 'salesGrowth')).toEqual(bp(6250));
    expect(current(r, 'avgPurchaseValue')).toEqual(money(325_000));
    // 1 SQL of 3 answered leads; MQL to SQL has no new MQL.
    expect(current(r, 'leadConversion')).toEqual(bp(3333));
    expect(current(r, 'mqlToSql')).toEqual({ value: null, reason: 'ZERO_DENOMINATOR' });
    // Speed to lead over the timed leads [300 s, 1,800 s]: median 300, p90 1,800, half within 15 minutes.
    expect(current(r, 'speedToLeadMedian')).toEqual(seconds(300));
    expect(current(r, 'speedToLeadP90')).toEqual(seconds(1800));
    expect(current(r, 'speedToLeadWithin15')).toEqual(bp(5000));
    // d1 won on 10 Nov, d2 still open at the end of November.
    expect(current(r, 'pipelineValue')).toEqual(money(150_000));
    expect(current(r, 'dealsInPipeline')).toEqual(count(1));
    // d1: 20 Oct -> 10 Nov = 21 days.
    expect(current(r, 'avgSalesCycle')).toEqual(seconds(21 * 86_400));
    // 2 customers at the start (anna's and carl's October deals), carl's churned: 50%; MRR 20,000 / 30,000.
    expect(current(r, 'churnRate')).toEqual(bp(5000));
    expect(current(r, 'mrrChurnRate')).toEqual(bp(6667));
    // Retention: (2 + 1 new - 1 churned - 1 new) / 2 = 50%.
    expect(current(r, 'customerRetention')).toEqual(bp(5000));
    // CAC: 90,000 spend / 1 new customer (d1 without a kind counts as new).
    expect(current(r, 'cac')).toEqual(money(90_000));
    // Margin from the margins sent (no direct costs entered): 100,000 / 400,000.
    expect(current(r, 'avgProfitMargin')).toEqual(bp(2500));
    expect(current(r, 'repeatSales')).toEqual(bp(5000));
    expect(current(r, 'scriptEffectiveness')).toEqual(bp(10_000));
    expect(current(r, 'emailReplyRate')).toEqual(bp(10_000));
    expect(current(r, 'salesByRegion').value).toEqual({
      kind: 'breakdown',
      items: [
        { key: 'Kazan', count: 1, value: { kind: 'money', amount: 250_000, currency: 'RUB' }, reason: null },
        { key: 'Moscow', count: 1, value: { kind: 'money', amount: 400_000, currency: 'RUB' }, reason: null },
      ],
    });
    expect(current(r, 'revenueByProduct').value).toEqual({
      kind: 'breakdown',
      items: [
        { key: 'CRM', count: 2, value: { kind: 'money', amount: 650_000, currency: 'RUB' }, reason: null },
      ],
    });
    // No target set: quota attainment says so.
    expect(current(r, 'quotaAttainment')).toEqual({ value: null, reason: 'MISSING_INPUT' });

    // Trend: October first. Its baseline (September) had no sales: growth has no denominator.
    expect(entry(r, 'salesGrowth').trend).toEqual([{ value: null, reason: 'ZERO_DENOMINATOR' }, bp(6250)]);
    expect(entry(r, 'calls').trend).toEqual([count(0), count(2)]);
    expect(entry(r, 'cac').trend[0]).toEqual({ value: null, reason: 'MISSING_INPUT' });

    expect(entry(r, 'speedToLeadMedian').benchmark).toMatchObject({
      op: 'lte',
      value: { kind: 'duration', seconds: 900 },
    });
    expect(entry(r, 'emailReplyRate').benchmark?.value).toEqual({ kind: 'percent', bp: 3000 });
    expect(entry(r, 'calls').benchmark).toBeNull();
    expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity/);
  });

  it('a team is the sum of its reps; a rep sees quota attainment against the target a manager set', async () => {
    await seedLedger();
    const team = await kpis(`scope=team:${north.id}&periods=1&${NOV}`);
    expect(current(team, 'calls')).toEqual(count(2));
    expect(current(team, 'avgPurchaseValue')).toEqual(money(400_000));
    expect(current(team, 'cac')).toEqual({ value: null, reason: 'NOT_APPLICABLE' });

    const manager = await userToken('manager');
    const target = await as(manager).put('/api/kpis/targets', {
      repId: anna.id,
      period: 'month',
      periodKey: '2026-11',
      amount: 500_000,
      currency: 'RUB',
    });
    expect(target.status).toBe(200);
    const own = await kpis(`scope=rep:${anna.id}&periods=1&${NOV}`);
    // 400,000 / 500,000
    expect(current(own, 'quotaAttainment')).toEqual(bp(8000));
    // Calls of anna 1, boris 1, carl 0: the median over the reps is 1.
    expect(entry(own, 'calls').orgMedian).toEqual(count(1));
    expect(entry(team, 'calls').orgMedian).toBeUndefined();

    const audit = await as(t.adminToken).get('/api/audit');
    expect(audit.body[0]).toMatchObject({
      action: 'kpi.target.set',
      details: { repId: anna.id, amount: 500_000, periodKey: '2026-11' },
    });
  });

  it('a rep reads only their own KPIs (with the org median), and changes no input', async () => {
    await seedLedger();
    const annaToken = await userToken('rep', anna.id);
    const own = await kpis(`scope=rep:${anna.id}&periods=1&${NOV}`, annaToken);
    expect(current(own, 'calls')).toEqual(count(1));
    expect(entry(own, 'calls').orgMedian).toEqual(count(1));

    for (const scope of [`rep:${boris.id}`, 'org', `team:${north.id}`]) {
      const res = await as(annaToken).get(`/api/kpis?scope=${scope}`);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('FORBIDDEN');
    }
    expect((await as(annaToken).get('/api/kpis')).status).toBe(403); // org by default
    expect((await as(annaToken).get('/api/kpis/targets')).status).toBe(403);
    const put = await as(annaToken).put('/api/kpis/targets', {
      repId: anna.id,
      period: 'month',
      periodKey: '2026-11',
      amount: 1,
      currency: 'RUB',
    });
    expect(put.status).toBe(403);
    expect(await t.count('rep_targets')).toBe(0);
  });

  it('refuses unknown fields and bad values with the SPEC 9 body, and unknown scopes', async () => {
    await seedLedger();
    const unknown = await as(t.adminToken).put('/api/kpis/inputs', {
      kind: 'spend',
      month: '2026-11',
      amount: 1,
      currency: 'RUB',
      note: 'x',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.any(String),
        details: [expect.objectContaining({ message: expect.stringContaining('note') })],
      },
    });
    const bad = await as(t.adminToken).put('/api/kpis/inputs', {
      kind: 'bonus',
      month: '2026-13',
      amount: 1.5,
      currency: 'rub',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.error.details as Array<{ path: string }>).map((d) => d.path).sort()).toEqual([
      'amount',
      'currency',
      'kind',
      'month',
    ]);
    const wrongKey = await as(t.adminToken).put('/api/kpis/targets', {
      repId: anna.id,
      period: 'quarter',
      periodKey: '2026-11',
      amount: 1,
      currency: 'RUB',
    });
    expect(wrongKey.status).toBe(400);
    expect(wrongKey.body.error.details).toEqual([{ path: 'periodKey', message: expect.any(String) }]);
    expect((await as(t.adminToken).get('/api/kpis?scope=planet')).status).toBe(400);
    expect((await as(t.adminToken).get(`/api/kpis?scope=team:${'-'.repeat(36)}`)).status).toBe(400);
    expect((await as(t.adminToken).get('/api/kpis?periods=0')).status).toBe(400);
    expect((await as(t.adminToken).get('/api/kpis?extra=1')).status).toBe(400);
    const missing = await as(t.adminToken).get('/api/kpis?scope=rep:00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(await t.count('kpi_inputs')).toBe(0);
  });

  it('suggests targets from each rep’s own trailing 3 months plus the stretch, beside the one set', async () => {
    await seedLedger();
    const set = await as(t.adminToken).put('/api/kpis/targets', {
      repId: carl.id,
      period: 'month',
      periodKey: '2026-12',
      amount: 280_000,
      currency: 'RUB',
    });
    expect(set.status).toBe(200);
    const res = await as(t.adminToken).get('/api/kpis/targets?period=month&at=2026-12-15T12:00:00%2B03:00');
    expect(res.status).toBe(200);
    const body = res.body as SuggestedTargetsResponse;
    expect(body.periodKey).toBe('2026-12');
    expect(body.stretchPct).toBe(10);
    const row = (id: string) => body.rows.find((x) => x.repId === id);
    // anna: history from October (September is before her first event): median of 100,000 and
    // 400,000 is 250,000; + 10% = 275,000.
    expect(row(anna.id)?.suggested).toEqual(money(275_000));
    expect(row(anna.id)?.history.map((h) => h.won?.amount)).toEqual([0, 100_000, 400_000]);
    expect(row(anna.id)?.target).toBeNull();
    // carl: median of 300,000 and 250,000 = 275,000; + 10% = 302,500; his target beside it.
    expect(row(carl.id)?.suggested).toEqual(money(302_500));
    expect(row(carl.id)?.target).toEqual({ amount: 280_000, currency: 'RUB' });
    // boris: only November, without a won deal.
    expect(row(boris.id)?.suggested).toEqual(money(0));
  });
});
