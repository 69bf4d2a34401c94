import type { WorkingHours } from '@leaderboard/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'reps' })
export class RepEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId: string | null;

  @Column({ type: 'text', nullable: true })
  region: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ name: 'photo_url', type: 'text', nullable: true })
  photoUrl: string | null;

  /** `YYYY-MM-DD` (a `date` column comes back as text). */
  @Column({ name: 'started_on', type: 'date', nullable: true })
  startedOn: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'working_hours', type: 'jsonb', nullable: true })
  workingHours: WorkingHours | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
