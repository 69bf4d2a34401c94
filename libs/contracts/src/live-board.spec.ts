import { jest } from '@jest/globals';
import fc from 'fast-check';
import { io, type Socket } from 'socket.io-client';
import type { BoardDescriptor, BoardResponse, BoardRow } from './boards.js';
import type {
  BoardDelta,
  BoardSubscribeAck,
  BoardSubscription,
  LiveClientToServer,
  LiveServerToClient,
} from './live.js';
import { LiveBoard, type LiveBoardState, type LiveSocketLike } from './live-board.js';
import { rankRows } from './ranking.js';

type Listener = (...args: unknown[]) => void;
type Ack = (answer: BoardSubscribeAck) => void;

/** A socket the test drives: it records emits, answers acks and fires server events by hand. */
class FakeSocket implements LiveSocketLike {
  connected = true;
  readonly emitted: Array<{ event: string; args: unknown[] }> = [];
  private readonly listeners = new Map<string, Set<Listener>>();

  on(event: string, listener: (...args: never[]) => void): this {
    const set = this.listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return this;
  }

  off(event: string, listener: (...args: never[]) => void): this {
    this.listeners.get(event)?.delete(listener as Listener);
    return this;
  }

  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    return this;
  }

  fire(event: string, ...args: unknown[]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(...args);
  }

  listenerCount(): number {
    return [...this.listeners.values()].reduce((sum, set) => sum + set.size, 0);
  }

  /** The ack callbacks of every `board:subscribe` so far, oldest first. */
  subscribes(): Ack[] {
    return this.emitted.filter((e) => e.event === 'board:subscribe').map((e) => e.args[1] as Ack);
  }

  /** Answers the latest `board:subscribe`. */
  answer(answer: BoardSubscribeAck): void {
    const acks = this.subscribes();
    acks[acks.length - 1]?.(answer);
  }

  disconnect(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }

  reconnect(): void {
    this.connected = true;
    this.fire('connect');
  }
}

const MONTH: BoardDescriptor = {
  key: 'month:2026-11:all',
  period: 'month',
  from: '2026-10-31T21:00:00.000Z',
  to: '2026-11-30T21:00:00.000Z',
  scope: { kind: 'all' },
};
const NEXT_MONTH: BoardDescriptor = {
  ...MONTH,
  key: 'month:2026-12:all',
  from: '2026-11-30T21:00:00.000Z',
  to: '2026-12-31T21:00:00.000Z',
};
const ALL_MONTH: BoardSubscription = { period: 'month' };

/** A row as the server sends it; the rank is deliberately wrong, the client ranks again. */
function row(repId: string, name: string, milliPoints: number): BoardRow {
  return {
    repId,
    key: `key-${repId}`,
    name,
    teamId: null,
    points: Math.floor(milliPoints / 1000),
    milliPoints,
    rank: 0,
    tier: null,
  };
}

function snapshot(seq: number, rows: BoardRow[], board: BoardDescriptor = MONTH): BoardResponse {
  return { board, seq, asOf: '2026-11-20T10:00:00.000Z', rows };
}

function ok(seq: number, rows: BoardRow[], board: BoardDescriptor = MONTH): BoardSubscribeAck {
  return { ok: true, snapshot: snapshot(seq, rows, board) };
}

function delta(seq: number, rows: BoardRow[], removed: string[] = [], key = MONTH.key): BoardDelta {
  return { key, seq, rows, removed };
}

/** `[repId, rank, milliPoints]` of each row in display order. */
function ranks(state: LiveBoardState): Array<[string, number, number]> {
  return state.rows.map((r) => [r.repId, r.rank, r.milliPoints]);
}

const anna = (m: number) => row('a', 'Anna', m);
const boris = (m: number) => row('b', 'Boris', m);
const vera = (m: number) => row('v', 'Vera', m);
const gleb = (m: number) => row('g', 'Gleb', m);

/** Boards to stop after each test, so a failed one leaves no retry timer running. */
const boards: LiveBoard[] = [];

function started(subscription: BoardSubscription = ALL_MONTH): { socket: FakeSocket; board: LiveBoard } {
  const socket = new FakeSocket();
  const board = new LiveBoard(socket, subscription, { ackTimeoutMs: 5_000, retryDelayMs: 1_000 });
  boards.push(board);
  board.start();
  return { socket, board };
}

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  for (const board of boards.splice(0)) board.stop();
  jest.useRealTimers();
  jest.restoreAllMocks();
});

