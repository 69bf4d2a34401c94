import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Org, teams, reps, the append-only event ledger, rule sets and the board projection. */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE org (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        name text NOT NULL,
        timezone text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT teams_name_key UNIQUE (name)
      );

      CREATE TABLE reps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        key text NOT NULL,
        name text NOT NULL,
        team_id uuid NULL REFERENCES teams (id),
        region text NULL,
        email text NULL,
        photo_url text NULL,
        active boolean NOT NULL DEFAULT true,
        working_hours jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reps_key_key UNIQUE (key)
      );
      CREATE INDEX reps_team_id_idx ON reps (team_id);

      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        external_id text NOT NULL,
        type text NOT NULL,
        rep_key text NOT NULL,
        rep_id uuid NULL REFERENCES reps (id),
        occurred_at timestamptz NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
        voids_source text NULL,
        voids_external_id text NULL,
        content_hash text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT events_source_external_id_key UNIQUE (source, external_id),
        CONSTRAINT events_voids_check CHECK ((type = 'void') = (voids_source IS NOT NULL AND voids_external_id IS NOT NULL))
      );
      CREATE INDEX events_rep_id_occurred_at_idx ON events (rep_id, occurred_at);
      CREATE INDEX events_held_rep_key_idx ON events (rep_key) WHERE rep_id IS NULL;

      -- The ledger is append-only: the one change allowed is attaching a held event to its rep.
      CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.rep_id IS NULL AND NEW.rep_id IS NOT NULL
           AND (to_jsonb(NEW) - 'rep_id') = (to_jsonb(OLD) - 'rep_id') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
      END;
      $$;
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION events_append_only();

      CREATE TABLE rule_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version integer NULL,
        status text NOT NULL CHECK (status IN ('draft', 'published')),
        document jsonb NOT NULL,
        effective_from timestamptz NULL,
        published_at timestamptz NULL,
        created_by text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT rule_sets_version_key UNIQUE (version),
        CONSTRAINT rule_sets_published_check CHECK (
          (status = 'published') = (version IS NOT NULL AND effective_from IS NOT NULL AND published_at IS NOT NULL)
        )
      );

      -- A published rule set is immutable.
      CREATE FUNCTION rule_sets_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'published' THEN
          RAISE EXCEPTION 'published rule set % is immutable', OLD.version USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END;
      $$;
      CREATE TRIGGER rule_sets_immutable BEFORE UPDATE OR DELETE ON rule_sets
        FOR EACH ROW EXECUTE FUNCTION rule_sets_immutable();

      CREATE TABLE board_totals (
        rep_id uuid NOT NULL,
        period text NOT NULL,
        period_key text NOT NULL,
        milli_points bigint NOT NULL,
        PRIMARY KEY (rep_id, period, period_key)
      );

      CREATE TABLE board_seq (
        board_key text PRIMARY KEY,
        seq bigint NOT NULL
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TABLE board_seq;
      DROP TABLE board_totals;
      DROP TABLE rule_sets;
      DROP FUNCTION rule_sets_immutable();
      DROP TABLE events;
      DROP FUNCTION events_append_only();
      DROP TABLE reps;
      DROP TABLE teams;
      DROP TABLE org;
    `);
  }
}
