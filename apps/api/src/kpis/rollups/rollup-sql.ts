/**
 * The SQL that computes KPI rollup rows from the ledger, for every key (a rebuild) or for a list of
 * (rep, local day) keys (the follower). The counters are those of `windowCounters` and
 * `windowOutcomeGroups` (kpi-window-queries.ts, the full-scan path), grouped by (rep, day,
 * currency attribute) instead of (bucket, rep, currency): summed over a bucket's days they are the
 * same figures.
 */
import { LIVE_EVENTS, numberAttribute as n, textAttribute as s } from '../kpi-sql.js';

/** Where rollup rows go: the tables, or a rebuild's temporary copies of them. */
export interface RollupTables {
  repDays: string;
  groups: string;
  pipeline: string;
  dealEvents: string;
  /** The sums of `repDays` and `groups` per local month (`day` = its first day). */
  repMonths: string;
  monthGroups: string;
}

export const ROLLUP_TABLES: RollupTables = {
  repDays: 'kpi_rep_days',
  groups: 'kpi_rep_day_groups',
  pipeline: 'kpi_rep_day_pipeline',
  dealEvents: 'kpi_deal_events',
  repMonths: 'kpi_rep_months',
  monthGroups: 'kpi_rep_month_groups',
};

/** The summable columns of `kpi_rep_days` (all but the key and the response times). */
const REP_DAY_SUMS = [
  'calls',
  'emails',
  'emails_open_known',
  'emails_opened',
  'emails_replied',
  'opportunities',
  'demos_booked',
  'leads_responded',
  'conversions',
  'conversions_timed',
  'conversion_seconds',
  'mqls',
  'mqls_to_sql',
  'deals_won',
  'won_amount',
  'new_customers',
  'repeat_deals',
  'new_mrr',
  'new_mrr_deals',
  'expansion_mrr',
  'expansion_mrr_deals',
  'margin_revenue',
  'margin',
  'margin_deals',
  'revenue_without_margin',
  'no_margin_deals',
  'call_deals',
  'script_deals',
  'churned',
  'churned_mrr',
  'churned_mrr_events',
];

const monthOf = (day: string): string => `date_trunc('month', ${day}::timestamp)::date`;

/** `months(rep_id, m)`: the (rep, month) of each (rep, day) key of two parallel array parameters. */
export const monthsCte = (reps: string, days: string): string =>
  `months AS (SELECT DISTINCT rep_id, ${monthOf('day')} AS m FROM unnest(${reps}::uuid[], ${days}::date[]) AS k(rep_id, day))`;

/** The day rows of `table` (all, or those in the months of the CTE `months` when `keyed`). */
const daysOf = (table: string, keyed: string | null): string =>
  keyed
    ? `${table} d JOIN months k ON d.rep_id = k.rep_id AND d.day >= k.m AND d.day < (k.m + interval '1 month')::date`
    : `${table} d`;

/** DELETE of the month rows of `table` for the CTE `months` (a `monthsCte`). */
export const deleteMonths = (table: string, keyed: string): string =>
  `WITH ${keyed} DELETE FROM ${table} d USING months k WHERE d.rep_id = k.rep_id AND d.day = k.m`;

/**
 * INSERT of `t.repMonths` from `t.repDays` (every month, or those of `keyed`): each column summed
 * (NULL when every day's is, as a window read sums the days), the response times sorted.
 */
export function insertRepMonths(t: RollupTables, keyed: string | null): string {
  return `WITH ${keyed ? `${keyed}, ` : ''}src AS (
       SELECT d.* FROM ${daysOf(t.repDays, keyed)}
     ), sums AS (
       SELECT rep_id, ${monthOf('day')} AS day, cur, ${REP_DAY_SUMS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
       FROM src GROUP BY 1, 2, 3
     ), times AS (
       SELECT rep_id, ${monthOf('day')} AS day, cur, array_agg(x ORDER BY x) AS rs
       FROM src CROSS JOIN LATERAL unnest(src.response_seconds) AS x GROUP BY 1, 2, 3
     )
     INSERT INTO ${t.repMonths} (rep_id, day, cur, response_seconds, ${REP_DAY_SUMS.join(', ')})
     SELECT s.rep_id, s.day, s.cur, COALESCE(r.rs, '{}'), ${REP_DAY_SUMS.map((c) => `s.${c}`).join(', ')}
     FROM sums s LEFT JOIN times r ON r.rep_id = s.rep_id AND r.day = s.day AND r.cur = s.cur`;
}

