/**
 * The full scan of `GET /api/kpis` (the reference the rollups are tested and benchmarked against,
 * and the answer when the rollups' days do not fit the period bounds): GROUP BY over the ledger
 * per (period bucket, rep, currency),
 * producing the same counters `aggregateKpiEvents` (libs/scoring) computes from an event list.
 * Only aggregates leave the database: a few hundred rows for 100 reps x 12 months. Two passes per
 * window: every live event (`windowCounters`), then the outcome events only (`windowOutcomeGroups`).
 *
 * `bounds` are the period boundaries `b0 < b1 < ... < bN`; bucket i is `[b_i, b_{i+1})`.
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

export interface CounterRow {
  b: number;
  rep_id: string;
  cur: string;
  calls: string;
  emails: string;
  emails_open_known: string;
  emails_opened: string;
  emails_replied: string;
  opportunities: string;
  demos_booked: string;
  leads_responded: string;
  response_seconds: Array<string | number> | null;
  conversions: string;
  conversions_timed: string;
  conversion_seconds: string | null;
  mqls: string;
  mqls_to_sql: string;
  deals_won: string;
  won_amount: string | null;
  won_deals_in_cur: string;
  new_customers: string;
  repeat_deals: string;
  new_mrr: string | null;
  new_mrr_deals: string;
  expansion_mrr: string | null;
  expansion_mrr_deals: string;
  margin_revenue: string | null;
  margin: string | null;
  margin_deals: string;
  revenue_without_margin: string | null;
  no_margin_deals: string;
  call_deals: string;
  script_deals: string;
  churned: string;
  churned_mrr: string | null;
  churned_mrr_events: string;
}

/**
 * Counters of every live event with `occurredAt` in `[bounds[0], bounds[last])`, per bucket, rep
 * and currency: one pass over the window (the BRIN index on occurred_at bounds it).
 */
export async function windowCounters(
  db: EntityManager,
  bounds: Date[],
  currency: string,
): Promise<BucketCounters> {
  const rows = await db.query<CounterRow[]>(
    `WITH live AS (
       SELECT e.rep_id, e.type, e.occurred_at, e.attributes AS a,
              width_bucket(e.occurred_at, $1::timestamptz[]) - 1 AS b
       FROM events e
       WHERE e.occurred_at >= $2 AND e.occurred_at < $3 AND ${LIVE_EVENTS}
     ), typed AS (
       SELECT live.*, COALESCE(${s('currency')}, $4) AS cur,
              CASE WHEN type IN ('lead_responded', 'lead_qualified')
                   THEN floor(extract(epoch FROM occurred_at - kpi_instant(${s('leadCreatedAt')})))::bigint
              END AS since_raw,
              CASE WHEN type = 'deal_won' THEN COALESCE(${s('kind')}, 'new') END AS kind,
              CASE WHEN type = 'lead_qualified' THEN ${s('to')} END AS q_to
       FROM live
     ), timed AS (
       -- GREATEST ignores NULL: keep "no leadCreatedAt" NULL, not 0.
       SELECT typed.*, CASE WHEN since_raw IS NOT NULL THEN GREATEST(0, since_raw) END AS since_lead FROM typed
     )
     SELECT b, rep_id, cur,
       count(*) FILTER (WHERE type = 'call') AS calls,
       count(*) FILTER (WHERE type = 'email') AS emails,
       count(*) FILTER (WHERE type = 'email' AND jsonb_typeof(a->'opened') = 'boolean') AS emails_open_known,
       count(*) FILTER (WHERE type = 'email' AND a->'opened' = 'true'::jsonb) AS emails_opened,
       count(*) FILTER (WHERE type = 'email' AND a->'replied' = 'true'::jsonb) AS emails_replied,
       count(*) FILTER (WHERE type = 'opportunity_created') AS opportunities,
       count(*) FILTER (WHERE type = 'demo_booked') AS demos_booked,
       count(*) FILTER (WHERE type = 'lead_responded') AS leads_responded,
       array_agg(since_lead) FILTER (WHERE type = 'lead_responded' AND since_lead IS NOT NULL) AS response_seconds,
       count(*) FILTER (WHERE type = 'lead_qualified' AND (q_to IS NULL OR q_to = 'sql')) AS conversions,
       count(*) FILTER (WHERE type = 'lead_qualified' AND (q_to IS NULL OR q_to = 'sql') AND since_lead IS NOT NULL) AS conversions_timed,
       sum(since_lead) FILTER (WHERE type = 'lead_qualified' AND (q_to IS NULL OR q_to = 'sql')) AS conversion_seconds,
       count(*) FILTER (WHERE type = 'lead_qualified' AND q_to = 'mql') AS mqls,
       count(*) FILTER (WHERE type = 'lead_qualified' AND q_to = 'sql' AND ${s('from')} = 'mql') AS mqls_to_sql,
       count(*) FILTER (WHERE type = 'deal_won') AS deals_won,
       sum(COALESCE(${n('amount')}, 0)) FILTER (WHERE type = 'deal_won') AS won_amount,
       count(*) FILTER (WHERE type = 'deal_won') AS won_deals_in_cur,
       count(*) FILTER (WHERE kind = 'new') AS new_customers,
       count(*) FILTER (WHERE kind IN ('repeat', 'renewal', 'expansion')) AS repeat_deals,
       sum(${n('mrr')}) FILTER (WHERE kind = 'new') AS new_mrr,
       count(${n('mrr')}) FILTER (WHERE kind = 'new') AS new_mrr_deals,
       sum(${n('mrr')}) FILTER (WHERE kind = 'expansion') AS expansion_mrr,
       count(${n('mrr')}) FILTER (WHERE kind = 'expansion') AS expansion_mrr_deals,
       sum(COALESCE(${n('amount')}, 0)) FILTER (WHERE type = 'deal_won' AND ${n('margin')} IS NOT NULL) AS margin_revenue,
       sum(${n('margin')}) FILTER (WHERE type = 'deal_won') AS margin,
       count(${n('margin')}) FILTER (WHERE type = 'deal_won') AS margin_deals,
       sum(COALESCE(${n('amount')}, 0)) FILTER (WHERE type = 'deal_won' AND ${n('margin')} IS NULL) AS revenue_without_margin,
       count(*) FILTER (WHERE type = 'deal_won' AND ${n('margin')} IS NULL) AS no_margin_deals,
       count(*) FILTER (WHERE type = 'deal_won' AND ${s('channel')} = 'call') AS call_deals,
       count(*) FILTER (WHERE type = 'deal_won' AND ${s('channel')} = 'call' AND a->'scriptFollowed' = 'true'::jsonb) AS script_deals,
       count(*) FILTER (WHERE type = 'customer_churned') AS churned,
       sum(${n('mrr')}) FILTER (WHERE type = 'customer_churned') AS churned_mrr,
       count(${n('mrr')}) FILTER (WHERE type = 'customer_churned') AS churned_mrr_events
     FROM timed
     GROUP BY b, rep_id, cur`,
    [bounds, bounds[0], bounds[bounds.length - 1], currency],
  );
  return addCounterRows(rows, new Map());
}

