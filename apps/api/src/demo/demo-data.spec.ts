import { DEFAULT_RULE_SET, ScoringEngine } from '@leaderboard/scoring';
import { validateEventBatch } from '../events/event-validator.js';
import { demoEvent, randomGenerator } from './demo-data.js';

/** Scores 300 simulated events at `at` for one rep; returns how many of them earned points. */
function eventsThatScore(at: string, offHours: boolean): number {
  const engine = new ScoringEngine({
    versions: [{ id: 'v1', effectiveFrom: 0, document: DEFAULT_RULE_SET }],
    reps: [{ id: 'anna', key: 'anna', name: 'Anna', teamId: null, active: true }],
  });
  const random = randomGenerator(7);
  let scored = 0;
  for (let i = 0; i < 300; i++) {
    const input = demoEvent(random, 'anna', new Date(at), `sim-${i}`, offHours);
    const before = engine.totalAt('anna', 'month', Date.parse(at));
    engine.apply({
      id: String(i),
      source: input.source,
      externalId: input.externalId,
      type: input.type,
      repId: 'anna',
      occurredAt: Date.parse(input.occurredAt),
      attributes: input.attributes ?? {},
    });
    if (engine.totalAt('anna', 'month', Date.parse(at)) > before) scored++;
  }
  return scored;
}

describe('demo events', () => {
  // Sunday 03:00 in Moscow: outside the default working hours.
  const night = '2026-11-22T00:00:00Z';

  it('at night, ordinary activity mostly scores nothing', () => {
    expect(eventsThatScore(night, false)).toBeLessThan(30);
  });

  it('off-hours events are outcomes that all score, so the demo boards move at night', () => {
    expect(eventsThatScore(night, true)).toBe(300);
  });

  it('passes the event validator (typed attributes, the occurredAt window)', () => {
    const random = randomGenerator(11);
    const events = Array.from({ length: 1000 }, (_, i) =>
      demoEvent(random, 'anna', new Date(night), `sim-${i}`, i % 2 === 0),
    );
    expect(validateEventBatch({ events }, Date.now())).toMatchObject({ ok: true });
  });
});
