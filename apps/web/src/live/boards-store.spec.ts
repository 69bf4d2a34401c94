import { LiveBoard } from '@leaderboard/contracts';
import { FakeSocket, row, snapshot } from '../test-support/fake-socket.js';
import { subscriptionId, useBoardsStore } from './boards-store.js';

function follow(socket: FakeSocket): LiveBoard {
  const board = new LiveBoard(socket, { period: 'month' });
  board.onChange((state) => useBoardsStore.getState().apply('month:all', state));
  board.start();
  return board;
}

const view = () => useBoardsStore.getState().boards['month:all'];

describe('boards store', () => {
  it('names a subscription by period and scope', () => {
    expect(subscriptionId({ period: 'month' })).toBe('month:all');
    expect(subscriptionId({ period: 'week', team: 't1' })).toBe('week:team:t1');
    expect(subscriptionId({ period: 'month', scope: 'improved' })).toBe('month:improved');
    expect(subscriptionId({ period: 'month', scope: 'tenure:0-3m' })).toBe('month:tenure:0-3m');
  });

  it('holds the state LiveBoard keeps: the snapshot, then each delta re-ranked', () => {
    const socket = new FakeSocket();
    socket.serverConnect();
    const board = follow(socket);
    socket.answer('month', snapshot('month', 7, [row('b', 'Boris', 200), row('a', 'Anna', 300)]));
    expect(view().rows.map((r) => [r.name, r.rank])).toEqual([
      ['Anna', 1],
      ['Boris', 2],
    ]);
    expect(view().seq).toBe(7);

    socket.fire('board:delta', {
      key: 'month:2026-11:all',
      seq: 8,
      rows: [row('b', 'Boris', 350)],
      removed: [],
    });
    expect(view().rows.map((r) => [r.name, r.points, r.rank])).toEqual([
      ['Boris', 350, 1],
      ['Anna', 300, 2],
    ]);
    expect(view().movement).toEqual({ b: 1, a: -1 });
    board.stop();
  });

  it('keeps the last rows and arrows while the socket is down, and knows it is offline', () => {
    const socket = new FakeSocket();
    socket.serverConnect();
    follow(socket);
    socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 300), row('b', 'Boris', 200)]));
    socket.fire('board:delta', {
      key: 'month:2026-11:all',
      seq: 2,
      rows: [row('b', 'Boris', 400)],
      removed: [],
    });
    socket.serverDrop();
    expect(view().connected).toBe(false);
    expect(view().rows.map((r) => r.name)).toEqual(['Boris', 'Anna']);
    expect(view().movement).toEqual({ b: 1, a: -1 });
  });

  it('starts without arrows when the period rolls over to a new board', () => {
    const socket = new FakeSocket();
    socket.serverConnect();
    follow(socket);
    socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 300), row('b', 'Boris', 200)]));
    socket.fire('board:delta', {
      key: 'month:2026-11:all',
      seq: 2,
      rows: [row('b', 'Boris', 400)],
      removed: [],
    });
    socket.fire(
      'board:snapshot',
      snapshot('month', 1, [row('a', 'Anna', 0), row('b', 'Boris', 0)], 'month:2026-12:all'),
    );
    expect(view().board?.key).toBe('month:2026-12:all');
    expect(view().movement).toEqual({});
  });
});
