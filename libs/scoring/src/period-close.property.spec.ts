import fc from 'fast-check';
import type { RuleSetDocument } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import { replay } from './engine.js';
import type { EngineOptions, RuleSetVersion, ScoringEvent } from './engine-api.js';
import {
  canonicalFigures,
  monthFigures,
  pendingAdjustments,
  type AccountedRep,
  type ClosedFigures,
} from './period-close.js';
import { testRep } from './test-kit.js';

/** Small tiers so that a few events move a rep between them; caps small enough to bite. */
function doc(callPoints: number, tierScale = 1): RuleSetDocument {
  return {
    ...DEFAULT_RULE_SET,
    rules: { ...DEFAULT_RULE_SET.rules, call: { ...DEFAULT_RULE_SET.rules['call'], points: callPoints } },
    dailyCaps: { ...DEFAULT_RULE_SET.dailyCaps, calls: 40 },
    tiers: [
      { name: 'Bronze', minPoints: 20 * tierScale, payout: 1_000 },
      { name: 'Silver', minPoints: 50 * tierScale, payout: 5_000, gates: { dealsWon: { gte: 1 } } },
    ],
  } as RuleSetDocument;
}

const REPS = [testRep('r1', 'Anna'), testRep('r2', 'Boris'), testRep('r3', 'Vera')];
const V1: RuleSetVersion = { id: 'v1', effectiveFrom: -8.64e15, document: doc(10) };
/** September 2026 in Moscow. */
const FROM = Date.parse('2026-09-01T00:00:00+03:00');
const TO = Date.parse('2026-10-01T00:00:00+03:00');
const AT = Date.parse('2026-09-15T12:00:00+03:00');
const HOUR = 3_600_000;

const eventArb = fc.record({
  type: fc.constantFrom('call', 'call', 'call', 'deal_won', 'meeting'),
  rep: fc.constantFrom('r1', 'r2', 'r3'),
  // Hours from 2026-08-25 to 2026-10-08: before, inside and after September.
  hour: fc.integer({ min: 0, max: 44 * 24 }),
  durationSec: fc.integer({ min: 0, max: 300 }),
});
type EventSpec = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

const START = Date.parse('2026-08-25T00:00:00+03:00');
function toEvent(spec: EventSpec, id: string): ScoringEvent {
  const attributes: ScoringEvent['attributes'] =
    spec.type === 'call'
      ? { durationSec: spec.durationSec, outcome: 'connected', scriptFollowed: true }
      : spec.type === 'deal_won'
        ? { amount: 100_000, margin: 30_000 }
        : {};
  return {
    id,
    source: 'crm',
    externalId: id,
    type: spec.type,
    repId: spec.rep,
    occurredAt: START + spec.hour * HOUR,
    attributes,
  };
}

function engineOf(versions: RuleSetVersion[], events: ScoringEvent[]) {
  const options: EngineOptions = { versions, reps: REPS };
  return replay(options, events);
}

/** What a snapshot accounts for, per rep. */
function accountedOf(f: ClosedFigures): Map<string, AccountedRep> {
  const out = new Map<string, AccountedRep>();
  for (const row of f.rows)
    out.set(row.repId, {
      milliPoints: row.milliPoints,
      payout: row.payout,
      tier: row.tier,
      events: new Map(),
    });
  for (const e of f.events) (out.get(e.repId)?.events as Map<string, number>).set(e.eventId, e.milliPoints);
  return out;
}

