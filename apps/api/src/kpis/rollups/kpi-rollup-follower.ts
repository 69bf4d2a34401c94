import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { ScoringService } from '../../scoring/scoring.service.js';
import { repsChangedBetween } from './kpi-changes.js';
import { KpiRollups, type CatchUpReport } from './kpi-rollups.js';

/** The reps whose KPIs the rollups now include new events of, or `all` (the rollups were rebuilt). */
export type KpiChangeListener = (reps: readonly string[] | 'all') => void;

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
  private readonly listeners = new Set<KpiChangeListener>();
  /** The cursor up to which listeners were told; null until the first catch-up as the writer. */
  private announced: bigint | null = null;

  constructor(
    private readonly rollups: KpiRollups,
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
    private readonly dataSource: DataSource,
  ) {}

  /** Hears, after each catch-up on the writer, whose KPIs moved since the last (the live hint). */
  onChange(listener: KpiChangeListener): void {
    this.listeners.add(listener);
  }

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
    if (!this.scoring.isWriter) this.announced = null;
    if (this.running || !this.scoring.isWriter || this.clock.now() < this.notBefore) {
      return this.running ?? Promise.resolve();
    }
    const started = this.clock.now();
    this.running = this.rollups
      .catchUp(this.scoring.engine.calendar.tz.zone)
      .then(async (report) => {
        const now = this.clock.now();
        this.notBefore = now + KPI_ROLLUP_DUTY_FACTOR * (now - started);
        await this.announce(report);
      })
      .catch((error: unknown) =>
        this.logger.warn(`KPI rollups: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  /**
   * Tells the listeners whose rows entered the rollups since the last announcement: between the
   * cursor announced and this catch-up's (a KPI request's catch-up in between moved it too).
   */
  private async announce(report: CatchUpReport): Promise<void> {
    if (this.listeners.size === 0) return;
    const from = this.announced;
    let reps: readonly string[] | 'all' = [];
    if (report.kind === 'rebuilt') reps = 'all';
    else if (from !== null) reps = await repsChangedBetween(this.dataSource, from, report.cursor);
    // Moved only once read: a failed read is tried again from the same cursor next time.
    this.announced = report.cursor;
    if (reps !== 'all' && reps.length === 0) return;
    for (const listener of this.listeners) listener(reps);
  }
}
