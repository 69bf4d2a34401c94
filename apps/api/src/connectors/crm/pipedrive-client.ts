/**
 * Pipedrive's API with its token in the `api_token` query parameter at `settings.apiBaseUrl`
 * (default https://api.pipedrive.com): the deal (`/api/v2/deals/{id}`), the users (`/v1/users`), the
 * pipelines' stages (`/api/v2/pipelines`, `/api/v2/stages`, cursor-paged), and the history: deals
 * updated since (`/api/v2/deals?updated_since`) then calls (`/api/v2/activities?type=call`), each
 * keyed as the webhook keys the same change (pipedrive-adapter.ts).
 */
import type { MappedEvent } from '../connector-adapter.js';
import { pipedriveRecordEvent } from '../vendors/pipedrive-adapter.js';
import { idOf, own, recordOf, recordsOf } from '../vendors/vendor-values.js';
import type {
  CrmClient,
  CrmClientConfig,
  CrmClientFactory,
  CrmPipelineStage,
  CrmUser,
  HistoryPage,
} from './crm-client.js';
import { CrmHttpError, type RateLimit } from './crm-http.js';

export const PIPEDRIVE_API = 'https://api.pipedrive.com';
/** Records per page of the v2 lists (their maximum is 500). */
export const PIPEDRIVE_PAGE = 100;

type Json = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The history cursor: which list, and Pipedrive's own cursor within it ('' for its first page). */
type Phase = 'deals' | 'activities';

export class PipedriveClient implements CrmClient {
  readonly kind = 'pipedrive' as const;
  private readonly base: string;
  private company: string | null;

  constructor(private readonly config: CrmClientConfig) {
    this.base = (config.settings.apiBaseUrl ?? PIPEDRIVE_API).replace(/\/+$/, '');
    this.company = idOf(config.settings.companyId);
  }

  async deal(id: string): Promise<Record<string, unknown> | null> {
    try {
      return recordOf(own(recordOf(await this.get(`/api/v2/deals/${encodeURIComponent(id)}`)), 'data'));
    } catch (error) {
      if (error instanceof CrmHttpError && (error.status === 404 || error.status === 410)) return null;
      throw error;
    }
  }

  async users(): Promise<CrmUser[]> {
    const body = recordOf(await this.get('/v1/users'));
    return recordsOf(own(body, 'data')).flatMap((user): CrmUser[] => {
      const crmUserId = idOf(own(user, 'id'));
      const email = text(own(user, 'email'));
      return crmUserId === null
        ? []
        : [
            {
              crmUserId,
              name: text(own(user, 'name')),
              email: email?.toLowerCase() ?? null,
              active: own(user, 'active_flag') !== false,
            },
          ];
    });
  }

  /** Pipedrive's won and lost are the deal's `status`, not stages: every stage is `open`. */
  async stages(): Promise<CrmPipelineStage[]> {
    const pipelines = new Map<string, string | null>();
    for (const p of await this.all('/api/v2/pipelines')) {
      const id = idOf(own(p, 'id'));
      if (id !== null) pipelines.set(id, text(own(p, 'name')));
    }
    return (await this.all('/api/v2/stages')).flatMap((stage): CrmPipelineStage[] => {
      const stageId = idOf(own(stage, 'id'));
      const pipelineId = idOf(own(stage, 'pipeline_id'));
      if (stageId === null) return [];
      const pipelineName = pipelineId === null ? null : (pipelines.get(pipelineId) ?? null);
      return [{ pipelineId, pipelineName, stageId, name: text(own(stage, 'name')), semantic: 'open' }];
    });
  }

  /** Deals updated since `since` (won, lost, stage moves), then calls done since; a page per call. */
  async history(since: number, cursor: string | null): Promise<HistoryPage> {
    const [phase, after] = parseCursor(cursor);
    const company = await this.companyId();
    const updated = new Date(since).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const query =
      phase === 'deals'
        ? `/api/v2/deals?updated_since=${updated}&sort_by=update_time&sort_direction=asc`
        : `/api/v2/activities?type=call&done=true&updated_since=${updated}&sort_by=update_time&sort_direction=asc`;
    const { items, next } = await this.page(query, after);
    const events: MappedEvent[] = [];
    const ignored: string[] = [];
    const entity = phase === 'deals' ? 'deal' : 'activity';
    for (const item of items) {
      // Other activity types may come when the filter is not honoured: the adapter's rule skips them.
      if (entity === 'activity' && own(item, 'type') !== 'call') continue;
      const event = pipedriveRecordEvent(company, entity, item, ignored);
      if (event !== null) events.push(event);
    }
    const following = next !== null ? `${phase}:${next}` : phase === 'deals' ? 'activities:' : null;
    return { events, fetched: items.length, total: null, next: following, ignored };
  }

  /** The account's company id: `settings.companyId`, else asked once (`GET /v1/users/me`). */
  private async companyId(): Promise<string> {
    if (this.company === null) {
      const me = recordOf(own(recordOf(await this.get('/v1/users/me')), 'data'));
      const id = idOf(own(me, 'company_id'));
      if (id === null) throw new CrmHttpError(200, 'Pipedrive named no company_id for this token');
      this.company = id;
    }
    return this.company;
  }

  /** Every record of a v2 list, page after page. */
  private async all(path: string): Promise<Json[]> {
    const items: Json[] = [];
    let after = '';
    do {
      const page = await this.page(path, after);
      items.push(...page.items);
      after = page.next ?? '';
    } while (after !== '');
    return items;
  }

  private async page(path: string, cursor: string): Promise<{ items: Json[]; next: string | null }> {
    const sep = path.includes('?') ? '&' : '?';
    const paged = `${path}${sep}limit=${PIPEDRIVE_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const body = recordOf(await this.get(paged));
    const next = text(own(recordOf(own(body, 'additional_data')), 'next_cursor'));
    return { items: recordsOf(own(body, 'data')), next };
  }

  private async get(path: string): Promise<unknown> {
    const sep = path.includes('?') ? '&' : '?';
    const token = encodeURIComponent(this.config.credentials.apiToken ?? '');
    return this.config.http.get(`${this.base}${path}${sep}api_token=${token}`);
  }
}

function parseCursor(cursor: string | null): [Phase, string] {
  if (cursor === null) return ['deals', ''];
  const at = cursor.indexOf(':');
  const phase = cursor.slice(0, at);
  if (at < 0 || (phase !== 'deals' && phase !== 'activities')) {
    throw new CrmHttpError(null, `not a Pipedrive history cursor: ${cursor.slice(0, 40)}`);
  }
  return [phase, cursor.slice(at + 1)];
}

/** Pipedrive's token-based limits start at 80 requests per 2 s; 8/s stays well inside them. */
export const PIPEDRIVE_RATE: RateLimit = { perSecond: 8, burst: 8 };

/** Null without a token. */
export const pipedriveClient: CrmClientFactory = (config) =>
  config.credentials.apiToken ? new PipedriveClient(config) : null;
