import type { RuleSetDocument, RuleSetStatus } from '@leaderboard/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'rule_sets' })
export class RuleSetEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for drafts; assigned on publish. */
  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column({ type: 'text' })
  status: RuleSetStatus;

  @Column({ type: 'jsonb' })
  document: RuleSetDocument;

  @Column({ name: 'effective_from', type: 'timestamptz', nullable: true })
  effectiveFrom: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
