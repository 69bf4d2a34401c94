/**
 * GetCourse's export API with the account's export key (`apiToken`, sent as `key`) at
 * `settings.apiBaseUrl` (`https://<account>.getcourse.ru`). GetCourse has no users, stages or
 * single-order API worth the name: the users are the managers seen in the orders' export, the stages
 * its order statuses, and the history a deals export (`/pl/api/account/deals` answers an export id,
 * `/pl/api/account/exports/{id}` its rows once ready; error 910 "not ready yet" before, which is a
 * pause, not a failure). Exports need a paid plan.
 */
import type { MappedEvent, MappingSettings } from '../connector-adapter.js';
import { GETCOURSE_STATUSES, getcourseOrderEvent } from '../vendors/getcourse-order.js';
import { idOf, own, recordOf } from '../vendors/vendor-values.js';
import { isoOfLocal, isoOfText } from '../vendors/vendor-time.js';
import type {
  CrmClient,
  CrmClientConfig,
  CrmClientFactory,
  CrmPipelineStage,
  CrmUser,
  HistoryPage,
} from './crm-client.js';
import { CrmHttpError, type RateLimit } from './crm-http.js';

/** GetCourse's answer while an export is being built. */
export const EXPORT_NOT_READY = 910;
/** Rows per history page (one export is read once per page). */
export const GETCOURSE_PAGE = 500;
const USERS_LOOKBACK_MS = 90 * 86_400_000;

export interface GetCourseOptions {
  /** Pause between polls of an export that is not ready (default 10 s) and how many polls (60). */
  pauseMs?: number;
  maxPolls?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** An export's columns by name (GetCourse's Russian headers [unconfirmed]) and its rows. */
interface ExportTable {
  fields: string[];
  items: unknown[][];
}

const textOf = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== ''
    ? value.trim()
    : typeof value === 'number'
      ? String(value)
      : null;

function column(table: ExportTable, row: unknown[], ...names: string[]): string | null {
  for (const name of names) {
    const at = table.fields.findIndex((f) => f === name || f.startsWith(`${name},`));
    if (at >= 0) return textOf(row[at]);
  }
  return null;
}

export class GetCourseClient implements CrmClient {
  readonly kind = 'getcourse' as const;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly config: CrmClientConfig,
    private readonly base: string,
    private readonly account: string,
    private readonly options: GetCourseOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** GetCourse has no API to read one order: the webhook carries what we score. */
  deal(): Promise<Record<string, unknown> | null> {
    return Promise.resolve(null);
  }

  /**
   * The managers named in the orders of the last 90 days (their id is what the export shows, as the
   * webhook template's `manager` should send); [] when the export names none.
   */
  async users(): Promise<CrmUser[]> {
    const now = (this.options.now ?? Date.now)();
    const table = await this.export(await this.startExport(now - USERS_LOOKBACK_MS, null));
    const managers = new Set(table.items.flatMap((row) => column(table, row, 'Менеджер') ?? []));
    return [...managers].map((manager) => ({
      crmUserId: manager,
      name: manager.includes('@') ? null : manager,
      email: manager.includes('@') ? manager.toLowerCase() : null,
      active: true,
    }));
  }

  /** The order statuses (`payed` is won, `cancelled` and `false` lost: [unconfirmed]). */
  stages(): Promise<CrmPipelineStage[]> {
    return Promise.resolve(
      GETCOURSE_STATUSES.map((s) => ({
        pipelineId: null,
        pipelineName: null,
        stageId: s.code,
        name: s.title,
        semantic: s.semantic,
      })),
    );
  }

  /**
   * Paid orders created since `since` (by day: the export filters dates, not instants), read from
   * one export in pages of 500 rows: the cursor is `{exportId}:{offset}`.
   */
  async history(since: number, cursor: string | null): Promise<HistoryPage> {
    const [exportId, offset] =
      cursor === null ? [await this.startExport(since, 'payed'), 0] : parseCursor(cursor);
    const table = await this.export(exportId);
    const rows = table.items.slice(offset, offset + GETCOURSE_PAGE);
    const events: MappedEvent[] = [];
    const ignored: string[] = [];
    for (const row of rows) {
      const event = this.orderEvent(table, Array.isArray(row) ? row : [], ignored);
      if (event !== null) events.push(event);
    }
    const end = offset + rows.length;
    return {
      events,
      fetched: rows.length,
      total: cursor === null ? table.items.length : null,
      next: end < table.items.length ? `${exportId}:${end}` : null,
      ignored,
    };
  }

