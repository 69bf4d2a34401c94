import type { EventAttributes, KpiOutcome, KpiValue } from '@leaderboard/contracts';
import {
  computeKpis,
  medianOutcome,
  percentileDisc,
  suggestTarget,
  type KpiCatalog,
  type KpiPeriodFacts,
} from './kpi-catalog.js';
import {
  addCounters,
  aggregateKpiEvents,
  emptyCounters,
  emptyStock,
  liveKpiEvents,
  pipelineAt,
  stockAt,
  type KpiEvent,
} from './kpi-facts.js';

const NOV = Date.UTC(2026, 10, 1);
const DEC = Date.UTC(2026, 11, 1);
const OCT = Date.UTC(2026, 9, 1);
const DAY = 86_400_000;
const HOUR = 3_600_000;
const at = (month: 10 | 11, day: number, hour = 12, minute = 0): number =>
  Date.UTC(2026, month - 1, day, hour, minute);
const iso = (t: number): string => new Date(t).toISOString();

let seq = 0;
function ev(type: string, repId: string, occurredAt: number, attributes: EventAttributes = {}): KpiEvent {
  seq += 1;
  return { source: 'crm', externalId: `e${seq}`, type, repId, occurredAt, attributes };
}

/**
 * The hand-built ledger: reps `a` and `b` (region of b: South), org currency RUB.
 * October: a new customer each (MRR 10,000 and 20,000), an expansion of a (MRR 5,000), deal d1 opened.
 * November: the activity and outcomes below; every expected figure is worked out beside its test.
 */
function ledger(): KpiEvent[] {
  seq = 0;
  const voidedCall = ev('call', 'a', at(11, 2));
  const events: KpiEvent[] = [
    ev('deal_won', 'a', at(10, 5), { amount: 100_000, mrr: 10_000, kind: 'new' }),
    ev('deal_won', 'b', at(10, 6), { amount: 300_000, mrr: 20_000, kind: 'new' }),
    ev('deal_won', 'a', at(10, 7), { amount: 50_000, mrr: 5_000, kind: 'expansion' }),
    ev('opportunity_created', 'a', Date.UTC(2026, 9, 20), {
      dealId: 'd1',
      amount: 400_000,
      stage: 'qualification',
    }),
    // November activity: 4 calls of a (one voided) and 1 of b; 4 e-mails of a.
    ev('call', 'a', at(11, 2)),
    ev('call', 'a', at(11, 3)),
    ev('call', 'a', at(11, 4)),
    voidedCall,
    ev('call', 'b', at(11, 4)),
    ev('email', 'a', at(11, 2), { replied: true, opened: true }),
    ev('email', 'a', at(11, 2), { opened: true }),
    ev('email', 'a', at(11, 2), { opened: false }),
    ev('email', 'a', at(11, 2)),
    ev('opportunity_created', 'b', at(11, 3), { dealId: 'd2', amount: 200_000, stage: 'qualification' }),
    ev('opportunity_created', 'a', at(11, 25), { dealId: 'd3', amount: 150_000 }),
    ev('demo_booked', 'a', at(11, 5)),
    ev('demo_booked', 'a', at(11, 6)),
    // Speed to lead: 300 s, 1,200 s, 7,200 s, and one without leadCreatedAt.
    ev('lead_responded', 'a', at(11, 9, 10, 5), { leadCreatedAt: iso(at(11, 9, 10, 0)) }),
    ev('lead_responded', 'a', at(11, 9, 10, 20), { leadCreatedAt: iso(at(11, 9, 10, 0)) }),
    ev('lead_responded', 'b', at(11, 9, 11, 0), { leadCreatedAt: iso(at(11, 9, 9, 0)) }),
    ev('lead_responded', 'b', at(11, 9, 11, 0)),
    ev('lead_qualified', 'a', at(11, 12), { from: 'mql', to: 'sql', leadCreatedAt: iso(at(11, 10)) }),
    ev('lead_qualified', 'b', at(11, 12), { to: 'mql' }),
    ev('lead_qualified', 'b', at(11, 12, 13), { to: 'sql', leadCreatedAt: iso(at(11, 12, 12)) }),
    ev('deal_stage_changed', 'a', at(11, 8), { dealId: 'd1', from: 'qualification', to: 'proposal' }),
    ev('deal_stage_changed', 'b', at(11, 9), { dealId: 'd2', from: 'qualification', to: 'lost' }),
    ev('deal_won', 'a', Date.UTC(2026, 10, 10), {
      dealId: 'd1',
      amount: 400_000,
      margin: 100_000,
      kind: 'new',
      mrr: 30_000,
      channel: 'call',
      scriptFollowed: true,
      product: 'CRM',
      region: 'North',
    }),
    ev('deal_won', 'b', at(11, 15), {
      amount: 200_000,
      kind: 'renewal',
      channel: 'email',
      product: 'CRM',
      openedAt: iso(at(11, 10)),
    }),
    ev('deal_won', 'a', at(11, 16), {
      amount: 100_000,
      margin: 20_000,
      kind: 'repeat',
      channel: 'call',
      scriptFollowed: false,
      product: 'Support',
      region: 'North',
    }),
    ev('deal_lost', 'b', at(11, 9), { dealId: 'd2' }),
    ev('customer_churned', 'b', at(11, 20), { mrr: 20_000 }),
  ];
  const voiding: KpiEvent = {
    ...ev('void', 'a', at(11, 5)),
    voids: { source: voidedCall.source, externalId: voidedCall.externalId },
  };
  // A void of a void does nothing.
  const voidOfVoid: KpiEvent = {
    ...ev('void', 'a', at(11, 6)),
    voids: { source: voiding.source, externalId: voiding.externalId },
  };
  return [...events, voiding, voidOfVoid];
}

