import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { BoardScope, BreakdownResponse, Period } from '@leaderboard/contracts';
import { PERIODS, boardRefOf } from '@leaderboard/contracts';
import {
  monthFigures,
  type ClosedFigures,
  type EngineOptions,
  type CompetitionDefinition,
  CompetitionRow,
  CompetitionScorer,
  PeriodInstance,
  RankedRow,
  RepProfile,
  ScoringEngine,
  ScoringEvent,
} from '@leaderboard/scoring';
import { Clock } from '../common/clock.js';
import { SerialQueue } from '../common/serial-queue.js';
import { APP_CONFIG, clusterMode, type AppConfig } from '../config/app-config.js';
import { CompetitionsRepository } from '../repositories/competitions.repository.js';
import { PeriodClosesRepository } from '../repositories/period-closes.repository.js';
import { RepDayScoresRepository } from '../repositories/rep-day-scores.repository.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { ProjectionRepository } from '../repositories/projection.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { RuleSetsRepository } from '../repositories/rule-sets.repository.js';
import { flushMessage, type BoardSource } from './board-view.js';
import { CompetitionBoards } from './competition-boards.js';
import { FlushScheduler } from './flush-scheduler.js';
import { PublishMeter, type FlushAudience, type FlushedBoard } from './flush-report.js';
import type { ProjectionDifference } from './projection-store.js';
import type { EventOrigin, ReplayMark, ScoringListener } from './scoring-listener.js';
import { ProjectionWriter, type BumpedBoard } from './projection-writer.js';
import { reconcileProjection, replayLedger } from './rebuild-projection.js';
import { RolledDaysHost, horizonDay } from './rolled-days-host.js';

export type { FlushReport } from './flush-report.js';
export type { EventOrigin, ReplayMark, ScoringListener } from './scoring-listener.js';

export interface RebuildReport {
  events: number;
  differences: ProjectionDifference[];
}

/**
 * The engine host: the one in-memory scoring engine of this process and the competitions' scorers.
 * Every mutation (apply, rep change, rebuild) runs through one serial queue, so concurrent
 * requests never interleave. Changes go to the ProjectionWriter; the FlushScheduler coalesces its
 * writes (at most `liveMaxEmitsPerSec` a second). Events are durable before they reach the
 * engine, so a write that has not happened yet loses nothing: start-up and `npm run rebuild`
 * recompute the projection from the ledger.
 */
