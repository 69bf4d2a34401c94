import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import type {
  BoardSubscribeAck,
  BoardSubscription,
  Celebration,
  KpiSubscribeAck,
  KpiSubscription,
} from '@leaderboard/contracts';
import { ScoringService } from '../scoring/scoring.service.js';
import { FAN_OUT_LOST, FAN_OUT_RESTORED, FallbackRedisAdapter } from './redis-fan-out.js';
import { LiveCelebrations } from './live-celebrations.js';
import { LiveDeltas } from './live-deltas.js';
import { LiveKpis } from './live-kpis.js';
import { LiveRollover } from './live-rollover.js';
import { LiveServer, type LiveNamespace, type LiveSocket } from './live-server.js';
import { LiveSessions } from './live-sessions.js';
import { LiveSubscriptions } from './live-subscriptions.js';
import type { FramedConnection } from './write-batch.js';

export type { LiveNamespace } from './live-server.js';
export { LIVE_SESSION_RECHECK_MS } from './live-sessions.js';

/**
 * The live side of SPEC section 7, wired together: who may connect (LiveSessions), what a
 * subscription receives (LiveSubscriptions), how a coalesced projection write becomes one
 * `board:delta` per board with `seq` one more than the last (LiveDeltas), celebrations
 * (LiveCelebrations) and period rollovers (LiveRollover). The gateway only routes messages here.
 */
@Injectable()
export class LiveService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    private readonly live: LiveServer,
    private readonly scoring: ScoringService,
    private readonly sessions: LiveSessions,
    private readonly subscriptions: LiveSubscriptions,
    private readonly deltas: LiveDeltas,
    private readonly celebrations: LiveCelebrations,
    private readonly rollover: LiveRollover,
    private readonly kpis: LiveKpis,
  ) {}

  onModuleInit(): void {
    this.scoring.setAudience(this.deltas);
    this.scoring.addListener({
      applied: (events, change, origin) => {
        this.celebrations.applied(events, change, origin === 'ingest');
        this.subscriptions.scheduleLocalSnapshots();
      },
      flushed: (report) => this.deltas.publish(report),
      rebuilt: () => {
        // Every board starts over from a snapshot (a replay, or a new writer).
        this.live.views.clear();
        this.celebrations.rebuilt();
        void this.subscriptions.resnapshotAll();
        this.subscriptions.scheduleLocalSnapshots();
      },
    });
    this.sessions.listen();
    this.kpis.listen();
  }

  /** Called once by the gateway: every handshake is authenticated before it connects. */
  attach(server: LiveNamespace): void {
    this.live.attach(server);
    // Socket.IO types its Engine.IO sockets loosely; see FramedConnection for what is used.
    server.server.engine.on('connection', (connection: FramedConnection) =>
      this.live.writes.adopt(connection),
    );
    this.sessions.attach();
    // With REDIS_URL: Redis went away (or was not there at start), or came back (see RedisFanOut).
    const adapter = server.adapter;
    this.live.fanOutChanged(adapter instanceof FallbackRedisAdapter && !adapter.fanOutConnected);
    adapter.on(FAN_OUT_LOST, () => this.live.fanOutChanged(true));
    adapter.on(FAN_OUT_RESTORED, () => {
      this.live.fanOutChanged(false);
      void this.subscriptions.resync();
    });
    this.subscriptions.answerLeaderSnapshots();
  }

  onApplicationBootstrap(): void {
    this.rollover.schedule();
    this.sessions.start();
  }

  subscribe(socket: LiveSocket, subscription: BoardSubscription): Promise<BoardSubscribeAck> {
    return this.subscriptions.subscribe(socket, subscription);
  }

  unsubscribe(socket: LiveSocket, subscription: BoardSubscription): Promise<{ ok: boolean }> {
    return this.subscriptions.unsubscribe(socket, subscription);
  }

  /** A KPI screen follows its scope: `kpis:changed` when the rollups moved for it (LiveKpis). */
  subscribeKpis(socket: LiveSocket, subscription: KpiSubscription): Promise<KpiSubscribeAck> {
    return this.kpis.subscribe(socket, subscription);
  }

  unsubscribeKpis(socket: LiveSocket, subscription: KpiSubscription): Promise<{ ok: boolean }> {
    return this.kpis.unsubscribe(socket, subscription);
  }

  /** Checks every open socket's credential again now (runs every LIVE_SESSION_RECHECK_MS; tests). */
  recheckSessions(): Promise<void> {
    return this.sessions.recheckSessions();
  }

  /** Public for tests; runs on its own at every period boundary. */
  checkRollover(): void {
    this.rollover.check();
  }

  /** The winner of a competition whose window ended, for every TV (see LiveCelebrations). */
  celebrateCompetition(celebration: Celebration): void {
    this.celebrations.celebrateCompetition(celebration);
  }

  /** Drops the celebrations waiting for their turn (a test starting over with an empty org). */
  discardQueuedCelebrations(): void {
    this.celebrations.discard();
  }
}
