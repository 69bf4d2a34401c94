import fc from 'fast-check';
import type { Money } from '@leaderboard/contracts';
import type { PeriodInstance } from './engine-api.js';
import { computeKpis } from './kpi-catalog.js';
import { addCounters, advanceStock, emptyCounters, type KpiCounters, type KpiStock } from './kpi-facts.js';
import { inputMonthsOf, inputsOfInstances, targetSuggestion, type MonthlyInput } from './kpi-inputs.js';
import {
  REP_REGION,
  kpiEntries,
  kpiInputKey,
  repTargetKey,
  scopeFacts,
  stocksByBucket,
  withRepRegion,
  type KpiRep,
  type KpiWindow,
} from './kpi-scope.js';

const month = (m: number): PeriodInstance => ({
  period: 'month',
  periodKey: `2026-${String(m).padStart(2, '0')}`,
  from: Date.UTC(2026, m - 1, 1),
  to: Date.UTC(2026, m, 1),
});
const INSTANCES = [month(8), month(9), month(10), month(11)];
const REP_IDS = ['r1', 'r2', 'r3', 'r4'] as const;
const CURRENCIES = ['RUB', 'USD'] as const;

const moneyArb = fc.dictionary(fc.constantFrom(...CURRENCIES), fc.integer({ min: 0, max: 1_000_000 }), {
  maxKeys: 2,
});
const groupsArb = fc.dictionary(
  fc.constantFrom('north', 'south', 'unknown', REP_REGION),
  fc.record({ count: fc.integer({ min: 0, max: 20 }), amount: moneyArb }),
  { maxKeys: 4 },
);
const countersArb: fc.Arbitrary<KpiCounters> = fc
  .record({
    calls: fc.integer({ min: 0, max: 50 }),
    emails: fc.integer({ min: 0, max: 50 }),
    dealsWon: fc.integer({ min: 0, max: 5 }),
    newCustomers: fc.integer({ min: 0, max: 5 }),
    churned: fc.integer({ min: 0, max: 3 }),
    leadsResponded: fc.integer({ min: 0, max: 5 }),
    responseSeconds: fc.array(fc.integer({ min: 0, max: 7200 }), { maxLength: 5 }),
    wonAmount: moneyArb,
    newMrr: moneyArb,
    churnedMrr: moneyArb,
    byRegion: groupsArb,
    byChannel: groupsArb.map((g) => Object.fromEntries(Object.entries(g).filter(([k]) => k !== REP_REGION))),
  })
  .map((part) => ({ ...emptyCounters(), ...part }));
const repArb: fc.Arbitrary<KpiRep[]> = fc
  .tuple(
    ...REP_IDS.map(() =>
      fc.record({ active: fc.boolean(), region: fc.option(fc.constantFrom('north', 'east')) }),
    ),
  )
  .map((list) => list.map((r, i) => ({ id: REP_IDS[i] as string, ...r })));
const perRep = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<Map<string, T>> =>
  fc
    .subarray([...REP_IDS])
    .chain((ids) =>
      fc.tuple(...ids.map(() => arb)).map((values) => new Map(ids.map((id, i) => [id, values[i] as T]))),
    );
const stockArb: fc.Arbitrary<KpiStock> = fc.record({
  customers: fc.integer({ min: 0, max: 30 }),
  mrr: moneyArb,
  expansionMrr: moneyArb,
});
const windowArb: fc.Arbitrary<KpiWindow> = fc
  .record({
    reps: repArb,
    counters: fc.tuple(...INSTANCES.map(() => perRep(countersArb))),
    stock0: perRep(stockArb),
    pipelines: fc.tuple(
      ...INSTANCES.map(() => perRep(fc.record({ count: fc.integer({ min: 0, max: 9 }), amount: moneyArb }))),
    ),
    targets: perRep(fc.integer({ min: 1, max: 1_000_000 })),
    spend: fc.option(fc.integer({ min: 1, max: 1_000_000 })),
  })
  .map((w) => ({
    instances: INSTANCES,
    currency: 'RUB',
    reps: w.reps,
    aggregates: {
      counters: new Map(w.counters.map((m, b) => [b, m])),
      stock0: w.stock0,
      pipelines: new Map(w.pipelines.map((m, b) => [b, m])),
    },
    inputs: new Map<string, Money>(
      w.spend === null ? [] : [[kpiInputKey('spend', '2026-11'), { amount: w.spend, currency: 'RUB' }]],
    ),
    targets: new Map(
      [...w.targets].map(([id, amount]) => [repTargetKey(id, '2026-11'), { amount, currency: 'RUB' }]),
    ),
    points: (_instance, repId, reps) =>
      repId === null ? { milliPoints: reps.length * 1000, rank: null } : { milliPoints: 1000, rank: 1 },
  }));

const totals = (c: KpiCounters): { count: number; amount: Record<string, number> } => {
  const amount: Record<string, number> = {};
  let count = 0;
  for (const g of Object.values(c.byRegion)) {
    count += g.count;
    for (const [cur, v] of Object.entries(g.amount)) amount[cur] = (amount[cur] ?? 0) + v;
  }
  return { count, amount };
};

