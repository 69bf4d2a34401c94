import { bearerTokenOf } from './auth.guard.js';

/** The parts of a Socket.IO handshake a token can arrive in. */
export interface HandshakeLike {
  auth?: Record<string, unknown>;
  headers?: Record<string, string | string[] | undefined>;
}

/**
 * The token of a socket handshake: `auth: { token }` (what the web app and TVs send), else an
 * `Authorization: Bearer` header (scripts). Pass it to `AuthService.authenticate`.
 */
export function tokenFromHandshake(handshake: HandshakeLike): string | null {
  const fromAuth = handshake.auth?.['token'];
  if (typeof fromAuth === 'string' && fromAuth.trim() !== '')
    return bearerTokenOf(`Bearer ${fromAuth.trim()}`);
  return bearerTokenOf(handshake.headers?.['authorization']);
}
