import { Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  ALL_SCOPE,
  PERIODS,
  requestedScope,
  scopeKey,
  teamOfScope,
  type BoardResponse,
  type BoardScope,
  type BoardSubscribeAck,
  type BoardSubscription,
  type Period,
} from '@leaderboard/contracts';
import { BoardsService } from '../boards/boards.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { boardKey } from '../scoring/period-keys.js';
import { ScoringService } from '../scoring/scoring.service.js';
import { boardOfRoom, boardRoom } from './live-rooms.js';
import { LiveServer, type LiveSocket } from './live-server.js';
import { LiveSessions } from './live-sessions.js';

/** Messages between the API processes (through the Redis adapter). */
interface ServerSide {
  on(
    event: 'live:snapshot',
    listener: (subscription: BoardSubscription, answer: (snapshot: BoardResponse | null) => void) => void,
  ): void;
  timeout(ms: number): {
    serverSideEmitWithAck(
      event: 'live:snapshot',
      subscription: BoardSubscription,
    ): Promise<Array<BoardResponse | null>>;
  };
}

/** The scope of a validated subscription (the DTO refused one that names none). */
function scopeOf(subscription: BoardSubscription): BoardScope {
  const scope = requestedScope(subscription);
  if (scope === null) throw new DomainError('VALIDATION_FAILED', 'team and scope name different boards');
  return scope;
}

/** How long a follower waits for the leader's snapshot before answering from its own engine. */
const LEADER_SNAPSHOT_TIMEOUT_MS = 3000;

/**
 * While Redis is away a follower's clients get no deltas (the leader's cannot reach them): they get
 * a snapshot of this process's own boards instead, at most this often, when its engine changed.
 */
const LOCAL_SNAPSHOT_MS = 1000;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Subscriptions and snapshots: joining a board's room answers with its snapshot (the leader's on
 * a follower); a board starts over with a fresh snapshot after a rebuild, a rollover, or Redis
 * coming back; a follower cut off from Redis shows its own engine.
 */
