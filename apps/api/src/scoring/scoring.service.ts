import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { BoardScope, BreakdownResponse, Period } from '@leaderboard/contracts';
import { PERIODS } from '@leaderboard/contracts';
import {
  BASELINE_INSTANCES,
  CompetitionScorer,
  type CompetitionDefinition,
  type CompetitionRow,
  type EngineChange,
  type PeriodInstance,
  type RankedRow,
  type RepProfile,
  type ScoringEngine,
  type ScoringEvent,
} from '@leaderboard/scoring';
import { SerialQueue } from '../common/serial-queue.js';
import { APP_CONFIG, clusterMode, type AppConfig } from '../config/app-config.js';
import { CompetitionsRepository } from '../repositories/competitions.repository.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { ProjectionRepository, type StoredTotal } from '../repositories/projection.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { RuleSetsRepository } from '../repositories/rule-sets.repository.js';
import { boardKey, competitionBoardKey, instantInside } from './period-keys.js';
import type { ProjectionDifference } from './projection-store.js';
import { reconcileProjection, replayLedger } from './rebuild-projection.js';

export interface RebuildReport {
  events: number;
  differences: ProjectionDifference[];
}

/** One coalesced write: every board whose seq it bumped, with the reps whose totals changed there. */
export interface FlushReport {
  boards: Array<{
    key: string;
    seq: number;
    repIds: string[];
    /** A rep joined, left or changed on this board: deltas cannot say it, send a snapshot. */
    reset: boolean;
  }>;
}

export type EventOrigin = 'ingest' | 'ledger';

/** What the live layer hears from scoring (registered with `addListener`). */
export interface ScoringListener {
  /**
   * New events reached the engine (before the projection is written). `origin`: `ingest` when this
   * process stored them, `ledger` when it read them from the ledger another process wrote.
   */
  applied(events: ScoringEvent[], change: EngineChange, origin: EventOrigin): void;
  /** A coalesced flush handed out the next seqs (its projection write follows, and may fail). */
  flushed(report: FlushReport): void;
  /** The engine was rebuilt from the ledger (rule publish, working hours): every board may differ. */
  rebuilt(): void;
}

const IMPROVED: BoardScope = { kind: 'improved' };

/**
 * Keys of the instances of `period` that have started by `now` and whose most improved baseline
 * includes the one containing `at` (a change in the current instance moves no baseline yet).
 */
function laterInstanceKeys(engine: ScoringEngine, period: Period, at: number, now: number): string[] {
  const keys: string[] = [];
  let to = engine.periodAt(period, at).to;
  for (let i = 0; i < BASELINE_INSTANCES && to <= now; i++) {
    const next = engine.periodAt(period, to);
    keys.push(next.periodKey);
    to = next.to;
  }
  return keys;
}

/** After a failed projection write, wait this long before the next attempt. */
const RETRY_MS = 1000;

/**
 * The share of this process's time that sending deltas may take. With more screens than one
 * interval's fan-out can reach (about 25 us a socket here), flushes space out instead of leaving
 * no time for the requests: fewer, larger deltas, and POSTs still answered.
 */
const MAX_FAN_OUT_SHARE = 0.5;

/**
 * Holds the one in-memory scoring engine of this process. Every mutation (apply, rep change,
 * rebuild) runs through one serial queue, so concurrent requests never interleave. Changes are
 * coalesced: at most `liveMaxEmitsPerSec` times a second one write stores every changed projection
 * row with one upsert and bumps each changed board's sequence number once. Events are durable
 * before they reach the engine, so a write that has not happened yet loses nothing: start-up and
 * `npm run rebuild` recompute the projection from the ledger.
 */
