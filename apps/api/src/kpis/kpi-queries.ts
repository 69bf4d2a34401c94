/**
 * The SQL side of `GET /api/kpis`: GROUP BY over the ledger per (period bucket, rep, currency),
 * producing the same counters `aggregateKpiEvents` (libs/scoring) computes from an event list.
 * Only aggregates leave the database: a few hundred rows for 100 reps x 12 months.
 *
 * `bounds` are the period boundaries `b0 < b1 < ... < bN`; bucket i is `[b_i, b_{i+1})`.
 */
import {
  emptyCounters,
  emptyStock,
  type GroupTotals,
  type KpiCounters,
  type KpiPipeline,
  type KpiStock,
} from '@leaderboard/scoring';
import type { EntityManager } from 'typeorm';

/** A string attribute of `a`, or NULL (as `str()` of kpi-facts.ts: non-empty strings only). */
const s = (name: string): string =>
  `(CASE WHEN jsonb_typeof(a->'${name}') = 'string' AND a->>'${name}' <> '' THEN a->>'${name}' END)`;
/** An integer attribute (amount, margin, mrr are validated as integers on ingest). */
const n = (name: string): string =>
  `(CASE WHEN jsonb_typeof(a->'${name}') = 'number' THEN (a->>'${name}')::numeric END)`;

/** Non-voided, non-void events attached to a rep. */
const LIVE = `e.rep_id IS NOT NULL AND e.type <> 'void'
  AND NOT EXISTS (SELECT 1 FROM events v WHERE v.type = 'void'
                  AND v.voids_source = e.source AND v.voids_external_id = e.external_id)`;

const OUTCOMES = `('opportunity_created', 'deal_stage_changed', 'deal_won', 'deal_lost', 'customer_churned')`;

/** One bucket, one rep: the counters of every currency (money per currency). */
export type BucketCounters = Map<number, Map<string, KpiCounters>>;

/**
 * The `byRegion` key of won deals that name no region: they count in the rep's region, which a
 * manager can change, so it is resolved when the figures are read (`withRepRegion`) and cached
 * counters stay true. PostgreSQL text cannot hold NUL, so no region sent can equal it.
 */
export const REP_REGION = '\u0000rep';

/** `c` with the deals of REP_REGION counted in `region` (else `unknown`); `c` is not changed. */
export function withRepRegion(c: KpiCounters, region: string | null): KpiCounters {
  const own = c.byRegion[REP_REGION];
  if (own === undefined) return c;
  const byRegion: Record<string, GroupTotals> = {};
  for (const [key, g] of Object.entries(c.byRegion)) {
    if (key !== REP_REGION) byRegion[key] = { count: g.count, amount: { ...g.amount } };
  }
  const into = (byRegion[region ?? 'unknown'] ??= { count: 0, amount: {} });
  into.count += own.count;
  for (const [cur, v] of Object.entries(own.amount)) into.amount[cur] = (into.amount[cur] ?? 0) + v;
  return { ...c, byRegion };
}

function countersOf(map: BucketCounters, bucket: number, repId: string): KpiCounters {
  let reps = map.get(bucket);
  if (!reps) map.set(bucket, (reps = new Map()));
  let c = reps.get(repId);
  if (!c) reps.set(repId, (c = emptyCounters()));
  return c;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));

function addAmount(m: Record<string, number>, currency: string, v: unknown): void {
  if (v === null || v === undefined) return;
  m[currency] = (m[currency] ?? 0) + Number(v);
}

