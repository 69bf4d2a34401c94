import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { ScoringService } from '../../scoring/scoring.service.js';
import { KpiRollups } from './kpi-rollups.js';

/** How often the writer brings the rollups up to the ledger. */
export const KPI_ROLLUP_FOLLOW_MS = 1000;
/**
 * After a catch-up that took T ms the next waits at least this many times T: the follower takes at
 * most a fifth of the time behind a burst of ingest (a KPI request still catches up itself).
 */
export const KPI_ROLLUP_DUTY_FACTOR = 4;

/**
 * The rollups' writer in the background: in the process that writes the projection (the only
 * process, or the cluster's leader), once a second (less often after a long one), a catch-up
 * (kpi-rollups.ts). A KPI request catches up itself before reading, so this only keeps that
 * catch-up short.
 */
@Injectable()
export class KpiRollupFollower implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(KpiRollupFollower.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private notBefore = 0;

  constructor(
    private readonly rollups: KpiRollups,
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), KPI_ROLLUP_FOLLOW_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One catch-up, unless one is running or this process is not the writer. */
  tick(): Promise<void> {
    if (this.running || !this.scoring.isWriter || this.clock.now() < this.notBefore) {
      return this.running ?? Promise.resolve();
    }
    const started = this.clock.now();
    this.running = this.rollups
      .catchUp(this.scoring.engine.calendar.tz.zone)
      .then(() => {
        const now = this.clock.now();
        this.notBefore = now + KPI_ROLLUP_DUTY_FACTOR * (now - started);
      })
      .catch((error: unknown) =>
        this.logger.warn(`KPI rollups: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.running = null));
    return this.running;
  }
}
