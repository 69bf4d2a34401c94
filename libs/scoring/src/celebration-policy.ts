/**
 * Who is celebrated on the TVs after a batch of events reached the engine (SPEC 7): a `deal_won`
 * of today that earned points, and a rep reaching a higher tier in the current tier period. A rep
 * whose pattern says overload (SPEC 6) is never cheered for working outside their hours.
 */
import type { Celebration } from '@leaderboard/contracts';
import { isOverloaded } from './burnout.js';
import type { EngineChange, ScoringEvent } from './engine-api.js';
import type { ScoringEngine } from './engine.js';
import { isActivityType } from './score.js';

/**
 * Whether a rep's pattern says overload, by rep, for the local day it was worked out on. Only
 * activity (and voids) moves the flags, and a rebuild starts over, so a run of won deals does not
 * recompute the rep's month of line items for every one.
 */
export class OverloadMemo {
  private readonly flags = new Map<string, { day: number; flagged: boolean }>();

  /** Events reached the engine: the reps whose activity changed are worked out again. */
  forget(events: readonly ScoringEvent[]): void {
    for (const event of events) {
      if (event.type === 'void' || isActivityType(event.type)) this.flags.delete(event.repId);
    }
  }

  clear(): void {
    this.flags.clear();
  }

  flagged(engine: ScoringEngine, repId: string, now: number): boolean {
    const day = engine.calendar.tz.dayNumberAt(now);
    let known = this.flags.get(repId);
    if (known?.day !== day) {
      known = { day, flagged: isOverloaded(engine, repId, now) };
      this.flags.set(repId, known);
    }
    return known.flagged;
  }
}

/**
 * The celebrations a change earns, in order: each won deal of today with points, then each rep
 * whose tier went up with an event of theirs in the current tier period. `overloaded` tells
 * whether a rep's pattern says overload now (see OverloadMemo).
 */
export function celebrationsOf(
  engine: ScoringEngine,
  events: readonly ScoringEvent[],
  change: EngineChange,
  now: number,
  overloaded: (repId: string) => boolean,
): Celebration[] {
  // Most batches are activity: nothing to look up for them (this runs on every ingest).
  if (change.tierChanges.length === 0 && !events.some((event) => event.type === 'deal_won')) return [];
  const out: Celebration[] = [];
  const today = engine.periodAt('today', now);
  const ruleSet = engine.timeline.at(now);
  const quietLate = (repId: string, at: number): boolean =>
    !engine.isWorkingTime(repId, at) && overloaded(repId);
  for (const event of events) {
    if (event.type !== 'deal_won' || event.occurredAt < today.from || event.occurredAt >= today.to) continue;
    if (engine.awardedOf(event.source, event.externalId) <= 0) continue;
    if (quietLate(event.repId, event.occurredAt)) continue;
    const rep = engine.repProfile(event.repId);
    if (!rep) continue;
    const amount = event.attributes['amount'];
    const currency = event.attributes['currency'];
    out.push({
      kind: 'deal_won',
      repId: rep.id,
      name: rep.name,
      teamId: rep.teamId,
      ...(typeof amount === 'number' ? { amount } : {}),
      currency: typeof currency === 'string' ? currency : ruleSet.document.currency,
      at: new Date(event.occurredAt).toISOString(),
    });
  }
  const tierPeriod = engine.periodAt(ruleSet.tierPeriod, now);
  const order = ruleSet.tiers.map((tier) => tier.name);
  for (const { repId, from, to } of change.tierChanges) {
    if (to === null || (from !== null && order.indexOf(to) <= order.indexOf(from))) continue;
    const own = events.filter(
      (e) => e.repId === repId && e.occurredAt >= tierPeriod.from && e.occurredAt < tierPeriod.to,
    );
    const rep = engine.repProfile(repId);
    if (own.length === 0 || !rep) continue;
    // Reached only through after-hours events of an overloaded rep: not for the TV.
    if (own.every((e) => quietLate(repId, e.occurredAt))) continue;
    out.push({
      kind: 'tier',
      repId,
      name: rep.name,
      teamId: rep.teamId,
      tier: to,
      at: new Date(now).toISOString(),
    });
  }
  return out;
}
