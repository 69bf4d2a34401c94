import { hash } from 'node:crypto';
import {
  CALL_OUTCOMES,
  DEAL_KINDS,
  EVENT_TYPES,
  LEAD_QUALIFIED_FROM,
  LEAD_QUALIFIED_TO,
  MAX_EVENTS_PER_BATCH,
  isCurrencyCode,
  type AttributeValue,
  type ErrorDetail,
  type EventAttributes,
  type EventType,
} from '@leaderboard/contracts';
import { DERIVED_ATTRIBUTES } from '@leaderboard/scoring';
import { jsonOf } from './json-text.js';

/** An event that passed validation, with its instant parsed and its content hash computed. */
export interface ValidEvent {
  source: string;
  externalId: string;
  type: EventType;
  rep: string;
  /** As sent (ISO-8601 with an offset, checked); stored as the same instant. */
  occurredAt: string;
  occurredAtMs: number;
  attributes: EventAttributes;
  voidsSource: string | null;
  voidsExternalId: string | null;
  /** sha256 of the canonical content (everything but the idempotency key). */
  contentHash: string;
}

export type BatchValidation =
  { ok: true; events: ValidEvent[]; batch: boolean } | { ok: false; problems: ErrorDetail[] };

const MAX_KEY_LENGTH = 200;
const MAX_ATTRIBUTES = 64;
const MAX_ATTRIBUTE_NAME = 64;
const MAX_STRING_VALUE = 2000;
/** All attribute names and string values of one event together (the engine keeps them in memory). */
const MAX_ATTRIBUTE_CHARS = 16_384;
/** Labels a known attribute carries (dealId, product, region, a stage...). */
const MAX_LABEL = 200;
/** Money in integer minor units: at most 10^13 (100 billion in a currency with cents). */
export const MAX_MONEY_MINOR = 10_000_000_000_000;
/** A call or a meeting lasts at most a day. */
export const MAX_DURATION_SEC = 86_400;
/** occurredAt and instants in attributes: not before 2000-01-01 (CRMs back-fill years, not decades). */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);
/** occurredAt: at most this far after the server's clock (clock skew, a wrong offset), never further. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
const EVENT_FIELDS = new Set(['source', 'externalId', 'type', 'rep', 'occurredAt', 'attributes', 'voids']);
const VOIDS_FIELDS = new Set(['source', 'externalId']);
const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

/** What a known attribute's check sees of its event. */
interface AttributeContext {
  occurredAtMs: number | null;
}

/** Checks one value of a known attribute: the problem, or null when it is valid. */
type AttributeCheck = (value: AttributeValue, event: AttributeContext) => string | null;

const integerIn =
  (min: number, max: number, unit: string): AttributeCheck =>
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? null
      : `must be an integer ${unit} from ${min} to ${max}`;
const money = (min: number): AttributeCheck => integerIn(min, MAX_MONEY_MINOR, 'in minor currency units');
const bool: AttributeCheck = (value) => (typeof value === 'boolean' ? null : 'must be true or false');
const oneOf = (values: readonly string[]): AttributeCheck => {
  const allowed = new Set(values);
  return (value) =>
    typeof value === 'string' && allowed.has(value) ? null : `must be one of ${values.join(', ')}`;
};
const label: AttributeCheck = (value) =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_LABEL
    ? null
    : `must be a non-empty string of at most ${MAX_LABEL} characters`;
const currency: AttributeCheck = (value) =>
  isCurrencyCode(value) ? null : 'must be an active ISO 4217 currency code, e.g. RUB';
/** An earlier instant of the same event (lead created, deal opened): ISO with offset, not after it. */
const earlierInstant: AttributeCheck = (value, event) => {
  const at = typeof value === 'string' ? parseInstant(value) : null;
  if (at === null) return 'must be an ISO-8601 date-time with an offset or Z';
  if (at < EARLIEST_INSTANT_MS) return 'must not be before 2000-01-01T00:00:00Z';
  if (event.occurredAtMs !== null && at > event.occurredAtMs) return 'must not be after occurredAt';
  return null;
};
const derived: AttributeCheck = () =>
  'is derived by the scoring (from leadCreatedAt, margin and amount); do not send it';

