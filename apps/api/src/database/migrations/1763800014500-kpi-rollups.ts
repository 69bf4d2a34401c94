import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KPI rollups (issue 16): what `GET /api/kpis` sums instead of the ledger. Derived tables, kept by
 * one serial writer (apps/api/src/kpis/rollups) and recomputed by `npm run rebuild`:
 * - `kpi_rep_days`: per rep, local day (org zone) and the events' own currency ('' = none, the org
 *   currency when read) every summable KPI counter, and the sorted response times of the day;
 * - `kpi_rep_day_groups`: won deals by channel, region ('' = the rep's), product; stage entries and
 *   advances; sales cycles (`dim` 'cycle': n timed, amount = seconds);
 * - `kpi_rep_day_pipeline`: per rep, day and currency the change of the open pipeline (+ an
 *   opportunity opened that day, - one whose deal closed);
 * - `kpi_deal_events`: the live (not voided) opportunities, wins and losses that carry a `dealId`,
 *   an opportunity with the instant it left the pipeline (`until_at`);
 * - `kpi_rollup_state`: the ledger cursor (`tx` below it is in the rollups), the zone the days are
 *   in and the ledger's file (a TRUNCATE or restore changes it: rebuilt).
 */
export class KpiRollups1763800014500 implements MigrationInterface {
  name = 'KpiRollups1763800014500';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kpi_rollup_state (
        id integer PRIMARY KEY CHECK (id = 1),
        cursor bigint NOT NULL DEFAULT 0,
        zone text NULL,
        ledger text NULL,
        built_at timestamptz NULL
      );
      INSERT INTO kpi_rollup_state (id) VALUES (1);

      CREATE TABLE kpi_rep_days (
        rep_id uuid NOT NULL,
        day date NOT NULL,
        cur text NOT NULL,
        calls bigint NOT NULL,
        emails bigint NOT NULL,
        emails_open_known bigint NOT NULL,
        emails_opened bigint NOT NULL,
        emails_replied bigint NOT NULL,
        opportunities bigint NOT NULL,
        demos_booked bigint NOT NULL,
        leads_responded bigint NOT NULL,
        response_seconds bigint[] NOT NULL,
        conversions bigint NOT NULL,
        conversions_timed bigint NOT NULL,
        conversion_seconds bigint NULL,
        mqls bigint NOT NULL,
        mqls_to_sql bigint NOT NULL,
        deals_won bigint NOT NULL,
        won_amount bigint NULL,
        new_customers bigint NOT NULL,
        repeat_deals bigint NOT NULL,
        new_mrr bigint NULL,
        new_mrr_deals bigint NOT NULL,
        expansion_mrr bigint NULL,
        expansion_mrr_deals bigint NOT NULL,
        margin_revenue bigint NULL,
        margin bigint NULL,
        margin_deals bigint NOT NULL,
        revenue_without_margin bigint NULL,
        no_margin_deals bigint NOT NULL,
        call_deals bigint NOT NULL,
        script_deals bigint NOT NULL,
        churned bigint NOT NULL,
        churned_mrr bigint NULL,
        churned_mrr_events bigint NOT NULL,
        PRIMARY KEY (rep_id, day, cur)
      );
      CREATE INDEX kpi_rep_days_day_idx ON kpi_rep_days (day);

      CREATE TABLE kpi_rep_day_groups (
        rep_id uuid NOT NULL,
        day date NOT NULL,
        dim text NOT NULL,
        key text NOT NULL,
        cur text NOT NULL,
        n bigint NOT NULL,
        amount bigint NULL,
        PRIMARY KEY (rep_id, day, dim, key, cur)
      );
      CREATE INDEX kpi_rep_day_groups_day_idx ON kpi_rep_day_groups (day);

      CREATE TABLE kpi_rep_day_pipeline (
        rep_id uuid NOT NULL,
        day date NOT NULL,
        cur text NOT NULL,
        n bigint NOT NULL,
        amount bigint NOT NULL,
        PRIMARY KEY (rep_id, day, cur)
      );

      CREATE TABLE kpi_deal_events (
        event_id bigint PRIMARY KEY,
        deal_id text NOT NULL,
        type text NOT NULL,
        rep_id uuid NOT NULL,
        occurred_at timestamptz NOT NULL,
        cur text NOT NULL,
        amount bigint NOT NULL,
        until_at timestamptz NULL
      );
      CREATE INDEX kpi_deal_events_deal_idx ON kpi_deal_events (deal_id, type, occurred_at);
      CREATE INDEX kpi_deal_events_opened_idx ON kpi_deal_events (rep_id, occurred_at);
      CREATE INDEX kpi_deal_events_until_idx ON kpi_deal_events (rep_id, until_at) WHERE until_at IS NOT NULL;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE kpi_deal_events;
      DROP TABLE kpi_rep_day_pipeline;
      DROP TABLE kpi_rep_day_groups;
      DROP TABLE kpi_rep_days;
      DROP TABLE kpi_rollup_state;
    `);
  }
}
