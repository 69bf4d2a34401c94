/**
 * Bitrix24 REST through the inbound webhook URL the admin created (`credentials.restUrl`,
 * `https://<portal>/rest/<user>/<token>/`; a method is `<restUrl><method>.json`): the deal behind an
 * `ONCRMDEALUPDATE` and its newest stage move, the users, the funnels' stages, and
 * `crm.stagehistory.list` as history, turned into the events the webhook gives for the same moves
 * (one builder, `b24MoveEvent`, so the keys are equal). Lists page by `start`, 50 at a time.
 */
import type { MappedEvent, MappingSettings } from '../connector-adapter.js';
import { b24MoveEvent, b24MoveOfHistory, b24Portal } from '../vendors/bitrix24-deal-event.js';
import { idOf, intOf, own, recordOf } from '../vendors/vendor-values.js';
import type { CrmClient, CrmClientConfig, CrmPipelineStage, CrmUser, HistoryPage } from './crm-client.js';
import { CrmHttpError, type CrmHttp } from './crm-http.js';

/** Bitrix24 lists answer 50 records a page. */
export const B24_PAGE = 50;
const MAX_PAGES = 1000;
const HISTORY_FIELDS = ['ID', 'OWNER_ID', 'CREATED_TIME', 'CATEGORY_ID', 'STAGE_SEMANTIC_ID', 'STAGE_ID'];
const DEAL_FIELDS = ['ID', 'OPPORTUNITY', 'CURRENCY_ID', 'ASSIGNED_BY_ID', 'CATEGORY_ID', 'STAGE_ID'];

type Json = Record<string, unknown>;
type Params = Array<[string, string]>;

/** A Bitrix24 answer: `result`, and for lists `next` (the next `start`) and `total`. */
interface B24Answer {
  result: unknown;
  next: number | null;
  total: number | null;
}

const records = (value: unknown): Json[] =>
  Array.isArray(value)
    ? value.flatMap((item: unknown): Json[] => {
        const record = recordOf(item);
        return record === null ? [] : [record];
      })
    : [];
const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
const select = (fields: string[]): Params => fields.map((f) => ['select[]', f]);

/** Semantics of a `crm.status.list` row: `SEMANTICS` S/F, or `EXTRA.SEMANTICS` success/failure. */
function semanticOf(row: Json): CrmPipelineStage['semantic'] {
  const code = own(row, 'SEMANTICS') ?? own(recordOf(own(row, 'EXTRA')), 'SEMANTICS');
  if (code === 'S' || code === 'success') return 'won';
  if (code === 'F' || code === 'failure') return 'lost';
  return 'open';
}

export class Bitrix24Client implements CrmClient {
  readonly kind = 'bitrix24' as const;

  constructor(
    private readonly restUrl: string,
    private readonly http: CrmHttp,
    private readonly settings: MappingSettings,
  ) {}

  async deal(id: string): Promise<Readonly<Record<string, unknown>> | null> {
    try {
      return recordOf((await this.call('crm.deal.get', [['id', id]])).result);
    } catch (error) {
      const gone = error instanceof CrmHttpError && (error.status === 400 || error.status === 404);
      if (gone && /not found/i.test(error.message)) return null;
      throw error;
    }
  }

  async latestStageMove(dealId: string): Promise<Readonly<Record<string, unknown>> | null> {
    const answer = await this.call('crm.stagehistory.list', [
      ['entityTypeId', '2'],
      ['filter[OWNER_ID]', dealId],
      ['order[ID]', 'DESC'],
      ...select(HISTORY_FIELDS),
    ]);
    return records(own(recordOf(answer.result), 'items'))[0] ?? null;
  }

  async users(): Promise<CrmUser[]> {
    const users: CrmUser[] = [];
    for (const user of await this.all('user.get', [])) {
      const crmUserId = idOf(own(user, 'ID'));
      if (crmUserId === null) continue;
      const name = [textOf(own(user, 'NAME')), textOf(own(user, 'LAST_NAME'))].filter(Boolean).join(' ');
      const email = textOf(own(user, 'EMAIL'));
      const active = own(user, 'ACTIVE');
      users.push({
        crmUserId,
        name: name === '' ? null : name,
        email: email === null ? null : email.toLowerCase(),
        active: active !== false && active !== 'N',
      });
    }
    return users;
  }

