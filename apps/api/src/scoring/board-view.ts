import {
  boardKeyOf,
  type BoardRef,
  boardRefOf,
  type BoardResponse,
  type BoardRow,
  type BoardScope,
  type Period,
} from '@leaderboard/contracts';
import type { CompetitionRow, CompetitionScorer, PeriodInstance, RankedRow } from '@leaderboard/scoring';
import { DomainError } from '../common/domain-error.js';
import type { FlushAudience, FlushedBoard } from './flush-report.js';

export function toBoardRow(r: RankedRow & { kind?: 'rep' | 'team' }): BoardRow {
  return {
    ...(r.kind === undefined ? {} : { kind: r.kind }),
    repId: r.repId,
    key: r.key,
    name: r.name,
    teamId: r.teamId,
    photoUrl: r.photoUrl,
    points: r.points,
    milliPoints: r.milliPoints,
    rank: r.rank,
    tier: r.tier,
    ...(r.rankValue === undefined ? {} : { rankValue: r.rankValue }),
    ...(r.baselineMilliPoints === undefined ? {} : { baselineMilliPoints: r.baselineMilliPoints }),
  };
}

/** What a board is read from: the engine's ranked boards and the competitions' standings. */
export interface BoardSource {
  periodAt(period: Period, at: number): PeriodInstance;
  board(period: Period, at: number, scope?: BoardScope): RankedRow[];
  competition(id: string): CompetitionScorer | undefined;
  competitionRows(id: string): CompetitionRow[];
}

/** The rows of a board as the engine ranks them at `now`: the one place a board row is built. */
export function boardRows(source: BoardSource, period: Period, scope: BoardScope, now: number): BoardRow[] {
  const ranked =
    scope.kind === 'competition'
      ? source.competitionRows(scope.competitionId)
      : source.board(period, now, scope);
  return ranked.map(toBoardRow);
}

/** The board as the engine has it at `now`, labelled with `seq` (the caller knows it is current). */
export function boardSnapshot(
  source: BoardSource,
  period: Period,
  scope: BoardScope,
  seq: number,
  now: number,
): BoardResponse {
  if (scope.kind === 'competition') {
    const scorer = source.competition(scope.competitionId);
    if (!scorer) throw new DomainError('NOT_FOUND', `Competition ${scope.competitionId} not found`);
    const { id, name, mode, from, to } = scorer.definition;
    return {
      board: {
        key: boardKeyOf({ kind: 'competition', competitionId: id }),
        period,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        scope,
        competition: { id, name, mode },
      },
      seq,
      asOf: new Date(now).toISOString(),
      rows: boardRows(source, period, scope, now),
    };
  }
  const instance = source.periodAt(period, now);
  return {
    board: {
      key: boardKeyOf(boardRefOf(period, instance.periodKey, scope)),
      period,
      from: new Date(instance.from).toISOString(),
      to: new Date(instance.to).toISOString(),
      scope,
    },
    seq,
    asOf: new Date(now).toISOString(),
    rows: boardRows(source, period, scope, now),
  };
}

/**
 * What the screens of a board a flush bumped get: the whole board at its new seq (the live layer
 * sends what differs from what they hold: the reps whose totals changed and every row whose rank
 * moved with them), or a snapshot after a reset; null when no screen shows it (a deleted
 * competition, a past instance, a board the audience does not watch).
 */
export function flushMessage(
  source: BoardSource,
  audience: FlushAudience | null,
  board: Omit<FlushedBoard, 'message'>,
  now: number,
): FlushedBoard['message'] {
  const ref: BoardRef = board.ref;
  // Deleted meanwhile: nobody can be subscribed to it any more.
  if (ref.kind === 'competition' && !source.competition(ref.competitionId)) return null;
  // Late events into a past instance move its seq, but nobody watches it live.
  if (ref.kind === 'period' && source.periodAt(ref.period, now).periodKey !== ref.periodKey) return null;
  if (!audience?.watches(ref)) return null;
  // A competition's board is the same whatever the period; its snapshots echo `month`.
  const [period, scope]: [Period, BoardScope] =
    ref.kind === 'competition'
      ? ['month', { kind: 'competition', competitionId: ref.competitionId }]
      : [ref.period, ref.scope];
  const snapshot = boardSnapshot(source, period, scope, board.seq, now);
  return board.reset ? { kind: 'snapshot', snapshot } : { kind: 'board', board: snapshot };
}
