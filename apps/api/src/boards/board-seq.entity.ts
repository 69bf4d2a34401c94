import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The sequence number of a board instance, bumped on every change to it. */
@Entity({ name: 'board_seq' })
export class BoardSeqEntity {
  @PrimaryColumn({ name: 'board_key', type: 'text' })
  boardKey: string;

  @Column({ type: 'bigint' })
  seq: string;
}
