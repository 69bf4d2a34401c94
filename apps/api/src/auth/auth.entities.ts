import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '@leaderboard/contracts';
import type { ApiTokenKind } from './api-token.util.js';

/** A person who logs in. `email` is stored lower-cased; `repId` links a rep login to its rep. */
@Entity({ name: 'users' })
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text' })
  role: Role;

  /** A plain uuid, deliberately without a foreign key so the auth tables stand alone. */
  @Column({ name: 'rep_id', type: 'uuid', nullable: true })
  repId: string | null;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  /**
   * Carried in every access token (`ver`); bumped when the user is disabled, changes role or
   * password, which voids every token issued before and closes their live sockets.
   */
  @Column({ name: 'session_version', type: 'integer', default: 0 })
  sessionVersion: number;
}

/** A long-lived opaque token for a TV (`display`) or a CRM/telephony integration. */
@Entity({ name: 'api_tokens' })
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: ApiTokenKind;

  @Column({ type: 'text' })
  name: string;

  /** sha256 hex of the token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  /** The first characters of the token, to tell tokens apart in lists. */
  @Column({ name: 'token_prefix', type: 'text' })
  tokenPrefix: string;

  /** For integration tokens: the only event source the token may send, or null for any. */
  @Column({ type: 'text', nullable: true })
  source: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}

export const AUTH_ENTITIES = [UserEntity, ApiTokenEntity];
