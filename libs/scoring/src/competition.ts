/**
 * A competition (issue 6): a named window [from, to) scored under its own rule set document by a
 * ScoringEngine of its own, so caps, weights, working hours, voids and order independence are
 * exactly those of the boards. Individual mode ranks reps; team mode ranks teams by the sum of
 * their reps' milli-points (each rep counts for the team they are in now).
 */
import { rankRows, type CompetitionMode, type RuleSetDocument } from '@leaderboard/contracts';
import { compareItems } from './cap-bucket.js';
import { ScoringEngine } from './engine.js';
import type { RankedRow, RepProfile, ScoringEvent } from './engine-api.js';
import { milliToPoints } from './milli.js';

export interface CompetitionDefinition {
  id: string;
  name: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  mode: CompetitionMode;
  document: RuleSetDocument;
}

/** A row of a competition board: a rep, or a team (`repId` and `key` = the team's id). */
export interface CompetitionRow extends RankedRow {
  kind: 'rep' | 'team';
}

/** The earliest instant a Date can hold: the competition's one version is in effect for every event. */
const BEGINNING = -8.64e15;

export class CompetitionScorer {
  readonly engine: ScoringEngine;
  /** Rep id -> milli-points earned inside the window. */
  private readonly totals = new Map<string, number>();

  constructor(
    readonly definition: CompetitionDefinition,
    reps: RepProfile[],
  ) {
    this.engine = new ScoringEngine({
      versions: [
        { id: `competition:${definition.id}`, effectiveFrom: BEGINNING, document: definition.document },
      ],
      reps,
    });
  }

  /**
   * A scorer holding every event of `events` it takes (see `takes`), applied in
   * (occurredAt, source, externalId) order like a replay of the ledger.
   */
  static replay(
    definition: CompetitionDefinition,
    reps: RepProfile[],
    events: Iterable<ScoringEvent>,
  ): CompetitionScorer {
    const scorer = new CompetitionScorer(definition, reps);
    const mine = [...events].filter((e) => scorer.takes(e)).sort(compareItems);
    scorer.engine.trackChanges = false;
    for (const event of mine) scorer.engine.apply(event);
    scorer.engine.trackChanges = true;
    for (const [repId, summary] of scorer.engine.windowSummary(definition.from, definition.to))
      if (summary.milli !== 0) scorer.totals.set(repId, summary.milli);
    return scorer;
  }

  /**
   * Events inside the window, and every void: a void earns nothing itself and only cancels a
   * target the scorer holds, so a later correction of an event inside the window is honoured.
   */
  takes(event: ScoringEvent): boolean {
    return (
      event.type === 'void' ||
      (event.occurredAt >= this.definition.from && event.occurredAt < this.definition.to)
    );
  }

  /** Applies the events it takes (idempotent by key); returns the reps whose window total changed. */
  apply(events: readonly ScoringEvent[]): string[] {
    const mine = events.filter((e) => this.takes(e));
    if (mine.length === 0) return [];
    const change = this.engine.applyMany(mine);
    const changed = new Set<string>();
    for (const e of change.events) {
      const delta = e.milliPoints - e.previousMilliPoints;
      if (delta === 0) continue;
      const total = (this.totals.get(e.repId) ?? 0) + delta;
      if (total === 0) this.totals.delete(e.repId);
      else this.totals.set(e.repId, total);
      changed.add(e.repId);
    }
    return [...changed].sort();
  }

  upsertRep(rep: RepProfile): void {
    this.engine.upsertRep(rep);
  }

  /** Milli-points a rep earned inside the window. */
  totalOf(repId: string): number {
    return this.totals.get(repId) ?? 0;
  }

  /**
   * The ranked board: every active rep (individual), or every team with an active rep (teams;
   * `teamNames` names them, the id stands in for a name it lacks).
   */
  standings(teamNames: ReadonlyMap<string, string> = new Map()): CompetitionRow[] {
    const reps = this.engine.repProfiles().filter((rep) => rep.active);
    if (this.definition.mode === 'individual') {
      return rankRows(
        reps.map((rep) => {
          const milli = this.totalOf(rep.id);
          return {
            kind: 'rep' as const,
            repId: rep.id,
            key: rep.key,
            name: rep.name,
            teamId: rep.teamId,
            photoUrl: rep.photoUrl ?? null,
            milliPoints: milli,
            points: milliToPoints(milli),
            tier: null,
          };
        }),
      );
    }
    const teams = new Map<string, number>();
    for (const rep of reps) {
      if (rep.teamId === null) continue;
      teams.set(rep.teamId, (teams.get(rep.teamId) ?? 0) + this.totalOf(rep.id));
    }
    return rankRows(
      [...teams].map(([teamId, milli]) => ({
        kind: 'team' as const,
        repId: teamId,
        key: teamId,
        name: teamNames.get(teamId) ?? teamId,
        teamId,
        photoUrl: null,
        milliPoints: milli,
        points: milliToPoints(milli),
        tier: null,
      })),
    );
  }

  /** The board rows (reps or teams) that a change of these reps' totals moves. */
  rowIdsOf(repIds: readonly string[]): string[] {
    if (this.definition.mode === 'individual') return [...repIds];
    const profiles = new Map(this.engine.repProfiles().map((rep) => [rep.id, rep]));
    const teams = new Set<string>();
    for (const id of repIds) {
      const teamId = profiles.get(id)?.teamId;
      if (teamId) teams.add(teamId);
    }
    return [...teams].sort();
  }

  /** First place: every row ranked 1, when it has points; empty while nobody has any. */
  leaders(teamNames: ReadonlyMap<string, string> = new Map()): CompetitionRow[] {
    return this.standings(teamNames).filter((row) => row.rank === 1 && row.milliPoints > 0);
  }
}
