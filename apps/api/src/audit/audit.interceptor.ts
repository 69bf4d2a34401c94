import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { mergeMap, type Observable } from 'rxjs';
import type { Principal } from '../auth/principal.js';
import { AuditService } from './audit.service.js';
import { AUDIT_ACTION } from '../common/audited.decorator.js';

interface AuditedRequest {
  principal?: Principal;
  params?: Record<string, string>;
  body?: unknown;
}

/**
 * Writes the audit row of an `@Audited` route after the change succeeded and before the answer
 * leaves: a caller that got a success can find it in the log. A refused request writes nothing.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string | undefined>(AUDIT_ACTION, context.getHandler());
    if (action === undefined || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    return next.handle().pipe(
      mergeMap(async (result: unknown) => {
        const principal = request.principal;
        if (principal) {
          const resultId =
            result !== null && typeof result === 'object' && 'id' in result ? String(result.id) : null;
          await this.audit.record(principal, {
            action,
            subjectId: request.params?.['id'] ?? resultId,
            details: request.body !== null && typeof request.body === 'object' ? { ...request.body } : {},
          });
        }
        return result;
      }),
    );
  }
}
