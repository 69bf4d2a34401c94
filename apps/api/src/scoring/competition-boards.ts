import {
  CompetitionScorer,
  type CompetitionDefinition,
  type CompetitionRow,
  type RepProfile,
  type ScoringEvent,
} from '@leaderboard/scoring';
import type { CompetitionsRepository } from '../repositories/competitions.repository.js';
import type { LedgerRepository } from '../repositories/ledger.repository.js';
import type { RepsRepository } from '../repositories/reps.repository.js';

/**
 * The competitions' scorers (one CompetitionScorer each: its own engine over its window; see
 * libs/scoring competition.ts) and the team names their team boards show. Mutated only inside the
 * scoring queue.
 */
export class CompetitionBoards {
  private readonly scorers = new Map<string, CompetitionScorer>();
  /** Team names for team-against-team competition boards (refreshed on every snapshot read). */
  private teamNames = new Map<string, string>();

  constructor(
    private readonly records: CompetitionsRepository,
    private readonly ledger: LedgerRepository,
    private readonly reps: RepsRepository,
  ) {}

  /** A scorer per competition, replayed from the ledger (start-up, rebuild). */
  async load(reps: RepProfile[]): Promise<void> {
    const definitions = await this.records.definitions();
    this.teamNames = await this.reps.teamNames();
    this.scorers.clear();
    for (const definition of definitions) {
      const events = await this.ledger.competitionEvents(definition.from, definition.to);
      this.scorers.set(definition.id, CompetitionScorer.replay(definition, reps, events));
    }
  }

  /** Starts scoring a new competition: replays the ledger's events of its window. */
  async add(definition: CompetitionDefinition, reps: RepProfile[]): Promise<void> {
    const events = await this.ledger.competitionEvents(definition.from, definition.to);
    this.scorers.set(definition.id, CompetitionScorer.replay(definition, reps, events));
  }

  remove(id: string): void {
    this.scorers.delete(id);
  }

  /** Feeds each competition the events of its window; calls `moved` with the board rows that moved. */
  apply(events: ScoringEvent[], moved: (competitionId: string, rowIds: string[]) => void): void {
    for (const [id, scorer] of this.scorers) {
      const repIds = scorer.apply(events);
      if (repIds.length > 0) moved(id, scorer.rowIdsOf(repIds));
    }
  }

  /** A rep was created or changed: every competition gets the new profile; returns their ids. */
  upsertRep(rep: RepProfile): string[] {
    for (const scorer of this.scorers.values()) scorer.upsertRep(rep);
    return [...this.scorers.keys()];
  }

  get(id: string): CompetitionScorer | undefined {
    return this.scorers.get(id);
  }

  ids(): string[] {
    return [...this.scorers.keys()];
  }

  /** A competition's ranked rows (reps, or teams named by the last names read). */
  rows(id: string): CompetitionRow[] {
    return this.scorers.get(id)?.standings(this.teamNames) ?? [];
  }

  /** Reads the team names afresh (before a competition snapshot: a team may be new or renamed). */
  async refreshTeamNames(): Promise<void> {
    this.teamNames = await this.reps.teamNames();
  }
}
