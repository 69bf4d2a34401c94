/**
 * A fake HubSpot account: owners, deal pipelines, deals; the CRM API v3 subset our client reads
 * (deal read, owners paged by `after`, pipelines, deal search with its 200-per-page and 10 000-deep
 * limits, account details), a Bearer token, HubSpot's 100 requests per 10 s answered 429; and a
 * sender delivering app webhooks as HubSpot does: JSON arrays in any order, signed v3, retried.
 */
import { createHmac } from 'node:crypto';
import { FakeServer, type FakeAnswer, type FakeRequest } from './fake-server.js';

export interface HubSpotOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  archived?: boolean;
}

export interface HubSpotDeal {
  id: string;
  /** Properties as HubSpot answers them: text values (or null). */
  properties: Record<string, string | null>;
}

export interface HubSpotWebhookItem {
  objectId: number;
  propertyName?: string;
  propertyValue?: string;
  eventId: number;
  subscriptionId: number;
  portalId: number;
  appId: number;
  occurredAt: number;
  subscriptionType: string;
  attemptNumber: number;
  changeSource: string;
}

export const HUBSPOT_PIPELINE = {
  id: 'default',
  label: 'Sales Pipeline',
  stages: [
    ['appointmentscheduled', 'Appointment Scheduled', 'false', '0.2'],
    ['qualifiedtobuy', 'Qualified To Buy', 'false', '0.4'],
    ['contractsent', 'Contract Sent', 'false', '0.9'],
    ['closedwon', 'Closed Won', 'true', '1.0'],
    ['closedlost', 'Closed Lost', 'true', '0.0'],
  ].map(([id, label, isClosed, probability]) => ({ id, label, metadata: { isClosed, probability } })),
};

/** HubSpot's private app limit: 100 requests per 10 s, then 429. */
export const HUBSPOT_LIMIT = {
  requests: 100,
  windowMs: 10_000,
  answer: { status: 429, body: { status: 'error', category: 'RATE_LIMITS' } },
};

export class HubSpotFake {
  readonly server = new FakeServer();
  readonly owners: HubSpotOwner[] = [];
  readonly deals = new Map<string, HubSpotDeal>();
  private eventId = 1_000;

  constructor(
    readonly portalId = 33,
    readonly token = 'hub-token',
  ) {
    const s = this.server;
    s.on('GET', /\/account-info\/v3\/details/, (req) => this.authed(req, () => ({ body: this.details() })));
    s.on('GET', /\/crm\/v3\/owners\/?/, (req) => this.authed(req, () => this.ownersPage(req)));
    s.on('GET', /\/crm\/v3\/pipelines\/deals/, (req) =>
      this.authed(req, () => ({ body: { results: [HUBSPOT_PIPELINE] } })),
    );
    s.on('GET', /\/crm\/v3\/objects\/deals\/(\d+)/, (req, [id]) =>
      this.authed(req, () => this.dealAnswer(req, id ?? '')),
    );
    s.on('POST', /\/crm\/v3\/objects\/deals\/search/, (req) => this.authed(req, () => this.search(req)));
    s.limitTo(HUBSPOT_LIMIT);
  }

