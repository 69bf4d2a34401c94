import {
  ALL_SCOPE,
  parseScope,
  scopeKey,
  scopeOfRef,
  type BoardRef,
  type BoardScope,
  type Period,
} from '@leaderboard/contracts';

/** Room of every socket subscribed to the current instance of `period` for a scope. */
export function boardRoom(period: Period, scope: BoardScope = ALL_SCOPE): string {
  // A competition's board is the same whatever period a client named.
  if (scope.kind === 'competition') return `board:${scopeKey(scope)}`;
  return `board:${period}:${scopeKey(scope)}`;
}

/** The room of a board's screens (whatever instance: a room follows the current one). */
export function roomOfRef(ref: BoardRef): string {
  return boardRoom(ref.kind === 'period' ? ref.period : 'month', scopeOfRef(ref));
}

/** The board a `boardRoom` room is for (a competition's under the period its board echoes). */
export function boardOfRoom(room: string): { period: Period; scope: BoardScope } | null {
  const match = /^board:(?:(today|week|month|quarter):)?(.+)$/.exec(room);
  const scope = match ? parseScope(match[2]) : null;
  if (!match || !scope || (scope.kind === 'competition') !== (match[1] === undefined)) return null;
  return { period: (match[1] as Period | undefined) ?? 'month', scope };
}

/** Where a celebration goes: every screen, and the team's. */
export function celebrationRooms(teamId: string | null): string[] {
  return teamId ? ['celebrate:all', `celebrate:team:${teamId}`] : ['celebrate:all'];
}

/** The rooms of a principal's sockets (closed together on a revocation). */
export const userRoom = (userId: string): string => `user:${userId}`;
export const tokenRoom = (tokenId: string): string => `token:${tokenId}`;

/** `kpis:subscribe` rooms: a manager's `org` and `team:` screens hear every change of the rollups. */
export const KPIS_ALL_ROOM = 'kpis:all';
/** Every socket following one rep's KPIs (a rebuild of the rollups concerns them all). */
export const KPIS_REPS_ROOM = 'kpis:reps';
export const kpisRepRoom = (repId: string): string => `kpis:rep:${repId}`;

/** The rooms a KPI scope (`org`, `team:<id>`, `rep:<id>`) follows. */
export function kpiRooms(scope: string): string[] {
  return scope.startsWith('rep:')
    ? [kpisRepRoom(scope.slice(4).toLowerCase()), KPIS_REPS_ROOM]
    : [KPIS_ALL_ROOM];
}
