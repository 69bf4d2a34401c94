import { PeriodCalendar } from './periods.js';
import { TimeZone, dayKey } from './time-zone.js';

const iso = (t: number): string => new Date(t).toISOString();
const HOUR = 3_600_000;

describe('time zones', () => {
  it('gives Berlin a 23-hour day on 2026-03-29 and a 25-hour day on 2026-10-25', () => {
    const cal = new PeriodCalendar('Europe/Berlin', 1);
    const spring = cal.periodAt('today', Date.parse('2026-03-29T12:00:00+02:00'));
    expect(spring.periodKey).toBe('2026-03-29');
    expect(iso(spring.from)).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(spring.to)).toBe('2026-03-29T22:00:00.000Z');
    expect(spring.to - spring.from).toBe(23 * HOUR);
    const autumn = cal.periodAt('today', Date.parse('2026-10-25T12:00:00+01:00'));
    expect(iso(autumn.from)).toBe('2026-10-24T22:00:00.000Z');
    expect(iso(autumn.to)).toBe('2026-10-25T23:00:00.000Z');
    expect(autumn.to - autumn.from).toBe(25 * HOUR);
  });

  it('reads local wall time across the Berlin transitions', () => {
    const tz = new TimeZone('Europe/Berlin');
    expect(tz.localTime(Date.parse('2026-03-29T00:59:00Z')).minuteOfDay).toBe(1 * 60 + 59);
    expect(tz.localTime(Date.parse('2026-03-29T01:00:00Z')).minuteOfDay).toBe(3 * 60);
    expect(tz.localTime(Date.parse('2026-10-25T00:30:00Z')).minuteOfDay).toBe(2 * 60 + 30);
    expect(tz.localTime(Date.parse('2026-10-25T01:30:00Z')).minuteOfDay).toBe(2 * 60 + 30);
    expect(tz.localTime(Date.parse('2026-10-25T22:59:00Z')).dayNumber).toBe(
      tz.dayNumberAt(Date.parse('2026-10-25T00:00:00+02:00')),
    );
    expect(dayKey(tz.dayNumberAt(Date.parse('2026-10-25T23:00:00Z')))).toBe('2026-10-26');
  });

  it('maps a skipped local midnight to the transition instant', () => {
    // America/Santiago springs forward at 24:00 -> 01:00 (2026-09-06).
    const tz = new TimeZone('America/Santiago');
    const start = tz.startOfDay(Math.floor(Date.UTC(2026, 8, 6) / 86_400_000));
    expect(tz.localTime(start).minuteOfDay).toBe(60);
    expect(tz.localTime(start - 1000).dayNumber).toBe(Math.floor(Date.UTC(2026, 8, 5) / 86_400_000));
  });

  it('handles a transition inside a UTC hour (Lord Howe, 30-minute shift at 15:30Z)', () => {
    const tz = new TimeZone('Australia/Lord_Howe');
    expect(tz.localTime(Date.parse('2026-10-03T15:00:00Z')).minuteOfDay).toBe(90);
    expect(tz.localTime(Date.parse('2026-10-03T15:29:00Z')).minuteOfDay).toBe(119);
    expect(tz.localTime(Date.parse('2026-10-03T15:30:00Z')).minuteOfDay).toBe(150);
    expect(tz.offsetAt(Date.parse('2026-10-03T15:45:00Z'))).toBe(11 * HOUR);
  });

  it('uses a fixed +03:00 in Moscow', () => {
    const cal = new PeriodCalendar('Europe/Moscow', 1);
    const day = cal.periodAt('today', Date.parse('2026-07-01T23:30:00+03:00'));
    expect(iso(day.from)).toBe('2026-06-30T21:00:00.000Z');
    expect(day.periodKey).toBe('2026-07-01');
  });
});

describe('periods', () => {
  const wed = Date.parse('2026-11-18T10:00:00+03:00');
  const sun = Date.parse('2026-11-22T10:00:00+03:00');

  it('starts weeks on Monday with weekStartsOn 1', () => {
    const cal = new PeriodCalendar('Europe/Moscow', 1);
    expect(cal.periodAt('week', wed).periodKey).toBe('2026-11-16');
    expect(cal.periodAt('week', sun).periodKey).toBe('2026-11-16');
    const w = cal.periodAt('week', wed);
    expect(iso(w.from)).toBe('2026-11-15T21:00:00.000Z');
    expect(w.to - w.from).toBe(7 * 24 * HOUR);
  });

  it('starts weeks on Sunday with weekStartsOn 7', () => {
    const cal = new PeriodCalendar('Europe/Moscow', 7);
    expect(cal.periodAt('week', wed).periodKey).toBe('2026-11-15');
    expect(cal.periodAt('week', sun).periodKey).toBe('2026-11-22');
  });

  it('has a 7-day week of 167 hours over the Berlin spring change', () => {
    const cal = new PeriodCalendar('Europe/Berlin', 1);
    const w = cal.periodAt('week', Date.parse('2026-03-27T12:00:00+01:00'));
    expect(w.periodKey).toBe('2026-03-23');
    expect(w.to - w.from).toBe(167 * HOUR);
  });

  it('cuts months and quarters at local midnight', () => {
    const cal = new PeriodCalendar('Europe/Moscow', 1);
    const m = cal.periodAt('month', Date.parse('2026-02-10T10:00:00+03:00'));
    expect(m.periodKey).toBe('2026-02');
    expect(iso(m.from)).toBe('2026-01-31T21:00:00.000Z');
    expect(iso(m.to)).toBe('2026-02-28T21:00:00.000Z');
    const endOfQ3 = Date.parse('2026-09-30T23:59:59+03:00');
    expect(cal.periodAt('quarter', endOfQ3).periodKey).toBe('2026-Q3');
    expect(cal.periodAt('quarter', endOfQ3 + 1000).periodKey).toBe('2026-Q4');
    const q4 = cal.periodAt('quarter', endOfQ3 + 1000);
    expect(iso(q4.from)).toBe('2026-09-30T21:00:00.000Z');
    expect(iso(q4.to)).toBe('2026-12-31T21:00:00.000Z');
    expect(cal.periodAt('quarter', Date.parse('2027-01-01T00:00:00+03:00')).periodKey).toBe('2027-Q1');
  });

  it('keys every period consistently with periodAt', () => {
    const cal = new PeriodCalendar('Europe/Berlin', 1);
    const t = Date.parse('2026-10-25T02:30:00+01:00');
    const keys = cal.keysAt(t);
    expect(keys).toMatchObject({
      today: '2026-10-25',
      week: '2026-10-19',
      month: '2026-10',
      quarter: '2026-Q4',
    });
    for (const p of ['today', 'week', 'month', 'quarter'] as const) {
      const inst = cal.periodAt(p, t);
      expect(inst.periodKey).toBe(keys[p]);
      expect(t >= inst.from && t < inst.to).toBe(true);
    }
  });
});
