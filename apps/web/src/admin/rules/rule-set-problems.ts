/**
 * Where the editor shows a problem: document paths as libs/scoring's validate.ts writes them, the
 * problems the form finds before the API is asked, and each problem placed at the field that shows
 * it (the most specific path the form has), or above the form when no field does.
 */
import type { ValidationProblem } from '@leaderboard/contracts';
import type { MessageKey } from '../../i18n/messages.js';
import { currencyDigits, majorToMinor } from '../shared/money.js';
import type { ClauseForm, RuleForm, RuleSetForm } from './rule-set-form.js';

/** A problem found before the API is asked (an amount that is not one); `key` is its message. */
export interface LocalProblem {
  path: string;
  key: MessageKey;
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function keyPath(base: string, key: string): string {
  const segment = IDENT.test(key) ? key : JSON.stringify(key);
  if (base === '') return IDENT.test(key) ? key : `[${segment}]`;
  return IDENT.test(key) ? `${base}.${key}` : `${base}[${segment}]`;
}

export const rulePath = (rule: RuleForm): string => keyPath('rules', rule.type);
export const weightPath = (rule: RuleForm, index: number): string => `${rulePath(rule)}.weights[${index}]`;
export const clausePath = (base: string, clause: ClauseForm): string =>
  `${keyPath(base, clause.attr)}.${clause.op}`;

/** Problems the form sees before the API: amounts that are not amounts, conditions on nothing. */
export function localProblems(form: RuleSetForm): LocalProblem[] {
  const digits = currencyDigits(form.currency);
  const problems: LocalProblem[] = [];
  const checkClauses = (base: string, clauses: readonly ClauseForm[]) => {
    for (const item of clauses) {
      if (item.attr.trim() === '')
        problems.push({ path: clausePath(base, item), key: 'admin.rules.attrRequired' });
    }
  };
  for (const rule of form.rules) {
    if (rule.perAmount && majorToMinor(rule.perAmount.unit, digits) === null) {
      problems.push({ path: `${rulePath(rule)}.perAmount.unit`, key: 'admin.rules.badAmount' });
    }
    rule.weights.forEach((weight, index) => checkClauses(`${weightPath(rule, index)}.if`, weight.clauses));
  }
  form.tiers.forEach((tier, index) => {
    if (majorToMinor(tier.payout, digits) === null) {
      problems.push({ path: `tiers[${index}].payout`, key: 'admin.rules.badAmount' });
    }
    checkClauses(`tiers[${index}].gates`, tier.gates);
  });
  return problems;
}

// ---- problem path -> field --------------------------------------------------------------------

/** Every path the form has a place for, most specific last. */
export function fieldPaths(form: RuleSetForm): string[] {
  const paths = ['name', 'timezone', 'currency', 'weekStartsOn', 'rules', 'dailyCaps', 'tierPeriod', 'tiers'];
  for (const rule of form.rules) {
    const base = rulePath(rule);
    paths.push(base, `${base}.points`, `${base}.cap`, `${base}.weights`);
    if (rule.perAmount) paths.push(`${base}.perAmount`, `${base}.perAmount.unit`, `${base}.perAmount.points`);
    rule.weights.forEach((weight, index) => {
      const wBase = weightPath(rule, index);
      paths.push(wBase, `${wBase}.if`, `${wBase}.factor`);
      for (const item of weight.clauses) {
        paths.push(keyPath(`${wBase}.if`, item.attr), clausePath(`${wBase}.if`, item));
      }
    });
  }
  for (const cap of form.dailyCaps) paths.push(keyPath('dailyCaps', cap.category));
  if (form.workingHours) {
    paths.push(
      'workingHours',
      'workingHours.start',
      'workingHours.end',
      'workingHours.weekdays',
      'workingHours.outsideFactor',
    );
  }
  form.tiers.forEach((tier, index) => {
    const base = `tiers[${index}]`;
    paths.push(base, `${base}.name`, `${base}.minPoints`, `${base}.payout`, `${base}.gates`);
    for (const item of tier.gates) {
      paths.push(keyPath(`${base}.gates`, item.attr), clausePath(`${base}.gates`, item));
    }
  });
  return paths;
}

/** The field a problem at `path` belongs to: the longest field path that is `path` or contains it. */
export function fieldForPath(path: string, fields: readonly string[]): string | null {
  let best: string | null = null;
  for (const field of fields) {
    const inside = path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`);
    if (inside && (best === null || field.length > best.length)) best = field;
  }
  return best;
}

export interface PlacedProblems {
  /** Field path -> the messages to show next to it. */
  byField: Map<string, Array<ValidationProblem | LocalProblem>>;
  /** Problems no field of the form shows: listed above the form. */
  unplaced: Array<ValidationProblem | LocalProblem>;
}

export function placeProblems(
  problems: ReadonlyArray<ValidationProblem | LocalProblem>,
  fields: readonly string[],
): PlacedProblems {
  const byField = new Map<string, Array<ValidationProblem | LocalProblem>>();
  const unplaced: Array<ValidationProblem | LocalProblem> = [];
  for (const problem of problems) {
    const field = fieldForPath(problem.path, fields);
    if (field === null) unplaced.push(problem);
    else byField.set(field, [...(byField.get(field) ?? []), problem]);
  }
  return { byField, unplaced };
}