/** INSERT of `t.monthGroups` from `t.groups` (every month, or those of `keyed`). */
export function insertMonthGroups(t: RollupTables, keyed: string | null): string {
  return `WITH ${keyed ? `${keyed}, ` : ''}src AS (
       SELECT d.* FROM ${daysOf(t.groups, keyed)}
     )
     INSERT INTO ${t.monthGroups} (rep_id, day, dim, key, cur, n, amount)
     SELECT rep_id, ${monthOf('day')}, dim, key, cur, sum(n), sum(amount) FROM src GROUP BY 1, 2, 3, 4, 5`;
}

export const DEAL_TYPES = `('opportunity_created', 'deal_won', 'deal_lost')`;

/** The local day of an instant column in the zone `$zone` (a text parameter). */
export const localDay = (column: string, zone: string): string => `(${column} AT TIME ZONE ${zone})::date`;

/**
 * `events e` (every row), or only the rows of the (rep, day) keys of the CTE `keys(rep_id, day)`:
 * per key an index scan on (rep_id, occurred_at) between the day's local midnights (a LATERAL
 * subquery kept apart by OFFSET 0, else the planner hash-joins the whole ledger).
 */
const eventsOf = (keyed: string | null, zone: string): string =>
  keyed
    ? `keys k CROSS JOIN LATERAL (
         SELECT * FROM events e0 WHERE e0.rep_id = k.rep_id
           AND e0.occurred_at >= (k.day::timestamp AT TIME ZONE ${zone})
           AND e0.occurred_at < ((k.day + 1)::timestamp AT TIME ZONE ${zone})
         OFFSET 0) e`
    : 'events e';

/** `keys` from two parallel array parameters. */
export const keysCte = (reps: string, days: string): string =>
  `keys AS (SELECT DISTINCT rep_id, day FROM unnest(${reps}::uuid[], ${days}::date[]) AS k(rep_id, day))`;

/**
 * INSERT of the counters of every (rep, day, currency) of the live events (all, or those of
 * `keys` when `keyed`). `zone` is the parameter holding the time zone.
 */
export function insertRepDays(t: RollupTables, zone: string, keyed: string | null): string {
  return `WITH ${keyed ? `${keyed}, ` : ''}live AS (
       SELECT e.rep_id, e.type, e.occurred_at, e.attributes AS a, ${localDay('e.occurred_at', zone)} AS day
       FROM ${eventsOf(keyed, zone)}
       WHERE ${LIVE_EVENTS}
     ), typed AS (
       SELECT live.*, COALESCE(${s('currency')}, '') AS cur,
              CASE WHEN type IN ('lead_responded', 'lead_qualified')
                   THEN floor(extract(epoch FROM occurred_at - kpi_instant(${s('leadCreatedAt')})))::bigint
              END AS since_raw,
              CASE WHEN type = 'deal_won' THEN COALESCE(${s('kind')}, 'new') END AS kind,
              CASE WHEN type = 'lead_qualified' THEN ${s('to')} END AS q_to
       FROM live
     ), timed AS (
       SELECT typed.*, CASE WHEN since_raw IS NOT NULL THEN GREATEST(0, since_raw) END AS since_lead FROM typed
     )
     INSERT INTO ${t.repDays}
     SELECT rep_id, day, cur,
       count(*) FILTER (WHERE type = 'call'),
       count(*) FILTER (WHERE type = 'email'),
       count(*) FILTER (WHERE type = 'email' AND jsonb_typeof(a->'opened') = 'boolean'),
       count(*) FILTER (WHERE type = 'email' AND a->'opened' = 'true'::jsonb),
       count(*) FILTER (WHERE type = 'email' AND a->'replied' = 'true'::jsonb),
       count(*) FILTER (WHERE type = 'opportunity_created'),
       count(*) FILTER (WHERE type = 'demo_booked'),
       count(*) FILTER (WHERE type = 'lead_responded'),
       COALESCE(array_agg(since_lead ORDER BY since_lead) FILTER (WHERE type = 'lead_responded' AND since_lead IS NOT NULL), '{}'),
       count(*) FILTER (WHERE type = 'lead_qualified' AND (q_to IS NULL OR q_to = 'sql')),
       count(*) FILTER (WHERE type = 'lead_qualified' AND (q_to IS NULL OR q_to = 'sql') AND since_lead IS NOT NULL),
       sum(since_lead) FILTER (WHERE type = 'lead_qualified' AND (q_to IS NULL OR q_to = 'sql')),
       count(*) FILTER (WHERE type = 'lead_qualified' AND q_to = 'mql'),
       count(*) FILTER (WHERE type = 'lead_qualified' AND q_to = 'sql' AND ${s('from')} = 'mql'),
       count(*) FILTER (WHERE type = 'deal_won'),
       sum(COALESCE(${n('amount')}, 0)) FILTER (WHERE type = 'deal_won'),
       count(*) FILTER (WHERE kind = 'new'),
       count(*) FILTER (WHERE kind IN ('repeat', 'renewal', 'expansion')),
       sum(${n('mrr')}) FILTER (WHERE kind = 'new'),
       count(${n('mrr')}) FILTER (WHERE kind = 'new'),
       sum(${n('mrr')}) FILTER (WHERE kind = 'expansion'),
       count(${n('mrr')}) FILTER (WHERE kind = 'expansion'),
       sum(COALESCE(${n('amount')}, 0)) FILTER (WHERE type = 'deal_won' AND ${n('margin')} IS NOT NULL),
       sum(${n('margin')}) FILTER (WHERE type = 'deal_won'),
       count(${n('margin')}) FILTER (WHERE type = 'deal_won'),
       sum(COALESCE(${n('amount')}, 0)) FILTER (WHERE type = 'deal_won' AND ${n('margin')} IS NULL),
       count(*) FILTER (WHERE type = 'deal_won' AND ${n('margin')} IS NULL),
       count(*) FILTER (WHERE type = 'deal_won' AND ${s('channel')} = 'call'),
       count(*) FILTER (WHERE type = 'deal_won' AND ${s('channel')} = 'call' AND a->'scriptFollowed' = 'true'::jsonb),
       count(*) FILTER (WHERE type = 'customer_churned'),
       sum(${n('mrr')}) FILTER (WHERE type = 'customer_churned'),
       count(${n('mrr')}) FILTER (WHERE type = 'customer_churned')
     FROM timed
     GROUP BY rep_id, day, cur`;
}