/** Adds counter rows (per bucket, rep and currency; the full scan's or the rollups') into `out`. */
export function addCounterRows(rows: readonly CounterRow[], out: BucketCounters): BucketCounters {
  for (const r of rows) {
    const c = countersOf(out, Number(r.b), r.rep_id);
    const cur = r.cur;
    c.calls += num(r.calls);
    c.emails += num(r.emails);
    c.emailsOpenKnown += num(r.emails_open_known);
    c.emailsOpened += num(r.emails_opened);
    c.emailsReplied += num(r.emails_replied);
    c.opportunities += num(r.opportunities);
    c.demosBooked += num(r.demos_booked);
    c.leadsResponded += num(r.leads_responded);
    for (const sec of r.response_seconds ?? []) c.responseSeconds.push(Number(sec));
    c.conversions += num(r.conversions);
    c.conversionsTimed += num(r.conversions_timed);
    c.conversionSeconds += num(r.conversion_seconds);
    c.mqls += num(r.mqls);
    c.mqlsToSql += num(r.mqls_to_sql);
    c.dealsWon += num(r.deals_won);
    if (num(r.won_deals_in_cur) > 0) addAmount(c.wonAmount, cur, r.won_amount);
    c.newCustomers += num(r.new_customers);
    c.repeatDeals += num(r.repeat_deals);
    if (num(r.new_mrr_deals) > 0) addAmount(c.newMrr, cur, r.new_mrr);
    if (num(r.expansion_mrr_deals) > 0) addAmount(c.expansionMrr, cur, r.expansion_mrr);
    if (num(r.margin_deals) > 0) {
      addAmount(c.marginRevenue, cur, r.margin_revenue);
      addAmount(c.margin, cur, r.margin);
    }
    if (num(r.no_margin_deals) > 0) addAmount(c.revenueWithoutMargin, cur, r.revenue_without_margin);
    c.callDeals += num(r.call_deals);
    c.scriptDeals += num(r.script_deals);
    c.churned += num(r.churned);
    if (num(r.churned_mrr_events) > 0) addAmount(c.churnedMrr, cur, r.churned_mrr);
  }
  return out;
}

export interface GroupRow {
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
 * at or before it, else its `openedAt`). Outcome events only: the partial index on outcome types
 * serves it.
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
       -- cycle starts at the first opportunity of the deal at or before the won deal.
       SELECT live.b, live.rep_id, COALESCE(${s('currency')}, $4) AS cur, COALESCE(${n('amount')}, 0) AS amount,
              COALESCE(${s('channel')}, 'unknown') AS channel,
              ${s('region')} AS region,
              COALESCE(${s('product')}, 'unknown') AS product,
              floor(extract(epoch FROM live.occurred_at - COALESCE(
                CASE WHEN o.at <= live.occurred_at THEN o.at END,
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
  addGroupRows(rows, into, currency);
}

/** Adds outcome group rows (the full scan's or the rollups') into `into`. */
export function addGroupRows(rows: readonly GroupRow[], into: BucketCounters, currency: string): void {
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
