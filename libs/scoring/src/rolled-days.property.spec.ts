import fc from 'fast-check';
import type { Period, RuleSetDocument } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import { ScoringEngine, replay, type DaySummary } from './engine.js';
import type { EngineOptions, ScoringEvent } from './engine-api.js';
import { DAY_CONTEXT, daysAround, scoreRepDays, summarizeDays } from './rolled-days.js';
import { testRep } from './test-kit.js';
import { TimeZone } from './time-zone.js';

/** Small caps so caps bite; tiers with gates over a week so a late event moves a tier. */
const DOC: RuleSetDocument = {
  ...DEFAULT_RULE_SET,
  timezone: 'Europe/Berlin',
  dailyCaps: { calls: 45, emails: 7, meetings: 60, leads: 50 },
  workingHours: { start: '08:00', end: '20:00', weekdays: [1, 2, 3, 4, 5], outsideFactor: 0.5 },
  tierPeriod: 'month',
  tiers: [
    { name: 'Bronze', minPoints: 30, payout: 100 },
    { name: 'Silver', minPoints: 80, payout: 200, gates: { dealsWon: { gte: 1 } } },
  ],
};
const REPS = [testRep('r1', 'Anna'), testRep('r2', 'Boris'), testRep('r3', 'Vera')];
const OPTIONS: EngineOptions = { versions: [{ id: 'v1', effectiveFrom: 0, document: DOC }], reps: REPS };
const tz = new TimeZone('Europe/Berlin');
/** 2026-10-24 00:00 Berlin; 9 days: a DST day, a week and a month boundary. */
const START = Date.parse('2026-10-24T00:00:00+02:00');
const DAYS = 9;
const FIRST_DAY = tz.dayNumberAt(START);
const TYPES = ['call', 'call', 'call', 'email', 'meeting', 'lead_responded', 'deal_won'] as const;

const eventSpec = fc.record({
  type: fc.constantFrom(...TYPES),
  rep: fc.constantFrom('r1', 'r2', 'r3'),
  slot: fc.integer({ min: 0, max: DAYS * 24 - 1 }),
  durationSec: fc.integer({ min: 0, max: 400 }),
  outcome: fc.constantFrom('connected', 'voicemail'),
  flag: fc.boolean(),
  amount: fc.integer({ min: 0, max: 2_000_000 }),
});

const streamArb = fc
  .tuple(
    fc.array(eventSpec, { minLength: 1, maxLength: 80 }),
    fc.array(fc.record({ target: fc.nat(100), slot: fc.nat(DAYS * 24 - 1) }), { maxLength: 8 }),
  )
  .map(([specs, voids]) => {
    const events: ScoringEvent[] = specs.map((s, i) => {
      const attributes: ScoringEvent['attributes'] = {};
      if (s.type === 'call')
        Object.assign(attributes, { durationSec: s.durationSec, outcome: s.outcome, scriptFollowed: s.flag });
      if (s.type === 'email') attributes['replied'] = s.flag;
      if (s.type === 'deal_won') Object.assign(attributes, { amount: s.amount, margin: s.amount / 2 });
      return {
        id: String(i),
        source: 'crm',
        externalId: `e${i}`,
        type: s.type,
        repId: s.rep,
        occurredAt: START + s.slot * 3_600_000 + (i % 60) * 1000,
        attributes,
      };
    });
    voids.forEach((v, j) => {
      const target = events[v.target] ?? { source: 'crm', externalId: `missing${v.target}` };
      events.push({
        id: `v${j}`,
        source: 'crm',
        externalId: `v${j}`,
        type: 'void',
        repId: 'r1',
        occurredAt: START + v.slot * 3_600_000,
        attributes: {},
        voids: { source: target.source, externalId: target.externalId },
      });
    });
    return events;
  })
  .chain((events) =>
    fc.tuple(
      fc.constant(events),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
        minLength: events.length,
        maxLength: events.length,
      }),
      fc.nat(events.length),
      fc.integer({ min: 0, max: DAYS }),
    ),
  )
  .map(([events, keys, rollAfter, horizonOffset]) => ({
    arrival: events
      .map((e, i) => ({ e, k: keys[i] ?? 0 }))
      .sort((a, b) => a.k - b.k)
      .map((x) => x.e),
    rollAfter,
    horizon: FIRST_DAY + horizonOffset,
  }));

const dayOf = (t: number): number => tz.dayNumberAt(t);
const summaryKey = (s: Pick<DaySummary, 'repId' | 'day'>): string => `${s.repId}|${s.day}`;

