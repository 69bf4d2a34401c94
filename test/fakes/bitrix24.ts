/**
 * A fake Bitrix24 portal on `FakeServer`: users, deal funnels (the default 0 and categories) with
 * stages and their semantics, deals and their `crm.stagehistory.list` rows, behind an inbound
 * webhook URL (`/rest/1/<token>/<method>.json`): `crm.deal.get`, `crm.deal.list`, `user.get`,
 * `crm.dealcategory.list`, `crm.status.list`, `crm.stagehistory.list`, paged by `start` (50, `next`,
 * `total`), limited as Bitrix24 does (2 requests/s, burst 50: 503 `QUERY_LIMIT_EXCEEDED`). Moves
 * return the `ONCRMDEALUPDATE` body Bitrix24 would POST (only the id); `Bitrix24Sender` posts it once.
 *
 *   const b24 = new FakeBitrix24(); await b24.start();
 *   connector credentials: { restUrl: b24.restUrl, applicationToken: b24.applicationToken }
 *   b24.seedDeals(10_000, { won: true });             // history for a backfill (fast: in memory)
 *   await new Bitrix24Sender(`${base}${hookPath}`).deliver(b24.win(b24.createDeal({ OPPORTUNITY: '22500.00' })));
 */
import { FakeServer, type FakeAnswer, type FakeRequest } from './fake-server.js';
import { LeakyBucket, WebhookSender, formBody, type SenderOptions } from './webhook-sender.js';

export interface B24Deal {
  ID: string;
  TITLE: string;
  CATEGORY_ID: string;
  STAGE_ID: string;
  STAGE_SEMANTIC_ID: 'P' | 'S' | 'F';
  OPPORTUNITY: string;
  CURRENCY_ID: string;
  ASSIGNED_BY_ID: string;
  MOVED_TIME: string;
  DATE_MODIFY: string;
}

export interface B24HistoryRow {
  ID: string;
  /** 1 created, 2 moved to an intermediate stage, 3 to a final one. */
  TYPE_ID: string;
  OWNER_ID: string;
  CREATED_TIME: string;
  CATEGORY_ID: string;
  STAGE_SEMANTIC_ID: 'P' | 'S' | 'F';
  STAGE_ID: string;
}

export interface B24Stage {
  STATUS_ID: string;
  NAME: string;
  ENTITY_ID: string;
  CATEGORY_ID: string;
  SEMANTICS: 'S' | 'F' | null;
}

export interface FakeBitrix24Options {
  /** Default Bitrix24's 2/s with a burst of 50; null: no limit. */
  rate?: { perSecond: number; burst: number } | null;
}

const PAGE = 50;

/** Bitrix24 writes times with the portal's offset: Moscow here. */
export function b24Time(ms: number): string {
  return `${new Date(ms + 3 * 3600_000).toISOString().slice(0, 19)}+03:00`;
}

export class FakeBitrix24 {
  readonly server = new FakeServer();
  readonly memberId = 'a223c6b3710f85df22e9377d6c4f7553';
  readonly applicationToken = 'b24-outbound-token-5185';
  readonly restToken = 'inbound-rest-token-7k2';
  readonly users = [
    { ID: '12', NAME: 'Anna', LAST_NAME: 'Petrova', EMAIL: 'Anna@Example.com', ACTIVE: true },
    { ID: '13', NAME: 'Boris', LAST_NAME: 'Orlov', EMAIL: 'boris@example.com', ACTIVE: true },
  ];
  readonly categories = [{ ID: '14', NAME: 'Wholesale' }];
  readonly stages: B24Stage[] = [
    ...['NEW', 'PREPARATION', 'WON', 'LOSE'].map((s) => stage('0', s)),
    ...['NEW', 'PREP', 'WON', 'LOSE'].map((s) => stage('14', s)),
  ];
  readonly deals = new Map<string, B24Deal>();
  readonly history: B24HistoryRow[] = [];
  /** Epoch ms of each history row (index-aligned), so that 10,000 deals page fast. */
  private readonly historyAt: number[] = [];
  private inOrder = true;
  /** Epoch ms of the next move when none is given; moves advance it by a second. */
  clock = Date.now();
  private nextDeal = 660;
  private nextCall = 1;
  private readonly bucket: LeakyBucket | null;

