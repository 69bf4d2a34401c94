import { hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

/** Typed configuration, read and validated once at start-up. Nothing else reads process.env. */
export interface AppConfig {
  port: number;
  /** PostgreSQL server URL; when absent the embedded PGlite under `dataDir` is used. */
  databaseUrl: string | null;
  dataDir: string;
  jwtSecret: string;
  /**
   * The AES-256-GCM key of connector credentials (CONNECTOR_KEY, 32 bytes in base64); without it,
   * derived from JWT_SECRET when that is set, else generated once into the data dir.
   */
  connectorKey: Buffer;
  jwtTtlSeconds: number;
  adminEmail: string | null;
  adminPassword: string | null;
  /** Seed the demo org and run the simulator (embedded mode only by default). */
  demo: boolean;
  /** Directory with the built web app, served at `/`; null to serve none. */
  webDir: string | null;
  redisUrl: string | null;
  /**
   * At most this many projection writes, seq bumps and live deltas per board per second
   * (LIVE_MAX_EMITS_PER_SEC): changes in between are coalesced into the next one.
   */
  liveMaxEmitsPerSec: number;
  /**
   * How far back, in days, the scoring engine keeps events in memory at least
   * (SCORING_LATE_WINDOW_DAYS): days before the start of the month that many days ago, and closed
   * months, roll out of memory (see ARCHITECTURE.md "Memory bounded by what is open"). Default 35;
   * 0 keeps every event in memory.
   */
  scoringLateWindowDays: number;
  /**
   * At most this many `celebration` messages per second from one process
   * (LIVE_MAX_CELEBRATIONS_PER_SEC): a TV shows one at a time; a burst keeps its most notable.
   */
  liveMaxCelebrationsPerSec: number;
  /**
   * Origins allowed to open a live socket (LIVE_ALLOWED_ORIGINS, comma-separated, e.g.
   * `https://tv.example.com`); empty: only the API's own origin. Clients that send no Origin
   * (TV apps, scripts) still need a token.
   */
  liveAllowedOrigins: string[];
  logLevel: 'error' | 'warn' | 'log' | 'debug';
  /**
   * Suggested targets (SPEC 6): the median of a rep's last 3 periods of won amount plus this many
   * percent (KPI_TARGET_STRETCH_PCT, default 10).
   */
  kpiTargetStretchPct: number;
  /**
   * At most one `kpis:changed` hint per this many ms (KPI_LIVE_HINT_MS, default 3000): the KPI
   * screens (/me, the /admin KPIs tab) read again after the rollups moved, this often at most.
   */
  kpiLiveHintMs: number;
  /**
   * A payout above this many minor units needs a second approval by another manager or admin
   * (PAYOUT_SECOND_APPROVAL_ABOVE, default 10000000 = 100,000.00).
   */
  payoutSecondApprovalAbove: number;
  /**
   * Which proxies in front of the API may name the client address through `X-Forwarded-For`
   * (TRUST_PROXY, Express's `trust proxy`): `false` (default: the socket's peer is the client),
   * a hop count, or a comma-separated list of addresses, CIDRs or `loopback`/`linklocal`/
   * `uniquelocal`. Login throttling counts per client address, so trust only your own proxies.
   */
  trustProxy: boolean | number | string[];
}

export const APP_CONFIG = Symbol('APP_CONFIG');

/**
 * Several API processes may share the database: the PostgreSQL server and Redis are both
 * configured. Then one elected process writes the projection and the others follow the ledger.
 */
export function clusterMode(config: Pick<AppConfig, 'databaseUrl' | 'redisUrl'>): boolean {
  return config.databaseUrl !== null && config.redisUrl !== null;
}

export class ConfigError extends Error {}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function nonEmpty(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name]?.trim();
  return raw ? raw : null;
}

