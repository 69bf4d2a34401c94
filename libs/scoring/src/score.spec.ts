import type { RuleSetDocument } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from './default-rule-set.js';
import { compileRuleSet, compileWorkingHours } from './rule-set.js';
import { attributeOf, scoreEvent } from './score.js';
import { testEvent, testVersion } from './test-kit.js';

const rs = compileRuleSet(testVersion());
// Monday 2026-11-16, 10:00 Moscow: inside working hours.
const AT = '2026-11-16T10:00:00+03:00';

describe('scoreEvent', () => {
  it('gives a plain call its base points, and a short call 0', () => {
    expect(scoreEvent(rs, testEvent('a', 'call', 'r', AT, { durationSec: 60 }), null).value).toBe(10_000);
    const short = scoreEvent(rs, testEvent('b', 'call', 'r', AT, { durationSec: 12 }), null);
    expect(short.base).toBe(10_000);
    expect(short.value).toBe(0);
    expect(short.reasons).toEqual(['durationSec lt 30: x0']);
    expect(short.factors).toEqual([{ rule: 'weights[0]: durationSec lt 30', factor: 0 }]);
  });

  it('needs every key of one `if`: a connected call following the script is 12 points', () => {
    const both = scoreEvent(
      rs,
      testEvent('a', 'call', 'r', AT, { durationSec: 60, outcome: 'connected', scriptFollowed: true }),
      null,
    );
    expect(both.value).toBe(12_000);
    expect(both.factors[0]?.rule).toBe('weights[1]: outcome eq connected and scriptFollowed eq true');
    const one = scoreEvent(
      rs,
      testEvent('b', 'call', 'r', AT, { durationSec: 60, outcome: 'connected' }),
      null,
    );
    expect(one.value).toBe(10_000);
  });

  it('multiplies every matching weight in order, rounding half to even after each', () => {
    const doc: RuleSetDocument = {
      ...DEFAULT_RULE_SET,
      workingHours: undefined,
      rules: {
        email: {
          points: 0.005,
          weights: [
            { if: { replied: { eq: true } }, factor: 0.5 },
            { if: {}, factor: 3 },
          ],
        },
      },
    };
    const s = scoreEvent(
      compileRuleSet(testVersion(doc)),
      testEvent('a', 'email', 'r', AT, { replied: true }),
      null,
    );
    // 5 milli x 0.5 = 2.5 -> 2; x 3 = 6 (no single rounding at the end, which would give 8).
    expect(s.value).toBe(6);
    expect(s.factors.map((f) => f.factor)).toEqual([0.5, 3]);
  });

  it('scales deal points with amount (perAmount) and halves them under 10% margin', () => {
    const deal = testEvent('d', 'deal_won', 'r', AT, { amount: 1_234_567, margin: 200_000 });
    // 200 + 1_234_567 x 10 / 100_000 = 323.4567 points -> 323_457 milli (half-even on the milli).
    expect(scoreEvent(rs, deal, null).value).toBe(323_457);
    const thin = testEvent('t', 'deal_won', 'r', AT, { amount: 1_000_000, margin: 50_000 });
    expect(scoreEvent(rs, thin, null).value).toBe(150_000);
    const noMargin = testEvent('n', 'deal_won', 'r', AT, { amount: 1_000_000 });
    expect(scoreEvent(rs, noMargin, null).value).toBe(300_000);
  });

  it('stays exact for huge amounts (BigInt path)', () => {
    const deal = testEvent('d', 'deal_won', 'r', AT, {
      amount: 9_000_000_000_000_001,
      margin: 9_000_000_000_000_000,
    });
    // 10 points per 100_000 -> 9e15/1e4 = 900_000_000_000.0001 points ~ 900_000_000_000_000 milli + 200_000.
    expect(scoreEvent(rs, deal, null).value).toBe(900_000_000_200_000);
  });

  it('derives responseMinutes and marginPct', () => {
    const lead = testEvent('l', 'lead_responded', 'r', AT, { leadCreatedAt: '2026-11-16T09:50:00+03:00' });
    expect(attributeOf(lead, 'responseMinutes')).toBe(10);
    expect(scoreEvent(rs, lead, null).value).toBe(40_000);
    const slow = testEvent('s', 'lead_responded', 'r', AT, { leadCreatedAt: '2026-11-14T09:00:00+03:00' });
    expect(scoreEvent(rs, slow, null).value).toBe(10_000);
    const unknown = testEvent('u', 'lead_responded', 'r', AT, {});
    expect(attributeOf(unknown, 'responseMinutes')).toBeUndefined();
    expect(scoreEvent(rs, unknown, null).value).toBe(20_000);
    expect(
      attributeOf(testEvent('m', 'deal_won', 'r', AT, { amount: 0, margin: 1 }), 'marginPct'),
    ).toBeUndefined();
    expect(attributeOf(testEvent('m', 'deal_won', 'r', AT, { amount: 200, margin: 50 }), 'marginPct')).toBe(
      25,
    );
  });

  it('a condition on a missing attribute does not hold (ne included)', () => {
    const doc: RuleSetDocument = {
      ...DEFAULT_RULE_SET,
      rules: { meeting: { points: 1, weights: [{ if: { room: { ne: 'x' } }, factor: 0 }] } },
    };
    expect(
      scoreEvent(compileRuleSet(testVersion(doc)), testEvent('m', 'meeting', 'r', AT, {}), null).value,
    ).toBe(1000);
  });

  it('reads own attributes only: conditions on Object.prototype names see an absent attribute', () => {
    const names = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'];
    for (const name of names) {
      const doc: RuleSetDocument = {
        ...DEFAULT_RULE_SET,
        rules: { meeting: { points: 1, weights: [{ if: { [name]: { ne: 'x' } }, factor: 0 }] } },
      };
      const absent = testEvent('m', 'meeting', 'r', AT, {});
      expect(attributeOf(absent, name)).toBeUndefined();
      expect(scoreEvent(compileRuleSet(testVersion(doc)), absent, null).value).toBe(1000);
    }
    // Sent as a plain attribute (JSON.parse makes it an own property), it is read like any other.
    const sent = testEvent('m', 'meeting', 'r', AT, JSON.parse('{"__proto__":"y","constructor":"z"}'));
    expect(attributeOf(sent, '__proto__')).toBe('y');
    expect(attributeOf(sent, 'constructor')).toBe('z');
  });

  it('always derives responseMinutes and marginPct: an event cannot send its own', () => {
    const lead = testEvent('l', 'lead_responded', 'r', AT, {
      leadCreatedAt: '2026-11-14T09:00:00+03:00',
      responseMinutes: 1,
    });
    expect(scoreEvent(rs, lead, null).value).toBe(10_000);
    expect(
      attributeOf(testEvent('n', 'lead_responded', 'r', AT, { responseMinutes: 1 }), 'responseMinutes'),
    ).toBe(undefined);
    const deal = testEvent('d', 'deal_won', 'r', AT, { amount: 200, margin: 10, marginPct: 90 });
    expect(attributeOf(deal, 'marginPct')).toBe(5);
  });

  it('a non-number duration never counts as a short call or a long one', () => {
    for (const durationSec of ['12', true, null, 'abc'] as const) {
      const s = scoreEvent(rs, testEvent('c', 'call', 'r', AT, { durationSec }), null);
      expect(s.factors).toEqual([]);
    }
  });

  it('weights activity outside working hours, never outcomes', () => {
    const late = '2026-11-16T22:00:00+03:00';
    const call = scoreEvent(rs, testEvent('c', 'call', 'r', late, { durationSec: 60 }), null);
    expect(call.value).toBe(0);
    expect(call.factors).toEqual([{ rule: 'workingHours.outsideFactor', factor: 0 }]);
    expect(call.reasons).toEqual(['outside working hours: x0']);
    expect(scoreEvent(rs, testEvent('d', 'deal_won', 'r', late, { amount: 0 }), null).value).toBe(200_000);
    // Saturday 10:00 is outside (weekday not listed); 19:00 sharp is outside; 09:00 sharp is inside.
    expect(
      scoreEvent(rs, testEvent('s', 'call', 'r', '2026-11-21T10:00:00+03:00', { durationSec: 60 }), null)
        .value,
    ).toBe(0);
    expect(
      scoreEvent(rs, testEvent('e', 'call', 'r', '2026-11-16T19:00:00+03:00', { durationSec: 60 }), null)
        .value,
    ).toBe(0);
    expect(
      scoreEvent(rs, testEvent('m', 'call', 'r', '2026-11-16T09:00:00+03:00', { durationSec: 60 }), null)
        .value,
    ).toBe(10_000);
  });

  it("lets a rep's own working hours override the rule set's", () => {
    const night = compileWorkingHours({
      start: '20:00',
      end: '23:59',
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      outsideFactor: 0.5,
    });
    const late = testEvent('c', 'call', 'r', '2026-11-16T22:00:00+03:00', { durationSec: 60 });
    expect(scoreEvent(rs, late, night).value).toBe(10_000);
    expect(scoreEvent(rs, testEvent('d', 'call', 'r', AT, { durationSec: 60 }), night).value).toBe(5_000);
  });

  it('scores a type without a rule as 0 and tells why', () => {
    const s = scoreEvent(rs, testEvent('x', 'deal_lost', 'r', AT, {}), null);
    expect(s.value).toBe(0);
    expect(s.reasons).toEqual(['no rule for deal_lost']);
  });
});
