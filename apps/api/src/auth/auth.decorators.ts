import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Caller, Principal } from './principal.js';

export const PUBLIC_ROUTE = 'auth:public';
export const ALLOWED_CALLERS = 'auth:allowed';

/** No token needed (login, health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/**
 * Who may call this route. A route with neither `@Public()` nor `@Allow(...)` is admin-only:
 * the guard denies by default.
 */
export const Allow = (...callers: Caller[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ALLOWED_CALLERS, callers);

/** The authenticated principal of the request (set by the global auth guard). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const request = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!request.principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return request.principal;
});
