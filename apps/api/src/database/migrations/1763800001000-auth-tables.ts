import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users and API tokens. Stands alone: no foreign key to tables of other modules. */
export class AuthTables1763800001000 implements MigrationInterface {
  name = 'AuthTables1763800001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE users (
        id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        email         text        NOT NULL,
        password_hash text        NOT NULL,
        role          text        NOT NULL,
        rep_id        uuid        NULL,
        display_name  text        NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        disabled_at   timestamptz NULL,
        CONSTRAINT users_email_key UNIQUE (email),
        CONSTRAINT users_email_lower_check CHECK (email = lower(email)),
        CONSTRAINT users_role_check CHECK (role IN ('admin', 'manager', 'rep')),
        CONSTRAINT users_rep_has_rep_id_check CHECK (role <> 'rep' OR rep_id IS NOT NULL)
      )`);
    await queryRunner.query(`CREATE INDEX users_rep_id_idx ON users (rep_id) WHERE rep_id IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX users_admin_idx ON users (role) WHERE role = 'admin' AND disabled_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE api_tokens (
        id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
        kind         text        NOT NULL,
        name         text        NOT NULL,
        token_hash   text        NOT NULL,
        token_prefix text        NOT NULL,
        source       text        NULL,
        created_by   uuid        NULL REFERENCES users (id) ON DELETE SET NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NULL,
        revoked_at   timestamptz NULL,
        last_used_at timestamptz NULL,
        CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash),
        CONSTRAINT api_tokens_kind_check CHECK (kind IN ('display', 'integration')),
        CONSTRAINT api_tokens_source_check CHECK (kind = 'integration' OR source IS NULL)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE api_tokens`);
    await queryRunner.query(`DROP TABLE users`);
  }
}