const OPTIONS = { currency: 'RUB', regionOf: (rep: string) => (rep === 'b' ? 'South' : null) };

function facts(overrides: Partial<KpiPeriodFacts> = {}): KpiPeriodFacts {
  const live = liveKpiEvents(ledger());
  return {
    scope: 'org',
    currency: 'RUB',
    counters: aggregateKpiEvents(live, NOV, DEC, OPTIONS),
    start: stockAt(live, NOV, OPTIONS),
    pipeline: pipelineAt(live, DEC, OPTIONS),
    previousWon: aggregateKpiEvents(live, OCT, NOV, OPTIONS).wonAmount,
    reps: 2,
    days: 30,
    spend: { amount: 90_000, currency: 'RUB' },
    directCosts: null,
    target: { RUB: 500_000 },
    points: { milliPoints: 12_500, rank: null },
    ...overrides,
  };
}

const value = (o: KpiOutcome): KpiValue | null => o.value;
const bp = (n: number) => ({ value: { kind: 'percent', bp: n }, reason: null });
const money = (amount: number, currency = 'RUB') => ({
  value: { kind: 'money', amount, currency },
  reason: null,
});
const seconds = (n: number) => ({ value: { kind: 'duration', seconds: n }, reason: null });
const count = (n: number) => ({ value: { kind: 'count', count: n }, reason: null });
const none = (reason: string) => ({ value: null, reason });

