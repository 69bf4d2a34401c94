/**
 * The rule set document (SPEC 4a) as the editor's form holds it, and back. Every number a manager
 * types stays text until it becomes a document, so a half-typed `1,` never loses what was there and
 * a bad value reaches the API's validator at its own path. Condition values keep their JSON type
 * (`30` vs `"30"`), so document -> form -> document gives back the same document, key order too.
 */
import { RULE_SET_KEYS, type ConditionValue, type ValidationProblem } from '@leaderboard/contracts';
import type { MessageKey } from '../../i18n/messages.js';
import { currencyDigits, majorToMinor, minorToMajor } from '../shared/money.js';

export interface ClauseForm {
  id: string;
  attr: string;
  op: string;
  /** What the input shows. */
  text: string;
  /** The typed value `text` stands for. */
  value: ConditionValue;
}

export interface WeightForm {
  id: string;
  clauses: ClauseForm[];
  factor: string;
}

export interface RuleForm {
  id: string;
  type: string;
  points: string;
  /** '' = not capped. */
  cap: string;
  /** Amounts in major units of the currency. */
  perAmount: { unit: string; points: string } | null;
  /** The document had `weights` (possibly empty). */
  hasWeights: boolean;
  weights: WeightForm[];
}

export interface CapForm {
  id: string;
  category: string;
  limit: string;
}

export interface WorkingHoursForm {
  start: string;
  end: string;
  weekdays: number[];
  outsideFactor: string;
}

export interface TierForm {
  id: string;
  name: string;
  minPoints: string;
  /** Major units of the currency, e.g. `5000`. */
  payout: string;
  hasGates: boolean;
  gates: ClauseForm[];
}

export interface BurnoutForm {
  capStreakDays: string;
  afterHoursStreakDays: string;
}

export interface RuleSetForm {
  name: string;
  timezone: string;
  currency: string;
  weekStartsOn: string;
  rules: RuleForm[];
  hasDailyCaps: boolean;
  dailyCaps: CapForm[];
  workingHours: WorkingHoursForm | null;
  /** '' = absent. */
  tierPeriod: string;
  hasTiers: boolean;
  tiers: TierForm[];
  /** Overload thresholds (SPEC 6); null = no `burnout` key, '' = that threshold left to its default. */
  burnout: BurnoutForm | null;
  /** Top-level keys the form does not know: kept as they are (the validator names them). */
  extras: Record<string, unknown>;
}

/** A problem found before the API is asked (an amount that is not one); `key` is its message. */
export interface LocalProblem {
  path: string;
  key: MessageKey;
}

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

let nextId = 0;
export function newId(): string {
  nextId += 1;
  return `f${nextId}`;
}

// ---- paths, as libs/scoring validate.ts writes them -------------------------------------------

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

// ---- values -----------------------------------------------------------------------------------

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `12`, `1,2` -> a number; anything else stays text for the validator to name. */
function numberOrText(input: string): number | string {
  const trimmed = input.trim().replace(',', '.');
  if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return input;
}

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

export function clause(attr: string, op: string, value: ConditionValue): ClauseForm {
  return { id: newId(), attr, op, text: conditionText(value), value };
}

function clausesOf(conditions: unknown): ClauseForm[] {
  if (!isObject(conditions)) return [];
  return Object.entries(conditions).flatMap(([attr, condition]) =>
    isObject(condition)
      ? Object.entries(condition).map(([op, value]) => clause(attr, op, value as ConditionValue))
      : [],
  );
}

function conditionsOf(clauses: readonly ClauseForm[]): Record<string, Obj> {
  const out: Record<string, Obj> = {};
  for (const item of clauses) {
    out[item.attr] ??= {};
    out[item.attr][item.op] = item.value;
  }
  return out;
}

function amountText(value: unknown, digits: number): string {
  return typeof value === 'number' ? minorToMajor(value, digits) : text(value);
}

function amountValue(input: string, digits: number): number | string {
  return majorToMinor(input, digits) ?? input;
}

// ---- document -> form -------------------------------------------------------------------------

