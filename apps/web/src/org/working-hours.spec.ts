import { DEFAULT_WORKING_HOURS, isWorkingTime, localClock } from './working-hours.js';

const MOSCOW = 'Europe/Moscow';

describe('isWorkingTime (quiet hours for celebrations)', () => {
  it('is working time on a weekday between 09:00 and 19:00 Moscow time', () => {
    // Wednesday 25 Nov 2026, 12:00 in Moscow (UTC+3).
    expect(isWorkingTime(new Date('2026-11-25T09:00:00Z'), DEFAULT_WORKING_HOURS, MOSCOW)).toBe(true);
  });

  it('starts at 09:00 sharp and ends before 19:00, in the org time zone, not the browser one', () => {
    expect(isWorkingTime(new Date('2026-11-25T05:59:00Z'), DEFAULT_WORKING_HOURS, MOSCOW)).toBe(false);
    expect(isWorkingTime(new Date('2026-11-25T06:00:00Z'), DEFAULT_WORKING_HOURS, MOSCOW)).toBe(true);
    expect(isWorkingTime(new Date('2026-11-25T15:59:00Z'), DEFAULT_WORKING_HOURS, MOSCOW)).toBe(true);
    expect(isWorkingTime(new Date('2026-11-25T16:00:00Z'), DEFAULT_WORKING_HOURS, MOSCOW)).toBe(false);
    // 12:00 UTC is 07:00 in New York: quiet there, working in Moscow.
    expect(isWorkingTime(new Date('2026-11-25T12:00:00Z'), DEFAULT_WORKING_HOURS, 'America/New_York')).toBe(
      false,
    );
  });

  it('is quiet all weekend', () => {
    expect(isWorkingTime(new Date('2026-11-28T09:00:00Z'), DEFAULT_WORKING_HOURS, MOSCOW)).toBe(false); // Saturday
    expect(isWorkingTime(new Date('2026-11-29T09:00:00Z'), DEFAULT_WORKING_HOURS, MOSCOW)).toBe(false); // Sunday
  });

  it('takes the weekday in the org time zone (late Sunday UTC is already Monday in Moscow)', () => {
    expect(localClock(new Date('2026-11-29T22:30:00Z'), MOSCOW)).toEqual({ weekday: 1, minutes: 90 });
  });

  it('follows the rule set when it says otherwise, including a shift past midnight', () => {
    const night = { start: '22:00', end: '06:00', weekdays: [5], outsideFactor: 0 };
    expect(isWorkingTime(new Date('2026-11-27T20:00:00Z'), night, MOSCOW)).toBe(true); // Fri 23:00
    expect(isWorkingTime(new Date('2026-11-28T01:00:00Z'), night, MOSCOW)).toBe(true); // Sat 04:00, Friday's shift
    expect(isWorkingTime(new Date('2026-11-28T20:00:00Z'), night, MOSCOW)).toBe(false); // Sat 23:00
  });
});
