/**
 * The SQL fragments and row helpers shared by the KPI queries (kpi-window-queries.ts, kpi-balance-queries.ts): the attributes of
 * an event read as text or number, the "live event" condition, the bucket/rep map of counters.
 */
import { emptyCounters, type KpiCounters } from '@leaderboard/scoring';

/** A string attribute of `a`, or NULL (as `str()` of kpi-facts.ts: non-empty strings only). */
export const textAttribute = (name: string): string =>
  `(CASE WHEN jsonb_typeof(a->'${name}') = 'string' AND a->>'${name}' <> '' THEN a->>'${name}' END)`;
/** An integer attribute (amount, margin, mrr are validated as integers on ingest). */
export const numberAttribute = (name: string): string =>
  `(CASE WHEN jsonb_typeof(a->'${name}') = 'number' THEN (a->>'${name}')::numeric END)`;

/** Non-voided, non-void events attached to a rep. */
export const LIVE_EVENTS = `e.rep_id IS NOT NULL AND e.type <> 'void'
  AND NOT EXISTS (SELECT 1 FROM events v WHERE v.type = 'void'
                  AND v.voids_source = e.source AND v.voids_external_id = e.external_id)`;

export const OUTCOME_TYPES = `('opportunity_created', 'deal_stage_changed', 'deal_won', 'deal_lost', 'customer_churned')`;

/** One bucket, one rep: the counters of every currency (money per currency). */
export type BucketCounters = Map<number, Map<string, KpiCounters>>;

/** The counters of `repId` in `bucket`, created empty on first use. */
export function countersOf(map: BucketCounters, bucket: number, repId: string): KpiCounters {
  let reps = map.get(bucket);
  if (!reps) map.set(bucket, (reps = new Map()));
  let c = reps.get(repId);
  if (!c) reps.set(repId, (c = emptyCounters()));
  return c;
}

/** A numeric column (bigint and numeric arrive as text), NULL as 0. */
export const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

/** Adds a money column into `m` under `currency`; NULL (no such amount) adds nothing. */
export function addAmount(m: Record<string, number>, currency: string, v: unknown): void {
  if (v === null || v === undefined) return;
  m[currency] = (m[currency] ?? 0) + Number(v);
}
