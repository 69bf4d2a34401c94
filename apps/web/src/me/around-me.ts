import type { BoardRow } from '@leaderboard/contracts';

/**
 * The places around me on a board: two above, me, two below. Near the top or the bottom the window
 * shifts so it still shows `size` rows; off the board (no row of mine) it is empty: a rep is never
 * shown the bottom of the list as if it were their neighbourhood. `rows` are in display order.
 */
export function windowAround(rows: readonly BoardRow[], repId: string, size = 5): BoardRow[] {
  const index = rows.findIndex((row) => row.repId === repId);
  if (index === -1) return [];
  const before = Math.floor((size - 1) / 2);
  const start = Math.max(0, Math.min(index - before, rows.length - size));
  return rows.slice(start, start + size);
}
