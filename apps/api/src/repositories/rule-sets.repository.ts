import { Injectable } from '@nestjs/common';
import type { RuleSetDocument } from '@leaderboard/contracts';
import type { RuleSetVersion } from '@leaderboard/scoring';
import { DataSource } from 'typeorm';
import { seedDefaults } from '../database/seed-defaults.js';
import { modifyReturning, type SqlRunner } from '../database/sql.js';

interface VersionRow {
  id: string;
  effective_from: Date;
  document: RuleSetDocument;
}

/** The `rule_sets` table as SQL reads and publishes it (drafts are edited through TypeORM). */
@Injectable()
export class RuleSetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The org row and the default rule set of a new organisation (see seedDefaults). */
  seedDefaults(): Promise<void> {
    return seedDefaults(this.dataSource);
  }

  /** Every published version, in version order. */
  async publishedVersions(sql: SqlRunner = this.dataSource): Promise<RuleSetVersion[]> {
    const rows = await sql.query<VersionRow[]>(
      `SELECT id, effective_from, document FROM rule_sets WHERE status = 'published' ORDER BY version`,
    );
    return rows.map((r) => ({
      id: r.id,
      effectiveFrom: new Date(r.effective_from).getTime(),
      document: r.document,
    }));
  }

  /** Id and start of every published version, by id: changes when a version is published. */
  publishedStarts(): Promise<Array<{ id: string; effective_from: Date }>> {
    return this.dataSource.query<Array<{ id: string; effective_from: Date }>>(
      `SELECT id, effective_from FROM rule_sets WHERE status = 'published' ORDER BY id`,
    );
  }

  /**
   * Publishes a draft as the next version effective from `effectiveFrom`, unless a closed period
   * ends after it; gives the published row (none: not a draft any more, or locked).
   */
  publish(id: string, effectiveFrom: Date): Promise<Array<{ id: string }>> {
    return modifyReturning<{ id: string }>(
      this.dataSource,
      `UPDATE rule_sets SET status = 'published', published_at = now(), effective_from = $2,
           version = (SELECT coalesce(max(version), 0) + 1 FROM rule_sets)
         WHERE id = $1 AND status = 'draft'
           AND NOT EXISTS (SELECT 1 FROM period_closes WHERE to_at > $2) RETURNING id`,
      [id, effectiveFrom.toISOString()],
    );
  }
}
