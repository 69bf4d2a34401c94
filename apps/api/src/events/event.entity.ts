import type { EventAttributes } from '@leaderboard/contracts';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row of the append-only ledger. Written by raw multi-row SQL in the ingest path. */
@Entity({ name: 'events' })
export class EventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  source: string;

  @Column({ name: 'external_id', type: 'text' })
  externalId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ name: 'rep_key', type: 'text' })
  repKey: string;

  /** Null while the event is held (no rep with `repKey` yet). */
  @Column({ name: 'rep_id', type: 'uuid', nullable: true })
  repId: string | null;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'jsonb' })
  attributes: EventAttributes;

  @Column({ name: 'voids_source', type: 'text', nullable: true })
  voidsSource: string | null;

  @Column({ name: 'voids_external_id', type: 'text', nullable: true })
  voidsExternalId: string | null;

  @Column({ name: 'content_hash', type: 'text' })
  contentHash: string;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt: Date;
}