/** The events a host would read from the ledger to score `days` of `repId` again. */
function ledgerWindow(
  ledger: readonly ScoringEvent[],
  repId: string,
  days: readonly number[],
): ScoringEvent[] {
  const from = Math.min(...days) - DAY_CONTEXT;
  const to = Math.max(...days) + DAY_CONTEXT + 1;
  const own = ledger.filter(
    (e) => e.repId === repId && dayOf(e.occurredAt) >= from && dayOf(e.occurredAt) < to,
  );
  const keys = new Set(own.map((e) => `${e.source}|${e.externalId}`));
  const voids = ledger.filter(
    (e) =>
      e.type === 'void' &&
      e.voids &&
      keys.has(`${e.voids.source}|${e.voids.externalId}`) &&
      !keys.has(`${e.source}|${e.externalId}`),
  );
  return [...own, ...voids];
}

/** A host that rolls days out at `horizon` after `rollAfter` arrivals and scores late ones from its ledger. */
function rollingHost(arrival: readonly ScoringEvent[], rollAfter: number, horizon: number) {
  const engine = new ScoringEngine(OPTIONS);
  const ledger: ScoringEvent[] = [];
  const store = new Map<string, DaySummary>();
  const rescore = (repId: string, day: number): void => {
    const days = daysAround(day).filter((d) => d < engine.horizonDay);
    for (const after of scoreRepDays(OPTIONS, ledgerWindow(ledger, repId, days), repId, days)) {
      engine.replaceDay(store.get(summaryKey(after)) ?? null, after);
      if (after.records > 0) store.set(summaryKey(after), after);
    }
  };
  arrival.forEach((event, i) => {
    if (i === rollAfter) for (const s of engine.rollOut(horizon)) store.set(summaryKey(s), s);
    ledger.push(event);
    if (event.type === 'void') {
      engine.apply(event);
      // A void on a rolled-out day is one of that rep-day's events too.
      if (engine.isRolledOut(event.occurredAt)) rescore(event.repId, dayOf(event.occurredAt));
      const key = event.voids;
      if (key && !engine.holds(key.source, key.externalId)) {
        const target = ledger.find((e) => e.source === key.source && e.externalId === key.externalId);
        if (target && target.type !== 'void' && engine.isRolledOut(target.occurredAt))
          rescore(target.repId, dayOf(target.occurredAt));
      }
    } else if (engine.isRolledOut(event.occurredAt)) {
      rescore(event.repId, dayOf(event.occurredAt));
    } else {
      engine.apply(event);
    }
  });
  if (rollAfter >= arrival.length) for (const s of engine.rollOut(horizon)) store.set(summaryKey(s), s);
  return { engine, store, ledger };
}

/** A start-up: summaries of the rolled-out days, events from the horizon on (and voids that may cancel them). */
function restarted(ledger: readonly ScoringEvent[], store: Map<string, DaySummary>, horizon: number) {
  const early = (e: ScoringEvent): boolean => dayOf(e.occurredAt) < horizon;
  const byKey = new Map(ledger.map((e) => [`${e.source}|${e.externalId}`, e]));
  const open = ledger.filter((e) => {
    if (!early(e)) return true;
    if (e.type !== 'void' || !e.voids) return false;
    const target = byKey.get(`${e.voids.source}|${e.voids.externalId}`);
    return !target || !early(target);
  });
  const engine = replay(OPTIONS, open);
  engine.loadSummaries(store.values());
  engine.rollOut(horizon);
  return engine;
}

const PERIODS: Period[] = ['today', 'week', 'month', 'quarter'];

function figures(engine: ScoringEngine) {
  const out: unknown[] = [engine.projection().filter((r) => r.milliPoints !== 0)];
  for (let d = 0; d < DAYS; d++) {
    const at = START + d * 86_400_000 + 12 * 3_600_000;
    for (const period of PERIODS) {
      out.push(engine.board(period, at), engine.board(period, at, { kind: 'improved' }));
      for (const rep of REPS) out.push(engine.stats(rep.id, period, at), engine.tierProgress(rep.id, at));
    }
  }
  return out;
}

describe('rolled-out days (fast-check)', () => {
  it('rolling days out and scoring late events and voids from the ledger equals the full engine', () => {
    fc.assert(
      fc.property(streamArb, ({ arrival, rollAfter, horizon }) => {
        const full = replay(OPTIONS, arrival);
        const host = rollingHost(arrival, rollAfter, horizon);
        expect(figures(host.engine)).toEqual(figures(full));
        // Nothing of a rolled-out day stays in memory but voids kept to cancel later targets.
        for (const a of host.engine.awards())
          if (dayOf(a.occurredAt) < horizon) expect(a.milliPoints).toBe(0);
        // The stored summaries are what scoring the whole ledger gives for those days.
        const expected = summarizeDays(OPTIONS, arrival, Number.NEGATIVE_INFINITY, horizon);
        const stored = [...host.store.values()].filter((s) => s.records > 0);
        expect(stored.sort((a, b) => summaryKey(a).localeCompare(summaryKey(b)))).toEqual(
          expected.sort((a, b) => summaryKey(a).localeCompare(summaryKey(b))),
        );
        // A restart from the summaries and the open events agrees too.
        expect(figures(restarted(host.ledger, host.store, horizon))).toEqual(figures(full));
      }),
      { numRuns: 200 },
    );
  });
});
