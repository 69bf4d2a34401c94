/**
 * A local HTTP server standing in for a CRM's REST API in tests (no internet): routes by method and
 * path, a log of every request, a rate limit that answers as the vendor does when exceeded, and
 * outages on demand. Each vendor's fake (amocrm.ts, bitrix24.ts, ...) builds on it. Node only: no
 * import from the app, so API specs and browser tests can both use it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

export interface FakeAnswer {
  status?: number;
  /** Sent as JSON unless a string. */
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeRoute = (req: FakeRequest, params: string[]) => FakeAnswer | Promise<FakeAnswer>;

export interface FakeLimit {
  /** Requests allowed in any window of `windowMs`. */
  requests: number;
  windowMs: number;
  /** What an exceeded limit answers (amoCRM 429, Bitrix24 503 QUERY_LIMIT_EXCEEDED). */
  answer: FakeAnswer;
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  /** Requests answered with the limit's answer. */
  limited = 0;
  private readonly routes: Array<{ method: string; pattern: RegExp; route: FakeRoute }> = [];
  private server: Server | null = null;
  private limit: FakeLimit | null = null;
  private down: FakeAnswer | null = null;
  private failNext: FakeAnswer[] = [];

  /** `pattern` matches the whole path; its groups are the route's params. */
  on(method: string, pattern: RegExp, route: FakeRoute): this {
    this.routes.push({ method, pattern, route });
    return this;
  }

  /** Enforces a rate limit like the vendor's (null lifts it). */
  limitTo(limit: FakeLimit | null): this {
    this.limit = limit;
    return this;
  }

  /** Every request answers `answer` until `up()`: the CRM is down. */
  goDown(answer: FakeAnswer = { status: 503, body: { error: 'down' } }): void {
    this.down = answer;
  }

  up(): void {
    this.down = null;
  }

  /** The next requests answer these, in order (a transient error), then the routes again. */
  failWith(...answers: FakeAnswer[]): void {
    this.failNext.push(...answers);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('The fake server is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Requests whose path matches. */
  calls(pattern: RegExp): FakeRequest[] {
    return this.requests.filter((r) => pattern.test(r.path));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      at: Date.now(),
    };
    this.requests.push(request);
    try {
      send(res, await this.answer(request));
    } catch (error) {
      send(res, { status: 500, body: { error: String(error) } });
    }
  }

  private async answer(req: FakeRequest): Promise<FakeAnswer> {
    if (this.down) return this.down;
    const failure = this.failNext.shift();
    if (failure) return failure;
    if (this.limit && this.overLimit(req.at, this.limit)) {
      this.limited += 1;
      return this.limit.answer;
    }
    for (const { method, pattern, route } of this.routes) {
      const match = method === req.method ? pattern.exec(req.path) : null;
      if (match && match[0] === req.path) return route(req, match.slice(1));
    }
    return { status: 404, body: { error: `no route ${req.method} ${req.path}` } };
  }

  private overLimit(at: number, limit: FakeLimit): boolean {
    const inWindow = this.requests.filter((r) => r.at > at - limit.windowMs).length;
    return inWindow > limit.requests;
  }
}

function send(res: ServerResponse, answer: FakeAnswer): void {
  const status = answer.status ?? 200;
  const text =
    answer.body === undefined
      ? ''
      : typeof answer.body === 'string'
        ? answer.body
        : JSON.stringify(answer.body);
  res.writeHead(status, {
    ...(text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...answer.headers,
  });
  res.end(text);
}
