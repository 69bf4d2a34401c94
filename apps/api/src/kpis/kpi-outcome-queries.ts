/**
 * Won deals by group, the stage funnel and sales cycles per (bucket, rep): the outcome events
 * only, through the partial index on outcome types. Bounds as in kpi-counter-queries.ts.
 */
import { REP_REGION, type GroupTotals } from '@leaderboard/scoring';
import type { EntityManager } from 'typeorm';
import {
  LIVE_EVENTS,
  OUTCOME_TYPES,
  addAmount,
  countersOf,
  num,
  numberAttribute as n,
  textAttribute as s,
  type BucketCounters,
} from './kpi-sql.js';

interface GroupRow {
  b: number;
  rep_id: string;
  dim: 'channel' | 'region' | 'product' | 'entered' | 'advanced' | 'cycle';
  key: string | null;
  cur: string | null;
  n: string;
  amount: string | null;
}

/**
 * Won deals by channel, region (the deal's, else REP_REGION: the rep's, see `withRepRegion`) and
 * product; the stage funnel; sales cycles (won deal minus the first opportunity of its `dealId`
 * before the end of its bucket, else its `openedAt`). Outcome events only: the partial index on
 * outcome types serves it. A bucket's figures depend on nothing outside the bucket but the
 * opportunities before its end, so a bucket computed alone equals the same bucket of a longer window.
 */
export async function windowOutcomeGroups(
  db: EntityManager,
  bounds: Date[],
  currency: string,
  into: BucketCounters,
): Promise<void> {
  const rows = await db.query<GroupRow[]>(
    `WITH live AS (
       SELECT e.rep_id, e.type, e.occurred_at, e.attributes AS a,
              width_bucket(e.occurred_at, $1::timestamptz[]) - 1 AS b
       FROM events e
       WHERE e.occurred_at >= $2 AND e.occurred_at < $3 AND e.type IN ${OUTCOME_TYPES} AND ${LIVE_EVENTS}
     ), won_deals AS (
       SELECT DISTINCT ${s('dealId')} AS deal FROM live WHERE type = 'deal_won'
     ), opened AS (
       SELECT ${s('dealId')} AS deal, min(e.occurred_at) AS at
       FROM events e, LATERAL (SELECT e.attributes AS a) x
       WHERE e.type = 'opportunity_created' AND e.occurred_at < $3
         AND ${s('dealId')} IN (SELECT deal FROM won_deals) AND ${LIVE_EVENTS}
       GROUP BY 1
     ), won AS (
       -- A deal without a region is the rep's (REP_REGION, resolved when the figures are read). The
       -- cycle starts at the first opportunity of the deal before the end of the won deal's bucket.
       SELECT live.b, live.rep_id, COALESCE(${s('currency')}, $4) AS cur, COALESCE(${n('amount')}, 0) AS amount,
              COALESCE(${s('channel')}, 'unknown') AS channel,
              ${s('region')} AS region,
              COALESCE(${s('product')}, 'unknown') AS product,
              floor(extract(epoch FROM live.occurred_at - COALESCE(
                CASE WHEN o.at < ($1::timestamptz[])[live.b + 2] THEN o.at END,
                kpi_instant(${s('openedAt')})))) AS cycle_raw
       FROM live
       LEFT JOIN opened o ON o.deal = ${s('dealId')}
       WHERE live.type = 'deal_won'
     )
     SELECT b, rep_id, 'channel' AS dim, channel AS key, cur, count(*) AS n, sum(amount) AS amount FROM won GROUP BY 1, 2, 4, 5
     UNION ALL
     SELECT b, rep_id, 'region', region, cur, count(*), sum(amount) FROM won GROUP BY 1, 2, 4, 5
     UNION ALL
     SELECT b, rep_id, 'product', product, cur, count(*), sum(amount) FROM won GROUP BY 1, 2, 4, 5
     UNION ALL
     SELECT b, rep_id, 'cycle', NULL, NULL, count(cycle_raw), sum(GREATEST(0, cycle_raw)) FROM won GROUP BY 1, 2
     UNION ALL
     SELECT b, rep_id, 'entered', CASE WHEN type = 'opportunity_created' THEN ${s('stage')} ELSE ${s('to')} END,
            NULL, count(*), NULL
     FROM live WHERE type IN ('opportunity_created', 'deal_stage_changed')
       AND (CASE WHEN type = 'opportunity_created' THEN ${s('stage')} ELSE ${s('to')} END) IS NOT NULL
     GROUP BY 1, 2, 4
     UNION ALL
     SELECT b, rep_id, 'advanced', ${s('from')}, NULL, count(*), NULL
     FROM live WHERE type = 'deal_stage_changed' AND ${s('from')} IS NOT NULL AND ${s('to')} IS NOT NULL
       AND ${s('to')} NOT IN ('lost', 'closed_lost')
     GROUP BY 1, 2, 4`,
    [bounds, bounds[0], bounds[bounds.length - 1], currency],
  );
  for (const r of rows) {
    const c = countersOf(into, Number(r.b), r.rep_id);
    const key = r.key ?? (r.dim === 'region' ? REP_REGION : '');
    switch (r.dim) {
      case 'entered':
        c.stageEntered[key] = (c.stageEntered[key] ?? 0) + num(r.n);
        break;
      case 'advanced':
        c.stageAdvanced[key] = (c.stageAdvanced[key] ?? 0) + num(r.n);
        break;
      case 'cycle':
        c.cyclesTimed += num(r.n);
        c.cycleSeconds += num(r.amount);
        break;
      default: {
        const groups: Record<string, GroupTotals> =
          r.dim === 'channel' ? c.byChannel : r.dim === 'region' ? c.byRegion : c.byProduct;
        const g = (groups[key] ??= { count: 0, amount: {} });
        g.count += num(r.n);
        addAmount(g.amount, r.cur ?? currency, r.amount);
      }
    }
  }
}

/** Won amount per rep and bucket (suggested targets): deal_won only, through the outcome index. */
export async function wonByBucket(
  db: EntityManager,
  bounds: Date[],
  currency: string,
): Promise<Array<{ b: number; repId: string; currency: string; amount: number }>> {
  const rows = await db.query<Array<{ b: number; rep_id: string; cur: string; amount: string }>>(
    `WITH live AS (
       SELECT e.rep_id, e.attributes AS a, width_bucket(e.occurred_at, $1::timestamptz[]) - 1 AS b
       FROM events e
       WHERE e.occurred_at >= $2 AND e.occurred_at < $3 AND e.type = 'deal_won' AND ${LIVE_EVENTS}
     )
     SELECT b, rep_id, COALESCE(${s('currency')}, $4) AS cur, sum(COALESCE(${n('amount')}, 0)) AS amount
     FROM live GROUP BY 1, 2, 3`,
    [bounds, bounds[0], bounds[bounds.length - 1], currency],
  );
  return rows.map((r) => ({ b: Number(r.b), repId: r.rep_id, currency: r.cur, amount: Number(r.amount) }));
}
