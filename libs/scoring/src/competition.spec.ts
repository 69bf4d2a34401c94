import type { RuleSetDocument } from '@leaderboard/contracts';
import { CompetitionScorer, type CompetitionDefinition } from './competition.js';
import { testEvent, testRep } from './test-kit.js';
import { validateRuleSet } from './validate.js';

/** "Demo week": demos count, calls a little and only 3 points a day; no working hours. */
const DEMO_WEEK: RuleSetDocument = {
  name: 'Demo week',
  timezone: 'Europe/Moscow',
  currency: 'RUB',
  weekStartsOn: 1,
  rules: {
    call: { points: 1, cap: 'calls' },
    demo_booked: { points: 50 },
    demo_held: { points: 100 },
  },
  dailyCaps: { calls: 3 },
  tierPeriod: 'month',
  tiers: [],
};

const definition = (mode: 'individual' | 'teams'): CompetitionDefinition => ({
  id: 'c1',
  name: 'Demo week',
  from: Date.parse('2026-11-16T00:00:00+03:00'),
  to: Date.parse('2026-11-21T00:00:00+03:00'),
  mode,
  document: DEMO_WEEK,
});

const reps = [
  testRep('anna', 'Anna', 'team-a'),
  testRep('boris', 'Boris', 'team-a'),
  testRep('vera', 'Vera', 'team-b'),
  testRep('gleb', 'Gleb', 'team-b'),
];
const teamNames = new Map([
  ['team-a', 'North'],
  ['team-b', 'South'],
]);

const call = (id: string, rep: string, at: string) =>
  testEvent(id, 'call', rep, at, { durationSec: 60, outcome: 'connected' });

/** Inside and outside the window; a void after the window of an event inside it. */
const STREAM = [
  testEvent('a1', 'demo_held', 'anna', '2026-11-16T10:00:00+03:00'), // 100
  testEvent('a0', 'demo_held', 'anna', '2026-11-15T23:59:59+03:00'), // before the window: 0
  testEvent('b1', 'demo_booked', 'boris', '2026-11-17T11:00:00+03:00'), // 50
  call('bc1', 'boris', '2026-11-17T12:00:00+03:00'),
  call('bc2', 'boris', '2026-11-17T12:10:00+03:00'),
  call('bc3', 'boris', '2026-11-17T12:20:00+03:00'),
  call('bc4', 'boris', '2026-11-17T12:30:00+03:00'), // over the 3-point daily cap
  call('bc5', 'boris', '2026-11-17T12:40:00+03:00'), // over the cap
  testEvent('v1', 'demo_held', 'vera', '2026-11-20T23:00:00+03:00'), // 100
  testEvent('v2', 'demo_held', 'vera', '2026-11-21T00:00:00+03:00'), // the end is exclusive: 0
  testEvent('v3', 'demo_held', 'vera', '2026-11-18T09:00:00+03:00'), // 100, then voided
  testEvent('vx', 'void', 'vera', '2026-11-25T09:00:00+03:00', {}, { source: 'crm', externalId: 'v3' }),
  testEvent('g1', 'demo_booked', 'gleb', '2026-11-19T15:00:00+03:00'), // 50
];

/** Expected window totals, worked out above: Anna 100, Boris 50 + 3 (cap), Vera 100 (one voided), Gleb 50. */
const EXPECTED = { anna: 100_000, boris: 53_000, vera: 100_000, gleb: 50_000 };

const rowsOf = (scorer: CompetitionScorer) =>
  scorer.standings(teamNames).map((r) => [r.kind, r.repId, r.name, r.milliPoints, r.points, r.rank]);

describe('competition scorer', () => {
  it('uses a valid rule set document', () => {
    expect(validateRuleSet(DEMO_WEEK).ok).toBe(true);
  });

  it('ranks reps on the events of its window, with caps and voids of the engine', () => {
    const scorer = CompetitionScorer.replay(definition('individual'), reps, STREAM);
    for (const [rep, milli] of Object.entries(EXPECTED)) expect(scorer.totalOf(rep)).toBe(milli);
    // Anna and Vera tie at 100 and share rank 1 (display order by name); 1, 1, 3, 4.
    expect(rowsOf(scorer)).toEqual([
      ['rep', 'anna', 'Anna', 100_000, 100, 1],
      ['rep', 'vera', 'Vera', 100_000, 100, 1],
      ['rep', 'boris', 'Boris', 53_000, 53, 3],
      ['rep', 'gleb', 'Gleb', 50_000, 50, 4],
    ]);
    expect(scorer.leaders(teamNames).map((r) => r.name)).toEqual(['Anna', 'Vera']);
  });

  it('ranks teams by the sum of their reps', () => {
    const scorer = CompetitionScorer.replay(definition('teams'), reps, STREAM);
    // North = Anna 100 + Boris 53 = 153; South = Vera 100 + Gleb 50 = 150.
    expect(rowsOf(scorer)).toEqual([
      ['team', 'team-a', 'North', 153_000, 153, 1],
      ['team', 'team-b', 'South', 150_000, 150, 2],
    ]);
    expect(scorer.leaders(teamNames).map((r) => r.name)).toEqual(['North']);
    expect(scorer.rowIdsOf(['boris', 'gleb'])).toEqual(['team-a', 'team-b']);
  });

  it('applied one event at a time in any order, ends where the replay ends and reports who moved', () => {
    const reversed = [...STREAM].reverse();
    const scorer = new CompetitionScorer(definition('individual'), reps);
    const moved = new Set<string>();
    for (const event of reversed) for (const rep of scorer.apply([event])) moved.add(rep);
    for (const [rep, milli] of Object.entries(EXPECTED)) expect(scorer.totalOf(rep)).toBe(milli);
    expect([...moved].sort()).toEqual(['anna', 'boris', 'gleb', 'vera']);
    // Outside the window: nothing moves; again: idempotent.
    expect(scorer.apply([testEvent('late', 'demo_held', 'gleb', '2026-11-22T10:00:00+03:00')])).toEqual([]);
    expect(scorer.apply([STREAM[0]])).toEqual([]);
  });

  it('has no leader while nobody has points, and leaves inactive reps off the board', () => {
    const scorer = new CompetitionScorer(definition('individual'), [
      ...reps,
      { ...testRep('old', 'Old'), active: false },
    ]);
    expect(scorer.leaders()).toEqual([]);
    expect(scorer.standings().map((r) => r.repId)).toEqual(['anna', 'boris', 'gleb', 'vera']);
  });
});
