/**
 * DST-correct local time in an IANA zone. Intl is slow, so the UTC offset is cached per UTC hour
 * (when it does not change inside that hour); everything else is integer arithmetic on local time.
 */

const HOUR = 3_600_000;
export const DAY_MS = 86_400_000;

export interface LocalDate {
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  day: number;
}

export interface LocalTime extends LocalDate {
  /** Days since 1970-01-01 of the local calendar date. */
  dayNumber: number;
  /** ISO weekday, 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `YYYY-MM-DD` of a day number. */
export function dayKey(dayNumber: number): string {
  const d = new Date(dayNumber * DAY_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Calendar date of a day number. */
export function dateOfDay(dayNumber: number): LocalDate {
  const d = new Date(dayNumber * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day number of a calendar date (month may overflow, as in Date.UTC). */
export function dayNumberOf(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** ISO weekday of a day number: 1970-01-01 was a Thursday (4). */
export function weekdayOf(dayNumber: number): number {
  return ((((dayNumber + 3) % 7) + 7) % 7) + 1;
}

/** True when `zone` is an IANA time zone this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export class TimeZone {
  private readonly format: Intl.DateTimeFormat;
  /** UTC hour bucket -> offset in ms, or NaN when the offset changes inside that hour. */
  private readonly offsets = new Map<number, number>();

  constructor(readonly zone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  }

  /** Offset (local - UTC) in ms at instant `t`, straight from Intl. */
  private computeOffset(t: number): number {
    const second = Math.floor(t / 1000) * 1000;
    let year = 0;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let sec = 0;
    let bc = false;
    for (const part of this.format.formatToParts(second)) {
      switch (part.type) {
        case 'year':
          year = Number(part.value);
          break;
        case 'month':
          month = Number(part.value);
          break;
        case 'day':
          day = Number(part.value);
          break;
        case 'hour':
          hour = Number(part.value);
          break;
        case 'minute':
          minute = Number(part.value);
          break;
        case 'second':
          sec = Number(part.value);
          break;
        case 'era':
          bc = part.value.startsWith('B');
          break;
        default:
          break;
      }
    }
    if (bc) year = 1 - year;
    const d = new Date(0);
    d.setUTCFullYear(year, month - 1, day);
    d.setUTCHours(hour, minute, sec, 0);
    return d.getTime() - second;
  }

  /** Offset (local - UTC) in ms at instant `t`. */
  offsetAt(t: number): number {
    const bucket = Math.floor(t / HOUR);
    let cached = this.offsets.get(bucket);
    if (cached === undefined) {
      const start = this.computeOffset(bucket * HOUR);
      const end = this.computeOffset(bucket * HOUR + HOUR - 1000);
      cached = start === end ? start : Number.NaN;
      this.offsets.set(bucket, cached);
    }
    return Number.isNaN(cached) ? this.computeOffset(t) : cached;
  }

  /** Local day number (days since 1970-01-01 of the local date) at instant `t`. */
  dayNumberAt(t: number): number {
    return Math.floor((t + this.offsetAt(t)) / DAY_MS);
  }

  localTime(t: number): LocalTime {
    const local = t + this.offsetAt(t);
    const dayNumber = Math.floor(local / DAY_MS);
    const date = dateOfDay(dayNumber);
    return {
      ...date,
      dayNumber,
      weekday: weekdayOf(dayNumber),
      minuteOfDay: Math.floor((local - dayNumber * DAY_MS) / 60_000),
    };
  }

  /**
   * The first instant whose local wall time is at or after `localMs` (wall time expressed as if
   * it were UTC). Ambiguous times (fall back) give the earlier instant; skipped ones (spring
   * forward) give the transition instant.
   */
  instantOf(localMs: number): number {
    const candidates = new Set([
      this.offsetAt(localMs - DAY_MS),
      this.offsetAt(localMs),
      this.offsetAt(localMs + DAY_MS),
    ]);
    let best = Number.POSITIVE_INFINITY;
    for (const o of candidates) {
      const t = localMs - o;
      if (this.offsetAt(t) === o && t < best) best = t;
    }
    if (best !== Number.POSITIVE_INFINITY) return best;
    // In a gap: binary search the transition instant (first t with local wall time >= localMs).
    const offs = [...candidates];
    let lo = localMs - Math.max(...offs);
    let hi = localMs - Math.min(...offs);
    while (hi - lo > 1000) {
      const mid = Math.floor((lo + hi) / 2000) * 1000;
      if (mid + this.offsetAt(mid) >= localMs) hi = mid;
      else lo = mid === lo ? lo + 1000 : mid;
    }
    return hi;
  }

  /** The instant of local midnight starting the day `dayNumber`. */
  startOfDay(dayNumber: number): number {
    return this.instantOf(dayNumber * DAY_MS);
  }
}

const zones = new Map<string, TimeZone>();

/** A shared TimeZone per zone name (its offset cache is reused). */
export function timeZone(zone: string): TimeZone {
  let tz = zones.get(zone);
  if (!tz) {
    tz = new TimeZone(zone);
    zones.set(zone, tz);
  }
  return tz;
}
