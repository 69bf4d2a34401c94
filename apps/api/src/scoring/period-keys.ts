import { ALL_SCOPE, boardKeyOf, boardRefOf, type BoardScope, type Period } from '@leaderboard/contracts';

/**
 * An instant well inside the period instance named by `periodKey` (noon UTC mid-period), so that
 * `engine.periodAt(period, at)` finds it again whatever the org time zone.
 */
export function instantInside(period: Period, periodKey: string): number | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(periodKey);
  const month = /^(\d{4})-(\d{2})$/.exec(periodKey);
  const quarter = /^(\d{4})-Q([1-4])$/.exec(periodKey);
  switch (period) {
    case 'today':
      return day ? Date.UTC(+day[1], +day[2] - 1, +day[3], 12) : null;
    case 'week':
      return day ? Date.UTC(+day[1], +day[2] - 1, +day[3] + 3, 12) : null;
    case 'month':
      return month ? Date.UTC(+month[1], +month[2] - 1, 15, 12) : null;
    case 'quarter':
      return quarter ? Date.UTC(+quarter[1], (+quarter[2] - 1) * 3 + 1, 15, 12) : null;
  }
}

/** The board key of `scope` in an instance (see `boardKeyOf`): the string `board_seq` stores. */
export function boardKey(period: Period, periodKey: string, scope: BoardScope = ALL_SCOPE): string {
  return boardKeyOf(boardRefOf(period, periodKey, scope));
}

/** `competition:<id>`: the board key (and seq) of a competition, whatever period a request names. */
export function competitionBoardKey(competitionId: string): string {
  return boardKeyOf({ kind: 'competition', competitionId });
}

export function projectionKey(repId: string, period: string, periodKey: string): string {
  return `${repId}|${period}|${periodKey}`;
}
