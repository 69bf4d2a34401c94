import { RedisAdapter, type RedisAdapterOptions } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { Adapter, BroadcastOptions, Room } from 'socket.io-adapter';
import { Clock, SystemClock } from '../common/clock.js';

type RedisClient = ReturnType<typeof createClient>;
type Namespace = ConstructorParameters<typeof RedisAdapter>[0];

/** What the link logs: a loss once, the return once (Nest's Logger fits). */
export interface FanOutLog {
  log(message: string): void;
  warn(message: string): void;
}

/** Events the adapter of every namespace emits when Redis fan-out stops or starts again. */
export const FAN_OUT_LOST = 'fan-out:lost';
export const FAN_OUT_RESTORED = 'fan-out:restored';

/** Longest wait between two reconnection attempts, in ms. */
export const RECONNECT_MAX_MS = 2000;

/** 50 ms, 100 ms, 200 ms... up to RECONNECT_MAX_MS, plus up to 200 ms of jitter; never gives up. */
export function reconnectDelay(retries: number): number {
  return Math.min(50 * 2 ** Math.min(retries, 16), RECONNECT_MAX_MS) + Math.floor(Math.random() * 200);
}

/**
 * `client` as the Redis adapter sees it: every promise its methods return has a rejection handler.
 * The adapter calls `publish`, `pSubscribe`... without awaiting them, so a command that fails
 * while Redis is away (offline, timed out, flushed with the lost connection) would otherwise be an
 * unhandled rejection, which ends the process. Callers that await still see the failure; the loss
 * itself is reported once by the link.
 */
export function withHandledRejections<T extends object>(client: T): T {
  return new Proxy(client, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        const result: unknown = value.apply(target, args);
        if (result instanceof Promise) result.catch(() => undefined);
        return result;
      };
    },
  });
}

function localOnly(opts: BroadcastOptions): BroadcastOptions {
  return { ...opts, flags: { ...opts.flags, local: true } };
}

/**
 * The Redis adapter while Redis is reachable, this process alone while it is not: broadcasts,
 * fetches and server counts stay local instead of queueing for Redis or waiting for answers that
 * cannot come. Joins, leaves and disconnects are applied here at once: the Redis adapter applies
 * them only when its own request comes back through Redis (a revoked token's sockets would stay
 * connected during an outage); applied twice, they change nothing.
 */
export class FallbackRedisAdapter extends RedisAdapter {
  constructor(
    nsp: Namespace,
    pubClient: object,
    subClient: object,
    /** Whether Redis is reachable now (both clients ready). */
    private readonly redisUp: () => boolean,
    opts?: Partial<RedisAdapterOptions>,
  ) {
    super(nsp, pubClient, subClient, opts);
  }

  /** Whether broadcasts reach every process now (Redis reachable) or this one only. */
  get fanOutConnected(): boolean {
    return this.redisUp();
  }

  override broadcast(packet: unknown, opts: BroadcastOptions): void {
    super.broadcast(packet, this.redisUp() ? opts : localOnly(opts));
  }

  override broadcastWithAck(
    packet: unknown,
    opts: BroadcastOptions,
    clientCountCallback: (clientCount: number) => void,
    ack: (...args: unknown[]) => void,
  ): void {
    super.broadcastWithAck(packet, this.redisUp() ? opts : localOnly(opts), clientCountCallback, ack);
  }

  override fetchSockets(opts: BroadcastOptions): ReturnType<RedisAdapter['fetchSockets']> {
    return super.fetchSockets(this.redisUp() ? opts : localOnly(opts));
  }

  override addSockets(opts: BroadcastOptions, rooms: Room[]): void {
    super.addSockets(localOnly(opts), rooms);
    if (this.redisUp()) super.addSockets(opts, rooms);
  }

  override delSockets(opts: BroadcastOptions, rooms: Room[]): void {
    super.delSockets(localOnly(opts), rooms);
    if (this.redisUp()) super.delSockets(opts, rooms);
  }

  override disconnectSockets(opts: BroadcastOptions, close: boolean): void {
    super.disconnectSockets(localOnly(opts), close);
    if (this.redisUp()) super.disconnectSockets(opts, close);
  }

