import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KPI inputs events do not carry (SPEC 5): monthly sales and marketing spend and direct costs of
 * the org (`kpi_inputs`), sales targets per rep and period instance (`rep_targets`). Money in
 * integer minor units with its currency.
 *
 * Indexes for `GET /api/kpis`, which aggregates the ledger with GROUP BY over a window of periods:
 * a BRIN index on `events.occurred_at` (the ledger is appended roughly in time order, so a window
 * reads only the block ranges it covers, at almost no insert cost), and a partial index on the
 * target of void events (the anti-join that drops voided events reads only voids), and a partial
 * index on the outcome types (the customer stock and the pipeline need all history, but only of them).
 */
export class KpiInputs1763800006000 implements MigrationInterface {
  name = 'KpiInputs1763800006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE kpi_inputs (
        kind text NOT NULL CHECK (kind IN ('spend', 'direct_costs')),
        month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        amount bigint NOT NULL CHECK (amount >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NULL,
        PRIMARY KEY (kind, month)
      );

      CREATE TABLE rep_targets (
        rep_id uuid NOT NULL REFERENCES reps (id) ON DELETE CASCADE,
        period text NOT NULL CHECK (period IN ('today', 'week', 'month', 'quarter')),
        period_key text NOT NULL,
        amount bigint NOT NULL CHECK (amount >= 0),
        currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NULL,
        PRIMARY KEY (rep_id, period, period_key)
      );

      CREATE INDEX events_occurred_at_brin ON events USING brin (occurred_at);
      CREATE INDEX events_voids_idx ON events (voids_source, voids_external_id) WHERE type = 'void';
      -- Outcomes only (a few percent of the ledger): customer stock, pipeline, won-deal groups, cycles.
      CREATE INDEX events_outcomes_occurred_at_idx ON events (occurred_at)
        WHERE type IN ('opportunity_created', 'deal_stage_changed', 'deal_won', 'deal_lost', 'customer_churned');

      -- An ISO instant from an attribute, or NULL when it does not parse (attributes are free-form).
      CREATE FUNCTION kpi_instant(value text) RETURNS timestamptz LANGUAGE plpgsql STABLE AS $$
      BEGIN
        RETURN value::timestamptz;
      EXCEPTION WHEN others THEN
        RETURN NULL;
      END;
      $$;
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP FUNCTION kpi_instant(text);
      DROP INDEX events_outcomes_occurred_at_idx;
      DROP INDEX events_voids_idx;
      DROP INDEX events_occurred_at_brin;
      DROP TABLE rep_targets;
      DROP TABLE kpi_inputs;
    `);
  }
}
