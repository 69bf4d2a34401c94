/**
 * amoCRM / Kommo API v4 (`settings.apiBaseUrl`, `Authorization: Bearer <credentials.apiToken>`):
 * the lead behind a webhook, the users, the pipelines' statuses, and the status changes of
 * `GET /api/v4/events` as history, turned into the events the `leads[status]` webhook gives for the
 * same moves (one builder, `amoMoveEvent`, so the keys are equal). Lists answer 204 when empty.
 */
import type { MappedEvent, MappingSettings } from '../connector-adapter.js';
import { AMO_LOST, AMO_WON, amoMoveEvent } from '../vendors/amocrm-lead-event.js';
import { idOf, intOf, own, recordOf, recordsOf } from '../vendors/vendor-values.js';
import type { CrmClient, CrmClientConfig, CrmPipelineStage, CrmUser, HistoryPage } from './crm-client.js';
import { CrmHttpError, type CrmHttp } from './crm-http.js';

/** Records per page of `/api/v4/events` (its maximum is 100). */
export const AMO_EVENTS_PAGE = 100;
const USERS_PAGE = 250;
/** A user list or a pipeline list longer than this is not an account we can trust: stop. */
const MAX_PAGES = 1000;

type Json = Record<string, unknown>;

const list = (body: unknown, name: string): Json[] =>
  recordsOf(own(recordOf(own(recordOf(body), '_embedded')), name));
const hasNext = (body: unknown): boolean =>
  recordOf(own(recordOf(own(recordOf(body), '_links')), 'next')) !== null;
const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** `value_after[0].lead_status` (or `value_before`) of a `lead_status_changed` event. */
function leadStatus(event: Json, side: 'value_after' | 'value_before'): Json | null {
  const values = own(event, side);
  const first = Array.isArray(values) ? recordOf(values[0]) : null;
  return recordOf(own(first, 'lead_status'));
}

export class AmocrmClient implements CrmClient {
  readonly kind = 'amocrm' as const;
  private account: Promise<string> | null = null;

  constructor(
    private readonly base: string,
    private readonly token: string,
    private readonly http: CrmHttp,
    private readonly settings: MappingSettings,
  ) {}

  async deal(id: string): Promise<Readonly<Record<string, unknown>> | null> {
    try {
      return recordOf(await this.get(`/api/v4/leads/${encodeURIComponent(id)}`));
    } catch (error) {
      if (error instanceof CrmHttpError && error.status === 404) return null;
      throw error;
    }
  }

  async users(): Promise<CrmUser[]> {
    const users: CrmUser[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const body = await this.get(`/api/v4/users?limit=${USERS_PAGE}&page=${page}`);
      for (const user of list(body, 'users')) {
        const crmUserId = idOf(own(user, 'id'));
        if (crmUserId === null) continue;
        const email = textOf(own(user, 'email'));
        const active = own(recordOf(own(user, 'rights')), 'is_active');
        users.push({
          crmUserId,
          name: textOf(own(user, 'name')),
          email: email === null ? null : email.toLowerCase(),
          active: active !== false,
        });
      }
      if (!hasNext(body)) return users;
    }
    return users;
  }

  async stages(): Promise<CrmPipelineStage[]> {
    const stages: CrmPipelineStage[] = [];
    for (const pipeline of list(await this.get('/api/v4/leads/pipelines'), 'pipelines')) {
      const pipelineId = idOf(own(pipeline, 'id'));
      if (pipelineId === null) continue;
      for (const status of list(pipeline, 'statuses')) {
        const stageId = idOf(own(status, 'id'));
        if (stageId === null) continue;
        const semantic = stageId === AMO_WON ? 'won' : stageId === AMO_LOST ? 'lost' : 'open';
        const pipelineName = textOf(own(pipeline, 'name'));
        stages.push({ pipelineId, stageId, semantic, pipelineName, name: textOf(own(status, 'name')) });
      }
    }
    return stages;
  }