describe('LiveBoard', () => {
  it('subscribes on start, then applies consecutive deltas and ranks ties 1, 2, 2, 4', () => {
    const { socket, board } = started();
    expect(socket.emitted.map((e) => [e.event, e.args[0]])).toEqual([['board:subscribe', ALL_MONTH]]);

    socket.answer(ok(7, [anna(5_000), boris(3_000), vera(1_000)]));
    expect(board.state).toMatchObject({ board: MONTH, seq: 7, connected: true, error: null });
    expect(board.state.asOf).toEqual(expect.any(String));
    expect(ranks(board.state)).toEqual([
      ['a', 1, 5_000],
      ['b', 2, 3_000],
      ['v', 3, 1_000],
    ]);

    socket.fire('board:delta', delta(8, [vera(3_000), gleb(500)]));
    socket.fire('board:delta', delta(9, [anna(6_000)]));
    expect(board.state.seq).toBe(9);
    expect(ranks(board.state)).toEqual([
      ['a', 1, 6_000],
      ['b', 2, 3_000],
      ['v', 2, 3_000],
      ['g', 4, 500],
    ]);

    socket.fire('board:delta', delta(10, [], ['b']));
    expect(ranks(board.state)).toEqual([
      ['a', 1, 6_000],
      ['v', 2, 3_000],
      ['g', 3, 500],
    ]);
  });

  it('ignores a delta it already has (duplicate or older) and deltas of other boards', () => {
    const { socket, board } = started();
    socket.answer(ok(3, [anna(1_000)]));
    socket.fire('board:delta', delta(4, [anna(2_000)]));
    const before = board.state;
    const changes: LiveBoardState[] = [];
    board.onChange((state) => changes.push(state));

    socket.fire('board:delta', delta(4, [anna(2_000)]));
    socket.fire('board:delta', delta(2, [anna(9_000)]));
    socket.fire('board:delta', delta(5, [anna(9_000)], [], 'month:2026-11:team:t1'));

    expect(board.state).toBe(before);
    expect(changes).toEqual([]);
    expect(socket.subscribes()).toHaveLength(1);
  });

  it('on a gap keeps the rows, subscribes again exactly once, and ends exact', () => {
    const { socket, board } = started();
    socket.answer(ok(1, [anna(1_000), boris(2_000)]));

    socket.fire('board:delta', delta(3, [anna(5_000)]));
    socket.fire('board:delta', delta(4, [boris(6_000)]));
    expect(socket.subscribes()).toHaveLength(2);
    expect(board.state.resyncs).toBe(1);
    expect(board.state.seq).toBe(1);
    expect(ranks(board.state)).toEqual([
      ['b', 1, 2_000],
      ['a', 2, 1_000],
    ]);

    socket.answer(ok(4, [anna(5_000), boris(6_000)]));
    socket.fire('board:delta', delta(5, [vera(7_000)]));
    expect(board.state.seq).toBe(5);
    expect(ranks(board.state)).toEqual([
      ['v', 1, 7_000],
      ['b', 2, 6_000],
      ['a', 3, 5_000],
    ]);
    expect(socket.subscribes()).toHaveLength(2);
    expect(board.state.resyncs).toBe(1);
  });

  it('buffers deltas that come before the subscribe answer and applies the newer ones in order', () => {
    const { socket, board } = started();
    socket.fire('board:delta', delta(7, [boris(4_000)]));
    socket.fire('board:delta', delta(5, [anna(9_000)]));
    socket.fire('board:delta', delta(6, [anna(2_000)]));
    socket.fire('board:delta', delta(6, [gleb(9_000)], [], 'week:2026-11-16:all'));
    expect(board.state.board).toBeNull();

    socket.answer(ok(5, [anna(1_000), boris(1_000)]));
    expect(board.state.seq).toBe(7);
    expect(ranks(board.state)).toEqual([
      ['b', 1, 4_000],
      ['a', 2, 2_000],
    ]);
    expect(socket.subscribes()).toHaveLength(1);
  });

  it('keeps the rows through a disconnect and subscribes again on connect', () => {
    const { socket, board } = started();
    socket.answer(ok(2, [anna(1_000)]));

    socket.disconnect();
    expect(board.state.connected).toBe(false);
    expect(ranks(board.state)).toEqual([['a', 1, 1_000]]);

    socket.reconnect();
    expect(board.state.connected).toBe(true);
    expect(socket.subscribes()).toHaveLength(2);
    expect(ranks(board.state)).toEqual([['a', 1, 1_000]]);

    socket.answer(ok(6, [anna(1_000), boris(3_000)]));
    expect(board.state.seq).toBe(6);
    expect(ranks(board.state)).toEqual([
      ['b', 1, 3_000],
      ['a', 2, 1_000],
    ]);
  });

  it('waits for connect when started offline, and forgets what came before a disconnect', () => {
    const socket = new FakeSocket();
    socket.connected = false;
    const board = new LiveBoard(socket, ALL_MONTH);
    boards.push(board);
    board.start();
    expect(socket.subscribes()).toHaveLength(0);
    expect(board.state.connected).toBe(false);

    socket.reconnect();
    const [first] = socket.subscribes();
    socket.fire('board:delta', delta(4, [anna(9_000)]));
    socket.disconnect();
    first?.(ok(3, [anna(1_000)]));
    expect(board.state.board).toBeNull();

    // The server restarted meanwhile and counts from 2: the buffered delta 4 belongs to the past.
    socket.reconnect();
    socket.answer(ok(2, [anna(2_000)]));
    expect(board.state.seq).toBe(2);
    expect(ranks(board.state)).toEqual([['a', 1, 2_000]]);
    socket.fire('board:delta', delta(3, [anna(3_000)]));
    expect(ranks(board.state)).toEqual([['a', 1, 3_000]]);
  });

  it('replaces the board with a rollover snapshot of the same period and scope', () => {
    const { socket, board } = started();
    socket.answer(ok(40, [anna(9_000), boris(3_000)]));

    socket.fire('board:snapshot', snapshot(0, [boris(0)], NEXT_MONTH));
    expect(board.state.board).toEqual(NEXT_MONTH);
    expect(board.state.seq).toBe(0);
    expect(ranks(board.state)).toEqual([['b', 1, 0]]);

    socket.fire('board:delta', delta(41, [anna(10_000)]));
    socket.fire('board:delta', delta(1, [anna(1_000)], [], NEXT_MONTH.key));
    expect(ranks(board.state)).toEqual([
      ['a', 1, 1_000],
      ['b', 2, 0],
    ]);
    expect(socket.subscribes()).toHaveLength(1);
  });

  it('ignores a snapshot of another team, of all reps, or of another period', () => {
    const { socket, board } = started({ period: 'week', team: 't1' });
    const week = (teamId?: string): BoardDescriptor => ({
      key: `week:2026-11-16:${teamId ? `team:${teamId}` : 'all'}`,
      period: 'week',
      from: '2026-11-15T21:00:00.000Z',
      to: '2026-11-22T21:00:00.000Z',
      scope: teamId ? { kind: 'team', teamId } : { kind: 'all' },
    });
    socket.answer(ok(5, [anna(1_000)], week('t1')));
    const before = board.state;

    socket.fire('board:snapshot', snapshot(9, [boris(5_000)], week('t2')));
    socket.fire('board:snapshot', snapshot(9, [boris(5_000)], week()));
    socket.fire(
      'board:snapshot',
      snapshot(9, [boris(5_000)], { ...MONTH, scope: { kind: 'team', teamId: 't1' } }),
    );
    expect(board.state).toBe(before);

    socket.fire('board:snapshot', snapshot(9, [boris(5_000)], week('t1')));
    expect(ranks(board.state)).toEqual([['b', 1, 5_000]]);
  });

  it('takes a pushed snapshot of a scope board (most improved, a competition whatever its period)', () => {
    const improved = started({ period: 'month', scope: 'improved' });
    improved.socket.answer(
      ok(3, [anna(1_000)], { ...MONTH, key: 'month:2026-11:improved', scope: { kind: 'improved' } }),
    );
    improved.socket.fire('board:snapshot', snapshot(4, [boris(2_000)], MONTH));
    expect(ranks(improved.board.state)).toEqual([['a', 1, 1_000]]);
    improved.socket.fire(
      'board:snapshot',
      snapshot(4, [boris(2_000)], { ...MONTH, key: 'month:2026-11:improved', scope: { kind: 'improved' } }),
    );
    expect(ranks(improved.board.state)).toEqual([['b', 1, 2_000]]);

    const id = '5b0c7a52-5a43-4e2b-9d55-0f7f3c0b7a11';
    const competition: BoardDescriptor = {
      key: `competition:${id}`,
      period: 'month',
      from: '2026-11-16T00:00:00.000Z',
      to: '2026-11-21T00:00:00.000Z',
      scope: { kind: 'competition', competitionId: id },
    };
    const contest = started({ period: 'week', scope: `competition:${id}` });
    contest.socket.answer(ok(1, [anna(1_000)], { ...competition, period: 'week' }));
    contest.socket.fire('board:snapshot', snapshot(2, [boris(7_000)], competition));
    expect(ranks(contest.board.state)).toEqual([['b', 1, 7_000]]);
  });

  it('asks again when the answer does not come in time, and ignores the late one', () => {
    const { socket, board } = started();

    jest.advanceTimersByTime(4_999);
    expect(socket.subscribes()).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(socket.subscribes()).toHaveLength(2);

    socket.subscribes()[0]?.(ok(1, [anna(1_000)]));
    expect(board.state.board).toBeNull();
    socket.answer(ok(2, [boris(2_000)]));
    expect(ranks(board.state)).toEqual([['b', 1, 2_000]]);

    jest.advanceTimersByTime(60_000);
    expect(socket.subscribes()).toHaveLength(2);
  });

  it('keeps the rows and shows the error when the subscribe is refused, then retries', () => {
    const { socket, board } = started();
    socket.answer(ok(1, [anna(1_000)]));
    socket.disconnect();
    socket.reconnect();

    const error = { code: 'FORBIDDEN' as const, message: 'not your team', details: [] };
    socket.answer({ ok: false, error });
    expect(board.state.error).toEqual(error);
    expect(ranks(board.state)).toEqual([['a', 1, 1_000]]);

    jest.advanceTimersByTime(999);
    expect(socket.subscribes()).toHaveLength(2);
    jest.advanceTimersByTime(1);
    expect(socket.subscribes()).toHaveLength(3);

    socket.answer(ok(4, [anna(4_000)]));
    expect(board.state.error).toBeNull();
    expect(ranks(board.state)).toEqual([['a', 1, 4_000]]);
  });

  it('survives a throwing listener and a malformed message', () => {
    const log = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const { socket, board } = started();
    const seen: number[] = [];
    board.onChange(() => {
      throw new Error('a broken screen');
    });
    board.onChange((state) => seen.push(state.seq));

    socket.answer(ok(1, [anna(1_000)]));
    socket.fire('board:delta', { key: MONTH.key, seq: 2 });
    expect(log).toHaveBeenCalled();
    jest.advanceTimersByTime(1_000);
    expect(socket.subscribes()).toHaveLength(2);

    socket.answer(ok(2, [anna(2_000)]));
    socket.fire('board:delta', delta(3, [anna(3_000)]));
    expect(seen).toEqual([1, 2, 3]);
    expect(ranks(board.state)).toEqual([['a', 1, 3_000]]);
  });

  it('stop removes every listener it added, unsubscribes, and hears nothing more', () => {
    const { socket, board } = started();
    expect(socket.listenerCount()).toBe(4);
    const changes: LiveBoardState[] = [];
    const unlisten = board.onChange((state) => changes.push(state));

    board.stop();
    expect(socket.listenerCount()).toBe(0);
    expect(socket.emitted.at(-1)).toEqual({ event: 'board:unsubscribe', args: [ALL_MONTH] });

    socket.answer(ok(1, [anna(1_000)]));
    jest.advanceTimersByTime(60_000);
    expect(socket.subscribes()).toHaveLength(1);
    expect(changes).toEqual([]);
    expect(board.state.board).toBeNull();

    board.start();
    socket.answer(ok(2, [anna(2_000)]));
    expect(changes).toHaveLength(1);
    unlisten();
    socket.fire('board:delta', delta(3, [anna(3_000)]));
    expect(changes).toHaveLength(1);
    expect(board.state.seq).toBe(3);
  });

  it('takes a socket.io-client socket as it is', () => {
    const typed: Socket<LiveServerToClient, LiveClientToServer> = io('http://127.0.0.1:9/live', {
      autoConnect: false,
    });
    const untyped: Socket = io('http://127.0.0.1:9/live', { autoConnect: false, forceNew: true });
    for (const socket of [typed, untyped]) {
      const board = new LiveBoard(socket, ALL_MONTH);
      board.start();
      expect(socket.hasListeners('board:delta')).toBe(true);
      board.stop();
      expect(socket.hasListeners('board:delta')).toBe(false);
      expect(socket.hasListeners('connect')).toBe(false);
      socket.close();
    }
  });
});

