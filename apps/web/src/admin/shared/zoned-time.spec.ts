import { addDays, zonedDate, zonedDateTime, zonedToInstant } from './zoned-time.js';

describe('wall-clock times of the org', () => {
  it('turns a local time into the instant it names', () => {
    expect(zonedToInstant('2026-11-01T00:00', 'Europe/Moscow').toISOString()).toBe(
      '2026-10-31T21:00:00.000Z',
    );
    expect(zonedToInstant('2026-11-01', 'UTC').toISOString()).toBe('2026-11-01T00:00:00.000Z');
    // Across DST: London is UTC+1 in July and UTC+0 in December.
    expect(zonedToInstant('2026-07-01T09:00', 'Europe/London').toISOString()).toBe(
      '2026-07-01T08:00:00.000Z',
    );
    expect(zonedToInstant('2026-12-01T09:00', 'Europe/London').toISOString()).toBe(
      '2026-12-01T09:00:00.000Z',
    );
    // The morning after New York's spring-forward night.
    expect(zonedToInstant('2026-03-08T09:00', 'America/New_York').toISOString()).toBe(
      '2026-03-08T13:00:00.000Z',
    );
  });

  it('shows an instant as the local date and time', () => {
    const instant = new Date('2026-11-29T22:30:00.000Z');
    expect(zonedDate(instant, 'Europe/Moscow')).toBe('2026-11-30');
    expect(zonedDateTime(instant, 'Europe/Moscow')).toBe('2026-11-30T01:30');
    expect(zonedDateTime(instant, 'UTC')).toBe('2026-11-29T22:30');
  });

  it('counts calendar days', () => {
    expect(addDays('2026-11-29', -27)).toBe('2026-11-02');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
