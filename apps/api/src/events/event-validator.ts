import { hash } from 'node:crypto';
import {
  EVENT_TYPES,
  MAX_EVENTS_PER_BATCH,
  type ErrorDetail,
  type EventAttributes,
  type EventType,
} from '@leaderboard/contracts';
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
const EVENT_FIELDS = new Set(['source', 'externalId', 'type', 'rep', 'occurredAt', 'attributes', 'voids']);
const VOIDS_FIELDS = new Set(['source', 'externalId']);
const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);
const INTEGER_ATTRIBUTES = new Set(['amount', 'margin', 'mrr']);
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
  }
  // The parsed body is ours: when every value is valid the object itself is kept (no copy).
  let attrs: EventAttributes = {};
  if (attributes !== undefined && attributes !== null) {
    if (!isPlainObject(attributes)) problem('attributes', 'must be an object');
    else {
      const names = Object.keys(attributes);
      if (names.length > MAX_ATTRIBUTES) problem('attributes', `must have at most ${MAX_ATTRIBUTES} entries`);
      for (const name of names) {
        const value = attributes[name];
        if (name.length === 0 || name.length > MAX_ATTRIBUTE_NAME)
          problem(`attributes.${name}`, `name must be 1 to ${MAX_ATTRIBUTE_NAME} characters`);
        if (value === null || typeof value === 'boolean') continue;
        if (typeof value === 'number') {
          if (!Number.isFinite(value)) problem(`attributes.${name}`, 'must be a finite number');
          else if (INTEGER_ATTRIBUTES.has(name) && !Number.isSafeInteger(value)) {
            problem(`attributes.${name}`, 'must be an integer in minor currency units');
          }
        } else if (typeof value === 'string') {
          if (INTEGER_ATTRIBUTES.has(name))
            problem(`attributes.${name}`, 'must be an integer in minor currency units');
          else if (value.length > MAX_STRING_VALUE)
            problem(`attributes.${name}`, `must be at most ${MAX_STRING_VALUE} characters`);
        } else problem(`attributes.${name}`, 'must be a string, number, boolean or null');
      }
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
export function validateEventBatch(body: unknown): BatchValidation {
  const problems: ErrorDetail[] = [];
  if (!isPlainObject(body)) {
    return { ok: false, problems: [{ path: '', message: 'body must be an event or { events: [...] }' }] };
  }
  if (!('events' in body)) {
    const event = validateOne(body, 0, false, problems);
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
    const event = validateOne(list[i], i, true, problems);
    if (event) events.push(event);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, events, batch: true };
}
