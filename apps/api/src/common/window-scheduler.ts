import { Global, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { Clock } from './clock.js';

/** setTimeout holds at most ~24.8 days. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * "Call me when this window ends": each caller names its window (`rollover`, `competitions`) and
 * the instant it ends; one timer runs, for the earliest of them, on the injected Clock. A window
 * named again replaces the previous wish of that name. Callbacks run once; they usually plan their
 * next window themselves.
 */
@Injectable()
export class WindowScheduler implements OnModuleDestroy {
  private readonly due = new Map<string, { at: number; run: () => void }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;

  constructor(private readonly clock: Clock) {}

  /** Runs `run` once `at` has come (at once when it has), instead of what `name` asked before. */
  at(name: string, at: number, run: () => void): void {
    if (this.stopped) return;
    this.due.set(name, { at, run });
    this.arm();
  }

  cancel(name: string): void {
    this.due.delete(name);
    if (this.due.size === 0) this.disarm();
  }

  /** When `name` is due, if planned (for tests and logs). */
  dueAt(name: string): number | undefined {
    return this.due.get(name)?.at;
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.due.clear();
    this.disarm();
  }

  private arm(): void {
    let next = Number.POSITIVE_INFINITY;
    for (const { at } of this.due.values()) next = Math.min(next, at);
    if (next === this.timerAt && this.timer) return;
    this.disarm();
    if (next === Number.POSITIVE_INFINITY) return;
    this.timerAt = next;
    this.timer = setTimeout(() => this.fire(), Math.min(Math.max(0, next - this.clock.now()), MAX_TIMER_MS));
    this.timer.unref?.();
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
  }

  private fire(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.clock.now();
    const ready = [...this.due].filter(([, wish]) => wish.at <= now);
    for (const [name] of ready) this.due.delete(name);
    for (const [, { run }] of ready) run();
    this.arm();
  }
}

/** The one WindowScheduler of the app, for every module (needs the global ClockModule). */
@Global()
@Module({ providers: [WindowScheduler], exports: [WindowScheduler] })
export class WindowSchedulerModule {}
