/** Structural validation of a rule set document (SPEC 4a): every problem, each with its JSON path. */
import {
  ACTIVITY_EVENT_TYPES,
  CONDITION_OPERATORS,
  GATE_KEYS,
  OUTCOME_EVENT_TYPES,
  RULE_SET_KEYS,
  isCurrencyCode,
  type RuleSetDocument,
  type ValidationProblem,
} from '@leaderboard/contracts';
import { hasAtMost3Decimals } from './milli.js';
import { isValidTimeZone } from './time-zone.js';

/** Event types a rule may be written for. */
export const RULE_EVENT_TYPES: readonly string[] = [...ACTIVITY_EVENT_TYPES, ...OUTCOME_EVENT_TYPES];

export type ValidationResult =
  { ok: true; document: RuleSetDocument } | { ok: false; problems: ValidationProblem[] };

/**
 * The size budget of a rule set document (issue 13): far above what a sales org writes (the SPEC
 * example has 5 weights, 3 tiers, 4 caps), far below what stalls the process (a preview at the
 * limits against the SPEC rule set: ARCHITECTURE.md, "Rule-set size budget"). Every rule set, draft or published, and every competition is held
 * to it; a document over it is refused with the limit and what was found.
 */
export const RULE_SET_LIMITS = {
  /** `name`, tier names. */
  nameLength: 120,
  /** Weights of one rule. The applied-factor mask of score.ts holds 31 bits: keep it below. */
  weightsPerRule: 20,
  /** Weights of all rules together. */
  weights: 80,
  /** Attribute conditions in one weight's `if`. */
  conditionsPerWeight: 8,
  /** Values of one `in` list. */
  inValues: 100,
  /** Values of every `in` list together. */
  inValuesTotal: 500,
  /** Characters of a string a condition compares with. */
  stringLength: 200,
  /** Characters of an attribute name in a condition (as events allow) and of a cap category. */
  keyLength: 64,
  tiers: 10,
  dailyCaps: 20,
  /** `points` of a rule and of `perAmount`, in points (either sign). */
  points: 1_000_000,
  /** A weight's factor and the working-hours factor. */
  factor: 1000,
  /** A daily cap, in points. */
  dailyCap: 1_000_000_000,
  /** A tier's `minPoints`. */
  minPoints: 1_000_000_000_000,
  /** Money in minor units: `perAmount.unit`, a tier's payout. */
  money: 10_000_000_000_000,
  /** Problems reported for one document (the rest are counted in one last problem). */
  problems: 100,
} as const;

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPrimitive = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function keyPath(base: string, key: string): string {
  const seg = IDENT.test(key) ? key : JSON.stringify(key);
  if (base === '') return IDENT.test(key) ? key : `[${seg}]`;
  return IDENT.test(key) ? `${base}.${key}` : `${base}[${seg}]`;
}

class Problems {
  readonly list: ValidationProblem[] = [];
  /** Problems found beyond RULE_SET_LIMITS.problems (not listed). */
  more = 0;
  /** Weights and `in` values seen so far, against the document's totals. */
  weights = 0;
  inValues = 0;
  add(path: string, message: string): void {
    if (this.list.length < RULE_SET_LIMITS.problems) this.list.push({ path, message });
    else this.more++;
  }
  /** Reports a list or an object over its budget; true when it is within. */
  within(count: number, max: number, path: string, what: string): boolean {
    if (count <= max) return true;
    this.add(path, `at most ${max} ${what} (found ${count})`);
    return false;
  }
  /** A string no longer than `max` characters (a problem otherwise). */
  length(v: string, max: number, path: string): boolean {
    if (v.length <= max) return true;
    this.add(path, `must be at most ${max} characters (found ${v.length})`);
    return false;
  }
  /** Reports `|v| > max` for a number already checked. */
  atMost(v: unknown, max: number, path: string): void {
    if (typeof v === 'number' && Math.abs(v) > max) this.add(path, `must be at most ${max} in magnitude`);
  }
  done(): ValidationProblem[] {
    if (this.more > 0) this.list.push({ path: '', message: `and ${this.more} more problem(s) not listed` });
    return this.list;
  }
  /** Reports keys of `obj` not in `allowed`. */
  unknownKeys(obj: Obj, allowed: readonly string[], base: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) {
        const shown = key.length > 64 ? `${key.slice(0, 64)}…` : key;
        this.add(keyPath(base, shown), `unknown key "${shown}"`);
      }
    }
  }
  /** A finite number with at most 3 decimals (optionally >= min, integer). */
  number(
    v: unknown,
    path: string,
    opts: { min?: number; integer?: boolean; positive?: boolean } = {},
  ): boolean {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.add(path, 'must be a number');
      return false;
    }
    let ok = true;
    if (opts.integer && !Number.isSafeInteger(v)) {
      this.add(path, 'must be an integer');
      ok = false;
    } else if (!opts.integer && !hasAtMost3Decimals(v)) {
      this.add(path, 'must have at most 3 decimals');
      ok = false;
    }
    if (opts.min !== undefined && v < opts.min) {
      this.add(path, `must be >= ${opts.min}`);
      ok = false;
    }
    if (opts.positive && v <= 0) {
      this.add(path, 'must be > 0');
      ok = false;
    }
    return ok;
  }
  string(v: unknown, path: string): v is string {
    if (typeof v !== 'string' || v.trim() === '') {
      this.add(path, 'must be a non-empty string');
      return false;
    }
    return true;
  }
}

