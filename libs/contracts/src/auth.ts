/**
 * Logins, sessions and API tokens as the API shows them (`/api/auth`, `/api/users`, `/api/tokens`):
 * the shapes of apps/api/src/auth/dto, shared with the console instead of copied.
 */
import type { Role } from './api.js';

/** `POST /api/auth/login`. */
export interface LoginInput {
  email: string;
  password: string;
}

/** `GET /api/auth/me`: the logged-in user. */
export interface MeView {
  id: string;
  email: string;
  role: Role;
  repId: string | null;
}

/** `GET /api/auth/whoami`: who a token is, for any valid token. */
export interface WhoAmIView {
  kind: 'user' | 'display' | 'integration';
  /** The user id, or the token id. */
  id: string;
  /** The user's e-mail, or the token's name. */
  name: string;
  role: Role | null;
  /** Integration tokens: the one source they may send. */
  source: string | null;
}

export type TokenKind = 'display' | 'integration';

/** A token as lists show it: no secret, only its first characters. */
export interface TokenView {
  id: string;
  kind: TokenKind;
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

/** `POST /api/tokens`. */
export interface CreateTokenInput {
  kind: TokenKind;
  name: string;
  /** Integration tokens only: the one event source this token may send. */
  source?: string;
  /** When the token stops working; never when absent. */
  expiresAt?: string;
}

/** A login as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  role: Role;
  repId: string | null;
  displayName: string;
  createdAt: string;
  disabledAt: string | null;
}

/** `POST /api/users`; role `rep` needs `repId`. */
export interface CreateUserInput {
  email: string;
  password: string;
  role: Role;
  repId?: string;
  displayName?: string;
}

/** `PATCH /api/users/:id`: `repId: null` unlinks the rep, `disabled` disables or enables. */
export interface UpdateUserInput {
  role?: Role;
  repId?: string | null;
  password?: string;
  disabled?: boolean;
  displayName?: string;
}