describe('LiveBoard over a lossy wire (property)', () => {
  const REPS = [
    ['r1', 'Anna'],
    ['r2', 'Boris'],
    ['r3', 'Boris'],
    ['r4', 'Vera'],
    ['r5', 'Gleb'],
  ] as const;
  /** A board state: milli-points of each rep on the board (small values, so ties are common). */
  const boardState = fc.array(fc.option(fc.constantFrom(0, 1_000, 2_000, 3_500), { nil: undefined }), {
    minLength: REPS.length,
    maxLength: REPS.length,
  });
  const rowsOf = (state: Array<number | undefined>): BoardRow[] =>
    REPS.flatMap(([id, name], i) => (state[i] === undefined ? [] : [row(id, name, state[i])]));
  const action = fc.constantFrom(
    'produce',
    'produce',
    'deliver',
    'deliver',
    'drop',
    'duplicate',
    'swap',
    'answer',
    'refuse',
    'tick',
    'reconnect',
  );

  it('always ends equal to the last true state', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.array(boardState, { minLength: 1, maxLength: 12 }),
        fc.array(action, { maxLength: 80 }),
        (firstSeq, states, actions) => {
          jest.clearAllTimers();
          const socket = new FakeSocket();
          const board = new LiveBoard(socket, ALL_MONTH, { ackTimeoutMs: 5_000, retryDelayMs: 1_000 });
          // The server: the true rows at seq `firstSeq + produced`, and the deltas on the wire.
          let produced = 0;
          let truth = rowsOf(states[0] ?? []);
          const history = new Map([[firstSeq, truth]]);
          // Whatever the wire does, the board only ever shows a state the server really had.
          const shown: LiveBoardState[] = [];
          board.onChange((state) => {
            if (state.board) shown.push(state);
          });
          let wire: BoardDelta[] = [];
          let answered = 0;
          const produce = (next: BoardRow[]): void => {
            const before = new Map(truth.map((r) => [r.repId, JSON.stringify(r)]));
            const changed = next.filter((r) => before.get(r.repId) !== JSON.stringify(r));
            const removed = [...before.keys()].filter((id) => !next.some((r) => r.repId === id));
            produced += 1;
            truth = next;
            history.set(firstSeq + produced, next);
            wire.push(delta(firstSeq + produced, changed, removed));
          };
          const answerNext = (refuse: boolean): boolean => {
            const ack = socket.subscribes()[answered];
            if (!ack) return false;
            answered += 1;
            ack(
              refuse
                ? { ok: false, error: { code: 'INTERNAL', message: 'busy', details: [] } }
                : ok(firstSeq + produced, truth),
            );
            return true;
          };
          const flush = (): void => {
            for (const d of wire) socket.fire('board:delta', d);
            wire = [];
          };

          try {
            board.start();
            for (const step of actions) {
              if (step === 'produce' && produced + 1 < states.length)
                produce(rowsOf(states[produced + 1] ?? []));
              if (step === 'deliver' && wire.length > 0) socket.fire('board:delta', wire.shift());
              if (step === 'drop') wire.shift();
              if (step === 'duplicate' && wire[0]) socket.fire('board:delta', wire[0]);
              if (step === 'swap' && wire.length > 1)
                [wire[0], wire[1]] = [wire[1] as BoardDelta, wire[0] as BoardDelta];
              if (step === 'answer') answerNext(false);
              if (step === 'refuse') answerNext(true);
              if (step === 'tick') jest.advanceTimersByTime(5_000);
              if (step === 'reconnect') {
                socket.disconnect();
                wire = [];
                answered = socket.subscribes().length;
                socket.reconnect();
              }
            }
            // The wire heals: everything in flight arrives, one more change is sent, every question is
            // answered truthfully, and timers run until the board is quiet.
            const settle = (): void => {
              for (let i = 0; i < 50; i++) {
                flush();
                if (answerNext(false)) continue;
                if (jest.getTimerCount() === 0) return;
                jest.advanceTimersByTime(5_000);
              }
              throw new Error('the board never settled');
            };
            settle();
            produce(truth);
            settle();

            expect(board.state.seq).toBe(firstSeq + produced);
            expect(board.state.rows).toEqual(rankRows(truth));
            expect(board.state.board).toEqual(MONTH);
            expect(board.state.error).toBeNull();
            for (const state of shown) expect(state.rows).toEqual(rankRows(history.get(state.seq) ?? []));
          } finally {
            board.stop();
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
