/**
 * Connectors (issue 15): a CRM or telephony system whose webhooks reach `/api/hooks/:id/:secret`,
 * stored raw in an inbox and turned into ledger events by a worker. The adapter seam lives in
 * apps/api/src/connectors/connector-adapter.ts.
 */
import type { EventType } from './events.js';

/** The kinds of connector: the CRMs, the phone systems, and `generic` (paths set by the manager). */
export const CONNECTOR_KINDS = [
  'amocrm',
  'bitrix24',
  'getcourse',
  'hubspot',
  'pipedrive',
  'zadarma',
  'mango',
  'twilio',
  'generic',
] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

/** Settings are not secret (field paths of the generic kind, a CRM base URL). */
export type ConnectorSettings = Record<string, string | number | boolean | null>;

/** `POST /api/connectors` (admins, managers). */
export interface ConnectorInput {
  kind: string;
  name: string;
  settings?: ConnectorSettings;
  /** What the vendor's scheme needs (HubSpot `clientSecret`, Twilio `authToken`...): stored encrypted. */
  credentials?: Record<string, string>;
}

/** `PATCH /api/connectors/:id`. */
export interface UpdateConnectorInput {
  name?: string;
  settings?: ConnectorSettings;
  disabled?: boolean;
  /**
   * Replaces the vendor values (an API token added later, a rotated client secret); stored
   * encrypted, never returned. The inbound URL's secret does not change.
   */
  credentials?: Record<string, string>;
}

/**
 * Why `/admin` shows a warning badge on a connector: `silent` (no delivery for much longer than its
 * usual gap), `failing` (its latest deliveries or sync failed), `unmapped` (CRM users or stages wait
 * for a mapping, with events held).
 */
export const CONNECTOR_ALERTS = ['silent', 'failing', 'unmapped'] as const;
export type ConnectorAlert = (typeof CONNECTOR_ALERTS)[number];

/** A connector as listed: never its secrets. */
export interface ConnectorView {
  id: string;
  kind: string;
  name: string;
  settings: ConnectorSettings;
  disabled: boolean;
  createdAt: string;
  createdBy: string | null;
  /** The vendor value names stored for it (never the values), e.g. `["apiToken"]`. */
  credentialNames: string[];
  /** The worst thing wrong with it now, or null. */
  alert: ConnectorAlert | null;
}

/** The answer of create, the one time the secrets are shown. */
export interface CreatedConnector extends ConnectorView {
  /** `/api/hooks/<id>/<secret>`: the path to paste into the CRM, after the API's public origin. */
  hookPath: string;
  credentials: Record<string, string>;
}

export const INBOX_STATUSES = ['pending', 'done', 'unmapped', 'failed'] as const;
export type InboxStatus = (typeof INBOX_STATUSES)[number];

/** A delivery kept in the inbox, as the health view shows its last failure. */
export interface InboxDeliveryView {
  id: string;
  receivedAt: string;
  status: InboxStatus;
  reason: string | null;
  attempts: number;
  method: 'GET' | 'POST';
  /** The request path and query with the URL secret masked. */
  url: string;
  /** The raw body as UTF-8 text (binary bytes replaced). */
  body: string;
}

/** `GET /api/connectors/:id/health`. */
export interface ConnectorHealth {
  connectorId: string;
  lastDeliveryAt: string | null;
  lastHour: { deliveries: number; events: number };
  byStatus: Record<InboxStatus, number>;
  /** The latest unmapped or failed delivery. */
  lastFailure: InboxDeliveryView | null;
  /** Deliveries and events per hour over the last 24 hours, oldest first (24 entries). */
  hourly: Array<{ hour: string; deliveries: number; events: number }>;
  /** CRM users seen or synced without a rep, and the events held for them. */
  unmappedUsers: number;
  heldEvents: number;
  /** Stages seen in deliveries or synced that map to no event type yet. */
  unmappedStages: number;
  /** The usual gap between deliveries (median over 7 days), null when too few to say. */
  usualGapSeconds: number | null;
  alert: ConnectorAlert | null;
  /** The last catch-up poll (null when the connector has no CRM API or never polled). */
  lastCatchUpAt: string | null;
}

/** `PUT /api/connectors/:id/users/:crmUserId`: null unmaps. */
export interface ConnectorUserInput {
  repId: string | null;
}

export interface ConnectorUserView {
  crmUserId: string;
  repId: string | null;
  matchedBy: 'email' | 'manual' | null;
  /** Held events of this CRM user now scored for the rep. */
  attached: number;
}

/** `GET /api/connectors/:id/users`: a CRM user (synced from its API or seen in a delivery) beside our rep. */
export interface ConnectorUserRow {
  crmUserId: string;
  /** As the CRM names them (null when only seen in a delivery, never synced). */
  name: string | null;
  email: string | null;
  repId: string | null;
  repName: string | null;
  matchedBy: 'email' | 'manual' | null;
  /** Events waiting under this CRM user until it is mapped. */
  heldEvents: number;
}

/** `GET /api/connectors/:id/stages`: a CRM stage (synced or seen) with its event type. */
export interface ConnectorStageRow extends ConnectorStage {
  pipelineName: string | null;
  name: string | null;
  /** The CRM's own meaning, which presets `type` (won -> deal_won, lost -> deal_lost). */
  semantic: 'won' | 'lost' | 'open' | null;
}

/** `POST /api/connectors/:id/sync`: users and stages read from the CRM's API. */
export interface ConnectorSyncResult {
  users: number;
  /** Users matched to a rep by e-mail in this sync. */
  matched: number;
  stages: number;
}

export const CONNECTOR_JOB_KINDS = ['backfill', 'catchup'] as const;
export type ConnectorJobKind = (typeof CONNECTOR_JOB_KINDS)[number];
export const CONNECTOR_JOB_STATUSES = ['running', 'done', 'failed'] as const;
export type ConnectorJobStatus = (typeof CONNECTOR_JOB_STATUSES)[number];

/** `POST /api/connectors/:id/backfill`: import the CRM's history of the last `days` days (1..730). */
export interface ConnectorBackfillInput {
  days: number;
}

/** A backfill or catch-up run, as the progress bar in `/admin` polls it. */
export interface ConnectorJobView {
  id: string;
  connectorId: string;
  kind: ConnectorJobKind;
  status: ConnectorJobStatus;
  /** History from this instant on. */
  since: string;
  startedAt: string;
  finishedAt: string | null;
  /** CRM records read so far, and how many the CRM said there are (null when it does not say). */
  fetched: number;
  total: number | null;
  /** Ledger events created (duplicates of what webhooks brought are not counted). */
  created: number;
  error: string | null;
}

/** One stage of a CRM pipeline and the event type it means; `type: null` ignores moves into it. */
export interface ConnectorStage {
  pipelineId: string | null;
  stageId: string;
  type: EventType | null;
}

/** `PUT /api/connectors/:id/stages`: the whole stage map of the connector. */
export interface ConnectorStagesInput {
  stages: ConnectorStage[];
}
