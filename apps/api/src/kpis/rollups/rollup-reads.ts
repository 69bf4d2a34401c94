/**
 * `GET /api/kpis` from the rollups: at most (reps x days) rows summed per period bucket in SQL,
 * turned into the same per-bucket, per-rep counters the full scan gives (kpi-full-scan.ts).
 */
import type { KpiPipeline, KpiWindowAggregates } from '@leaderboard/scoring';
import type { EntityManager } from 'typeorm';
import { stockFromRows, type StockRow } from '../kpi-balance-queries.js';
import { addAmount, num, type BucketCounters } from '../kpi-sql.js';
import { addCounterRows, addGroupRows, type CounterRow, type GroupRow } from '../kpi-window-queries.js';

/** The org currency for rows of events that name none (stored as ''). */
const CUR = `COALESCE(NULLIF(cur, ''), $2)`;

/**
 * The local days (in `zone`) of the period bounds, or null when a bound is not a local midnight
 * there or the rollups are in another zone (then only the full scan answers).
 */
export async function boundDays(db: EntityManager, bounds: Date[], zone: string): Promise<string[] | null> {
  const rows = await db.query<Array<{ days: string[]; aligned: boolean; zone: string | null }>>(
    `SELECT array_agg(x.d::text ORDER BY u.i) AS days,
            bool_and((x.d::timestamp AT TIME ZONE $2) = u.b) AS aligned,
            (SELECT zone FROM kpi_rollup_state WHERE id = 1) AS zone
     FROM unnest($1::timestamptz[]) WITH ORDINALITY AS u(b, i),
          LATERAL (SELECT (u.b AT TIME ZONE $2)::date AS d) x`,
    [bounds, zone],
  );
  const row = rows[0];
  return row && row.aligned && row.zone === zone ? row.days : null;
}

/**
 * The rollup tables a window reads: the month rows (`day` = the month's first day, each the sum of
 * its days) when every bound is a month's first day, else the day rows.
 */
export function rollupLevel(days: readonly string[]): { counters: string; groups: string } {
  return days.every((d) => d.endsWith('-01'))
    ? { counters: 'kpi_rep_months', groups: 'kpi_rep_month_groups' }
    : { counters: 'kpi_rep_days', groups: 'kpi_rep_day_groups' };
}

/** The aggregates of the window whose bucket bounds are the local days `days` (d0 < ... < dN). */
export async function rollupAggregates(
  db: EntityManager,
  days: string[],
  currency: string,
): Promise<KpiWindowAggregates> {
  const first = days[0] as string;
  const last = days[days.length - 1] as string;
  const level = rollupLevel(days);
  // Response times travel as one text per row (a text[] of 10^5 numbers is slow to parse).
  const counterRows = db.query<Array<CounterRow & { response_text: string | null }>>(
    `SELECT width_bucket(day, $1::date[]) - 1 AS b, rep_id, ${CUR} AS cur,
       sum(calls) AS calls, sum(emails) AS emails, sum(emails_open_known) AS emails_open_known,
       sum(emails_opened) AS emails_opened, sum(emails_replied) AS emails_replied,
       sum(opportunities) AS opportunities, sum(demos_booked) AS demos_booked,
       sum(leads_responded) AS leads_responded,
       string_agg(NULLIF(array_to_string(response_seconds, ','), ''), ',') AS response_text,
       sum(conversions) AS conversions, sum(conversions_timed) AS conversions_timed,
       sum(conversion_seconds) AS conversion_seconds, sum(mqls) AS mqls, sum(mqls_to_sql) AS mqls_to_sql,
       sum(deals_won) AS deals_won, sum(won_amount) AS won_amount, sum(deals_won) AS won_deals_in_cur,
       sum(new_customers) AS new_customers, sum(repeat_deals) AS repeat_deals,
       sum(new_mrr) AS new_mrr, sum(new_mrr_deals) AS new_mrr_deals,
       sum(expansion_mrr) AS expansion_mrr, sum(expansion_mrr_deals) AS expansion_mrr_deals,
       sum(margin_revenue) AS margin_revenue, sum(margin) AS margin, sum(margin_deals) AS margin_deals,
       sum(revenue_without_margin) AS revenue_without_margin, sum(no_margin_deals) AS no_margin_deals,
       sum(call_deals) AS call_deals, sum(script_deals) AS script_deals, sum(churned) AS churned,
       sum(churned_mrr) AS churned_mrr, sum(churned_mrr_events) AS churned_mrr_events
     FROM ${level.counters} WHERE day >= $3::date AND day < $4::date
     GROUP BY 1, 2, 3`,
    [days, currency, first, last],
  );
  const groupRows = db.query<GroupRow[]>(
    `SELECT width_bucket(day, $1::date[]) - 1 AS b, rep_id, dim, NULLIF(key, '') AS key,
            CASE WHEN dim IN ('channel', 'region', 'product') THEN ${CUR} END AS cur,
            sum(n) AS n, sum(amount) AS amount
     FROM ${level.groups} WHERE day >= $3::date AND day < $4::date
     GROUP BY 1, 2, 3, 4, 5`,
    [days, currency, first, last],
  );
  // The stock before the window: whole months before a month's first day (a row failing the
  // filter adds nothing to the stock, so neither does a month of such days).
  const stockRows = db.query<StockRow[]>(
    `SELECT rep_id, ${CUR} AS cur, sum(new_customers) AS new_customers, sum(churned) AS churned,
            sum(new_mrr) AS new_mrr, sum(expansion_mrr) AS expansion_mrr, sum(churned_mrr) AS churned_mrr
     FROM ${level.counters} WHERE day < $1::date AND (new_customers > 0 OR churned > 0 OR expansion_mrr_deals > 0)
     GROUP BY 1, 2`,
    [first, currency],
  );
  const [counted, grouped, stocked, open] = await Promise.all([
    counterRows,
    groupRows,
    stockRows,
    pipelines(db, days, currency),
  ]);
  for (const r of counted) r.response_seconds = r.response_text === null ? null : r.response_text.split(',');
  const counters: BucketCounters = addCounterRows(counted, new Map());
  addGroupRows(grouped, counters, currency);
  return { counters, stock0: stockFromRows(stocked), pipelines: open };
}

