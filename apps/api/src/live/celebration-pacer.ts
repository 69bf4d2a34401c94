import type { Celebration } from '@leaderboard/contracts';

/** How many celebrations wait at most; beyond that the least notable one is dropped. */
export const CELEBRATION_QUEUE_MAX = 20;

/** Higher is more notable: a new tier beats any deal, a bigger deal beats a smaller one. */
function notability(celebration: Celebration): number {
  return celebration.kind === 'tier' ? Number.MAX_SAFE_INTEGER : (celebration.amount ?? 0);
}

/**
 * Celebrations paced for a screen that shows one at a time for a few seconds: at most `perSecond`
 * leave, the first of a quiet spell at once. A burst (a CRM import of 200 won deals) would
 * otherwise send every TV 200 messages it cannot show; the queue keeps the `max` most notable, in
 * the order they happened. Timers are passed in so tests can drive time.
 */
export class CelebrationPacer {
  private readonly queue: Celebration[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly gapMs: number;

  constructor(
    perSecond: number,
    private readonly send: (celebration: Celebration) => void,
    private readonly max = CELEBRATION_QUEUE_MAX,
  ) {
    this.gapMs = 1000 / perSecond;
  }

  get waiting(): number {
    return this.queue.length;
  }

  push(celebration: Celebration): void {
    if (this.timer === null) {
      this.send(celebration);
      this.schedule();
      return;
    }
    this.queue.push(celebration);
    if (this.queue.length > this.max) {
      // Drop the least notable; among equals the oldest, which a screen would show last anyway.
      let drop = 0;
      for (let i = 1; i < this.queue.length; i++) {
        if (notability(this.queue[i]) < notability(this.queue[drop])) drop = i;
      }
      this.queue.splice(drop, 1);
    }
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queue.length = 0;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      const next = this.queue.shift();
      if (next === undefined) {
        this.timer = null;
        return;
      }
      this.send(next);
      this.schedule();
    }, this.gapMs);
    this.timer.unref?.();
  }
}