function validateCondition(p: Problems, cond: unknown, path: string, numericOnly: boolean): void {
  if (!isObject(cond)) {
    p.add(path, 'must be an object of operators (eq ne lt lte gt gte in)');
    return;
  }
  const ops = Object.keys(cond);
  if (ops.length === 0) p.add(path, 'must have at least one operator');
  for (const op of ops) {
    const opPath = `${path}.${op}`;
    const v = cond[op];
    if (typeof v === 'string' && !p.length(v, RULE_SET_LIMITS.stringLength, opPath)) continue;
    if (!(CONDITION_OPERATORS as readonly string[]).includes(op)) {
      p.add(opPath, `unknown operator "${op}" (allowed: ${CONDITION_OPERATORS.join(' ')})`);
    } else if (op === 'in') {
      if (!Array.isArray(v)) p.add(opPath, '"in" takes an array');
      else if (p.within(v.length, RULE_SET_LIMITS.inValues, opPath, 'values in one "in" list')) {
        p.inValues += v.length;
        v.forEach((item, i) => {
          if (typeof item === 'string') p.length(item, RULE_SET_LIMITS.stringLength, `${opPath}[${i}]`);
          if (numericOnly ? typeof item !== 'number' || !Number.isFinite(item) : !isPrimitive(item))
            p.add(
              `${opPath}[${i}]`,
              numericOnly ? 'must be a number' : 'must be a string, number or boolean',
            );
        });
      }
    } else if (op === 'eq' || op === 'ne') {
      if (numericOnly ? typeof v !== 'number' || !Number.isFinite(v) : !(v === null || isPrimitive(v)))
        p.add(opPath, numericOnly ? 'must be a number' : 'must be a string, number, boolean or null');
    } else if (
      numericOnly
        ? typeof v !== 'number' || !Number.isFinite(v)
        : !(typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
    ) {
      p.add(opPath, numericOnly ? 'must be a number' : 'must be a number or a string');
    }
  }
}

function validateRule(p: Problems, rule: unknown, path: string, caps: Obj | null): void {
  if (!isObject(rule)) {
    p.add(path, 'must be an object');
    return;
  }
  p.unknownKeys(rule, ['points', 'cap', 'perAmount', 'weights'], path);
  if (!('points' in rule)) p.add(`${path}.points`, 'is required');
  else if (p.number(rule['points'], `${path}.points`))
    p.atMost(rule['points'], RULE_SET_LIMITS.points, `${path}.points`);
  if ('cap' in rule) {
    const cap = rule['cap'];
    if (p.string(cap, `${path}.cap`) && !(caps && Object.prototype.hasOwnProperty.call(caps, cap)))
      p.add(`${path}.cap`, `cap category "${cap}" is not declared in dailyCaps`);
  }
  if ('perAmount' in rule) {
    const pa = rule['perAmount'];
    const paPath = `${path}.perAmount`;
    if (!isObject(pa)) p.add(paPath, 'must be an object { unit, points }');
    else {
      p.unknownKeys(pa, ['unit', 'points'], paPath);
      if (p.number(pa['unit'], `${paPath}.unit`, { integer: true, positive: true }))
        p.atMost(pa['unit'], RULE_SET_LIMITS.money, `${paPath}.unit`);
      if (p.number(pa['points'], `${paPath}.points`))
        p.atMost(pa['points'], RULE_SET_LIMITS.points, `${paPath}.points`);
    }
  }
  if ('weights' in rule) {
    const ws = rule['weights'];
    if (!Array.isArray(ws)) p.add(`${path}.weights`, 'must be an array');
    else if (p.within(ws.length, RULE_SET_LIMITS.weightsPerRule, `${path}.weights`, 'weights per rule')) {
      p.weights += ws.length;
      ws.forEach((w, i) => {
        const wPath = `${path}.weights[${i}]`;
        if (!isObject(w)) {
          p.add(wPath, 'must be an object { if, factor }');
          return;
        }
        p.unknownKeys(w, ['if', 'factor'], wPath);
        const cond = w['if'];
        if (!isObject(cond)) p.add(`${wPath}.if`, 'must be an object of attribute conditions');
        else {
          const attrs = Object.keys(cond);
          if (
            p.within(
              attrs.length,
              RULE_SET_LIMITS.conditionsPerWeight,
              `${wPath}.if`,
              'conditions per weight',
            )
          )
            for (const attr of attrs) {
              const cPath = keyPath(`${wPath}.if`, attr.slice(0, RULE_SET_LIMITS.keyLength));
              if (attr.length === 0 || attr.length > RULE_SET_LIMITS.keyLength)
                p.add(cPath, `an attribute name must be 1 to ${RULE_SET_LIMITS.keyLength} characters`);
              else if (attr in Object.prototype)
                p.add(cPath, `"${attr}" is a reserved name (of every JavaScript object), not an attribute`);
              else validateCondition(p, cond[attr], cPath, false);
            }
        }
        if (!('factor' in w)) p.add(`${wPath}.factor`, 'is required');
        else if (p.number(w['factor'], `${wPath}.factor`, { min: 0 }))
          p.atMost(w['factor'], RULE_SET_LIMITS.factor, `${wPath}.factor`);
      });
    }
  }
}

function validateWorkingHours(p: Problems, wh: unknown, path: string): void {
  if (!isObject(wh)) {
    p.add(path, 'must be an object { start, end, weekdays, outsideFactor }');
    return;
  }
  p.unknownKeys(wh, ['start', 'end', 'weekdays', 'outsideFactor'], path);
  const start = wh['start'];
  const end = wh['end'];
  const startOk = typeof start === 'string' && HHMM.test(start);
  const endOk = typeof end === 'string' && (HHMM.test(end) || end === '24:00');
  if (!startOk) p.add(`${path}.start`, 'must be HH:MM (00:00-23:59)');
  if (!endOk) p.add(`${path}.end`, 'must be HH:MM (00:01-24:00)');
  if (startOk && endOk && (start as string) >= (end as string)) p.add(`${path}.end`, 'must be after start');
  const days = wh['weekdays'];
  if (!Array.isArray(days)) p.add(`${path}.weekdays`, 'must be an array of ISO weekdays 1..7');
  else if (p.within(days.length, 7, `${path}.weekdays`, 'weekdays')) {
    const seen = new Set<unknown>();
    days.forEach((d, i) => {
      if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 7)
        p.add(`${path}.weekdays[${i}]`, 'must be an integer 1..7 (1 = Monday)');
      else if (seen.has(d)) p.add(`${path}.weekdays[${i}]`, `duplicate weekday ${d}`);
      seen.add(d);
    });
  }
  if (!('outsideFactor' in wh)) p.add(`${path}.outsideFactor`, 'is required');
  else if (p.number(wh['outsideFactor'], `${path}.outsideFactor`, { min: 0 }))
    p.atMost(wh['outsideFactor'], RULE_SET_LIMITS.factor, `${path}.outsideFactor`);
}

