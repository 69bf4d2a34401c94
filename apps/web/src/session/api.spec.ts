import { jest } from '@jest/globals';
import { ApiError, createApiClient, urlOf } from './api.js';

function answer(status: number, body?: unknown, raw?: string) {
  const fetchMock = jest.fn(
    async (_path: string, _init?: RequestInit) =>
      ({
        ok: status < 400,
        status,
        text: async () => raw ?? (body === undefined ? '' : JSON.stringify(body)),
        arrayBuffer: async () => Uint8Array.from(raw ?? '', (c) => c.charCodeAt(0)).buffer,
      }) as Response,
  );
  globalThis.fetch = fetchMock as unknown as typeof fetch;
  return fetchMock;
}

describe('urlOf', () => {
  it('fills :params and writes the query in its own order, leaving out undefined values', () => {
    expect(urlOf('/api/reps/:id/breakdown', { params: { id: 'a b' }, query: { period: 'week' } })).toBe(
      '/api/reps/a%20b/breakdown?period=week',
    );
    expect(
      urlOf('/api/kpis', { query: { period: 'month', scope: 'rep:r1', periods: 1, at: undefined } }),
    ).toBe('/api/kpis?period=month&scope=rep:r1&periods=1');
    expect(urlOf('/api/audit', { query: { limit: 50, before: '1&2' } })).toBe(
      '/api/audit?limit=50&before=1%262',
    );
    expect(urlOf('/api/teams')).toBe('/api/teams');
  });
});

describe('createApiClient', () => {
  it('sends the token, the method and a JSON body, and answers the parsed body', async () => {
    const fetchMock = answer(200, { id: 't1', name: 'North' });
    const client = createApiClient({ token: () => 'tok' });
    const team = await client.patch('/api/teams/:id', { params: { id: 't1' }, body: { name: 'North' } });
    expect(team.name).toBe('North');
    expect(fetchMock).toHaveBeenCalledWith('/api/teams/t1', {
      method: 'PATCH',
      headers: { authorization: 'Bearer tok', 'content-type': 'application/json' },
      body: '{"name":"North"}',
    });
  });

  it('answers undefined for a 204 and sends a GET without method or body', async () => {
    const fetchMock = answer(204);
    const client = createApiClient({ token: () => null });
    await expect(client.delete('/api/teams/:id', { params: { id: 't1' } })).resolves.toBeUndefined();
    answer(200, []);
    await client.get('/api/teams');
    expect(fetchMock.mock.calls[0][1]).toEqual({ method: 'DELETE', headers: {} });
  });

  it('turns the error body of SPEC 9 into an ApiError and calls onUnauthorized on a 401', async () => {
    const onUnauthorized = jest.fn();
    const client = createApiClient({ token: () => 'old', onUnauthorized });
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'expired', details: [] } });
    await expect(client.get('/api/auth/me')).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    answer(502);
    const error = await client.get('/api/teams').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: 'HTTP', message: '/api/teams answered 502' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('answers an ApiError, not a SyntaxError, when a proxy answers an HTML page', async () => {
    const client = createApiClient({ token: () => 'tok' });
    answer(502, undefined, '<html><body>Bad Gateway</body></html>');
    await expect(client.get('/api/teams')).rejects.toMatchObject({ status: 502, code: 'HTTP' });
    answer(200, undefined, '<html>login page of a captive portal</html>');
    await expect(client.get('/api/teams')).rejects.toMatchObject({ status: 200, code: 'HTTP' });
  });

  it('downloads a file route with the token, and fails like any call (401 signs out)', async () => {
    const onUnauthorized = jest.fn();
    const client = createApiClient({ token: () => 'tok', onUnauthorized });
    const fetchMock = answer(200, undefined, 'rep;points\r\n');
    const bytes = await client.download('/api/payouts/export.csv', { query: { period: '2026-10' } });
    expect(String.fromCharCode(...new Uint8Array(bytes))).toBe('rep;points\r\n');
    expect(fetchMock).toHaveBeenCalledWith('/api/payouts/export.csv?period=2026-10', {
      headers: { authorization: 'Bearer tok' },
    });
    answer(401, { error: { code: 'UNAUTHENTICATED', message: 'expired', details: [] } });
    await expect(
      client.download('/api/payouts/export.csv', { query: { period: '2026-10' } }),
    ).rejects.toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('checks paths, methods, params and bodies against the route map (type level)', () => {
    const client = createApiClient({ token: () => null });
    const typeChecks = (): void => {
      // @ts-expect-error: no such route
      void client.get('/api/nope');
      // @ts-expect-error: the route is POST
      void client.get('/api/tokens/:id/revoke', { params: { id: 'x' } });
      // @ts-expect-error: :id is required
      void client.get('/api/reps/:id');
      // @ts-expect-error: a team body is { name }
      void client.post('/api/teams', { body: { title: 'x' } });
      // @ts-expect-error: the payouts query needs its period
      void client.get('/api/payouts');
      // @ts-expect-error: the CSV export is not JSON
      void client.get('/api/payouts/export.csv', { query: { period: '2026-10' } });
      // @ts-expect-error: only file routes download
      void client.download('/api/teams');
    };
    expect(typeof typeChecks).toBe('function');
  });
});
