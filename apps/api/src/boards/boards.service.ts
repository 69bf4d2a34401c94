import { Injectable } from '@nestjs/common';
import {
  ALL_SCOPE,
  type BoardResponse,
  type BoardScope,
  type BreakdownResponse,
  type DisplaySettings,
  type Period,
} from '@leaderboard/contracts';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { PeriodsService } from '../periods/periods.service.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { boardKey, competitionBoardKey } from '../scoring/period-keys.js';
import { boardSnapshot } from '../scoring/board-view.js';
import { ScoringService } from '../scoring/scoring.service.js';

@Injectable()
export class BoardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly scoring: ScoringService,
    private readonly periods: PeriodsService,
    private readonly reps: RepsRepository,
    private readonly clock: Clock,
  ) {}

  async assertTeam(teamId: string): Promise<void> {
    if (!(await this.reps.teamExists(teamId))) throw new DomainError('NOT_FOUND', `Team ${teamId} not found`);
  }

  async board(period: Period, scope: BoardScope = ALL_SCOPE, now = this.clock.now()): Promise<BoardResponse> {
    if (scope.kind === 'team') await this.assertTeam(scope.teamId);
    if (scope.kind === 'competition') return this.competitionBoard(period, scope.competitionId, now);
    // Rows and seq of the same moment: wait for a pending coalesced write (at most one interval).
    await this.scoring.settled();
    const instance = this.scoring.periodAt(period, now);
    const seq = await this.scoring.seqOf(boardKey(period, instance.periodKey, scope));
    const board = this.snapshot(period, scope, seq, now);
    // A closed month (everyone or one team; `now` may be any instant inside it) reads its frozen
    // figures: late events and rule changes after the close do not move it.
    if (
      period === 'month' &&
      instance.to <= this.clock.now() &&
      (scope.kind === 'all' || scope.kind === 'team')
    ) {
      const closed = await this.periods.closedRows(
        instance.periodKey,
        scope.kind === 'team' ? scope.teamId : undefined,
      );
      if (closed) {
        const photos = new Map(this.scoring.engine.repProfiles().map((p) => [p.id, p.photoUrl ?? null]));
        board.rows = closed.map((r) => ({
          repId: r.repId,
          key: r.key,
          name: r.name,
          teamId: r.teamId,
          photoUrl: photos.get(r.repId) ?? null,
          points: r.points,
          milliPoints: r.milliPoints,
          rank: r.rank,
          tier: r.tier,
        }));
      }
    }
    return board;
  }

  /**
   * A competition's board: its window and rule set, whatever `period` says (echoed, ignored);
   * the key `competition:<id>` and its own seq.
   */
  private async competitionBoard(period: Period, competitionId: string, now: number): Promise<BoardResponse> {
    if (!this.scoring.competition(competitionId))
      throw new DomainError('NOT_FOUND', `Competition ${competitionId} not found`);
    await this.scoring.refreshTeamNames();
    await this.scoring.settled();
    const seq = await this.scoring.seqOf(competitionBoardKey(competitionId));
    return this.snapshot(period, { kind: 'competition', competitionId }, seq, now);
  }

  /** The board as the engine has it now, labelled with `seq` (the caller knows it is current). */
  snapshot(period: Period, scope: BoardScope, seq: number, now = this.clock.now()): BoardResponse {
    return boardSnapshot(this.scoring, period, scope, seq, now);
  }

  async breakdown(repId: string, period: Period, now = this.clock.now()): Promise<BreakdownResponse> {
    if (!(await this.reps.exists(repId))) throw new DomainError('NOT_FOUND', `Rep ${repId} not found`);
    return this.scoring.breakdown(repId, period, now);
  }

  /** The rule set in effect now as a screen needs it: no payouts. */
  async settings(now = this.clock.now()): Promise<DisplaySettings> {
    const orgs = await this.dataSource.query<Array<{ name: string }>>('SELECT name FROM org LIMIT 1');
    const ruleSet = this.scoring.engine.timeline.at(now);
    const document = ruleSet.document;
    return {
      orgName: orgs[0]?.name ?? '',
      timezone: document.timezone,
      currency: document.currency,
      weekStartsOn: document.weekStartsOn,
      workingHours: document.workingHours ?? null,
      tierPeriod: ruleSet.tierPeriod,
      tiers: ruleSet.tiers.map((tier) => ({ name: tier.name, minPoints: tier.minMilli / 1000 })),
    };
  }
}
