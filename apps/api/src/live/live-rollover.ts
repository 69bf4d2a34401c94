import { Injectable } from '@nestjs/common';
import { PERIODS, type Period } from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { WindowScheduler } from '../common/window-scheduler.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { LiveSubscriptions } from './live-subscriptions.js';

/** Longest wait between two checks for a period rollover (timers drift; DST moves midnight). */
const ROLLOVER_CHECK_MAX_MS = 60 * 60 * 1000;
/** The WindowScheduler's name for the next period boundary. */
const ROLLOVER_WINDOW = 'live:rollover';

/** Sends fresh snapshots when a day, week, month or quarter starts in the org time zone. */
@Injectable()
export class LiveRollover {
  /** period -> the instance key boards of that period showed at the last check. */
  private readonly currentInstance = new Map<Period, string>();

  constructor(
    private readonly scoring: ScoringService,
    private readonly subscriptions: LiveSubscriptions,
    private readonly windows: WindowScheduler,
    private readonly clock: Clock,
  ) {}

  /** Plans the next check: at the nearest period boundary, or within ROLLOVER_CHECK_MAX_MS. */
  schedule(): void {
    const now = this.clock.now();
    let next = now + ROLLOVER_CHECK_MAX_MS;
    for (const period of PERIODS) {
      const instance = this.scoring.periodAt(period, now);
      if (!this.currentInstance.has(period)) this.currentInstance.set(period, instance.periodKey);
      next = Math.min(next, instance.to);
    }
    this.windows.at(ROLLOVER_WINDOW, Math.max(now, next) + 50, () => this.check());
  }

  /** Public for tests; runs on its own at every period boundary. */
  check(): void {
    this.windows.cancel(ROLLOVER_WINDOW);
    const now = this.clock.now();
    const rolled = PERIODS.filter((period) => {
      const key = this.scoring.periodAt(period, now).periodKey;
      const changed = this.currentInstance.get(period) !== key;
      this.currentInstance.set(period, key);
      return changed;
    });
    if (rolled.length > 0) void this.subscriptions.resnapshotAll(rolled);
    this.schedule();
  }
}
