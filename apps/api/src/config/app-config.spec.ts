import { ConfigError, loadConfig } from './app-config.js';

describe('TRUST_PROXY', () => {
  // JWT_SECRET given, so nothing is written to DATA_DIR.
  const base = { DATA_DIR: '/nonexistent', JWT_SECRET: 'x'.repeat(32) };
  const trustProxy = (value?: string) =>
    loadConfig(value === undefined ? base : { ...base, TRUST_PROXY: value }).trustProxy;

  it('is off by default: X-Forwarded-For is believed from nobody', () => {
    expect(trustProxy()).toBe(false);
    expect(trustProxy('false')).toBe(false);
  });

  it('takes true, a hop count, or addresses, CIDRs and Express names', () => {
    expect(trustProxy('true')).toBe(true);
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy('loopback, 10.0.0.0/8,2001:db8::1')).toEqual(['loopback', '10.0.0.0/8', '2001:db8::1']);
  });

  it('refuses anything else at start-up', () => {
    expect(() => trustProxy('yes')).toThrow(ConfigError);
    expect(() => trustProxy('10.0.0.0/8/1')).toThrow(/TRUST_PROXY must be/);
  });
});
