import type { Period } from '@leaderboard/contracts';
import { replay, type RepProfile, type ScoringEngine } from '@leaderboard/scoring';
import { boardKey, instantInside } from './period-keys.js';
import {
  diffProjection,
  readProjection,
  writeProjection,
  type ProjectionDifference,
  type StoredTotal,
} from './projection-store.js';
import { loadReps, loadScoredEvents, loadVersions, type Sql } from './scoring-data.js';

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

/** The oldest transaction still running: every `tx` below it has finished. */
export async function ledgerHorizon(sql: Sql): Promise<bigint> {
  const rows = await sql.query<Array<{ xmin: string }>>(
    'SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin',
  );
  return BigInt(rows[0].xmin);
}

/** A fresh engine from the ledger: published versions, reps and every scorable event. */
export async function replayLedger(sql: Sql): Promise<ReplayResult> {
  const cursor = await ledgerHorizon(sql);
  const [versions, reps, events] = await Promise.all([
    loadVersions(sql),
    loadReps(sql),
    loadScoredEvents(sql),
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
export async function reconcileProjection(sql: Sql, engine: ScoringEngine): Promise<ReconcileResult> {
  const before = await readProjection(sql);
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
  await writeProjection(sql, fixes, [...keys]);
  const byKey = new Map(before.map((s) => [`${s.repId}|${s.period}|${s.periodKey}`, s]));
  for (const fix of fixes) byKey.set(`${fix.repId}|${fix.period}|${fix.periodKey}`, fix);
  return { differences, stored: [...byKey.values()] };
}
