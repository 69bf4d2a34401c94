import type { IncomingMessage } from 'node:http';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { AppConfig } from '../config/app-config.js';
import { refuseDefaultNamespace } from './default-namespace.js';
import { Clock } from '../common/clock.js';
import { DataSource } from 'typeorm';
import { fanOutChannel } from './fan-out-channel.js';
import { RedisFanOut } from './redis-fan-out.js';

/** The largest Socket.IO message a client may send (the default, 1 MB, took 0.35 s to parse nested). */
export const LIVE_MAX_MESSAGE_BYTES = 16 * 1024;
/** Socket.IO's types as the Nest adapter sees them (its own copy of socket.io). */
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type IoSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];
type Transform = Parameters<IoAdapter['bindMessageHandlers']>[2];

/**
 * Whether a handshake's `Origin` may open a live socket: none sent (not a browser: TV apps,
 * scripts; they still need a token), one of `allowed`, or, when `allowed` is empty, the API's own
 * origin (same host as the request).
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (origin === undefined) return true;
  if (allowed.length > 0) return allowed.includes(origin);
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * The Socket.IO server of the app: checks `Origin` on every handshake (the `cors` option only
 * tells browsers what they may read, it refuses nothing) and, with `REDIS_URL`, fans out through
 * the Redis adapter so every process reaches every client; while Redis is away, to this process's
 * clients only (see RedisFanOut).
 */
export class LiveIoAdapter extends IoAdapter {
  private readonly log = new Logger('LiveIoAdapter');
  private redis: RedisFanOut | null = null;
  /** This deployment's channel prefix (see fanOutChannel). */
  private channel = '';

  constructor(
    private readonly app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /**
   * Starts connecting to Redis in the background (before the server is created); a no-op without
   * REDIS_URL. Waits only for the database (the deployment's channel prefix), never for Redis: the
   * app starts, and answers, whether Redis is there or not.
   */
  async connectRedis(): Promise<void> {
    if (this.config.redisUrl === null || this.redis !== null) return;
    this.channel = await fanOutChannel(this.app.get(DataSource));
    this.redis = new RedisFanOut(this.config.redisUrl, this.log, this.app.get(Clock));
    this.redis.start();
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const allowed = this.config.liveAllowedOrigins;
    const server = super.createIOServer(port, {
      ...(options as IoServerOptions),
      cors: { origin: allowed.length > 0 ? allowed : false, credentials: false },
      // Clients send only small subscribe messages: a bigger one is refused before it is parsed.
      maxHttpBufferSize: LIVE_MAX_MESSAGE_BYTES,
      allowRequest: (
        req: IncomingMessage,
        callback: (err: string | null | undefined, ok: boolean) => void,
      ) => {
        callback(null, originAllowed(req.headers.origin, req.headers.host, allowed));
      },
    });
    refuseDefaultNamespace(server);
    if (this.redis !== null) server.adapter(this.redis.adapter({ key: this.channel }));
    return server;
  }

  /**
   * One plain listener per message instead of Nest's RxJS pipeline per socket (three observables,
   * `share`, `takeUntil`...), which more than doubled the memory of an idle connection (see
   * docs/benchmarks.md). Same behaviour: the handler's result (value, promise or observable) answers
   * the acknowledgement, an `event` result is emitted instead, a failure is logged. Pipes, guards
   * and filters run inside `callback`, as before.
   */
  override bindMessageHandlers(
    socket: IoSocket,
    handlers: MessageMappingProperties[],
    transform: Transform,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(message as string, (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length > 1 ? args : args[0]);
        let result: ReturnType<Transform>;
        try {
          result = transform(callback(data, ack));
        } catch (error) {
          this.log.error(error);
          return;
        }
        result.subscribe({
          next: (response: unknown) => {
            if (response === null || response === undefined) return;
            const reply = response as { event?: string; data?: unknown };
            if (reply.event) return void socket.emit(reply.event, reply.data);
            if (!isAckHandledManually && typeof ack === 'function') ack(response);
          },
          error: (error: unknown) => this.log.error(error),
        });
      });
    }
  }

  override async close(server: IoServer): Promise<void> {
    await super.close(server);
    this.redis?.close();
    this.redis = null;
  }
}