  start(): Promise<string> {
    return this.server.start();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  /** `count` owners `owner-{i}@example.com` with ids 900+i. */
  seedOwners(count: number): HubSpotOwner[] {
    for (let i = 0; i < count; i += 1) {
      const n = this.owners.length;
      this.owners.push({
        id: String(900 + n),
        email: `owner-${n}@example.com`,
        firstName: 'Owner',
        lastName: String(n),
      });
    }
    return this.owners;
  }

  /** Sets (or creates) a deal's properties; `hs_lastmodifieddate` moves to `modifiedAt`. */
  upsertDeal(id: string, props: Record<string, string | null>, modifiedAt: number): HubSpotDeal {
    const deal = this.deals.get(id) ?? { id, properties: {} };
    const stage = props.dealstage ?? deal.properties.dealstage;
    const meta = HUBSPOT_PIPELINE.stages.find((st) => st.id === stage)?.metadata;
    Object.assign(deal.properties, props, {
      hs_is_closed: meta?.isClosed ?? 'false',
      hs_is_closed_won: String(meta?.isClosed === 'true' && meta.probability === '1.0'),
      hs_lastmodifieddate: new Date(modifiedAt).toISOString(),
      hs_object_id: id,
    });
    if (props.dealstage !== undefined && deal.properties.hs_v2_date_entered_current_stage === undefined)
      deal.properties.hs_v2_date_entered_current_stage = new Date(modifiedAt).toISOString();
    this.deals.set(id, deal);
    return deal;
  }

  /** Moves a deal to `stage` at `at` (closedate too when closed); the webhook item of that change. */
  moveDeal(
    id: string,
    stage: string,
    at: number,
    props: Record<string, string | null> = {},
  ): HubSpotWebhookItem {
    const closed = stage === 'closedwon' || stage === 'closedlost';
    const deal = this.upsertDeal(
      id,
      { ...props, dealstage: stage, ...(closed ? { closedate: new Date(at).toISOString() } : {}) },
      at,
    );
    deal.properties.hs_v2_date_entered_current_stage = new Date(at).toISOString();
    return this.item(id, 'deal.propertyChange', at, { propertyName: 'dealstage', propertyValue: stage });
  }

  /** `count` deals of the seeded owners, won every third, modified a second apart from `from`. */
  seedDeals(count: number, from: number): void {
    const owners = this.owners.length > 0 ? this.owners : this.seedOwners(3);
    for (let i = 0; i < count; i += 1) {
      const stage = i % 3 === 0 ? 'closedwon' : 'qualifiedtobuy';
      const owner = owners[i % owners.length]?.id ?? null;
      this.moveDeal(String(10_000 + i), stage, from + i * 1000, {
        amount: String(100 + i),
        deal_currency_code: 'USD',
        pipeline: 'default',
        hubspot_owner_id: owner,
      });
    }
  }

  item(
    id: string,
    subscriptionType: string,
    at: number,
    extra: Partial<HubSpotWebhookItem> = {},
  ): HubSpotWebhookItem {
    this.eventId += 1;
    return {
      objectId: Number(id),
      eventId: this.eventId,
      subscriptionId: 25,
      portalId: this.portalId,
      appId: 1160452,
      occurredAt: at,
      subscriptionType,
      attemptNumber: 0,
      changeSource: 'CRM_UI',
      ...extra,
    };
  }

  private authed(req: FakeRequest, answer: () => FakeAnswer): FakeAnswer {
    if (req.headers.authorization !== `Bearer ${this.token}`)
      return { status: 401, body: { status: 'error', category: 'INVALID_AUTHENTICATION' } };
    return answer();
  }

  private details(): unknown {
    return {
      portalId: this.portalId,
      timeZone: 'Europe/Moscow',
      companyCurrency: 'USD',
      uiDomain: 'app.hubspot.com',
    };
  }

  private ownersPage(req: FakeRequest): FakeAnswer {
    const limit = Math.min(Number(req.query.get('limit') ?? 100), 500);
    const after = Number(req.query.get('after') ?? 0);
    const page = this.owners.filter((o) => !o.archived).slice(after, after + limit);
    const more = after + limit < this.owners.length;
    return {
      body: { results: page, ...(more ? { paging: { next: { after: String(after + limit) } } } : {}) },
    };
  }

  private dealAnswer(req: FakeRequest, id: string): FakeAnswer {
    const deal = this.deals.get(id);
    if (!deal)
      return {
        status: 404,
        body: { status: 'error', message: 'resource not found', category: 'OBJECT_NOT_FOUND' },
      };
    const wanted = (req.query.get('properties') ?? '').split(',').filter(Boolean);
    return { body: { id, properties: pick(deal.properties, wanted), archived: false } };
  }

  private search(req: FakeRequest): FakeAnswer {
    const body = JSON.parse(req.body || '{}') as {
      filterGroups?: Array<{ filters: Array<{ propertyName: string; operator: string; value: string }> }>;
      properties?: string[];
      limit?: number;
      after?: string;
    };
    const limit = body.limit ?? 10;
    const after = Number(body.after ?? 0);
    if (limit > 200) return { status: 400, body: { status: 'error', message: 'limit must be at most 200' } };
    if (after + limit > 10_000)
      return { status: 400, body: { status: 'error', message: 'search results are limited to 10 000' } };
    const filter = body.filterGroups?.[0]?.filters[0];
    const since = filter?.operator === 'GTE' ? Number(filter.value) : 0;
    const matching = [...this.deals.values()]
      .filter((d) => Date.parse(d.properties.hs_lastmodifieddate ?? '') >= since)
      .sort(
        (a, b) =>
          Date.parse(a.properties.hs_lastmodifieddate ?? '') -
            Date.parse(b.properties.hs_lastmodifieddate ?? '') || Number(a.id) - Number(b.id),
      );
    const page = matching.slice(after, after + limit);
    const more = after + limit < matching.length;
    return {
      body: {
        total: matching.length,
        results: page.map((d) => ({
          id: d.id,
          properties: pick(d.properties, body.properties ?? []),
          archived: false,
        })),
        ...(more ? { paging: { next: { after: String(after + limit) } } } : {}),
      },
    };
  }
}

function pick(props: Record<string, string | null>, names: string[]): Record<string, string | null> {
  return Object.fromEntries(names.map((n) => [n, props[n] ?? null]));
}

/** HubSpot's v3 signature of a request: base64 HMAC-SHA256(client secret, method + URL + body + timestamp). */
export function hubspotSignature(
  secret: string,
  method: string,
  url: string,
  body: string,
  timestamp: string,
): string {
  return createHmac('sha256', secret).update(`${method}${url}${body}${timestamp}`).digest('base64');
}

export interface HubSpotSendOptions {
  /** Default: now (real time, as the signature check compares with the clock). */
  timestamp?: number;
  /** Signs with this secret instead (a forgery). */
  forgeWith?: string;
  /** Deliveries after a failure (HubSpot: up to 10 over 24 h; here at once). */
  retries?: number;
}

/** Delivers items as HubSpot does: one POST of a JSON array, in the order given (never guaranteed). */
export async function sendHubSpot(
  url: string,
  clientSecret: string,
  items: HubSpotWebhookItem[],
  options: HubSpotSendOptions = {},
): Promise<Response[]> {
  const answers: Response[] = [];
  for (let attempt = 0; attempt <= (options.retries ?? 0); attempt += 1) {
    const body = JSON.stringify(items.map((item) => ({ ...item, attemptNumber: attempt })));
    const timestamp = String(options.timestamp ?? Date.now());
    const signature = hubspotSignature(options.forgeWith ?? clientSecret, 'POST', url, body, timestamp);
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': signature,
        'x-hubspot-request-timestamp': timestamp,
      },
      body,
    });
    await res.text();
    answers.push(res);
    if (res.ok) break;
  }
  return answers;
}
