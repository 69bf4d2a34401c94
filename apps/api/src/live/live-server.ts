import { Inject, Injectable } from '@nestjs/common';
import type { LiveClientToServer, LiveServerToClient } from '@leaderboard/contracts';
import type { Namespace, Socket } from 'socket.io';
import type { Principal } from '../auth/principal.js';
import { APP_CONFIG, clusterMode, type AppConfig } from '../config/app-config.js';
import { BoardViews } from './board-views.js';
import { WriteBatch } from './write-batch.js';

export type LiveNamespace = Namespace<LiveClientToServer, LiveServerToClient>;

export interface LiveSocketData {
  principal: Principal;
  expiryTimer?: NodeJS.Timeout;
}

export type LiveSocket = Socket<
  LiveClientToServer,
  LiveServerToClient,
  Record<string, never>,
  LiveSocketData
>;

/**
 * The `/live` namespace once the gateway is up, and what the parts of the live layer share about
 * it: whether several processes serve it, whether Redis fan-out is down, and the write batch that
 * sends a flush's frames to each socket at once.
 */
@Injectable()
export class LiveServer {
  private namespace: LiveNamespace | null = null;
  /** Several processes: another one may have subscribers in a room this one sees empty. */
  readonly clustered: boolean;
  private down = false;
  /** A flush's deltas and celebrations leave each socket in one write. */
  readonly writes = new WriteBatch();
  /** What the screens of each board room hold (on the process that sends deltas). */
  readonly views = new BoardViews();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.clustered = clusterMode(config);
  }

  get io(): LiveNamespace | null {
    return this.namespace;
  }

  /** Called once, when the gateway is up. */
  attach(namespace: LiveNamespace): void {
    this.namespace = namespace;
  }

  /** Redis fan-out is down (only with REDIS_URL): this process's clients are all it reaches. */
  get fanOutDown(): boolean {
    return this.down;
  }

  fanOutChanged(down: boolean): void {
    this.down = down;
  }

  /**
   * Nobody watches the room (one process: no socket in it here). Its seq moved all the same; a
   * later subscriber's snapshot carries it. With several processes another one may have sockets.
   */
  unwatched(room: string): boolean {
    return !this.io || (!this.clustered && !this.io.adapter.rooms.has(room));
  }
}
