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

describe('CONNECTOR_KEY', () => {
  const base = { DATA_DIR: '/nonexistent', JWT_SECRET: 'x'.repeat(32) };
  const key = Buffer.alloc(32, 9).toString('base64');

  it('is 32 bytes of base64', () => {
    expect(loadConfig({ ...base, CONNECTOR_KEY: key }).connectorKey).toEqual(Buffer.alloc(32, 9));
  });

  it('refuses a key of another length or not base64 at start-up', () => {
    expect(() => loadConfig({ ...base, CONNECTOR_KEY: Buffer.alloc(16).toString('base64') })).toThrow(
      /CONNECTOR_KEY must be 32 bytes/,
    );
    expect(() => loadConfig({ ...base, CONNECTOR_KEY: `${key.slice(0, -2)}!!` })).toThrow(ConfigError);
  });

  it('without it, is derived from JWT_SECRET: every process of a cluster reads the same credentials', () => {
    const derived = loadConfig({ ...base, DATABASE_URL: 'postgres://localhost/x' }).connectorKey;
    expect(derived).toHaveLength(32);
    expect(loadConfig(base).connectorKey).toEqual(derived);
    expect(loadConfig({ ...base, JWT_SECRET: 'y'.repeat(32) }).connectorKey).not.toEqual(derived);
  });
});