/**
 * INSERT of the outcome groups of every (rep, day): won deals by channel, region ('' = the rep's)
 * and product per currency; sales cycles (won deal minus the first opportunity of its `dealId`
 * at or before it, else its `openedAt`; from `t.dealEvents`, so that table is filled first);
 * stages entered and advanced.
 */
export function insertGroups(t: RollupTables, zone: string, keyed: string | null): string {
  return `WITH ${keyed ? `${keyed}, ` : ''}live AS (
       SELECT e.rep_id, e.type, e.occurred_at, e.attributes AS a, ${localDay('e.occurred_at', zone)} AS day
       FROM ${eventsOf(keyed, zone)}
       WHERE e.type IN ('opportunity_created', 'deal_stage_changed', 'deal_won') AND ${LIVE_EVENTS}
     ), won AS (
       SELECT live.rep_id, live.day, COALESCE(${s('currency')}, '') AS cur, COALESCE(${n('amount')}, 0) AS amount,
              COALESCE(${s('channel')}, 'unknown') AS channel,
              COALESCE(${s('region')}, '') AS region,
              COALESCE(${s('product')}, 'unknown') AS product,
              floor(extract(epoch FROM live.occurred_at - COALESCE(
                (SELECT min(o.occurred_at) FROM ${t.dealEvents} o
                 WHERE o.deal_id = ${s('dealId')} AND o.type = 'opportunity_created' AND o.occurred_at <= live.occurred_at),
                kpi_instant(${s('openedAt')})))) AS cycle_raw
       FROM live
       WHERE live.type = 'deal_won'
     )
     INSERT INTO ${t.groups}
     SELECT rep_id, day, 'channel', channel, cur, count(*), sum(amount) FROM won GROUP BY 1, 2, 4, 5
     UNION ALL
     SELECT rep_id, day, 'region', region, cur, count(*), sum(amount) FROM won GROUP BY 1, 2, 4, 5
     UNION ALL
     SELECT rep_id, day, 'product', product, cur, count(*), sum(amount) FROM won GROUP BY 1, 2, 4, 5
     UNION ALL
     SELECT rep_id, day, 'cycle', '', '', count(cycle_raw), sum(GREATEST(0, cycle_raw)) FROM won
     GROUP BY 1, 2 HAVING count(cycle_raw) > 0
     UNION ALL
     SELECT rep_id, day, 'entered', CASE WHEN type = 'opportunity_created' THEN ${s('stage')} ELSE ${s('to')} END,
            '', count(*), NULL
     FROM live WHERE type IN ('opportunity_created', 'deal_stage_changed')
       AND (CASE WHEN type = 'opportunity_created' THEN ${s('stage')} ELSE ${s('to')} END) IS NOT NULL
     GROUP BY 1, 2, 4
     UNION ALL
     SELECT rep_id, day, 'advanced', ${s('from')}, '', count(*), NULL
     FROM live WHERE type = 'deal_stage_changed' AND ${s('from')} IS NOT NULL AND ${s('to')} IS NOT NULL
       AND ${s('to')} NOT IN ('lost', 'closed_lost')
     GROUP BY 1, 2, 4`;
}

