/** Competition ranking (1, 2, 2, 4) with a stable display order inside a tie (name, then id). */

export interface Rankable {
  repId: string;
  name: string;
  milliPoints: number;
  /** What the board ranks by when it is not milli-points (most improved: change in basis points). */
  rankValue?: number;
}

/** The value a row is ranked by: `rankValue` when the board has one, else its milli-points. */
export const rankValueOf = (row: Rankable): number => row.rankValue ?? row.milliPoints;

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareForBoard(a: Rankable, b: Rankable): number {
  return rankValueOf(b) - rankValueOf(a) || cmpStr(a.name, b.name) || cmpStr(a.repId, b.repId);
}

/** Sorts a copy for display and assigns ranks: equal milli-points (or rank values) share a rank. */
export function rankRows<T extends Rankable>(rows: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort(compareForBoard);
  let rank = 0;
  let previous: number | null = null;
  return sorted.map((row, i) => {
    const value = rankValueOf(row);
    if (previous === null || value !== previous) rank = i + 1;
    previous = value;
    return { ...row, rank };
  });
}
