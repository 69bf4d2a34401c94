/**
 * The client side of the live protocol (SPEC sections 7 and 9): keeps one board exact from the
 * snapshot that answers `board:subscribe` and the `board:delta`s after it, and starts over whenever
 * it cannot be sure any more (a gap in `seq`, a reconnect, a refused or unanswered subscribe). The
 * rows it last knew stay in place meanwhile: a TV never goes blank.
 *
 * No socket.io-client import (contracts has no runtime dependencies): any socket-like object works.
 */
import type { ErrorBody } from './api.js';
import type { BoardDescriptor, BoardResponse, BoardRow } from './boards.js';
import type { BoardDelta, BoardSubscribeAck, BoardSubscription, LiveClientToServer } from './live.js';
import { rankRows } from './ranking.js';
import { requestedScope, scopeKey } from './scopes.js';

/**
 * What LiveBoard needs from a socket; a socket.io-client `Socket` of the `/live` namespace fits.
 * Acks use the plain callback form, `emit('board:subscribe', subscription, ack)`: LiveBoard runs
 * the ack timeout itself (not `socket.timeout(ms)`), and an answer that comes too late is ignored.
 */
export interface LiveSocketLike {
  readonly connected: boolean;
  on(event: LiveBoardEvent, listener: (...args: never[]) => void): unknown;
  off(event: LiveBoardEvent, listener: (...args: never[]) => void): unknown;
  emit(event: keyof LiveClientToServer, ...args: unknown[]): unknown;
}

/** The socket events LiveBoard listens to: Socket.IO's own two and the board events of the server. */
const LIVE_BOARD_EVENTS = ['connect', 'disconnect', 'board:delta', 'board:snapshot'] as const;
export type LiveBoardEvent = (typeof LIVE_BOARD_EVENTS)[number];

export interface LiveBoardOptions {
  /** How long to wait for the answer to `board:subscribe` before asking again. Default 5000. */
  ackTimeoutMs?: number;
  /** How long to wait after a refused subscribe before asking again. Default 1000. */
  retryDelayMs?: number;
}

export interface LiveBoardState {
  board: BoardDescriptor | null;
  seq: number;
  /** Ranked with `rankRows` (display order, ranks recomputed on every change). */
  rows: BoardRow[];
  /** When the last snapshot or delta was applied, on this client's clock, ISO-8601. */
  asOf: string | null;
  connected: boolean;
  /** Why the last `board:subscribe` was refused; null again once one is accepted. */
  error: ErrorBody['error'] | null;
  /** How many times a gap in `seq` made the board start over. */
  resyncs: number;
}

export type LiveBoardListener = (state: LiveBoardState) => void;

const DEFAULT_ACK_TIMEOUT_MS = 5_000;
const DEFAULT_RETRY_DELAY_MS = 1_000;

/**
 * One board kept live over a socket. `start()` subscribes (now if the socket is connected, else on
 * its `connect`), `stop()` unsubscribes; `onChange` hears every new state, `state` is the current one.
 */
