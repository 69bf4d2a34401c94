import {
  LIVE_NAMESPACE,
  rankRows,
  type BoardDelta,
  type BoardResponse,
  type BoardSubscribeAck,
  type BoardSubscription,
  type Celebration,
  type LiveClientToServer,
  type LiveServerToClient,
} from '@leaderboard/contracts';
import { io, type Socket } from 'socket.io-client';

export type TestSocket = Socket<LiveServerToClient, LiveClientToServer>;

/** A real socket.io-client socket on `/live` of `baseUrl` (websocket transport, no auto-connect). */
export function liveSocket(
  baseUrl: string,
  token: string | null,
  options: { origin?: string; reconnection?: boolean } = {},
): TestSocket {
  return io(`${baseUrl}${LIVE_NAMESPACE}`, {
    auth: token === null ? {} : { token },
    transports: ['websocket'],
    autoConnect: false,
    reconnection: options.reconnection ?? false,
    reconnectionDelay: 100,
    reconnectionDelayMax: 500,
    extraHeaders: options.origin ? { origin: options.origin } : undefined,
    forceNew: true,
  });
}

/** Connects; resolves when connected, rejects with the server's refusal (`connect_error`). */
export function connect(socket: TestSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
    socket.connect();
  });
}

export function subscribe(socket: TestSocket, subscription: BoardSubscription): Promise<BoardSubscribeAck> {
  return socket.timeout(10_000).emitWithAck('board:subscribe', subscription);
}

/**
 * A board kept the way a screen keeps it: the subscribe snapshot, then every delta applied in
 * order; it records every delta and notes a gap (a `seq` that is not one more) instead of hiding it.
 */
export class WatchedBoard {
  state: BoardResponse | null = null;
  readonly deltas: BoardDelta[] = [];
  /** Arrival time (ms) of each delta, same order as `deltas`. */
  readonly deltaTimes: number[] = [];
  readonly snapshots: BoardResponse[] = [];
  readonly celebrations: Celebration[] = [];
  gaps = 0;

  constructor(readonly socket: TestSocket) {
    socket.on('board:delta', (delta) => this.applyDelta(delta));
    socket.on('board:snapshot', (snapshot) => {
      this.snapshots.push(snapshot);
      this.state = snapshot;
    });
    socket.on('celebration', (celebration) => this.celebrations.push(celebration));
  }

  async subscribe(subscription: BoardSubscription): Promise<BoardResponse> {
    const answer = await subscribe(this.socket, subscription);
    if (!answer.ok) throw new Error(`subscribe refused: ${JSON.stringify(answer.error)}`);
    this.state = answer.snapshot;
    return answer.snapshot;
  }

  private applyDelta(delta: BoardDelta): void {
    this.deltas.push(delta);
    this.deltaTimes.push(Date.now());
    const state = this.state;
    if (!state || delta.key !== state.board.key || delta.seq <= state.seq) return;
    if (delta.seq !== state.seq + 1) {
      this.gaps++;
      return;
    }
    const byRep = new Map(state.rows.map((row) => [row.repId, row]));
    for (const row of delta.rows) byRep.set(row.repId, row);
    for (const id of delta.removed) byRep.delete(id);
    this.state = { ...state, seq: delta.seq, rows: rankRows([...byRep.values()]) };
  }

  /** Rows as GET /api/boards shows them, for comparison. */
  rows(): Array<[string, number, number, string | null]> {
    return (this.state?.rows ?? []).map((r) => [r.repId, r.milliPoints, r.rank, r.tier]);
  }
}

/** Resolves when `check` holds, polling every 20 ms; rejects after `timeoutMs`. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
