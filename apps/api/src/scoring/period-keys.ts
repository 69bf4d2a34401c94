import { ALL_SCOPE, parseScope, scopeKey, type BoardScope, type Period } from '@leaderboard/contracts';

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

/**
 * `month:2026-11:all`, `week:2026-11-16:team:<id>`, `month:2026-11:tenure:0-3m`, `month:2026-11:improved`;
 * `competition:<id>` for a competition.
 */
export function boardKey(period: Period, periodKey: string, scope: BoardScope = ALL_SCOPE): string {
  // A competition has its own window, not a period instance: its key is its scope alone.
  if (scope.kind === 'competition') return competitionBoardKey(scope.competitionId);
  return `${period}:${periodKey}:${scopeKey(scope)}`;
}

/** `competition:<id>`: the board key (and seq) of a competition, whatever period a request names. */
export function competitionBoardKey(competitionId: string): string {
  return `competition:${competitionId}`;
}

/** The competition a board key names; null for a period board. */
export function competitionOfBoardKey(key: string): string | null {
  return key.startsWith('competition:') ? key.slice(12) : null;
}

/** A board key's parts; null for anything else. */
export function parseBoardKey(key: string): { period: Period; periodKey: string; scope: BoardScope } | null {
  const match = /^(today|week|month|quarter):([^:]+):(.+)$/.exec(key);
  const scope = match ? parseScope(match[3]) : null;
  return match && scope ? { period: match[1] as Period, periodKey: match[2], scope } : null;
}

export function projectionKey(repId: string, period: string, periodKey: string): string {
  return `${repId}|${period}|${periodKey}`;
}
