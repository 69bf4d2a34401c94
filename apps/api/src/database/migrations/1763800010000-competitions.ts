import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Competitions (issue 6): a named window [from_at, to_at) with its own rule set document, individual
 * or team against team. `celebrated_at` records that the winner celebration went to the TVs, so a
 * restart never celebrates twice; `celebrated_winner` is the name it carried. A competition can be
 * deleted only before it starts (checked by the service and by the DELETE statement itself).
 */
export class Competitions1763800010000 implements MigrationInterface {
  name = 'Competitions1763800010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE competitions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
        from_at timestamptz NOT NULL,
        to_at timestamptz NOT NULL,
        mode text NOT NULL CHECK (mode IN ('individual', 'teams')),
        rule_set jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NULL,
        celebrated_at timestamptz NULL,
        celebrated_winner text NULL,
        CHECK (to_at > from_at)
      );
      CREATE INDEX competitions_to_at_idx ON competitions (to_at);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE competitions');
  }
}
