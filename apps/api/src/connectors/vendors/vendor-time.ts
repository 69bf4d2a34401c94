/**
 * Vendors' instants (unix seconds or ms, ISO with an offset, wall-clock text of a named zone) as
 * ISO-8601 with an offset; null for anything else or before 2000 / after 2100 (garbage, not a CRM's time).
 */
import { timeZone } from '@leaderboard/scoring';
import { EARLIEST_INSTANT_MS } from '../../events/event-attributes.js';
import { parseInstant } from '../../events/iso-instant.js';
import { intOf } from './vendor-values.js';

const LATEST_INSTANT_MS = Date.UTC(2100, 0, 1);

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
