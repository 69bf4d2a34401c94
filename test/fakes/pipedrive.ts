/**
 * A fake Pipedrive company: users, pipelines, stages, deals, activities; the API subset our client
 * reads (v1 users and users/me, v2 deals, pipelines, stages and activities with cursor paging and
 * `limit` at most 500, `updated_since`), the `api_token` query parameter, a rate limit answered 429;
 * and a sender delivering webhooks v2 as Pipedrive does (`meta`/`data`/`previous`, optional HTTP
 * Basic, retried after a failure).
 */
import { FakeServer, type FakeAnswer, type FakeRequest } from './fake-server.js';

export type PipedriveRecord = Record<string, unknown> & { id: number; update_time: string };

export interface PipedriveUser {
  id: number;
  name: string;
  email: string;
  active_flag: boolean;
}

export class PipedriveFake {
  readonly server = new FakeServer();
  readonly users: PipedriveUser[] = [];
  readonly pipelines = [{ id: 1, name: 'Sales' }];
  readonly stages = [
    { id: 1, name: 'Qualified', pipeline_id: 1, order_nr: 1 },
    { id: 2, name: 'Proposal Made', pipeline_id: 1, order_nr: 2 },
    { id: 3, name: 'Negotiations', pipeline_id: 1, order_nr: 3 },
  ];
  readonly deals = new Map<number, PipedriveRecord>();
  readonly activities = new Map<number, PipedriveRecord>();

