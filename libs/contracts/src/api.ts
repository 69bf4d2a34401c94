export type Role = 'admin' | 'manager' | 'rep';

export interface LoginResponse {
  accessToken: string;
  role: Role;
}

/** Error codes the API answers with; see SPEC section 9 for the body. */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'BATCH_INVALID'
  | 'EVENT_CONFLICT'
  | 'RULESET_INVALID'
  | 'RULESET_PUBLISHED'
  | 'NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CONFLICT'
  | 'PERIOD_LOCKED'
  | 'PERIOD_CLOSED'
  | 'PERIOD_NOT_ENDED'
  | 'APPROVAL_NOT_ALLOWED'
  | 'TOO_MANY_REQUESTS'
  /** 503 with `Retry-After`: the database cannot be reached right now. */
  | 'UNAVAILABLE'
  /** 409: the connector's kind has no CRM API client, or it lacks what the API needs (a token). */
  | 'CRM_NOT_CONNECTED'
  /** 502: the CRM's API did not answer (down, timed out, kept answering 429/5xx) or answered nonsense. */
  | 'CRM_UNAVAILABLE'
  /** 422: the CRM's API refused the call (401 bad token, 403, 404...): its answer is in the message. */
  | 'CRM_REFUSED'
  | 'INTERNAL';

export interface ErrorDetail {
  /** Field path or batch index (`events[3].occurredAt`). */
  path?: string;
  index?: number;
  message: string;
  code?: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details: ErrorDetail[] };
}

export interface TeamView {
  id: string;
  name: string;
}

/**
 * A rep as displays and other reps see them (`GET /api/reps` with a display or rep token): what a
 * screen shows, nothing private (no e-mail, key, region, start date or working hours).
 */
export interface PublicRepView {
  id: string;
  name: string;
  teamId: string | null;
  photoUrl: string | null;
  active: boolean;
}

/** A rep as admins and managers see them, and a rep sees themselves. */
export interface RepView {
  id: string;
  key: string;
  name: string;
  teamId: string | null;
  region: string | null;
  email: string | null;
  photoUrl: string | null;
  /** The day the rep started (`YYYY-MM-DD`): their tenure bracket on the fair boards. */
  startedOn: string | null;
  active: boolean;
}

/** `GET /api/audit`: one change a person made, newest first. */
export interface AuditEntry {
  id: string;
  at: string;
  /** `kind` is the role (admin, manager, rep) or the token kind; `name` the e-mail or token name. */
  actor: { kind: string; id: string | null; name: string };
  /** e.g. `ruleset.publish`, `token.revoke`, `rep.update`. */
  action: string;
  subjectId: string | null;
  /** The request body of the change, secrets redacted. */
  details: Record<string, unknown>;
}
