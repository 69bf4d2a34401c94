import { callerOf, type Caller, type Principal } from './principal.js';

/** The route metadata the guard reads (method overrides class). */
export interface RouteAccess {
  isPublic: boolean;
  /** `@Allow(...)` callers, or undefined when the route has none (admin-only). */
  allowed: readonly Caller[] | undefined;
}

export type AccessDecision = 'allow' | 'unauthenticated' | 'forbidden';

/**
 * Who may call a route:
 * - `@Public()` routes: everyone, with or without a token;
 * - otherwise a valid token is required (else 401);
 * - admin may call every route;
 * - other callers only routes whose `@Allow(...)` names them; a route without `@Allow` is admin-only.
 */
export function decideAccess(route: RouteAccess, principal: Principal | null): AccessDecision {
  if (route.isPublic) return 'allow';
  if (!principal) return 'unauthenticated';
  const caller = callerOf(principal);
  if (caller === 'admin') return 'allow';
  return route.allowed?.includes(caller) ? 'allow' : 'forbidden';
}