  /** `cursor` is the next page number of the events list (pages of 100, oldest filter `since`). */
  async history(since: number, cursor: string | null): Promise<HistoryPage> {
    const page = cursor === null ? 1 : intOf(cursor);
    if (page === null || page < 1) throw new Error(`not an amoCRM history cursor: ${cursor}`);
    const from = Math.floor(since / 1000);
    const body = await this.get(
      `/api/v4/events?filter[type]=lead_status_changed&filter[created_at][from]=${from}` +
        `&limit=${AMO_EVENTS_PAGE}&page=${page}`,
    );
    const records = list(body, 'events');
    const next = records.length > 0 && hasNext(body) ? String(page + 1) : null;
    const ignored: string[] = [];
    const leads = await this.leadsOf(records);
    const events: MappedEvent[] = [];
    for (const record of records) {
      const event = await this.eventOf(record, leads, ignored);
      if (event !== null) events.push(event);
    }
    return { events, fetched: records.length, total: null, next, ignored };
  }

  /** The leads of a page's events, in one call (`filter[id][]`, up to 250 a page). */
  private async leadsOf(records: Json[]): Promise<Map<string, Json>> {
    const ids = [...new Set(records.flatMap((r) => idOf(own(r, 'entity_id')) ?? []))];
    const leads = new Map<string, Json>();
    if (ids.length === 0) return leads;
    const filter = ids.map((id) => `filter[id][]=${id}`).join('&');
    const body = await this.get(`/api/v4/leads?${filter}&limit=250`);
    for (const lead of list(body, 'leads')) {
      const id = idOf(own(lead, 'id'));
      if (id !== null) leads.set(id, lead);
    }
    return leads;
  }

  private async eventOf(
    record: Json,
    leads: Map<string, Json>,
    ignored: string[],
  ): Promise<MappedEvent | null> {
    const leadId = idOf(own(record, 'entity_id'));
    const after = leadStatus(record, 'value_after');
    const statusId = idOf(own(after, 'id'));
    const at = intOf(own(record, 'created_at'));
    const where = `event ${String(own(record, 'id') ?? '?').slice(0, 60)}`;
    if (leadId === null || statusId === null || at === null) {
      ignored.push(`${where}: no valid entity_id, value_after lead_status or created_at`);
      return null;
    }
    const lead = leads.get(leadId) ?? null;
    if (lead === null && statusId === AMO_WON) {
      ignored.push(`${where}: lead ${leadId} no longer exists`);
      return null;
    }
    const account = idOf(own(record, 'account_id')) ?? (await this.accountId());
    const move = {
      account,
      leadId,
      statusId,
      oldStatusId: idOf(own(leadStatus(record, 'value_before'), 'id')),
      pipelineId: idOf(own(after, 'pipeline_id')),
      // The rep is the lead's responsible user, as the webhook says; the mover when the lead is gone.
      responsibleUserId: idOf(own(lead, 'responsible_user_id')) ?? idOf(own(record, 'created_by')),
      at,
      price: priceOf(own(lead, 'price')),
    };
    return amoMoveEvent(move, where, this.settings, ignored);
  }

  /** The account id (events name it as `account_id`; else `GET /api/v4/account`, read once). */
  private accountId(): Promise<string> {
    this.account ??= this.get('/api/v4/account').then((body) => {
      const id = idOf(own(recordOf(body), 'id'));
      if (id === null) throw new CrmHttpError(200, 'amoCRM /api/v4/account answered no account id');
      return id;
    });
    return this.account;
  }

  private get(path: string): Promise<unknown> {
    return this.http.get(`${this.base}${path}`, { authorization: `Bearer ${this.token}` });
  }
}

function priceOf(value: unknown): string | number | null {
  return typeof value === 'number' || typeof value === 'string' ? value : null;
}

/** Null without an API origin or a token: the connector then maps what webhooks carry and no more. */
export function amocrmClient({ settings, credentials, http }: CrmClientConfig): AmocrmClient | null {
  const base = (settings.apiBaseUrl ?? '').replace(/\/+$/, '');
  const token = credentials.apiToken ?? '';
  if (!/^https?:\/\/[^/]+$/.test(base) || token === '') return null;
  return new AmocrmClient(base, token, http, settings);
}
