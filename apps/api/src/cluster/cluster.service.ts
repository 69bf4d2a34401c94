import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import pg from 'pg';
import { APP_CONFIG, clusterMode, type AppConfig } from '../config/app-config.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { RuleSetsRepository } from '../repositories/rule-sets.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';

/** Any 64-bit number shared by every process of one deployment (the leader's advisory lock). */
const LEADER_LOCK = 7_163_800_004;
const FOLLOW_MS = 50;
const ELECT_MS = 1000;
const RELOAD_CHECK_MS = 1000;

/**
 * Several API processes on one PostgreSQL server (and one Redis for Socket.IO fan-out):
 * - one leader, elected with a session advisory lock, writes the projection and board seqs and so
 *   emits every delta (through the Redis adapter, to clients of every process); when its
 *   connection dies the lock is freed and another process takes over after a rebuild;
 * - every process follows the ledger (rows another process committed) by `events.tx`, so its
 *   engine answers reads and snapshots; reps and rule sets are re-read when they change.
 * With one process (no REDIS_URL, or embedded PGlite) none of this runs.
 */
@Injectable()
export class ClusterService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ClusterService.name);
  private lockClient: pg.Client | null = null;
  private cursor = 0n;
  private generation = -1;
  private fingerprint: string | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private stopped = false;
  private following = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ledger: LedgerRepository,
    private readonly reps: RepsRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly scoring: ScoringService,
  ) {}

  get enabled(): boolean {
    return clusterMode(this.config);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    this.fingerprint = await this.readFingerprint();
    this.every(FOLLOW_MS, () => this.follow());
    this.every(RELOAD_CHECK_MS, () => this.reloadIfChanged());
    this.every(ELECT_MS, () => this.elect());
    await this.elect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.lockClient?.end().catch(() => undefined);
    this.lockClient = null;
  }

  private every(ms: number, task: () => Promise<void>): void {
    let running = false;
    const timer = setInterval(() => {
      if (running || this.stopped) return;
      running = true;
      task()
        .catch((error: unknown) =>
          this.logger.warn(
            `${task.name || 'cluster task'}: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => (running = false));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /** Tries to become the leader (holds the lock for the life of its own connection). */
  private async elect(): Promise<void> {
    if (this.lockClient !== null || this.stopped) return;
    const client = new pg.Client({ connectionString: this.config.databaseUrl ?? undefined });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const rows = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [
        LEADER_LOCK,
      ]);
      if (!rows.rows[0]?.ok) {
        await client.end();
        return;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.lockClient = client;
    client.on('end', () => {
      // Lost the connection, so the lock: step down at once; the next election may win it back.
      if (this.lockClient === client) this.lockClient = null;
      void this.scoring.setWriter(false);
      if (!this.stopped) this.logger.warn('Lost the leader lock; following');
    });
    this.logger.log('Elected leader: this process writes the projection and emits board deltas');
    await this.scoring.setWriter(true);
  }

  /** Applies ledger rows other processes committed (idempotent: the engine skips keys it has). */
  private async follow(): Promise<void> {
    if (this.following) return;
    this.following = true;
    try {
      const mark = this.scoring.replayMark;
      if (this.generation !== mark.generation) {
        // A replay read the ledger afresh: resume where it could not see.
        this.generation = mark.generation;
        this.cursor = mark.cursor;
      }
      const horizon = await this.ledger.horizon();
      if (horizon <= this.cursor) return;
      const events = await this.ledger.scoredEventsOfTx(this.cursor, horizon);
      const generation = this.generation;
      if (events.length > 0) await this.scoring.apply(events, 'ledger');
      if (generation === this.scoring.replayMark.generation) this.cursor = horizon;
    } finally {
      this.following = false;
    }
  }

  /** Reps or published rule sets changed (here or elsewhere): replay with them. */
  private async reloadIfChanged(): Promise<void> {
    const fingerprint = await this.readFingerprint();
    if (fingerprint === this.fingerprint) return;
    this.fingerprint = fingerprint;
    await this.scoring.rebuild();
  }

  private async readFingerprint(): Promise<string> {
    const [reps, rules] = await Promise.all([this.reps.profiles(), this.ruleSets.publishedStarts()]);
    return JSON.stringify([reps, rules]);
  }
}
