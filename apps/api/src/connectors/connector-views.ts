import type {
  ConnectorAlert,
  ConnectorHealth,
  ConnectorJobView,
  ConnectorView,
  InboxDeliveryView,
} from '@leaderboard/contracts';
import type { ConnectorFacts } from '../repositories/connector-health.repository.js';
import type { JobRecord } from '../repositories/connector-jobs.repository.js';
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

const isoOrNull = (at: Date | string | null): string | null =>
  at === null ? null : new Date(at).toISOString();

/** What health adds to the inbox counts: the hourly series, the maps waiting, the rhythm, the alert. */
export interface HealthExtras {
  facts: ConnectorFacts;
  hourly: ConnectorHealth['hourly'];
  alert: ConnectorAlert | null;
}

export function toHealth(
  connectorId: string,
  stats: InboxStats,
  lastFailure: InboxRecord | null,
  extras: HealthExtras,
): ConnectorHealth {
  const { facts } = extras;
  return {
    connectorId,
    lastDeliveryAt: isoOrNull(stats.last_delivery_at),
    lastHour: { deliveries: stats.deliveries_last_hour, events: stats.events_last_hour },
    byStatus: { pending: stats.pending, done: stats.done, unmapped: stats.unmapped, failed: stats.failed },
    lastFailure: lastFailure === null ? null : toDeliveryView(lastFailure),
    hourly: extras.hourly,
    unmappedUsers: facts.unmapped_users,
    heldEvents: facts.held_events,
    unmappedStages: facts.unmapped_stages,
    usualGapSeconds: facts.usual_gap_seconds,
    alert: extras.alert,
    lastCatchUpAt: isoOrNull(facts.last_catchup_at),
  };
}

export function toJobView(job: JobRecord): ConnectorJobView {
  return {
    id: job.id,
    connectorId: job.connector_id,
    kind: job.kind,
    status: job.status,
    since: new Date(job.since).toISOString(),
    startedAt: new Date(job.started_at).toISOString(),
    finishedAt: isoOrNull(job.finished_at),
    fetched: job.fetched,
    total: job.total,
    created: job.created,
    error: job.error,
  };
}
