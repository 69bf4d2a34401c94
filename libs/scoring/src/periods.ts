/** Period instances (today, week, month, quarter) in the org time zone, DST-correct. */
import type { Period } from '@leaderboard/contracts';
import type { PeriodInstance } from './engine-api.js';
import { dateOfDay, dayKey, dayNumberOf, timeZone, type TimeZone } from './time-zone.js';

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Keys of the four period instances containing one local day, in PERIODS order. */
export interface DayPeriodKeys {
  today: string;
  week: string;
  month: string;
  quarter: string;
  /** Map keys of the four instances (`today:2026-11-16`...), in PERIODS order. */
  instanceKeys: readonly string[];
}

/** First and one-past-last local day numbers of the period instance containing `dayNumber`. */
function dayRange(period: Period, dayNumber: number, weekStartsOn: number): [number, number, string] {
  const { year, month } = dateOfDay(dayNumber);
  switch (period) {
    case 'today':
      return [dayNumber, dayNumber + 1, dayKey(dayNumber)];
    case 'week': {
      const weekday = ((((dayNumber + 3) % 7) + 7) % 7) + 1;
      const start = dayNumber - ((weekday - weekStartsOn + 7) % 7);
      return [start, start + 7, dayKey(start)];
    }
    case 'month':
      return [dayNumberOf(year, month, 1), dayNumberOf(year, month + 1, 1), `${year}-${pad2(month)}`];
    case 'quarter': {
      const q = Math.floor((month - 1) / 3);
      return [dayNumberOf(year, q * 3 + 1, 1), dayNumberOf(year, q * 3 + 4, 1), `${year}-Q${q + 1}`];
    }
  }
}

/** Computes and caches period keys and boundaries for one zone and week start. */
export class PeriodCalendar {
  readonly tz: TimeZone;
  private readonly keysByDay = new Map<number, DayPeriodKeys>();

  constructor(
    zone: string,
    readonly weekStartsOn: number,
  ) {
    this.tz = timeZone(zone);
  }

  /** Keys of the four instances containing the local day of instant `t`. */
  keysAt(t: number): DayPeriodKeys {
    return this.keysForDay(this.tz.dayNumberAt(t));
  }

  /** Keys of the four instances containing local day `day` (days since 1970-01-01). */
  keysForDay(day: number): DayPeriodKeys {
    let keys = this.keysByDay.get(day);
    if (!keys) {
      keys = {
        today: dayRange('today', day, this.weekStartsOn)[2],
        week: dayRange('week', day, this.weekStartsOn)[2],
        month: dayRange('month', day, this.weekStartsOn)[2],
        quarter: dayRange('quarter', day, this.weekStartsOn)[2],
        instanceKeys: [],
      };
      keys.instanceKeys = Object.freeze([
        instanceKey('today', keys.today),
        instanceKey('week', keys.week),
        instanceKey('month', keys.month),
        instanceKey('quarter', keys.quarter),
      ]);
      this.keysByDay.set(day, keys);
    }
    return keys;
  }

  /** The instance of `period` containing instant `at`. */
  periodAt(period: Period, at: number): PeriodInstance {
    const [startDay, endDay, periodKey] = dayRange(period, this.tz.dayNumberAt(at), this.weekStartsOn);
    return {
      period,
      periodKey,
      from: this.tz.startOfDay(startDay),
      to: this.tz.startOfDay(endDay),
    };
  }
}

/** Map key of one period instance, e.g. `month:2026-11`. */
export function instanceKey(period: Period, periodKey: string): string {
  return `${period}:${periodKey}`;
}
