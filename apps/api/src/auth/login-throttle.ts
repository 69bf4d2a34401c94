/**
 * Slows password guessing: after `maxFailures` failed logins for one e-mail within `windowMs`, that
 * e-mail is refused until the window has passed. Counted per e-mail whether or not the user exists,
 * so the refusal tells nothing about which e-mails are real. In memory, per process: several
 * processes each allow their own budget, which still bounds guessing.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {}

  /** Milliseconds until `key` may try again, or 0 when it may try now. */
  retryAfterMs(key: string): number {
    const recent = this.recent(key);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(0, recent[recent.length - this.maxFailures]! + this.windowMs - this.now());
  }

  recordFailure(key: string): void {
    if (this.failures.size >= this.maxKeys && !this.failures.has(key)) this.prune();
    const recent = this.recent(key);
    recent.push(this.now());
    this.failures.set(key, recent.slice(-this.maxFailures));
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string): number[] {
    const since = this.now() - this.windowMs;
    return (this.failures.get(key) ?? []).filter((t) => t > since);
  }

  private prune(): void {
    for (const key of [...this.failures.keys()]) {
      if (this.recent(key).length === 0) this.failures.delete(key);
    }
    // Still full of live entries (a spray over many e-mails): start over rather than grow without bound.
    if (this.failures.size >= this.maxKeys) this.failures.clear();
  }
}
