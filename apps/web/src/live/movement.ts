import type { BoardRow } from '@leaderboard/contracts';

/** Rep id -> ranks gained (positive) or lost (negative). */
export type Movement = Record<string, number>;

/**
 * How each rep's rank moved from `before` to `after`. A rep whose rank did not change keeps the
 * movement of the last update that moved them (a TV shows where each rep came from, not a flicker
 * that lasts until the next coalesced delta); a rep new to the board has none.
 */
export function nextMovement(
  before: readonly BoardRow[],
  after: readonly BoardRow[],
  previous: Movement,
): Movement {
  const rankBefore = new Map(before.map((row) => [row.repId, row.rank]));
  const movement: Movement = {};
  for (const row of after) {
    const was = rankBefore.get(row.repId);
    if (was === undefined) continue;
    const moved = was - row.rank;
    if (moved !== 0) movement[row.repId] = moved;
    else if (previous[row.repId] !== undefined) movement[row.repId] = previous[row.repId];
  }
  return movement;
}

/** The reps below the visible top that climbed most at their last move, best first. */
export function biggestMovers(
  rows: readonly BoardRow[],
  movement: Movement,
  visible: number,
  count: number,
): BoardRow[] {
  return rows
    .slice(visible)
    .filter((row) => (movement[row.repId] ?? 0) > 0)
    .sort((a, b) => movement[b.repId] - movement[a.repId] || a.rank - b.rank)
    .slice(0, count);
}