@Injectable()
export class ScoringService implements OnModuleInit, OnModuleDestroy, BoardSource {
  private readonly logger = new Logger(ScoringService.name);
  private readonly queue = new SerialQueue();
  private engineRef: ScoringEngine | null = null;
  private readonly competitions: CompetitionBoards;
  private readonly writer: ProjectionWriter;
  private readonly flushes: FlushScheduler;
  private readonly meter = new PublishMeter();
  private readonly listeners: Array<Partial<ScoringListener>> = [];
  private audience: FlushAudience | null = null;
  private mark: ReplayMark = { cursor: 0n, generation: 0 };
  /** The shortest time between two flushes (`LIVE_MAX_EMITS_PER_SEC`). */
  readonly flushIntervalMs: number;
  /** Days kept in memory at least (`SCORING_LATE_WINDOW_DAYS`); 0: every event stays in memory. */
  private readonly lateWindowDays: number;
  private readonly rolled: RolledDaysHost;
  /** Versions and reps of the last replay (scratch engines over rolled-out days score with these). */
  private options: EngineOptions | null = null;
  /** Closed months (the horizon does not stop at them). */
  private closed = new Set<string>();

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly reps: RepsRepository,
    private readonly ruleSets: RuleSetsRepository,
    private readonly projection: ProjectionRepository,
    competitionRecords: CompetitionsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
    repDays: RepDayScoresRepository,
    private readonly closes: PeriodClosesRepository,
  ) {
    this.lateWindowDays = config.scoringLateWindowDays;
    this.rolled = new RolledDaysHost(ledger, repDays);
    this.flushIntervalMs = Math.ceil(1000 / config.liveMaxEmitsPerSec);
    this.competitions = new CompetitionBoards(competitionRecords, ledger, reps);
    // Several processes (shared server and Redis): none writes until it is elected.
    this.writer = new ProjectionWriter(projection, !clusterMode(config));
    this.flushes = new FlushScheduler({
      intervalMs: this.flushIntervalMs,
      clock,
      cost: this.meter,
      pending: () => this.writer.hasPending(),
      write: () => this.writer.write(this.engine, this.clock.now(), (boards) => this.publish(boards)),
      failed: (error) =>
        this.logger.warn(
          `Projection write failed, retrying: ${error instanceof Error ? error.message : String(error)}`,
        ),
    });
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

  /** Where following the ledger resumes after the last replay (read by ClusterService). */
  get replayMark(): ReplayMark {
    return this.mark;
  }

  /** Replays the whole ledger under the published versions and reconciles the projection table. */
  rebuild(): Promise<RebuildReport> {
    return this.queue.run(async () => {
      const { engine, events, cursor } = await this.replay();
      await this.competitions.load(engine.repProfiles());
      this.engineRef = engine;
      this.mark = { cursor, generation: this.mark.generation + 1 };
      // Only reps, periods and tiers of a change are used here.
      engine.trackEvents = false;
      this.writer.clearPending();
      // A write computed from the old engine may still run: let it land before reconciling over it.
      while (this.flushes.inFlight) await this.flushes.inFlight;
      // Only the writer touches the projection; another process just reads it.
      const { differences, stored } = this.writer.isWriter
        ? await reconcileProjection(this.projection, engine)
        : { differences: [], stored: await this.projection.read() };
      this.writer.remember(stored);
      // Seqs this writer handed out stay: its deltas may be on screens ahead of what is stored
      // (a failed write), and a seq never goes back. Boards it has not touched read the stored seq,
      // reconciling's bumps included.
      this.notify('rebuilt');
      return { events, differences };
    });
  }

  /** A fresh engine: the whole ledger, or (with a late window) the open days and the summaries. */
  private async replay(): Promise<{ engine: ScoringEngine; events: number; cursor: bigint }> {
    if (this.lateWindowDays === 0) {
      // Every event in memory: nothing is ever scored from the ledger on demand.
      const { engine, events, cursor } = await replayLedger({
        ledger: this.ledger,
        reps: this.reps,
        ruleSets: this.ruleSets,
      });
      this.options = null;
      return { engine, events, cursor };
    }
    const [versions, reps, closes] = await Promise.all([
      this.ruleSets.publishedVersions(),
      this.reps.profiles(),
      this.closes.all(),
    ]);
    this.closed = new Set(closes.map((c) => c.period_key));
    this.options = { versions, reps };
    const now = this.clock.now();
    return this.rolled.start(
      this.options,
      (engine) => horizonDay(engine, now, this.lateWindowDays, this.closed),
      this.writer.isWriter,
    );
  }

  /** Org-local days before this one are out of memory (-Infinity: every event is in memory). */
  get horizonDay(): number {
    return this.engine.horizonDay;
  }

  /** A month was closed: the horizon may move past it. */
  monthClosed(periodKey: string): Promise<void> {
    this.closed.add(periodKey);
    return this.queue.run(() => this.rollForward());
  }

  private async rollForward(): Promise<void> {
    if (this.lateWindowDays === 0) return;
    const day = horizonDay(this.engine, this.clock.now(), this.lateWindowDays, this.closed);
    await this.rolled.rollForward(this.engine, day, this.writer.isWriter);
  }

  private get engineOptions(): EngineOptions {
    const options = this.options as EngineOptions;
    return { ...options, reps: this.engine.repProfiles() };
  }

  get isWriter(): boolean {
    return this.writer.isWriter;
  }

  /**
   * Makes this process the projection writer or not; a new writer rebuilds and reconciles first. A
   * former writer with days rolled out rebuilds too: it keeps no record of its summaries but the
   * store, which is no longer its alone.
   */
  async setWriter(writer: boolean): Promise<void> {
    if (this.writer.assume(writer) && (writer || this.lateWindowDays > 0)) await this.rebuild();
  }

  addListener(listener: Partial<ScoringListener>): void {
    this.listeners.push(listener);
  }

  /** Who watches which boards: flushes build messages for those only. */
  setAudience(audience: FlushAudience): void {
    this.audience = audience;
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
    await this.queue.run(() => this.applyNow(events, origin));
    this.flushes.schedule();
    if (
      this.lateWindowDays > 0 &&
      horizonDay(this.engine, this.clock.now(), this.lateWindowDays, this.closed) > this.engine.horizonDay
    )
      await this.queue.run(() => this.rollForward());
  }

  /** A rep was created or changed; `events` are their held events, now attached. */
  async upsertRep(rep: RepProfile, events: ScoringEvent[] = []): Promise<void> {
    await this.queue.run(async () => {
      const now = this.clock.now();
      // Every board that showed the rep before or shows them now (team or tenure band may change).
      const scopes = this.engine.scopesOf(rep.id, now);
      this.engine.upsertRep(rep);
      scopes.push(...this.engine.scopesOf(rep.id, now));
      // Every competition board may show the rep (or their team) differently now: start it over.
      for (const competitionId of this.competitions.upsertRep(rep))
        this.writer.markReset({ kind: 'competition', competitionId });
      if (events.length > 0) await this.applyNow(events, 'ingest');
      for (const period of PERIODS) {
        const { periodKey } = this.engine.periodAt(period, now);
        for (const scope of scopes) this.writer.markReset(boardRefOf(period, periodKey, scope));
      }
    });
    this.flushes.schedule();
  }

  private async applyNow(events: ScoringEvent[], origin: EventOrigin): Promise<void> {
    const engine = this.engine;
    if (engine.horizonDay === Number.NEGATIVE_INFINITY) {
      const change = engine.applyMany(events);
      this.writer.markChange(change);
      this.competitions.apply(events, (id, rowIds) => this.writer.markCompetitionRows(id, rowIds));
      this.notify('applied', events, change, origin);
      return;
    }
    // Events of rolled-out days are scored from the ledger (their rep-days again); voids always
    // reach the engine (they may cancel a target it holds or one still to come).
    const late = events.filter((e) => e.type !== 'void' && engine.isRolledOut(e.occurredAt));
    const open = late.length === 0 ? events : events.filter((e) => !late.includes(e));
    const change = engine.applyMany(open);
    const touched = late.map((e) => ({ repId: e.repId, occurredAt: e.occurredAt }));
    const voids = open.filter((e) => e.type === 'void');
    for (const v of voids) if (engine.isRolledOut(v.occurredAt)) touched.push(v);
    const unheld = voids.flatMap((v) =>
      v.voids && !engine.holds(v.voids.source, v.voids.externalId) ? [v.voids] : [],
    );
    for (const t of await this.ledger.eventsByKey(unheld))
      if (t.type !== 'void' && t.repId !== null && engine.isRolledOut(t.occurredAt))
        touched.push({ repId: t.repId, occurredAt: t.occurredAt });
    const changes =
      touched.length === 0
        ? []
        : await this.rolled.rescore(engine, this.engineOptions, touched, this.writer.isWriter);
    for (const c of [change, ...changes]) this.writer.markChange(c);
    this.competitions.apply(events, (id, rowIds) => this.writer.markCompetitionRows(id, rowIds));
    this.notify('applied', events, change, origin);
  }

  periodAt(period: Period, at: number): PeriodInstance {
    return this.engine.periodAt(period, at);
  }

  board(period: Period, at: number, scope?: BoardScope): RankedRow[] {
    return this.engine.board(period, at, scope);
  }

  /** A breakdown; one of a rolled-out period is scored from the ledger (its tier from the totals). */
  async breakdown(repId: string, period: Period, at: number): Promise<BreakdownResponse> {
    const engine = this.engine;
    const instance = engine.periodAt(period, at);
    if (!engine.isRolledOut(instance.from)) return engine.breakdown(repId, period, at);
    return this.queue.run(async () => {
      const scratch = await this.rolled.scratch(
        engine,
        this.engineOptions,
        instance.from,
        instance.to,
        repId,
      );
      return { ...scratch.breakdown(repId, period, at), tierProgress: engine.tierProgress(repId, at) };
    });
  }

  /**
   * The figures of the month containing `at` as they are now (a close, adjustments): a rolled-out
   * month's events and awards are scored from the ledger, tiers read from the running totals.
   */
  async monthFigures(at: number): Promise<ClosedFigures> {
    const engine = this.engine;
    const month = engine.periodAt('month', at);
    if (!engine.isRolledOut(month.from)) return monthFigures(engine, at);
    return this.queue.run(async () => {
      const scratch = await this.rolled.scratch(engine, this.engineOptions, month.from, month.to, null);
      return monthFigures(
        {
          periodAt: (p, t) => engine.periodAt(p, t),
          timeline: engine.timeline,
          repProfiles: () => engine.repProfiles(),
          stats: (r, p, t) => engine.stats(r, p, t),
          breakdown: (r, p, t) => scratch.breakdown(r, p, t),
        },
        at,
      );
    });
  }

  /**
   * An engine holding every event from org-local day `fromDay` on: the engine itself, or one scored
   * from the ledger when that day rolled out (burnout reports reaching back).
   */
  async engineFrom(fromDay: number): Promise<ScoringEngine> {
    const engine = this.engine;
    if (fromDay >= engine.horizonDay) return engine;
    const now = this.clock.now();
    return this.queue.run(() =>
      this.rolled.scratch(
        engine,
        this.engineOptions,
        engine.calendar.tz.startOfDay(fromDay),
        now + 86_400_000,
        null,
      ),
    );
  }

  /** Events and rep-days in memory (what the horizon bounds). */
  memory(): { events: number; repDays: number; horizonDay: number } {
    return { events: this.engine.size, repDays: this.engine.repDays, horizonDay: this.engine.horizonDay };
  }

  /**
   * Resolves once every change made so far is in the projection and the board sequence numbers
   * (waits for the next coalesced write when something is pending), so a board read next is
   * consistent with its `seq`.
   */
  async settled(): Promise<void> {
    await this.queue.drain();
    if (this.writer.hasPending() || this.flushes.inFlight) await this.flushes.next();
  }

  /** Writes what is pending now, without waiting for the interval (tests, shutdown). */
  async idle(): Promise<void> {
    await this.queue.drain();
    await this.flushes.idle();
  }

  /**
   * Starts scoring a new competition: replays the ledger's events of its window. Inside the queue,
   * so every event applied before is in the ledger it reads and every later one reaches the scorer.
   */
  addCompetition(definition: CompetitionDefinition): Promise<void> {
    return this.queue.run(() => this.competitions.add(definition, this.engine.repProfiles()));
  }

  removeCompetition(id: string): Promise<void> {
    return this.queue.run(() => {
      this.competitions.remove(id);
      this.writer.forgetCompetition(id);
    });
  }

  competition(id: string): CompetitionScorer | undefined {
    return this.competitions.get(id);
  }

  competitionIds(): string[] {
    return this.competitions.ids();
  }

  /** A competition's ranked rows (reps, or teams named by the last names read). */
  competitionRows(id: string): CompetitionRow[] {
    return this.competitions.rows(id);
  }

  /** Reads the team names afresh (before a competition snapshot: a team may be new or renamed). */
  refreshTeamNames(): Promise<void> {
    return this.competitions.refreshTeamNames();
  }

  /**
   * The current sequence number of a board: what this process last wrote, else what is stored.
   * Read inside `settled()`, it belongs to the same moment as the engine's rows.
   */
  seqOf(key: string): Promise<number> {
    return this.writer.seqOf(key);
  }

  /**
   * Builds the message of every bumped board its audience watches (a delta of the rows that moved,
   * or a snapshot after a reset) and hands the report to the listeners, timed for the scheduler.
   */
  private publish(bumped: BumpedBoard[]): void {
    this.meter.time(() => {
      const now = this.clock.now();
      const boards = bumped.map((board): FlushedBoard => ({
        ...board,
        message: flushMessage(this, this.audience, board, now),
      }));
      this.notify('flushed', { boards });
    });
  }
}