  /**
   * The default funnel (0, named by `crm.dealcategory.default.get`) and every `crm.dealcategory.list`
   * funnel, with their `crm.status.list` stages in the portal's order.
   */
  async stages(): Promise<CrmPipelineStage[]> {
    const general = recordOf((await this.call('crm.dealcategory.default.get', [])).result);
    const funnels: Array<{ id: string; name: string | null }> = [
      { id: '0', name: textOf(own(general, 'NAME')) },
    ];
    for (const category of await this.all('crm.dealcategory.list', [])) {
      const id = idOf(own(category, 'ID'));
      if (id !== null && id !== '0') funnels.push({ id, name: textOf(own(category, 'NAME')) });
    }
    const stages: CrmPipelineStage[] = [];
    for (const funnel of funnels) {
      const entity = funnel.id === '0' ? 'DEAL_STAGE' : `DEAL_STAGE_${funnel.id}`;
      for (const row of await this.all('crm.status.list', [['filter[ENTITY_ID]', entity]])) {
        const stageId = idOf(own(row, 'STATUS_ID'));
        if (stageId === null) continue;
        stages.push({
          pipelineId: funnel.id,
          stageId,
          semantic: semanticOf(row),
          pipelineName: funnel.name,
          name: textOf(own(row, 'NAME')),
        });
      }
    }
    return stages;
  }

  /** `cursor` is the next `start` of `crm.stagehistory.list` (deals, oldest row first). */
  async history(since: number, cursor: string | null): Promise<HistoryPage> {
    const start = cursor === null ? 0 : intOf(cursor);
    if (start === null) throw new Error(`not a Bitrix24 history cursor: ${cursor}`);
    const portal = b24Portal(this.settings, new URL(this.restUrl).host);
    if (portal === null) throw new Error('no Bitrix24 portal id: set settings.memberId');
    const answer = await this.call('crm.stagehistory.list', [
      ['entityTypeId', '2'],
      ['filter[>=CREATED_TIME]', new Date(since).toISOString()],
      ['order[ID]', 'ASC'],
      ['start', String(start)],
      ...select(HISTORY_FIELDS),
    ]);
    const rows = records(own(recordOf(answer.result), 'items'));
    const deals = await this.dealsOf(rows);
    const events: MappedEvent[] = [];
    const ignored: string[] = [];
    for (const row of rows) {
      const move = b24MoveOfHistory(row);
      const where = `stage-history row ${String(own(row, 'ID') ?? '?').slice(0, 40)}`;
      const deal = move === null ? undefined : deals.get(move.dealId);
      if (move === null) ignored.push(`${where}: no valid OWNER_ID, STAGE_ID, semantics or CREATED_TIME`);
      else if (deal === undefined) ignored.push(`${where}: deal ${move.dealId} no longer exists`);
      else {
        const event = b24MoveEvent(portal, move, deal, ignored);
        if (event !== null) events.push(event);
      }
    }
    const next = rows.length > 0 && answer.next !== null ? String(answer.next) : null;
    return { events, fetched: rows.length, total: cursor === null ? answer.total : null, next, ignored };
  }

  /** The deals of a page's rows in one `crm.deal.list` call (a page holds at most 50 rows). */
  private async dealsOf(rows: Json[]): Promise<Map<string, Json>> {
    const ids = [...new Set(rows.flatMap((r) => idOf(own(r, 'OWNER_ID')) ?? []))];
    const deals = new Map<string, Json>();
    if (ids.length === 0) return deals;
    const filter: Params = ids.map((id) => ['filter[ID][]', id]);
    const answer = await this.call('crm.deal.list', [...filter, ...select(DEAL_FIELDS)]);
    for (const deal of records(answer.result)) {
      const id = idOf(own(deal, 'ID'));
      if (id !== null) deals.set(id, deal);
    }
    return deals;
  }

  /** Every record of a list method, page after page (`start` = the answer's `next`). */
  private async all(method: string, params: Params): Promise<Json[]> {
    const all: Json[] = [];
    let start = 0;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await this.call(method, [...params, ['start', String(start)]]);
      all.push(...records(answer.result));
      if (answer.next === null || answer.next <= start) return all;
      start = answer.next;
    }
    return all;
  }

  private async call(method: string, params: Params): Promise<B24Answer> {
    const query = new URLSearchParams(params).toString();
    const body = recordOf(await this.http.get(`${this.restUrl}${method}.json${query ? `?${query}` : ''}`));
    if (body === null || !Object.hasOwn(body, 'result')) {
      const error = textOf(own(body, 'error_description')) ?? textOf(own(body, 'error')) ?? 'no result';
      throw new CrmHttpError(200, `Bitrix24 ${method} answered no result: ${error.slice(0, 200)}`);
    }
    return { result: body.result, next: intOf(own(body, 'next')), total: intOf(own(body, 'total')) };
  }
}

/** Null without an inbound webhook URL (`https://<portal>/rest/<user>/<token>/`). */
export function bitrix24Client({ settings, credentials, http }: CrmClientConfig): Bitrix24Client | null {
  const raw = (credentials.restUrl ?? '').trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  const restUrl = `${url.origin}${url.pathname.replace(/\/*$/, '/')}`;
  return new Bitrix24Client(restUrl, http, settings);
}
