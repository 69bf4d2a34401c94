import { CrmHttp, CrmHttpError, redact, retryAfterMs, type CrmHttpOptions } from './crm-http.js';

const T0 = Date.parse('2026-11-18T07:00:00Z');

/** A fake clock and sleep (sleeping moves the clock), and a fetch that answers from a script. */
function harness(answers: Array<() => Response | Promise<Response>>, options: Partial<CrmHttpOptions> = {}) {
  let now = T0;
  const sleeps: number[] = [];
  const calls: Array<{ url: string; at: number; init: RequestInit | undefined }> = [];
  const fetchFn = (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), at: now - T0, init });
    const next = answers.length > 1 ? answers.shift()! : answers[0];
    return Promise.resolve(next());
  };
  const http = new CrmHttp({
    rate: { perSecond: 2, burst: 2 },
    backoffMs: 100,
    fetch: fetchFn as typeof fetch,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    now: () => now,
    ...options,
  });
  return { http, sleeps, calls };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });

describe('CrmHttp', () => {
  it('spaces requests by the token bucket: a burst at once, then one per 1/perSecond', async () => {
    const { http, calls } = harness([json(200, { ok: true })]);
    for (let i = 0; i < 5; i++) await http.get(`https://crm.example.com/api/${i}`);
    expect(calls.map((c) => c.at)).toEqual([0, 0, 500, 1000, 1500]);
  });

  it('keeps the order of concurrent requests and never exceeds the bucket', async () => {
    const { http, calls } = harness([json(200, [])], { rate: { perSecond: 7, burst: 7 } });
    await Promise.all(Array.from({ length: 21 }, (_, i) => http.get(`https://crm.example.com/api/${i}`)));
    expect(calls.map((c) => c.url)).toEqual(
      Array.from({ length: 21 }, (_, i) => `https://crm.example.com/api/${i}`),
    );
    // In any one second of the fake clock, at most burst + perSecond requests went out.
    for (const { at } of calls)
      expect(calls.filter((c) => c.at >= at && c.at < at + 1000).length).toBeLessThanOrEqual(14);
    expect(calls.at(-1)!.at).toBeGreaterThanOrEqual(1900);
  });

  it('retries a 429 after its Retry-After and a 503 with backoff, then answers', async () => {
    const { http, sleeps, calls } = harness([
      json(429, { error: 'slow down' }, { 'retry-after': '3' }),
      json(503, { error: 'QUERY_LIMIT_EXCEEDED' }),
      json(200, { deals: [1] }),
    ]);
    expect(await http.get('https://crm.example.com/api/deals')).toEqual({ deals: [1] });
    expect(calls).toHaveLength(3);
    expect(sleeps).toContain(3000);
    expect(sleeps).toContain(200);
  });

  it.each([400, 401, 403, 404])('does not retry a %i and says what the CRM answered', async (status) => {
    const { http, calls } = harness([json(status, { error: 'no such token' })]);
    const error = await http.get('https://crm.example.com/api/users').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CrmHttpError);
    expect((error as CrmHttpError).status).toBe(status);
    expect((error as CrmHttpError).message).toContain(`answered ${status}`);
    expect((error as CrmHttpError).message).toContain('no such token');
    expect(calls).toHaveLength(1);
  });

  it('gives up after its retries with the last error', async () => {
    const { http, calls } = harness([json(502, 'bad gateway')], { retries: 2 });
    const error = (await http.get('https://crm.example.com/api/x').catch((e: unknown) => e)) as CrmHttpError;
    expect(error).toBeInstanceOf(CrmHttpError);
    expect(error.status).toBeNull();
    expect(error.message).toMatch(/answered 502.*after 3 tries/);
    expect(calls).toHaveLength(3);
  });

  it('times a request out and retries it as a dropped connection', async () => {
    const hang = (_input: unknown, init?: RequestInit): Promise<Response> =>
      new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    const { http } = harness([json(200, {})], { fetch: hang as typeof fetch, timeoutMs: 5, retries: 1 });
    const error = (await http
      .get('https://crm.example.com/api/slow')
      .catch((e: unknown) => e)) as CrmHttpError;
    expect(error).toBeInstanceOf(CrmHttpError);
    expect(error.message).toMatch(/failed: aborted \(after 2 tries\)/);
  });

  it('never puts a token of the URL (query or Bitrix24 webhook path) in an error', async () => {
    const urls = [
      'https://api.pipedrive.com/v1/deals?api_token=PD-SECRET-123&start=0',
      'https://acme.bitrix24.ru/rest/1/b1x-SECRET-token/crm.deal.list.json?start=50',
      'https://school.getcourse.ru/pl/api/account/deals?key=GC-SECRET-KEY',
    ];
    for (const url of urls) {
      for (const answer of [
        json(401, { error: 'invalid' }),
        json(500, 'down'),
        () => Promise.reject(new Error('ECONNRESET')),
      ]) {
        const { http } = harness([answer], { retries: 1 });
        const error = (await http.get(url).catch((e: unknown) => e)) as Error;
        expect(error).toBeInstanceOf(CrmHttpError);
        expect(error.message).not.toMatch(/SECRET/);
      }
    }
    expect(redact('https://acme.bitrix24.ru/rest/1/b1x-SECRET-token/crm.user.get')).toBe(
      'https://acme.bitrix24.ru/rest/1/***/crm.user.get',
    );
  });

  it('sends the bearer token only as a header and refuses an answer that is not JSON', async () => {
    const { http, calls } = harness([() => new Response('<html>login</html>', { status: 200 })]);
    const error = (await http
      .request({
        url: 'https://acme.amocrm.ru/api/v4/users',
        headers: { authorization: 'Bearer AMO-SECRET' },
      })
      .catch((e: unknown) => e)) as CrmHttpError;
    expect(error.message).toContain('not JSON');
    expect(error.message).not.toContain('AMO-SECRET');
    expect((calls[0].init?.headers as Record<string, string>).authorization).toBe('Bearer AMO-SECRET');
  });

  it('reads Retry-After as seconds or an HTTP date, capped at a minute', () => {
    expect(retryAfterMs('2', T0)).toBe(2000);
    expect(retryAfterMs(new Date(T0 + 5000).toUTCString(), T0)).toBe(5000);
    expect(retryAfterMs('3600', T0)).toBe(60_000);
    expect(retryAfterMs('soon', T0)).toBe(0);
    expect(retryAfterMs(null, T0)).toBe(0);
  });
});
