import { ManualClock, SystemClock } from './clock.js';

describe('Clock', () => {
  it('SystemClock reads wall time', () => {
    const before = Date.now();
    const now = new SystemClock().now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('ManualClock moves only when told', () => {
    const clock = new ManualClock(Date.UTC(2026, 11, 31, 23, 59));
    expect(clock.now()).toBe(Date.UTC(2026, 11, 31, 23, 59));
    clock.advance(60_000);
    expect(new Date(clock.now()).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    clock.set(0);
    expect(clock.now()).toBe(0);
  });
});
