import type { IncomingMessage } from 'node:http';
import { Logger, type INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createClient } from 'redis';
import type { AppConfig } from '../config/app-config.js';

type RedisClient = ReturnType<typeof createClient>;
/** Socket.IO's types as the Nest adapter sees them (its own copy of socket.io). */
type IoServer = ReturnType<IoAdapter['createIOServer']>;
type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;

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
 * the Redis adapter so every process reaches every client.
 */
export class LiveIoAdapter extends IoAdapter {
  private readonly log = new Logger('LiveIoAdapter');
  private readonly redisClients: RedisClient[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /** Connects the Redis clients (before the server is created); a no-op without REDIS_URL. */
  async connectRedis(): Promise<void> {
    if (this.config.redisUrl === null) return;
    const pub: RedisClient = createClient({ url: this.config.redisUrl });
    const sub: RedisClient = pub.duplicate();
    for (const client of [pub, sub]) {
      client.on('error', (error: Error) => this.log.warn(`Redis: ${error.message}`));
    }
    await Promise.all([pub.connect(), sub.connect()]);
    this.redisClients.push(pub, sub);
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const allowed = this.config.liveAllowedOrigins;
    const server = super.createIOServer(port, {
      ...(options as IoServerOptions),
      cors: { origin: allowed.length > 0 ? allowed : false, credentials: false },
      allowRequest: (
        req: IncomingMessage,
        callback: (err: string | null | undefined, ok: boolean) => void,
      ) => {
        callback(null, originAllowed(req.headers.origin, req.headers.host, allowed));
      },
    });
    if (this.redisClients.length === 2) {
      server.adapter(createAdapter(this.redisClients[0], this.redisClients[1], { key: 'leaderboard-live' }));
    }
    return server;
  }

  override async close(server: IoServer): Promise<void> {
    await super.close(server);
    await Promise.all(this.redisClients.splice(0).map((client) => client.quit().catch(() => undefined)));
  }
}