describe('KPI catalog on a hand-built ledger (November 2026, org)', () => {
  let k: KpiCatalog;
  beforeAll(() => {
    k = computeKpis(facts());
  });

  it('monthly sales growth: (700,000 - 450,000) / 450,000 = 55.5556% -> 5556 bp', () => {
    expect(k.salesGrowth).toEqual(bp(5556));
  });

  it('calls and e-mails: 3 live calls of a (one voided) + 1 of b; 4 e-mails; per rep per day over 2 reps x 30 days', () => {
    expect(k.calls).toEqual(count(4));
    expect(k.emails).toEqual(count(4));
    // 4 / 60 = 0.0667 -> 67 thousandths
    expect(value(k.callsPerRepPerDay)).toEqual({ kind: 'rate', milli: 67 });
    expect(value(k.emailsPerRepPerDay)).toEqual({ kind: 'rate', milli: 67 });
    // opened: 2 of the 3 that say (66.667%), replied: 1 of 4
    expect(k.emailOpenRate).toEqual(bp(6667));
    expect(k.emailReplyRate).toEqual(bp(2500));
  });

  it('opportunities created and demos booked are counts of the period', () => {
    expect(k.opportunitiesCreated).toEqual(count(2));
    expect(k.demosBooked).toEqual(count(2));
  });

  it('lead conversion 2 SQL / 4 responded leads; MQL to SQL 1 / 1; time to conversion (2 d + 1 h) / 2', () => {
    expect(k.leadConversion).toEqual(bp(5000));
    expect(k.mqlToSql).toEqual(bp(10_000));
    expect(k.avgTimeToConversion).toEqual(seconds((2 * 86_400 + 3_600) / 2));
  });

  it('sales by channel, region (b falls back to its rep region) and product', () => {
    expect(value(k.salesByChannel)).toEqual({
      kind: 'breakdown',
      items: [
        { key: 'call', count: 2, ...money(500_000) },
        { key: 'email', count: 1, ...money(200_000) },
      ],
    });
    expect(value(k.salesByRegion)).toEqual({
      kind: 'breakdown',
      items: [
        { key: 'North', count: 2, ...money(500_000) },
        { key: 'South', count: 1, ...money(200_000) },
      ],
    });
    expect(value(k.revenueByProduct)).toEqual({
      kind: 'breakdown',
      items: [
        { key: 'CRM', count: 2, ...money(600_000) },
        { key: 'Support', count: 1, ...money(100_000) },
      ],
    });
  });

  it('CAC: 90,000 spend / 1 new customer; LTV: (45,000 MRR / 2 customers) x (2 / 1 churned) = 45,000', () => {
    expect(k.cac).toEqual(money(90_000));
    expect(k.ltv).toEqual(money(45_000));
  });

  it('new MRR 30,000; expansion MRR growth 0 / 5,000 = 0', () => {
    expect(k.newMrr).toEqual(money(30_000));
    expect(k.expansionMrrGrowth).toEqual(bp(0));
  });

  it('pipeline at the end: d1 won, d2 lost, d3 open (150,000)', () => {
    expect(k.pipelineValue).toEqual(money(150_000));
    expect(k.dealsInPipeline).toEqual(count(1));
  });

  it('quota 700,000 / 500,000 = 140%; average purchase 700,000 / 3 = 233,333.33 -> 233,333', () => {
    expect(k.quotaAttainment).toEqual(bp(14_000));
    expect(k.avgPurchaseValue).toEqual(money(233_333));
  });

  it('profit margin from the margins sent: (500,000 - 380,000) / 500,000 = 24%', () => {
    expect(k.avgProfitMargin).toEqual(bp(2400));
  });

  it('profit margin with the entered direct costs: (700,000 - 430,000) / 700,000 = 38.571% -> 3857 bp', () => {
    expect(computeKpis(facts({ directCosts: { amount: 50_000, currency: 'RUB' } })).avgProfitMargin).toEqual(
      bp(3857),
    );
  });

  it('churn 1 / 2 customers; MRR churn 20,000 / 35,000 = 57.14%; retention (2 - 1) / 2', () => {
    expect(k.churnRate).toEqual(bp(5000));
    expect(k.mrrChurnRate).toEqual(bp(5714));
    expect(k.customerRetention).toEqual(bp(5000));
  });

  it('rep leaderboard carries points (half-even) and rank', () => {
    expect(value(k.leaderboard)).toEqual({ kind: 'points', milliPoints: 12_500, points: 12, rank: null });
  });

  it('sales cycle: (21 days from the d1 opportunity + 5 days from openedAt) / 2', () => {
    expect(k.avgSalesCycle).toEqual(seconds(((21 + 5) * 86_400) / 2));
  });

  it('speed to lead: median 1,200 s, p90 7,200 s, 1 of 3 timed within 15 min', () => {
    expect(k.speedToLeadMedian).toEqual(seconds(1200));
    expect(k.speedToLeadP90).toEqual(seconds(7200));
    expect(k.speedToLeadWithin15).toEqual(bp(3333));
  });

  it('stage to stage: qualification 1 entered (d2), 1 advanced (d1 to proposal); a move to lost is not an advance', () => {
    expect(value(k.stageConversion)).toEqual({
      kind: 'breakdown',
      items: [
        { key: 'lost', count: 1, ...bp(0) },
        { key: 'proposal', count: 1, ...bp(0) },
        { key: 'qualification', count: 1, ...bp(10_000) },
      ],
    });
  });

  it('script effectiveness 1 of 2 deals closed on calls; repeat sales 2 of 3 won deals', () => {
    expect(k.scriptEffectiveness).toEqual(bp(5000));
    expect(k.repeatSales).toEqual(bp(6667));
  });
});

