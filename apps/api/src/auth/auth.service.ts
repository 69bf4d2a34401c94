import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import type { LoginResponse, Role } from '@leaderboard/contracts';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { apiTokenKindOf } from './api-token.util.js';
import { LoginThrottle } from './login-throttle.js';
import { hashPassword, needsRehash, verifyPassword } from './password-hasher.js';
import type { Principal } from './principal.js';
import { TokensService } from './tokens.service.js';
import { normalizeEmail, UsersService } from './users.service.js';

/** The claims of a user access token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  repId: string | null;
  /** Set by the JWT library when signing (seconds since the epoch). */
  exp?: number;
}

export const GENERATED_ADMIN_EMAIL = 'admin@leaderboard.local';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOGIN_FAILED = 'Wrong e-mail or password';

export type FirstAdminResult =
  { created: false } | { created: true; email: string; generatedPassword: string | null };

/** The boxed message that shows a generated admin password, once. */
export function firstAdminBanner(email: string, password: string): string {
  const lines = [
    'First admin created — shown once, change it after logging in',
    '',
    `  email:    ${email}`,
    `  password: ${password}`,
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const bar = '═'.repeat(width + 2);
  return [`╔${bar}╗`, ...lines.map((l) => `║ ${l.padEnd(width)} ║`), `╚${bar}╝`].join('\n') + '\n';
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private dummyHash: Promise<string> | null = null;
  private readonly throttle = new LoginThrottle();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureFirstAdmin();
  }

  /** Same answer, and about the same time, for an unknown e-mail and a wrong password. */
  async login(email: string, password: string): Promise<LoginResponse> {
    const key = normalizeEmail(email);
    const retryAfterMs = this.throttle.retryAfterMs(key);
    if (retryAfterMs > 0) {
      const minutes = Math.ceil(retryAfterMs / 60_000);
      throw new DomainError('UNAUTHENTICATED', `Too many failed logins; try again in ${minutes} min`, [
        { code: 'LOGIN_THROTTLED', message: `retry after ${Math.ceil(retryAfterMs / 1000)} s` },
      ]);
    }
    const user = await this.users.findByEmailWithHash(key);
    if (!user) {
      await verifyPassword(password, await this.dummyPasswordHash());
      this.throttle.recordFailure(key);
      throw new DomainError('UNAUTHENTICATED', LOGIN_FAILED);
    }
    const ok = await verifyPassword(password, user.passwordHash);
    if (!ok || user.disabledAt) {
      this.throttle.recordFailure(key);
      throw new DomainError('UNAUTHENTICATED', LOGIN_FAILED);
    }
    this.throttle.recordSuccess(key);
    if (needsRehash(user.passwordHash)) {
      await this.users.replacePasswordHash(user.id, await hashPassword(password));
    }
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, repId: user.repId };
    return { accessToken: await this.jwt.signAsync(claims), role: user.role };
  }

  /**
   * Who presents `token`: a user's JWT, a `dsp_` display token or an `int_` integration token.
   * Throws DomainError UNAUTHENTICATED for anything unknown, expired, revoked or disabled.
   * Used by the HTTP guard and by the websocket gateway for its handshake.
   */
  async authenticate(token: string): Promise<Principal> {
    const principal = apiTokenKindOf(token)
      ? await this.tokens.authenticate(token)
      : await this.userOf(token);
    if (!principal) throw new DomainError('UNAUTHENTICATED', 'The token is invalid, expired or revoked');
    return principal;
  }

  /**
   * Creates the first admin when there is no active admin: from ADMIN_EMAIL / ADMIN_PASSWORD, or
   * `admin@leaderboard.local` with a random password printed once. Safe when several processes start
   * together: the unique e-mail lets exactly one insert win, and only the winner prints.
   */
  async ensureFirstAdmin(): Promise<FirstAdminResult> {
    const existing: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM users WHERE role = 'admin' AND disabled_at IS NULL LIMIT 1`,
    );
    if (existing.length > 0) return { created: false };

    const fromConfig = this.config.adminEmail !== null && this.config.adminPassword !== null;
    const email = normalizeEmail(fromConfig ? this.config.adminEmail! : GENERATED_ADMIN_EMAIL);
    const password = fromConfig ? this.config.adminPassword! : randomBytes(18).toString('base64url');
    const inserted: unknown[] = await this.dataSource.query(
      `INSERT INTO users (email, password_hash, role, display_name)
       VALUES ($1, $2, 'admin', 'Admin')
       ON CONFLICT (email) DO NOTHING
       RETURNING id`,
      [email, await hashPassword(password)],
    );
    if (inserted.length === 0) {
      const raced: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM users WHERE email = $1 AND role = 'admin' AND disabled_at IS NULL`,
        [email],
      );
      if (raced.length === 0) {
        this.logger.warn(
          `No active admin, and ${email} already belongs to a non-admin or disabled user; none created`,
        );
      }
      return { created: false };
    }
    if (fromConfig) {
      this.logger.log(`First admin created from ADMIN_EMAIL: ${email}`);
      return { created: true, email, generatedPassword: null };
    }
    process.stdout.write(firstAdminBanner(email, password));
    return { created: true, email, generatedPassword: password };
  }

  private async userOf(token: string): Promise<Principal | null> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) return null;
    // The current row decides: a disabled user is out, and a changed role applies at once.
    const user = await this.users.findActive(claims.sub);
    if (!user) return null;
    return {
      kind: 'user',
      userId: user.id,
      role: user.role,
      repId: user.repId,
      email: user.email,
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
    };
  }

  private dummyPasswordHash(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
    return this.dummyHash;
  }
}
