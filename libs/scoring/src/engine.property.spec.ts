import fc from 'fast-check';
import type { RuleSetDocument } from '@leaderboard/contracts';
import { conditionHolds } from './conditions.js';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import { ScoringEngine, replay } from './engine.js';
import type { EngineOptions, ScoringEvent } from './engine-api.js';
import { gateValue } from './stats.js';
import { testRep } from './test-kit.js';
import { TimeZone, dayKey } from './time-zone.js';

/** Small caps and odd factors so that caps bite and rounding matters; Berlin for a DST day. */
const DOC: RuleSetDocument = {
  ...DEFAULT_RULE_SET,
  timezone: 'Europe/Berlin',
  rules: {
    ...DEFAULT_RULE_SET.rules,
    call: {
      points: 10.005,
      cap: 'calls',
      weights: [
        { if: { durationSec: { lt: 30 } }, factor: 0 },
        { if: { outcome: { eq: 'connected' }, scriptFollowed: { eq: true } }, factor: 1.255 },
        { if: { outcome: { in: ['voicemail'] } }, factor: 0.333 },
      ],
    },
  },
  dailyCaps: { calls: 45.5, emails: 7, meetings: 60, leads: 50 },
  workingHours: { start: '08:00', end: '20:00', weekdays: [1, 2, 3, 4, 5, 6], outsideFactor: 0.5 },
  tiers: [
    { name: 'Bronze', minPoints: 30, payout: 100 },
    { name: 'Silver', minPoints: 60, payout: 200, gates: { dealsWon: { gte: 1 } } },
    {
      name: 'Gold',
      minPoints: 100,
      payout: 300,
      gates: { dealsWon: { gte: 2 }, leadConversionPct: { gte: 50 } },
    },
  ],
};
const REPS = [testRep('r1', 'Anna'), testRep('r2', 'Boris'), testRep('r3', 'Anna')];
const OPTIONS: EngineOptions = { versions: [{ id: 'v1', effectiveFrom: 0, document: DOC }], reps: REPS };
const tz = new TimeZone('Europe/Berlin');
/** 2026-10-24 00:00 Berlin: the window spans the 25-hour day of 2026-10-25. */
const START = Date.parse('2026-10-24T00:00:00+02:00');

const TYPES = [
  'call',
  'call',
  'call',
  'email',
  'meeting',
  'lead_responded',
  'lead_qualified',
  'deal_won',
] as const;

const eventSpec = fc.record({
  type: fc.constantFrom(...TYPES),
  rep: fc.constantFrom('r1', 'r2', 'r3'),
  // Quarter-hour slots over 3 days: ties happen.
  slot: fc.integer({ min: 0, max: 3 * 96 }),
  source: fc.constantFrom('crm', 'phone'),
  durationSec: fc.integer({ min: 0, max: 400 }),
  outcome: fc.constantFrom('connected', 'voicemail', 'no_answer'),
  flag: fc.boolean(),
  amount: fc.integer({ min: 0, max: 2_000_000 }),
  margin: fc.integer({ min: 0, max: 400_000 }),
  to: fc.constantFrom('sql', 'mql'),
});

type EventSpec = typeof eventSpec extends fc.Arbitrary<infer T> ? T : never;

function toEvent(spec: EventSpec, i: number): ScoringEvent {
  const occurredAt = START + spec.slot * 900_000;
  const attributes: ScoringEvent['attributes'] = {};
  if (spec.type === 'call')
    Object.assign(attributes, {
      durationSec: spec.durationSec,
      outcome: spec.outcome,
      scriptFollowed: spec.flag,
    });
  if (spec.type === 'email') attributes['replied'] = spec.flag;
  if (spec.type === 'lead_responded')
    attributes['leadCreatedAt'] = new Date(occurredAt - spec.durationSec * 60_000).toISOString();
  if (spec.type === 'lead_qualified') attributes['to'] = spec.to;
  if (spec.type === 'deal_won') Object.assign(attributes, { amount: spec.amount, margin: spec.margin });
  return {
    id: String(i),
    source: spec.source,
    externalId: `e${i}`,
    type: spec.type,
    repId: spec.rep,
    occurredAt,
    attributes,
  };
}