  constructor(
    readonly companyId = 7_700_001,
    readonly token = 'pd-token',
  ) {
    const s = this.server;
    s.on('GET', /\/v1\/users\/me/, (req) =>
      this.authed(req, () => ({ body: { success: true, data: this.me() } })),
    );
    s.on('GET', /\/v1\/users/, (req) =>
      this.authed(req, () => ({ body: { success: true, data: this.users } })),
    );
    s.on('GET', /\/api\/v2\/pipelines/, (req) => this.authed(req, () => page(req, this.pipelines)));
    s.on('GET', /\/api\/v2\/stages/, (req) => this.authed(req, () => page(req, this.stages)));
    s.on('GET', /\/api\/v2\/deals\/(\d+)/, (req, [id]) =>
      this.authed(req, () => {
        const deal = this.deals.get(Number(id));
        return deal
          ? { body: { success: true, data: deal } }
          : { status: 404, body: { success: false, error: 'Deal not found' } };
      }),
    );
    s.on('GET', /\/api\/v2\/deals/, (req) =>
      this.authed(req, () => page(req, updated(req, [...this.deals.values()]))),
    );
    s.on('GET', /\/api\/v2\/activities/, (req) =>
      this.authed(req, () => page(req, updated(req, [...this.activities.values()]))),
    );
    // Pipedrive's token-based limit, scaled to a test: 80 requests per 2 s.
    s.limitTo({
      requests: 80,
      windowMs: 2000,
      answer: { status: 429, body: { success: false, error: 'Too Many Requests' } },
    });
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  seedUsers(count: number): PipedriveUser[] {
    for (let i = 0; i < count; i += 1) {
      const n = this.users.length;
      this.users.push({
        id: 2_000 + n,
        name: `User ${n}`,
        email: `User-${n}@Example.com`,
        active_flag: true,
      });
    }
    return this.users;
  }

  /** Sets a deal's fields at `at`; the webhook v2 body of that change (`previous`: the fields it changed). */
  changeDeal(id: number, fields: Record<string, unknown>, at: number): PipedriveWebhook {
    const iso = isoSeconds(at);
    const before = this.deals.get(id);
    const deal: PipedriveRecord = {
      ...(before ?? {
        id,
        title: `Deal ${id}`,
        status: 'open',
        currency: 'EUR',
        value: 0,
        pipeline_id: 1,
        stage_id: 1,
        add_time: iso,
      }),
      ...fields,
      update_time: iso,
    };
    if (before && fields.stage_id !== undefined && fields.stage_id !== before.stage_id)
      deal.stage_change_time = iso;
    if (fields.status === 'won') deal.won_time = iso;
    if (fields.status === 'lost') deal.lost_time = iso;
    this.deals.set(id, deal);
    const previous = before
      ? Object.fromEntries(Object.keys(fields).map((k) => [k, before[k] ?? null]))
      : null;
    return this.webhook(before ? 'change' : 'create', 'deal', deal, previous, at);
  }

  /** A call done at `at` lasting `duration` (`HH:MM:SS`). */
  doneCall(id: number, ownerId: number, duration: string, at: number): PipedriveWebhook {
    const iso = isoSeconds(at);
    const call: PipedriveRecord = {
      id,
      subject: 'Call',
      type: 'call',
      owner_id: ownerId,
      done: true,
      duration,
      marked_as_done_time: iso,
      add_time: iso,
      update_time: iso,
    };
    this.activities.set(id, call);
    return this.webhook('create', 'activity', call, null, at);
  }

  /** `count` deals of the seeded users (won every other one), updated a second apart from `from`. */
  seedDeals(count: number, from: number): void {
    const users = this.users.length > 0 ? this.users : this.seedUsers(3);
    for (let i = 0; i < count; i += 1) {
      const id = 50_000 + i;
      const owner = users[i % users.length]?.id ?? 0;
      this.changeDeal(id, { owner_id: owner, value: 100 + i, currency: 'EUR' }, from + i * 1000);
      this.changeDeal(id, i % 2 === 0 ? { status: 'won' } : { stage_id: 2 }, from + i * 1000 + 500);
    }
  }

  webhook(
    action: string,
    entity: string,
    data: PipedriveRecord,
    previous: Record<string, unknown> | null,
    at: number,
  ): PipedriveWebhook {
    return {
      meta: {
        action,
        entity,
        entity_id: String(data.id),
        id: `${entity}-${data.id}-${at}`,
        company_id: String(this.companyId),
        user_id: String(this.users[0]?.id ?? 1),
        is_bulk_edit: false,
        timestamp: isoSeconds(at),
        webhook_id: '222',
        webhook_owner_id: String(this.users[0]?.id ?? 1),
        attempt: 1,
        version: '2.0',
        host: 'acme.pipedrive.com',
      },
      data: { ...data },
      previous,
    };
  }

  private me(): unknown {
    return {
      ...(this.users[0] ?? { id: 1, name: 'Admin' }),
      company_id: this.companyId,
      company_domain: 'acme',
    };
  }

  private authed(req: FakeRequest, answer: () => FakeAnswer): FakeAnswer {
    if (req.query.get('api_token') !== this.token)
      return { status: 401, body: { success: false, error: 'unauthorized access', errorCode: 401 } };
    return answer();
  }
}

export interface PipedriveWebhook {
  meta: Record<string, unknown> & { attempt: number };
  data: Record<string, unknown>;
  previous: Record<string, unknown> | null;
}

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function updated<T extends { update_time: string; id: number }>(req: FakeRequest, records: T[]): T[] {
  const since = Date.parse(req.query.get('updated_since') ?? '1970-01-01T00:00:00Z');
  const type = req.query.get('type');
  return records
    .filter(
      (r) =>
        Date.parse(r.update_time) >= since && (type === null || (r as Record<string, unknown>).type === type),
    )
    .sort((a, b) => Date.parse(a.update_time) - Date.parse(b.update_time) || a.id - b.id);
}

/** Pipedrive v2 cursor paging: `limit` (default 100, at most 500), `additional_data.next_cursor`. */
function page(req: FakeRequest, records: unknown[]): FakeAnswer {
  const limit = Number(req.query.get('limit') ?? 100);
  if (!(limit >= 1 && limit <= 500))
    return { status: 400, body: { success: false, error: 'limit must be 1..500' } };
  const cursor = req.query.get('cursor');
  const start = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  const end = start + limit;
  const next = end < records.length ? Buffer.from(String(end), 'utf8').toString('base64url') : null;
  return { body: { success: true, data: records.slice(start, end), additional_data: { next_cursor: next } } };
}

export interface PipedriveSendOptions {
  /** HTTP Basic credentials set on the webhook. */
  basic?: { user: string; password: string };
  /** Tries after a failure (Pipedrive: after 3, 30 and 150 s; here at once). */
  retries?: number;
}

/** Delivers a webhook v2 as Pipedrive does: JSON POST, retried while it fails, `meta.attempt` counting. */
export async function sendPipedrive(
  url: string,
  hook: PipedriveWebhook,
  options: PipedriveSendOptions = {},
): Promise<Response[]> {
  const answers: Response[] = [];
  for (let attempt = 1; attempt <= 1 + (options.retries ?? 3); attempt += 1) {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Pipedrive Webhooks',
    };
    if (options.basic)
      headers.authorization = `Basic ${Buffer.from(`${options.basic.user}:${options.basic.password}`).toString('base64')}`;
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...hook, meta: { ...hook.meta, attempt } }),
    });
    await res.text();
    answers.push(res);
    if (res.ok) break;
  }
  return answers;
}
