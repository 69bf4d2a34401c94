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

export interface RepView {
  id: string;
  key: string;
  name: string;
  teamId: string | null;
  region: string | null;
  email: string | null;
  photoUrl: string | null;
  active: boolean;
}