/** Events, plus voids aimed at random keys (events, voids, unknown ones). */
const eventsArb = fc
  .tuple(
    fc.array(eventSpec, { minLength: 1, maxLength: 60 }),
    fc.array(
      fc.record({
        target: fc.nat(80),
        slot: fc.integer({ min: 0, max: 3 * 96 }),
        rep: fc.constantFrom('r1', 'r2'),
      }),
      { maxLength: 6 },
    ),
  )
  .map(([specs, voids]) => {
    const events = specs.map(toEvent);
    voids.forEach((v, j) => {
      const target = events[v.target] ?? { source: 'crm', externalId: `v${v.target - specs.length}` };
      events.push({
        id: `v${j}`,
        source: 'crm',
        externalId: `v${j}`,
        type: 'void',
        repId: v.rep,
        occurredAt: START + v.slot * 900_000,
        attributes: {},
        voids: { source: target.source, externalId: target.externalId },
      });
    });
    return events;
  });

/** A permutation of `items` with some repeated (duplicates must be no-ops). */
const arrivalArb = (events: ScoringEvent[]) =>
  fc
    .tuple(
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: events.length,
        maxLength: events.length,
      }),
      fc.array(fc.nat(events.length - 1), { maxLength: 10 }),
    )
    .map(([keys, dups]) => {
      const order = events
        .map((e, i) => ({ e, k: keys[i] ?? 0 }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.e);
      for (const d of dups) order.splice((d * 7) % (order.length + 1), 0, { ...(events[d] as ScoringEvent) });
      return order;
    });

const at = START + 36 * 3_600_000;

function snapshot(engine: ScoringEngine) {
  return {
    projection: engine.projection(),
    awards: engine.awards(),
    breakdowns: REPS.map((r) => engine.breakdown(r.id, 'month', at)),
    boards: (['today', 'week', 'month', 'quarter'] as const).map((p) => engine.board(p, at)),
  };
}

describe('scoring invariants (fast-check)', () => {
  it('order independence and duplicates: any arrival order equals replay', () => {
    fc.assert(
      fc.property(
        eventsArb.chain((events) => fc.tuple(fc.constant(events), arrivalArb(events))),
        ([events, arrival]) => {
          const incremental = new ScoringEngine(OPTIONS);
          incremental.applyMany(arrival);
          expect(snapshot(incremental)).toEqual(snapshot(replay(OPTIONS, events)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('order independence holds across rule set versions in different zones, with rep working hours', () => {
    const v2: RuleSetDocument = {
      ...DOC,
      timezone: 'Asia/Kolkata',
      dailyCaps: { calls: 30, emails: 3, meetings: 30, leads: 20 },
    };
    const options: EngineOptions = {
      versions: [
        { id: 'v2', effectiveFrom: START + 30 * 3_600_000 + 17 * 60_000, document: v2 },
        { id: 'v1', effectiveFrom: START + 3_600_000, document: DOC },
      ],
      reps: [
        {
          ...testRep('r1', 'Anna'),
          workingHours: { start: '06:30', end: '12:15', weekdays: [6, 7], outsideFactor: 0.25 },
        },
        testRep('r2', 'Boris'),
      ],
      timezone: 'America/New_York',
      weekStartsOn: 7,
    };
    fc.assert(
      fc.property(
        eventsArb.chain((events) => fc.tuple(fc.constant(events), arrivalArb(events))),
        ([events, arrival]) => {
          const incremental = new ScoringEngine(options);
          incremental.applyMany(arrival);
          const full = replay(options, events);
          expect(incremental.projection()).toEqual(full.projection());
          expect(incremental.awards()).toEqual(full.awards());
          expect(incremental.capUsage()).toEqual(full.capUsage());
          for (const c of full.capUsage()) expect(c.usedMilliPoints).toBeLessThanOrEqual(c.capMilliPoints);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('idempotency: applying every event twice changes nothing the second time', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const engine = new ScoringEngine(OPTIONS);
        engine.applyMany(events);
        const once = snapshot(engine);
        const again = engine.applyMany(events);
        expect(again.repIds).toEqual([]);
        expect(again.events).toEqual([]);
        expect(snapshot(engine)).toEqual(once);
      }),
      { numRuns: 100 },
    );
  });

  it('caps are never exceeded per (rep, local day, category)', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const engine = replay(OPTIONS, events);
        const used = new Map<string, number>();
        for (const rep of REPS) {
          for (const item of engine.breakdown(rep.id, 'month', at).lineItems) {
            if (item.cap === null) continue;
            const k = `${rep.id}|${item.cap}|${dayKey(tz.dayNumberAt(Date.parse(item.occurredAt)))}`;
            used.set(k, (used.get(k) ?? 0) + item.milliPoints);
          }
        }
        for (const [k, milli] of used) {
          const category = k.split('|')[1] as string;
          expect(milli).toBeLessThanOrEqual(((DOC.dailyCaps ?? {})[category] ?? 0) * 1000);
        }
        for (const c of engine.capUsage()) expect(c.usedMilliPoints).toBeLessThanOrEqual(c.capMilliPoints);
      }),
      { numRuns: 150 },
    );
  });

  it('a void exactly reverses its target, caps included, whenever it arrives', () => {
    const plain = fc.array(eventSpec, { minLength: 1, maxLength: 50 }).map((s) => s.map(toEvent));
    fc.assert(
      fc.property(
        plain.chain((events) =>
          fc.tuple(fc.constant(events), fc.nat(events.length - 1), fc.nat(events.length)),
        ),
        ([events, k, voidPos]) => {
          const target = events[k] as ScoringEvent;
          const voidEvent: ScoringEvent = {
            id: 'void',
            source: 'crm',
            externalId: 'the-void',
            type: 'void',
            repId: target.repId,
            occurredAt: START,
            attributes: {},
            voids: { source: target.source, externalId: target.externalId },
          };
          const withVoid = [...events];
          withVoid.splice(voidPos, 0, voidEvent);
          const a = new ScoringEngine(OPTIONS);
          a.applyMany(withVoid);
          const b = new ScoringEngine(OPTIONS);
          b.applyMany(events.filter((_, i) => i !== k));
          const others = (e: ScoringEngine) =>
            e.awards().filter((x) => x.externalId !== target.externalId && x.externalId !== 'the-void');
          expect(others(a)).toEqual(others(b));
          expect(a.awardedOf(target.source, target.externalId)).toBe(0);
          const nonZero = (e: ScoringEngine) => e.projection().filter((r) => r.milliPoints !== 0);
          expect(nonZero(a)).toEqual(nonZero(b));
          expect(a.board('month', at)).toEqual(b.board('month', at));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a rep with a tier satisfies its threshold and every gate of it; breakdowns sum to boards', () => {
    fc.assert(
      fc.property(eventsArb, (events) => {
        const engine = replay(OPTIONS, events);
        for (const row of engine.board('month', at)) {
          const b = engine.breakdown(row.repId, 'month', at);
          expect(b.lineItems.reduce((s, i) => s + i.milliPoints, 0)).toBe(row.milliPoints);
          if (row.tier === null) continue;
          const tier = (DOC.tiers ?? []).find((t) => t.name === row.tier);
          expect(tier).toBeDefined();
          expect(row.milliPoints).toBeGreaterThanOrEqual((tier?.minPoints ?? 0) * 1000);
          const stats = engine.stats(row.repId, 'month', at);
          for (const [key, cond] of Object.entries(tier?.gates ?? {})) {
            const v = gateValue(stats, key);
            expect(v).not.toBeNull();
            expect(conditionHolds(v ?? undefined, cond)).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
