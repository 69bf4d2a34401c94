/**
 * What stands at an instant rather than happens in a bucket: the customer stock before the
 * window and the open pipeline at each bucket's end, per rep.
 */
import { emptyStock, type KpiPipeline, type KpiStock } from '@leaderboard/scoring';
import type { EntityManager } from 'typeorm';
import { LIVE_EVENTS, addAmount, num, numberAttribute as n, textAttribute as s } from './kpi-sql.js';

export interface StockRow {
  rep_id: string;
  cur: string;
  new_customers: string;
  churned: string;
  new_mrr: string | null;
  expansion_mrr: string | null;
  churned_mrr: string | null;
}

/** Per rep: the customer base at `at` (every live won deal and churn before it). */
export async function stockBefore(
  db: EntityManager,
  at: Date,
  currency: string,
): Promise<Map<string, KpiStock>> {
  const rows = await db.query<StockRow[]>(
    `WITH live AS (
       SELECT e.rep_id, e.type, e.attributes AS a FROM events e
       WHERE e.occurred_at < $1 AND e.type IN ('deal_won', 'customer_churned') AND ${LIVE_EVENTS}
     ), typed AS (
       SELECT live.*, COALESCE(${s('currency')}, $2) AS cur,
              CASE WHEN type = 'deal_won' THEN COALESCE(${s('kind')}, 'new') END AS kind
       FROM live
     )
     SELECT rep_id, cur,
       count(*) FILTER (WHERE kind = 'new') AS new_customers,
       count(*) FILTER (WHERE type = 'customer_churned') AS churned,
       sum(${n('mrr')}) FILTER (WHERE kind = 'new') AS new_mrr,
       sum(${n('mrr')}) FILTER (WHERE kind = 'expansion') AS expansion_mrr,
       sum(${n('mrr')}) FILTER (WHERE type = 'customer_churned') AS churned_mrr
     FROM typed GROUP BY rep_id, cur`,
    [at, currency],
  );
  return stockFromRows(rows);
}

/** Per rep: the stock of rows per (rep, currency) (the full scan's or the rollups'). */
export function stockFromRows(rows: readonly StockRow[]): Map<string, KpiStock> {
  const out = new Map<string, KpiStock>();
  for (const r of rows) {
    let st = out.get(r.rep_id);
    if (!st) out.set(r.rep_id, (st = emptyStock()));
    st.customers += num(r.new_customers) - num(r.churned);
    const mrr = num(r.new_mrr) + num(r.expansion_mrr) - num(r.churned_mrr);
    if (r.new_mrr !== null || r.expansion_mrr !== null || r.churned_mrr !== null) {
      st.mrr[r.cur] = (st.mrr[r.cur] ?? 0) + mrr;
    }
    if (r.expansion_mrr !== null) addAmount(st.expansionMrr, r.cur, r.expansion_mrr);
  }
  return out;
}

interface PipelineRow {
  i: string;
  rep_id: string;
  cur: string;
  n: string;
  amount: string | null;
}

/**
 * Per instant of `ends` (index i) and rep: opportunities with a `dealId` created before it and not
 * won or lost before it.
 */
export async function pipelinesAt(
  db: EntityManager,
  ends: Date[],
  currency: string,
): Promise<Map<number, Map<string, KpiPipeline>>> {
  const last = ends[ends.length - 1];
  const rows = await db.query<PipelineRow[]>(
    `WITH opps AS (
       SELECT e.rep_id, e.occurred_at AS opened, e.attributes->>'dealId' AS deal,
              COALESCE(CASE WHEN jsonb_typeof(e.attributes->'currency') = 'string' AND e.attributes->>'currency' <> ''
                            THEN e.attributes->>'currency' END, $2) AS cur,
              CASE WHEN jsonb_typeof(e.attributes->'amount') = 'number' THEN (e.attributes->>'amount')::numeric ELSE 0 END AS amount
       FROM events e
       WHERE e.type = 'opportunity_created' AND e.occurred_at < $3 AND ${LIVE_EVENTS}
         AND jsonb_typeof(e.attributes->'dealId') = 'string' AND e.attributes->>'dealId' <> ''
     ), closes AS (
       SELECT e.attributes->>'dealId' AS deal, min(e.occurred_at) AS closed
       FROM events e
       WHERE e.type IN ('deal_won', 'deal_lost') AND e.occurred_at < $3 AND ${LIVE_EVENTS}
         AND jsonb_typeof(e.attributes->'dealId') = 'string'
       GROUP BY 1
     )
     SELECT t.i, o.rep_id, o.cur, count(*) AS n, sum(o.amount) AS amount
     FROM opps o
     LEFT JOIN closes c ON c.deal = o.deal
     JOIN unnest($1::timestamptz[]) WITH ORDINALITY AS t(at, i)
       ON o.opened < t.at AND (c.closed IS NULL OR c.closed >= t.at)
     GROUP BY 1, 2, 3`,
    [ends, currency, last],
  );
  const out = new Map<number, Map<string, KpiPipeline>>();
  for (const r of rows) {
    const i = Number(r.i) - 1;
    let reps = out.get(i);
    if (!reps) out.set(i, (reps = new Map()));
    let p = reps.get(r.rep_id);
    if (!p) reps.set(r.rep_id, (p = { count: 0, amount: {} }));
    p.count += num(r.n);
    addAmount(p.amount, r.cur, r.amount ?? 0);
  }
  return out;
}
