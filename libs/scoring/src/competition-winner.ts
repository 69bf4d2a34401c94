/**
 * Who won a competition whose window ended, and what the TVs are told: first place is every row
 * ranked 1 with points (ties share it, in board order: name, then id); nobody wins while nobody
 * has a point.
 */
import { rankRows, type Celebration, type CompetitionLeader, type Rankable } from '@leaderboard/contracts';

/** A ranked competition row as `CompetitionScorer.standings` gives it. */
export interface CompetitionStanding extends Rankable {
  kind: 'rep' | 'team';
  rank: number;
  points: number;
}

/** First place of ranked standings (see `rankRows`), as the API lists it. */
export function competitionLeaders(standings: readonly CompetitionStanding[]): CompetitionLeader[] {
  return standings
    .filter((row) => row.rank === 1 && row.milliPoints > 0)
    .map((row) => ({
      id: row.repId,
      kind: row.kind,
      name: row.name,
      milliPoints: row.milliPoints,
      points: row.points,
    }));
}

/** First place of unranked rows, whatever order they come in. */
export function leadersOf(rows: ReadonlyArray<Omit<CompetitionStanding, 'rank'>>): CompetitionLeader[] {
  return competitionLeaders(rankRows(rows));
}

/** The winner's name as recorded and cheered: leaders sharing first place joined by ", "; null for none. */
export function winnerName(leaders: readonly CompetitionLeader[]): string | null {
  return leaders.length > 0 ? leaders.map((l) => l.name).join(', ') : null;
}

/**
 * The winner celebration of a competition that ended at `to`, or null: nobody won, or it ended
 * more than `graceMs` before `now` (a server that was down for days records the winner without
 * cheering a week-old result on the wall).
 */
export function winnerCelebration(
  competition: { id: string; name: string; to: number },
  leaders: readonly CompetitionLeader[],
  now: number,
  graceMs: number,
): Celebration | null {
  const name = winnerName(leaders);
  const first = leaders[0];
  if (name === null || first === undefined || now - competition.to > graceMs) return null;
  return {
    kind: 'competition',
    repId: first.id,
    name,
    teamId: first.kind === 'team' ? first.id : null,
    competition: competition.name,
    competitionId: competition.id,
    winnerKind: first.kind,
    at: new Date(competition.to).toISOString(),
  };
}