  /** Just this process while Redis is away: server-side emits then expect no answer. */
  override serverCount(): Promise<number> {
    return this.redisUp() ? super.serverCount() : Promise.resolve(1);
  }
}

/**
 * Socket.IO fan-out through Redis, optional at run time. Redis only carries messages between API
 * processes (no state lives there), so the app never waits for it: the two clients connect in the
 * background and reconnect with backoff for ever; while either is down every adapter serves this
 * process's clients alone, and when both are back the adapters emit FAN_OUT_RESTORED (what other
 * processes published meanwhile is lost: LiveService sends fresh snapshots). The loss is logged
 * once, the return once.
 */
export class RedisFanOut {
  private readonly pub: RedisClient;
  private readonly sub: RedisClient;
  private readonly adapters = new Set<Adapter>();
  private up = false;
  private everUp = false;
  private warned = false;
  private closing = false;
  private downSince: number;

  constructor(
    url: string,
    private readonly log: FanOutLog,
    private readonly clock: Clock = new SystemClock(),
  ) {
    this.downSince = clock.now();
    const socket = { reconnectStrategy: reconnectDelay };
    // Publishing while offline fails at once instead of queueing (each would time out after 5 s,
    // holding its message): a broadcast then reaches this process's clients only.
    this.pub = createClient({ url, socket, disableOfflineQueue: true });
    // Subscriptions wait for the connection (they have no timeout) and are renewed on reconnect.
    this.sub = createClient({ url, socket });
    for (const client of [this.pub, this.sub]) {
      client.on('error', (error: Error) => this.lost(error));
      client.on('end', () => this.refresh());
      client.on('ready', () => this.refresh());
    }
  }

  /** Both clients ready: fan-out reaches every process. */
  get connected(): boolean {
    return this.pub.isReady && this.sub.isReady;
  }

  /** Starts connecting; returns at once (the app must start, and answer, without Redis). */
  start(): void {
    for (const client of [this.pub, this.sub]) {
      // Pending until the first connection; it retries for ever, so it fails only when closed.
      client.connect().catch(() => undefined);
    }
  }

  /** The adapter class for `server.adapter()` (Socket.IO constructs one per namespace with `new`). */
  adapter(opts: Partial<RedisAdapterOptions>): typeof Adapter {
    const pub = withHandledRejections(this.pub);
    const sub = withHandledRejections(this.sub);
    const redisUp = (): boolean => this.connected;
    const register = (adapter: Adapter): void => void this.adapters.add(adapter);
    return class extends FallbackRedisAdapter {
      constructor(nsp: Namespace) {
        super(nsp, pub, sub, redisUp, opts);
        register(this);
      }
    };
  }

  close(): void {
    this.closing = true;
    this.adapters.clear();
    // Nothing queued is worth waiting for: fan-out messages are of the moment.
    for (const client of [this.pub, this.sub]) client.destroy();
  }

  private lost(error: Error): void {
    this.refresh();
    if (this.closing) return;
    // Not a lost connection (both clients still ready): say what it was.
    if (this.up) return this.log.warn(`Redis: ${error.message || error.name}`);
    if (this.warned) return;
    this.warned = true;
    this.log.warn(
      `Redis unreachable (${error.message || error.name}): live fan-out reaches this process's clients only; reconnecting`,
    );
  }

  private refresh(): void {
    const up = this.connected;
    if (up === this.up || this.closing) return;
    this.up = up;
    if (!up) {
      this.downSince = this.clock.now();
      for (const adapter of this.adapters) adapter.emit(FAN_OUT_LOST);
      return;
    }
    this.warned = false;
    this.log.log(
      this.everUp
        ? `Redis reachable again after ${((this.clock.now() - this.downSince) / 1000).toFixed(1)} s: live fan-out reaches every process`
        : 'Redis connected: live fan-out reaches every process',
    );
    this.everUp = true;
    for (const adapter of this.adapters) adapter.emit(FAN_OUT_RESTORED);
  }
}
