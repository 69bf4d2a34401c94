import type { Period } from '@leaderboard/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { BIGINT_AS_NUMBER } from './kpi-input.entity.js';

/** A rep's sales target for one period instance (quota attainment). */
@Entity({ name: 'rep_targets' })
export class RepTargetEntity {
  @PrimaryColumn({ name: 'rep_id', type: 'uuid' })
  repId: string;

  @PrimaryColumn({ type: 'text' })
  period: Period;

  /** `2026-11`, `2026-Q4`, the first day of a week, or a day. */
  @PrimaryColumn({ name: 'period_key', type: 'text' })
  periodKey: string;

  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  amount: number;

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy: string | null;
}
