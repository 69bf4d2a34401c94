import { channel } from 'node:diagnostics_channel';
import type { BoardRef, BoardResponse } from '@leaderboard/contracts';

/**
 * What the screens of one board get from a flush, built by the writer: the whole board at its new
 * seq (`board`: the live layer, which knows what the screens hold, sends the rows that differ as a
 * `board:delta`), or a snapshot they must start over from (`snapshot`: a rep joined, left or changed).
 */
export type BoardMessage =
  { kind: 'board'; board: BoardResponse } | { kind: 'snapshot'; snapshot: BoardResponse };

/** One board whose seq a coalesced write bumped. */
export interface FlushedBoard {
  ref: BoardRef;
  key: string;
  seq: number;
  /** The rows (reps, or teams) whose totals changed there (others may have moved in rank). */
  repIds: string[];
  /** A rep joined, left or changed on this board: deltas cannot say it, so a snapshot goes. */
  reset: boolean;
  /**
   * The message for its screens; null when none shows it (a past instance, a deleted
   * competition, a board the audience does not watch).
   */
  message: BoardMessage | null;
}

/** One coalesced write: every board whose seq it bumped, with what to send them. */
export interface FlushReport {
  boards: FlushedBoard[];
}

/**
 * Who receives the flushes (the live layer): which boards have screens, so that the writer
 * builds rows only for those. Without one no message is built.
 */
export interface FlushAudience {
  watches(ref: BoardRef): boolean;
}

/** How long publishing a flush holds this process (ms), as the flush scheduler spaces flushes by it. */
export interface PublishCost {
  readonly costMs: number;
}

/** What one fan-out cost: a flush's publishing, or celebrations sent without a flush. */
export interface FanOutCost {
  kind: 'flush' | 'celebrations';
  wallMs: number;
  /** CPU time of the whole process meanwhile (user + system: the write system calls included). */
  cpuMs: number;
}

/**
 * Every fan-out's cost, for benchmarks and profilers (`diagnostics_channel.subscribe` from a
 * preload: the live bench reports CPU-ms per flush from it). Nothing is measured while nobody
 * listens.
 */
export const FAN_OUT_COSTS = channel('leaderboard:live:fan-out');

/** Runs a fan-out; its cost goes to FAN_OUT_COSTS when someone listens. */
export function timeFanOut<T>(kind: FanOutCost['kind'], fanOut: () => T): T {
  const cpu = FAN_OUT_COSTS.hasSubscribers ? process.cpuUsage() : null;
  const started = performance.now();
  try {
    return fanOut();
  } finally {
    if (cpu) {
      const used = process.cpuUsage(cpu);
      const wallMs = performance.now() - started;
      FAN_OUT_COSTS.publish({ kind, wallMs, cpuMs: (used.user + used.system) / 1000 } satisfies FanOutCost);
    }
  }
}

/**
 * Measures publishing (building a flush's messages and handing them to the listeners, which send
 * them): a moving average, so one flush that also carried a celebration does not hold the next
 * one back.
 */
export class PublishMeter implements PublishCost {
  private average = 0;

  get costMs(): number {
    return this.average;
  }

  time<T>(publish: () => T): T {
    const started = performance.now();
    try {
      return timeFanOut('flush', publish);
    } finally {
      this.average = (this.average + (performance.now() - started)) / 2;
    }
  }
}