function originsFrom(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = nonEmpty(env, name);
  if (raw === null) return [];
  return raw.split(',').map((item) => {
    const text = item.trim();
    let origin: string;
    try {
      origin = new URL(text).origin;
    } catch {
      throw new ConfigError(`${name} must list origins like https://tv.example.com, got "${text}"`);
    }
    if (origin === 'null' || origin !== text.replace(/\/$/, '')) {
      throw new ConfigError(`${name} must list origins like https://tv.example.com, got "${text}"`);
    }
    return origin;
  });
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function trustProxyFrom(env: NodeJS.ProcessEnv): AppConfig['trustProxy'] {
  const raw = nonEmpty(env, 'TRUST_PROXY');
  if (raw === null || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return intFrom(env, 'TRUST_PROXY', 0, 0, 100);
  return raw.split(',').map((item) => {
    const text = item.trim();
    const [address, bits, extra] = text.split('/');
    const valid =
      PROXY_NAMES.includes(text) ||
      (isIP(address!) !== 0 && extra === undefined && (bits === undefined || /^\d{1,3}$/.test(bits)));
    if (!valid) {
      throw new ConfigError(
        `TRUST_PROXY must be false, true, a hop count, or addresses/CIDRs/loopback, got "${text}"`,
      );
    }
    return text;
  });
}

/** A secret of the embedded mode (the JWT secret, the connector key): generated once and kept in the data dir. */
function persistedSecret(
  dataDir: string,
  name = 'jwt-secret',
  create = () => randomBytes(48).toString('base64url'),
): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = create();
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}

/**
 * CONNECTOR_KEY when set; else, with a PostgreSQL server, a key derived from JWT_SECRET (every
 * process of a cluster has the same one; rotating JWT_SECRET then makes stored credentials
 * unreadable, so production sets CONNECTOR_KEY); else one generated into the data dir.
 */
function connectorKeyFrom(env: NodeJS.ProcessEnv, jwtFromEnv: string | null, dataDir: string): Buffer {
  const raw = nonEmpty(env, 'CONNECTOR_KEY');
  if (raw === null && jwtFromEnv !== null) {
    return Buffer.from(hkdfSync('sha256', jwtFromEnv, '', 'leaderboard connector key', 32));
  }
  const text = raw ?? persistedSecret(dataDir, 'connector-key', () => randomBytes(32).toString('base64'));
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) {
    throw new ConfigError('CONNECTOR_KEY must be 32 bytes in base64 (openssl rand -base64 32)');
  }
  return key;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const databaseUrl = nonEmpty(env, 'DATABASE_URL');
  const dataDir = resolve(cwd, nonEmpty(env, 'DATA_DIR') ?? '.data');
  const jwtFromEnv = nonEmpty(env, 'JWT_SECRET');
  if (jwtFromEnv !== null && jwtFromEnv.length < 32) {
    throw new ConfigError('JWT_SECRET must be at least 32 characters');
  }
  if (databaseUrl !== null && jwtFromEnv === null) {
    throw new ConfigError('JWT_SECRET is required when DATABASE_URL is set');
  }
  const demoRaw = nonEmpty(env, 'DEMO');
  const logLevel = (nonEmpty(env, 'LOG_LEVEL') ?? 'log') as AppConfig['logLevel'];
  if (!['error', 'warn', 'log', 'debug'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be error, warn, log or debug, got "${logLevel}"`);
  }
  const adminEmail = nonEmpty(env, 'ADMIN_EMAIL');
  const adminPassword = nonEmpty(env, 'ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }
  if (adminPassword !== null && adminPassword.length < 8) {
    throw new ConfigError('ADMIN_PASSWORD must be at least 8 characters');
  }
  const webDir = nonEmpty(env, 'WEB_DIR');
  return {
    port: intFrom(env, 'PORT', 3000, 0, 65535),
    databaseUrl,
    dataDir,
    jwtSecret: jwtFromEnv ?? persistedSecret(dataDir),
    connectorKey: connectorKeyFrom(env, jwtFromEnv, dataDir),
    jwtTtlSeconds: intFrom(env, 'JWT_TTL_SECONDS', 12 * 3600, 60, 90 * 24 * 3600),
    adminEmail,
    adminPassword,
    demo: demoRaw === null ? databaseUrl === null : demoRaw !== '0' && demoRaw !== 'false',
    webDir: webDir === null ? resolve(cwd, 'apps/web/dist') : webDir === 'none' ? null : resolve(cwd, webDir),
    redisUrl: nonEmpty(env, 'REDIS_URL'),
    liveMaxEmitsPerSec: intFrom(env, 'LIVE_MAX_EMITS_PER_SEC', 10, 1, 1000),
    scoringLateWindowDays: intFrom(env, 'SCORING_LATE_WINDOW_DAYS', 35, 0, 3660),
    liveMaxCelebrationsPerSec: intFrom(env, 'LIVE_MAX_CELEBRATIONS_PER_SEC', 1, 1, 100),
    liveAllowedOrigins: originsFrom(env, 'LIVE_ALLOWED_ORIGINS'),
    logLevel,
    kpiTargetStretchPct: intFrom(env, 'KPI_TARGET_STRETCH_PCT', 10, 0, 1000),
    kpiLiveHintMs: intFrom(env, 'KPI_LIVE_HINT_MS', 3000, 100, 600_000),
    payoutSecondApprovalAbove: intFrom(
      env,
      'PAYOUT_SECOND_APPROVAL_ABOVE',
      10_000_000,
      0,
      Number.MAX_SAFE_INTEGER,
    ),
    trustProxy: trustProxyFrom(env),
  };
}