  private orderEvent(table: ExportTable, row: unknown[], ignored: string[]): MappedEvent | null {
    const settings: MappingSettings = this.config.settings;
    const id = idOf(column(table, row, 'ID заказа', 'ID'));
    const status = column(table, row, 'Статус');
    const zone = settings.timeZone ?? 'Europe/Moscow';
    const when = column(table, row, 'Дата оплаты') ?? column(table, row, 'Дата создания');
    const occurredAt = isoOfLocal(when, zone) ?? isoOfText(when);
    if (id === null || status === null || occurredAt === null) {
      ignored.push(`order ${id ?? '?'}: no valid id, status or date`);
      return null;
    }
    const cost = table.fields.find((f) => f.startsWith('Стоимость'));
    const currency = column(table, row, 'Валюта') ?? /,\s*([A-Z]{3})$/.exec(cost ?? '')?.[1] ?? null;
    try {
      return getcourseOrderEvent(
        {
          account: this.account,
          id,
          status,
          amounts: [column(table, row, 'Оплачено'), column(table, row, 'Стоимость')],
          currency,
          manager: column(table, row, 'Менеджер'),
          number: column(table, row, 'Номер'),
          email: column(table, row, 'Email'),
          occurredAt,
        },
        settings,
      );
    } catch (error) {
      ignored.push(error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  /** Asks for a deals export; its id. */
  private async startExport(since: number, status: string | null): Promise<string> {
    const day = new Date(since).toISOString().slice(0, 10);
    const filter = `created_at[from]=${day}${status === null ? '' : `&status=${status}`}`;
    const info = this.info(await this.get(`/pl/api/account/deals?${filter}`));
    const id = idOf(own(info, 'export_id'));
    if (id === null) throw new CrmHttpError(200, 'GetCourse answered no export_id');
    return id;
  }

  /** The export's table, polling while GetCourse answers "not ready" (not counted as a failure). */
  private async export(exportId: string): Promise<ExportTable> {
    const polls = this.options.maxPolls ?? 60;
    for (let poll = 1; ; poll += 1) {
      const body = recordOf(await this.get(`/pl/api/account/exports/${exportId}`));
      if (own(body, 'error_code') === EXPORT_NOT_READY && poll < polls) {
        await this.sleep(this.options.pauseMs ?? 10_000);
        continue;
      }
      const info = this.info(body);
      const fields = own(info, 'fields');
      const items = own(info, 'items');
      if (!Array.isArray(fields) || !Array.isArray(items))
        throw new CrmHttpError(200, `GetCourse export ${exportId} answered no fields and items`);
      return {
        fields: fields.map((f) => (typeof f === 'string' ? f : '')),
        items: items.filter((row): row is unknown[] => Array.isArray(row)),
      };
    }
  }

  /** The `info` of a successful answer; GetCourse says failures with HTTP 200 and `success: false`. */
  private info(body: unknown): Record<string, unknown> | null {
    const record = recordOf(body);
    if (own(record, 'success') !== true) {
      const message = own(record, 'error_message');
      const code = own(record, 'error_code');
      throw new CrmHttpError(
        200,
        `GetCourse refused the export${code === undefined ? '' : ` (${String(code)})`}: ${typeof message === 'string' ? message.slice(0, 200) : 'no message'}`,
      );
    }
    return recordOf(own(record, 'info'));
  }

  private get(path: string): Promise<unknown> {
    const key = encodeURIComponent(this.config.credentials.apiToken ?? '');
    return this.config.http.get(`${this.base}${path}${path.includes('?') ? '&' : '?'}key=${key}`);
  }
}

function parseCursor(cursor: string): [string, number] {
  const match = /^(\d{1,15}):(\d{1,9})$/.exec(cursor);
  if (!match) throw new CrmHttpError(null, `not a GetCourse history cursor: ${cursor.slice(0, 40)}`);
  return [match[1] ?? '', Number(match[2])];
}

/** GetCourse's export API is slow and strictly limited: a request a second, five at once. */
export const GETCOURSE_RATE: RateLimit = { perSecond: 1, burst: 5 };

/**
 * Null without an export key or an account: the base URL is `settings.apiBaseUrl`, else
 * `https://{settings.account}.getcourse.ru`; the account (in the keys) is `settings.account`, else the
 * base URL's first host label.
 */
export const getcourseClient: CrmClientFactory = (config) => {
  const { apiBaseUrl, account } = config.settings;
  const base = (apiBaseUrl ?? (account ? `https://${account}.getcourse.ru` : '')).replace(/\/+$/, '');
  let name = idOf(account);
  if (name === null && base !== '') {
    try {
      name = idOf(new URL(base).hostname.split('.')[0]);
    } catch {
      name = null;
    }
  }
  return config.credentials.apiToken && base !== '' && name !== null
    ? new GetCourseClient(config, base, name)
    : null;
};
