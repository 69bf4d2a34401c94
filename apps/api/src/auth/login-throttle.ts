import { createHash } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import { DataSource } from 'typeorm';

/** One counter of failed logins: how many are free, then a delay that doubles per failure. */
export interface BackoffRule {
  /** Failures allowed before any delay. */
  free: number;
  /** The delay after the first failure past `free`; it doubles with each further one. */
  baseMs: number;
  maxMs: number;
}

/**
 * The three counters (numbers and reasons in SECURITY.md):
 * - `address`: failures from one client address over all e-mails (password spraying);
 * - `accountAddress`: failures for one e-mail from one address (guessing one account). It never
 *   refuses another address, so an attacker cannot lock the real user out;
 * - `account`: failures for one e-mail from every address (a botnet guessing one account). It
 *   only slows: it refuses addresses that already failed on this account, at most `maxMs`, and
 *   never a new address.
 */
export const LOGIN_BACKOFF = {
  address: { free: 20, baseMs: 1_000, maxMs: 15 * 60_000 },
  accountAddress: { free: 5, baseMs: 1_000, maxMs: 15 * 60_000 },
  account: { free: 20, baseMs: 1_000, maxMs: 60_000 },
} satisfies Record<string, BackoffRule>;

/** A counter with no failure for this long starts over (and its row may be pruned). */
export const LOGIN_FAILURES_FORGOTTEN_AFTER_MS = 60 * 60_000;
/** At most this many counters are stored; beyond it the least recently failed are dropped first. */
export const LOGIN_THROTTLE_MAX_ROWS = 100_000;
/** Pruning runs after this many recorded failures of this process, or this long after the last. */
const PRUNE_EVERY_FAILURES = 500;
const PRUNE_EVERY_MS = 60_000;
/** At most this many logins of one address are checked at once by one process. */
export const LOGIN_MAX_IN_FLIGHT_PER_ADDRESS = 4;

/** The delay a counter at `failures` imposes after its last failure. */
export function backoffMs(rule: BackoffRule, failures: number): number {
  if (failures <= rule.free) return 0;
  return Math.min(rule.baseMs * 2 ** Math.min(failures - rule.free - 1, 30), rule.maxMs);
}

/** A stored counter as read: its failures and how long ago the last one was (database clock). */
export interface CounterState {
  failures: number;
  ageMs: number;
}

/** How long a counter still refuses, 0 when it lets a try through. */
export function retryAfterMs(rule: BackoffRule, state: CounterState | undefined): number {
  if (!state || state.ageMs >= LOGIN_FAILURES_FORGOTTEN_AFTER_MS) return 0;
  return Math.max(0, backoffMs(rule, state.failures) - state.ageMs);
}

/**
 * The address a throttle counts: IPv4 as is (IPv4-mapped IPv6 as IPv4), IPv6 by its /64 (one
 * host commonly holds a whole /64).
 */
