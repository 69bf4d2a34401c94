import type { Clock } from '../common/clock.js';
import type { PublishCost } from './flush-report.js';

/** After a failed projection write, wait this long before the next attempt. */
const RETRY_MS = 1000;

/**
 * The share of this process's time that publishing flushes may take. With more screens than one
 * interval's fan-out can reach (docs/benchmarks.md, "Live push"), flushes space out instead of leaving
 * no time for the requests: fewer, larger deltas, and POSTs still answered.
 */
const MAX_PUBLISH_SHARE = 0.5;

export interface FlushSchedulerOptions {
  /** The shortest time between two flushes (`LIVE_MAX_EMITS_PER_SEC`). */
  intervalMs: number;
  clock: Clock;
  /** What publishing a flush costs lately (see PublishMeter). */
  cost: PublishCost;
  /** Whether changes wait for a write. */
  pending: () => boolean;
  /** Writes (and publishes) what is pending; a rejection is retried after RETRY_MS. */
  write: () => Promise<void>;
  /** A write planned by the timer failed (it is retried). */
  failed: (error: unknown) => void;
}

/**
 * Coalesces flushes: at most one write runs at a time, no sooner than one interval after the
 * previous one started nor sooner than the recent publishing cost allows, and a failed write is
 * tried again after RETRY_MS.
 */
export class FlushScheduler {
  private readonly waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastFailed = false;
  private lastStartedAt = 0;

  constructor(private readonly options: FlushSchedulerOptions) {}

  /** The write under way, if any. */
  get inFlight(): Promise<void> | null {
    return this.running;
  }

  /** Plans the next write (unless one is planned or running). */
  schedule(delayMs?: number): void {
    if (this.timer || this.running) return;
    const { intervalMs, cost, clock } = this.options;
    const spacing = Math.max(intervalMs, cost.costMs / MAX_PUBLISH_SHARE);
    const wait = delayMs ?? Math.max(0, this.lastStartedAt + spacing - clock.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.writeNow().catch((error: unknown) => this.options.failed(error));
    }, wait);
  }

  /** Waits for the next write that starts after this call (scheduling one if none is planned). */
  next(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.schedule();
    });
  }

  /** Writes what is pending now, without waiting for the interval (tests, shutdown). */
  async idle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.options.pending()) await this.writeNow();
    while (this.running) await this.running;
  }

  /** Writes the pending changes once; waiters registered before it started are answered by it. */
  private writeNow(): Promise<void> {
    if (this.running) return this.running.then(() => this.writeNow());
    const waiters = this.waiters.splice(0);
    this.lastStartedAt = this.options.clock.now();
    const run = this.options.write();
    this.running = run
      .then(
        () => {
          this.lastFailed = false;
          for (const w of waiters) w.resolve();
        },
        (error: unknown) => {
          this.lastFailed = true;
          for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => {
        this.running = null;
        if (this.options.pending() || this.waiters.length > 0) {
          this.schedule(this.lastFailed ? RETRY_MS : undefined);
        }
      });
    return run;
  }
}
