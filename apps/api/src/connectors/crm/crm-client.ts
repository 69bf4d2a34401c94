/**
 * The CRM's REST API as a connector uses it: the deal behind a thin webhook (`CrmLookup`), the
 * users to match with reps, the pipelines' stages to map, and the history a backfill or a catch-up
 * poll reads. One implementation per CRM (amoCRM, Bitrix24, HubSpot, Pipedrive, GetCourse), built
 * by `crm-client-registry.ts` from a connector's settings and credentials, talking through
 * `CrmHttp` (rate limit, retries, timeout). Telephony kinds and `generic` have none.
 */
import type {
  ConnectorKind,
  CrmLookup,
  CrmStage,
  MappedEvent,
  MappingSettings,
} from '../connector-adapter.js';
import type { CrmHttp } from './crm-http.js';

/** A CRM user as its users endpoint lists them. */
export interface CrmUser {
  crmUserId: string;
  name: string | null;
  /** Lower-cased; what matches a rep's e-mail. */
  email: string | null;
  active: boolean;
}

/** A stage of one of the CRM's pipelines, with names for the manager's stage map. */
export interface CrmPipelineStage extends CrmStage {
  pipelineName: string | null;
  name: string | null;
}

/** One page of history: the events its records describe, and where the next page starts. */
export interface HistoryPage {
  /**
   * Built with the SAME idempotency keys (`externalId`) as the webhook path builds for the same fact,
   * so that a deal that arrived by webhook and again by backfill or catch-up is counted once.
   */
  events: MappedEvent[];
  /** CRM records this page read (deals, stage-history rows, events), for the progress bar. */
  fetched: number;
  /** How many records the whole history holds, when the CRM says (first page), else null. */
  total: number | null;
  /** Opaque cursor of the next page; null when this was the last. */
  next: string | null;
  /** Records that could not be turned into events, each with why. */
  ignored: string[];
}

export interface CrmClient extends CrmLookup {
  readonly kind: ConnectorKind;
  /** Every user of the CRM account (all pages). */
  users(): Promise<CrmUser[]>;
  /** Every stage of every pipeline (all pages), with the CRM's won/lost semantics where it has one. */
  stages(): Promise<CrmPipelineStage[]>;
  /**
   * History since `since` (epoch ms, inclusive), one page per call: `cursor` null starts, else the
   * `next` of the previous page. Restartable: a cursor stored in the database resumes after a restart.
   */
  history(since: number, cursor: string | null): Promise<HistoryPage>;
}

/** What a client factory gets: the connector's non-secret settings, its decrypted vendor values. */
export interface CrmClientConfig {
  settings: MappingSettings;
  credentials: Readonly<Record<string, string>>;
  http: CrmHttp;
}

/** A client factory per CRM kind; null when the connector lacks what its API needs (no token yet). */
export type CrmClientFactory = (config: CrmClientConfig) => CrmClient | null;
