import type { AttributeValue, Condition } from '@leaderboard/contracts';
import { compileCondition, compiledHolds, conditionHolds } from './conditions.js';

/** Both forms of a condition (plain and compiled) must agree. */
function holds(value: AttributeValue | undefined, condition: Condition): boolean {
  const plain = conditionHolds(value, condition);
  expect(compiledHolds(value, compileCondition(condition))).toBe(plain);
  return plain;
}

describe('conditions compare numbers only with numbers (defence in depth, issue 13)', () => {
  it.each<[string, Condition]>([
    ['lt', { lt: 30 }],
    ['lte', { lte: 30 }],
    ['gt', { gt: 0 }],
    ['gte', { gte: 0 }],
    ['range', { gte: 0, lt: 30 }],
  ])('a non-number never matches the numeric %s comparison', (_, condition) => {
    expect(holds(12, condition)).toBe(true);
    for (const value of ['12', '', 'abc', true, false, null] as AttributeValue[])
      expect(holds(value, condition)).toBe(false);
  });

  it('eq and in match by type too: "12" is not 12, true is not 1', () => {
    expect(holds('12', { eq: 12 })).toBe(false);
    expect(holds(true, { eq: 1 })).toBe(false);
    expect(holds('12', { in: [12, 13] })).toBe(false);
    expect(holds(12, { in: [12, 13] })).toBe(true);
    expect(holds(0, { eq: false })).toBe(false);
  });

  it('an absent attribute satisfies no condition, ne included', () => {
    expect(holds(undefined, { ne: 'x' })).toBe(false);
    expect(holds(undefined, { lt: 30 })).toBe(false);
  });
});
