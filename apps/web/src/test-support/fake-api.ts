/**
 * For the console's tests: a `fetch` that answers "METHOD path" from a table (a function may look at
 * the body) and records every call. Used by the *.spec.tsx files beside it.
 */
export interface Reply {
  status: number;
  body?: unknown;
}

export type Route = Reply | ((body: unknown) => Reply);

export interface Call {
  key: string;
  body: unknown;
}

export function fakeApi(routes: Record<string, Route>): Call[] {
  const calls: Call[] = [];
  globalThis.fetch = (async (path: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${path}`;
    // A JSON body is parsed; a file (an upload) is recorded as it was sent.
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : (init.body ?? undefined);
    calls.push({ key, body });
    const route = routes[key];
    const reply: Reply =
      typeof route === 'function'
        ? route(body)
        : (route ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: key, details: [] } } });
    return {
      ok: reply.status < 400,
      status: reply.status,
      text: async () => (reply.body === undefined ? '' : JSON.stringify(reply.body)),
    } as Response;
  }) as typeof fetch;
  return calls;
}
