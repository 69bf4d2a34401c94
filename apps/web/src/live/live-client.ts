/**
 * Wires one Socket.IO connection to the stores: the connection state, one `LiveBoard` per board the
 * screen follows, and celebrations. Runs outside React; components read the stores.
 *
 * Recovery: socket.io-client reconnects by itself after a network drop or a server restart, and each
 * `LiveBoard` subscribes again with a fresh snapshot. A handshake the server refuses (the server
 * was up but not ready, or the token is revoked) ends socket.io-client's own retries, so this module
 * tries again with a growing delay, for as long as the screen is open.
 */
import {
  LIVE_NAMESPACE,
  LiveBoard,
  type BoardSubscription,
  type Celebration,
  type LiveSocketLike,
} from '@leaderboard/contracts';
import { useBoardsStore, subscriptionId } from './boards-store.js';
import { useCelebrationsStore } from './celebrations-store.js';
import { useConnectionStore } from './connection-store.js';

/** What the live client needs from a socket beyond `LiveBoard`'s needs. */
export interface LiveSocket extends LiveSocketLike {
  /** True while socket.io-client retries by itself. */
  readonly active: boolean;
  on(event: 'connect', listener: () => void): unknown;
  on(event: 'disconnect', listener: (reason: string) => void): unknown;
  on(event: 'connect_error', listener: (error: Error) => void): unknown;
  on(event: 'celebration', listener: (celebration: Celebration) => void): unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  off(event: string, listener: (...args: never[]) => void): unknown;
  connect(): unknown;
  disconnect(): unknown;
}

export type SocketFactory = (token: string) => LiveSocket;

export interface LiveClientOptions {
  token: string;
  subscriptions: readonly BoardSubscription[];
  createSocket?: SocketFactory;
  /** Something else that follows this socket (the KPI hints); returns the function that stops it. */
  onSocket?: (socket: LiveSocket) => () => void;
  /** First delay before retrying a refused handshake; doubles up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * The real socket, loaded on demand so the first paint does not wait for it. A WebSocket from the
 * first packet: long-polling first (socket.io's default) costs several HTTP round trips before the
 * subscribe can even be sent. Where a proxy refuses WebSockets, it falls back to long-polling.
 */
async function defaultSocketFactory(): Promise<SocketFactory> {
  const { io } = await import('socket.io-client');
  return (token) =>
    io(LIVE_NAMESPACE, {
      auth: { token },
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      autoConnect: false,
    }) as unknown as LiveSocket;
}

/** Connects and keeps the stores current until the returned function is called. */
export function startLiveClient(options: LiveClientOptions): () => void {
  let stopped = false;
  let stopSocket: (() => void) | undefined;
  const begin = (factory: SocketFactory): void => {
    if (!stopped) stopSocket = runSocket(factory(options.token), options);
  };
  useConnectionStore.getState().connecting();
  if (options.createSocket) begin(options.createSocket);
  else {
    defaultSocketFactory().then(begin, (error: unknown) => {
      console.error('Could not load the socket client', error);
      useConnectionStore.getState().refused(String(error));
    });
  }
  return () => {
    stopped = true;
    stopSocket?.();
  };
}

function runSocket(socket: LiveSocket, options: LiveClientOptions): () => void {
  const connection = useConnectionStore.getState();
  const retryMs = options.retryMs ?? 2000;
  const maxRetryMs = options.maxRetryMs ?? 60_000;
  let retryDelay = retryMs;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  socket.on('connect', () => {
    retryDelay = retryMs;
    connection.connected();
  });
  const retryLater = (): void => {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => socket.connect(), retryDelay);
    retryDelay = Math.min(retryDelay * 2, maxRetryMs);
  };
  socket.on('disconnect', () => {
    connection.disconnected();
    // The server ended the session (a revoked token, a shutdown): socket.io-client will not retry.
    if (!socket.active) retryLater();
  });
  socket.on('connect_error', (error: Error) => {
    if (socket.active) {
      // A network problem: socket.io-client is already retrying.
      connection.disconnected();
      return;
    }
    connection.refused(error.message);
    retryLater();
  });
  socket.on('celebration', (celebration: Celebration) =>
    useCelebrationsStore.getState().enqueue(celebration),
  );

  const boards = options.subscriptions.map((subscription) => {
    const id = subscriptionId(subscription);
    const board = new LiveBoard(socket, subscription);
    board.onChange((state) => useBoardsStore.getState().apply(id, state));
    useBoardsStore.getState().apply(id, board.state);
    board.start();
    return board;
  });
  const stopExtra = options.onSocket?.(socket);
  socket.connect();

  return () => {
    clearTimeout(retryTimer);
    stopExtra?.();
    for (const board of boards) board.stop();
    socket.disconnect();
  };
}
