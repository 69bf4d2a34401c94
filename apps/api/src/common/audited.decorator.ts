import { SetMetadata } from '@nestjs/common';

export const AUDIT_ACTION = 'audit:action';

/**
 * The route changes something a manager must be able to trace: once it succeeds, the audit log
 * gets a row with the caller, `action`, the subject's id and the request body (secrets removed).
 */
export const Audited = (action: string): MethodDecorator => SetMetadata(AUDIT_ACTION, action);
