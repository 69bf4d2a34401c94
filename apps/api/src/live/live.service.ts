import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  ALL_SCOPE,
  PERIODS,
  parseScope,
  requestedScope,
  scopeKey,
  teamOfScope,
  type BoardScope,
  type BoardResponse,
  type BoardSubscribeAck,
  type BoardSubscription,
  type Celebration,
  type LiveClientToServer,
  type LiveServerToClient,
  type Period,
} from '@leaderboard/contracts';
import { isActivityType, isOverloaded, type EngineChange, type ScoringEvent } from '@leaderboard/scoring';
import type { Namespace, Socket } from 'socket.io';
import { AuthService } from '../auth/auth.service.js';
import type { Principal } from '../auth/principal.js';
import { tokenFromHandshake } from '../auth/socket-auth.js';
import { TokensService } from '../auth/tokens.service.js';
import { UsersService } from '../auth/users.service.js';
import { BoardsService, toBoardRow } from '../boards/boards.service.js';
import { APP_CONFIG, clusterMode, type AppConfig } from '../config/app-config.js';
import { DomainError } from '../common/domain-error.js';
import { errorBody } from '../common/error-body.js';
import { competitionOfBoardKey, parseBoardKey } from '../scoring/period-keys.js';
import { ScoringService, type FlushReport } from '../scoring/scoring.service.js';
import { CelebrationPacer } from './celebration-pacer.js';
import { FAN_OUT_LOST, FAN_OUT_RESTORED, FallbackRedisAdapter } from './redis-fan-out.js';
import { WriteBatch, type BatchedConnection } from './write-batch.js';

export type LiveNamespace = Namespace<LiveClientToServer, LiveServerToClient>;
type LiveSocket = Socket<LiveClientToServer, LiveServerToClient, Record<string, never>, LiveSocketData>;

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

interface LiveSocketData {
  principal: Principal;
  expiryTimer?: NodeJS.Timeout;
}

/**
 * While Redis is away a follower's clients get no deltas (the leader's cannot reach them): they get
 * a snapshot of this process's own boards instead, at most this often, when its engine changed.
 */
const LOCAL_SNAPSHOT_MS = 1000;
/**
 * How often every open socket's credential is checked again. A revocation made through this
 * process, or through another one while the Redis adapter carries it, closes the sockets at once;
 * one made by a process this one cannot reach (no Redis, or Redis down) closes them within this
 * interval plus the credential caches' 5 s (ACTIVE_USER_CACHE_MS, TOKEN_CACHE_MS), and every
 * subscribe checks again (so no new board after 5 s).
 */
export const LIVE_SESSION_RECHECK_MS = 15_000;
/** Credentials checked at once by a re-check. */
const RECHECK_CONCURRENCY = 16;

/** Longest wait between two checks for a period rollover (timers drift; DST moves midnight). */
const ROLLOVER_CHECK_MAX_MS = 60 * 60 * 1000;

/** Room of every socket subscribed to the current instance of `period` for a scope. */
export function boardRoom(period: Period, scope: BoardScope = ALL_SCOPE): string {
  // A competition's board is the same whatever period a client named.
  if (scope.kind === 'competition') return `board:${scopeKey(scope)}`;
  return `board:${period}:${scopeKey(scope)}`;
}

/** The board a `boardRoom` room is for (a competition's under the period its board echoes). */
export function boardOfRoom(room: string): { period: Period; scope: BoardScope } | null {
  const match = /^board:(?:(today|week|month|quarter):)?(.+)$/.exec(room);
  const scope = match ? parseScope(match[2]) : null;
  if (!match || !scope || (scope.kind === 'competition') !== (match[1] === undefined)) return null;
  return { period: (match[1] as Period | undefined) ?? 'month', scope };
}

function celebrationRooms(teamId: string | null): string[] {
  return teamId ? ['celebrate:all', `celebrate:team:${teamId}`] : ['celebrate:all'];
}

/**
 * The live side of SPEC section 7: who may connect, what a subscription receives, and how a
 * coalesced projection write becomes one `board:delta` per board with `seq` one more than the last.
 * The gateway only routes messages here.
 */
