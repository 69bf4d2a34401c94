/**
 * A condition's value as the editor shows it and back: `30` and `"30"` stay apart (a string that
 * would read back as another type is quoted), `in` takes a comma-separated list.
 */
import type { ConditionValue } from '@leaderboard/contracts';

function scalarOf(input: string): string | number | boolean | null {
  const trimmed = input.trim();
  if (trimmed === 'true') return true;
  if (trimmed === 'false') return false;
  if (trimmed === 'null') return null;
  if (/^".*"$/.test(trimmed)) return trimmed.slice(1, -1);
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return trimmed;
}

function scalarText(value: unknown): string {
  if (typeof value === 'string') {
    // A string that would read back as another type is quoted: `"30"`.
    return scalarOf(value) === value ? value : JSON.stringify(value);
  }
  return value === undefined ? '' : JSON.stringify(value);
}

/** What a condition input means: `in` takes a comma-separated list. */
export function parseConditionText(input: string, op: string): ConditionValue {
  if (op === 'in') {
    return input
      .split(',')
      .filter((item) => item.trim() !== '')
      .map((item) => scalarOf(item) ?? 'null') as Array<string | number | boolean>;
  }
  return scalarOf(input);
}

export function conditionText(value: unknown): string {
  return Array.isArray(value) ? value.map(scalarText).join(', ') : scalarText(value);
}
