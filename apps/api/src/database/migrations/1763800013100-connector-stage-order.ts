import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A synced stage's place in the CRM's own order (funnel by funnel, stage by stage as the CRM lists
 * them), so the manager's stage map reads like the CRM's pipeline instead of alphabetically.
 */
export class ConnectorStageOrder1763800013100 implements MigrationInterface {
  name = 'ConnectorStageOrder1763800013100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE connector_stages ADD COLUMN position integer NULL');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE connector_stages DROP COLUMN position');
  }
}