export class LiveBoard {
  private current: LiveBoardState;
  private readonly listeners = new Set<LiveBoardListener>();
  private readonly ackTimeoutMs: number;
  private readonly retryDelayMs: number;
  private readonly handlers: Record<LiveBoardEvent, (...args: never[]) => void>;
  private started = false;
  /** Number of the latest `board:subscribe`; answers to earlier ones are ignored. */
  private attempt = 0;
  /** A snapshot was accepted and nothing since made it doubtful: deltas apply as they come. */
  private synced = false;
  /** Deltas received while not synced; those newer than the next snapshot apply after it. */
  private pending: BoardDelta[] = [];
  /** The ack timeout or the retry delay, whichever is running. */
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly socket: LiveSocketLike,
    private readonly subscription: BoardSubscription,
    options: LiveBoardOptions = {},
  ) {
    this.ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
    this.retryDelayMs = options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
    this.current = {
      board: null,
      seq: 0,
      rows: [],
      asOf: null,
      connected: socket.connected,
      error: null,
      resyncs: 0,
    };
    this.handlers = {
      connect: this.guard(() => {
        this.set({ ...this.current, connected: true });
        this.subscribe();
      }),
      disconnect: this.guard(() => {
        this.abandon();
        this.set({ ...this.current, connected: false });
      }),
      'board:delta': this.guard((delta: BoardDelta) => this.onDelta(delta)),
      'board:snapshot': this.guard((snapshot: BoardResponse) => this.onSnapshot(snapshot)),
    };
  }

  get state(): LiveBoardState {
    return this.current;
  }

  /** Calls `listener` with every new state; returns the function that stops it. */
  onChange(listener: LiveBoardListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const event of LIVE_BOARD_EVENTS) this.socket.on(event, this.handlers[event]);
    if (this.current.connected !== this.socket.connected) {
      this.set({ ...this.current, connected: this.socket.connected });
    }
    this.subscribe();
  }

  /** Removes every listener it added and leaves the board's room; the last state stays readable. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.abandon();
    for (const event of LIVE_BOARD_EVENTS) this.socket.off(event, this.handlers[event]);
    // socket.io-client would buffer it and send it after a reconnect, when nobody wants it any more.
    if (this.socket.connected) this.socket.emit('board:unsubscribe', this.subscription);
  }

  /** Starts over: a fresh `board:subscribe`, unless stopped or offline (then `connect` will). */
  private subscribe(): void {
    this.abandon();
    if (!this.started || !this.socket.connected) return;
    const attempt = this.attempt;
    this.timer = setTimeout(
      this.guard(() => this.subscribe()),
      this.ackTimeoutMs,
    );
    const ack = this.guard((answer: BoardSubscribeAck) => {
      if (attempt === this.attempt) this.onAck(answer);
    });
    this.socket.emit('board:subscribe', this.subscription, ack);
  }

  /** Forgets the subscribe in flight (its answer will be ignored), its timer, and buffered deltas. */
  private abandon(): void {
    this.attempt += 1;
    this.synced = false;
    this.pending = [];
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private retryLater(): void {
    this.abandon();
    if (!this.started) return;
    this.timer = setTimeout(
      this.guard(() => this.subscribe()),
      this.retryDelayMs,
    );
  }

  private onAck(answer: BoardSubscribeAck): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!answer.ok) {
      this.retryLater();
      this.set({ ...this.current, error: answer.error });
      return;
    }
    // Socket.IO keeps the order of one connection: a delta that came before this answer was sent
    // before the snapshot was taken, so one with a higher seq is newer than the snapshot.
    const pending = [...this.pending].sort((a, b) => a.seq - b.seq);
    this.pending = [];
    this.synced = true;
    this.advance({ ...this.current, ...fromSnapshot(answer.snapshot), error: null }, pending);
  }

  private onDelta(delta: BoardDelta): void {
    if (this.synced) this.advance(this.current, [delta]);
    else this.pending.push(delta);
  }

  /** A rollover or a change deltas cannot describe; a new key is normal, another board is not. */
  private onSnapshot(snapshot: BoardResponse): void {
    if (!isSubscribedBoard(snapshot.board, this.subscription)) return;
    this.set({ ...this.current, ...fromSnapshot(snapshot) });
  }

  /** Applies the deltas that follow `base` one by one; on a gap, shows what it has and starts over. */
  private advance(base: LiveBoardState, deltas: readonly BoardDelta[]): void {
    let { seq, rows } = base;
    let gap = false;
    for (const delta of deltas) {
      if (delta.key !== base.board?.key || delta.seq <= seq) continue;
      if (delta.seq > seq + 1) {
        gap = true;
        break;
      }
      rows = applyDelta(rows, delta);
      seq = delta.seq;
    }
    const changed = seq === base.seq ? base : { ...base, seq, rows, asOf: new Date().toISOString() };
    this.set(gap ? { ...changed, resyncs: changed.resyncs + 1 } : changed);
    if (gap) this.subscribe();
  }

  private set(state: LiveBoardState): void {
    if (state === this.current) return;
    this.current = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (error) {
        console.error('LiveBoard: an onChange listener failed', error);
      }
    }
  }

  /** Wraps a socket or timer callback: a failure (a malformed message) is logged, then it starts over. */
  private guard<A extends unknown[]>(callback: (...args: A) => void): (...args: A) => void {
    return (...args) => {
      try {
        callback(...args);
      } catch (error) {
        console.error('LiveBoard: could not handle a live message; subscribing again', error);
        this.retryLater();
      }
    };
  }
}

function fromSnapshot(snapshot: BoardResponse): Pick<LiveBoardState, 'board' | 'seq' | 'rows' | 'asOf'> {
  return {
    board: snapshot.board,
    seq: snapshot.seq,
    rows: rankRows(snapshot.rows),
    asOf: new Date().toISOString(),
  };
}

/** Upserts the changed rows by rep, drops the removed ones, and ranks everything again. */
function applyDelta(rows: readonly BoardRow[], delta: BoardDelta): BoardRow[] {
  const byRep = new Map(rows.map((row) => [row.repId, row]));
  for (const row of delta.rows) byRep.set(row.repId, row);
  for (const repId of delta.removed) byRep.delete(repId);
  return rankRows([...byRep.values()]);
}

/**
 * Same period and scope as asked for (`scope`, else `team`, else everyone); a competition's board
 * has no period of its own, so only its scope counts.
 */
function isSubscribedBoard(board: BoardDescriptor, subscription: BoardSubscription): boolean {
  const scope = requestedScope(subscription);
  if (scope === null || scopeKey(scope) !== scopeKey(board.scope)) return false;
  return scope.kind === 'competition' || board.period === subscription.period;
}
