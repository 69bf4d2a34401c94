/**
 * Reading the values vendors send, defensively: ids, integers, money in integer minor units,
 * instants as ISO-8601 with an offset. Each reader answers null for what it cannot read for sure,
 * so an adapter turns a missing or odd field into an `ignored` reason, never a guessed event.
 */
import { createHash, createHmac, timingSafeEqual, type BinaryLike } from 'node:crypto';
import { isCurrencyCode, type CurrencyCode } from '@leaderboard/contracts';
import { timeZone } from '@leaderboard/scoring';
import { UnmappableDelivery, type ConnectorSettings, type InboundDelivery } from '../connector-adapter.js';
import { EARLIEST_INSTANT_MS, MAX_DURATION_SEC, MAX_MONEY_MINOR } from '../../events/event-attributes.js';
import { parseInstant } from '../../events/iso-instant.js';
import { minorDigits } from '../../periods/payouts-csv.js';

const MAX_JSON_CHARS = 1_000_000;
/** Instants before 2000 or after 2100 are not a CRM's timestamps but garbage. */
const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1);
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,99}$/;

/** Constant-time comparison of two strings (false at once when their lengths differ). */
export function safeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function hmac(algorithm: 'sha1' | 'sha256', key: string, data: BinaryLike): Buffer {
  return createHmac(algorithm, key).update(data).digest();
}

export function sha256Hex(data: string): string {
  return createHash('sha256').update(data, 'utf8').digest('hex');
}

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

/** A currency code of the payload, else the connector's setting, else `fallback`; null when invalid. */
export function currencyOf(
  value: unknown,
  settings: ConnectorSettings | undefined,
  fallback: CurrencyCode | null,
): CurrencyCode | null {
  const code = typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;
  const chosen = code ?? settings?.currency ?? fallback;
  return isCurrencyCode(chosen) ? chosen : null;
}

/**
 * A decimal amount in major units (`22500`, `"22500.00"`, `"22 500,5"`) as integer minor units of
 * `currency` (22500 RUB -> 2250000), extra decimals rounded half to even; null when it is not a
 * plain non-negative decimal or exceeds the ledger's bound.
 */
export function minorUnitsOf(value: unknown, currency: CurrencyCode): number | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) return null;
    text = String(value);
  } else if (typeof value === 'string') text = value.replace(/[\s\u00a0]/g, '').replace(',', '.');
  else return null;
  const match = /^(\d{1,16})(?:\.(\d{1,12}))?$/.exec(text);
  if (!match) return null;
  const digits = minorDigits(currency);
  const fraction = (match[2] ?? '').padEnd(digits + 1, '0');
  let minor = BigInt(match[1] ?? '0') * 10n ** BigInt(digits) + BigInt(fraction.slice(0, digits) || '0');
  const rest = fraction.slice(digits);
  const half = '5'.padEnd(rest.length, '0');
  if (rest > half || (rest === half && minor % 2n === 1n)) minor += 1n;
  return minor <= BigInt(MAX_MONEY_MINOR) ? Number(minor) : null;
}

function plausible(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_INSTANT_MS && ms < LATEST_INSTANT_MS;
}

/** Epoch ms as ISO-8601 in UTC (`Z`). */
export function isoOfMs(ms: number): string | null {
  return plausible(ms) ? new Date(ms).toISOString() : null;
}

/** Unix time in seconds (10 digits) or milliseconds (13 digits), as ISO-8601 UTC. */
export function isoOfUnix(value: unknown): string | null {
  const n = intOf(value);
  if (n === null) return null;
  return isoOfMs(n < 100_000_000_000 ? n * 1000 : n);
}

/** An ISO-8601 instant that carries its offset, kept as sent; null otherwise. */
export function isoOfText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = parseInstant(value.trim());
  return ms !== null && plausible(ms) ? value.trim() : null;
}

function offsetText(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${offsetMs < 0 ? '-' : '+'}${hh}:${mm}`;
}

/**
 * A wall-clock time without a zone (`2026-12-04 10:15:00`) read in the IANA zone `zone`, as ISO-8601
 * with that zone's offset at that moment (DST-correct). Null for another shape or an unknown zone.
 */
export function isoOfLocal(value: unknown, zone: string): string | null {
  const match =
    typeof value === 'string'
      ? /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim())
      : null;
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const localMs = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  const check = new Date(localMs);
  if (check.getUTCDate() !== d || check.getUTCHours() !== h || check.getUTCMonth() + 1 !== mo) return null;
  let zoneOf;
  try {
    zoneOf = timeZone(zone);
    zoneOf.offsetAt(0);
  } catch {
    return null;
  }
  const instant = zoneOf.instantOf(localMs);
  if (!plausible(instant)) return null;
  const offset = zoneOf.offsetAt(instant);
  return `${new Date(instant + offset).toISOString().slice(0, 19)}${offsetText(offset)}`;
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
