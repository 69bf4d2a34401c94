import type { EventAttributes } from '@leaderboard/contracts';
import fc from 'fast-check';
import { celebrationsOf } from './celebration-policy.js';
import { replay } from './engine.js';
import type { ScoringEvent } from './engine-api.js';
import { testEvent, testOptions, testRep } from './test-kit.js';

const REPS = [testRep('r1', 'Anna', 't1'), testRep('r2', 'Boris'), testRep('r3', 'Vera', 't1')];
/** Wednesday 2026-09-16, 15:00 in Moscow (working hours); events from two days before to now. */
const NOW = Date.parse('2026-09-16T15:00:00+03:00');
const HOUR = 3_600_000;

const specArb = fc.record({
  type: fc.constantFrom('deal_won', 'deal_won', 'call', 'meeting', 'void'),
  rep: fc.constantFrom('r1', 'r2', 'r3'),
  hoursAgo: fc.integer({ min: 0, max: 60 }),
  amount: fc.integer({ min: 0, max: 5_000_000 }),
  target: fc.nat(),
});
type Spec = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

/** Events in order; a void cancels an earlier event of the same list (or is skipped). */
function toEvents(specs: Spec[], prefix: string, earlier: ScoringEvent[]): ScoringEvent[] {
  const out: ScoringEvent[] = [];
  specs.forEach((spec, i) => {
    const id = `${prefix}${i}`;
    const at = NOW - spec.hoursAgo * HOUR;
    if (spec.type === 'void') {
      const pool = [...earlier, ...out].filter((e) => e.type !== 'void');
      const target = pool[spec.target % Math.max(1, pool.length)];
      if (!target) return;
      out.push(
        testEvent(id, 'void', target.repId, at, {}, { source: target.source, externalId: target.externalId }),
      );
      return;
    }
    const attributes: EventAttributes =
      spec.type === 'deal_won'
        ? { amount: spec.amount, margin: Math.floor(spec.amount / 3) }
        : spec.type === 'call'
          ? { durationSec: 120, outcome: 'connected' }
          : {};
    out.push(testEvent(id, spec.type, spec.rep, at, attributes));
  });
  return out;
}

const casesArb = fc.record({
  history: fc.array(specArb, { maxLength: 25 }),
  batch: fc.array(specArb, { minLength: 1, maxLength: 15 }),
  overloaded: fc.subarray(['r1', 'r2', 'r3']),
});

type Case = typeof casesArb extends fc.Arbitrary<infer T> ? T : never;

function run({ history, batch, overloaded }: Case) {
  const before = toEvents(history, 'h', []);
  const engine = replay(testOptions(REPS), before);
  const events = toEvents(batch, 'b', before);
  const change = engine.applyMany(events);
  const flagged = new Set(overloaded);
  const celebrations = celebrationsOf(engine, events, change, NOW, (repId) => flagged.has(repId));
  return { engine, events, change, celebrations, flagged };
}

describe('celebration policy (property)', () => {
  it('cheers a won deal of today with points once, never a void or a deal of another day', () => {
    fc.assert(
      fc.property(casesArb, (input) => {
        const { engine, events, celebrations } = run(input);
        const today = engine.periodAt('today', NOW);
        const deals = celebrations.filter((c) => c.kind === 'deal_won');
        const won = events.filter(
          (e) =>
            e.type === 'deal_won' &&
            e.occurredAt >= today.from &&
            e.occurredAt < today.to &&
            engine.awardedOf(e.source, e.externalId) > 0,
        );
        // At most one per such deal (an overloaded rep's after-hours deal is left out: see below).
        expect(deals.length).toBeLessThanOrEqual(won.length);
        for (const c of deals) {
          const at = Date.parse(c.at);
          expect(at).toBeGreaterThanOrEqual(today.from);
          expect(at).toBeLessThan(today.to);
          expect(won.some((e) => e.repId === c.repId && e.occurredAt === at)).toBe(true);
        }
        expect(celebrations.every((c) => c.kind === 'deal_won' || c.kind === 'tier')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('cheers each rep at most once per tier crossing, only upwards, with an own event in the tier period', () => {
    fc.assert(
      fc.property(casesArb, (input) => {
        const { engine, events, change, celebrations } = run(input);
        const tiers = celebrations.filter((c) => c.kind === 'tier');
        const reps = tiers.map((c) => c.repId);
        expect(new Set(reps).size).toBe(reps.length);
        const order = engine.timeline.at(NOW).tiers.map((t) => t.name);
        const period = engine.periodAt(engine.timeline.at(NOW).tierPeriod, NOW);
        for (const c of tiers) {
          const crossing = change.tierChanges.find((t) => t.repId === c.repId);
          expect(crossing?.to).toBe(c.tier);
          if (crossing?.from != null)
            expect(order.indexOf(c.tier as string)).toBeGreaterThan(order.indexOf(crossing.from));
          expect(
            events.some(
              (e) => e.repId === c.repId && e.occurredAt >= period.from && e.occurredAt < period.to,
            ),
          ).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never cheers an overloaded rep for work outside their hours; the others as if nobody were flagged', () => {
    fc.assert(
      fc.property(casesArb, (input) => {
        const { engine, celebrations, flagged } = run(input);
        const unflagged = run({ ...input, overloaded: [] }).celebrations;
        for (const c of celebrations) {
          if (c.kind === 'deal_won' && flagged.has(c.repId))
            expect(engine.isWorkingTime(c.repId, Date.parse(c.at))).toBe(true);
        }
        // Flagging only removes celebrations, and only of flagged reps.
        expect(unflagged.filter((c) => !flagged.has(c.repId))).toEqual(
          celebrations.filter((c) => !flagged.has(c.repId)),
        );
        expect(celebrations.length).toBeLessThanOrEqual(unflagged.length);
      }),
      { numRuns: 100 },
    );
  });

  it('celebrates nothing for a batch of activity that crosses no tier', () => {
    const engine = replay(testOptions(REPS), []);
    const events = [testEvent('c1', 'call', 'r1', NOW - HOUR, { durationSec: 30, outcome: 'connected' })];
    const change = engine.applyMany(events);
    expect(change.tierChanges).toEqual([]);
    expect(celebrationsOf(engine, events, change, NOW, () => false)).toEqual([]);
  });
});
