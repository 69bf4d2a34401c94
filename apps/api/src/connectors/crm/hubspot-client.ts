/**
 * HubSpot's CRM API v3 with a private app token (Bearer `apiToken`) at `settings.apiBaseUrl`
 * (default https://api.hubapi.com): the deal behind a webhook, the owners (`hubspot_owner_id` is
 * an owner's `id`), the deal pipelines' stages (closed + probability 1 = won, 0 = lost), and the
 * history through the search API, giving a closed-won deal the same event the webhook gives.
 */
import type { CrmStage, MappedEvent } from '../connector-adapter.js';
import { idOf, own, recordOf, recordsOf } from '../vendors/vendor-values.js';
import {
  HUBSPOT_DEAL_PROPERTIES,
  hubspotDealEvent,
  hubspotInstant,
  hubspotPropertiesOf,
} from '../vendors/hubspot-deal.js';
import type {
  CrmClient,
  CrmClientConfig,
  CrmClientFactory,
  CrmPipelineStage,
  CrmUser,
  HistoryPage,
} from './crm-client.js';
import { CrmHttpError, type RateLimit } from './crm-http.js';

export const HUBSPOT_API = 'https://api.hubapi.com';
/** The search API's page size (its maximum is 200) and how deep `after` may go (10 000 results). */
export const HUBSPOT_SEARCH_PAGE = 100;
export const HUBSPOT_SEARCH_DEPTH = 10_000;

type Json = Record<string, unknown>;
const nextAfter = (body: Json | null): string | null =>
  idOf(own(recordOf(own(recordOf(own(body, 'paging')), 'next')), 'after'));

/** A stage's meaning from its metadata (HubSpot sends `"true"`, `"1.0"` as text). */
export function hubspotStageSemantic(metadata: Json | null): CrmStage['semantic'] {
  const closed = [true, 'true'].includes(own(metadata, 'isClosed') as string);
  const probability = Number(own(metadata, 'probability'));
  if (!closed) return 'open';
  return probability === 1 ? 'won' : probability === 0 ? 'lost' : null;
}

/** History cursor: the `hs_lastmodifieddate` the search starts at, and `after` within it. */
interface SearchCursor {
  since: number;
  after: number;
}

export class HubSpotClient implements CrmClient {
  readonly kind = 'hubspot' as const;
  private readonly base: string;
  private portal: string | null;

  constructor(private readonly config: CrmClientConfig) {
    this.base = (config.settings.apiBaseUrl ?? HUBSPOT_API).replace(/\/+$/, '');
    this.portal = idOf(config.settings.portalId);
  }

  async deal(id: string): Promise<Record<string, unknown> | null> {
    const path = `/crm/v3/objects/deals/${encodeURIComponent(id)}?properties=${HUBSPOT_DEAL_PROPERTIES.join(',')}`;
    try {
      return recordOf(await this.get(path));
    } catch (error) {
      if (error instanceof CrmHttpError && error.status === 404) return null;
      throw error;
    }
  }

  async users(): Promise<CrmUser[]> {
    const users: CrmUser[] = [];
    for (let after: string | null = null, first = true; first || after !== null; first = false) {
      const body = recordOf(await this.get(`/crm/v3/owners?limit=100${after ? `&after=${after}` : ''}`));
      for (const owner of recordsOf(own(body, 'results'))) {
        const crmUserId = idOf(own(owner, 'id'));
        if (crmUserId === null) continue;
        const email = own(owner, 'email');
        const name = [own(owner, 'firstName'), own(owner, 'lastName')].filter((s) => typeof s === 'string');
        users.push({
          crmUserId,
          name: name.join(' ').trim() || null,
          email: typeof email === 'string' && email !== '' ? email.toLowerCase() : null,
          active: own(owner, 'archived') !== true,
        });
      }
      after = nextAfter(body);
    }
    return users;
  }

  async stages(): Promise<CrmPipelineStage[]> {
    const body = recordOf(await this.get('/crm/v3/pipelines/deals'));
    return recordsOf(own(body, 'results')).flatMap((pipeline) =>
      recordsOf(own(pipeline, 'stages')).flatMap((stage): CrmPipelineStage[] => {
        const stageId = idOf(own(stage, 'id'));
        if (stageId === null) return [];
        const label = (v: unknown): string | null => (typeof v === 'string' ? v : null);
        return [
          {
            pipelineId: idOf(own(pipeline, 'id')),
            pipelineName: label(own(pipeline, 'label')),
            stageId,
            name: label(own(stage, 'label')),
            semantic: hubspotStageSemantic(recordOf(own(stage, 'metadata'))),
          },
        ];
      }),
    );
  }

