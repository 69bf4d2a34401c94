/**
 * The sentences of /me, built from the API's structured fields (never from English strings shown
 * as they are): what a rep still lacks for the next tier, a daily cap meter, and why a line item
 * earned what it did. Pure: a locale in, a string out.
 */
import type { CapUsage, Condition, ConditionValue, LineItem, TierShortfall } from '@leaderboard/contracts';
import { translate, type Locale } from '../i18n/i18n.js';
import { formatMoney, formatPoints } from '../i18n/format.js';
import { en } from '../i18n/catalogs/me.js';
import { formatPercent } from './format.js';

/** Is a derived key (`me.type.<type>`, `me.cap.<category>`) one the messages have? */
function has(key: string): key is keyof typeof en {
  return Object.hasOwn(en, key);
}

/** `1,240 points` / `1 240 очков`: points in the plural form of their number. */
export function pointsText(locale: Locale, points: number): string {
  return translate(locale, 'me.points', { count: points, points: formatPoints(locale, points) });
}

/** The bound a gate asks for: `{ gte: 15 }` -> 15. */
function thresholdOf(condition: Condition): ConditionValue | undefined {
  return condition.gte ?? condition.gt ?? condition.eq ?? condition.lte ?? condition.lt ?? condition.in;
}

function showValue(locale: Locale, value: ConditionValue | undefined): string {
  if (typeof value === 'number') return formatPoints(locale, value);
  if (Array.isArray(value)) return value.join(', ');
  return String(value ?? '');
}

/** One thing still missing for the next tier, e.g. `1 more won deal`, `lead conversion 10% of 15%`. */
export function shortfallText(locale: Locale, shortfall: TierShortfall): string {
  const { what, have, need, more } = shortfall;
  if (what === 'points') {
    // Milli-points; a fraction of a point still missing is one more point to earn.
    const points = Math.ceil((more ?? Math.max(0, Number(need.gte ?? 0) - (have ?? 0))) / 1000);
    return translate(locale, 'me.missing.points', { count: points, points: formatPoints(locale, points) });
  }
  if (what === 'leadConversionPct') {
    if (have === null) return translate(locale, 'me.missing.noLeads');
    const bound = thresholdOf(need);
    return translate(locale, 'me.missing.leadConversionPct', {
      have: formatPercent(locale, have),
      need: typeof bound === 'number' ? formatPercent(locale, bound) : showValue(locale, bound),
    });
  }
  const counted = `me.missing.${what}`;
  if (more !== null && more > 0 && has(counted)) return translate(locale, counted, { count: more });
  const gate = `me.gate.${what}`;
  return translate(locale, 'me.missing.other', {
    what: has(gate) ? translate(locale, gate) : what,
    have: have === null ? '—' : formatPoints(locale, have),
    need: showValue(locale, thresholdOf(need)),
  });
}

/** The name of a cap category (`calls` -> `calls` / `звонки`); an unknown one as it is. */
export function capCategoryText(locale: Locale, category: string): string {
  const key = `me.cap.${category}`;
  return has(key) ? translate(locale, key) : category;
}

/** `calls: 120 of 300 points`, or `calls: cap reached, quality counts now`. */
export function capMeterText(locale: Locale, cap: CapUsage): string {
  const category = capCategoryText(locale, cap.category);
  if (cap.reached) return translate(locale, 'me.caps.reached', { category });
  const capPoints = Math.round(cap.capMilliPoints / 1000);
  return translate(locale, 'me.caps.used', {
    category,
    count: capPoints,
    used: formatPoints(locale, Math.floor(cap.usedMilliPoints / 1000)),
    cap: formatPoints(locale, capPoints),
  });
}

/** `Call`, `Deal won`; an event type without a translation as it is. */
export function eventTypeText(locale: Locale, type: string): string {
  const key = `me.type.${type}`;
  return has(key) ? translate(locale, key) : type;
}

const OPERATOR_SIGNS: Record<string, string> = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  in: '∈',
};

