import { Global, Module } from '@nestjs/common';

/**
 * The one source of "now" for services: inject `Clock` instead of calling `Date.now()`, so a test
 * can move time (the first or last day of a month, a window that ends) without waiting for it.
 */
export abstract class Clock {
  /** Milliseconds since the epoch, like `Date.now()`. */
  abstract now(): number;
}

/** Wall time. */
export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}

/** A clock a test sets and moves by hand. */
export class ManualClock extends Clock {
  constructor(private current: number) {
    super();
  }

  now(): number {
    return this.current;
  }

  set(ms: number): void {
    this.current = ms;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}

/** Provides `Clock` (wall time) to every module; tests replace it with `overrideProvider(Clock)`. */
@Global()
@Module({ providers: [{ provide: Clock, useClass: SystemClock }], exports: [Clock] })
export class ClockModule {}
