/**
 * Closing a month: the figures frozen into its snapshot, their canonical form (hashed by the API),
 * and the difference between a snapshot and what the engine computes now (adjustments).
 */
import type { ClosedRow } from '@leaderboard/contracts';
import { rankRows } from '@leaderboard/contracts';
import type { ScoringEngine } from './engine.js';
import { milliToPoints } from './milli.js';
import { tierFor } from './stats.js';

/** One event of the month with the milli-points it earned (0 for voids, voided and capped-out ones). */
export interface ClosedEventAward {
  eventId: string;
  source: string;
  externalId: string;
  type: string;
  repId: string;
  occurredAt: number;
  milliPoints: number;
  voided: boolean;
}

export interface ClosedFigures {
  periodKey: string;
  from: number;
  to: number;
  currency: string;
  /** Id of the rule set version in effect at the last instant of the month. */
  ruleSetId: string;
  rows: ClosedRow[];
  /** Sorted by event id. */
  events: ClosedEventAward[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The figures of the month containing `at`, as the engine has them now: every rep who is active or
 * has an event in the month, ranked by month milli-points; the tier from the tier period containing
 * the month's last instant (the board's tier at the end of the month), paid when that tier period
 * ends with this month.
 */
export type MonthSource = Pick<
  ScoringEngine,
  'periodAt' | 'timeline' | 'repProfiles' | 'breakdown' | 'stats'
>;

export function monthFigures(engine: MonthSource, at: number): ClosedFigures {
  const month = engine.periodAt('month', at);
  const last = month.to - 1;
  const rs = engine.timeline.at(last);
  const events: ClosedEventAward[] = [];
  const base: Array<Omit<ClosedRow, 'rank'>> = [];
  for (const profile of engine.repProfiles()) {
    const breakdown = engine.breakdown(profile.id, 'month', at);
    if (!profile.active && breakdown.lineItems.length === 0) continue;
    for (const item of breakdown.lineItems) {
      events.push({
        eventId: item.eventId,
        source: item.source,
        externalId: item.externalId,
        type: item.type,
        repId: profile.id,
        occurredAt: Date.parse(item.occurredAt),
        milliPoints: item.milliPoints,
        voided: item.voided || item.type === 'void',
      });
    }
    const tierStats = engine.stats(profile.id, rs.tierPeriod, last);
    const tier = tierFor(rs.tiers, tierStats.milliPoints, tierStats);
    const pays = engine.periodAt(rs.tierPeriod, last).to === month.to;
    base.push({
      repId: profile.id,
      key: profile.key,
      name: profile.name,
      teamId: profile.teamId,
      milliPoints: breakdown.milliPoints,
      points: milliToPoints(breakdown.milliPoints),
      tier: tier ? tier.name : null,
      payout: tier && pays ? tier.payout : 0,
    });
  }
  events.sort((a, b) => cmp(a.eventId, b.eventId) || cmp(a.source, b.source));
  return {
    periodKey: month.periodKey,
    from: month.from,
    to: month.to,
    currency: rs.document.currency,
    ruleSetId: rs.id,
    rows: rankRows(base).map((r) => ({
      repId: r.repId,
      key: r.key,
      name: r.name,
      teamId: r.teamId,
      milliPoints: r.milliPoints,
      points: r.points,
      rank: r.rank,
      tier: r.tier,
      payout: r.payout,
    })),
    events,
  };
}

/**
 * The canonical text of frozen figures (fixed key order, rows by rank order, events by id): equal
 * figures give equal text, so its hash identifies a snapshot's content.
 */
export function canonicalFigures(f: ClosedFigures): string {
  return JSON.stringify([
    f.periodKey,
    f.from,
    f.to,
    f.currency,
    f.ruleSetId,
    f.rows.map((r) => [r.repId, r.key, r.name, r.teamId, r.milliPoints, r.rank, r.tier, r.payout]),
    f.events.map((e) => [e.eventId, e.source, e.externalId, e.repId, e.occurredAt, e.milliPoints, e.voided]),
  ]);
}

/** What a rep's closed month already accounts for: the snapshot plus adjustments carried since. */
export interface AccountedRep {
  milliPoints: number;
  payout: number;
  tier: string | null;
  /** Event id -> milli-points accounted for. */
  events: ReadonlyMap<string, number>;
}

export interface PendingAdjustment {
  repId: string;
  deltaMilliPoints: number;
  deltaPayout: number;
  tierBefore: string | null;
  tierNow: string | null;
  /** Events whose award differs from what is accounted for. */
  causes: Array<{ event: ClosedEventAward; previousMilliPoints: number }>;
}

/**
 * Per rep, the difference between the month as computed now and what is accounted for (snapshot +
 * carried adjustments): points, payout and the events whose award changed. Reps with no difference
 * are left out; the payout of `now` decides the tier (same month-end rule set as the snapshot).
 */
export function pendingAdjustments(
  accounted: ReadonlyMap<string, AccountedRep>,
  now: ClosedFigures,
): PendingAdjustment[] {
  const nowRows = new Map(now.rows.map((r) => [r.repId, r]));
  const nowEvents = new Map<string, ClosedEventAward[]>();
  for (const e of now.events) {
    const list = nowEvents.get(e.repId);
    if (list) list.push(e);
    else nowEvents.set(e.repId, [e]);
  }
  const repIds = [...new Set([...accounted.keys(), ...nowRows.keys()])].sort(cmp);
  const out: PendingAdjustment[] = [];
  for (const repId of repIds) {
    const before = accounted.get(repId) ?? {
      milliPoints: 0,
      payout: 0,
      tier: null,
      events: new Map<string, number>(),
    };
    const row = nowRows.get(repId);
    const milliNow = row?.milliPoints ?? 0;
    const payoutNow = row?.payout ?? 0;
    const causes: PendingAdjustment['causes'] = [];
    for (const e of nowEvents.get(repId) ?? []) {
      const previous = before.events.get(e.eventId) ?? 0;
      if (previous !== e.milliPoints || !before.events.has(e.eventId))
        causes.push({ event: e, previousMilliPoints: previous });
    }
    const deltaMilliPoints = milliNow - before.milliPoints;
    const deltaPayout = payoutNow - before.payout;
    const tierNow = row?.tier ?? null;
    if (deltaMilliPoints === 0 && deltaPayout === 0 && tierNow === before.tier && causes.length === 0)
      continue;
    out.push({ repId, deltaMilliPoints, deltaPayout, tierBefore: before.tier, tierNow, causes });
  }
  return out;
}
