import { hash } from 'node:crypto';
import {
  EVENT_TYPES,
  MAX_EVENTS_PER_BATCH,
  type ErrorDetail,
  type EventAttributes,
  type EventType,
} from '@leaderboard/contracts';

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
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch ms of an ISO-8601 instant that carries `Z` or an offset; null when invalid. */
export function parseInstant(text: string): number | null {
  const m = ISO_WITH_OFFSET.exec(text);
  if (!m) return null;
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = m[6] === undefined ? 0 : +m[6];
  const millis = m[7] === undefined ? 0 : Math.floor(+`0.${m[7]}` * 1000);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  if (day < 1 || day > daysInMonth(year, month)) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const oh = +m[10];
    const om = +m[11];
    if (oh > 18 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return local - offsetMinutes * 60_000;
}

function nonEmptyString(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim().length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters`;
  return null;
}

/** Canonical content of an event: type, rep, instant, attributes sorted by name, voids. */
export function contentHash(
  type: string,
  rep: string,
  occurredAtMs: number,
  attributes: EventAttributes,
  voidsSource: string | null,
  voidsExternalId: string | null,
): string {
  const names = Object.keys(attributes).sort();
  let sorted = '';
  for (const name of names)
    sorted += `${sorted === '' ? '' : ','}${JSON.stringify(name)},${JSON.stringify(attributes[name])}`;
  const canonical = `${JSON.stringify(type)}|${JSON.stringify(rep)}|${occurredAtMs}|[${sorted}]|${JSON.stringify(voidsSource)}|${JSON.stringify(voidsExternalId)}`;
  return hash('sha256', canonical, 'base64url');
}

function validateOne(
  raw: unknown,
  index: number,
  prefix: string,
  problems: ErrorDetail[],
): ValidEvent | null {
  const problem = (path: string, message: string): void => {
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
    const event = validateOne(body, 0, '', problems);
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
    const event = validateOne(list[i], i, `events[${i}].`, problems);
    if (event) events.push(event);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, events, batch: true };
}
