import type {
  ConnectorAlert,
  ConnectorHealth,
  ConnectorView,
  InboxDeliveryView,
} from '@leaderboard/contracts';
import type { ConnectorRecord, InboxRecord, InboxStats } from '../repositories/connectors.repository.js';

/** What list and get show of a connector: never its secrets. */
export function toConnectorView(
  row: ConnectorRecord,
  extra: { credentialNames: string[]; alert: ConnectorAlert | null },
): ConnectorView {
  return {
    ...extra,
    id: row.id,
    kind: row.kind,
    name: row.name,
    settings: row.settings,
    disabled: row.disabled,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
  };
}

/** The bytes a manager reads of a raw body: at most 64 KB of UTF-8 text. */
const MAX_SHOWN_BODY = 64 * 1024;

export function toDeliveryView(row: InboxRecord): InboxDeliveryView {
  const body = row.body.subarray(0, MAX_SHOWN_BODY).toString('utf8');
  return {
    id: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    status: row.status,
    reason: row.reason,
    attempts: row.attempts,
    method: row.method,
    url: row.url,
    body: row.body.length > MAX_SHOWN_BODY ? `${body}…` : body,
  };
}

export function toHealth(
  connectorId: string,
  stats: InboxStats,
  lastFailure: InboxRecord | null,
): ConnectorHealth {
  return {
    connectorId,
    lastDeliveryAt: stats.last_delivery_at === null ? null : new Date(stats.last_delivery_at).toISOString(),
    lastHour: { deliveries: stats.deliveries_last_hour, events: stats.events_last_hour },
    byStatus: { pending: stats.pending, done: stats.done, unmapped: stats.unmapped, failed: stats.failed },
    lastFailure: lastFailure === null ? null : toDeliveryView(lastFailure),
    // Filled by the health work of issue 15 (in progress).
    hourly: [],
    unmappedUsers: 0,
    heldEvents: 0,
    unmappedStages: 0,
    usualGapSeconds: null,
    alert: null,
    lastCatchUpAt: null,
  };
}