function assertFinite(node: unknown): void {
  if (typeof node === 'number') expect(Number.isFinite(node)).toBe(true);
  else if (Array.isArray(node)) node.forEach(assertFinite);
  else if (node !== null && typeof node === 'object') Object.values(node).forEach(assertFinite);
}

describe('KPIs without data say why', () => {
  const empty = (): KpiPeriodFacts =>
    facts({
      counters: emptyCounters(),
      start: emptyStock(),
      pipeline: { count: 0, amount: {} },
      previousWon: {},
      reps: 0,
      spend: null,
      target: null,
      points: null,
    });

  it('an empty period: counts are 0, ratios have no denominator, medians no data; nothing is NaN or Infinity', () => {
    const k = computeKpis(empty());
    assertFinite(k);
    expect(k.calls).toEqual(count(0));
    expect(k.pipelineValue).toEqual(money(0));
    expect(k.salesGrowth).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.callsPerRepPerDay).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.leadConversion).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.avgPurchaseValue).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.avgTimeToConversion).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.churnRate).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.mrrChurnRate).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.ltv).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.speedToLeadMedian).toEqual(none('NO_DATA'));
    expect(k.emailOpenRate).toEqual(none('NO_DATA'));
    expect(k.avgProfitMargin).toEqual(none('NO_DATA'));
    expect(k.cac).toEqual(none('MISSING_INPUT'));
    expect(k.quotaAttainment).toEqual(none('MISSING_INPUT'));
    expect(k.leaderboard).toEqual(none('NO_DATA'));
    expect(computeKpis({ ...empty(), previousWon: null }).salesGrowth).toEqual(none('NO_DATA'));
  });

  it('a target of zero, and CAC with no new customer, are divisions by zero', () => {
    const k = computeKpis(facts({ target: { RUB: 0 }, counters: emptyCounters() }));
    expect(k.quotaAttainment).toEqual(none('ZERO_DENOMINATOR'));
    expect(k.cac).toEqual(none('ZERO_DENOMINATOR'));
  });

  it('CAC is an org figure: a rep or team scope has none', () => {
    expect(computeKpis(facts({ scope: 'rep' })).cac).toEqual(none('NOT_APPLICABLE'));
  });

  it('mixed currencies are never added up', () => {
    const live = liveKpiEvents(ledger());
    const counters = aggregateKpiEvents(live, NOV, DEC, OPTIONS);
    addCounters(
      counters,
      aggregateKpiEvents(
        [ev('deal_won', 'a', at(11, 20), { amount: 1_000, currency: 'USD', channel: 'call' })],
        NOV,
        DEC,
        OPTIONS,
      ),
    );
    const k = computeKpis(facts({ counters }));
    assertFinite(k);
    expect(k.avgPurchaseValue).toEqual(none('MIXED_CURRENCIES'));
    expect(k.salesGrowth).toEqual(none('MIXED_CURRENCIES'));
    expect(k.quotaAttainment).toEqual(none('MIXED_CURRENCIES'));
    const channels = value(k.salesByChannel);
    expect(channels?.kind === 'breakdown' && channels.items.find((i) => i.key === 'call')).toEqual({
      key: 'call',
      count: 3,
      value: null,
      reason: 'MIXED_CURRENCIES',
    });
    // A target in another currency than the sales.
    const usd = computeKpis(facts({ target: { USD: 5_000 } }));
    expect(usd.quotaAttainment).toEqual(none('MIXED_CURRENCIES'));
  });

  it('deals without margin and no direct costs entered: margin unknown', () => {
    const counters = aggregateKpiEvents(
      [ev('deal_won', 'a', at(11, 3), { amount: 10_000 })],
      NOV,
      DEC,
      OPTIONS,
    );
    expect(computeKpis(facts({ counters })).avgProfitMargin).toEqual(none('MISSING_INPUT'));
  });
});

