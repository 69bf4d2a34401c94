/** Competition ranking (1, 2, 2, 4) with a stable display order inside a tie (name, then id). */

export interface Rankable {
  repId: string;
  name: string;
  milliPoints: number;
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareForBoard(a: Rankable, b: Rankable): number {
  return b.milliPoints - a.milliPoints || cmpStr(a.name, b.name) || cmpStr(a.repId, b.repId);
}

/** Sorts a copy for display and assigns ranks: equal milli-points share a rank. */
export function rankRows<T extends Rankable>(rows: readonly T[]): Array<T & { rank: number }> {
  const sorted = [...rows].sort(compareForBoard);
  let rank = 0;
  let previous: number | null = null;
  return sorted.map((row, i) => {
    if (previous === null || row.milliPoints !== previous) rank = i + 1;
    previous = row.milliPoints;
    return { ...row, rank };
  });
}