/**
 * INSERT of the pipeline changes of every (rep, day, currency) from `t.dealEvents`: an opportunity
 * is open from its instant (exclusive) to `until_at` (inclusive: "closed before t" is what takes it
 * out at t), so it adds one at its day and takes one away at the day of `until_at`.
 */
export function insertPipeline(t: RollupTables, zone: string, keyed: string | null): string {
  const of = (column: string): string =>
    keyed
      ? `keys k CROSS JOIN LATERAL (
           SELECT * FROM ${t.dealEvents} d0 WHERE d0.rep_id = k.rep_id
             AND d0.${column} >= (k.day::timestamp AT TIME ZONE ${zone})
             AND d0.${column} < ((k.day + 1)::timestamp AT TIME ZONE ${zone})
           OFFSET 0) d`
      : `${t.dealEvents} d`;
  return `WITH ${keyed ? `${keyed}, ` : ''}moves AS (
       SELECT d.rep_id, ${localDay('d.occurred_at', zone)} AS day, d.cur, 1 AS n, d.amount
       FROM ${of('occurred_at')} WHERE d.type = 'opportunity_created'
       UNION ALL
       SELECT d.rep_id, ${localDay('d.until_at', zone)}, d.cur, -1, -d.amount
       FROM ${of('until_at')} WHERE d.type = 'opportunity_created' AND d.until_at IS NOT NULL
     )
     INSERT INTO ${t.pipeline}
     SELECT rep_id, day, cur, sum(n), sum(amount) FROM moves GROUP BY 1, 2, 3
     HAVING sum(n) <> 0 OR sum(amount) <> 0`;
}

/** The columns of a `kpi_deal_events` row from `events e` (attributes as `a`). */
const DEAL_ROW = `e.id, ${s('dealId')}, e.type, e.rep_id, e.occurred_at, COALESCE(${s('currency')}, ''),
       CASE WHEN jsonb_typeof(a->'amount') = 'number' THEN (a->>'amount')::numeric ELSE 0 END, NULL::timestamptz`;

/** INSERT of every live deal event (`since`: only rows with `tx >=` that parameter, kept when present). */
export function insertDealEvents(t: RollupTables, since: string | null): string {
  return `INSERT INTO ${t.dealEvents}
     SELECT ${DEAL_ROW}
     FROM events e, LATERAL (SELECT e.attributes AS a) x
     WHERE e.type IN ${DEAL_TYPES} AND ${s('dealId')} IS NOT NULL AND ${LIVE_EVENTS}
       ${since ? `AND e.tx >= ${since}::bigint` : ''}
     ${since ? 'ON CONFLICT (event_id) DO NOTHING' : ''}`;
}

/**
 * Sets `until_at` of the opportunities (of the deals in the text[] parameter `deals`, or all): the
 * first win or loss of the deal, but never before the opportunity itself; NULL while open.
 */
export function updateUntil(t: RollupTables, deals: string | null): string {
  return `UPDATE ${t.dealEvents} o SET until_at = c.until_at
     FROM (SELECT o2.event_id,
                  CASE WHEN min(c2.occurred_at) IS NOT NULL THEN GREATEST(o2.occurred_at, min(c2.occurred_at)) END AS until_at
           FROM ${t.dealEvents} o2
           LEFT JOIN ${t.dealEvents} c2 ON c2.deal_id = o2.deal_id AND c2.type IN ('deal_won', 'deal_lost')
           WHERE o2.type = 'opportunity_created' ${deals ? `AND o2.deal_id = ANY (${deals}::text[])` : ''}
           GROUP BY o2.event_id, o2.occurred_at) c
     WHERE o.event_id = c.event_id AND o.until_at IS DISTINCT FROM c.until_at`;
}
