/** Conditions of weights and tier gates: `eq ne lt lte gt gte in`. */
import {
  CONDITION_OPERATORS,
  type AttributeValue,
  type Condition,
  type ConditionOperator,
} from '@leaderboard/contracts';

type Comparable = string | number | boolean | null;

function compare(a: Comparable, b: Comparable): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

/** Does `value` satisfy every operator of `condition`? A missing value never does. */
export function conditionHolds(value: AttributeValue | undefined, condition: Condition): boolean {
  if (value === undefined) return false;
  for (const op of CONDITION_OPERATORS) {
    if (!(op in condition)) continue;
    const expected = condition[op];
    if (expected === undefined) continue;
    let ok: boolean;
    if (op === 'in') {
      ok = Array.isArray(expected) && expected.some((e) => e === value);
    } else if (Array.isArray(expected)) {
      ok = false;
    } else if (op === 'eq') {
      ok = value === expected;
    } else if (op === 'ne') {
      ok = value !== expected;
    } else {
      const c = compare(value, expected);
      if (c === null) ok = false;
      else if (op === 'lt') ok = c < 0;
      else if (op === 'lte') ok = c <= 0;
      else if (op === 'gt') ok = c > 0;
      else ok = c >= 0;
    }
    if (!ok) return false;
  }
  return true;
}

function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return String(v);
}

/** Readable text of one condition, e.g. `durationSec lt 30`. */
export function describeCondition(attribute: string, condition: Condition): string {
  return CONDITION_OPERATORS.filter((op) => op in condition)
    .map((op) => `${attribute} ${op} ${show(condition[op])}`)
    .join(' and ');
}

/** Readable text of an `if`, e.g. `outcome eq connected and scriptFollowed eq true`. */
export function describeConditions(conditions: Record<string, Condition>): string {
  const parts = Object.keys(conditions).map((k) => describeCondition(k, conditions[k] as Condition));
  return parts.length === 0 ? 'always' : parts.join(' and ');
}

/** A condition pre-split into (operator, expected) pairs, for the hot path. */
export type CompiledCondition = ReadonlyArray<readonly [ConditionOperator, Condition[ConditionOperator]]>;

export function compileCondition(condition: Condition): CompiledCondition {
  return CONDITION_OPERATORS.filter((op) => op in condition && condition[op] !== undefined).map(
    (op) => [op, condition[op]] as const,
  );
}

/** Same as conditionHolds, on a compiled condition. */
export function compiledHolds(value: AttributeValue | undefined, tests: CompiledCondition): boolean {
  if (value === undefined) return false;
  for (let i = 0; i < tests.length; i++) {
    const [op, expected] = tests[i] as readonly [ConditionOperator, Condition[ConditionOperator]];
    switch (op) {
      case 'eq':
        if (value !== expected) return false;
        break;
      case 'ne':
        if (value === expected) return false;
        break;
      case 'in':
        if (!Array.isArray(expected) || !expected.some((e) => e === value)) return false;
        break;
      default: {
        if (Array.isArray(expected) || expected === undefined) return false;
        const c = compare(value, expected);
        if (c === null) return false;
        if (op === 'lt' ? !(c < 0) : op === 'lte' ? !(c <= 0) : op === 'gt' ? !(c > 0) : !(c >= 0))
          return false;
      }
    }
  }
  return true;
}
