/**
 * Competitions (issue 6): named windows such as "Demo week" with their own rule set document (the
 * shape of SPEC 4a, scored by the same engine), individual or team against team, each with its own
 * board (`scope=competition:<id>`) and a winner celebrated on the TVs when the window ends.
 */
import type { RuleSetDocument } from './rulesets.js';

export const COMPETITION_MODES = ['individual', 'teams'] as const;
export type CompetitionMode = (typeof COMPETITION_MODES)[number];

/** `upcoming` before `from`, `running` inside [from, to), `ended` from `to` on. */
export type CompetitionStatus = 'upcoming' | 'running' | 'ended';

/** `POST /api/competitions` (managers, admins). */
export interface CompetitionInput {
  name: string;
  /** Inclusive start, ISO-8601 with offset. */
  from: string;
  /** Exclusive end, ISO-8601 with offset; after `from`. */
  to: string;
  mode: CompetitionMode;
  /** A rule set document (SPEC 4a, same validator); its tiers and payouts play no part. */
  ruleSet: RuleSetDocument;
}

/** A leader of a competition: a rep (individual) or a team. */
export interface CompetitionLeader {
  id: string;
  kind: 'rep' | 'team';
  name: string;
  milliPoints: number;
  points: number;
}

export interface CompetitionView {
  id: string;
  name: string;
  from: string;
  to: string;
  mode: CompetitionMode;
  status: CompetitionStatus;
  /** The rule set document; absent for a display token (a TV needs the name and window only). */
  ruleSet?: RuleSetDocument;
  /**
   * First place now (running) or at the end (ended); several when tied; empty while nobody has
   * points. An ended competition's standings still follow late events and voids of its window.
   */
  leaders: CompetitionLeader[];
  /** When the winner celebration went to the TVs (once), with the name it carried. */
  celebratedAt: string | null;
  celebratedWinner: string | null;
  createdAt: string;
  /** The e-mail of who created it; null for reps and displays. */
  createdBy: string | null;
}

/** The status of a window at `now` (epoch ms). */
export function competitionStatus(from: number, to: number, now: number): CompetitionStatus {
  return now < from ? 'upcoming' : now < to ? 'running' : 'ended';
}
