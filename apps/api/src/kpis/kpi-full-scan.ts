/**
 * The KPI aggregates of a window read from the ledger itself (every event of the window, all
 * outcome history for the stock and the pipeline): what `GET /api/kpis` read before the rollups,
 * kept as the reference the rollups are property-tested and benchmarked against, and as the answer
 * when the period bounds are not midnights of the rollups' zone.
 */
import type { KpiWindowAggregates } from '@leaderboard/scoring';
import type { EntityManager } from 'typeorm';
import { pipelinesAt, stockBefore } from './kpi-balance-queries.js';
import { windowCounters, windowOutcomeGroups } from './kpi-window-queries.js';

/** `bounds` b0 < ... < bN (bucket i is [b_i, b_i+1)). */
export async function fullScanAggregates(
  db: EntityManager,
  bounds: Date[],
  currency: string,
): Promise<KpiWindowAggregates> {
  const [counters, stock0, pipelines] = await Promise.all([
    windowCounters(db, bounds, currency).then(async (c) => {
      await windowOutcomeGroups(db, bounds, currency, c);
      return c;
    }),
    stockBefore(db, bounds[0] as Date, currency),
    pipelinesAt(db, bounds.slice(1), currency),
  ]);
  return { counters, stock0, pipelines };
}
