import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../common/domain-error.js';
import { decideAccess } from './access-policy.js';
import { ALLOWED_CALLERS, PUBLIC_ROUTE } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import type { Caller, Principal } from './principal.js';

interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** `Authorization: Bearer <token>` -> the token, or null when the header is absent or malformed. */
export function bearerTokenOf(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match ? match[1]! : null;
}

/**
 * The global guard: authenticates the bearer token and enforces `@Public()` / `@Allow(...)`.
 * HTTP only; the websocket gateway calls `AuthService.authenticate` itself.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_ROUTE, targets) === true;
    const allowed = this.reflector.getAllAndOverride<Caller[] | undefined>(ALLOWED_CALLERS, targets);
    const request = context.switchToHttp().getRequest<HttpRequestLike>();
    const token = bearerTokenOf(request.headers['authorization']);

    let principal: Principal | null = null;
    if (token !== null) {
      if (isPublic) {
        // A public route works with a bad or stale token too; a good one is still made available.
        principal = await this.auth.authenticate(token).catch(() => null);
      } else {
        principal = await this.auth.authenticate(token);
      }
    }
    if (principal) request.principal = principal;

    switch (decideAccess({ isPublic, allowed }, principal)) {
      case 'allow':
        return true;
      case 'unauthenticated':
        throw new DomainError('UNAUTHENTICATED', 'A valid bearer token is required');
      case 'forbidden':
        throw new DomainError('FORBIDDEN', 'This token may not call this route');
    }
  }
}
