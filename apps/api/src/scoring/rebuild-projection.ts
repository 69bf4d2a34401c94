import type { Period } from '@leaderboard/contracts';
import { replay, type RepProfile, type ScoringEngine } from '@leaderboard/scoring';
import { boardKey, instantInside } from './period-keys.js';
import type { LedgerRepository } from '../repositories/ledger.repository.js';
import type { ProjectionRepository, StoredTotal } from '../repositories/projection.repository.js';
import type { RepsRepository } from '../repositories/reps.repository.js';
import type { RuleSetsRepository } from '../repositories/rule-sets.repository.js';
import { diffProjection, type ProjectionDifference } from './projection-store.js';

/** Where a replay reads the ledger, the reps and the published rule sets. */
export interface ReplaySources {
  ledger: LedgerRepository;
  reps: RepsRepository;
  ruleSets: RuleSetsRepository;
}

export interface ReplayResult {
  engine: ScoringEngine;
  reps: RepProfile[];
  events: number;
  /**
   * Every ledger row with `tx` below this was visible to the replay; rows at or above it may not
   * have been (see `events.tx`): where following the ledger resumes.
   */
  cursor: bigint;
}

/** A fresh engine from the ledger: published versions, reps and every scorable event. */
export async function replayLedger(sources: ReplaySources): Promise<ReplayResult> {
  const cursor = await sources.ledger.horizon();
  const [versions, reps, events] = await Promise.all([
    sources.ruleSets.publishedVersions(),
    sources.reps.profiles(),
    sources.ledger.scoredEvents(),
  ]);
  return { engine: replay({ versions, reps }, events), reps, events: events.length, cursor };
}

export interface ReconcileResult {
  differences: ProjectionDifference[];
  /** The projection as stored after the fix. */
  stored: StoredTotal[];
}

/**
 * Compares `board_totals` with the engine and fixes every difference with one upsert, bumping
 * the sequence of each board that changed. Used at start-up, after a publish and by `npm run rebuild`.
 */
export async function reconcileProjection(
  projection: ProjectionRepository,
  engine: ScoringEngine,
): Promise<ReconcileResult> {
  const before = await projection.read();
  const differences = diffProjection(before, engine.projection());
  const fixes: StoredTotal[] = differences.map((d) => ({
    repId: d.repId,
    period: d.period,
    periodKey: d.periodKey,
    milliPoints: d.computed,
  }));
  const keys = new Set<string>();
  for (const d of differences) {
    const at = instantInside(d.period as Period, d.periodKey);
    if (at === null) continue;
    for (const scope of engine.scopesOf(d.repId, at))
      keys.add(boardKey(d.period as Period, d.periodKey, scope));
  }
  await projection.write(fixes, [...keys]);
  const byKey = new Map(before.map((s) => [`${s.repId}|${s.period}|${s.periodKey}`, s]));
  for (const fix of fixes) byKey.set(`${fix.repId}|${fix.period}|${fix.periodKey}`, fix);
  return { differences, stored: [...byKey.values()] };
}