/**
 * Open opportunities at each bucket's end: the pipeline changes of every day before it (those
 * before the window in one sum, then bucket by bucket, added up here).
 */
async function pipelines(
  db: EntityManager,
  days: string[],
  currency: string,
): Promise<Map<number, Map<string, KpiPipeline>>> {
  const rows = await db.query<Array<{ b: number; rep_id: string; cur: string; n: string; amount: string }>>(
    `SELECT CASE WHEN day < $3::date THEN 0 ELSE width_bucket(day, $1::date[]) END AS b,
            rep_id, ${CUR} AS cur, sum(n) AS n, sum(amount) AS amount
     FROM kpi_rep_day_pipeline WHERE day < $4::date
     GROUP BY 1, 2, 3`,
    [days, currency, days[0], days[days.length - 1]],
  );
  // Running (count, amount) per rep and currency; part b is the days before bounds[b].
  const parts = new Map<number, typeof rows>();
  for (const r of rows) {
    const b = Number(r.b);
    const part = parts.get(b);
    if (part) part.push(r);
    else parts.set(b, [r]);
  }
  const running = new Map<string, Map<string, { n: number; amount: number }>>();
  const out = new Map<number, Map<string, KpiPipeline>>();
  for (let b = 0; b < days.length; b++) {
    for (const r of parts.get(b) ?? []) {
      let reps = running.get(r.rep_id);
      if (!reps) running.set(r.rep_id, (reps = new Map()));
      const v = reps.get(r.cur) ?? { n: 0, amount: 0 };
      reps.set(r.cur, { n: v.n + num(r.n), amount: v.amount + num(r.amount) });
    }
    if (b === 0) continue;
    // The pipeline at the end of bucket b - 1 (= bounds[b]).
    const at = new Map<string, KpiPipeline>();
    for (const [repId, curs] of running) {
      for (const [cur, v] of curs) {
        if (v.n === 0) continue;
        let p = at.get(repId);
        if (!p) at.set(repId, (p = { count: 0, amount: {} }));
        p.count += v.n;
        addAmount(p.amount, cur, v.amount);
      }
    }
    if (at.size > 0) out.set(b - 1, at);
  }
  return out;
}

/** Won amount per rep and bucket (suggested targets). */
export async function rollupWonByBucket(
  db: EntityManager,
  days: string[],
  currency: string,
): Promise<Array<{ b: number; repId: string; currency: string; amount: number }>> {
  const rows = await db.query<Array<{ b: number; rep_id: string; cur: string; amount: string }>>(
    `SELECT width_bucket(day, $1::date[]) - 1 AS b, rep_id, ${CUR} AS cur, sum(won_amount) AS amount
     FROM ${rollupLevel(days).counters} WHERE day >= $3::date AND day < $4::date AND deals_won > 0
     GROUP BY 1, 2, 3`,
    [days, currency, days[0], days[days.length - 1]],
  );
  return rows.map((r) => ({ b: Number(r.b), repId: r.rep_id, currency: r.cur, amount: Number(r.amount) }));
}
