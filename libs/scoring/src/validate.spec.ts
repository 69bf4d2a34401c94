import type { RuleSetDocument } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import { documentAtLimits } from './test-kit.js';
import { RULE_SET_LIMITS, validateRuleSet, validateWorkingHoursDoc } from './validate.js';

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

function problemsOf(doc: unknown): Array<{ path: string; message: string }> {
  const r = validateRuleSet(doc);
  return r.ok ? [] : r.problems;
}

function pathsOf(doc: unknown): string[] {
  return problemsOf(doc).map((p) => p.path);
}

describe('validateRuleSet', () => {
  it('accepts the SPEC 4a example exactly as written', () => {
    const spec = {
      name: 'Default',
      timezone: 'Europe/Moscow',
      currency: 'RUB',
      weekStartsOn: 1,
      rules: {
        call: {
          points: 10,
          cap: 'calls',
          weights: [
            { if: { durationSec: { lt: 30 } }, factor: 0 },
            { if: { outcome: { eq: 'connected' }, scriptFollowed: { eq: true } }, factor: 1.2 },
          ],
        },
        email: { points: 2, cap: 'emails', weights: [{ if: { replied: { eq: true } }, factor: 2 }] },
        meeting: { points: 30, cap: 'meetings' },
        demo_booked: { points: 40 },
        demo_held: { points: 60 },
        lead_responded: {
          points: 20,
          cap: 'leads',
          weights: [
            { if: { responseMinutes: { lte: 15 } }, factor: 2 },
            { if: { responseMinutes: { gt: 1440 } }, factor: 0.5 },
          ],
        },
        opportunity_created: { points: 50 },
        deal_won: {
          points: 200,
          perAmount: { unit: 100000, points: 10 },
          weights: [{ if: { marginPct: { lt: 10 } }, factor: 0.5 }],
        },
      },
      dailyCaps: { calls: 300, emails: 60, meetings: 180, leads: 400 },
      workingHours: { start: '09:00', end: '19:00', weekdays: [1, 2, 3, 4, 5], outsideFactor: 0 },
      tierPeriod: 'month',
      tiers: [
        { name: 'Bronze', minPoints: 2000, payout: 500000 },
        { name: 'Silver', minPoints: 5000, payout: 1500000, gates: { dealsWon: { gte: 1 } } },
        {
          name: 'Gold',
          minPoints: 10000,
          payout: 4000000,
          gates: { dealsWon: { gte: 3 }, leadConversionPct: { gte: 15 } },
        },
      ],
    };
    expect(spec).toEqual(DEFAULT_RULE_SET);
    const r = validateRuleSet(spec);
    expect(r).toEqual({ ok: true, document: spec });
  });

  it('accepts a minimal document', () => {
    expect(
      validateRuleSet({ name: 'x', timezone: 'UTC', currency: 'EUR', weekStartsOn: 7, rules: {} }).ok,
    ).toBe(true);
  });

  it('refuses a non-object', () => {
    expect(pathsOf(null)).toEqual(['']);
    expect(pathsOf([])).toEqual(['']);
  });

  it('lists every problem with its JSON path', () => {
    // A loosely typed copy, to break it on purpose.
    const doc = JSON.parse(JSON.stringify(DEFAULT_RULE_SET));
    doc.timezone = 'Mars/Olympus';
    doc.currency = 'rub';
    doc.weekStartsOn = 0;
    doc.color = 'red';
    doc.rules.call.weights[0].factor = 1.2345;
    doc.rules.call.weights[1].factor = -1;
    doc.rules.call.weights[1].if.outcome = { like: 'conn' };
    doc.rules.email.weights[0].if.replied = { in: true };
    doc.rules.email.cap = 'mails';
    doc.rules.meeting.points = 'thirty';
    doc.rules.meeting.bonus = 1;
    doc.rules.teleport = { points: 1 };
    doc.rules.deal_won.perAmount.unit = 0;
    doc.dailyCaps.calls = -5;
    doc.workingHours = { start: '19:00', end: '09:00', weekdays: [0, 8], outsideFactor: 0.5, lunch: 1 };
    doc.tierPeriod = 'year';
    doc.tiers[1].minPoints = 1000;
    doc.tiers[1].payout = 1.5;
    doc.tiers[1].gates = { dealsWon: { gte: 'one' }, vibes: { gte: 1 } };
    doc.tiers[2].name = 'Bronze';
    const paths = pathsOf(doc);
    expect(paths).toEqual(
      expect.arrayContaining([
        'timezone',
        'currency',
        'weekStartsOn',
        'color',
        'rules.call.weights[0].factor',
        'rules.call.weights[1].factor',
        'rules.call.weights[1].if.outcome.like',
        'rules.email.weights[0].if.replied.in',
        'rules.email.cap',
        'rules.meeting.points',
        'rules.meeting.bonus',
        'rules.teleport',
        'rules.deal_won.perAmount.unit',
        'dailyCaps.calls',
        'workingHours.end',
        'workingHours.weekdays[0]',
        'workingHours.weekdays[1]',
        'workingHours.lunch',
        'tierPeriod',
        'tiers[1].minPoints',
        'tiers[1].payout',
        'tiers[1].gates.dealsWon.gte',
        'tiers[1].gates.vibes',
        'tiers[2].name',
      ]),
    );
    expect(paths).toHaveLength(24);
  });

  it('requires the top-level fields', () => {
    expect(pathsOf({}).sort()).toEqual(['currency', 'name', 'rules', 'timezone', 'weekStartsOn']);
  });

  it('checks conditions: operators, arrays for in, scalar values', () => {
    const doc = clone(DEFAULT_RULE_SET);
    doc.rules['call'] = {
      points: 10,
      weights: [
        { if: { outcome: { in: ['connected', 'voicemail'] }, durationSec: { gte: 30, lt: 600 } }, factor: 1 },
        { if: { outcome: {} }, factor: 1 },
        { if: { outcome: { eq: ['a'] } }, factor: 1 } as never,
        { if: { outcome: { in: [{}] } }, factor: 1 } as never,
      ],
    };
    expect(pathsOf(doc)).toEqual([
      'rules.call.weights[1].if.outcome',
      'rules.call.weights[2].if.outcome.eq',
      'rules.call.weights[3].if.outcome.in[0]',
    ]);
  });

  it('checks working hours format and the 3-decimal points', () => {
    const doc = clone(DEFAULT_RULE_SET);
    doc.workingHours = { start: '9:00', end: '25:00', weekdays: [1], outsideFactor: 0.25 };
    doc.rules['email'] = { points: 2.0005 };
    expect(pathsOf(doc).sort()).toEqual(['rules.email.points', 'workingHours.end', 'workingHours.start']);
  });

  it('wants tiers in ascending minPoints with unique names and integer payouts', () => {
    const doc = clone(DEFAULT_RULE_SET);
    doc.tiers = [
      { name: 'A', minPoints: 100, payout: 0 },
      { name: 'B', minPoints: 100, payout: -1 },
      { name: 'A', minPoints: 50, payout: 10 },
    ];
    expect(pathsOf(doc)).toEqual([
      'tiers[1].minPoints',
      'tiers[1].payout',
      'tiers[2].name',
      'tiers[2].minPoints',
    ]);
  });

  it('refuses a cap on an outcome rule', () => {
    const doc = clone(DEFAULT_RULE_SET);
    doc.rules['deal_won'] = { points: 200, cap: 'calls' };
    expect(pathsOf(doc)).toEqual(['rules.deal_won.cap']);
  });

  it('quotes keys that are not identifiers in paths', () => {
    const doc = clone(DEFAULT_RULE_SET);
    (doc.dailyCaps as Record<string, unknown>)['big calls'] = 'x';
    expect(pathsOf(doc)).toEqual(['dailyCaps["big calls"]']);
  });

  it("validates a rep's own working hours on their own", () => {
    expect(
      validateWorkingHoursDoc({ start: '08:00', end: '24:00', weekdays: [1, 7], outsideFactor: 0 }),
    ).toEqual([]);
    expect(
      validateWorkingHoursDoc({ start: '08:00', end: '08:00', weekdays: [1, 1], outsideFactor: 1.0001 }).map(
        (p) => p.path,
      ),
    ).toEqual(['workingHours.end', 'workingHours.weekdays[1]', 'workingHours.outsideFactor']);
  });
});