  constructor(options: FakeBitrix24Options = {}) {
    const rate = options.rate === undefined ? { perSecond: 2, burst: 50 } : options.rate;
    this.bucket = rate === null ? null : new LeakyBucket(rate.perSecond, rate.burst);
    const methods: Record<string, (q: URLSearchParams) => FakeAnswer> = {
      'crm.deal.get': (q) => this.dealGet(q),
      'crm.deal.list': (q) => this.dealList(q),
      'user.get': (q) => page(q, this.users),
      'crm.dealcategory.list': (q) => page(q, this.categories),
      'crm.dealcategory.default.get': () => ({ body: { result: { ID: 0, NAME: 'Общая' } } }),
      'crm.status.list': (q) =>
        page(
          q,
          this.stages.filter((s) => s.ENTITY_ID === q.get('filter[ENTITY_ID]')),
        ),
      'crm.stagehistory.list': (q) => this.stageHistory(q),
    };
    const route = (req: FakeRequest, [token, method]: string[]): FakeAnswer => {
      if (token !== this.restToken)
        return {
          status: 401,
          body: { error: 'INVALID_CREDENTIALS', error_description: 'Invalid request credentials' },
        };
      if (this.bucket && !this.bucket.take(req.at)) {
        this.server.limited += 1;
        return {
          status: 503,
          body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' },
        };
      }
      const handler = methods[method ?? ''];
      if (!handler)
        return {
          status: 404,
          body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
        };
      const query = new URLSearchParams(req.query);
      for (const [k, v] of new URLSearchParams(req.body)) query.append(k, v);
      return handler(query);
    };
    this.server.on('GET', /\/rest\/1\/([^/]+)\/([a-z.]+)\.json/, route);
    this.server.on('POST', /\/rest\/1\/([^/]+)\/([a-z.]+)\.json/, route);
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** The inbound webhook URL the admin pastes as `credentials.restUrl`. */
  get restUrl(): string {
    return `${this.server.url}/rest/1/${this.restToken}/`;
  }

  /** The portal's host, as `auth[domain]` names it (the host of `restUrl`). */
  get domain(): string {
    return new URL(this.server.url).host;
  }

  /** A new deal in the funnel's first stage (with its "created" stage-history row). */
  createDeal(fields: Partial<B24Deal> = {}, at?: number): string {
    const ID = String((this.nextDeal += 1));
    const when = at ?? this.tick();
    const category = fields.CATEGORY_ID ?? '0';
    const deal: B24Deal = {
      ...{ ID, TITLE: `Deal ${ID}`, CATEGORY_ID: category, STAGE_ID: stageId(category, 'NEW') },
      ...{
        STAGE_SEMANTIC_ID: 'P',
        OPPORTUNITY: '10000.00',
        CURRENCY_ID: 'RUB',
        ASSIGNED_BY_ID: this.users[0]!.ID,
      },
      ...{ MOVED_TIME: b24Time(when), DATE_MODIFY: b24Time(when) },
      ...fields,
    };
    this.deals.set(ID, deal);
    this.row(deal, '1', when);
    return ID;
  }

  /** Moves a deal into `stage` (`PREPARATION`, `C14:PREP`, `WON`...) and returns the ONCRMDEALUPDATE body. */
  move(dealId: string, stage: string, at?: number): string {
    const deal = this.deals.get(dealId);
    if (!deal) throw new Error(`no deal ${dealId}`);
    const known = this.stages.find((s) => s.STATUS_ID === stage && s.CATEGORY_ID === deal.CATEGORY_ID);
    if (!known) throw new Error(`no stage ${stage} in funnel ${deal.CATEGORY_ID}`);
    const when = at ?? this.tick();
    Object.assign(deal, {
      STAGE_ID: stage,
      STAGE_SEMANTIC_ID: known.SEMANTICS ?? 'P',
      MOVED_TIME: b24Time(when),
      DATE_MODIFY: b24Time(when),
    });
    this.row(deal, known.SEMANTICS ? '3' : '2', when);
    return this.dealEvent('ONCRMDEALUPDATE', dealId);
  }

  win(dealId: string, at?: number): string {
    return this.move(dealId, stageId(this.deals.get(dealId)?.CATEGORY_ID ?? '0', 'WON'), at);
  }

  /** An edit that moves nothing (Bitrix24 still sends ONCRMDEALUPDATE). */
  edit(dealId: string, fields: Partial<B24Deal>): string {
    Object.assign(this.deals.get(dealId) ?? {}, fields);
    return this.dealEvent('ONCRMDEALUPDATE', dealId);
  }

  /**
   * `n` deals (users in turn unless `assigned`), each created (a stage-history row) then moved to
   * PREPARATION or, with `won`, WON (a second row); a second apart from `from` (epoch ms, default the clock). 10,000 take milliseconds.
   */
  seedDeals(
    n: number,
    opts: { won?: boolean; amount?: string; from?: number; assigned?: string } = {},
  ): string[] {
    const ids: string[] = [];
    let at = opts.from ?? this.clock;
    for (let i = 0; i < n; i += 1) {
      const assigned = opts.assigned ?? this.users[i % this.users.length]!.ID;
      const id = this.createDeal(
        { ASSIGNED_BY_ID: assigned, OPPORTUNITY: opts.amount ?? `${1000 + i}.00` },
        at,
      );
      this.move(id, opts.won ? 'WON' : 'PREPARATION', at);
      ids.push(id);
      at += 1000;
    }
    this.clock = Math.max(this.clock, at);
    return ids;
  }

  /** The ONVOXIMPLANTCALLEND body of a call (CALL_TYPE 1 out, 2 in; failed code 200 when it went through). */
  call(durationSec: number, opts: { userId?: string; out?: boolean; at?: number } = {}): string {
    const when = opts.at ?? this.tick();
    return formBody([
      ['event', 'ONVOXIMPLANTCALLEND'],
      ['data[CALL_ID]', `externalCall.${(this.nextCall += 1)}.${this.memberId.slice(0, 6)}`],
      ['data[CALL_TYPE]', opts.out === false ? 2 : 1],
      ['data[PHONE_NUMBER]', '+79001234567'],
      ['data[PORTAL_USER_ID]', opts.userId ?? this.users[0]!.ID],
      ['data[CALL_DURATION]', durationSec],
      ['data[CALL_START_DATE]', b24Time(when)],
      ['data[CALL_FAILED_CODE]', durationSec > 0 ? 200 : 304],
      ['ts', Math.floor(when / 1000)],
      ...this.authPairs(),
    ]);
  }

  private tick(): number {
    const now = this.clock;
    this.clock += 1000;
    return now;
  }

  private row(deal: B24Deal, type: string, at: number): void {
    if (at < (this.historyAt[this.historyAt.length - 1] ?? -Infinity)) this.inOrder = false;
    this.historyAt.push(at);
    this.history.push({
      ID: String(this.history.length + 1),
      TYPE_ID: type,
      OWNER_ID: deal.ID,
      CREATED_TIME: b24Time(at),
      CATEGORY_ID: deal.CATEGORY_ID,
      STAGE_SEMANTIC_ID: deal.STAGE_SEMANTIC_ID,
      STAGE_ID: deal.STAGE_ID,
    });
  }

  private dealEvent(event: string, id: string): string {
    return formBody([
      ['event', event],
      ['event_handler_id', 7],
      ['data[FIELDS][ID]', id],
      ['ts', Math.floor(this.clock / 1000)],
      ...this.authPairs(),
    ]);
  }

  private authPairs(): Array<[string, string]> {
    return [
      ['auth[domain]', this.domain],
      ['auth[client_endpoint]', `http://${this.domain}/rest/`],
      ['auth[server_endpoint]', 'https://oauth.bitrix.info/rest/'],
      ['auth[member_id]', this.memberId],
      ['auth[application_token]', this.applicationToken],
    ];
  }

  private dealGet(q: URLSearchParams): FakeAnswer {
    const deal = this.deals.get(q.get('id') ?? q.get('ID') ?? '');
    return deal
      ? { body: { result: deal, time: {} } }
      : { status: 400, body: { error: '', error_description: 'Not found' } };
  }

  private dealList(q: URLSearchParams): FakeAnswer {
    const ids = q.getAll('filter[ID][]');
    const deals = ids.length > 0 ? ids.flatMap((id) => this.deals.get(id) ?? []) : [...this.deals.values()];
    return page(q, deals);
  }

  private stageHistory(q: URLSearchParams): FakeAnswer {
    if (q.get('entityTypeId') !== '2')
      return { status: 400, body: { error: 'INVALID_ARG', error_description: 'entityTypeId' } };
    const from = q.get('filter[>=CREATED_TIME]');
    const fromMs = from === null ? -Infinity : Date.parse(from);
    const owner = q.get('filter[OWNER_ID]');
    let rows: B24HistoryRow[];
    if (owner === null && this.inOrder) {
      // Rows are in time order (the usual case): the first one since `from` by bisection.
      let lo = 0;
      let hi = this.historyAt.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.historyAt[mid]! < fromMs) lo = mid + 1;
        else hi = mid;
      }
      rows = this.history.slice(lo);
    } else {
      rows = this.history.filter(
        (r, i) => this.historyAt[i]! >= fromMs && (owner === null || r.OWNER_ID === owner),
      );
    }
    if (q.get('order[ID]') === 'DESC') rows = [...rows].reverse();
    const answer = page(q, rows);
    const body = answer.body as { result: unknown };
    return { body: { ...body, result: { items: body.result } } };
  }
}

function stageId(category: string, name: string): string {
  return category === '0' ? name : `C${category}:${name}`;
}

function stage(category: string, name: string): B24Stage {
  const semantics = name === 'WON' ? 'S' : name === 'LOSE' ? 'F' : null;
  const ENTITY_ID = category === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${category}`;
  return {
    STATUS_ID: stageId(category, name),
    NAME: name,
    ENTITY_ID,
    CATEGORY_ID: category,
    SEMANTICS: semantics,
  };
}

/** Bitrix24 list paging: `start` offset, 50 a page, `next` when more, `total` always. */
function page<T>(q: URLSearchParams, all: readonly T[]): FakeAnswer {
  const start = Math.max(Number(q.get('start') ?? 0) || 0, 0);
  const result = all.slice(start, start + PAGE);
  const more = start + PAGE < all.length;
  return { body: { result, ...(more ? { next: start + PAGE } : {}), total: all.length, time: {} } };
}

/** Bitrix24's webhook habits: one form POST per event, never resent whatever the answer. */
export class Bitrix24Sender extends WebhookSender {
  constructor(url: string, options: Partial<SenderOptions> = {}) {
    super(url, { ...options, attempts: 1 });
  }
}