/** Validates working hours on their own (e.g. a rep's profile); paths start at `base`. */
export function validateWorkingHoursDoc(wh: unknown, base = 'workingHours'): ValidationProblem[] {
  const p = new Problems();
  validateWorkingHours(p, wh, base);
  return p.done();
}

function validateTiers(p: Problems, tiers: unknown): void {
  if (!Array.isArray(tiers)) {
    p.add('tiers', 'must be an array');
    return;
  }
  if (!p.within(tiers.length, RULE_SET_LIMITS.tiers, 'tiers', 'tiers')) return;
  const names = new Set<string>();
  let previous: number | null = null;
  tiers.forEach((t, i) => {
    const path = `tiers[${i}]`;
    if (!isObject(t)) {
      p.add(path, 'must be an object { name, minPoints, payout, gates? }');
      return;
    }
    p.unknownKeys(t, ['name', 'minPoints', 'payout', 'gates'], path);
    const name = t['name'];
    if (p.string(name, `${path}.name`) && p.length(name, RULE_SET_LIMITS.nameLength, `${path}.name`)) {
      if (names.has(name)) p.add(`${path}.name`, `duplicate tier name "${name}"`);
      names.add(name);
    }
    const min = t['minPoints'];
    if (p.number(min, `${path}.minPoints`, { min: 0 })) {
      p.atMost(min, RULE_SET_LIMITS.minPoints, `${path}.minPoints`);
      if (previous !== null && (min as number) <= previous)
        p.add(`${path}.minPoints`, 'tiers must be in ascending minPoints order');
      previous = min as number;
    }
    if (p.number(t['payout'], `${path}.payout`, { integer: true, min: 0 }))
      p.atMost(t['payout'], RULE_SET_LIMITS.money, `${path}.payout`);
    if ('gates' in t) {
      const gates = t['gates'];
      if (!isObject(gates)) p.add(`${path}.gates`, 'must be an object of gate conditions');
      else if (p.within(Object.keys(gates).length, GATE_KEYS.length, `${path}.gates`, 'gates per tier'))
        for (const [key, c] of Object.entries(gates)) {
          const gPath = keyPath(`${path}.gates`, key);
          if (!(GATE_KEYS as readonly string[]).includes(key))
            p.add(gPath, `unknown gate "${key}" (allowed: ${GATE_KEYS.join(', ')})`);
          else validateCondition(p, c, gPath, true);
        }
    }
  });
}

