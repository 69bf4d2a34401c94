/**
 * Quiet hours for the TV: celebrations only inside the org's working hours, in the org's time zone
 * (a wall board should not cheer at 3 a.m. because a CRM import replayed yesterday's deals).
 */
import type { WorkingHours } from '@leaderboard/contracts';

/** The rule set's default (SPEC 4a): 09:00-19:00, Monday to Friday. */
export const DEFAULT_WORKING_HOURS: WorkingHours = {
  start: '09:00',
  end: '19:00',
  weekdays: [1, 2, 3, 4, 5],
  outsideFactor: 0,
};

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** ISO weekday (1 = Monday) and minutes since local midnight of `instant` in `timeZone`. */
export function localClock(instant: Date, timeZone: string): { weekday: number; minutes: number } {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    partsFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    weekday: WEEKDAYS[parts.weekday] ?? 0,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

function minutesOf(hhmm: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  return hours * 60 + minutes;
}

/**
 * Whether `instant` is inside the working hours: on one of `weekdays`, at or after `start` and
 * before `end`, local time of `timeZone`. An `end` before `start` is a night shift: it runs past
 * midnight and belongs to the day it started on.
 */
export function isWorkingTime(instant: Date, hours: WorkingHours, timeZone: string): boolean {
  const { weekday, minutes } = localClock(instant, timeZone);
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  if (start <= end) return hours.weekdays.includes(weekday) && minutes >= start && minutes < end;
  const previous = weekday === 1 ? 7 : weekday - 1;
  return (
    (hours.weekdays.includes(weekday) && minutes >= start) ||
    (hours.weekdays.includes(previous) && minutes < end)
  );
}
