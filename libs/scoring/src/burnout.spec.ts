import fc from 'fast-check';
import type { BurnoutDay, RuleSetDocument } from '@leaderboard/contracts';
import {
  BURNOUT_LOOKBACK_DAYS,
  burnoutReport,
  burnoutThresholds,
  isOverloaded,
  parseDayKey,
  repBurnout,
  type BurnoutRange,
} from './burnout.js';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import { ScoringEngine } from './engine.js';
import type { RepProfile, ScoringEvent } from './engine-api.js';
import { testEvent, testOptions, testRep } from './test-kit.js';
import { validateRuleSet } from './validate.js';

// A calls cap of 20 points: two plain 10-point calls reach it, one does not.
const DOC: RuleSetDocument = { ...DEFAULT_RULE_SET, dailyCaps: { ...DEFAULT_RULE_SET.dailyCaps, calls: 20 } };

/** `2026-11-<day>` at `hh:mm` Moscow time (UTC+3 all year). 16 November 2026 is a Monday. */
const at = (day: number, hhmm = '10:00'): number =>
  Date.parse(`2026-11-${String(day).padStart(2, '0')}T${hhmm}:00+03:00`);
const dayNo = (day: number): number => parseDayKey(`2026-11-${String(day).padStart(2, '0')}`) as number;

let seq = 0;
/** A voicemail call of 60 s: 10 points under DOC. */
function call(repId: string, t: number): ScoringEvent {
  seq++;
  return testEvent(`c${seq}`, 'call', repId, t, { durationSec: 60, outcome: 'voicemail' });
}

/** Two calls inside working hours: the calls cap reached that day. */
const capDay = (repId: string, day: number): ScoringEvent[] => [
  call(repId, at(day, '10:00')),
  call(repId, at(day, '11:00')),
];

function engineWith(events: ScoringEvent[], doc = DOC, reps: RepProfile[] = [testRep('anna', 'Anna')]) {
  const engine = new ScoringEngine(testOptions(reps, doc));
  engine.applyMany(events);
  return engine;
}

/** Local days `[from, to]` of November, today after them unless given. */
function range(from: number, to: number, today = to + 1): BurnoutRange {
  return { fromDay: dayNo(from), toDay: dayNo(to) + 1, today: dayNo(today) };
}

const thresholds = burnoutThresholds(DOC);
const row = (days: BurnoutDay[], day: number): BurnoutDay =>
  days.find((d) => d.day === `2026-11-${String(day).padStart(2, '0')}`) as BurnoutDay;

