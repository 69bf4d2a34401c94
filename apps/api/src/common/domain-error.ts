import type { ErrorCode, ErrorDetail } from '@leaderboard/contracts';

const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  BATCH_INVALID: 422,
  EVENT_CONFLICT: 409,
  RULESET_INVALID: 422,
  RULESET_PUBLISHED: 409,
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CONFLICT: 409,
  PERIOD_LOCKED: 409,
  PERIOD_CLOSED: 409,
  PERIOD_NOT_ENDED: 409,
  APPROVAL_NOT_ALLOWED: 403,
  TOO_MANY_REQUESTS: 429,
  UNAVAILABLE: 503,
  CRM_NOT_CONNECTED: 409,
  CRM_UNAVAILABLE: 502,
  CRM_REFUSED: 422,
  INTERNAL: 500,
};

/**
 * An error the domain raises on purpose. One exception filter turns it into the SPEC section 9
 * body `{ error: { code, message, details } }` with the status of its code.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** Seconds the client should wait before trying again (sent as `Retry-After`). */
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}
