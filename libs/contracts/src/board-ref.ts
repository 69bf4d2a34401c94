/**
 * Which board a seq, a delta or a snapshot belongs to, as a value: a period board (one instance
 * of a period, one scope) or a competition's board (its own window, no period). The strings
 * `month:2026-11:all` / `competition:<id>` (board keys, stored in `board_seq` and sent as
 * `BoardDelta.key`) and `board:month:all` (Socket.IO rooms) are made from it at the edges.
 */
import type { Period } from './boards.js';
import { PERIODS } from './boards.js';
import { ALL_SCOPE, parseScope, scopeKey, type BoardScope } from './scopes.js';

/** A scope of a period board (every scope but a competition). */
export type PeriodScope = Exclude<BoardScope, { kind: 'competition' }>;

export type BoardRef =
  | { kind: 'period'; period: Period; periodKey: string; scope: PeriodScope }
  | { kind: 'competition'; competitionId: string };

/** The board of `scope` in the instance `periodKey` of `period` (a competition's board for a competition scope). */
export function boardRefOf(period: Period, periodKey: string, scope: BoardScope = ALL_SCOPE): BoardRef {
  return scope.kind === 'competition'
    ? { kind: 'competition', competitionId: scope.competitionId }
    : { kind: 'period', period, periodKey, scope };
}

/** The scope a board ranks. */
export function scopeOfRef(ref: BoardRef): BoardScope {
  return ref.kind === 'competition' ? { kind: 'competition', competitionId: ref.competitionId } : ref.scope;
}

/**
 * The board key: `month:2026-11:all`, `week:2026-11-16:team:<id>`, `month:2026-11:tenure:0-3m`,
 * `month:2026-11:improved`; `competition:<id>` for a competition (whatever period a request names).
 */
export function boardKeyOf(ref: BoardRef): string {
  return ref.kind === 'competition'
    ? `competition:${ref.competitionId}`
    : `${ref.period}:${ref.periodKey}:${scopeKey(ref.scope)}`;
}

/** The board a key names; null for anything else (the inverse of `boardKeyOf`). */
export function parseBoardKey(key: string): BoardRef | null {
  if (key.startsWith('competition:')) {
    const scope = parseScope(key);
    return scope?.kind === 'competition' ? { kind: 'competition', competitionId: scope.competitionId } : null;
  }
  const match = /^([a-z]+):([^:]+):(.+)$/.exec(key);
  if (!match || !(PERIODS as readonly string[]).includes(match[1])) return null;
  const scope = parseScope(match[3]);
  if (!scope || scope.kind === 'competition') return null;
  return { kind: 'period', period: match[1] as Period, periodKey: match[2], scope };
}
