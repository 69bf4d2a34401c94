/**
 * The one HTTP client of the web app, checked against the route map of libs/contracts:
 * `api.get('/api/reps/:id/breakdown', { params: { id }, query: { period } })` answers the mapped
 * response type, and a path, method, body or query the map does not have is a type error. A client
 * carries its token (the session's, or a display's); the error body of SPEC section 9 becomes an
 * `ApiError`, any other failure (a proxy's HTML page included) an `ApiError` with code `HTTP`, and a
 * 401 calls `onUnauthorized`. `download` reads a route that answers a file (the payroll CSV),
 * `upload` sends a file as the raw body of a route that takes one (the events CSV).
 */
import type {
  ErrorBody,
  ErrorDetail,
  FilePathOf,
  HttpMethod,
  JsonPathOf,
  PathParams,
  RouteOf,
  UploadPathOf,
} from '@leaderboard/contracts';

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

export interface ClientAuth {
  /** Read on every call: the token of the moment (null: none sent). */
  token: () => string | null;
  /** Called on a 401 (the token expired or was revoked). */
  onUnauthorized?: () => void;
}

type QueryValue = string | number | boolean | undefined;

type ParamsPart<P extends string> = keyof PathParams<P> extends never
  ? { params?: never }
  : { params: PathParams<P> };
type BodyPart<R> = R extends { body: infer B } ? { body: B } : { body?: never };
type QueryPart<R> = R extends { query: infer Q }
  ? Record<never, never> extends Q
    ? { query?: Q }
    : { query: Q }
  : { query?: never };

/** What a call of `method path` takes: `params` for `:name`s, the route's `body` and `query`. */
export type CallOptions<M extends HttpMethod, P extends string> = ParamsPart<P> &
  BodyPart<RouteOf<M, P>> &
  QueryPart<RouteOf<M, P>>;
type CallArgs<M extends HttpMethod, P extends string> =
  Record<never, never> extends CallOptions<M, P>
    ? [options?: CallOptions<M, P>]
    : [options: CallOptions<M, P>];
export type ResponseOf<M extends HttpMethod, P extends string> = RouteOf<M, P>['response'];

type Call<M extends HttpMethod> = <P extends JsonPathOf<M>>(
  path: P,
  ...args: CallArgs<M, P>
) => Promise<ResponseOf<M, P>>;

type FileCall = <P extends FilePathOf<'GET'>>(path: P, ...args: CallArgs<'GET', P>) => Promise<ArrayBuffer>;
type UploadCall = <P extends UploadPathOf>(path: P, file: Blob) => Promise<ResponseOf<'POST', P>>;

export interface ApiClient {
  get: Call<'GET'>;
  post: Call<'POST'>;
  put: Call<'PUT'>;
  patch: Call<'PATCH'>;
  delete: Call<'DELETE'>;
  download: FileCall;
  upload: UploadCall;
}

interface RawOptions {
  params?: Record<string, string>;
  query?: object;
  body?: unknown;
  /** Sent as it is (text/csv), not as JSON. */
  file?: Blob;
}

/** `/api/reps/:id` with `{ id }` -> `/api/reps/<id>`, then `?name=value&...` in the query's own order. */
export function urlOf(path: string, options: RawOptions = {}): string {
  const params = options.params;
  const filled =
    params === undefined
      ? path
      : path.replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const pairs = Object.entries((options.query ?? {}) as Record<string, QueryValue>)
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    // `:` may stand in a query (`scope=rep:<id>`): the URL reads as the API documents it.
    .map(([name, value]) => `${name}=${encodeURIComponent(String(value)).replace(/%3A/gi, ':')}`);
  return pairs.length === 0 ? filled : `${filled}?${pairs.join('&')}`;
}

/** The body as JSON, or undefined when it is empty or not JSON. */
function jsonOrUndefined(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function fetchChecked(
  auth: ClientAuth,
  method: HttpMethod,
  path: string,
  options: RawOptions,
): Promise<Response> {
  const url = urlOf(path, options);
  const headers: Record<string, string> = {};
  const token = auth.token();
  if (token) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { headers };
  if (method !== 'GET') init.method = method;
  if (options.file !== undefined) {
    headers['content-type'] = 'text/csv';
    init.body = options.file;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }
  const response = await fetch(url, init);
  if (response.ok) return response;
  if (response.status === 401) auth.onUnauthorized?.();
  const json = jsonOrUndefined(await response.text());
  if (isErrorBody(json)) {
    throw new ApiError(response.status, json.error.code, json.error.message, json.error.details);
  }
  throw new ApiError(response.status, 'HTTP', `${url} answered ${response.status}`);
}

async function send(
  auth: ClientAuth,
  method: HttpMethod,
  path: string,
  options: RawOptions,
): Promise<unknown> {
  const response = await fetchChecked(auth, method, path, options);
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'HTTP', `${path} answered something other than JSON`);
  }
}

export function createApiClient(auth: ClientAuth): ApiClient {
  const call =
    <M extends HttpMethod>(method: M): Call<M> =>
    (path, ...args) =>
      send(auth, method, path, (args[0] ?? {}) as RawOptions) as Promise<ResponseOf<M, typeof path>>;
  return {
    get: call('GET'),
    post: call('POST'),
    put: call('PUT'),
    patch: call('PATCH'),
    delete: call('DELETE'),
    download: async (path, ...args) =>
      (await fetchChecked(auth, 'GET', path, (args[0] ?? {}) as RawOptions)).arrayBuffer(),
    upload: (path, file) => send(auth, 'POST', path, { file }) as Promise<ResponseOf<'POST', typeof path>>,
  };
}
