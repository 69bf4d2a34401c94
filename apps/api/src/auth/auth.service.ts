import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DataSource } from 'typeorm';
import type { LoginResponse, Role } from '@leaderboard/contracts';
import { Clock, SystemClock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { apiTokenKindOf } from './api-token.util.js';
import { clientAddressKey, LoginThrottle } from './login-throttle.js';
import { hashPassword, needsRehash, verifyPassword } from './password-hasher.js';
import { passwordProblem } from './password-policy.js';
import type { Principal } from './principal.js';
import { TokensService } from './tokens.service.js';
import { normalizeEmail, UsersService } from './users.service.js';

/** The claims of a user access token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  repId: string | null;
  /** The user's session version when the token was issued; a later change voids the token. */
  ver: number;
  /** Set by the JWT library when signing (seconds since the epoch). */
  iat?: number;
  exp?: number;
}

/** How far a token's issue time may lie in the future (clocks of several processes drift). */
const CLOCK_SKEW_SEC = 60;

export const GENERATED_ADMIN_EMAIL = 'admin@leaderboard.local';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOGIN_FAILED = 'Wrong e-mail or password';

/** The first admin's password from the environment does not pass the password policy. */
export class WeakAdminPasswordError extends Error {}

/** The 429 of a throttled login (SPEC 9 body; `Retry-After` in seconds). */
function loginThrottled(retryAfterMs: number): DomainError {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new DomainError(
    'TOO_MANY_REQUESTS',
    `Too many failed logins; try again in ${seconds} s`,
    [{ code: 'LOGIN_THROTTLED', message: `retry after ${seconds} s` }],
    seconds,
  );
}

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
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly tokens: TokensService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.throttle = new LoginThrottle(dataSource, undefined, () => this.clock.now());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureFirstAdmin();
  }

  /**
   * Same answer, and about the same time, for an unknown e-mail and a wrong password. Throttled per
   * client address, per account and address, and (only slowing) per account: see LoginThrottle.
   */
  async login(email: string, password: string, clientIp?: string): Promise<LoginResponse> {
    const key = normalizeEmail(email);
    const address = clientAddressKey(clientIp);
    const answer = await this.throttle.withSlot(address, async () => {
      const { retryAfterMs } = await this.throttle.check(key, address);
      if (retryAfterMs > 0) throw loginThrottled(retryAfterMs);
      const user = await this.users.findByEmailWithHash(key);
      const ok = user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyPassword(password, await this.dummyPasswordHash());
      if (!user || !ok || user.disabledAt) {
        await this.throttle.recordFailure(key, address);
        throw new DomainError('UNAUTHENTICATED', LOGIN_FAILED);
      }
      await this.throttle.recordSuccess(key, address);
      if (needsRehash(user.passwordHash)) {
        await this.users.replacePasswordHash(user.id, await hashPassword(password));
      }
      const claims: AccessTokenClaims = {
        sub: user.id,
        role: user.role,
        repId: user.repId,
        ver: user.sessionVersion,
      };
      return { accessToken: await this.jwt.signAsync(claims), role: user.role };
    });
    if (answer === null) throw loginThrottled(1_000);
    return answer;
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
    if (fromConfig) {
      // Refuse to start rather than create an admin anyone could guess.
      const problem = passwordProblem(password, 'admin', [email, 'Admin']);
      if (problem !== null) {
        throw new WeakAdminPasswordError(
          `ADMIN_PASSWORD is refused: it ${problem}. Set a stronger one (e.g. four unrelated words), or unset ADMIN_EMAIL and ADMIN_PASSWORD to have a random one generated`,
        );
      }
    }
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
    if (!this.lifetimeAcceptable(claims)) return null;
    // The current row decides: a disabled user is out, and a token from before a role or
    // password change (another session version) is void.
    const user = await this.users.findActive(claims.sub);
    if (!user || claims.ver !== user.sessionVersion) return null;
    return {
      kind: 'user',
      userId: user.id,
      role: user.role,
      repId: user.repId,
      email: user.email,
      expiresAt: claims.exp! * 1000,
    };
  }

  /** A token must expire, and not later than the configured lifetime after it was issued. */
  private lifetimeAcceptable(claims: AccessTokenClaims): boolean {
    const { iat, exp } = claims;
    if (!Number.isInteger(iat) || !Number.isInteger(exp) || !Number.isInteger(claims.ver)) return false;
    if (iat! > this.clock.now() / 1000 + CLOCK_SKEW_SEC) return false;
    return exp! > iat! && exp! - iat! <= this.config.jwtTtlSeconds;
  }

  private dummyPasswordHash(): Promise<string> {
    this.dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
    return this.dummyHash;
  }
}
