import type { Role } from '@leaderboard/contracts';

/** Who is calling. Users log in; displays and integrations present long-lived opaque tokens. */
export type Principal = (
  | { kind: 'user'; userId: string; role: Role; repId: string | null; email: string }
  | { kind: 'display'; tokenId: string; name: string }
  | { kind: 'integration'; tokenId: string; name: string; source: string | null }
) & {
  /** When the credential stops being valid (epoch ms), if it expires; live sockets close then. */
  expiresAt?: number | null;
};

/** What a route may be called by: a user role, or a token kind. */
export type Caller = Role | 'display' | 'integration';

export function callerOf(principal: Principal): Caller {
  return principal.kind === 'user' ? principal.role : principal.kind;
}