  /**
   * Deals modified since `since`, oldest change first, a page of the search API per call. The search
   * goes at most 10 000 results deep: past that the next cursor starts a new search at the last
   * page's modification time (a deal seen twice keeps its key).
   */
  async history(since: number, cursor: string | null): Promise<HistoryPage> {
    const at = cursor === null ? { since, after: 0 } : parseCursor(cursor);
    const portal = await this.portalId();
    const body = recordOf(
      await this.call('POST', '/crm/v3/objects/deals/search', {
        filterGroups: [
          { filters: [{ propertyName: 'hs_lastmodifieddate', operator: 'GTE', value: String(at.since) }] },
        ],
        sorts: [{ propertyName: 'hs_lastmodifieddate', direction: 'ASCENDING' }],
        properties: HUBSPOT_DEAL_PROPERTIES,
        limit: HUBSPOT_SEARCH_PAGE,
        ...(at.after > 0 ? { after: String(at.after) } : {}),
      }),
    );
    const deals = recordsOf(own(body, 'results'));
    const events: MappedEvent[] = [];
    const ignored: string[] = [];
    let last = at.since;
    for (const deal of deals) {
      const dealId = idOf(own(deal, 'id'));
      const props = hubspotPropertiesOf(deal);
      const stageId = idOf(own(props, 'dealstage'));
      const modified = hubspotInstant(own(props, 'hs_lastmodifieddate'));
      if (modified !== null) last = Math.max(last, Date.parse(modified));
      if (dealId === null || stageId === null) {
        ignored.push(`deal ${dealId ?? '?'}: no valid id or stage`);
        continue;
      }
      const change = { portal, dealId, stageId, props, fallbackAt: modified, where: `deal ${dealId}` };
      const event = hubspotDealEvent(change, this.config.settings, ignored);
      if (event !== null) events.push(event);
    }
    const after = Number(nextAfter(body));
    let next: string | null = null;
    if (Number.isSafeInteger(after) && after > 0 && deals.length > 0) {
      next =
        after + HUBSPOT_SEARCH_PAGE <= HUBSPOT_SEARCH_DEPTH
          ? `${at.since}:${after}`
          : `${last === at.since ? last + 1 : last}:0`;
    }
    const total = own(body, 'total');
    return {
      events,
      fetched: deals.length,
      total: cursor === null && typeof total === 'number' ? total : null,
      next,
      ignored,
    };
  }

  /** The account's portal id: `settings.portalId`, else asked once (`GET /account-info/v3/details`). */
  private async portalId(): Promise<string> {
    if (this.portal === null) {
      const id = idOf(own(recordOf(await this.get('/account-info/v3/details')), 'portalId'));
      if (id === null) throw new CrmHttpError(200, 'HubSpot named no portalId for this token');
      this.portal = id;
    }
    return this.portal;
  }

  private get(path: string): Promise<unknown> {
    return this.call('GET', path);
  }

  private async call(method: 'GET' | 'POST', path: string, json?: unknown): Promise<unknown> {
    const headers = { authorization: `Bearer ${this.config.credentials.apiToken ?? ''}` };
    return (await this.config.http.request({ method, url: `${this.base}${path}`, headers, json })).body;
  }
}

function parseCursor(cursor: string): SearchCursor {
  const match = /^(\d{1,15}):(\d{1,6})$/.exec(cursor);
  if (!match) throw new CrmHttpError(null, `not a HubSpot history cursor: ${cursor.slice(0, 40)}`);
  return { since: Number(match[1]), after: Number(match[2]) };
}

/** HubSpot allows 100 requests per 10 s: 9 a second after a burst of 10 stays inside any 10 s window. */
export const HUBSPOT_RATE: RateLimit = { perSecond: 9, burst: 10 };

/** Null without a token. */
export const hubspotClient: CrmClientFactory = (config) =>
  config.credentials.apiToken ? new HubSpotClient(config) : null;
