/**
 * A fake amoCRM account on `FakeServer`: users, pipelines with statuses (142 won, 143 lost in every
 * pipeline), leads and their `lead_status_changed` events, the API v4 subset the connector reads
 * (`/api/v4/account`, `leads/{id}`, `leads?filter[id][]`, `users`, `leads/pipelines`, `events`),
 * with Bearer auth, amoCRM's paging (`page`, `limit`, `_links.next`, 204 when empty) and its limit
 * of 7 requests/s (429). Moves return the webhook body amoCRM would POST; `AmoCrmSender` posts it.
 *
 *   const amo = new FakeAmoCrm(); await amo.start();
 *   amo.seedLeads(10_000, { won: true });           // history for a backfill (fast: in memory)
 *   const body = amo.win(amo.createLead({ price: 22500 }));
 *   await new AmoCrmSender(`${base}${hookPath}`).deliver(body);
 */
import { FakeServer, type FakeAnswer, type FakeRequest } from './fake-server.js';
import { LeakyBucket, WebhookSender, formBody, type SenderOptions } from './webhook-sender.js';

export const AMO_WON = 142;
export const AMO_LOST = 143;

export interface AmoUser {
  id: number;
  name: string;
  email: string;
  active: boolean;
}

export interface AmoLead {
  id: number;
  name: string;
  price: number;
  status_id: number;
  pipeline_id: number;
  responsible_user_id: number;
  created_at: number;
  updated_at: number;
  account_id: number;
}

export interface AmoEvent {
  id: string;
  type: 'lead_status_changed';
  entity_id: number;
  entity_type: 'lead';
  created_by: number;
  /** Unix seconds. */
  created_at: number;
  value_after: Array<{ lead_status: { id: number; pipeline_id: number } }>;
  value_before: Array<{ lead_status: { id: number; pipeline_id: number } }>;
  account_id: number;
}

export interface AmoPipeline {
  id: number;
  name: string;
  statuses: Array<{ id: number; name: string }>;
}

export interface FakeAmoCrmOptions {
  /** Requests per second and burst the fake allows (default amoCRM's 7/s); null: no limit. */
  rate?: { perSecond: number; burst: number } | null;
  token?: string;
}

interface Moved {
  lead: AmoLead;
  oldStatus: number;
}

export const AMO_PIPELINE = 9217056;
export const AMO_FIRST_STAGE = 20067736;
export const AMO_PROPOSAL = 20067737;

export class FakeAmoCrm {
  readonly server = new FakeServer();
  readonly accountId = 17769199;
  readonly subdomain = 'acme';
  readonly token: string;
  readonly users: AmoUser[] = [
    { id: 2079676, name: 'Anna Petrova', email: 'Anna@Example.com', active: true },
    { id: 2079718, name: 'Boris Orlov', email: 'boris@example.com', active: true },
  ];
  readonly pipelines: AmoPipeline[] = [
    {
      id: AMO_PIPELINE,
      name: 'Sales',
      statuses: [
        { id: AMO_FIRST_STAGE, name: 'First contact' },
        { id: AMO_PROPOSAL, name: 'Proposal' },
        { id: AMO_WON, name: 'Won' },
        { id: AMO_LOST, name: 'Lost' },
      ],
    },
  ];
  readonly leads = new Map<number, AmoLead>();
  readonly events: AmoEvent[] = [];
  /** Unix seconds of the next move when none is given; moves advance it by a second. */
  clock = Math.floor(Date.now() / 1000);
  private nextLead = 10_700_000;
  private nextNote = 5_000;
  private sorted = true;
  private readonly bucket: LeakyBucket | null;

