import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { AuthService } from '../auth/auth.service.js';
import { tokenFromHandshake } from '../auth/socket-auth.js';
import { TokensService } from '../auth/tokens.service.js';
import { UsersService } from '../auth/users.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { errorBody } from '../common/error-body.js';
import { tokenRoom, userRoom } from './live-rooms.js';
import { LiveServer, type LiveSocket } from './live-server.js';

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

/**
 * Who may stay connected: the handshake is authenticated before a socket connects, a socket
 * closes when its credential expires or is revoked, and every credential is checked again
 * periodically and on each subscribe.
 */
@Injectable()
export class LiveSessions implements OnModuleDestroy {
  private sessionTimer: NodeJS.Timeout | null = null;
  private recheck: Promise<void> | null = null;

  constructor(
    private readonly live: LiveServer,
    private readonly auth: AuthService,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  /** Revocations close the sockets of the token or user at once. */
  listen(): void {
    this.tokens.onRevoked((tokenId) => this.disconnectRoom(tokenRoom(tokenId)));
    this.users.onSessionsRevoked((userId) => this.disconnectRoom(userRoom(userId)));
  }

  /** Every handshake is authenticated before it connects; a refusal carries the error body. */
  attach(): void {
    const server = this.live.io;
    if (!server) return;
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
  }

  start(): void {
    this.sessionTimer = setInterval(() => void this.recheckSessions(), LIVE_SESSION_RECHECK_MS);
    this.sessionTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.sessionTimer) clearInterval(this.sessionTimer);
    this.sessionTimer = null;
  }

  /**
   * Closes every socket in `room`: this process's at once, whether or not Redis answers
   * (FallbackRedisAdapter applies a disconnect locally before it publishes it), and through Redis
   * those of every other process.
   */
  private disconnectRoom(room: string): void {
    this.live.io?.in(room).disconnectSockets(true);
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
  async reauthenticate(socket: LiveSocket): Promise<void> {
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
    const server = this.live.io;
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
    const own = principal.kind === 'user' ? userRoom(principal.userId) : tokenRoom(principal.tokenId);
    // Several processes: this process's own broadcasts reach its sockets directly (LiveServer.broadcast).
    void socket.join(this.live.clustered ? [own, this.live.localRoom] : own);
    if (principal.expiresAt) {
      // setTimeout holds at most ~24.8 days; a longer-lived credential is checked again then.
      const wait = Math.min(principal.expiresAt - this.clock.now(), 2 ** 31 - 1);
      socket.data.expiryTimer = setTimeout(() => socket.disconnect(true), Math.max(0, wait));
    }
    socket.on('disconnect', () => {
      if (socket.data.expiryTimer) clearTimeout(socket.data.expiryTimer);
    });
  }
}
