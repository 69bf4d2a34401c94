/** Event types of SPEC section 3. `void` corrects an earlier event by its idempotency key. */
export const ACTIVITY_EVENT_TYPES = [
  'call',
  'email',
  'meeting',
  'demo_booked',
  'demo_held',
  'follow_up',
  'lead_responded',
] as const;

export const OUTCOME_EVENT_TYPES = [
  'lead_qualified',
  'opportunity_created',
  'deal_stage_changed',
  'deal_won',
  'deal_lost',
  'customer_churned',
] as const;

export const EVENT_TYPES = [...ACTIVITY_EVENT_TYPES, ...OUTCOME_EVENT_TYPES, 'void'] as const;

export type ActivityEventType = (typeof ACTIVITY_EVENT_TYPES)[number];
export type OutcomeEventType = (typeof OUTCOME_EVENT_TYPES)[number];
export type EventType = (typeof EVENT_TYPES)[number];

export type AttributeValue = string | number | boolean | null;
export type EventAttributes = Record<string, AttributeValue>;

/** The idempotency key of an event: unique together. */
export interface EventKey {
  source: string;
  externalId: string;
}

/** One event as a CRM or a telephony system sends it to `POST /api/events`. */
export interface EventInput extends EventKey {
  type: EventType;
  /** The rep's `key` (CRM owner id or e-mail), not the internal id. */
  rep: string;
  /** ISO-8601 with an offset, e.g. `2026-11-20T10:15:00+03:00`. */
  occurredAt: string;
  attributes?: EventAttributes;
  /** Only on `type: 'void'`: the event this one cancels. */
  voids?: EventKey;
}

export interface EventBatchInput {
  events: EventInput[];
}

export type IngestStatus = 'created' | 'duplicate' | 'held';

export interface IngestResult {
  externalId: string;
  status: IngestStatus;
}

export interface IngestResponse {
  results: IngestResult[];
}

export const MAX_EVENTS_PER_BATCH = 1000;

/**
 * `POST /api/events/import` (a CSV file): the columns of the event itself; every other column is an
 * attribute named as it (`amount`, `durationSec`...) or a free one written `attributes.<name>`.
 * `source` may be left out (then `csv`, or the source an integration token is bound to).
 */
export const EVENT_IMPORT_COLUMNS = [
  'source',
  'externalId',
  'type',
  'rep',
  'occurredAt',
  'voidsSource',
  'voidsExternalId',
] as const;

/** The attributes the ingest checks by type (any other stays free), as CSV columns name them. */
export const KNOWN_EVENT_ATTRIBUTES = [
  'durationSec',
  'outcome',
  'scriptFollowed',
  'replied',
  'opened',
  'leadCreatedAt',
  'openedAt',
  'amount',
  'currency',
  'margin',
  'mrr',
  'dealId',
  'product',
  'region',
  'channel',
  'kind',
  'from',
  'to',
  'stage',
  'reason',
] as const;

/** The answer of a CSV import that was stored: rows read and each row's ingest status counted. */
export interface EventImportResponse {
  rows: number;
  created: number;
  duplicate: number;
  held: number;
}

/** `call.outcome` (SPEC 3). */
export const CALL_OUTCOMES = ['connected', 'voicemail', 'no_answer'] as const;
/** `deal_won.kind` (SPEC 3); absent counts as `new`. */
export const DEAL_KINDS = ['new', 'expansion', 'renewal', 'repeat'] as const;
/** `lead_qualified.from`: the stage the lead left. */
export const LEAD_QUALIFIED_FROM = ['lead', 'mql'] as const;
/** `lead_qualified.to`: `sql` (or absent) is a conversion, `mql` a new marketing-qualified lead. */
export const LEAD_QUALIFIED_TO = ['mql', 'sql'] as const;
