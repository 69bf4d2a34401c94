/**
 * Connectors (issue 15): a CRM or telephony system whose webhooks reach `/api/hooks/:id/:secret`,
 * stored raw in an inbox and turned into ledger events by a worker. The kinds and the adapter seam
 * live in apps/api/src/connectors/connector-adapter.ts.
 */
import type { EventType } from './events.js';

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
}

/** A connector as listed: never its secrets. */
export interface ConnectorView {
  id: string;
  kind: string;
  name: string;
  settings: ConnectorSettings;
  disabled: boolean;
  createdAt: string;
  createdBy: string | null;
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
}

/** `PUT /api/connectors/:id/users/:crmUserId`: null unmaps. */
export interface ConnectorUserInput {
  repId: string | null;
}

export interface ConnectorUserView {
  crmUserId: string;
  repId: string | null;
  matchedBy: 'email' | 'manual';
  /** Held events of this CRM user now scored for the rep. */
  attached: number;
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
