/**
 * HTTP to a CRM's REST API within its limits: a token bucket per connector (amoCRM 7 requests/s,
 * Bitrix24 2/s with a burst of 50: research brief), a timeout per request, and retries with
 * exponential backoff on what a CRM answers when busy or down (429, 503 such as Bitrix24's
 * `QUERY_LIMIT_EXCEEDED`, other 5xx, a dropped connection), honouring `Retry-After`.
 */

export interface RateLimit {
  /** Requests per second on average. */
  perSecond: number;
  /** Requests that may go at once after a quiet spell. */
  burst: number;
}

export interface CrmHttpOptions {
  rate: RateLimit;
  /** Retries after the first try (default 4). */
  retries?: number;
  /** Per request (default 15 s). */
  timeoutMs?: number;
  /** First backoff delay; doubles each retry (default 500 ms). */
  backoffMs?: number;
  /** Injected for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface CrmRequest {
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON (POST). */
  json?: unknown;
  /** Sent form-encoded (POST), e.g. GetCourse's `key`, `action`, `params`. */
  form?: Record<string, string>;
}

export interface CrmResponse {
  status: number;
  /** Parsed JSON; null for an empty body (amoCRM answers 204 when a list is empty). */
  body: unknown;
}

/** The CRM answered an error we do not retry (4xx but 429), or kept failing after every retry. */
export class CrmHttpError extends Error {
  constructor(
    readonly status: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'CrmHttpError';
  }
}

const RETRIED = new Set([429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 60_000;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CrmHttp {
  private tokens: number;
  private refilledAt: number;
  /** Requests wait their turn in order: one bucket, no overtaking. */
  private queue: Promise<void> = Promise.resolve();
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(private readonly options: CrmHttpOptions) {
    if (!(options.rate.perSecond > 0) || !(options.rate.burst >= 1))
      throw new Error('A rate limit needs perSecond > 0 and burst >= 1');
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.tokens = options.rate.burst;
    this.refilledAt = this.now();
  }

  /** GET (or POST) with retries; resolves with a 2xx answer, else throws `CrmHttpError`. */
  async request(req: CrmRequest): Promise<CrmResponse> {
    const retries = this.options.retries ?? 4;
    const backoff = this.options.backoffMs ?? 500;
    let lastError = 'no attempt';
    for (let attempt = 0; attempt <= retries; attempt += 1) {
      await this.take();
      let wait = backoff * 2 ** attempt;
      try {
        const res = await this.fetchFn(req.url, this.init(req));
        const text = await res.text();
        if (res.ok) return { status: res.status, body: text === '' ? null : parseJson(text, req.url) };
        lastError = `${req.method ?? 'GET'} ${redact(req.url)} answered ${res.status}: ${text.slice(0, 200)}`;
        if (!RETRIED.has(res.status)) throw new CrmHttpError(res.status, lastError);
        wait = Math.max(wait, retryAfterMs(res.headers.get('retry-after'), this.now()));
      } catch (error) {
        if (error instanceof CrmHttpError) throw error;
        lastError = `${req.method ?? 'GET'} ${redact(req.url)} failed: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (attempt < retries) await this.sleep(wait);
    }
    throw new CrmHttpError(null, `${lastError} (after ${retries + 1} tries)`);
  }

  /** The JSON body of a GET. */
  async get(url: string, headers?: Record<string, string>): Promise<unknown> {
    return (await this.request({ url, headers })).body;
  }

  private init(req: CrmRequest): RequestInit {
    const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(req.form).toString();
    }
    return {
      method: req.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    };
  }

  /** Waits for a token of the bucket (in arrival order). */
  private take(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        this.refill();
        if (this.tokens >= 1) {
          this.tokens -= 1;
          return;
        }
        await this.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.options.rate.perSecond));
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const now = this.now();
    const { perSecond, burst } = this.options.rate;
    this.tokens = Math.min(burst, this.tokens + ((now - this.refilledAt) * perSecond) / 1000);
    this.refilledAt = now;
  }
}

function parseJson(text: string, url: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CrmHttpError(200, `${redact(url)} answered something that is not JSON: ${text.slice(0, 120)}`);
  }
}

/** `Retry-After` in seconds or as an HTTP date, capped at a minute; 0 when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number {
  if (header === null || header.trim() === '') return 0;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS) : 0;
}

/** A URL as an error message may show it: no query (tokens travel there) and no token-like path part. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    const path = u.pathname.replace(/\/rest\/(\d+)\/[^/]+/, '/rest/$1/***');
    return `${u.origin}${path}`;
  } catch {
    return '(an invalid URL)';
  }
}
