/**
 * Shapes of the admin endpoints that libs/contracts does not carry yet (they are the API's DTO
 * classes: apps/api/src/auth/dto/token.dto.ts and user.dto.ts).
 */
import type { RepView, Role } from '@leaderboard/contracts';

export interface TokenView {
  id: string;
  kind: 'display' | 'integration';
  name: string;
  prefix: string;
  source: string | null;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  status: 'active' | 'revoked' | 'expired';
}

export interface CreatedToken extends TokenView {
  /** The secret: in this answer only. */
  token: string;
}

export interface UserView {
  id: string;
  email: string;
  role: Role;
  repId: string | null;
  displayName: string;
  createdAt: string;
  disabledAt: string | null;
}

/** `GET /api/reps` rows. */
export type RepDetails = RepView;
