import {
  backoffMs,
  clientAddressKey,
  LOGIN_BACKOFF,
  LOGIN_FAILURES_FORGOTTEN_AFTER_MS,
  retryAfterMs,
} from './login-throttle.js';

describe('login backoff', () => {
  const rule = { free: 3, baseMs: 1000, maxMs: 8000 };

  it('lets the free failures through, then doubles the delay up to its cap', () => {
    expect([0, 1, 2, 3].map((n) => backoffMs(rule, n))).toEqual([0, 0, 0, 0]);
    expect([4, 5, 6, 7, 8, 100, 10_000].map((n) => backoffMs(rule, n))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000, 8000,
    ]);
  });

  it('counts the delay from the last failure, and forgets a counter left alone long enough', () => {
    expect(retryAfterMs(rule, undefined)).toBe(0);
    expect(retryAfterMs(rule, { failures: 5, ageMs: 500 })).toBe(1500);
    expect(retryAfterMs(rule, { failures: 5, ageMs: 2500 })).toBe(0);
    expect(retryAfterMs(rule, { failures: 50, ageMs: LOGIN_FAILURES_FORGOTTEN_AFTER_MS })).toBe(0);
  });

  it('the account-wide counter only slows (a short cap); the others refuse up to 15 min', () => {
    expect(backoffMs(LOGIN_BACKOFF.account, 1_000)).toBeLessThanOrEqual(60_000);
    expect(backoffMs(LOGIN_BACKOFF.accountAddress, 1_000)).toBe(15 * 60_000);
    expect(backoffMs(LOGIN_BACKOFF.address, 1_000)).toBe(15 * 60_000);
  });
});

describe('clientAddressKey', () => {
  it('counts IPv4 (also mapped into IPv6) as is and IPv6 by its /64', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey(undefined)).toBe('unknown');
  });
});