describe('withRepRegion', () => {
  it("credits the rep's deals without a region to the rep's region, conserving counts and amounts", () => {
    fc.assert(
      fc.property(countersArb, fc.option(fc.constantFrom('north', 'east')), (c, region) => {
        const before = structuredClone(c);
        const out = withRepRegion(c, region);
        expect(c).toEqual(before);
        expect(out.byRegion[REP_REGION]).toBeUndefined();
        expect(totals(out)).toEqual(totals(c));
        if (c.byRegion[REP_REGION] === undefined) expect(out).toBe(c);
        else
          expect(out.byRegion[region ?? 'unknown']?.count).toBe(
            (c.byRegion[region ?? 'unknown']?.count ?? 0) + c.byRegion[REP_REGION].count,
          );
      }),
      { numRuns: 200 },
    );
  });
});

describe('scope facts', () => {
  it('chains the stock: each bucket starts where the one before ended', () => {
    fc.assert(
      fc.property(windowArb, (w) => {
        const stocks = stocksByBucket(w);
        for (const rep of w.reps) {
          const list = stocks.get(rep.id) as KpiStock[];
          expect(list).toHaveLength(INSTANCES.length);
          for (let b = 0; b + 1 < list.length; b++) {
            const c = w.aggregates.counters.get(b)?.get(rep.id) ?? emptyCounters();
            expect(list[b + 1]).toEqual(advanceStock(list[b] as KpiStock, c));
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a scope is the sum of its parts, whatever the order of its reps', () => {
    fc.assert(
      fc.property(windowArb, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 }), (w, b, cut) => {
        const stocks = stocksByBucket(w);
        const [left, right] = [w.reps.slice(0, cut), w.reps.slice(cut)];
        const whole = scopeFacts(w, stocks, w.reps, b, 'org');
        const a = scopeFacts(w, stocks, left, b, 'team');
        const z = scopeFacts(w, stocks, right, b, 'team');
        expect(whole.counters).toEqual(addCounters(addCounters(emptyCounters(), a.counters), z.counters));
        expect(whole.start.customers).toBe(a.start.customers + z.start.customers);
        expect(whole.pipeline.count).toBe(a.pipeline.count + z.pipeline.count);
        const reversed = scopeFacts(w, stocks, [...w.reps].reverse(), b, 'org');
        expect(computeKpis(reversed)).toEqual(computeKpis(whole));
      }),
      { numRuns: 100 },
    );
  });

  it('a trend per KPI over every period but the baseline; an org median for a rep only', () => {
    fc.assert(
      fc.property(windowArb, fc.constantFrom('org', 'team', 'rep' as const), (w, kind) => {
        const inScope = kind === 'rep' ? w.reps.slice(0, 1) : w.reps;
        const entries = kpiEntries(w, inScope, kind);
        for (const e of entries) {
          expect(e.trend).toHaveLength(INSTANCES.length - 1);
          expect(e.trend.at(-1)).toEqual(e.current);
          expect('orgMedian' in e).toBe(kind === 'rep');
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('monthly inputs', () => {
  const quarter = (q: number): PeriodInstance => ({
    period: 'quarter',
    periodKey: `2026-Q${q}`,
    from: Date.UTC(2026, (q - 1) * 3, 1),
    to: Date.UTC(2026, q * 3, 1),
  });

  it('a quarter covers its three months, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), (q) => {
        const months = inputMonthsOf(quarter(q)) as string[];
        expect(months.map((m) => Number(m.slice(5)))).toEqual([3 * q - 2, 3 * q - 1, 3 * q]);
        expect(months.every((m) => m.startsWith('2026-'))).toBe(true);
      }),
    );
  });

  it('a quarter sums its months only when all three are known in one currency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.option(fc.record({ amount: fc.nat(10 ** 9), currency: fc.constantFrom('RUB', 'USD') })), {
          minLength: 3,
          maxLength: 3,
        }),
        (q, figures) => {
          const months = inputMonthsOf(quarter(q)) as string[];
          const rows: MonthlyInput[] = figures.flatMap((f, i) =>
            f === null ? [] : [{ kind: 'spend', month: months[i] as string, ...f }],
          );
          const out = inputsOfInstances(rows, [quarter(q), month(3 * q)]);
          const complete = rows.length === 3 && new Set(rows.map((r) => r.currency)).size === 1;
          expect(out.get(kpiInputKey('spend', `2026-Q${q}`))).toEqual(
            complete
              ? { amount: rows.reduce((s, r) => s + r.amount, 0), currency: rows[0]?.currency }
              : undefined,
          );
          const last = figures[2];
          expect(out.get(kpiInputKey('spend', month(3 * q).periodKey))).toEqual(last ?? undefined);
          expect(out.has(kpiInputKey('direct_costs', `2026-Q${q}`))).toBe(false);
        },
      ),
    );
  });

  it('the target history counts only periods that end after the first event', () => {
    fc.assert(
      fc.property(
        fc.array(moneyArb, { minLength: 3, maxLength: 3 }),
        fc.option(fc.integer({ min: INSTANCES[0]?.from as number, max: INSTANCES[3]?.to as number })),
        (won, firstAt) => {
          const trailing = INSTANCES.slice(0, 3);
          const { suggested, history } = targetSuggestion(trailing, (b) => won[b], firstAt, 10, 'RUB');
          expect(history.map((h) => h.periodKey)).toEqual(trailing.map((i) => i.periodKey));
          const counted = trailing.filter((i) => firstAt !== null && i.to > firstAt);
          if (counted.length === 0) expect(suggested).toEqual({ value: null, reason: 'NO_DATA' });
          history.forEach((h, b) => {
            const currencies = Object.keys(won[b] ?? {});
            if (currencies.length > 1) expect(h.won).toBeNull();
            if (currencies.length === 0) expect(h.won).toEqual({ amount: 0, currency: 'RUB' });
          });
        },
      ),
    );
  });
});