interface CounterRow {
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
       WHERE e.occurred_at >= $2 AND e.occurred_at < $3 AND ${LIVE}
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
  const out: BucketCounters = new Map();
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
       WHERE e.occurred_at >= $2 AND e.occurred_at < $3 AND e.type IN ${OUTCOMES} AND ${LIVE}
     ), won_deals AS (
       SELECT DISTINCT ${s('dealId')} AS deal FROM live WHERE type = 'deal_won'
     ), opened AS (
       SELECT ${s('dealId')} AS deal, min(e.occurred_at) AS at
       FROM events e, LATERAL (SELECT e.attributes AS a) x
       WHERE e.type = 'opportunity_created' AND e.occurred_at < $3
         AND ${s('dealId')} IN (SELECT deal FROM won_deals) AND ${LIVE}
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

interface StockRow {
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
       WHERE e.occurred_at < $1 AND e.type IN ('deal_won', 'customer_churned') AND ${LIVE}
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
       WHERE e.type = 'opportunity_created' AND e.occurred_at < $3 AND ${LIVE}
         AND jsonb_typeof(e.attributes->'dealId') = 'string' AND e.attributes->>'dealId' <> ''
     ), closes AS (
       SELECT e.attributes->>'dealId' AS deal, min(e.occurred_at) AS closed
       FROM events e
       WHERE e.type IN ('deal_won', 'deal_lost') AND e.occurred_at < $3 AND ${LIVE}
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
       WHERE e.occurred_at >= $2 AND e.occurred_at < $3 AND e.type = 'deal_won' AND ${LIVE}
     )
     SELECT b, rep_id, COALESCE(${s('currency')}, $4) AS cur, sum(COALESCE(${n('amount')}, 0)) AS amount
     FROM live GROUP BY 1, 2, 3`,
    [bounds, bounds[0], bounds[bounds.length - 1], currency],
  );
  return rows.map((r) => ({ b: Number(r.b), repId: r.rep_id, currency: r.cur, amount: Number(r.amount) }));
}

/**
 * Where the ledger stands: the xmin of this statement's snapshot (every transaction below it has
 * finished, so every row with `tx` below it is visible from now on) and the `events` table's file
 * (a TRUNCATE changes it).
 */
export async function ledgerCursor(db: EntityManager): Promise<{ xmin: bigint; ledger: string }> {
  const rows = await db.query<Array<{ xmin: string; ledger: string }>>(
    `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, pg_relation_filenode('events')::text AS ledger`,
  );
  const row = rows[0] as { xmin: string; ledger: string };
  return { xmin: BigInt(row.xmin), ledger: row.ledger };
}

/** One condition of a cached aggregate (`KpiTouch` of kpi-bucket-cache.ts) with its cursor. */
export interface TouchProbe {
  /** Which entry the condition belongs to. */
  entry: number;
  cursor: bigint;
  from: Date | null;
  to: Date;
  types: readonly string[] | null;
}

/**
 * The entries that a row written or attached since their cursor touches: an event (`tx >=
 * cursor`) of the probe's types with `occurred_at` in its range, or a void (`tx >= cursor`) of
 * such an event, whenever the void itself occurred. One pass over the rows since the oldest
 * cursor (the BRIN index on tx: they sit at the end of the table).
 */
export async function touchedSince(db: EntityManager, probes: readonly TouchProbe[]): Promise<Set<number>> {
  if (probes.length === 0) return new Set();
  const oldest = probes.reduce((min, p) => (p.cursor < min ? p.cursor : min), probes[0]?.cursor as bigint);
  const rows = await db.query<Array<{ entry: number }>>(
    `WITH recent AS MATERIALIZED (
       SELECT e.tx, e.type, e.occurred_at AS at FROM events e WHERE e.tx >= $1::bigint
       UNION ALL
       SELECT v.tx, t.type, t.occurred_at FROM events v
       JOIN events t ON t.source = v.voids_source AND t.external_id = v.voids_external_id
       WHERE v.tx >= $1::bigint AND v.type = 'void'
     )
     SELECT DISTINCT p.entry
     FROM unnest($2::int[], $3::bigint[], $4::timestamptz[], $5::timestamptz[], $6::text[])
          AS p(entry, cursor, lo, hi, types)
     WHERE EXISTS (SELECT 1 FROM recent r
                   WHERE r.tx >= p.cursor AND r.at < p.hi AND (p.lo IS NULL OR r.at >= p.lo)
                     AND (p.types IS NULL OR r.type = ANY (string_to_array(p.types, ','))))`,
    [
      oldest.toString(),
      probes.map((p) => p.entry),
      probes.map((p) => p.cursor.toString()),
      probes.map((p) => p.from),
      probes.map((p) => p.to),
      probes.map((p) => (p.types === null ? null : p.types.join(','))),
    ],
  );
  return new Set(rows.map((r) => Number(r.entry)));
}