describe('burnout: days at a cap', () => {
  it('flags 5 working days in a row at the calls cap, not 4', () => {
    const five = engineWith([16, 17, 18, 19, 20].flatMap((d) => capDay('anna', d)));
    const res = repBurnout(five, 'anna', range(16, 20), thresholds);
    expect(res.days.map((d) => d.capStreak)).toEqual([1, 2, 3, 4, 5]);
    expect(res.flags).toEqual([{ kind: 'cap_streak', category: 'calls', days: 5, threshold: 5 }]);
    const day = row(res.days, 18);
    expect(day.caps).toEqual([
      {
        category: 'calls',
        capMilliPoints: 20_000,
        usedMilliPoints: 20_000,
        attemptedMilliPoints: 20_000,
        reached: true,
      },
    ]);

    const four = engineWith([17, 18, 19, 20].flatMap((d) => capDay('anna', d)));
    expect(repBurnout(four, 'anna', range(16, 20), thresholds).flags).toEqual([]);
  });

  it('counts what the activity past the cap would have earned', () => {
    const engine = engineWith([...capDay('anna', 16), call('anna', at(16, '12:00'))]);
    expect(row(repBurnout(engine, 'anna', range(16, 16), thresholds).days, 16).caps[0]).toMatchObject({
      usedMilliPoints: 20_000,
      attemptedMilliPoints: 30_000,
      reached: true,
    });
  });

  it('a working day under the cap breaks the streak', () => {
    // Mon, Tue at the cap; Wed one call; Thu, Fri, next Mon at the cap: the streak is 3, not 5.
    const events = [
      ...capDay('anna', 16),
      ...capDay('anna', 17),
      call('anna', at(18)),
      ...capDay('anna', 19),
      ...capDay('anna', 20),
      ...capDay('anna', 23),
    ];
    const res = repBurnout(engineWith(events), 'anna', range(16, 23), thresholds);
    expect(res.days.map((d) => [d.day.slice(8), d.capReached, d.capStreak])).toEqual([
      ['16', true, 1],
      ['17', true, 2],
      ['18', false, 0],
      ['19', true, 1],
      ['20', true, 2],
      ['21', false, 2],
      ['22', false, 2],
      ['23', true, 3],
    ]);
    expect(res.flags).toEqual([]);
  });

  it('a weekend inside a streak of working days neither breaks nor counts', () => {
    // Wed, Thu, Fri, (Sat, Sun off), Mon, Tue at the cap: 5 working days in a row.
    const events = [18, 19, 20, 23, 24].flatMap((d) => capDay('anna', d));
    const res = repBurnout(engineWith(events), 'anna', range(18, 24), thresholds);
    expect(row(res.days, 21)).toMatchObject({ workingDay: false, capStreak: 3 });
    expect(row(res.days, 22)).toMatchObject({ workingDay: false, capStreak: 3 });
    expect(row(res.days, 23).capStreak).toBe(4);
    expect(res.flags).toEqual([{ kind: 'cap_streak', category: 'calls', days: 5, threshold: 5 }]);
  });

  it('different caps on different days make a streak at "a cap" (category null)', () => {
    const doc: RuleSetDocument = { ...DOC, dailyCaps: { ...DOC.dailyCaps, emails: 4 } };
    const email = (day: number, hhmm: string): ScoringEvent => {
      seq++;
      return testEvent(`e${seq}`, 'email', 'anna', at(day, hhmm));
    };
    const events = [
      ...capDay('anna', 16),
      email(17, '10:00'),
      email(17, '11:00'),
      ...capDay('anna', 18),
      ...capDay('anna', 19),
      ...capDay('anna', 20),
    ];
    const res = repBurnout(engineWith(events, doc), 'anna', range(16, 20), burnoutThresholds(doc));
    expect(row(res.days, 17).caps.map((c) => [c.category, c.reached])).toEqual([['emails', true]]);
    expect(res.flags).toEqual([{ kind: 'cap_streak', category: null, days: 5, threshold: 5 }]);
  });

  it('a void that takes a day under the cap breaks the streak', () => {
    const events = [16, 17, 18, 19, 20].flatMap((d) => capDay('anna', d));
    const engine = engineWith(events);
    expect(repBurnout(engine, 'anna', range(16, 20), thresholds).flags).toHaveLength(1);
    const wednesdayCall = events[4] as ScoringEvent;
    engine.apply(
      testEvent(
        'v1',
        'void',
        'anna',
        at(18, '12:00'),
        {},
        { source: 'crm', externalId: wednesdayCall.externalId },
      ),
    );
    const res = repBurnout(engine, 'anna', range(16, 20), thresholds);
    expect(row(res.days, 18)).toMatchObject({ capReached: false, capStreak: 0 });
    expect(res.flags).toEqual([]);
  });

  it('today in progress under the cap does not clear the flag; once over, it does', () => {
    const events = [16, 17, 18, 19, 20].flatMap((d) => capDay('anna', d));
    const engine = engineWith([...events, call('anna', at(23))]);
    // Monday 23rd is today, one call so far: still flagged on the five days before.
    const live = repBurnout(engine, 'anna', range(16, 23, 23), thresholds);
    expect(row(live.days, 23).capStreak).toBe(0);
    expect(live.flags).toEqual([{ kind: 'cap_streak', category: 'calls', days: 5, threshold: 5 }]);
    // Seen from Tuesday, Monday is over under the cap: no flag.
    expect(repBurnout(engine, 'anna', range(16, 23, 24), thresholds).flags).toEqual([]);
  });

  it('a streak that began before the window keeps its length', () => {
    const events = [12, 13, 16, 17, 18].flatMap((d) => capDay('anna', d));
    const res = repBurnout(engineWith(events), 'anna', range(17, 18), thresholds);
    expect(res.days.map((d) => d.capStreak)).toEqual([4, 5]);
    expect(res.flags).toHaveLength(1);
    expect(BURNOUT_LOOKBACK_DAYS).toBeGreaterThanOrEqual(thresholds.capStreakDays * 2);
  });
});