@Injectable()
export class LiveService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LiveService.name);
  private server: LiveNamespace | null = null;
  private rolloverTimer: NodeJS.Timeout | null = null;
  private sessionTimer: NodeJS.Timeout | null = null;
  private recheck: Promise<void> | null = null;
  /** period -> the instance key boards of that period showed at the last check. */
  private readonly currentInstance = new Map<Period, string>();
  private readonly celebrations: CelebrationPacer;
  /** A flush's deltas and celebrations leave each socket in one write. */
  private readonly writes = new WriteBatch();
  /** Celebrations whose turn came, sent with the next deltas (or after one interval without any). */
  private readonly outbox: Celebration[] = [];
  private outboxTimer: NodeJS.Timeout | null = null;
  /** Several processes: another one may have subscribers in a room this one sees empty. */
  private readonly clustered: boolean;
  /**
   * Whether a rep's pattern says overload (SPEC 6), by rep, for the local day it was worked out on.
   * Only activity (and voids) moves the flags, and a rebuild (rule set, working hours) starts over,
   * so a run of won deals does not recompute the rep's month of line items for every one.
   */
  private readonly overloaded = new Map<string, { day: number; flagged: boolean }>();
  /** Redis fan-out is down (only with REDIS_URL): this process's clients are all it reaches. */
  private fanOutDown = false;
  private localSnapshotTimer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly scoring: ScoringService,
    private readonly boards: BoardsService,
  ) {
    this.clustered = clusterMode(config);
    this.celebrations = new CelebrationPacer(config.liveMaxCelebrationsPerSec, (celebration) =>
      this.post(celebration),
    );
  }

  /**
   * A celebration leaves right after the next deltas: the deal's row and its celebration reach a
   * TV together, and writing to every socket happens once per interval instead of at random
   * moments between (each such burst holds up the requests that arrive during it).
   */
  private post(celebration: Celebration): void {
    this.outbox.push(celebration);
    this.outboxTimer ??= setTimeout(() => this.sendOutbox(), this.scoring.flushIntervalMs);
  }

  private sendOutbox(): void {
    if (this.outboxTimer) clearTimeout(this.outboxTimer);
    this.outboxTimer = null;
    for (const celebration of this.outbox.splice(0)) {
      this.server?.to(celebrationRooms(celebration.teamId)).emit('celebration', celebration);
    }
  }

  onModuleInit(): void {
    this.scoring.addListener({
      // The process that stored an event celebrates it (the Redis adapter reaches every client).
      applied: (events, change, origin) => {
        for (const event of events) {
          if (event.type === 'void' || isActivityType(event.type)) this.overloaded.delete(event.repId);
        }
        if (origin === 'ingest') this.celebrate(events, change);
        this.scheduleLocalSnapshots();
      },
      flushed: (report) => this.publish(report),
      rebuilt: () => {
        this.overloaded.clear();
        void this.resnapshotAll();
        this.scheduleLocalSnapshots();
      },
    });
    this.tokens.onRevoked((tokenId) => this.disconnectRoom(`token:${tokenId}`));
    this.users.onSessionsRevoked((userId) => this.disconnectRoom(`user:${userId}`));
  }

  /**
   * Closes every socket in `room`: this process's at once, whether or not Redis answers
   * (FallbackRedisAdapter applies a disconnect locally before it publishes it), and through Redis
   * those of every other process.
   */
  private disconnectRoom(room: string): void {
    this.server?.in(room).disconnectSockets(true);
  }

  /** Drops the celebrations waiting for their turn (a test starting over with an empty org). */
  discardQueuedCelebrations(): void {
    this.celebrations.stop();
    this.dropOutbox();
  }

  private dropOutbox(): void {
    if (this.outboxTimer) clearTimeout(this.outboxTimer);
    this.outboxTimer = null;
    this.outbox.length = 0;
  }

  onModuleDestroy(): void {
    this.celebrations.stop();
    this.dropOutbox();
    if (this.localSnapshotTimer) clearTimeout(this.localSnapshotTimer);
    this.localSnapshotTimer = null;
    if (this.rolloverTimer) clearTimeout(this.rolloverTimer);
    this.rolloverTimer = null;
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    this.sessionTimer = null;
  }

  /** Called once by the gateway: every handshake is authenticated before it connects. */
  attach(server: LiveNamespace): void {
    this.server = server;
    // Socket.IO types its Engine.IO sockets loosely; see BatchedConnection for what is used.
    server.server.engine.on('connection', (connection: BatchedConnection) => this.writes.adopt(connection));
    server.use((socket, next) => {
      this.admit(socket as LiveSocket).then(
        () => next(),
        (error: unknown) => {
          const body =
            error instanceof DomainError
              ? errorBody(error.code, error.message, error.details)
              : errorBody('INTERNAL', 'Something went wrong');
          const refusal = new Error(body.error.message) as Error & { data: unknown };
          refusal.data = body;
          next(refusal);
        },
      );
    });
    server.on('connection', (socket) => this.connected(socket as LiveSocket));
    // With REDIS_URL: Redis went away (or was not there at start), or came back (see RedisFanOut).
    const adapter = server.adapter;
    this.fanOutDown = adapter instanceof FallbackRedisAdapter && !adapter.fanOutConnected;
    adapter.on(FAN_OUT_LOST, () => (this.fanOutDown = true));
    adapter.on(FAN_OUT_RESTORED, () => {
      this.fanOutDown = false;
      void this.resync();
    });
    // Several processes: the leader answers snapshots for the others (its rows match its seqs).
    (server as unknown as ServerSide).on('live:snapshot', (subscription, answer) => {
      const scope = requestedScope(subscription);
      if (!this.scoring.isWriter || scope === null) return answer(null);
      this.boards.board(subscription.period, scope).then(answer, () => answer(null));
    });
  }

  onApplicationBootstrap(): void {
    this.scheduleRolloverCheck();
    this.sessionTimer = setInterval(() => void this.recheckSessions(), LIVE_SESSION_RECHECK_MS);
    this.sessionTimer.unref();
  }

  private async admit(socket: LiveSocket): Promise<void> {
    const token = tokenFromHandshake(socket.handshake);
    if (token === null) throw new DomainError('UNAUTHENTICATED', 'A token is required: auth: { token }');
    const principal = await this.auth.authenticate(token);
    if (principal.kind === 'integration') {
      throw new DomainError('FORBIDDEN', 'Integration tokens send events; they cannot read boards');
    }
    socket.data.principal = principal;
  }

  /**
   * The socket's credential, checked again (a subscribe, the periodic re-check): still valid, or
   * the socket is closed (right after its refusal is answered) and UNAUTHENTICATED thrown.
   */
  private async reauthenticate(socket: LiveSocket): Promise<void> {
    const token = tokenFromHandshake(socket.handshake);
    try {
      if (token === null) throw new DomainError('UNAUTHENTICATED', 'A token is required: auth: { token }');
      socket.data.principal = await this.auth.authenticate(token);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'UNAUTHENTICATED') {
        setImmediate(() => socket.disconnect(true));
      }
      throw error;
    }
  }

  /**
   * Checks the credential of every socket of this process once (each distinct token once) and
   * closes those revoked, disabled or changed meanwhile, also when the change was made by a
   * process this one cannot hear. A failed check (database away) keeps the sockets. Runs every
   * LIVE_SESSION_RECHECK_MS; public for tests.
   */
  recheckSessions(): Promise<void> {
    this.recheck ??= this.recheckOnce().finally(() => (this.recheck = null));
    return this.recheck;
  }

  private async recheckOnce(): Promise<void> {
    const server = this.server;
    if (!server) return;
    const byToken = new Map<string, LiveSocket[]>();
    for (const socket of server.sockets.values()) {
      const token = tokenFromHandshake(socket.handshake) ?? '';
      const sockets = byToken.get(token);
      if (sockets) sockets.push(socket as LiveSocket);
      else byToken.set(token, [socket as LiveSocket]);
    }
    const entries = [...byToken];
    // A few checks at a time: thousands of sockets must not queue thousands of reads at once.
    for (let i = 0; i < entries.length; i += RECHECK_CONCURRENCY) {
      await Promise.all(
        entries.slice(i, i + RECHECK_CONCURRENCY).map(async ([token, sockets]) => {
          const valid = await this.auth.authenticate(token).then(
            () => true,
            (error: unknown) => !(error instanceof DomainError && error.code === 'UNAUTHENTICATED'),
          );
          if (!valid) for (const socket of sockets) socket.disconnect(true);
        }),
      );
    }
  }

  private connected(socket: LiveSocket): void {
    const principal = socket.data.principal;
    void socket.join(principal.kind === 'user' ? `user:${principal.userId}` : `token:${principal.tokenId}`);
    if (principal.expiresAt) {
      // setTimeout holds at most ~24.8 days; a longer-lived credential is checked again then.
      const wait = Math.min(principal.expiresAt - Date.now(), 2 ** 31 - 1);
      socket.data.expiryTimer = setTimeout(() => socket.disconnect(true), Math.max(0, wait));
    }
    socket.on('disconnect', () => {
      if (socket.data.expiryTimer) clearTimeout(socket.data.expiryTimer);
    });
  }

  /**
   * Joins the board's room and answers with its snapshot. Joining first means no delta written
   * after the snapshot can be missed; one already included is recognised by its `seq`.
   */
  async subscribe(socket: LiveSocket, subscription: BoardSubscription): Promise<BoardSubscribeAck> {
    const scope = scopeOf(subscription);
    await this.reauthenticate(socket);
    const team = teamOfScope(scope);
    await socket.join([
      boardRoom(subscription.period, scope),
      team ? `celebrate:team:${team}` : 'celebrate:all',
    ]);
    try {
      const snapshot =
        (await this.leaderSnapshot(subscription, scope)) ??
        (await this.boards.board(subscription.period, scope));
      return { ok: true, snapshot };
    } catch (error) {
      await socket.leave(boardRoom(subscription.period, scope));
      throw error;
    }
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
    if (this.scoring.isWriter || !this.server) return null;
    // Validates the team the same way before asking anyone.
    if (scope.kind === 'team') await this.boards.assertTeam(scope.teamId);
    try {
      const answers = await (this.server as unknown as ServerSide)
        .timeout(LEADER_SNAPSHOT_TIMEOUT_MS)
        .serverSideEmitWithAck('live:snapshot', { period: subscription.period, scope: scopeKey(scope) });
      return answers.find((answer) => answer !== null) ?? null;
    } catch {
      return null;
    }
  }

  async unsubscribe(socket: LiveSocket, subscription: BoardSubscription): Promise<{ ok: boolean }> {
    await socket.leave(boardRoom(subscription.period, scopeOf(subscription)));
    return { ok: true };
  }

  /** One delta per changed board of a current period instance (a snapshot when deltas cannot say it). */
  private publish(report: FlushReport): void {
    const server = this.server;
    if (!server) return;
    this.writes.hold(() => {
      this.publishBoards(server, report);
      this.sendOutbox();
    });
  }

  /**
   * Nobody watches the room (one process: no socket in it here). Its seq moved all the same; a
   * later subscriber's snapshot carries it. With several processes another one may have sockets.
   */
  private unwatched(server: LiveNamespace, room: string): boolean {
    return !this.clustered && !server.adapter.rooms.has(room);
  }

  private publishBoards(server: LiveNamespace, report: FlushReport): void {
    const now = Date.now();
    for (const board of report.boards) {
      const competitionId = competitionOfBoardKey(board.key);
      if (competitionId !== null) {
        this.publishCompetition(server, competitionId, board, now);
        continue;
      }
      const parsed = parseBoardKey(board.key);
      if (!parsed) continue;
      // Late events into a past instance move its seq, but nobody watches it live.
      if (this.scoring.periodAt(parsed.period, now).periodKey !== parsed.periodKey) continue;
      const room = boardRoom(parsed.period, parsed.scope);
      if (this.unwatched(server, room)) continue;
      if (board.reset) {
        server
          .to(room)
          .emit('board:snapshot', this.boards.snapshot(parsed.period, parsed.scope, board.seq, now));
        continue;
      }
      const changed = new Set(board.repIds);
      const rows = this.scoring
        .board(parsed.period, now, parsed.scope)
        .filter((row) => changed.has(row.repId))
        .map(toBoardRow);
      server.to(room).emit('board:delta', { key: board.key, seq: board.seq, rows, removed: [] });
    }
  }

  /** A competition board's delta (rows of reps, or of teams), or its snapshot after a reset. */
  private publishCompetition(
    server: LiveNamespace,
    competitionId: string,
    board: FlushReport['boards'][number],
    now: number,
  ): void {
    // Deleted meanwhile: nobody can be subscribed to it any more.
    if (!this.scoring.competition(competitionId)) return;
    const scope: BoardScope = { kind: 'competition', competitionId };
    const room = boardRoom('month', scope);
    if (this.unwatched(server, room)) return;
    if (board.reset) {
      server.to(room).emit('board:snapshot', this.boards.snapshot('month', scope, board.seq, now));
      return;
    }
    const changed = new Set(board.repIds);
    const rows = this.scoring
      .competitionRows(competitionId)
      .filter((row) => changed.has(row.repId))
      .map(toBoardRow);
    server.to(room).emit('board:delta', { key: board.key, seq: board.seq, rows, removed: [] });
  }

  /**
   * The winner of a competition whose window ended, for every TV (paced like the others). The
   * caller (CompetitionsService, on the writer) makes sure it goes out once.
   */
  celebrateCompetition(celebration: Celebration): void {
    this.celebrations.push(celebration);
  }

  /** `deal_won` of today and a rep reaching a higher tier in the current tier period, paced. */
  private celebrate(events: ScoringEvent[], change: EngineChange): void {
    if (!this.server) return;
    // Most batches are activity: nothing to look up for them (this runs on every ingest).
    if (change.tierChanges.length === 0 && !events.some((event) => event.type === 'deal_won')) return;
    const now = Date.now();
    const engine = this.scoring.engine;
    const today = this.scoring.periodAt('today', now);
    const ruleSet = engine.timeline.at(now);
    const emit = (celebration: Celebration): void => this.celebrations.push(celebration);
    // A rep whose pattern says overload (SPEC 6) is never cheered for working outside their hours.
    const day = engine.calendar.tz.dayNumberAt(now);
    const quietLate = (repId: string, at: number): boolean => {
      if (engine.isWorkingTime(repId, at)) return false;
      let known = this.overloaded.get(repId);
      if (known?.day !== day) {
        known = { day, flagged: isOverloaded(engine, repId, now) };
        this.overloaded.set(repId, known);
      }
      return known.flagged;
    };
    for (const event of events) {
      if (event.type !== 'deal_won' || event.occurredAt < today.from || event.occurredAt >= today.to)
        continue;
      if (engine.awardedOf(event.source, event.externalId) <= 0) continue;
      if (quietLate(event.repId, event.occurredAt)) continue;
      const rep = engine.repProfile(event.repId);
      if (!rep) continue;
      const amount = event.attributes['amount'];
      const currency = event.attributes['currency'];
      emit({
        kind: 'deal_won',
        repId: rep.id,
        name: rep.name,
        teamId: rep.teamId,
        ...(typeof amount === 'number' ? { amount } : {}),
        currency: typeof currency === 'string' ? currency : ruleSet.document.currency,
        at: new Date(event.occurredAt).toISOString(),
      });
    }
    const tierPeriod = this.scoring.periodAt(ruleSet.tierPeriod, now);
    const order = ruleSet.tiers.map((tier) => tier.name);
    for (const { repId, from, to } of change.tierChanges) {
      if (to === null || (from !== null && order.indexOf(to) <= order.indexOf(from))) continue;
      const own = events.filter(
        (e) => e.repId === repId && e.occurredAt >= tierPeriod.from && e.occurredAt < tierPeriod.to,
      );
      const rep = engine.repProfile(repId);
      if (own.length === 0 || !rep) continue;
      // Reached only through after-hours events of an overloaded rep: not for the TV.
      if (own.every((e) => quietLate(repId, e.occurredAt))) continue;
      emit({
        kind: 'tier',
        repId,
        name: rep.name,
        teamId: rep.teamId,
        tier: to,
        at: new Date(now).toISOString(),
      });
    }
  }

  /**
   * Every board of `periods` starts over with a fresh snapshot (after a rebuild, or when its period
   * rolled over). The writer sends them, to clients of every process, with the seqs it wrote.
   */
  private async resnapshotAll(periods: readonly Period[] = PERIODS): Promise<void> {
    const server = this.server;
    if (!server || !this.scoring.isWriter) return;
    const scopes = new Map<string, BoardScope>();
    const now = Date.now();
    for (const rep of this.scoring.engine.repProfiles()) {
      for (const scope of this.scoring.engine.scopesOf(rep.id, now)) scopes.set(scopeKey(scope), scope);
    }
    scopes.set('all', ALL_SCOPE);
    // After a rebuild (every period), competition boards start over too; a rollover leaves them be.
    if (periods === PERIODS) {
      for (const competitionId of this.scoring.competitionIds()) {
        const scope: BoardScope = { kind: 'competition', competitionId };
        try {
          server
            .to(boardRoom('month', scope))
            .emit('board:snapshot', await this.boards.board('month', scope));
        } catch (error) {
          this.logger.warn(
            `Snapshot of competition ${competitionId} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
    }
    // All at once: each waits for the same pending write, so every board's snapshot leaves right
    // after it (one at a time, a later board's snapshot came after deltas past the seq it missed).
    const sends = periods.flatMap((period) =>
      [...scopes.values()].map(async (scope) => {
        try {
          server.to(boardRoom(period, scope)).emit('board:snapshot', await this.boards.board(period, scope));
        } catch (error) {
          this.logger.warn(
            `Snapshot of ${boardRoom(period, scope)} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
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
  private async resync(): Promise<void> {
    if (this.scoring.isWriter) await this.resnapshotAll();
    else await this.resnapshotLocal(true);
  }

  /** A follower while Redis is away: its clients see its own engine, once a LOCAL_SNAPSHOT_MS at most. */
  private scheduleLocalSnapshots(): void {
    if (!this.fanOutDown || this.scoring.isWriter || this.localSnapshotTimer) return;
    this.localSnapshotTimer = setTimeout(() => {
      this.localSnapshotTimer = null;
      if (this.fanOutDown && !this.scoring.isWriter) void this.resnapshotLocal(false);
    }, LOCAL_SNAPSHOT_MS);
    this.localSnapshotTimer.unref();
  }

  /** A fresh snapshot to every board room of this process's clients (the writer's, if `fromLeader`). */
  private async resnapshotLocal(fromLeader: boolean): Promise<void> {
    const server = this.server;
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
          this.logger.warn(
            `Snapshot of ${room} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }),
    );
  }

  /** Sends fresh snapshots when a day, week, month or quarter starts in the org time zone. */
  private scheduleRolloverCheck(): void {
    const now = Date.now();
    let next = now + ROLLOVER_CHECK_MAX_MS;
    for (const period of PERIODS) {
      const instance = this.scoring.periodAt(period, now);
      if (!this.currentInstance.has(period)) this.currentInstance.set(period, instance.periodKey);
      next = Math.min(next, instance.to);
    }
    this.rolloverTimer = setTimeout(() => this.checkRollover(), Math.max(0, next - now) + 50);
    this.rolloverTimer.unref();
  }

  /** Public for tests; runs on its own at every period boundary. */
  checkRollover(): void {
    if (this.rolloverTimer) clearTimeout(this.rolloverTimer);
    const now = Date.now();
    const rolled = PERIODS.filter((period) => {
      const key = this.scoring.periodAt(period, now).periodKey;
      const changed = this.currentInstance.get(period) !== key;
      this.currentInstance.set(period, key);
      return changed;
    });
    if (rolled.length > 0) void this.resnapshotAll(rolled);
    this.scheduleRolloverCheck();
  }
}
