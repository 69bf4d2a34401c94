/**
 * The rule set document (SPEC 4a) as the editor's form holds it, and back. Every number a manager
 * types stays text until it becomes a document, so a half-typed `1,` never loses what was there and
 * a bad value reaches the API's validator at its own path. Condition values keep their JSON type
 * (`30` vs `"30"`), so document -> form -> document gives back the same document, key order too.
 */
import { RULE_SET_KEYS, type ConditionValue } from '@leaderboard/contracts';
import { currencyDigits, majorToMinor, minorToMajor } from '../shared/money.js';
import { conditionText } from './condition-text.js';

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

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

let nextId = 0;
export function newId(): string {
  nextId += 1;
  return `f${nextId}`;
}

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
