/**
 * Shapes of the admin endpoints that libs/contracts does not carry yet (they are the API's DTO
 * classes: apps/api/src/auth/dto/token.dto.ts and user.dto.ts).
 */
import type { Role } from '@leaderboard/contracts';

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

export interface RepDetails {
  id: string;
  key: string;
  name: string;
  teamId: string | null;
  region: string | null;
  email: string | null;
  photoUrl: string | null;
  active: boolean;
}