describe('burnout: after hours', () => {
  it('flags after-hours activity 3 days in a row, not 2', () => {
    const late = (day: number) => call('anna', at(day, '21:30'));
    const three = repBurnout(engineWith([late(16), late(17), late(18)]), 'anna', range(16, 18), thresholds);
    expect(three.days.map((d) => d.afterHoursStreak)).toEqual([1, 2, 3]);
    expect(three.flags).toEqual([{ kind: 'after_hours_streak', days: 3, threshold: 3 }]);

    const two = repBurnout(
      engineWith([late(16), late(17), call('anna', at(18))]),
      'anna',
      range(16, 18),
      thresholds,
    );
    expect(two.days.map((d) => d.afterHoursStreak)).toEqual([1, 2, 0]);
    expect(two.flags).toEqual([]);
  });

  it('counts events and distinct clock hours outside working hours; a weekend day is after hours', () => {
    const events = [
      call('anna', at(16, '08:10')),
      call('anna', at(16, '08:50')),
      call('anna', at(16, '09:00')), // inside: 09:00-19:00
      call('anna', at(16, '18:59')), // inside
      call('anna', at(16, '19:00')),
      call('anna', at(16, '23:59')),
      call('anna', at(21, '11:00')), // Saturday
    ];
    const res = repBurnout(engineWith(events), 'anna', range(16, 21), thresholds);
    expect(row(res.days, 16)).toMatchObject({ afterHoursEvents: 4, afterHoursHours: 3 });
    expect(row(res.days, 21)).toMatchObject({ workingDay: false, afterHoursEvents: 1, afterHoursHours: 1 });
  });

  it('outcomes are not activity: a late deal alone is not after-hours work', () => {
    const deals = [16, 17, 18].map((d) =>
      testEvent(`d${d}`, 'deal_won', 'anna', at(d, '22:00'), { amount: 100 }),
    );
    const res = repBurnout(engineWith(deals), 'anna', range(16, 18), thresholds);
    expect(res.days.map((d) => d.afterHoursEvents)).toEqual([0, 0, 0]);
  });

  it('a void removes the activity and with it the streak', () => {
    const events = [16, 17, 18].map((d) => call('anna', at(d, '21:30')));
    const engine = engineWith(events);
    expect(isOverloaded(engine, 'anna', at(19, '10:00'))).toBe(true);
    engine.apply(
      testEvent(
        'v2',
        'void',
        'anna',
        at(19, '09:30'),
        {},
        { source: 'crm', externalId: events[1]?.externalId as string },
      ),
    );
    const res = repBurnout(engine, 'anna', range(16, 18), thresholds);
    expect(res.days.map((d) => d.afterHoursEvents)).toEqual([1, 0, 1]);
    expect(res.flags).toEqual([]);
    expect(isOverloaded(engine, 'anna', at(19, '10:00'))).toBe(false);
  });

  it("uses the rep's own working hours", () => {
    const owl: RepProfile = {
      ...testRep('owl', 'Owl'),
      workingHours: { start: '12:00', end: '23:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 },
    };
    const events = [16, 17, 18].map((d) => call('owl', at(d, '21:30')));
    const engine = engineWith(events, DOC, [owl]);
    const res = repBurnout(engine, 'owl', range(16, 22), thresholds);
    expect(res.days.every((d) => d.workingDay && d.afterHoursEvents === 0)).toBe(true);
    expect(res.flags).toEqual([]);
  });

  it('finds local days in a zone with daylight saving time', () => {
    // Berlin leaves summer time on Sunday 25 October 2026 at 03:00 (UTC+2 -> UTC+1).
    const doc: RuleSetDocument = { ...DOC, timezone: 'Europe/Berlin' };
    const events = [
      testEvent('b1', 'call', 'anna', '2026-10-24T21:30:00Z', { durationSec: 60 }), // Sat 23:30 local
      testEvent('b2', 'call', 'anna', '2026-10-25T22:30:00Z', { durationSec: 60 }), // Sun 23:30 local
      testEvent('b3', 'call', 'anna', '2026-10-26T20:30:00Z', { durationSec: 60 }), // Mon 21:30 local
    ];
    const engine = engineWith(events, doc);
    const oct = (d: number): number => parseDayKey(`2026-10-${d}`) as number;
    const res = repBurnout(engine, 'anna', { fromDay: oct(24), toDay: oct(27), today: oct(28) }, thresholds);
    expect(res.days.map((d) => [d.day, d.afterHoursEvents, d.afterHoursHours])).toEqual([
      ['2026-10-24', 1, 1],
      ['2026-10-25', 1, 1],
      ['2026-10-26', 1, 1],
    ]);
    expect(res.flags).toEqual([{ kind: 'after_hours_streak', days: 3, threshold: 3 }]);
  });
});

describe('burnout: thresholds and the report', () => {
  it('takes thresholds from the rule set document, defaults for what it leaves out', () => {
    expect(burnoutThresholds(DEFAULT_RULE_SET)).toEqual({ capStreakDays: 5, afterHoursStreakDays: 3 });
    const doc: RuleSetDocument = { ...DOC, burnout: { capStreakDays: 2 } };
    expect(validateRuleSet(doc).ok).toBe(true);
    expect(burnoutThresholds(doc)).toEqual({ capStreakDays: 2, afterHoursStreakDays: 3 });
    const engine = engineWith(
      [17, 18].flatMap((d) => capDay('anna', d)),
      doc,
    );
    expect(burnoutReport(engine, range(16, 18)).reps[0]?.flags).toEqual([
      { kind: 'cap_streak', category: 'calls', days: 2, threshold: 2 },
    ]);
  });

  it('lists flagged reps first (longest streak first), then by name; a team filter applies', () => {
    const reps = [
      testRep('a', 'Anna', 't1'),
      testRep('b', 'Boris', 't1'),
      testRep('v', 'Vera', 't2'),
      { ...testRep('x', 'Xenia', 't1'), active: false },
    ];
    const late = (repId: string, day: number) => call(repId, at(day, '22:00'));
    const events = [
      ...[14, 15, 16, 17, 18].map((d) => late('v', d)),
      ...[16, 17, 18].map((d) => late('b', d)),
      call('a', at(18)),
    ];
    const engine = engineWith(events, DOC, reps);
    const report = burnoutReport(engine, range(12, 18));
    expect(report).toMatchObject({ from: '2026-11-12', to: '2026-11-18', timezone: 'Europe/Moscow' });
    expect(report.reps.map((r) => [r.name, r.flagged])).toEqual([
      ['Vera', true],
      ['Boris', true],
      ['Anna', false],
    ]);
    expect(report.reps[0]?.days).toHaveLength(7);
    expect(burnoutReport(engine, range(12, 18), { teamId: 't1' }).reps.map((r) => r.name)).toEqual([
      'Boris',
      'Anna',
    ]);
  });

  it('parses local day keys strictly', () => {
    expect(parseDayKey('2026-11-16')).toBe(Date.UTC(2026, 10, 16) / 86_400_000);
    expect(parseDayKey('2026-02-30')).toBeNull();
    expect(parseDayKey('16.11.2026')).toBeNull();
  });
});

describe('validateRuleSet: burnout', () => {
  it('lists bad thresholds and unknown keys by path', () => {
    const r = validateRuleSet({ ...DOC, burnout: { capStreakDays: 0, afterHoursStreakDays: 2.5, days: 1 } });
    expect(r.ok ? [] : r.problems.map((p) => p.path).sort()).toEqual([
      'burnout.afterHoursStreakDays',
      'burnout.capStreakDays',
      'burnout.days',
    ]);
    const notObject = validateRuleSet({ ...DOC, burnout: 5 });
    expect(notObject.ok ? [] : notObject.problems.map((p) => p.path)).toEqual(['burnout']);
  });
});

describe('isOverloaded reads per-day facts', () => {
  it("agrees with repBurnout's flags over random months of calls at and after hours, with voids", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            day: fc.integer({ min: 1, max: 30 }),
            hour: fc.integer({ min: 0, max: 23 }),
            type: fc.constantFrom('call', 'call', 'email', 'deal_won', 'void'),
            target: fc.nat(200),
          }),
          { maxLength: 200 },
        ),
        fc.integer({ min: 10, max: 30 }),
        (specs, today) => {
          const events: ScoringEvent[] = specs.map((s, i) => {
            const t = at(s.day, `${String(s.hour).padStart(2, '0')}:17`);
            if (s.type === 'void')
              return testEvent(`p${i}`, 'void', 'anna', t, {}, { source: 'crm', externalId: `p${s.target}` });
            if (s.type === 'call')
              return testEvent(`p${i}`, 'call', 'anna', t, { durationSec: 60, outcome: 'voicemail' });
            return testEvent(`p${i}`, s.type, 'anna', t, s.type === 'deal_won' ? { amount: 100 } : {});
          });
          const engine = engineWith(events);
          const now = at(today, '12:00');
          const day = dayNo(today);
          const range = { fromDay: day, toDay: day + 1, today: day };
          const expected = repBurnout(engine, 'anna', range, burnoutThresholds(DOC)).flags.length > 0;
          expect(isOverloaded(engine, 'anna', now)).toBe(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
