import type { ErrorBody, ErrorCode, ErrorDetail } from '@leaderboard/contracts';

export function errorBody(code: ErrorCode, message: string, details: ErrorDetail[] = []): ErrorBody {
  return { error: { code, message, details } };
}