export function toForm(input: unknown): RuleSetForm {
  const doc = isObject(input) ? input : {};
  const currency = typeof doc.currency === 'string' ? doc.currency : '';
  const digits = currencyDigits(currency);
  const rules = isObject(doc.rules) ? doc.rules : {};
  const wh = doc.workingHours;
  return {
    name: text(doc.name),
    timezone: text(doc.timezone),
    currency,
    weekStartsOn: text(doc.weekStartsOn),
    rules: Object.entries(rules).map(([type, raw]): RuleForm => {
      const rule = isObject(raw) ? raw : {};
      const perAmount = isObject(rule.perAmount) ? rule.perAmount : null;
      return {
        id: newId(),
        type,
        points: text(rule.points),
        cap: text(rule.cap),
        perAmount: perAmount && {
          unit: amountText(perAmount.unit, digits),
          points: text(perAmount.points),
        },
        hasWeights: 'weights' in rule,
        weights: (Array.isArray(rule.weights) ? rule.weights : []).map((weight: unknown) => ({
          id: newId(),
          clauses: clausesOf(isObject(weight) ? weight.if : undefined),
          factor: text(isObject(weight) ? weight.factor : undefined),
        })),
      };
    }),
    hasDailyCaps: 'dailyCaps' in doc,
    dailyCaps: Object.entries(isObject(doc.dailyCaps) ? doc.dailyCaps : {}).map(([category, limit]) => ({
      id: newId(),
      category,
      limit: text(limit),
    })),
    workingHours: isObject(wh)
      ? {
          start: text(wh.start),
          end: text(wh.end),
          weekdays: Array.isArray(wh.weekdays)
            ? wh.weekdays.filter((day): day is number => typeof day === 'number')
            : [],
          outsideFactor: text(wh.outsideFactor),
        }
      : null,
    tierPeriod: text(doc.tierPeriod),
    hasTiers: 'tiers' in doc,
    tiers: (Array.isArray(doc.tiers) ? doc.tiers : []).map((raw: unknown): TierForm => {
      const tier = isObject(raw) ? raw : {};
      return {
        id: newId(),
        name: text(tier.name),
        minPoints: text(tier.minPoints),
        payout: amountText(tier.payout, digits),
        hasGates: 'gates' in tier,
        gates: clausesOf(tier.gates),
      };
    }),
    burnout: isObject(doc.burnout)
      ? {
          capStreakDays: text(doc.burnout.capStreakDays),
          afterHoursStreakDays: text(doc.burnout.afterHoursStreakDays),
        }
      : null,
    // A `burnout` that is not an object stays as it is (the validator names it).
    extras: Object.fromEntries(
      Object.entries(doc).filter(
        ([key]) => !RULE_SET_KEYS.includes(key) || (key === 'burnout' && !isObject(doc.burnout)),
      ),
    ),
  };
}

// ---- form -> document -------------------------------------------------------------------------

export function toDocument(form: RuleSetForm): Obj {
  const digits = currencyDigits(form.currency);
  const doc: Obj = {
    name: form.name,
    timezone: form.timezone,
    currency: form.currency,
    weekStartsOn: numberOrText(form.weekStartsOn),
    rules: Object.fromEntries(
      form.rules.map((rule) => {
        const out: Obj = { points: numberOrText(rule.points) };
        if (rule.cap !== '') out.cap = rule.cap;
        if (rule.perAmount) {
          out.perAmount = {
            unit: amountValue(rule.perAmount.unit, digits),
            points: numberOrText(rule.perAmount.points),
          };
        }
        if (rule.hasWeights || rule.weights.length > 0) {
          out.weights = rule.weights.map((weight) => ({
            if: conditionsOf(weight.clauses),
            factor: numberOrText(weight.factor),
          }));
        }
        return [rule.type, out];
      }),
    ),
  };
  if (form.hasDailyCaps || form.dailyCaps.length > 0) {
    doc.dailyCaps = Object.fromEntries(form.dailyCaps.map((cap) => [cap.category, numberOrText(cap.limit)]));
  }
  if (form.workingHours) {
    doc.workingHours = {
      start: form.workingHours.start,
      end: form.workingHours.end,
      weekdays: form.workingHours.weekdays,
      outsideFactor: numberOrText(form.workingHours.outsideFactor),
    };
  }
  if (form.tierPeriod !== '') doc.tierPeriod = form.tierPeriod;
  if (form.hasTiers || form.tiers.length > 0) {
    doc.tiers = form.tiers.map((tier) => {
      const out: Obj = {
        name: tier.name,
        minPoints: numberOrText(tier.minPoints),
        payout: amountValue(tier.payout, digits),
      };
      if (tier.hasGates || tier.gates.length > 0) out.gates = conditionsOf(tier.gates);
      return out;
    });
  }
  if (form.burnout) {
    const burnout: Obj = {};
    if (form.burnout.capStreakDays !== '') burnout.capStreakDays = numberOrText(form.burnout.capStreakDays);
    if (form.burnout.afterHoursStreakDays !== '')
      burnout.afterHoursStreakDays = numberOrText(form.burnout.afterHoursStreakDays);
    doc.burnout = burnout;
  }
  return { ...doc, ...form.extras };
}

/** True when the form shows all of `doc`: editing in the form then loses nothing. */
export function formShowsAll(doc: unknown): boolean {
  return JSON.stringify(toDocument(toForm(doc))) === JSON.stringify(doc);
}

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