describe('closed month figures (property)', () => {
  it('rule edits effective after the close and events outside the month never change them (same hash)', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        fc.array(
          fc.record({
            // From the first instant after September up to a week later.
            offsetHours: fc.integer({ min: 0, max: 7 * 24 }),
            points: fc.integer({ min: 1, max: 60 }),
            tierScale: fc.integer({ min: 1, max: 3 }),
          }),
          { maxLength: 3 },
        ),
        fc.array(eventArb, { maxLength: 20 }),
        (before, edits, later) => {
          const events = before.map((s, i) => toEvent(s, `e${i}`));
          const closed = monthFigures(engineOf([V1], events), AT);
          const hash = canonicalFigures(closed);
          const versions = [
            V1,
            ...edits.map((e, i) => ({
              id: `v${i + 2}`,
              effectiveFrom: TO + e.offsetHours * HOUR,
              document: doc(e.points, e.tierScale),
            })),
          ];
          // Later events outside September only (inside it they are late events: next test).
          const outside = later
            .map((s, i) => toEvent(s, `l${i}`))
            .filter((e) => e.occurredAt < FROM || e.occurredAt >= TO);
          const now = monthFigures(engineOf(versions, [...events, ...outside]), AT);
          expect(canonicalFigures(now)).toBe(hash);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('late events and voids in the month: snapshot + pending adjustments = figures now; carried, nothing is pending', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        fc.array(eventArb, { minLength: 1, maxLength: 15 }),
        fc.array(fc.nat(39), { maxLength: 5 }),
        (before, late, voidTargets) => {
          const events = before.map((s, i) => toEvent(s, `e${i}`));
          const closed = monthFigures(engineOf([V1], events), AT);
          const frozenText = canonicalFigures(closed);
          const voids: ScoringEvent[] = voidTargets
            .filter((t) => t < events.length)
            .map((t, j) => ({
              id: `x${j}`,
              source: 'crm',
              externalId: `x${j}`,
              type: 'void',
              repId: (events[t] as ScoringEvent).repId,
              occurredAt: TO + HOUR,
              attributes: {},
              voids: { source: 'crm', externalId: `e${t}` },
            }));
          const lateEvents = late.map((s, i) => toEvent(s, `l${i}`));
          const now = monthFigures(engineOf([V1], [...events, ...lateEvents, ...voids]), AT);
          const accounted = accountedOf(closed);
          const pending = pendingAdjustments(accounted, now);
          for (const rep of REPS) {
            const a = pending.find((p) => p.repId === rep.id);
            const before = closed.rows.find((r) => r.repId === rep.id);
            const after = now.rows.find((r) => r.repId === rep.id);
            expect((before?.milliPoints ?? 0) + (a?.deltaMilliPoints ?? 0)).toBe(after?.milliPoints ?? 0);
            expect((before?.payout ?? 0) + (a?.deltaPayout ?? 0)).toBe(after?.payout ?? 0);
            // Every event whose award differs is named as a cause, and only those.
            const changed = now.events
              .filter((e) => e.repId === rep.id)
              .filter((e) => !before || accounted.get(rep.id)?.events.get(e.eventId) !== e.milliPoints)
              .map((e) => e.eventId)
              .sort();
            expect((a?.causes ?? []).map((c) => c.event.eventId).sort()).toEqual(changed);
          }
          // The snapshot itself is a value: computing adjustments never touched it.
          expect(canonicalFigures(closed)).toBe(frozenText);
          // Carry the adjustments into the accounted figures: nothing is pending any more.
          for (const a of pending) {
            const entry = accounted.get(a.repId) as AccountedRep & { events: Map<string, number> };
            entry.milliPoints += a.deltaMilliPoints;
            entry.payout += a.deltaPayout;
            entry.tier = a.tierNow;
            for (const c of a.causes) entry.events.set(c.event.eventId, c.event.milliPoints);
          }
          expect(pendingAdjustments(accounted, now)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a hand-built month: ranks, tier gates and payouts', () => {
    const call = (id: string, rep: string, day: number): ScoringEvent => ({
      id,
      source: 'crm',
      externalId: id,
      type: 'call',
      repId: rep,
      occurredAt: Date.parse(`2026-09-${String(day).padStart(2, '0')}T11:00:00+03:00`),
      attributes: { durationSec: 120, outcome: 'connected', scriptFollowed: true },
    });
    // 12 points a call (10 x 1.2). Anna 5 calls = 60 points but no won deal: Bronze, not Silver.
    // Boris 2 calls = 24: Bronze. Vera 2 calls = 24 (one on the 1st): Bronze, sharing rank 2.
    // A call on 31 August and one on 1 October do not count.
    const events = [
      ...[7, 8, 9, 10, 11].map((d) => call(`a${d}`, 'r1', d)),
      call('b1', 'r2', 14),
      call('b2', 'r2', 15),
      call('v1', 'r3', 16),
      call('v2', 'r3', 1),
      { ...call('aug', 'r3', 1), occurredAt: Date.parse('2026-08-31T11:00:00+03:00') },
      { ...call('oct', 'r1', 1), occurredAt: Date.parse('2026-10-01T11:00:00+03:00') },
    ];
    const f = monthFigures(engineOf([V1], events), AT);
    expect(f.rows.map((r) => [r.repId, r.points, r.rank, r.tier, r.payout])).toEqual([
      ['r1', 60, 1, 'Bronze', 1_000],
      ['r2', 24, 2, 'Bronze', 1_000],
      ['r3', 24, 2, 'Bronze', 1_000],
    ]);
    expect(f.events).toHaveLength(9);
    expect(f.from).toBe(FROM);
    expect(f.to).toBe(TO);
    expect(f.ruleSetId).toBe('v1');
  });
});