/** `90` minutes -> `90 min`, `1440` -> `24 h`. */
function minutesText(locale: Locale, minutes: number): string {
  return minutes >= 60 && minutes % 60 === 0
    ? translate(locale, 'me.hours', { count: formatPoints(locale, minutes / 60) })
    : translate(locale, 'me.minutes', { count: formatPoints(locale, minutes) });
}

/**
 * One condition of a weight, as scoring labels it (`durationSec lt 30`, `outcome eq connected`),
 * in words: `under 30 s`, `connected`. Unknown attributes read as `attribute < value`.
 */
export function conditionText(locale: Locale, attribute: string, operator: string, raw: string): string {
  const number = Number(raw);
  const numeric = raw.trim() !== '' && Number.isFinite(number);
  const below = operator === 'lt' || operator === 'lte';
  const above = operator === 'gt' || operator === 'gte';
  if (attribute === 'durationSec' && numeric && (below || above)) {
    return translate(locale, `me.cond.durationSec.${operator as 'lt' | 'lte' | 'gt' | 'gte'}`, {
      value: formatPoints(locale, number),
    });
  }
  if (attribute === 'responseMinutes' && numeric && (below || above)) {
    return translate(locale, below ? 'me.cond.responseWithin' : 'me.cond.responseAfter', {
      value: minutesText(locale, number),
    });
  }
  if (attribute === 'marginPct' && numeric && (below || above)) {
    return translate(locale, below ? 'me.cond.marginBelow' : 'me.cond.marginAbove', {
      value: formatPercent(locale, number),
    });
  }
  if (operator === 'eq' || operator === 'ne') {
    const key = `me.cond.${attribute}.${raw}`;
    if (has(key)) {
      const text = translate(locale, key);
      return operator === 'eq' ? text : translate(locale, 'me.cond.not', { text });
    }
  }
  return `${attribute} ${OPERATOR_SIGNS[operator] ?? operator} ${raw}`;
}

/** A factor's label from scoring: `weights[0]: durationSec lt 30 and ...` or `workingHours.outsideFactor`. */
function factorText(locale: Locale, rule: string, factor: number): string {
  let text: string;
  if (rule === 'workingHours.outsideFactor') text = translate(locale, 'me.item.outsideHours');
  else {
    const conditions = rule.replace(/^weights\[\d+\]:\s*/, '');
    text = conditions
      .split(' and ')
      .map((part) => {
        const match = /^(\S+) (eq|ne|lt|lte|gt|gte|in) (.*)$/.exec(part.trim());
        return match ? conditionText(locale, match[1], match[2], match[3]) : part;
      })
      .join(', ');
  }
  // A factor of 0 shows in the points; one that scales them is worth saying.
  if (factor === 0 || factor === 1) return text;
  const times = new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(factor);
  return `${text} ×${times}`;
}

/**
 * Why a line item earned what it did: `Call: under 30 s, 0 points`, `Call: cap reached, 0 points`,
 * `Deal won: voided, 0 points`. Built from the type, the factors and the capped/voided fields.
 */
export function lineItemText(locale: Locale, item: LineItem): string {
  const parts: string[] = [];
  if (item.type === 'void') parts.push(translate(locale, 'me.item.void'));
  else if (item.reasons.some((reason) => reason.startsWith('no rule for')))
    parts.push(translate(locale, 'me.item.noRule'));
  for (const { rule, factor } of item.factors) parts.push(factorText(locale, rule, factor));
  if (item.voided) parts.push(translate(locale, 'me.item.voided'));
  else if (item.capped > 0) parts.push(translate(locale, 'me.item.capReached'));
  parts.push(pointsText(locale, item.points));
  const detail = itemDetail(locale, item);
  return `${eventTypeText(locale, item.type)}${detail ? ` ${detail}` : ''}: ${parts.join(', ')}`;
}

/** What the event was, in a few characters: a call's length, a deal's amount. */
export function itemDetail(locale: Locale, item: LineItem): string {
  const { durationSec, amount, currency } = item.attributes ?? {};
  if (item.type === 'call' && typeof durationSec === 'number') {
    return translate(locale, 'me.item.seconds', { seconds: formatPoints(locale, durationSec) });
  }
  if (typeof amount === 'number' && typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)) {
    return formatMoney(locale, amount, currency);
  }
  return '';
}
