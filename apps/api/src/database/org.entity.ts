import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The single organisation row. */
@Entity({ name: 'org' })
export class OrgEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  timezone: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
