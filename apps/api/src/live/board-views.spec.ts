import type { BoardResponse, BoardRow } from '@leaderboard/contracts';
import { BoardViews, rowChanges, sameRow } from './board-views.js';

const row = (repId: string, milliPoints: number, rank: number, extra: Partial<BoardRow> = {}): BoardRow => ({
  repId,
  key: repId,
  name: repId.toUpperCase(),
  teamId: null,
  points: milliPoints / 1000,
  milliPoints,
  rank,
  tier: null,
  ...extra,
});

const board = (key: string, seq: number, rows: BoardRow[]): BoardResponse => ({
  board: { key, period: 'month', from: '', to: '', scope: { kind: 'all' } },
  seq,
  asOf: '',
  rows,
});

const byId = (rows: BoardRow[]) => new Map(rows.map((r) => [r.repId, r]));

describe('rowChanges', () => {
  it('sends the mover and the rows it passed, not the rows whose place stayed', () => {
    const before = [row('a', 700, 1), row('b', 600, 2), row('c', 500, 3), row('d', 400, 4)];
    const after = [row('c', 950, 1), row('a', 700, 2), row('b', 600, 3), row('d', 400, 4)];
    expect(rowChanges(byId(before), after)).toEqual({ rows: after.slice(0, 3), removed: [] });
  });

  it('names rows that left and carries rows that joined; any shown field counts', () => {
    const before = [row('a', 700, 1), row('b', 600, 2, { tier: 'Gold' })];
    const after = [row('a', 700, 1), row('b', 600, 2, { tier: null }), row('c', 0, 3)];
    expect(rowChanges(byId(before), after)).toEqual({ rows: after.slice(1), removed: [] });
    expect(rowChanges(byId(after), before.slice(0, 1))).toEqual({ rows: [], removed: ['b', 'c'] });
    expect(sameRow(row('a', 1, 1), row('a', 1, 1, { rankValue: 5 }))).toBe(false);
    expect(sameRow(row('a', 1, 1, { photoUrl: 'x' }), row('a', 1, 1, { photoUrl: 'y' }))).toBe(false);
  });
});

describe('BoardViews', () => {
  const first = board('month:2026-11:all', 4, [row('a', 700, 1), row('b', 600, 2)]);
  const second = board('month:2026-11:all', 5, [row('b', 800, 1), row('a', 700, 2)]);

  it('turns the next seq into a delta, and anything else into a snapshot to send', () => {
    const views = new BoardViews();
    // Nothing known about the room: the caller sends the board whole.
    expect(views.advance('room', first)).toBeNull();
    expect(views.advance('room', second)).toEqual({
      key: 'month:2026-11:all',
      seq: 5,
      rows: second.rows,
      removed: [],
    });
    // A seq skipped (a flush that found nobody watching) or another instance: whole again.
    expect(views.advance('room', board('month:2026-11:all', 7, second.rows))).toBeNull();
    expect(views.advance('room', board('month:2026-12:all', 8, []))).toBeNull();
  });

  it('answers a subscriber with what the screens hold, which the next delta continues from', () => {
    const views = new BoardViews();
    expect(views.answer('room', first)).toBe(first);
    // Read later from the engine (a change not flushed yet, same seq): the room's rows win.
    const ahead = board('month:2026-11:all', 4, [row('a', 700, 1), row('b', 700, 1)]);
    expect(views.answer('room', ahead)).toEqual({ ...ahead, rows: first.rows });
    expect(views.advance('room', second)?.rows).toEqual(second.rows);
    // An older snapshot than the room's: the room's seq and rows.
    expect(views.answer('room', first)).toEqual({ ...first, seq: 5, rows: second.rows });
  });

  it('forgets a room whose board moved on unseen, but not for a past instance', () => {
    const views = new BoardViews();
    views.sent('room', first);
    views.stale('room', 'month:2026-10:all');
    expect(views.advance('room', second)).not.toBeNull();
    views.stale('room', 'month:2026-11:all');
    expect(views.advance('room', board('month:2026-11:all', 6, []))).toBeNull();
    // A snapshot older than what the room holds does not replace it.
    views.sent('room', first);
    expect(views.advance('room', board('month:2026-11:all', 7, []))).toEqual({
      key: 'month:2026-11:all',
      seq: 7,
      rows: [],
      removed: [],
    });
  });
});

describe('BoardViews.current (a subscriber answered without ranking the board again)', () => {
  it("gives the room's record when it is of the board's current instance at its current seq", () => {
    const views = new BoardViews();
    const rows = [row('a', 700, 1), row('b', 600, 2)];
    expect(views.current('board:month:all', 'month:2026-12:all', 3, 'now')).toBeNull();
    views.sent('board:month:all', board('month:2026-12:all', 3, rows));
    expect(views.current('board:month:all', 'month:2026-12:all', 3, 'now')).toEqual({
      ...board('month:2026-12:all', 3, rows),
      asOf: 'now',
    });
    // The writer's seq moved past the record (nobody was sent it): the engine must answer.
    expect(views.current('board:month:all', 'month:2026-12:all', 4, 'now')).toBeNull();
    // A new instance (rollover): the record is of the old one.
    expect(views.current('board:month:all', 'month:2027-01:all', 1, 'now')).toBeNull();
    // The next delta went out: the record follows it.
    const next = [row('b', 900, 1), row('a', 700, 2)];
    expect(views.advance('board:month:all', board('month:2026-12:all', 4, next))).not.toBeNull();
    expect(views.current('board:month:all', 'month:2026-12:all', 4, 'later')?.rows).toEqual(next);
  });
});
