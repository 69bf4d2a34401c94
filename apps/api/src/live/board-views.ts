import type { BoardDelta, BoardResponse, BoardRow } from '@leaderboard/contracts';

/** What the screens of one board room hold: the rows of `key` (its current instance) at `seq`. */
interface BoardView {
  board: BoardResponse['board'];
  key: string;
  seq: number;
  rows: BoardRow[];
  byId: Map<string, BoardRow>;
}

const viewOf = (snapshot: BoardResponse): BoardView => ({
  board: snapshot.board,
  key: snapshot.board.key,
  seq: snapshot.seq,
  rows: snapshot.rows,
  byId: new Map(snapshot.rows.map((row) => [row.repId, row])),
});

/** Every field a screen shows (rank, points, tier, rankValue, name, photo...) is the same. */
export function sameRow(a: BoardRow, b: BoardRow): boolean {
  const keys = Object.keys(a) as Array<keyof BoardRow>;
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/**
 * The rows of `next` that differ from `previous` in anything shown (in `next`'s order), and the
 * ids of `previous` that left: applying them to `previous` by id gives `next` row for row. When
 * one rep overtakes others, that is the rep and the rows it passed (their ranks moved), no more.
 */
export function rowChanges(
  previous: ReadonlyMap<string, BoardRow>,
  next: readonly BoardRow[],
): Pick<BoardDelta, 'rows' | 'removed'> {
  const rows: BoardRow[] = [];
  const present = new Set<string>();
  for (const row of next) {
    present.add(row.repId);
    const before = previous.get(row.repId);
    if (before === undefined || !sameRow(before, row)) rows.push(row);
  }
  const removed = [...previous.keys()].filter((id) => !present.has(id));
  return { rows, removed };
}

/**
 * The writer's record of what the screens of each board room hold (the last snapshot or delta
 * sent there), so that a delta carries every row that changed, rank included, and a subscriber's
 * snapshot is exactly what the next delta continues from. Kept only on the process that sends
 * deltas. A view is present only while it is current: a flush that bumps its board either moves
 * it to the new seq or drops it.
 */
export class BoardViews {
  private readonly byRoom = new Map<string, BoardView>();

  /**
   * The flush's board at its new seq: the delta for screens that hold the previous seq, or null
   * when no screen can be known to hold it (then a snapshot must go: the caller sends `board`).
   * Either way `board` is what the room holds afterwards.
   */
  advance(room: string, board: BoardResponse): BoardDelta | null {
    const view = this.byRoom.get(room);
    this.byRoom.set(room, viewOf(board));
    if (view === undefined || view.key !== board.board.key || view.seq !== board.seq - 1) return null;
    return { key: board.board.key, seq: board.seq, ...rowChanges(view.byId, board.rows) };
  }

  /** A snapshot went to the room: its screens hold it now (unless they hold a later seq already). */
  sent(room: string, snapshot: BoardResponse): void {
    const view = this.byRoom.get(room);
    if (view !== undefined && view.key === snapshot.board.key && view.seq > snapshot.seq) return;
    this.byRoom.set(room, viewOf(snapshot));
  }

  /**
   * What a new subscriber of the room gets: `snapshot` (read from the engine) unless the room's
   * screens hold a view of the same board at its seq or later, which the next delta continues
   * from; then that view's rows and seq. `snapshot` becomes the view when there is none.
   */
  answer(room: string, snapshot: BoardResponse): BoardResponse {
    const view = this.byRoom.get(room);
    if (view === undefined || view.key !== snapshot.board.key || view.seq < snapshot.seq) {
      this.byRoom.set(room, viewOf(snapshot));
      return snapshot;
    }
    return { ...snapshot, seq: view.seq, rows: view.rows };
  }

  /**
   * What a new subscriber of the room gets without ranking the board again: the view, when it is
   * of the board `key` at `seq` (the writer's current one) or later; null when there is none.
   */
  current(room: string, key: string, seq: number, asOf: string): BoardResponse | null {
    const view = this.byRoom.get(room);
    if (view === undefined || view.key !== key || view.seq < seq) return null;
    return { board: view.board, seq: view.seq, asOf, rows: view.rows };
  }

  /** The board of `key` moved on without a message to the room (nobody watched it): forget it. */
  stale(room: string, key: string): void {
    if (this.byRoom.get(room)?.key === key) this.byRoom.delete(room);
  }

  /** This process stops (or starts) sending deltas: nothing it recorded can be trusted. */
  clear(): void {
    this.byRoom.clear();
  }
}
