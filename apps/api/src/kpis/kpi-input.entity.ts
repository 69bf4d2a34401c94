import { Column, Entity, PrimaryColumn } from 'typeorm';

/** bigint columns hold integer minor units; they stay below 2^53 (validated on input). */
export const BIGINT_AS_NUMBER = {
  to: (value: number): number => value,
  from: (value: string | number): number => Number(value),
};

/** A monthly org figure events do not carry: sales and marketing spend, direct costs. */
@Entity({ name: 'kpi_inputs' })
export class KpiInputEntity {
  @PrimaryColumn({ type: 'text' })
  kind: 'spend' | 'direct_costs';

  /** `YYYY-MM` in the org time zone. */
  @PrimaryColumn({ type: 'text' })
  month: string;

  @Column({ type: 'bigint', transformer: BIGINT_AS_NUMBER })
  amount: number;

  @Column({ type: 'text' })
  currency: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'text', nullable: true })
  updatedBy: string | null;
}