export function clientAddressKey(ip: string | undefined): string {
  if (!ip) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(ip)) return ip;
  if (!isIPv6(ip)) return ip;
  const [head, tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

function keyOf(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}

/** What a login attempt's counters say. */
export interface ThrottleDecision {
  /** 0: the attempt may go on; else how long until it may. */
  retryAfterMs: number;
}

/**
 * Failed-login counters shared by every API process through the `login_throttle` table (the
 * database is always there when a login can be checked at all; Redis may not be). Keys are
 * hashes, so the table holds neither e-mails nor addresses. The clock is the database's, so
 * processes with drifting clocks agree. Bounded: expired rows and the oldest beyond
 * `maxRows` are pruned regularly (never all of them).
 */
export class LoginThrottle {
  private failuresSincePrune = 0;
  private lastPruneAt: number;
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly maxRows: number = LOGIN_THROTTLE_MAX_ROWS,
    private readonly now: () => number = Date.now,
  ) {
    this.lastPruneAt = now();
  }

  private keys(email: string, address: string): { address: string; account: string; accountAddress: string } {
    return {
      address: keyOf('address', address),
      account: keyOf('account', email),
      accountAddress: keyOf('account-address', email, address),
    };
  }

  /** Whether `address` may try a password for `email` now. */
  async check(email: string, address: string): Promise<ThrottleDecision> {
    const keys = this.keys(email, address);
    const rows: Array<{ key: string; failures: number; age_ms: number | string }> =
      await this.dataSource.query(
        `SELECT key, failures, EXTRACT(EPOCH FROM (now() - last_failure_at)) * 1000 AS age_ms
       FROM login_throttle WHERE key = ANY($1)`,
        [[keys.address, keys.account, keys.accountAddress]],
      );
    const state = new Map(rows.map((r) => [r.key, { failures: r.failures, ageMs: Number(r.age_ms) }]));
    const accountAddress = state.get(keys.accountAddress);
    const knownAddress =
      accountAddress !== undefined && accountAddress.ageMs < LOGIN_FAILURES_FORGOTTEN_AFTER_MS;
    return {
      retryAfterMs: Math.max(
        retryAfterMs(LOGIN_BACKOFF.address, state.get(keys.address)),
        retryAfterMs(LOGIN_BACKOFF.accountAddress, accountAddress),
        // The account-wide counter never refuses an address that has not failed on this account.
        knownAddress ? retryAfterMs(LOGIN_BACKOFF.account, state.get(keys.account)) : 0,
      ),
    };
  }

  /** Counts a failed login on all three counters (one statement, atomic per counter). */
  async recordFailure(email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    await this.dataSource.query(
      `INSERT INTO login_throttle AS t (key, failures, last_failure_at)
       SELECT key, 1, now() FROM unnest($1::text[]) AS key
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at < now() - $2 * interval '1 millisecond'
                         THEN 1 ELSE t.failures + 1 END,
         last_failure_at = now()`,
      [[keys.address, keys.account, keys.accountAddress], LOGIN_FAILURES_FORGOTTEN_AFTER_MS],
    );
    this.failuresSincePrune++;
    if (this.failuresSincePrune >= PRUNE_EVERY_FAILURES || this.now() - this.lastPruneAt >= PRUNE_EVERY_MS) {
      await this.prune();
    }
  }

  /**
   * The right password from this address: its counter for this account starts over. The address
   * and account-wide counters stay (one known password must not reset a spray or a botnet).
   */
  async recordSuccess(email: string, address: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_throttle WHERE key = $1`, [
      this.keys(email, address).accountAddress,
    ]);
  }

  /** Drops forgotten counters, then the least recently failed beyond `maxRows`. */
  async prune(): Promise<void> {
    this.failuresSincePrune = 0;
    this.lastPruneAt = this.now();
    await this.dataSource.query(
      `DELETE FROM login_throttle WHERE last_failure_at < now() - $1 * interval '1 millisecond'`,
      [LOGIN_FAILURES_FORGOTTEN_AFTER_MS],
    );
    await this.dataSource.query(
      `DELETE FROM login_throttle WHERE key IN (
         SELECT key FROM login_throttle ORDER BY last_failure_at DESC, key OFFSET $1)`,
      [this.maxRows],
    );
  }

  /**
   * Runs `attempt` unless this process already checks `LOGIN_MAX_IN_FLIGHT_PER_ADDRESS` logins of
   * `address` (then null): a burst of parallel tries cannot all pass the check before the first
   * failure is counted. The map holds only addresses with a login in flight.
   */
  async withSlot<T>(address: string, attempt: () => Promise<T>): Promise<T | null> {
    const running = this.inFlight.get(address) ?? 0;
    if (running >= LOGIN_MAX_IN_FLIGHT_PER_ADDRESS) return null;
    this.inFlight.set(address, running + 1);
    try {
      return await attempt();
    } finally {
      const left = (this.inFlight.get(address) ?? 1) - 1;
      if (left <= 0) this.inFlight.delete(address);
      else this.inFlight.set(address, left);
    }
  }
}
