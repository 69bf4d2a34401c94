import { createHash, randomBytes } from 'node:crypto';

export type ApiTokenKind = 'display' | 'integration';

export const TOKEN_PREFIX: Record<ApiTokenKind, string> = { display: 'dsp_', integration: 'int_' };

/** Characters of the token kept in clear so a list can show which token is which. */
export const TOKEN_DISPLAY_PREFIX_LENGTH = 8;

export interface GeneratedApiToken {
  /** The secret, shown to the caller once and never stored. */
  token: string;
  /** sha256 hex of the whole token: what the database keeps and looks up by. */
  hash: string;
  prefix: string;
}

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateApiToken(kind: ApiTokenKind): GeneratedApiToken {
  const token = TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashApiToken(token), prefix: token.slice(0, TOKEN_DISPLAY_PREFIX_LENGTH) };
}

/** The kind an opaque token claims by its prefix, or null for anything else (e.g. a JWT). */
export function apiTokenKindOf(token: string): ApiTokenKind | null {
  if (token.startsWith(TOKEN_PREFIX.display)) return 'display';
  if (token.startsWith(TOKEN_PREFIX.integration)) return 'integration';
  return null;
}