  constructor(options: FakeAmoCrmOptions = {}) {
    this.token = options.token ?? 'amo-long-lived-token';
    const rate = options.rate === undefined ? { perSecond: 7, burst: 7 } : options.rate;
    this.bucket = rate === null ? null : new LeakyBucket(rate.perSecond, rate.burst);
    const get = (pattern: RegExp, route: (req: FakeRequest, params: string[]) => FakeAnswer) =>
      this.server.on('GET', pattern, (req, params) => this.guard(req) ?? route(req, params));
    get(/\/api\/v4\/account/, () => ({ body: { id: this.accountId, subdomain: this.subdomain } }));
    get(/\/api\/v4\/leads\/pipelines/, () => ({ body: this.pipelinesBody() }));
    get(/\/api\/v4\/leads\/(\d+)/, (_req, [id]) => {
      const lead = this.leads.get(Number(id));
      return lead ? { body: lead } : { status: 204 };
    });
    get(/\/api\/v4\/leads/, (req) => this.leadsList(req.query));
    get(/\/api\/v4\/users/, (req) => {
      const users = this.users.map(({ active, ...user }) => ({
        ...user,
        lang: 'ru',
        rights: { is_active: active },
      }));
      return this.page(req.query, 250, users, 'users');
    });
    get(/\/api\/v4\/events/, (req) => this.eventsList(req.query));
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  get url(): string {
    return this.server.url;
  }

  /** A new lead in the first stage, with no event (as if created before any history we read). */
  createLead(fields: Partial<Omit<AmoLead, 'id'>> = {}): number {
    const id = (this.nextLead += 1);
    this.leads.set(id, {
      ...{ id, name: `Lead ${id}`, price: 10_000, status_id: AMO_FIRST_STAGE, pipeline_id: AMO_PIPELINE },
      ...{ responsible_user_id: this.users[0]!.id, created_at: this.clock, updated_at: this.clock },
      account_id: this.accountId,
      ...fields,
    });
    return id;
  }

  /**
   * Moves a lead into `statusId` at `at` (unix s; default the clock, which then advances), records
   * its `lead_status_changed` event, and returns the `leads[status]` webhook body of the move.
   */
  move(leadId: number, statusId: number, at?: number, by?: number): string {
    return this.webhookOf([this.record(leadId, statusId, at, by)]);
  }

  win(leadId: number, at?: number): string {
    return this.move(leadId, AMO_WON, at);
  }

  /** Several moves, one POST with an item each (amoCRM batches). */
  moveMany(moves: Array<{ leadId: number; statusId: number; at?: number }>): string {
    return this.webhookOf(moves.map((m) => this.record(m.leadId, m.statusId, m.at)));
  }

  /**
   * `n` leads of `responsible` (default: the users in turn), each with one status change: to the
   * proposal stage or, with `won`, straight to won; times a second apart from `from` (unix s,
   * default the clock). 10,000 leads: 10,000 events, 100 pages of history.
   * Returns their ids.
   */
  seedLeads(
    n: number,
    opts: { won?: boolean; price?: number; from?: number; responsible?: number } = {},
  ): number[] {
    const ids: number[] = [];
    let at = opts.from ?? this.clock;
    for (let i = 0; i < n; i += 1) {
      const user = opts.responsible ?? this.users[i % this.users.length]!.id;
      const id = this.createLead({
        responsible_user_id: user,
        price: opts.price ?? 1000 + i,
        created_at: at,
      });
      this.record(id, opts.won ? AMO_WON : AMO_PROPOSAL, at);
      ids.push(id);
      at += 1;
    }
    this.clock = Math.max(this.clock, at);
    return ids;
  }

  /** A call note on a lead (note_type 10 in, 11 out; `text` JSON with DURATION and call_status). */
  call(
    leadId: number,
    durationSec: number,
    opts: { out?: boolean; userId?: number; at?: number } = {},
  ): string {
    const id = (this.nextNote += 1);
    const p = 'leads[note][0][note]';
    const text = JSON.stringify({
      DURATION: durationSec,
      call_status: durationSec > 0 ? 4 : 6,
      PHONE: '+79001234567',
    });
    return formBody([
      [`${p}[id]`, id],
      [`${p}[note_type]`, opts.out === false ? 10 : 11],
      [`${p}[element_id]`, leadId],
      [`${p}[element_type]`, 2],
      [`${p}[text]`, text],
      [`${p}[created_at]`, opts.at ?? this.tick()],
      [`${p}[responsible_user_id]`, opts.userId ?? this.leads.get(leadId)?.responsible_user_id ?? 0],
      ...this.accountPairs(),
    ]);
  }

  private tick(): number {
    return this.clock++;
  }

  private record(leadId: number, statusId: number, at?: number, by?: number): Moved {
    const lead = this.leads.get(leadId);
    if (!lead) throw new Error(`no lead ${leadId}`);
    const when = at ?? this.tick();
    const before = { id: lead.status_id, pipeline_id: lead.pipeline_id };
    const previous = this.events[this.events.length - 1];
    if (previous && when < previous.created_at) this.sorted = false;
    this.events.push({
      id: `01e${leadId.toString(36)}${this.events.length.toString(36)}`,
      ...{ type: 'lead_status_changed', entity_id: leadId, entity_type: 'lead' },
      created_by: by ?? lead.responsible_user_id,
      created_at: when,
      value_after: [{ lead_status: { id: statusId, pipeline_id: lead.pipeline_id } }],
      value_before: [{ lead_status: before }],
      account_id: this.accountId,
    });
    const moved = { ...lead, status_id: statusId, updated_at: when };
    this.leads.set(leadId, moved);
    return { lead: moved, oldStatus: before.id };
  }

  /** `leads[status][i][...]`: one item per move, then `account[...]`. */
  private webhookOf(moved: Moved[]): string {
    const pairs: Array<[string, string | number]> = [];
    moved.forEach(({ lead, oldStatus }, i) => {
      const p = `leads[status][${i}]`;
      pairs.push(
        ...([
          [`${p}[id]`, lead.id],
          [`${p}[name]`, lead.name],
          [`${p}[status_id]`, lead.status_id],
          [`${p}[old_status_id]`, oldStatus],
          [`${p}[pipeline_id]`, lead.pipeline_id],
          [`${p}[price]`, lead.price],
          [`${p}[responsible_user_id]`, lead.responsible_user_id],
          [`${p}[last_modified]`, lead.updated_at],
          [`${p}[modified_user_id]`, lead.responsible_user_id],
          [`${p}[account_id]`, this.accountId],
        ] as Array<[string, string | number]>),
      );
    });
    return formBody([...pairs, ...this.accountPairs()]);
  }

  private accountPairs(): Array<[string, string | number]> {
    return [
      ['account[subdomain]', this.subdomain],
      ['account[id]', this.accountId],
    ];
  }

  private guard(req: FakeRequest): FakeAnswer | null {
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      return { status: 401, body: { title: 'Unauthorized', status: 401, detail: 'Invalid token' } };
    }
    if (this.bucket && !this.bucket.take(req.at)) {
      this.server.limited += 1;
      return { status: 429, body: { title: 'Too Many Requests', status: 429 } };
    }
    return null;
  }