describe('percentiles, medians and suggested targets', () => {
  it('percentileDisc is the nearest rank (as SQL percentile_disc)', () => {
    expect(percentileDisc([40, 10, 30, 20], 50)).toBe(20);
    expect(percentileDisc([40, 10, 30, 20], 90)).toBe(40);
    expect(percentileDisc([7], 90)).toBe(7);
    expect(percentileDisc([], 50)).toBeNull();
  });

  it('the median of rep values skips reps without one and averages the middle pair half to even', () => {
    expect(medianOutcome([bp(100), none('ZERO_DENOMINATOR'), bp(300)] as KpiOutcome[])).toEqual(bp(200));
    expect(medianOutcome([bp(1), bp(2)] as KpiOutcome[])).toEqual(bp(2)); // 1.5 -> 2
    expect(medianOutcome([bp(3), bp(4)] as KpiOutcome[])).toEqual(bp(4)); // 3.5 -> 4
    expect(medianOutcome([bp(1), bp(2), bp(2), bp(3)] as KpiOutcome[])).toEqual(bp(2));
    expect(medianOutcome([none('NO_DATA')] as KpiOutcome[])).toEqual(none('NO_DATA'));
    expect(medianOutcome([money(1), money(2, 'USD')] as KpiOutcome[])).toEqual(none('MIXED_CURRENCIES'));
  });

  it('suggested target: median of 3 months plus 10%', () => {
    // median of 100,000 / 300,000 / 200,000 is 200,000; plus 10% = 220,000
    expect(suggestTarget([{ RUB: 100_000 }, { RUB: 300_000 }, { RUB: 200_000 }], 10, 'RUB')).toEqual(
      money(220_000),
    );
    // months without sales count as 0: median of 0, 0, 50,001 is 0
    expect(suggestTarget([{}, {}, { RUB: 50_001 }], 10, 'RUB')).toEqual(money(0));
    // two months: (100,001 + 200,000) / 2 = 150,000.5 -> 150,000 (half to even); x 1.15 = 172,500
    expect(suggestTarget([{ RUB: 100_001 }, { RUB: 200_000 }], 15, 'RUB')).toEqual(money(172_500));
    expect(suggestTarget([], 10, 'RUB')).toEqual(none('NO_DATA'));
    expect(suggestTarget([{ RUB: 1 }, { USD: 1 }], 10, 'RUB')).toEqual(none('MIXED_CURRENCIES'));
  });
});

describe('event-list helpers', () => {
  it('pipeline follows a deal until it closes', () => {
    const live = liveKpiEvents(ledger());
    // 1 November: only d1 open (400,000); d2 opened on the 3rd; d1 won on the 10th.
    expect(pipelineAt(live, NOV, OPTIONS)).toEqual({ count: 1, amount: { RUB: 400_000 } });
    expect(pipelineAt(live, NOV + 5 * DAY, OPTIONS)).toEqual({ count: 2, amount: { RUB: 600_000 } });
    expect(pipelineAt(live, NOV + 12 * DAY, OPTIONS)).toEqual({ count: 0, amount: {} });
  });

  it('stock at the start of November: 2 customers, MRR 35,000, expansion MRR 5,000', () => {
    expect(stockAt(liveKpiEvents(ledger()), NOV, OPTIONS)).toEqual({
      customers: 2,
      mrr: { RUB: 35_000 },
      expansionMrr: { RUB: 5_000 },
    });
    expect(stockAt(liveKpiEvents(ledger()), NOV - HOUR * 24 * 40, OPTIONS)).toEqual(emptyStock());
  });
});
