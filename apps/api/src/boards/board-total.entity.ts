import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The derived projection of points per rep and period instance (rebuilt from the ledger). */
@Entity({ name: 'board_totals' })
export class BoardTotalEntity {
  @PrimaryColumn({ name: 'rep_id', type: 'uuid' })
  repId: string;

  @PrimaryColumn({ type: 'text' })
  period: string;

  @PrimaryColumn({ name: 'period_key', type: 'text' })
  periodKey: string;

  @Column({ name: 'milli_points', type: 'bigint' })
  milliPoints: string;
}