describe('the size budget of a rule set (issue 13)', () => {
  const L = RULE_SET_LIMITS;
  const base = (): RuleSetDocument => clone(DEFAULT_RULE_SET);
  const weight = (i: number) => ({ if: { durationSec: { gte: i } }, factor: 1 });

  it('refuses 20,000 weights at once, with the limit and the count, without visiting each', () => {
    const doc = base();
    doc.rules['call'] = { points: 10, weights: Array.from({ length: 20_000 }, (_, i) => weight(i)) };
    const started = performance.now();
    expect(problemsOf(doc)).toEqual([
      { path: 'rules.call.weights', message: 'at most 20 weights per rule (found 20000)' },
    ]);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('names each budget it exceeds, by path', () => {
    const doc = base();
    const long = 'x'.repeat(L.stringLength + 1);
    doc.name = 'n'.repeat(L.nameLength + 1);
    doc.rules['meeting'] = {
      points: L.points + 1,
      weights: [
        { if: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`a${i}`, { eq: 1 }])), factor: 1 },
        { if: { product: { in: Array.from({ length: 101 }, (_, i) => `p${i}`) } }, factor: 1 },
        { if: { product: { eq: long }, ['k'.repeat(65)]: { eq: 1 } }, factor: L.factor + 1 },
      ],
    };
    doc.tiers = Array.from({ length: 21 }, (_, i) => ({ name: `T${i}`, minPoints: i + 1, payout: 0 }));
    expect(problemsOf(doc)).toEqual([
      { path: 'name', message: 'must be at most 120 characters (found 121)' },
      { path: 'rules.meeting.points', message: 'must be at most 1000000 in magnitude' },
      { path: 'rules.meeting.weights[0].if', message: 'at most 8 conditions per weight (found 11)' },
      {
        path: 'rules.meeting.weights[1].if.product.in',
        message: 'at most 100 values in one "in" list (found 101)',
      },
      {
        path: 'rules.meeting.weights[2].if.product.eq',
        message: 'must be at most 200 characters (found 201)',
      },
      {
        path: `rules.meeting.weights[2].if.${'k'.repeat(64)}`,
        message: 'an attribute name must be 1 to 64 characters',
      },
      { path: 'rules.meeting.weights[2].factor', message: 'must be at most 1000 in magnitude' },
      { path: 'tiers', message: 'at most 10 tiers (found 21)' },
    ]);
  });

  it('counts weights and "in" values over all rules together', () => {
    const doc = base();
    const inList = { if: { product: { in: Array.from({ length: 100 }, (_, i) => i) } }, factor: 1 };
    for (const type of ['call', 'email', 'meeting', 'demo_booked', 'demo_held'])
      doc.rules[type] = {
        points: 1,
        weights: Array.from({ length: 20 }, (_, i) => (i < 3 ? inList : weight(i))),
      };
    expect(problemsOf(doc)).toEqual([
      { path: 'rules', message: 'at most 80 weights in all rules together (found 103)' },
      { path: 'rules', message: 'at most 500 values in all "in" lists together (found 1500)' },
    ]);
  });

  it('lists at most 100 problems and counts the rest', () => {
    const doc = base();
    doc.dailyCaps = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`c${i}`, -1]));
    doc.rules['call'] = { points: 1, weights: Array.from({ length: 20 }, () => ({ if: {}, factor: -1 })) };
    doc.rules['email'] = { points: 1, weights: Array.from({ length: 20 }, () => ({ if: {}, factor: -1 })) };
    doc.rules['meeting'] = { points: 1, weights: Array.from({ length: 20 }, () => ({ if: {}, factor: -1 })) };
    doc.tiers = Array.from({ length: 10 }, (_, i) => ({ name: `T${i}`, minPoints: -1, payout: -1 }));
    const problems = problemsOf(doc);
    expect(problems).toHaveLength(101);
    expect(problems[100]).toEqual({ path: '', message: 'and 1 more problem(s) not listed' });
  });

  it('accepts a document at every limit', () => {
    expect(problemsOf(documentAtLimits())).toEqual([]);
  });
});
