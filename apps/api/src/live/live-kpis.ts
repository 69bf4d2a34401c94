import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { KpiSubscribeAck, KpiSubscription } from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { KpiRollupFollower } from '../kpis/rollups/kpi-rollup-follower.js';
import { KPIS_ALL_ROOM, KPIS_REPS_ROOM, kpiRooms, kpisRepRoom } from './live-rooms.js';
import { LiveServer, type LiveSocket } from './live-server.js';
import { LiveSessions } from './live-sessions.js';

/**
 * `kpis:subscribe` and the `kpis:changed` hint (issue 16): a KPI screen joins the room of the
 * scope it shows (a rep only their own); after a catch-up on the writer moved the rollups, the
 * rooms concerned hear `kpis:changed { asOf }` (never figures), at most once per
 * `KPI_LIVE_HINT_MS`: changes in between are gathered into the next one. A rep's room hears only
 * about that rep; `org` and `team:` screens (managers) about anyone. Through the Socket.IO adapter
 * (Redis with several processes) the hint reaches the sockets of every process.
 */
@Injectable()
export class LiveKpis implements OnModuleDestroy {
  private readonly intervalMs: number;
  private readonly pendingReps = new Set<string>();
  private pendingAll = false;
  private lastSent = Number.NEGATIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly live: LiveServer,
    private readonly sessions: LiveSessions,
    private readonly follower: KpiRollupFollower,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.intervalMs = config.kpiLiveHintMs;
  }

  listen(): void {
    this.follower.onChange((reps) => this.changed(reps));
  }

  onModuleDestroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async subscribe(socket: LiveSocket, subscription: KpiSubscription): Promise<KpiSubscribeAck> {
    await this.sessions.reauthenticate(socket);
    const principal = socket.data.principal;
    if (principal.kind !== 'user') {
      throw new DomainError('FORBIDDEN', 'KPIs are for managers, admins and reps');
    }
    if (principal.role === 'rep' && subscription.scope.toLowerCase() !== `rep:${principal.repId ?? ''}`) {
      throw new DomainError('FORBIDDEN', 'A rep may only follow their own KPIs (scope=rep:<own id>)');
    }
    await socket.join(kpiRooms(subscription.scope));
    return { ok: true };
  }

  async unsubscribe(socket: LiveSocket, subscription: KpiSubscription): Promise<{ ok: boolean }> {
    // The shared `kpis:reps` room is left only when no rep room of this socket is left.
    for (const room of kpiRooms(subscription.scope)) {
      if (room !== KPIS_REPS_ROOM) await socket.leave(room);
    }
    if (![...socket.rooms].some((room) => room.startsWith('kpis:rep:'))) await socket.leave(KPIS_REPS_ROOM);
    return { ok: true };
  }

  /** Gathers whose KPIs moved; sends one hint now, or when the interval since the last ends. */
  changed(reps: readonly string[] | 'all'): void {
    if (reps === 'all') this.pendingAll = true;
    else for (const rep of reps) this.pendingReps.add(rep);
    if (this.timer) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - this.clock.now());
    this.timer = setTimeout(() => this.send(), wait);
    this.timer.unref();
  }

  private send(): void {
    this.timer = null;
    const io = this.live.io;
    const rooms = this.pendingAll
      ? [KPIS_ALL_ROOM, KPIS_REPS_ROOM]
      : [KPIS_ALL_ROOM, ...[...this.pendingReps].map(kpisRepRoom)];
    this.pendingAll = false;
    this.pendingReps.clear();
    this.lastSent = this.clock.now();
    // One emit to every room: a socket in several of them gets it once.
    io?.to(rooms).emit('kpis:changed', { asOf: new Date(this.lastSent).toISOString() });
  }
}