@Injectable()
export class LiveSubscriptions implements OnModuleDestroy {
  private readonly logger = new Logger(LiveSubscriptions.name);
  private localSnapshotTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly live: LiveServer,
    private readonly sessions: LiveSessions,
    private readonly scoring: ScoringService,
    private readonly boards: BoardsService,
    private readonly clock: Clock,
  ) {}

  /** Several processes: the leader answers snapshots for the others (its rows match its seqs). */
  answerLeaderSnapshots(): void {
    (this.live.io as unknown as ServerSide | null)?.on('live:snapshot', (subscription, answer) => {
      const scope = requestedScope(subscription);
      if (!this.scoring.isWriter || scope === null) return answer(null);
      this.ownSnapshot(subscription.period, scope).then(answer, () => answer(null));
    });
  }

  onModuleDestroy(): void {
    if (this.localSnapshotTimer) clearTimeout(this.localSnapshotTimer);
    this.localSnapshotTimer = null;
  }

  /**
   * Joins the board's room and answers with its snapshot. Joining first means no delta written
   * after the snapshot can be missed; one already included is recognised by its `seq`.
   */
  async subscribe(socket: LiveSocket, subscription: BoardSubscription): Promise<BoardSubscribeAck> {
    const scope = scopeOf(subscription);
    await this.sessions.reauthenticate(socket);
    const team = teamOfScope(scope);
    await socket.join([
      boardRoom(subscription.period, scope),
      team ? `celebrate:team:${team}` : 'celebrate:all',
    ]);
    try {
      const snapshot =
        (await this.leaderSnapshot(subscription, scope)) ??
        (await this.ownSnapshot(subscription.period, scope));
      return { ok: true, snapshot };
    } catch (error) {
      await socket.leave(boardRoom(subscription.period, scope));
      throw error;
    }
  }

  /**
   * This process's snapshot of a board; on the writer, the rows its screens hold at their seq
   * (what the next delta continues from: see BoardViews).
   */
  private async ownSnapshot(period: Period, scope: BoardScope): Promise<BoardResponse> {
    const recorded = await this.recorded(period, scope);
    if (recorded) return recorded;
    const snapshot = await this.boards.board(period, scope);
    return this.scoring.isWriter ? this.live.views.answer(boardRoom(period, scope), snapshot) : snapshot;
  }

  /**
   * On the writer, what the room's screens hold when that is the board's current instance at its
   * current seq (after pending flushes settle, as `BoardsService.board` waits): a subscriber gets
   * it without the board being ranked again (5,000 screens subscribing ranked it 5,000 times).
   * Null when there is no such record (then the engine's rows, which become the record).
   */
  private async recorded(period: Period, scope: BoardScope): Promise<BoardResponse | null> {
    if (!this.scoring.isWriter || scope.kind === 'competition') return null;
    if (scope.kind === 'team') await this.boards.assertTeam(scope.teamId);
    await this.scoring.settled();
    const now = this.clock.now();
    const key = boardKey(period, this.scoring.periodAt(period, now).periodKey, scope);
    const seq = await this.scoring.seqOf(key);
    return this.live.views.current(boardRoom(period, scope), key, seq, new Date(now).toISOString());
  }

  /** Sends a board's snapshot to its room (on the writer: its screens hold it now). */
  private sendSnapshot(room: string, snapshot: BoardResponse): void {
    if (this.scoring.isWriter) this.live.views.sent(room, snapshot);
    this.live.io?.to(room).emit('board:snapshot', snapshot);
  }

  async unsubscribe(socket: LiveSocket, subscription: BoardSubscription): Promise<{ ok: boolean }> {
    await socket.leave(boardRoom(subscription.period, scopeOf(subscription)));
    return { ok: true };
  }

  /**
   * On a follower, the leader's snapshot: rows and seq of one moment, as the deltas that follow
   * expect. Null on the leader or a single process (its own engine is that), or when no leader
   * answers (an election under way: the client recovers through the next gap).
   */
  private async leaderSnapshot(
    subscription: BoardSubscription,
    scope: BoardScope,
  ): Promise<BoardResponse | null> {
    const server = this.live.io;
    if (this.scoring.isWriter || !server) return null;
    // Validates the team the same way before asking anyone.
    if (scope.kind === 'team') await this.boards.assertTeam(scope.teamId);
    try {
      const answers = await (server as unknown as ServerSide)
        .timeout(LEADER_SNAPSHOT_TIMEOUT_MS)
        .serverSideEmitWithAck('live:snapshot', { period: subscription.period, scope: scopeKey(scope) });
      return answers.find((answer) => answer !== null) ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Every board of `periods` starts over with a fresh snapshot (after a rebuild, or when its period
   * rolled over). The writer sends them, to clients of every process, with the seqs it wrote.
   */
  async resnapshotAll(periods: readonly Period[] = PERIODS): Promise<void> {
    const server = this.live.io;
    if (!server || !this.scoring.isWriter) return;
    const scopes = new Map<string, BoardScope>();
    const now = this.clock.now();
    for (const rep of this.scoring.engine.repProfiles()) {
      for (const scope of this.scoring.engine.scopesOf(rep.id, now)) scopes.set(scopeKey(scope), scope);
    }
    scopes.set('all', ALL_SCOPE);
    // After a rebuild (every period), competition boards start over too; a rollover leaves them be.
    if (periods === PERIODS) {
      for (const competitionId of this.scoring.competitionIds()) {
        const scope: BoardScope = { kind: 'competition', competitionId };
        try {
          this.sendSnapshot(boardRoom('month', scope), await this.boards.board('month', scope));
        } catch (error) {
          this.logger.warn(`Snapshot of competition ${competitionId} failed: ${errorText(error)}`);
        }
      }
    }
    // All at once: each waits for the same pending write, so every board's snapshot leaves right
    // after it (one at a time, a later board's snapshot came after deltas past the seq it missed).
    const sends = periods.flatMap((period) =>
      [...scopes.values()].map(async (scope) => {
        try {
          this.sendSnapshot(boardRoom(period, scope), await this.boards.board(period, scope));
        } catch (error) {
          this.logger.warn(`Snapshot of ${boardRoom(period, scope)} failed: ${errorText(error)}`);
        }
      }),
    );
    await Promise.all(sends);
  }

  /**
   * Redis is back: whatever other processes published meanwhile was lost, so every board starts
   * over. The writer sends its snapshots to every process reachable now; a follower gives its own
   * clients the writer's (its own engine's when no writer answers: a writer that reconnects later
   * sends its snapshots then).
   */
  async resync(): Promise<void> {
    if (this.scoring.isWriter) await this.resnapshotAll();
    else await this.resnapshotLocal(true);
  }

  /** A follower while Redis is away: its clients see its own engine, once a LOCAL_SNAPSHOT_MS at most. */
  scheduleLocalSnapshots(): void {
    if (!this.live.fanOutDown || this.scoring.isWriter || this.localSnapshotTimer) return;
    this.localSnapshotTimer = setTimeout(() => {
      this.localSnapshotTimer = null;
      if (this.live.fanOutDown && !this.scoring.isWriter) void this.resnapshotLocal(false);
    }, LOCAL_SNAPSHOT_MS);
    this.localSnapshotTimer.unref();
  }

  /** A fresh snapshot to every board room of this process's clients (the writer's, if `fromLeader`). */
  private async resnapshotLocal(fromLeader: boolean): Promise<void> {
    const server = this.live.io;
    if (!server) return;
    const boards = [...server.adapter.rooms.keys()].flatMap((room) => {
      const board = typeof room === 'string' ? boardOfRoom(room) : null;
      return board ? [{ room: room as string, ...board }] : [];
    });
    await Promise.all(
      boards.map(async ({ room, period, scope }) => {
        try {
          const snapshot =
            (fromLeader ? await this.leaderSnapshot({ period, scope: scopeKey(scope) }, scope) : null) ??
            (await this.boards.board(period, scope));
          server.local.to(room).emit('board:snapshot', snapshot);
        } catch (error) {
          this.logger.warn(`Snapshot of ${room} failed: ${errorText(error)}`);
        }
      }),
    );
  }
}
