import type { RuleSetDocument } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import { ScoringEngine, replay } from './engine.js';
import type { ScoringEvent } from './engine-api.js';
import { testEvent, testOptions, testRep, testVersion } from './test-kit.js';

const MON = '2026-11-16';
const at = (hhmm: string, day = MON): number => Date.parse(`${day}T${hhmm}:00+03:00`);
const reps = [testRep('anna', 'Anna', 't1'), testRep('boris', 'Boris', 't1'), testRep('vera', 'Vera', 't2')];

function goodCall(id: string, repId: string, t: number): ScoringEvent {
  return testEvent(id, 'call', repId, t, { durationSec: 90, outcome: 'connected', scriptFollowed: true });
}

/** Deterministic shuffle (mulberry32). */
function shuffle<T>(items: T[], seed: number): T[] {
  let s = seed >>> 0;
  const rand = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('ScoringEngine: SPEC examples', () => {
  it('a call 12 s long earns 0', () => {
    const engine = new ScoringEngine(testOptions(reps));
    engine.apply(testEvent('c1', 'call', 'anna', at('10:00'), { durationSec: 12 }));
    const item = engine.breakdown('anna', 'today', at('10:00')).lineItems[0];
    expect(item?.milliPoints).toBe(0);
    expect(item?.reasons).toContain('durationSec lt 30: x0');
  });

  it('the 26th 12-point call of a day earns 0 under the 300-point cap, whatever the order', () => {
    const calls = Array.from({ length: 26 }, (_, i) =>
      goodCall(`c${String(i).padStart(2, '0')}`, 'anna', at('10:00') + i * 60_000),
    );
    for (const seed of [1, 2, 3, 4, 5, 42]) {
      const engine = new ScoringEngine(testOptions(reps));
      engine.applyMany(shuffle(calls, seed));
      expect(engine.awardedOf('crm', 'c25')).toBe(0);
      expect(engine.awardedOf('crm', 'c24')).toBe(12_000);
      expect(engine.awardedOf('crm', 'c00')).toBe(12_000);
      expect(engine.totalAt('anna', 'today', at('12:00'))).toBe(300_000);
      const b = engine.breakdown('anna', 'today', at('12:00'));
      expect(b.caps).toEqual([
        { category: 'calls', day: MON, capMilliPoints: 300_000, usedMilliPoints: 300_000, reached: true },
      ]);
      const last = b.lineItems[25];
      expect(last?.externalId).toBe('c25');
      expect(last?.capped).toBe(12_000);
      expect(last?.reasons).toContain('cap "calls" reached');
    }
  });

  it('a call at 22:00 Moscow time earns 0 while a deal_won then counts', () => {
    const engine = new ScoringEngine(testOptions(reps));
    engine.apply(testEvent('late-call', 'call', 'anna', at('22:00'), { durationSec: 300 }));
    engine.apply(
      testEvent('late-deal', 'deal_won', 'anna', at('22:05'), { amount: 100_000, margin: 50_000 }),
    );
    expect(engine.awardedOf('crm', 'late-call')).toBe(0);
    expect(engine.awardedOf('crm', 'late-deal')).toBe(210_000);
    const items = engine.breakdown('anna', 'today', at('23:00')).lineItems;
    expect(items[0]?.reasons).toEqual(['outside working hours: x0']);
    expect(items[0]?.factors).toEqual([{ rule: 'workingHours.outsideFactor', factor: 0 }]);
  });
});

describe('ScoringEngine: caps', () => {
  it('caps per local day: the next day starts fresh, and a partial award fills the cap exactly', () => {
    const engine = new ScoringEngine(testOptions(reps));
    // 29 plain calls of 10 points = 290, then a 12-point call gets 10 of its 12.
    for (let i = 0; i < 29; i++)
      engine.apply(testEvent(`p${i}`, 'call', 'anna', at('10:00') + i * 1000, { durationSec: 60 }));
    const change = engine.apply(goodCall('g', 'anna', at('11:00')));
    expect(change.events).toEqual([
      {
        eventId: 'g',
        source: 'crm',
        externalId: 'g',
        repId: 'anna',
        previousMilliPoints: 0,
        milliPoints: 10_000,
      },
    ]);
    engine.apply(goodCall('next-day', 'anna', at('10:00', '2026-11-17')));
    expect(engine.awardedOf('crm', 'next-day')).toBe(12_000);
  });

  it('a late event re-allocates from its position and reports every event whose award changed', () => {
    const engine = new ScoringEngine(testOptions(reps));
    for (let i = 1; i <= 25; i++)
      engine.apply(goodCall(`c${String(i).padStart(2, '0')}`, 'anna', at('10:00') + i * 60_000));
    const change = engine.apply(goodCall('c00', 'anna', at('10:00')));
    expect(change.events.map((e) => [e.externalId, e.previousMilliPoints, e.milliPoints])).toEqual([
      ['c00', 0, 12_000],
      ['c25', 12_000, 0],
    ]);
    expect(change.repIds).toEqual([]);
    expect(change.periods).toEqual([]);
    expect(engine.totalAt('anna', 'today', at('12:00'))).toBe(300_000);
  });

  it('reports the same reps, periods and totals without per-event tracking', () => {
    const build = (trackEvents: boolean) => {
      const engine = new ScoringEngine(testOptions(reps));
      engine.trackEvents = trackEvents;
      for (let i = 1; i <= 25; i++)
        engine.apply(goodCall(`c${String(i).padStart(2, '0')}`, 'anna', at('10:00') + i * 60_000));
      const late = engine.apply(goodCall('c00', 'anna', at('10:00')));
      const other = engine.apply(goodCall('b1', 'boris', at('10:00')));
      return { engine, late, other };
    };
    const full = build(true);
    const lean = build(false);
    expect(full.late.events).toHaveLength(2);
    expect(lean.late.events).toEqual([]);
    expect(lean.other).toEqual({ ...full.other, events: [] });
    expect(lean.engine.totalAt('anna', 'today', at('12:00'))).toBe(300_000);
  });

  it('uses DST-correct local days (Berlin, 25-hour day)', () => {
    const doc: RuleSetDocument = {
      ...DEFAULT_RULE_SET,
      timezone: 'Europe/Berlin',
      workingHours: undefined,
      dailyCaps: { ...DEFAULT_RULE_SET.dailyCaps, calls: 20 },
    };
    const engine = new ScoringEngine(testOptions(reps, doc));
    // 00:30 and 23:30 local on 2026-10-25 are 24 h + 1 h apart but the same local day.
    engine.apply(testEvent('a', 'call', 'anna', '2026-10-25T00:30:00+02:00', { durationSec: 60 }));
    engine.apply(testEvent('b', 'call', 'anna', '2026-10-25T23:30:00+01:00', { durationSec: 60 }));
    engine.apply(testEvent('c', 'call', 'anna', '2026-10-25T23:40:00+01:00', { durationSec: 60 }));
    engine.apply(testEvent('d', 'call', 'anna', '2026-10-26T00:10:00+01:00', { durationSec: 60 }));
    expect(['a', 'b', 'c', 'd'].map((id) => engine.awardedOf('crm', id))).toEqual([
      10_000, 10_000, 0, 10_000,
    ]);
  });
});

describe('ScoringEngine: voids and idempotency', () => {
  it('applying the same event twice is a no-op', () => {
    const engine = new ScoringEngine(testOptions(reps));
    const e = goodCall('c', 'anna', at('10:00'));
    expect(engine.apply(e).repIds).toEqual(['anna']);
    expect(engine.apply({ ...e }).repIds).toEqual([]);
    // Same key, other content (the API answers 409): still nothing, not even a touched total.
    expect(engine.apply({ ...e, repId: 'vera', occurredAt: at('11:00', '2026-12-01') }).events).toEqual([]);
    expect(engine.projection().filter((r) => r.repId === 'vera')).toEqual([]);
    expect(engine.totalAt('anna', 'today', at('10:00'))).toBe(12_000);
  });

  it('a void reverses exactly, caps included, and may arrive before its target', () => {
    const calls = Array.from({ length: 26 }, (_, i) =>
      goodCall(`c${String(i).padStart(2, '0')}`, 'anna', at('10:00') + i * 60_000),
    );
    const voidIt = testEvent('v', 'void', 'anna', at('18:00'), {}, { source: 'crm', externalId: 'c03' });
    for (const order of [[...calls, voidIt], [voidIt, ...calls], shuffle([...calls, voidIt], 7)]) {
      const engine = new ScoringEngine(testOptions(reps));
      engine.applyMany(order);
      expect(engine.awardedOf('crm', 'c03')).toBe(0);
      expect(engine.awardedOf('crm', 'c25')).toBe(12_000);
      expect(engine.totalAt('anna', 'today', at('10:00'))).toBe(300_000);
      const items = engine.breakdown('anna', 'today', at('10:00')).lineItems;
      expect(items.find((i) => i.externalId === 'c03')).toMatchObject({
        voided: true,
        milliPoints: 0,
        capped: 0,
      });
      expect(items.find((i) => i.externalId === 'c03')?.reasons).toContain('voided');
      expect(items.find((i) => i.externalId === 'v')).toMatchObject({
        type: 'void',
        milliPoints: 0,
        reasons: ['voids crm/c03'],
      });
    }
  });

  it('a void of a void, or of an unknown event, earns and changes nothing', () => {
    const engine = new ScoringEngine(testOptions(reps));
    engine.apply(goodCall('c', 'anna', at('10:00')));
    engine.apply(testEvent('v1', 'void', 'anna', at('11:00'), {}, { source: 'crm', externalId: 'nope' }));
    engine.apply(testEvent('v2', 'void', 'anna', at('11:00'), {}, { source: 'crm', externalId: 'v1' }));
    expect(engine.totalAt('anna', 'today', at('10:00'))).toBe(12_000);
    const reasons = engine.breakdown('anna', 'today', at('10:00')).lineItems.map((i) => i.reasons.join());
    expect(reasons).toEqual([
      'outcome eq connected and scriptFollowed eq true: x1.2',
      'voids crm/nope (not received yet)',
      'void of a void (crm/v1): no effect',
    ]);
  });

  it('a void removes the event from gate statistics', () => {
    const engine = new ScoringEngine(testOptions(reps));
    engine.apply(testEvent('d', 'deal_won', 'anna', at('10:00'), { amount: 0 }));
    expect(engine.stats('anna', 'month', at('10:00')).dealsWon).toBe(1);
    engine.apply(testEvent('v', 'void', 'anna', at('11:00'), {}, { source: 'crm', externalId: 'd' }));
    expect(engine.stats('anna', 'month', at('10:00')).dealsWon).toBe(0);
  });
});

describe('ScoringEngine: versions', () => {
  it('scores each event by the version in effect at occurredAt (earliest before all)', () => {
    const v2doc: RuleSetDocument = {
      ...DEFAULT_RULE_SET,
      rules: { ...DEFAULT_RULE_SET.rules, meeting: { points: 100 } },
    };
    const switchAt = at('12:00');
    const engine = new ScoringEngine({
      versions: [testVersion(v2doc, switchAt, 'v2'), testVersion(DEFAULT_RULE_SET, at('09:30'), 'v1')],
      reps,
    });
    engine.apply(testEvent('early', 'meeting', 'anna', at('09:00')));
    engine.apply(testEvent('before', 'meeting', 'anna', switchAt - 1));
    engine.apply(testEvent('after', 'meeting', 'anna', switchAt));
    expect(['early', 'before', 'after'].map((id) => engine.awardedOf('crm', id))).toEqual([
      30_000, 30_000, 100_000,
    ]);
  });
});

describe('ScoringEngine: boards, tiers, breakdown', () => {
  it('ranks active reps (zeros included) with shared ranks, filters a team, and reports tiers', () => {
    const engine = new ScoringEngine(testOptions([...reps, { ...testRep('gone', 'Gone'), active: false }]));
    engine.apply(testEvent('m1', 'meeting', 'anna', at('10:00')));
    engine.apply(testEvent('m2', 'meeting', 'boris', at('10:00')));
    engine.apply(testEvent('m3', 'meeting', 'gone', at('10:00')));
    const board = engine.board('week', at('12:00'));
    expect(board.map((r) => [r.repId, r.rank, r.points])).toEqual([
      ['anna', 1, 30],
      ['boris', 1, 30],
      ['vera', 3, 0],
    ]);
    expect(engine.board('week', at('12:00'), { kind: 'team', teamId: 't2' }).map((r) => r.repId)).toEqual([
      'vera',
    ]);
    expect(board[0]?.tier).toBeNull();
  });

  it('ranks reps of one tenure band, and most improved by change against their own last 3 months', () => {
    const profiles = [
      { ...testRep('anna', 'Anna', 't1'), startedOn: '2026-09-01' },
      { ...testRep('boris', 'Boris', 't1'), startedOn: '2020-01-15' },
      { ...testRep('vera', 'Vera', 't2'), startedOn: '2026-10-20' },
      testRep('gleb', 'Gleb', 't2'),
    ];
    const engine = new ScoringEngine(testOptions(profiles));
    // One meeting (30 points) at 10:00 on each of these working days.
    const meetings = (repId: string, days: string[]) => {
      for (const day of days) engine.apply(testEvent(`${repId}-${day}`, 'meeting', repId, at('10:00', day)));
    };
    // Anna: 2 meetings in Sep, 1 in Oct (and nothing before: she started in September), 3 now.
    meetings('anna', ['2026-09-01', '2026-09-02', '2026-10-05', '2026-11-02', '2026-11-03', '2026-11-04']);
    // Boris: 4 in each of Aug, Sep, Oct, 2 now. Gleb: only this month (no baseline). Vera: nothing.
    meetings('boris', ['2026-08-03', '2026-08-04', '2026-08-05', '2026-08-06']);
    meetings('boris', ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04']);
    meetings('boris', ['2026-10-05', '2026-10-06', '2026-10-07', '2026-10-08', '2026-11-02', '2026-11-03']);
    meetings('gleb', ['2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']);
    const now = at('12:00', '2026-11-20');

    expect(engine.board('month', now, { kind: 'tenure', band: '0-3m' }).map((r) => r.repId)).toEqual([
      'anna',
      'vera',
    ]);
    expect(engine.board('month', now, { kind: 'tenure', band: '2y-plus' }).map((r) => r.repId)).toEqual([
      'boris',
    ]);
    expect(engine.board('month', now, { kind: 'tenure', band: '1-2y' })).toEqual([]);

    // Anna's baseline: (60 + 30) / 2 = 45 points (August is before her first month), now 90: +100%.
    // Boris's: 120 points, now 60: -50%. Gleb and Vera have no baseline and are not on the board.
    const improved = engine.board('month', now, { kind: 'improved' });
    expect(improved.map((r) => [r.repId, r.rank, r.points, r.baselineMilliPoints, r.rankValue])).toEqual([
      ['anna', 1, 90, 45_000, 10_000],
      ['boris', 2, 60, 120_000, -5_000],
    ]);
    expect(engine.scopesOf('anna', now)).toEqual([
      { kind: 'all' },
      { kind: 'improved' },
      { kind: 'team', teamId: 't1' },
      { kind: 'tenure', band: '0-3m' },
    ]);
    expect(engine.scopesOf('gleb', now)).toEqual([
      { kind: 'all' },
      { kind: 'improved' },
      { kind: 'team', teamId: 't2' },
    ]);
  });

  it('reports tier changes (Bronze needs 2000 points; Silver a won deal too)', () => {
    const engine = new ScoringEngine(testOptions(reps));
    const deal = (id: string, amount: number, t: number) =>
      testEvent(id, 'deal_won', 'anna', t, { amount, margin: amount });
    // 200 + 18_000_000 x 10 / 100_000 = 2000 points: Bronze (Silver needs 5000 and a won deal).
    const c1 = engine.apply(deal('d1', 18_000_000, at('10:00')));
    expect(c1.tierChanges).toEqual([{ repId: 'anna', from: null, to: 'Bronze' }]);
    const c2 = engine.apply(deal('d2', 28_000_000, at('10:30')));
    expect(c2.tierChanges).toEqual([{ repId: 'anna', from: 'Bronze', to: 'Silver' }]);
    expect(engine.board('month', at('12:00'))[0]?.tier).toBe('Silver');
    const v = engine.apply(
      testEvent('v', 'void', 'anna', at('11:00'), {}, { source: 'crm', externalId: 'd2' }),
    );
    expect(v.tierChanges).toEqual([{ repId: 'anna', from: 'Silver', to: 'Bronze' }]);
    engine.apply(testEvent('v1', 'void', 'anna', at('11:00'), {}, { source: 'crm', externalId: 'd1' }));
    expect(engine.board('month', at('12:00'))[0]?.tier).toBeNull();
  });

  it('breakdown line items sum to the board total', () => {
    const engine = new ScoringEngine(testOptions(reps));
    engine.apply(testEvent('e1', 'email', 'anna', at('10:00'), { replied: true }));
    engine.apply(
      testEvent('l1', 'lead_responded', 'anna', at('10:10'), { leadCreatedAt: `${MON}T10:00:00+03:00` }),
    );
    engine.apply(testEvent('d1', 'deal_won', 'anna', at('10:20'), { amount: 1_000_000, margin: 10 }));
    const b = engine.breakdown('anna', 'month', at('12:00'));
    const sum = b.lineItems.reduce((s, i) => s + i.milliPoints, 0);
    expect(sum).toBe(b.milliPoints);
    expect(engine.board('month', at('12:00')).find((r) => r.repId === 'anna')?.milliPoints).toBe(sum);
    expect(b.lineItems.map((i) => i.milliPoints)).toEqual([4_000, 40_000, 150_000]);
    expect(b.from).toBe('2026-10-31T21:00:00.000Z');
    expect(b.caps.map((c) => c.category)).toEqual(['emails', 'leads']);
  });

  it('replay equals incremental application', () => {
    const events = [
      ...Array.from({ length: 30 }, (_, i) =>
        goodCall(`c${i}`, i % 2 ? 'anna' : 'boris', at('09:00') + i * 997_000),
      ),
      testEvent('v', 'void', 'anna', at('12:00'), {}, { source: 'crm', externalId: 'c3' }),
    ];
    const incremental = new ScoringEngine(testOptions(reps));
    incremental.applyMany(shuffle(events, 3));
    const full = replay(testOptions(reps), events);
    expect(incremental.projection()).toEqual(full.projection());
    expect(incremental.awards()).toEqual(full.awards());
  });

  it('applyMany reports the union of changes; projection lists touched totals, zeros included', () => {
    const engine = new ScoringEngine(testOptions(reps));
    const change = engine.applyMany([
      testEvent('m1', 'meeting', 'anna', at('10:00')),
      testEvent('short', 'call', 'boris', at('10:00'), { durationSec: 5 }),
    ]);
    expect(change.repIds).toEqual(['anna']);
    expect(change.periods.map((p) => `${p.period}:${p.periodKey}`).sort()).toEqual([
      'month:2026-11',
      'quarter:2026-Q4',
      'today:2026-11-16',
      'week:2026-11-16',
    ]);
    const rows = engine.projection();
    expect(rows.filter((r) => r.repId === 'boris').map((r) => r.milliPoints)).toEqual([0, 0, 0, 0]);
    expect(rows.filter((r) => r.repId === 'anna').map((r) => r.period)).toEqual([
      'today',
      'week',
      'month',
      'quarter',
    ]);
  });

  it("uses a rep's own working hours, set with upsertRep", () => {
    const engine = new ScoringEngine(testOptions(reps));
    engine.upsertRep({
      ...testRep('anna', 'Anna', 't1'),
      workingHours: { start: '12:00', end: '23:00', weekdays: [1, 2, 3, 4, 5], outsideFactor: 0.5 },
    });
    engine.apply(testEvent('late', 'meeting', 'anna', at('22:00')));
    engine.apply(testEvent('early', 'meeting', 'anna', at('10:00')));
    engine.apply(testEvent('boris', 'meeting', 'boris', at('22:00')));
    expect(['late', 'early', 'boris'].map((id) => engine.awardedOf('crm', id))).toEqual([30_000, 15_000, 0]);
  });

  it('looks up one rep profile: the current one, none for a rep known only from events', () => {
    const engine = new ScoringEngine(testOptions(reps));
    engine.apply(testEvent('ghost-call', 'meeting', 'ghost', at('10:00')));
    expect(engine.repProfile('ghost')).toBeUndefined();
    expect(engine.repProfile('nobody')).toBeUndefined();
    expect(engine.repProfile('anna')?.name).toBe('Anna');
    engine.upsertRep({ ...testRep('anna', 'Anna K.', 't2') });
    expect(engine.repProfile('anna')).toMatchObject({ name: 'Anna K.', teamId: 't2' });
  });

  it('tells whether an instant is working time for a rep, their own hours first', () => {
    const engine = new ScoringEngine(testOptions(reps));
    engine.upsertRep({
      ...testRep('anna', 'Anna', 't1'),
      workingHours: { start: '12:00', end: '23:00', weekdays: [1, 2, 3, 4, 5], outsideFactor: 0.5 },
    });
    const check = (repId: string, t: number): boolean => engine.isWorkingTime(repId, t);
    expect([check('anna', at('22:00')), check('anna', at('10:00'))]).toEqual([true, false]);
    expect([check('boris', at('22:00')), check('boris', at('10:00'))]).toEqual([false, true]);
    expect(check('boris', at('10:00', '2026-11-22'))).toBe(false);
  });

  it('reads working hours in local time across a DST change (Berlin)', () => {
    const doc: RuleSetDocument = { ...DEFAULT_RULE_SET, timezone: 'Europe/Berlin' };
    const engine = new ScoringEngine(testOptions(reps, doc));
    // Monday 2026-03-30 (CEST, +02:00): 08:30 local = 06:30Z is outside, 09:00 local = 07:00Z inside.
    engine.apply(testEvent('a', 'meeting', 'anna', '2026-03-30T06:30:00Z'));
    engine.apply(testEvent('b', 'meeting', 'anna', '2026-03-30T07:00:00Z'));
    // Friday 2026-03-27 (CET, +01:00): 07:30Z = 08:30 local (outside), 08:00Z = 09:00 local (inside).
    engine.apply(testEvent('c', 'meeting', 'anna', '2026-03-27T07:30:00Z'));
    engine.apply(testEvent('d', 'meeting', 'anna', '2026-03-27T08:00:00Z'));
    expect(['a', 'b', 'c', 'd'].map((id) => engine.awardedOf('crm', id))).toEqual([0, 30_000, 0, 30_000]);
  });

  it('caps a 23-hour local day as one day (Berlin spring change)', () => {
    const doc: RuleSetDocument = {
      ...DEFAULT_RULE_SET,
      timezone: 'Europe/Berlin',
      workingHours: undefined,
      dailyCaps: { ...DEFAULT_RULE_SET.dailyCaps, meetings: 60 },
    };
    const engine = new ScoringEngine(testOptions(reps, doc));
    engine.apply(testEvent('a', 'meeting', 'anna', '2026-03-29T00:10:00+01:00'));
    engine.apply(testEvent('b', 'meeting', 'anna', '2026-03-29T23:50:00+02:00'));
    engine.apply(testEvent('c', 'meeting', 'anna', '2026-03-29T12:00:00+02:00'));
    expect(['a', 'c', 'b'].map((id) => engine.awardedOf('crm', id))).toEqual([30_000, 30_000, 0]);
    expect(engine.breakdown('anna', 'today', Date.parse('2026-03-29T12:00:00+02:00')).caps).toEqual([
      {
        category: 'meetings',
        day: '2026-03-29',
        capMilliPoints: 60_000,
        usedMilliPoints: 60_000,
        reached: true,
      },
    ]);
  });

  it('reports the tier change of the rep whose event a void cancels', () => {
    const doc: RuleSetDocument = {
      ...DEFAULT_RULE_SET,
      tierPeriod: 'quarter',
      tiers: [{ name: 'One', minPoints: 1, payout: 1 }],
    };
    const engine = new ScoringEngine(testOptions(reps, doc));
    expect(engine.apply(testEvent('m', 'meeting', 'anna', at('10:00'))).tierChanges).toEqual([
      { repId: 'anna', from: null, to: 'One' },
    ]);
    // The tier period is the quarter: a board in December still shows it.
    expect(engine.board('today', Date.parse('2026-12-01T10:00:00+03:00'))[0]).toMatchObject({
      repId: 'anna',
      tier: 'One',
      points: 0,
    });
    const v = engine.apply(
      testEvent('v', 'void', 'boris', at('11:00'), {}, { source: 'crm', externalId: 'm' }),
    );
    expect(v.tierChanges).toEqual([{ repId: 'anna', from: 'One', to: null }]);
    expect(v.repIds).toEqual(['anna']);
  });
});
