import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConnectorJobView } from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import {
  ConnectorJobsRepository,
  type CatchupState,
  type JobRecord,
} from '../repositories/connector-jobs.repository.js';
import { ConnectorsRepository, type ConnectorRecord } from '../repositories/connectors.repository.js';
import { toJobView } from './connector-views.js';
import { ConnectorsService } from './connectors.service.js';
import { ConnectorSyncService, crmFailure } from './connector-sync.service.js';
import type { CrmClient } from './crm/crm-client.js';
import { CrmClients, hasCrmClient } from './crm/crm-client-registry.js';
import { MappedIngest } from './mapped-ingest.js';

/** A running job whose heartbeat is older than this is taken over by any process. */
export const JOB_LEASE_MS = 120_000;
/** A catch-up poll reads this much before its watermark (a CRM's clock, a slow commit). */
export const CATCHUP_OVERLAP_MS = 5 * 60_000;
export const DEFAULT_CATCHUP_MINUTES = 10;
const TICK_MS = 30_000;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** Jobs `GET .../jobs` lists. */
const LISTED_JOBS = 20;

/** `settings.catchupMinutes`: minutes between catch-up polls, 0 disables (default 10). */
export function catchupMinutes(settings: Readonly<Record<string, unknown>>): number {
  const value = Number(settings.catchupMinutes ?? DEFAULT_CATCHUP_MINUTES);
  return Number.isFinite(value) && value > 0 ? value : value === 0 ? 0 : DEFAULT_CATCHUP_MINUTES;
}

/**
 * Backfill and catch-up: pages of a CRM's `history` ingested through the one idempotent path
 * (`MappedIngest`), one job row per run updated after each page (cursor, counts, heartbeat).
 * Jobs run in the background of the API process; a job whose process died is resumed from its
 * cursor by whichever process sees its lease expire first (a conditional UPDATE claims it). Every
 * `TICK_MS` a process resumes stale jobs and starts the catch-up polls that are due.
 */
