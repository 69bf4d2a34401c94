import { boardKeyOf, boardRefOf, type BoardRef, type BoardScope, type Period } from '@leaderboard/contracts';
import { BASELINE_INSTANCES, type EngineChange, type ScoringEngine } from '@leaderboard/scoring';
import type { FlushedBoard } from './flush-report.js';
import { instantInside } from './period-keys.js';
import type { ProjectionRepository, StoredTotal } from '../repositories/projection.repository.js';

const IMPROVED: BoardScope = { kind: 'improved' };

/** A board whose seq a write bumped, before its message is built. */
export type BumpedBoard = Omit<FlushedBoard, 'message'>;

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

/**
 * The projection side of the engine: which (rep, period instance) totals and boards changed since
 * the last write, the writer role (one process writes the projection and hands out board seqs: the
 * only one, or the cluster's leader), seq allocation (one more than the last this writer handed
 * out, else the stored one), and the write itself, with what it did not write kept for the retry.
 */
export class ProjectionWriter {
  /** The projection rows as stored, by period instance then rep (zero when missing): only real changes are written. */
  private readonly stored = new Map<string, Map<string, number>>();
  /** Period instances whose totals changed in the engine for these reps, not yet written. */
  private readonly dirty = new Map<string, { period: Period; periodKey: string; repIds: Set<string> }>();
  /** Boards that start over (a snapshot), by key. */
  private readonly dirtyBoards = new Map<string, BoardRef>();
  /** Competition board key -> board rows (reps, or teams) whose totals changed, not yet written. */
  private readonly dirtyCompetitions = new Map<string, { ref: BoardRef; rowIds: Set<string> }>();
  /** Board key -> seq this process knows to be current (it wrote it, or read it with nothing pending). */
  private readonly seqs = new Map<string, number>();
  private writer: boolean;

  constructor(
    private readonly projection: ProjectionRepository,
    writer: boolean,
  ) {
    this.writer = writer;
  }

  get isWriter(): boolean {
    return this.writer;
  }

  /** Takes the writer role or gives it up; false when nothing changed. Seqs are read afresh after. */
  assume(writer: boolean): boolean {
    if (writer === this.writer) return false;
    this.writer = writer;
    this.seqs.clear();
    return true;
  }

  hasPending(): boolean {
    return this.dirty.size > 0 || this.dirtyBoards.size > 0 || this.dirtyCompetitions.size > 0;
  }

  clearPending(): void {
    this.dirty.clear();
    this.dirtyBoards.clear();
    this.dirtyCompetitions.clear();
  }

  /** The projection as stored now (after a replay reconciled or read it). */
  remember(rows: Iterable<StoredTotal>): void {
    this.stored.clear();
    for (const row of rows) this.rememberRow(row);
  }

  /** Remembers which projection rows an engine change touched. */
  markChange(change: EngineChange): void {
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

  /** The board starts over with a snapshot at the next write. */
  markReset(ref: BoardRef): void {
    this.dirtyBoards.set(boardKeyOf(ref), ref);
  }

  /** These rows of a competition's board moved. */
  markCompetitionRows(competitionId: string, rowIds: Iterable<string>): void {
    const ref: BoardRef = { kind: 'competition', competitionId };
    const key = boardKeyOf(ref);
    let entry = this.dirtyCompetitions.get(key);
    if (!entry) {
      entry = { ref, rowIds: new Set() };
      this.dirtyCompetitions.set(key, entry);
    }
    for (const rowId of rowIds) entry.rowIds.add(rowId);
  }

  forgetCompetition(competitionId: string): void {
    this.dirtyCompetitions.delete(boardKeyOf({ kind: 'competition', competitionId }));
  }

  /**
   * Writes every pending change once: hands each changed board its next seq, lets `publish` send
   * them (before the write commits: the events they show are durable already; the projection is a
   * cache of them), then stores the totals and seqs. Not the writer: drops what is pending.
   */
  async write(engine: ScoringEngine, now: number, publish: (boards: BumpedBoard[]) => void): Promise<void> {
    if (!this.writer) return this.clearPending();
    const rows: StoredTotal[] = [];
    const resets = new Map(this.dirtyBoards);
    const refs = new Map(this.dirtyBoards);
    const repsOf = new Map<string, string[]>();
    const touch = (ref: BoardRef, repId: string): void => {
      const key = boardKeyOf(ref);
      refs.set(key, ref);
      const list = repsOf.get(key);
      if (list) list.push(repId);
      else repsOf.set(key, [repId]);
    };
    const pending = [...this.dirty.values()];
    const pendingCompetitions = [...this.dirtyCompetitions.values()];
    this.clearPending();
    // A competition board whose rows moved: its seq goes up once with the others.
    for (const { ref, rowIds } of pendingCompetitions) for (const rowId of rowIds) touch(ref, rowId);
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
          touch(boardRefOf(period, periodKey, scope), repId);
        // A late event moves the baseline of the most improved boards of the started instances after it.
        for (const key of later) touch(boardRefOf(period, key, IMPROVED), repId);
      }
    }
    let bumped: Array<{ key: string; seq: number }> = [];
    try {
      bumped = await this.nextSeqs([...refs.keys()]);
      for (const { key, seq } of bumped) this.seqs.set(key, seq);
      publish(
        bumped.map(({ key, seq }) => ({
          ref: refs.get(key) as BoardRef,
          key,
          seq,
          repIds: repsOf.get(key) ?? [],
          reset: resets.has(key),
        })),
      );
      await this.projection.writeAt(rows, bumped);
    } catch (error) {
      // Not written: try again with the next write (start-up and `npm run rebuild` reconcile
      // anyway). Seqs already handed out stay taken: the retry's deltas carry the next ones.
      for (const p of pending) {
        const entry = this.dirty.get(`${p.period}:${p.periodKey}`);
        if (entry) for (const repId of p.repIds) entry.repIds.add(repId);
        else this.dirty.set(`${p.period}:${p.periodKey}`, p);
      }
      // A reset whose snapshot never left (the seqs were not read) is still owed.
      if (bumped.length === 0) for (const [key, ref] of resets) this.dirtyBoards.set(key, ref);
      for (const { ref, rowIds } of pendingCompetitions)
        if (ref.kind === 'competition') this.markCompetitionRows(ref.competitionId, rowIds);
      throw error;
    }
    for (const row of rows) this.rememberRow(row);
  }

  /**
   * The current sequence number of a board: what this process last wrote, else what is stored.
   * Read when nothing is pending, it belongs to the same moment as the engine's rows.
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

  /** One more than the current seq of each board: this writer's own, else the stored one. */
  private async nextSeqs(keys: string[]): Promise<Array<{ key: string; seq: number }>> {
    const unknown = keys.filter((key) => !this.seqs.has(key));
    const stored = await this.projection.readSeqs(unknown);
    return keys.map((key) => ({ key, seq: (this.seqs.get(key) ?? stored.get(key) ?? 0) + 1 }));
  }

  private rememberRow(row: StoredTotal): void {
    const instance = `${row.period}:${row.periodKey}`;
    let reps = this.stored.get(instance);
    if (!reps) {
      reps = new Map();
      this.stored.set(instance, reps);
    }
    reps.set(row.repId, row.milliPoints);
  }
}
