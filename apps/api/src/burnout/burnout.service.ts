import { Injectable } from '@nestjs/common';
import type { BurnoutResponse } from '@leaderboard/contracts';
import { BURNOUT_LOOKBACK_DAYS, burnoutReport, parseDayKey, type BurnoutRange } from '@leaderboard/scoring';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { ScoringService } from '../scoring/scoring.service.js';

/** Longest window one request may ask for, in days. */
export const BURNOUT_MAX_DAYS = 92;
/** Days shown when `from` is not given (two weeks ending `to`). */
export const BURNOUT_DEFAULT_DAYS = 14;

function invalid(path: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `${path} ${message}`, [{ path, message }]);
}

/**
 * The burnout guard (SPEC 6) read from the scoring engine (or, for days rolled out of memory, one
 * scored from the ledger): no table of its own.
 */
@Injectable()
export class BurnoutService {
  constructor(
    private readonly scoring: ScoringService,
    private readonly clock: Clock,
  ) {}

  /** Every active rep (optionally one team) over the window. */
  async report(window: { from?: string; to?: string }, teamId?: string): Promise<BurnoutResponse> {
    const range = this.range(window);
    const engine = await this.scoring.engineFrom(range.fromDay - BURNOUT_LOOKBACK_DAYS);
    return burnoutReport(engine, range, { teamId });
  }

  /** One rep (active or not) over the window; 404 for an unknown rep. */
  async forRep(repId: string, window: { from?: string; to?: string }): Promise<BurnoutResponse> {
    if (!this.scoring.engine.repProfile(repId)) throw new DomainError('NOT_FOUND', `Rep ${repId} not found`);
    const range = this.range(window);
    const engine = await this.scoring.engineFrom(range.fromDay - BURNOUT_LOOKBACK_DAYS);
    return burnoutReport(engine, range, { repIds: [repId] });
  }

  /** `from`/`to` (inclusive local dates) -> days `[fromDay, toDay)`, with today in progress. */
  private range(window: { from?: string; to?: string }): BurnoutRange {
    const today = this.scoring.engine.calendar.tz.dayNumberAt(this.clock.now());
    const last = window.to === undefined ? today : parseDayKey(window.to);
    if (last === null) throw invalid('to', 'is not a calendar date');
    const first = window.from === undefined ? last - BURNOUT_DEFAULT_DAYS + 1 : parseDayKey(window.from);
    if (first === null) throw invalid('from', 'is not a calendar date');
    if (first > last) throw invalid('to', 'must not be before from');
    if (last - first + 1 > BURNOUT_MAX_DAYS)
      throw invalid('from', `the window is at most ${BURNOUT_MAX_DAYS} days`);
    return { fromDay: first, toDay: last + 1, today };
  }
}
