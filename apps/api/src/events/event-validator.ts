import {
  EVENT_TYPES,
  MAX_EVENTS_PER_BATCH,
  type ErrorDetail,
  type EventAttributes,
  type EventType,
} from '@leaderboard/contracts';
import { contentHash } from './content-hash.js';
import { EARLIEST_INSTANT_MS, checkAttributes } from './event-attributes.js';
import { parseInstant } from './iso-instant.js';

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
/** occurredAt: at most this far after the server's clock (clock skew, a wrong offset), never further. */
export const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
const EVENT_FIELDS = new Set(['source', 'externalId', 'type', 'rep', 'occurredAt', 'attributes', 'voids']);
const VOIDS_FIELDS = new Set(['source', 'externalId']);
const TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.trim().length === 0) return 'must not be empty';
  if (value.length > max) return `must be at most ${max} characters`;
  return null;
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
      checkAttributes(attributes, type, occurredAtMs, problem);
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
 * Hand-written (ingest is the hot path); collects every problem, by index and path. `now` (the
 * server's clock) bounds `occurredAt` in the future.
 */
export function validateEventBatch(body: unknown, now: number): BatchValidation {
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