@Injectable()
export class ConnectorJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ConnectorJobs.name);
  private readonly running = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private stopping = false;

  constructor(
    private readonly jobs: ConnectorJobsRepository,
    private readonly records: ConnectorsRepository,
    private readonly connectors: ConnectorsService,
    private readonly sync: ConnectorSyncService,
    private readonly ingest: MappedIngest,
    private readonly crmClients: CrmClients,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** Running jobs stop after their current page; their lease then lets another process resume them. */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.stopping = true;
    await this.ticking;
    await this.drain();
  }

  /** Imports the last `days` days of history (users and stages synced first); 409 while a job runs. */
  async backfill(id: string, days: number): Promise<ConnectorJobView> {
    const connector = await this.connectors.find(id);
    const client = this.sync.clientOf(connector);
    await this.sync.syncWith(connector, client);
    const now = this.clock.now();
    const job = await this.jobs.start(id, 'backfill', now - days * DAY_MS, now);
    if (job === null)
      throw new DomainError(
        'CONFLICT',
        'A backfill or catch-up of this connector is running; wait for it to end',
      );
    this.launch(job, connector, client);
    return toJobView(job);
  }

  async list(id: string): Promise<ConnectorJobView[]> {
    await this.connectors.find(id);
    return (await this.jobs.list(id, LISTED_JOBS)).map(toJobView);
  }

  /** Resumes stale jobs, then starts the catch-up polls that are due (one pass at a time). */
  tick(): Promise<void> {
    this.ticking ??= (async () => {
      await this.resumeStale();
      await this.catchUpDue();
    })()
      .catch((error: unknown) => this.logger.error(`connector jobs tick failed: ${String(error)}`))
      .finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  /** Takes over every running job whose lease expired and runs it on from its cursor. */
  async resumeStale(): Promise<void> {
    const expired = this.clock.now() - JOB_LEASE_MS;
    for (const stale of await this.jobs.stale(expired)) {
      if (this.stopping || this.running.has(stale.id)) continue;
      const connector = await this.records.find(stale.connector_id);
      const job = connector && (await this.jobs.claim(stale.id, expired, this.clock.now()));
      if (!connector || !job) continue;
      const client = this.crmClients.clientFor(connector);
      if (client === null) {
        const error = 'The connector no longer reads its CRM API (kind or token)';
        await this.jobs.finish(job.id, job.heartbeat_at, { status: 'failed', error }, this.clock.now());
      } else {
        this.logger.log(`resuming ${job.kind} job ${job.id} of connector ${job.connector_id}`);
        this.launch(job, connector, client);
      }
    }
  }

  /** Starts a catch-up poll of each enabled connector with a CRM client whose interval has passed. */
  async catchUpDue(): Promise<void> {
    const now = this.clock.now();
    for (const state of await this.jobs.catchupStates()) {
      if (this.stopping) return;
      if (!hasCrmClient(state.kind) || !isDue(state, now)) continue;
      await this.catchUp(state.id).catch((error: unknown) =>
        this.logger.warn(`catch-up of connector ${state.id} not started: ${String(error)}`),
      );
    }
  }

  /**
   * Polls history from the connector's watermark (less an overlap) now, as a `catchup` job; null
   * when it has no CRM client or a job of it runs. Done, it moves the watermark to the poll's start.
   */
  async catchUp(id: string): Promise<ConnectorJobView | null> {
    const connector = await this.connectors.find(id);
    const client = this.crmClients.clientFor(connector);
    if (client === null) return null;
    const state = (await this.jobs.catchupStates()).find((s) => s.id === id);
    if (state === undefined) return null;
    const from = new Date(state.catchup_since ?? state.created_at).getTime() - CATCHUP_OVERLAP_MS;
    const now = this.clock.now();
    const job = await this.jobs.start(id, 'catchup', from, now);
    if (job === null) return null;
    this.launch(job, connector, client);
    return toJobView(job);
  }

  /** Resolves once no job of this process runs (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()]);
  }

  private launch(job: JobRecord, connector: ConnectorRecord, client: CrmClient): void {
    const run = this.run(job, connector, client)
      .catch((error: unknown) =>
        // The job keeps its cursor and stops renewing its lease: a later tick resumes it.
        this.logger.error(`${job.kind} job ${job.id} stopped: ${String(error)}`),
      )
      .finally(() => this.running.delete(job.id));
    this.running.set(job.id, run);
  }

  private async renew(id: string, lease: Lease): Promise<void> {
    if (!lease.mine) return;
    const now = this.clock.now();
    try {
      if (await this.jobs.renew(id, lease.heartbeat, now)) lease.heartbeat = new Date(now);
      else lease.mine = false;
    } catch (error) {
      this.logger.warn(`job ${id}: lease not renewed: ${String(error)}`);
    }
  }

  private async run(job: JobRecord, connector: ConnectorRecord, client: CrmClient): Promise<void> {
    const since = new Date(job.since).getTime();
    let heartbeat = job.heartbeat_at;
    let cursor = job.cursor;
    for (;;) {
      if (this.stopping) return;
      let page;
      // A page that waits long (rate limit, Retry-After, retries) keeps its lease meanwhile.
      const lease: Lease = { heartbeat, mine: true, renewing: Promise.resolve() };
      const renewal = setInterval(() => {
        lease.renewing = lease.renewing.then(() => this.renew(job.id, lease));
      }, JOB_LEASE_MS / 4);
      try {
        page = await client.history(since, cursor);
      } catch (error) {
        clearInterval(renewal);
        await lease.renewing;
        const failure = crmFailure(connector.kind, error).message;
        await this.jobs.finish(
          job.id,
          lease.heartbeat,
          { status: 'failed', error: failure },
          this.clock.now(),
        );
        return;
      }
      clearInterval(renewal);
      await lease.renewing;
      heartbeat = lease.heartbeat;
      if (!lease.mine) return;
      const result = await this.ingest.history(connector.id, page.events);
      if (result.ignored.length > 0)
        this.logger.warn(`${job.kind} job ${job.id} left out: ${result.ignored.slice(0, 5).join('; ')}`);
      const now = this.clock.now();
      const progress = {
        cursor: page.next,
        fetched: page.fetched,
        total: page.total,
        created: result.created,
      };
      if (!(await this.jobs.progress(job.id, heartbeat, progress, now))) return;
      heartbeat = new Date(now);
      if (page.next === null) break;
      if (page.next === cursor) {
        const error = `${connector.kind} answered the same page again (cursor ${cursor})`;
        await this.jobs.finish(job.id, heartbeat, { status: 'failed', error }, now);
        return;
      }
      cursor = page.next;
    }
    const now = this.clock.now();
    if (!(await this.jobs.finish(job.id, heartbeat, { status: 'done' }, now))) return;
    if (job.kind === 'catchup') await this.jobs.setWatermark(connector.id, new Date(job.started_at), now);
  }
}

/** What a renewal keeps up to date while a page is read. */
interface Lease {
  heartbeat: Date;
  mine: boolean;
  /** The renewal in flight: awaited before the next write, which is conditional on the heartbeat. */
  renewing: Promise<void>;
}

function isDue(state: CatchupState, now: number): boolean {
  const minutes = catchupMinutes(state.settings);
  if (minutes === 0) return false;
  // A failed poll waits its interval too, from when it started.
  const last = new Date(state.last_catchup_started_at ?? state.last_catchup_at ?? state.created_at).getTime();
  return now - last >= minutes * MINUTE_MS;
}