@Injectable()
export class ScoringService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ScoringService.name);
  private readonly queue = new SerialQueue();
  private engineRef: ScoringEngine | null = null;
  /** The projection rows as stored, by period instance then rep (zero when missing): only real changes are written. */
  private readonly stored = new Map<string, Map<string, number>>();
  /** Period instances whose totals changed in the engine for these reps, not yet written. */
  private readonly dirty = new Map<string, { period: Period; periodKey: string; repIds: Set<string> }>();
  private readonly dirtyBoards = new Set<string>();
  /** Competition id -> its scorer (its own engine over its window; see libs/scoring competition.ts). */
  private readonly competitions = new Map<string, CompetitionScorer>();
  /** Competition board key -> board rows (reps, or teams) whose totals changed, not yet written. */
  private readonly dirtyCompetitions = new Map<string, Set<string>>();
  /** Team names for team-against-team competition boards (refreshed on every snapshot read). */
  private teamNames = new Map<string, string>();
  private readonly listeners: Array<Partial<ScoringListener>> = [];
  /**
   * Whether this process writes the projection and board seqs (and so emits deltas). One process
   * does: the only one, or the cluster's leader (see ClusterService).
   */
  private writer = true;
  /** Where following the ledger resumes after the last replay, and how many replays there were. */
  replayCursor = 0n;
  generation = 0;
  /** Board key -> seq this process knows to be current (it wrote it, or read it with nothing pending). */
  private readonly seqs = new Map<string, number>();
  private readonly flushWaiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  private flushing: Promise<void> | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private flushFailed = false;
  private lastFlushAt = 0;
  /**
   * How long the listeners of a flush hold the event loop (sending its deltas and the celebrations
   * that go with them), in ms: a moving average, so one flush that also carried a celebration does
   * not hold the next one back.
   */
  private fanOutMs = 0;
  /** The shortest time between two flushes (`LIVE_MAX_EMITS_PER_SEC`). */
  readonly flushIntervalMs: number;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reps: RepsRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly projection: ProjectionRepository,
    private readonly competitionRecords: CompetitionsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.flushIntervalMs = Math.ceil(1000 / config.liveMaxEmitsPerSec);
    // Several processes (shared server and Redis): none writes until it is elected.
    this.writer = !clusterMode(config);
  }

  async onModuleInit(): Promise<void> {
    await this.ruleSets.seedDefaults();
    const report = await this.rebuild();
    this.logger.log(
      `Scoring engine ready: ${report.events} events replayed, ${report.differences.length} projection rows reconciled`,
    );
  }

  get engine(): ScoringEngine {
    if (!this.engineRef) throw new Error('Scoring engine not started');
    return this.engineRef;
  }

  /** Replays the whole ledger under the published versions and reconciles the projection table. */
  rebuild(): Promise<RebuildReport> {
    return this.queue.run(async () => {
      const { engine, events, cursor } = await replayLedger({
        ledger: this.ledger,
        reps: this.reps,
        ruleSets: this.ruleSets,
      });
      await this.loadCompetitionScorers(engine.repProfiles());
      this.engineRef = engine;
      this.replayCursor = cursor;
      this.generation++;
      // Only reps, periods and tiers of a change are used here.
      engine.trackEvents = false;
      this.dirty.clear();
      this.dirtyBoards.clear();
      this.dirtyCompetitions.clear();
      // A write computed from the old engine may still run: let it land before reconciling over it.
      while (this.flushing) await this.flushing;
      // Only the writer touches the projection; another process just reads it.
      const { differences, stored } = this.writer
        ? await reconcileProjection(this.projection, engine)
        : { differences: [], stored: await this.projection.read() };
      this.stored.clear();
      for (const row of stored) this.remember(row);
      // Seqs this writer handed out stay: its deltas may be on screens ahead of what is stored
      // (a failed write), and a seq never goes back. Boards it has not touched read the stored seq,
      // reconciling's bumps included.
      this.notify('rebuilt');
      return { events, differences };
    });
  }

  get isWriter(): boolean {
    return this.writer;
  }

  /** Makes this process the projection writer or not; a new writer rebuilds and reconciles first. */
  async setWriter(writer: boolean): Promise<void> {
    if (writer === this.writer) return;
    this.writer = writer;
    this.seqs.clear();
    if (writer) await this.rebuild();
  }

  addListener(listener: Partial<ScoringListener>): void {
    this.listeners.push(listener);
  }

  private notify<K extends keyof ScoringListener>(name: K, ...args: Parameters<ScoringListener[K]>): void {
    for (const listener of this.listeners) {
      try {
        (listener[name] as ((...a: Parameters<ScoringListener[K]>) => void) | undefined)?.(...args);
      } catch (error) {
        this.logger.error(
          `Scoring listener ${name} failed: ${error instanceof Error ? error.stack : String(error)}`,
        );
      }
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.idle();
  }

  /**
   * Scores events that are durably committed (idempotent: the engine ignores keys it has seen).
   * Resolves once the engine holds them; the projection follows within one flush interval.
   */
  async apply(events: ScoringEvent[], origin: EventOrigin = 'ingest'): Promise<void> {
    if (events.length === 0) return;
    await this.queue.run(() => {
      const change = this.engine.applyMany(events);
      this.markDirty(change);
      this.applyToCompetitions(events);
      this.notify('applied', events, change, origin);
    });
    this.scheduleFlush();
  }

  /** A rep was created or changed; `events` are their held events, now attached. */
  async upsertRep(rep: RepProfile, events: ScoringEvent[] = []): Promise<void> {
    await this.queue.run(() => {
      const now = Date.now();
      // Every board that showed the rep before or shows them now (team or tenure band may change).
      const scopes = this.engine.scopesOf(rep.id, now);
      this.engine.upsertRep(rep);
      scopes.push(...this.engine.scopesOf(rep.id, now));
      // Every competition board may show the rep (or their team) differently now: start it over.
      for (const [id, scorer] of this.competitions) {
        scorer.upsertRep(rep);
        this.dirtyBoards.add(competitionBoardKey(id));
      }
      if (events.length > 0) {
        const change = this.engine.applyMany(events);
        this.markDirty(change);
        this.applyToCompetitions(events);
        this.notify('applied', events, change, 'ingest');
      }
      for (const period of PERIODS) {
        const { periodKey } = this.engine.periodAt(period, now);
        for (const scope of scopes) this.dirtyBoards.add(boardKey(period, periodKey, scope));
      }
    });
    this.scheduleFlush();
  }

  periodAt(period: Period, at: number): PeriodInstance {
    return this.engine.periodAt(period, at);
  }

  board(period: Period, at: number, scope?: BoardScope): RankedRow[] {
    return this.engine.board(period, at, scope);
  }

  breakdown(repId: string, period: Period, at: number): BreakdownResponse {
    return this.engine.breakdown(repId, period, at);
  }

  /**
   * Resolves once every change made so far is in the projection and the board sequence numbers
   * (waits for the next coalesced write when something is pending), so a board read next is
   * consistent with its `seq`.
   */
  async settled(): Promise<void> {
    await this.queue.drain();
    if (this.hasPending() || this.flushing) await this.flush();
  }

  /** Writes what is pending now, without waiting for the interval (tests, shutdown). */
  async idle(): Promise<void> {
    await this.queue.drain();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (this.hasPending()) await this.writeNow();
    while (this.flushing) await this.flushing;
  }

  private hasPending(): boolean {
    return this.dirty.size > 0 || this.dirtyBoards.size > 0 || this.dirtyCompetitions.size > 0;
  }

  /** Feeds each competition the events of its window; remembers which of its rows moved. */
  private applyToCompetitions(events: ScoringEvent[]): void {
    for (const [id, scorer] of this.competitions) {
      const repIds = scorer.apply(events);
      if (repIds.length === 0) continue;
      const key = competitionBoardKey(id);
      let rows = this.dirtyCompetitions.get(key);
      if (!rows) {
        rows = new Set();
        this.dirtyCompetitions.set(key, rows);
      }
      for (const rowId of scorer.rowIdsOf(repIds)) rows.add(rowId);
    }
  }

  /** A scorer per competition, replayed from the ledger (start-up, rebuild). */
  private async loadCompetitionScorers(reps: RepProfile[]): Promise<void> {
    const definitions = await this.competitionRecords.definitions();
    this.teamNames = await this.reps.teamNames();
    this.competitions.clear();
    for (const definition of definitions) {
      const events = await this.ledger.competitionEvents(definition.from, definition.to);
      this.competitions.set(definition.id, CompetitionScorer.replay(definition, reps, events));
    }
  }

  /**
   * Starts scoring a new competition: replays the ledger's events of its window. Inside the queue,
   * so every event applied before is in the ledger it reads and every later one reaches the scorer.
   */
  addCompetition(definition: CompetitionDefinition): Promise<void> {
    return this.queue.run(async () => {
      const events = await this.ledger.competitionEvents(definition.from, definition.to);
      this.competitions.set(
        definition.id,
        CompetitionScorer.replay(definition, this.engine.repProfiles(), events),
      );
    });
  }

  removeCompetition(id: string): Promise<void> {
    return this.queue.run(() => {
      this.competitions.delete(id);
      this.dirtyCompetitions.delete(competitionBoardKey(id));
    });
  }

  competition(id: string): CompetitionScorer | undefined {
    return this.competitions.get(id);
  }

  competitionIds(): string[] {
    return [...this.competitions.keys()];
  }

  /** A competition's ranked rows (reps, or teams named by the last names read). */
  competitionRows(id: string): CompetitionRow[] {
    return this.competitions.get(id)?.standings(this.teamNames) ?? [];
  }

  /** Reads the team names afresh (before a competition snapshot: a team may be new or renamed). */
  async refreshTeamNames(): Promise<void> {
    this.teamNames = await this.reps.teamNames();
  }

  /** Remembers which projection rows and boards an engine change touched. */
  private markDirty(change: EngineChange): void {
    for (const { period, periodKey } of change.periods) {
      const instance = `${period}:${periodKey}`;
      let entry = this.dirty.get(instance);
      if (!entry) {
        entry = { period, periodKey, repIds: new Set() };
        this.dirty.set(instance, entry);
      }
      for (const repId of change.repIds) entry.repIds.add(repId);
    }
  }

  private remember(row: StoredTotal): void {
    const instance = `${row.period}:${row.periodKey}`;
    let reps = this.stored.get(instance);
    if (!reps) {
      reps = new Map();
      this.stored.set(instance, reps);
    }
    reps.set(row.repId, row.milliPoints);
  }

  /**
   * Plans the next coalesced write: no sooner than one interval after the previous one started,
   * nor sooner than the recent fan-outs allow (`MAX_FAN_OUT_SHARE`).
   */
  private scheduleFlush(delayMs?: number): void {
    if (this.flushTimer || this.flushing) return;
    const spacing = Math.max(this.flushIntervalMs, this.fanOutMs / MAX_FAN_OUT_SHARE);
    const wait = delayMs ?? Math.max(0, this.lastFlushAt + spacing - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.writeNow().catch((error: unknown) => {
        this.logger.warn(
          `Projection write failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }, wait);
  }

  /** Waits for the next write that starts after this call (scheduling one if none is planned). */
  private flush(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      this.scheduleFlush();
    });
  }

  /** Writes the pending changes once; waiters registered before it started are answered by it. */
  private writeNow(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.writeNow());
    const waiters = this.flushWaiters.splice(0);
    this.lastFlushAt = Date.now();
    const run = this.writeDirty();
    this.flushing = run
      .then(
        () => {
          this.flushFailed = false;
          for (const w of waiters) w.resolve();
        },
        (error: unknown) => {
          this.flushFailed = true;
          for (const w of waiters) w.reject(error);
        },
      )
      .finally(() => {
        this.flushing = null;
        if (this.hasPending() || this.flushWaiters.length > 0) {
          this.scheduleFlush(this.flushFailed ? RETRY_MS : undefined);
        }
      });
    return run;
  }

  private async writeDirty(): Promise<void> {
    if (!this.writer) {
      this.dirty.clear();
      this.dirtyBoards.clear();
      this.dirtyCompetitions.clear();
      return;
    }
    const engine = this.engine;
    const rows: StoredTotal[] = [];
    const resets = new Set(this.dirtyBoards);
    const keys = new Set(this.dirtyBoards);
    const repsOf = new Map<string, string[]>();
    const touch = (key: string, repId: string): void => {
      keys.add(key);
      const list = repsOf.get(key);
      if (list) list.push(repId);
      else repsOf.set(key, [repId]);
    };
    const pending = [...this.dirty.values()];
    const pendingCompetitions = [...this.dirtyCompetitions];
    this.dirty.clear();
    this.dirtyBoards.clear();
    this.dirtyCompetitions.clear();
    // A competition board whose rows moved: its seq goes up once with the others.
    for (const [key, rowIds] of pendingCompetitions) for (const rowId of rowIds) touch(key, rowId);
    const now = Date.now();
    for (const { period, periodKey, repIds } of pending) {
      const at = instantInside(period, periodKey);
      if (at === null) continue;
      // The rep's scopes as the board of this instance shows them: now, or at its last moment.
      const scopesAt = Math.min(now, engine.periodAt(period, at).to - 1);
      const later = laterInstanceKeys(engine, period, at, now);
      const stored = this.stored.get(`${period}:${periodKey}`);
      for (const repId of repIds) {
        const milliPoints = engine.totalAt(repId, period, at);
        if ((stored?.get(repId) ?? 0) === milliPoints) continue;
        rows.push({ repId, period, periodKey, milliPoints });
        for (const scope of engine.scopesOf(repId, scopesAt))
          touch(boardKey(period, periodKey, scope), repId);
        // A late event moves the baseline of the most improved boards of the started instances after it.
        for (const key of later) touch(boardKey(period, key, IMPROVED), repId);
      }
    }
    let bumped: Array<{ key: string; seq: number }> = [];
    try {
      // The next seq of every changed board, handed out here: the deltas leave before the write
      // commits (the events they show are durable already; the projection is a cache of them).
      bumped = await this.nextSeqs([...keys]);
      for (const { key, seq } of bumped) this.seqs.set(key, seq);
      const fanOutStarted = performance.now();
      this.notify('flushed', {
        boards: bumped.map(({ key, seq }) => ({
          key,
          seq,
          repIds: repsOf.get(key) ?? [],
          reset: resets.has(key),
        })),
      });
      this.fanOutMs = (this.fanOutMs + (performance.now() - fanOutStarted)) / 2;
      await this.projection.writeAt(rows, bumped);
    } catch (error) {
      // Not written: try again with the next write (start-up and `npm run rebuild` reconcile
      // anyway). Seqs already handed out stay taken: the retry's deltas carry the next ones.
      for (const p of pending) {
        const instance = `${p.period}:${p.periodKey}`;
        const entry = this.dirty.get(instance);
        if (entry) for (const repId of p.repIds) entry.repIds.add(repId);
        else this.dirty.set(instance, p);
      }
      // A reset whose snapshot never left (the seqs were not read) is still owed.
      if (bumped.length === 0) for (const key of resets) this.dirtyBoards.add(key);
      for (const [key, rowIds] of pendingCompetitions) {
        const entry = this.dirtyCompetitions.get(key);
        if (entry) for (const rowId of rowIds) entry.add(rowId);
        else this.dirtyCompetitions.set(key, rowIds);
      }
      throw error;
    }
    for (const row of rows) this.remember(row);
  }

  /** One more than the current seq of each board: this writer's own, else the stored one. */
  private async nextSeqs(keys: string[]): Promise<Array<{ key: string; seq: number }>> {
    const unknown = keys.filter((key) => !this.seqs.has(key));
    const stored = await this.projection.readSeqs(unknown);
    return keys.map((key) => ({ key, seq: (this.seqs.get(key) ?? stored.get(key) ?? 0) + 1 }));
  }

  /**
   * The current sequence number of a board: what this process last wrote, else what is stored.
   * Read inside `settled()`, it belongs to the same moment as the engine's rows.
   */
  async seqOf(key: string): Promise<number> {
    const known = this.writer ? this.seqs.get(key) : undefined;
    if (known !== undefined) return known;
    const seq = (await this.projection.readSeqs([key])).get(key) ?? 0;
    if (!this.writer) return seq;
    // A write may have landed meanwhile; never move backwards.
    if (!this.seqs.has(key)) this.seqs.set(key, seq);
    return this.seqs.get(key) as number;
  }
}
