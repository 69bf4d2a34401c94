import fc from 'fast-check';
import {
  approvalsRequired,
  carriedInto,
  nextMonthKey,
  planPayouts,
  targetMonth,
  type CarriedAdjustment,
} from './close-plan.js';

/** Months 2025-01 .. 2027-12 by index. */
const monthOf = (i: number): string =>
  `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
const monthArb = fc.integer({ min: 0, max: 35 }).map(monthOf);

const rowArb = fc.record({
  repId: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
  tier: fc.constantFrom(null, 'Bronze', 'Silver'),
  payout: fc.constantFrom(0, 500_000, 1_500_000, 12_000_000),
});
const carriedArb = fc.record({
  sourceId: fc.constantFrom('c1', 'c2'),
  sourcePeriodKey: monthArb,
  adjustment: fc.record({
    repId: fc.constantFrom('r1', 'r2', 'r3', 'r5'),
    deltaMilliPoints: fc.integer({ min: -50_000, max: 50_000 }),
    deltaPayout: fc.constantFrom(0, -500_000, 1_000_000, 2_500_000),
    tierBefore: fc.constantFrom(null, 'Bronze'),
    tierNow: fc.constantFrom(null, 'Silver'),
    causes: fc.constant(null).map((): CarriedAdjustment['adjustment']['causes'] => []),
  }),
});
const planArb = fc.record({
  rows: fc.uniqueArray(rowArb, { selector: (r) => r.repId }),
  carried: fc.array(carriedArb, { maxLength: 6 }),
  threshold: fc.constantFrom(0, 1_000_000, 10_000_000),
});

describe('close plan (property)', () => {
  it('conserves the totals: the payouts add up to the paid tiers plus the carried differences', () => {
    fc.assert(
      fc.property(planArb, ({ rows, carried, threshold }) => {
        const plan = planPayouts('2026-10', { rows: rows.map(toClosedRow) }, carried, threshold);
        const tiers = rows.filter((r) => r.tier !== null).reduce((s, r) => s + r.payout, 0);
        const deltas = carried.reduce((s, c) => s + c.adjustment.deltaPayout, 0);
        expect(plan.reduce((s, p) => s + p.amount, 0)).toBe(tiers + deltas);
        expect(new Set(plan.map((p) => p.repId)).size).toBe(plan.length);
        for (const p of plan) {
          expect(p.items.length).toBeGreaterThan(0);
          expect(p.items.every((l) => l.amount !== 0 && Number.isInteger(l.amount))).toBe(true);
          expect(p.amount).toBe(p.items.reduce((s, l) => s + l.amount, 0));
          expect(p.approvalsRequired).toBe(approvalsRequired(p.amount, threshold));
        }
      }),
    );
  });

  it('is idempotent: the same inputs plan the same payouts, and planning changes no input', () => {
    fc.assert(
      fc.property(planArb, ({ rows, carried, threshold }) => {
        const figures = { rows: rows.map(toClosedRow) };
        const before = structuredClone({ figures, carried });
        const first = planPayouts('2026-10', figures, carried, threshold);
        expect(planPayouts('2026-10', figures, carried, threshold)).toEqual(first);
        expect({ figures, carried }).toEqual(before);
      }),
    );
  });

  it('carries each closed month into exactly one later month: the first one still open', () => {
    fc.assert(
      fc.property(fc.uniqueArray(monthArb, { maxLength: 12 }), monthArb, (closedKeys, key) => {
        fc.pre(!closedKeys.includes(key));
        const closes = closedKeys.map((periodKey) => ({ periodKey }));
        const closed = new Set(closedKeys);
        const sources = carriedInto(key, closes).map((c) => c.periodKey);
        for (const source of closedKeys) {
          const target = targetMonth(source, closed);
          expect(closed.has(target)).toBe(false);
          expect(target > source).toBe(true);
          for (let m = nextMonthKey(source); m < target; m = nextMonthKey(m))
            expect(closed.has(m)).toBe(true);
          expect(sources.includes(source)).toBe(target === key);
        }
      }),
    );
  });
});

function toClosedRow(r: { repId: string; tier: string | null; payout: number }) {
  return { ...r, key: r.repId, name: r.repId, teamId: null, milliPoints: 0, points: 0, rank: 1 };
}
