/**
 * Reading the values vendors send, defensively: bodies, JSON, ids, integers, durations (money is in
 * vendor-money.ts, instants in vendor-time.ts, signatures in vendor-signatures.ts). Each reader
 * answers null for what it cannot read for sure, so an adapter turns a missing or odd field into an
 * `ignored` reason, never a guessed event.
 */
import { UnmappableDelivery, type InboundDelivery, type MappedEvent } from '../connector-adapter.js';
import { MAX_DURATION_SEC } from '../../events/event-attributes.js';

const MAX_JSON_CHARS = 1_000_000;
/** Ids: digits, tokens such as `C14:WON` or `in_0a1b`, base64 (Mango's entry_id). */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@+=/-]{0,99}$/;

/** The JSON of a body; `UnmappableDelivery` when it is not JSON. */
export function parseJsonBody(text: string): unknown {
  if (text.length > MAX_JSON_CHARS)
    throw new UnmappableDelivery(`JSON body over ${MAX_JSON_CHARS} characters`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UnmappableDelivery('body is not JSON');
  }
}

/** A plain JSON object, or null. */
export function recordOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The plain JSON objects of an array, anything else in it left out; none when it is not an array. */
export function recordsOf(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value)
    ? value.flatMap((item: unknown) => {
        const record = recordOf(item);
        return record === null ? [] : [record];
      })
    : [];
}

/** An own property (never one of the prototype's). */
export function own(record: Record<string, unknown> | null, key: string): unknown {
  return record !== null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An id as a string: a safe non-negative integer or a short token of letters, digits and `_.:@+-`. */
export function idOf(value: unknown): string | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  return typeof value === 'string' && ID.test(value.trim()) ? value.trim() : null;
}

/** A non-negative safe integer from a number or a string of digits. */
export function intOf(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : null;
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value.trim())) return null;
  return Number(value.trim());
}

/** A duration in whole seconds, at most a day (the ledger's bound). */
export function durationOf(value: unknown): number | null {
  const seconds = intOf(value);
  return seconds !== null && seconds <= MAX_DURATION_SEC ? seconds : null;
}

/** The delivery's body as text. */
export function bodyText(delivery: InboundDelivery): string {
  return delivery.rawBody.toString('utf8');
}

/** The query string of the delivery's URL (without `?`), or '' when it has none or is not a URL. */
export function queryText(delivery: InboundDelivery): string {
  const at = delivery.url.indexOf('?');
  return at < 0 ? '' : (delivery.url.slice(at + 1).split('#')[0] ?? '');
}

/** Records why part of a delivery gives no event; null, for `return skip(...)`. */
export function skip(ignored: string[], reason: string): null {
  ignored.push(reason);
  return null;
}

/** The events of one delivery, the first of each key kept (one POST may name a change twice). */
export function uniqueByKey(events: MappedEvent[]): MappedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => !seen.has(event.externalId) && seen.add(event.externalId));
}

/** The result of a synchronous mapping as a promise: a throw becomes a rejection, never escapes `map`. */
export function settle<T>(compute: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(compute()));
}