/**
 * Known attributes (SPEC 3 and the conventions of kpi-facts.ts) and their types, whatever the event
 * type: money is money and a duration a duration everywhere, so no rule or KPI reads `"12"` or `null`
 * where it expects a number. Any other attribute stays free (CRMs send more), bounded in size.
 */
const KNOWN_ATTRIBUTES = new Map<string, AttributeCheck>([
  ['durationSec', integerIn(0, MAX_DURATION_SEC, 'of seconds')],
  ['scriptFollowed', bool],
  ['replied', bool],
  ['opened', bool],
  ['leadCreatedAt', earlierInstant],
  ['openedAt', earlierInstant],
  ['amount', money(0)],
  ['mrr', money(0)],
  ['margin', money(-MAX_MONEY_MINOR)],
  ['currency', currency],
  ['dealId', label],
  ['product', label],
  ['region', label],
  ['channel', label],
  ['reason', label],
  ['stage', label],
  ...DERIVED_ATTRIBUTES.map((name): [string, AttributeCheck] => [name, derived]),
]);

/** Attributes whose meaning depends on the event type (they override KNOWN_ATTRIBUTES). */
const KNOWN_BY_TYPE = new Map<string, Map<string, AttributeCheck>>([
  ['call', new Map([['outcome', oneOf(CALL_OUTCOMES)]])],
  ['deal_won', new Map([['kind', oneOf(DEAL_KINDS)]])],
  [
    'lead_qualified',
    new Map([
      ['from', oneOf(LEAD_QUALIFIED_FROM)],
      ['to', oneOf(LEAD_QUALIFIED_TO)],
    ]),
  ],
  [
    'deal_stage_changed',
    new Map([
      ['from', label],
      ['to', label],
    ]),
  ],
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Value of the `count` ASCII digits of `text` at `at`, or -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48; // NaN past the end
    if (!(d >= 0 && d <= 9)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * Epoch ms of an ISO-8601 instant that carries `Z` or an offset; null when invalid. Accepts exactly
 * `YYYY-MM-DDTHH:MM[:SS[.F{1,9}]](Z|±HH:MM)`; read by hand, not by a regular expression (hot path).
 */
export function parseInstant(text: string): number | null {
  const n = text.length;
  if (n < 17 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T' || text[13] !== ':') return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return null;
  let at = 16;
  let second = 0;
  let millis = 0;
  if (text[at] === ':') {
    second = digitsAt(text, at + 1, 2);
    if (second < 0) return null;
    at += 3;
    if (text[at] === '.') {
      let end = at + 1;
      while (end < n && end - at <= 9 && digitsAt(text, end, 1) >= 0) end++;
      const fraction = text.slice(at + 1, end);
      if (fraction.length === 0 || fraction.length > 9) return null;
      // Whole milliseconds, truncated (the same as Math.floor(0.fraction * 1000)).
      millis =
        fraction.length <= 3 ? digitsAt(fraction.padEnd(3, '0'), 0, 3) : Math.floor(+`0.${fraction}` * 1000);
      at = end;
    }
  }
  let offsetMinutes = 0;
  if (text[at] !== 'Z' || at + 1 !== n) {
    const sign = text[at];
    if ((sign !== '+' && sign !== '-') || at + 6 !== n || text[at + 3] !== ':') return null;
    const oh = digitsAt(text, at + 1, 2);
    const om = digitsAt(text, at + 4, 2);
    if (oh < 0 || om < 0 || oh > 18 || om > 59) return null;
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

function nonEmptyString(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim().length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters`;
  return null;
}

/** Names of `attributes` in code-unit order (usually they come sorted already: no sort then). */
function sortedNames(attributes: EventAttributes): string[] {
  const names = Object.keys(attributes);
  for (let i = 1; i < names.length; i++) {
    if (names[i - 1] > names[i]) return names.sort();
  }
  return names;
}

/**
 * sha256 of the canonical content of an event: type, rep, instant, attributes sorted by name,
 * voids. The canonical text must never change: stored hashes decide duplicate vs conflict.
 */
export function contentHash(
  type: string,
  rep: string,
  occurredAtMs: number,
  attributes: EventAttributes,
  voidsSource: string | null,
  voidsExternalId: string | null,
): string {
  let sorted = '';
  for (const name of sortedNames(attributes))
    sorted += `${sorted === '' ? '' : ','}${jsonOf(name)},${jsonOf(attributes[name])}`;
  const canonical = `${jsonOf(type)}|${jsonOf(rep)}|${occurredAtMs}|[${sorted}]|${jsonOf(voidsSource)}|${jsonOf(voidsExternalId)}`;
  return hash('sha256', canonical, 'base64url');
}

function validateOne(
  raw: unknown,
  index: number,
  inBatch: boolean,
  problems: ErrorDetail[],
  now: number,
): ValidEvent | null {
  const problem = (path: string, message: string): void => {
    const prefix = inBatch ? `events[${index}].` : '';
    problems.push({ index, path: path ? `${prefix}${path}` : prefix.replace(/\.$/, '') || 'body', message });
  };
  if (!isPlainObject(raw)) {
    problem('', 'must be an object');
    return null;
  }
  const before = problems.length;
  for (const field of Object.keys(raw)) {
    if (!EVENT_FIELDS.has(field)) problem(field, 'is not an allowed field');
  }
  const { source, externalId, type, rep, occurredAt, attributes, voids } = raw;
  let message = nonEmptyString(source, MAX_KEY_LENGTH);
  if (message) problem('source', message);
  message = nonEmptyString(externalId, MAX_KEY_LENGTH);
  if (message) problem('externalId', message);
  message = nonEmptyString(rep, MAX_KEY_LENGTH);
  if (message) problem('rep', message);
  if (typeof type !== 'string' || !TYPES.has(type))
    problem('type', `must be one of ${EVENT_TYPES.join(', ')}`);
  let occurredAtMs: number | null = null;
  if (typeof occurredAt !== 'string') problem('occurredAt', 'must be an ISO-8601 string with an offset');
  else {
    occurredAtMs = parseInstant(occurredAt);
    if (occurredAtMs === null)
      problem('occurredAt', 'must be a valid ISO-8601 date-time with an offset or Z');
    else if (occurredAtMs < EARLIEST_INSTANT_MS || occurredAtMs > now + MAX_FUTURE_MS) {
      problem('occurredAt', 'must be from 2000-01-01T00:00:00Z to 24 hours after the server time');
      occurredAtMs = null;
    }
  }
  // The parsed body is ours: when every value is valid the object itself is kept (no copy).
  let attrs: EventAttributes = {};
  if (attributes !== undefined && attributes !== null) {
    if (!isPlainObject(attributes)) problem('attributes', 'must be an object');
    else {
      const names = Object.keys(attributes);
      if (names.length > MAX_ATTRIBUTES) problem('attributes', `must have at most ${MAX_ATTRIBUTES} entries`);
      const byType = typeof type === 'string' ? KNOWN_BY_TYPE.get(type) : undefined;
      const context: AttributeContext = { occurredAtMs };
      let chars = 0;
      for (const name of names) {
        const value = attributes[name];
        chars += name.length;
        if (name.length === 0 || name.length > MAX_ATTRIBUTE_NAME)
          problem(`attributes.${name}`, `name must be 1 to ${MAX_ATTRIBUTE_NAME} characters`);
        const check = byType?.get(name) ?? KNOWN_ATTRIBUTES.get(name);
        if (typeof value === 'string') chars += value.length;
        if (check !== undefined) {
          message = check(value as AttributeValue, context);
          if (message) problem(`attributes.${name}`, message);
        } else if (value === null || typeof value === 'boolean') continue;
        else if (typeof value === 'number') {
          if (!Number.isFinite(value)) problem(`attributes.${name}`, 'must be a finite number');
        } else if (typeof value === 'string') {
          if (value.length > MAX_STRING_VALUE)
            problem(`attributes.${name}`, `must be at most ${MAX_STRING_VALUE} characters`);
        } else problem(`attributes.${name}`, 'must be a string, number, boolean or null');
      }
      if (chars > MAX_ATTRIBUTE_CHARS)
        problem(
          'attributes',
          `names and texts must total at most ${MAX_ATTRIBUTE_CHARS} characters (found ${chars})`,
        );
      const { amount, margin } = attributes;
      if (typeof amount === 'number' && typeof margin === 'number' && margin > amount)
        problem('attributes.margin', 'must not exceed amount');
      attrs = attributes as EventAttributes;
    }
  }
  let voidsSource: string | null = null;
  let voidsExternalId: string | null = null;
  if (type === 'void') {
    if (!isPlainObject(voids)) problem('voids', 'is required on a void event: { source, externalId }');
    else {
      for (const field of Object.keys(voids)) {
        if (!VOIDS_FIELDS.has(field)) problem(`voids.${field}`, 'is not an allowed field');
      }
      message = nonEmptyString(voids.source, MAX_KEY_LENGTH);
      if (message) problem('voids.source', message);
      message = nonEmptyString(voids.externalId, MAX_KEY_LENGTH);
      if (message) problem('voids.externalId', message);
      voidsSource = voids.source as string;
      voidsExternalId = voids.externalId as string;
      if (voidsSource === source && voidsExternalId === externalId)
        problem('voids', 'an event cannot void itself');
    }
  } else if (voids !== undefined) problem('voids', 'is only allowed on a void event');
  if (problems.length > before || occurredAtMs === null) return null;
  const eventType = type as EventType;
  return {
    source: source as string,
    externalId: externalId as string,
    type: eventType,
    rep: rep as string,
    occurredAt: occurredAt as string,
    occurredAtMs,
    attributes: attrs,
    voidsSource,
    voidsExternalId,
    contentHash: contentHash(eventType, rep as string, occurredAtMs, attrs, voidsSource, voidsExternalId),
  };
}

/**
 * Validates the body of `POST /api/events`: one event, or `{ events: [...] }` with 1..1000.
 * Hand-written (ingest is the hot path); collects every problem, by index and path.
 */
export function validateEventBatch(body: unknown, now = Date.now()): BatchValidation {
  const problems: ErrorDetail[] = [];
  if (!isPlainObject(body)) {
    return { ok: false, problems: [{ path: '', message: 'body must be an event or { events: [...] }' }] };
  }
  if (!('events' in body)) {
    const event = validateOne(body, 0, false, problems, now);
    return event ? { ok: true, events: [event], batch: false } : { ok: false, problems };
  }
  for (const field of Object.keys(body)) {
    if (field !== 'events') problems.push({ path: field, message: 'is not an allowed field' });
  }
  const list = body.events;
  if (!Array.isArray(list)) {
    problems.push({ path: 'events', message: 'must be an array' });
    return { ok: false, problems };
  }
  if (list.length === 0 || list.length > MAX_EVENTS_PER_BATCH) {
    problems.push({ path: 'events', message: `must hold 1 to ${MAX_EVENTS_PER_BATCH} events` });
    return { ok: false, problems };
  }
  const events: ValidEvent[] = [];
  for (let i = 0; i < list.length; i++) {
    const event = validateOne(list[i], i, true, problems, now);
    if (event) events.push(event);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, events, batch: true };
}
