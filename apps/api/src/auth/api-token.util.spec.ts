import { createHash } from 'node:crypto';
import { apiTokenKindOf, generateApiToken, hashApiToken } from './api-token.util.js';

describe('API tokens', () => {
  it.each([
    ['display', 'dsp_'],
    ['integration', 'int_'],
  ] as const)('a %s token starts with %s and carries 32 random bytes', (kind, prefix) => {
    const { token, hash, prefix: shown } = generateApiToken(kind);
    expect(token.startsWith(prefix)).toBe(true);
    expect(Buffer.from(token.slice(4), 'base64url')).toHaveLength(32);
    expect(token).toMatch(/^[a-z]{3}_[A-Za-z0-9_-]{43}$/);
    expect(shown).toBe(token.slice(0, 8));
    expect(hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(apiTokenKindOf(token)).toBe(kind);
  });

  it('never repeats a token', () => {
    const tokens = new Set(Array.from({ length: 200 }, () => generateApiToken('display').token));
    expect(tokens.size).toBe(200);
  });

  it('hashes deterministically to 64 hex characters, different per token', () => {
    expect(hashApiToken('dsp_abc')).toBe(hashApiToken('dsp_abc'));
    expect(hashApiToken('dsp_abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiToken('dsp_abc')).not.toBe(hashApiToken('dsp_abd'));
  });

  it('treats anything without a known prefix (a JWT) as not an opaque token', () => {
    expect(apiTokenKindOf('eyJhbGciOiJIUzI1NiJ9.e30.x')).toBeNull();
    expect(apiTokenKindOf('DSP_abc')).toBeNull();
    expect(apiTokenKindOf('')).toBeNull();
  });
});
