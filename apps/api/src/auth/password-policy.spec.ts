import type { JwtService } from '@nestjs/jwt';
import type { DataSource } from 'typeorm';
import { testConfig } from '../test-support/test-app.js';
import { AuthService, WeakAdminPasswordError } from './auth.service.js';
import { passwordProblem } from './password-policy.js';
import type { TokensService } from './tokens.service.js';
import type { UsersService } from './users.service.js';

describe('passwordProblem', () => {
  it('accepts strong passwords and passphrases for every role', () => {
    expect(passwordProblem('correct horse battery', 'admin')).toBeNull();
    expect(passwordProblem('Otter-Lantern-Quarry-91', 'manager', ['anna@example.com'])).toBeNull();
    expect(passwordProblem('zq7-Lmv-88k', 'rep')).toBeNull();
  });

  it('refuses short, blank, common and context passwords', () => {
    expect(passwordProblem('Ab3$xyz', 'rep')).toBe('must be at least 8 characters');
    expect(passwordProblem('Ab3$xyz!9k', 'admin')).toBe('must be at least 12 characters for an admin');
    expect(passwordProblem(' '.repeat(12), 'rep')).toBe('must not be only spaces');
    expect(passwordProblem('password', 'rep')).toMatch(/one of the most common passwords/);
    expect(passwordProblem('Ivan.Petrov.1990', 'rep', ['ivan.petrov@example.com'])).toMatch(
      /e-mail, the name/,
    );
    expect(passwordProblem('MyLeaderboard#1', 'rep')).toMatch(/product name/);
  });

  it('counts characters, not UTF-16 units (NIST: each Unicode character counts once)', () => {
    expect(passwordProblem('🦊🦊🦊🦊', 'rep')).toBe('must be at least 8 characters');
  });
});

describe('the first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  const start = (adminPassword: string): Promise<unknown> => {
    // No admin yet, so the configured one would be created.
    const dataSource = { query: () => Promise.resolve([]) } as unknown as DataSource;
    const auth = new AuthService(
      testConfig({ adminEmail: 'chief@example.com', adminPassword }),
      {} as JwtService,
      {} as UsersService,
      {} as TokensService,
      dataSource,
    );
    return auth.ensureFirstAdmin();
  };

  it('refuses to start with a weak password, saying why and what to do', async () => {
    await expect(start('password1234')).rejects.toThrow(WeakAdminPasswordError);
    await expect(start('chief-password')).rejects.toThrow(
      /ADMIN_PASSWORD is refused: it must not contain the e-mail.*unset ADMIN_EMAIL and ADMIN_PASSWORD/,
    );
  });
});
