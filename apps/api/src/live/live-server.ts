import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { LiveClientToServer, LiveServerToClient } from '@leaderboard/contracts';
import type { Namespace, Socket } from 'socket.io';
import type { Principal } from '../auth/principal.js';
import { APP_CONFIG, clusterMode, type AppConfig } from '../config/app-config.js';
import { BoardViews } from './board-views.js';
import { WriteBatch, type EncodedMessage, type FramedConnection } from './write-batch.js';
import { wsTextFrame } from './ws-frame.js';

export type LiveNamespace = Namespace<LiveClientToServer, LiveServerToClient>;

/** Socket.IO's EVENT packet type (socket.io-parser). */
const SOCKET_IO_EVENT = 2;

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

  /**
   * Sends `event` to every socket of `rooms` (each once), encoded once: its frame is written to
   * each of this process's sockets directly (see WriteBatch.send); with several processes the
   * adapter carries it to the others' (through Redis), which send it to theirs.
   */
  broadcast<E extends keyof LiveServerToClient>(
    rooms: string | readonly string[],
    event: E,
    ...args: Parameters<LiveServerToClient[E]>
  ): void {
    const io = this.namespace;
    if (!io) return;
    const list = typeof rooms === 'string' ? [rooms] : rooms;
    if (this.clustered) {
      // Every other process's sockets; this process's are all in its own room, left out here.
      io.to(list as string[])
        .except(this.localRoom)
        .emit(event, ...args);
    }
    let message: EncodedMessage | null = null;
    const seen = list.length > 1 ? new Set<string>() : null;
    for (const room of list) {
      const members = io.adapter.rooms.get(room);
      if (!members) continue;
      message ??= encode(io.name, event, args);
      for (const id of members) {
        if (seen) {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        const socket = io.sockets.get(id);
        // Socket.IO types its Engine.IO socket loosely; see FramedConnection for what is used.
        if (socket) this.writes.send(socket.conn as unknown as FramedConnection, message);
      }
    }
  }

  /**
   * The room every socket of this process joins (several processes): a broadcast to other
   * processes leaves it out, since this process wrote to its own sockets already.
   */
  readonly localRoom = `process:${randomUUID()}`;

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

/** A Socket.IO event packet of `namespace` as text (what socket.io-parser's encoder gives) and frame. */
function encode(namespace: string, event: string, args: readonly unknown[]): EncodedMessage {
  const packet = `${SOCKET_IO_EVENT}${namespace === '/' ? '' : `${namespace},`}${JSON.stringify([event, ...args])}`;
  return { packet, frame: wsTextFrame(`4${packet}`) };
}
