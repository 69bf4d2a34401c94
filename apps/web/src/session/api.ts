/**
 * Authenticated HTTP for the signed-in surfaces (/me, /admin): the session's token on every call, the
 * error body of SPEC section 9 turned into an `ApiError`, and a 401 signing the session out.
 */
import type { ErrorBody, ErrorDetail } from '@leaderboard/contracts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    typeof (value as ErrorBody).error?.code === 'string'
  );
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  /** Called on a 401 (the token expired or was revoked). */
  onUnauthorized?: () => void;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    if (response.status === 401) options.onUnauthorized?.();
    if (isErrorBody(json)) {
      throw new ApiError(response.status, json.error.code, json.error.message, json.error.details);
    }
    throw new ApiError(response.status, 'HTTP', `${path} answered ${response.status}`);
  }
  return json as T;
}