  private pipelinesBody(): unknown {
    const pipelines = this.pipelines.map((p) => ({
      id: p.id,
      name: p.name,
      _embedded: { statuses: p.statuses.map((s) => ({ ...s, pipeline_id: p.id })) },
    }));
    return { _total_items: pipelines.length, _embedded: { pipelines } };
  }

  private leadsList(query: URLSearchParams): FakeAnswer {
    const ids = query.getAll('filter[id][]').map(Number);
    const leads = ids.length > 0 ? ids.flatMap((id) => this.leads.get(id) ?? []) : [...this.leads.values()];
    return this.page(query, 250, leads, 'leads');
  }

  private eventsList(query: URLSearchParams): FakeAnswer {
    if (query.get('filter[type]') !== 'lead_status_changed') {
      return {
        status: 400,
        body: { title: 'Bad Request', detail: 'this fake serves lead_status_changed only' },
      };
    }
    if (!this.sorted) {
      this.events.sort((a, b) => a.created_at - b.created_at);
      this.sorted = true;
    }
    const from = Number(query.get('filter[created_at][from]') ?? 0);
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.created_at < from) lo = mid + 1;
      else hi = mid;
    }
    return this.page(query, 100, this.events.slice(lo), 'events');
  }

  /** amoCRM paging: `page` from 1, `limit` capped at `max`, `_links.next` when more, 204 when empty. */
  private page<T>(query: URLSearchParams, max: number, all: readonly T[], name: string): FakeAnswer {
    const limit = Math.min(Number(query.get('limit') ?? 50) || 50, max);
    const page = Math.max(Number(query.get('page') ?? 1) || 1, 1);
    const items = all.slice((page - 1) * limit, page * limit);
    if (items.length === 0) return { status: 204 };
    const links: Record<string, { href: string }> = { self: { href: `page=${page}` } };
    if (page * limit < all.length) links.next = { href: `page=${page + 1}` };
    return { body: { _page: page, _links: links, _embedded: { [name]: items } } };
  }
}

/** amoCRM's webhook habits: form POSTs, retried on a non-2xx (3 tries by default). */
export class AmoCrmSender extends WebhookSender {
  constructor(url: string, options: Partial<SenderOptions> = {}) {
    super(url, { attempts: 3, ...options });
  }
}
