import { LoginThrottle } from './login-throttle.js';

describe('LoginThrottle', () => {
  let clock = 0;
  const make = (): LoginThrottle => new LoginThrottle(3, 1000, () => clock);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('allows attempts until the failure budget is spent, then refuses until the window passes', () => {
    const throttle = make();
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs('a@x')).toBe(0);
      throttle.recordFailure('a@x');
      clock += 100;
    }
    // failures at 0, 100, 200 (relative); now 300: the oldest leaves the window at 1000.
    expect(throttle.retryAfterMs('a@x')).toBe(700);
    clock += 699;
    expect(throttle.retryAfterMs('a@x')).toBe(1);
    clock += 1;
    expect(throttle.retryAfterMs('a@x')).toBe(0);
  });

  it('counts each e-mail on its own', () => {
    const throttle = make();
    for (let i = 0; i < 3; i++) throttle.recordFailure('a@x');
    expect(throttle.retryAfterMs('a@x')).toBeGreaterThan(0);
    expect(throttle.retryAfterMs('b@x')).toBe(0);
  });

  it('forgets failures after a success', () => {
    const throttle = make();
    throttle.recordFailure('a@x');
    throttle.recordFailure('a@x');
    throttle.recordSuccess('a@x');
    throttle.recordFailure('a@x');
    throttle.recordFailure('a@x');
    expect(throttle.retryAfterMs('a@x')).toBe(0);
  });

  it('stays bounded under a spray over many e-mails', () => {
    const throttle = new LoginThrottle(3, 1000, () => clock, 100);
    for (let i = 0; i < 1000; i++) throttle.recordFailure(`user${i}@x`);
    expect((throttle as unknown as { failures: Map<string, number[]> }).failures.size).toBeLessThanOrEqual(
      100,
    );
  });
});
