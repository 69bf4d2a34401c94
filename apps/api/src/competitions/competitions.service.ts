import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { competitionStatus, type CompetitionLeader, type CompetitionView } from '@leaderboard/contracts';
import { competitionLeaders, validateRuleSet, winnerCelebration, winnerName } from '@leaderboard/scoring';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { WindowScheduler } from '../common/window-scheduler.js';
import { LiveService } from '../live/live.service.js';
import {
  CompetitionsRepository,
  toDefinition,
  type CompetitionRecord,
} from '../repositories/competitions.repository.js';
import { ScoringService } from '../scoring/scoring.service.js';
import type { CreateCompetitionDto } from './dto/competition.dto.js';

/** Longest wait between two looks for an ended competition (a new cluster leader picks up within it). */
const CHECK_MAX_MS = 60_000;
/** The WindowScheduler's name for the next look for ended competitions. */
const ENDED_WINDOW = 'competitions:ended';
/**
 * A winner is announced on the TVs only this soon after the end: a server that was down for days
 * records the winner without cheering a week-old result on the wall.
 */
export const CELEBRATION_GRACE_MS = 60 * 60 * 1000;

function parseInstant(text: string, path: string): number {
  const at = Date.parse(text);
  if (Number.isNaN(at))
    throw new DomainError('VALIDATION_FAILED', `${path} is not a valid date-time`, [
      { path, message: 'must be ISO-8601 with an offset' },
    ]);
  return at;
}

/**
 * Competitions (issue 6): stored in `competitions`, scored by ScoringService (one CompetitionScorer
 * each), and, on the process that writes boards, a winner celebration once each window has ended.
 */
@Injectable()
export class CompetitionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CompetitionsService.name);
  private checking: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly competitions: CompetitionsRepository,
    private readonly scoring: ScoringService,
    private readonly live: LiveService,
    private readonly clock: Clock,
    private readonly windows: WindowScheduler,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  onModuleDestroy(): void {
    this.stopped = true;
    this.windows.cancel(ENDED_WINDOW);
  }

  /** `ruleSet` as sent (see RawBodyField): the rule-set validator checks it, keys and all. */
  async create(
    input: Omit<CreateCompetitionDto, 'ruleSet'> & { ruleSet: unknown },
    createdBy: string | null,
  ): Promise<CompetitionView> {
    const from = parseInstant(input.from, 'from');
    const to = parseInstant(input.to, 'to');
    if (to <= from)
      throw new DomainError('VALIDATION_FAILED', 'The window must end after it starts', [
        { path: 'to', message: 'must be after from' },
      ]);
    const name = input.name.trim();
    if (name.length === 0)
      throw new DomainError('VALIDATION_FAILED', 'A competition needs a name', [
        { path: 'name', message: 'must not be blank' },
      ]);
    const result = validateRuleSet(input.ruleSet);
    if (!result.ok)
      throw new DomainError(
        'RULESET_INVALID',
        `The rule set has ${result.problems.length} problem(s)`,
        result.problems.map((p) => ({ path: p.path ? `ruleSet.${p.path}` : 'ruleSet', message: p.message })),
      );
    const record = await this.competitions.insert({
      name,
      from,
      to,
      mode: input.mode,
      ruleSet: result.document,
      createdBy,
    });
    await this.scoring.addCompetition(toDefinition(record));
    this.schedule(0);
    return this.view(record, true);
  }

  async list(forManagers: boolean): Promise<CompetitionView[]> {
    const rows = await this.competitions.list();
    await this.scoring.refreshTeamNames();
    return rows.map((row) => this.view(row, forManagers));
  }

  async get(id: string, forManagers: boolean): Promise<CompetitionView> {
    const row = await this.find(id);
    await this.scoring.refreshTeamNames();
    return this.view(row, forManagers);
  }

  /** Deletes a competition that has not started; one that has started is history and stays. */
  async remove(id: string, now = this.clock.now()): Promise<void> {
    const row = await this.find(id);
    if (new Date(row.from_at).getTime() <= now)
      throw new DomainError('CONFLICT', `Competition "${row.name}" has started; it can no longer be deleted`);
    if (!(await this.competitions.deleteNotStarted(id, now)))
      throw new DomainError('CONFLICT', `Competition "${row.name}" has started; it can no longer be deleted`);
    await this.scoring.removeCompetition(id);
  }

  private async find(id: string): Promise<CompetitionRecord> {
    const row = await this.competitions.find(id);
    if (!row) throw new DomainError('NOT_FOUND', `Competition ${id} not found`);
    return row;
  }

  private leaders(id: string): CompetitionLeader[] {
    return competitionLeaders(this.scoring.competitionRows(id));
  }

  private view(row: CompetitionRecord, forManagers: boolean, now = this.clock.now()): CompetitionView {
    const from = new Date(row.from_at).getTime();
    const to = new Date(row.to_at).getTime();
    return {
      id: row.id,
      name: row.name,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      mode: row.mode,
      status: competitionStatus(from, to, now),
      ...(forManagers ? { ruleSet: row.rule_set } : {}),
      leaders: now < from ? [] : this.leaders(row.id),
      celebratedAt: row.celebrated_at ? new Date(row.celebrated_at).toISOString() : null,
      celebratedWinner: row.celebrated_winner,
      createdAt: new Date(row.created_at).toISOString(),
      // Who created it is a manager's e-mail: not for screens and reps.
      createdBy: forManagers ? row.created_by : null,
    };
  }

  /** Plans the next look for ended competitions: at the nearest end, or within CHECK_MAX_MS. */
  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.windows.at(ENDED_WINDOW, this.clock.now() + delayMs, () => {
      void this.checkEnded().finally(() => void this.scheduleNext());
    });
  }

  private async scheduleNext(): Promise<void> {
    if (this.stopped || this.windows.dueAt(ENDED_WINDOW) !== undefined) return;
    let wait = CHECK_MAX_MS;
    try {
      const next = await this.competitions.nextEnd();
      if (next) wait = Math.min(wait, Math.max(0, new Date(next).getTime() - this.clock.now()) + 50);
    } catch {
      // The database is away: look again later.
    }
    if (this.windows.dueAt(ENDED_WINDOW) === undefined) this.schedule(wait);
  }

  /**
   * Celebrates every competition whose window has ended and that was not celebrated yet, once: the
   * UPDATE that sets `celebrated_at` decides (a restart, a second process or a second look finds it
   * set). Only the process that writes boards does it. Public for tests.
   */
  checkEnded(): Promise<void> {
    if (!this.checking) {
      this.checking = this.celebrateEnded()
        .catch((error: unknown) =>
          this.logger.warn(
            `Competition check failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => {
          this.checking = null;
        });
    }
    return this.checking;
  }

  private async celebrateEnded(): Promise<void> {
    if (!this.scoring.isWriter) return;
    const due = await this.competitions.endedUncelebrated();
    if (due.length === 0) return;
    // Every event that reached this process before the end is in the standings.
    await this.scoring.settled();
    await this.scoring.refreshTeamNames();
    const now = this.clock.now();
    for (const row of due) {
      if (!this.scoring.competition(row.id)) continue;
      const leaders = this.leaders(row.id);
      const winner = winnerName(leaders);
      const claimed = await this.competitions.claimCelebration(row.id, winner);
      if (!claimed) continue;
      const to = new Date(row.to_at).getTime();
      const celebration = winnerCelebration(
        { id: row.id, name: row.name, to },
        leaders,
        now,
        CELEBRATION_GRACE_MS,
      );
      if (celebration) this.live.celebrateCompetition(celebration);
    }
  }
}