/** `burnout: { capStreakDays?, afterHoursStreakDays? }`: whole days, 1..366. */
function validateBurnout(p: Problems, burnout: unknown): void {
  if (!isObject(burnout)) {
    p.add('burnout', 'must be an object { capStreakDays?, afterHoursStreakDays? }');
    return;
  }
  p.unknownKeys(burnout, ['capStreakDays', 'afterHoursStreakDays'], 'burnout');
  for (const key of ['capStreakDays', 'afterHoursStreakDays']) {
    if (!(key in burnout)) continue;
    const path = `burnout.${key}`;
    const v = burnout[key];
    if (p.number(v, path, { integer: true, min: 1 }) && (v as number) > 366) p.add(path, 'must be <= 366');
  }
}

/** Validates a rule set document, listing every problem by JSON path. */
export function validateRuleSet(doc: unknown): ValidationResult {
  const p = new Problems();
  if (!isObject(doc)) return { ok: false, problems: [{ path: '', message: 'must be a JSON object' }] };
  p.unknownKeys(doc, RULE_SET_KEYS, '');
  if (p.string(doc['name'], 'name')) p.length(doc['name'], RULE_SET_LIMITS.nameLength, 'name');
  const tz = doc['timezone'];
  if (p.string(tz, 'timezone') && !isValidTimeZone(tz)) p.add('timezone', `unknown IANA time zone "${tz}"`);
  const currency = doc['currency'];
  if (!isCurrencyCode(currency)) p.add('currency', 'must be an active ISO 4217 currency code, e.g. RUB');
  const ws = doc['weekStartsOn'];
  if (typeof ws !== 'number' || !Number.isInteger(ws) || ws < 1 || ws > 7)
    p.add('weekStartsOn', 'must be an integer 1..7 (1 = Monday)');

  let caps: Obj | null = null;
  if ('dailyCaps' in doc) {
    const dc = doc['dailyCaps'];
    if (!isObject(dc)) p.add('dailyCaps', 'must be an object of category -> points');
    else if (p.within(Object.keys(dc).length, RULE_SET_LIMITS.dailyCaps, 'dailyCaps', 'cap categories')) {
      caps = dc;
      for (const [cat, v] of Object.entries(dc)) {
        const path = keyPath('dailyCaps', cat.slice(0, RULE_SET_LIMITS.keyLength));
        if (cat.length === 0 || cat.length > RULE_SET_LIMITS.keyLength)
          p.add(path, `a cap category must be 1 to ${RULE_SET_LIMITS.keyLength} characters`);
        else if (p.number(v, path, { min: 0 })) p.atMost(v, RULE_SET_LIMITS.dailyCap, path);
      }
    }
  }
  const rules = doc['rules'];
  if (!isObject(rules)) p.add('rules', 'must be an object of event type -> rule');
  else
    for (const [type, rule] of Object.entries(rules)) {
      const path = keyPath('rules', type);
      if (!RULE_EVENT_TYPES.includes(type)) p.add(path, `unknown event type "${type}"`);
      else {
        validateRule(p, rule, path, caps);
        if (isObject(rule) && 'cap' in rule && !(ACTIVITY_EVENT_TYPES as readonly string[]).includes(type))
          p.add(`${path}.cap`, 'outcome points are never capped: only activity rules may name a cap');
      }
    }
  if ('workingHours' in doc) validateWorkingHours(p, doc['workingHours'], 'workingHours');
  if ('tierPeriod' in doc) {
    const tp = doc['tierPeriod'];
    if (tp !== 'month' && tp !== 'quarter') p.add('tierPeriod', 'must be "month" or "quarter"');
  }
  p.within(p.weights, RULE_SET_LIMITS.weights, 'rules', 'weights in all rules together');
  p.within(p.inValues, RULE_SET_LIMITS.inValuesTotal, 'rules', 'values in all "in" lists together');
  if ('tiers' in doc) validateTiers(p, doc['tiers']);
  if ('burnout' in doc) validateBurnout(p, doc['burnout']);
  if (p.list.length > 0) return { ok: false, problems: p.done() };
  return { ok: true, document: doc as unknown as RuleSetDocument };
}
