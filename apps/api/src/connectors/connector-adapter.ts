/**
 * The seam between the inbound hooks (a delivery arrives, is verified, stored, then mapped by the
 * inbox worker) and each CRM or telephony system's rules (how it signs, what its payload means).
 * An adapter is pure apart from `CrmLookup`, the CRM's REST API for webhooks that carry only ids.
 * Facts per vendor: ../shared/research/crm-connectors.md.
 */
import type { ConnectorKind, EventAttributes, EventType } from '@leaderboard/contracts';

export { CONNECTOR_KINDS, type ConnectorKind } from '@leaderboard/contracts';

/** A delivery as it reached `/api/hooks/:connectorId`, before anything trusts it. */
export interface InboundDelivery {
  method: 'GET' | 'POST';
  /** The public URL the sender called, query included: what URL-covering signatures sign. */
  url: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  /** The body exactly as received (signatures cover the raw bytes). */
  rawBody: Buffer;
  /** Epoch ms, from the injected clock. */
  receivedAt: number;
}

/**
 * A connector's secrets, decrypted in memory only: `secret` is the random token of its inbound URL;
 * `values` what the vendor's scheme needs (HubSpot `clientSecret`, Twilio `authToken`, Zadarma
 * `secret`, Mango `apiKey` + `salt`, Bitrix24 `applicationToken`, Pipedrive `user` + `password`).
 */
export interface ConnectorCredentials {
  secret: string;
  values: Readonly<Record<string, string>>;
}

export type VerifyOutcome = { ok: true } | { ok: false; reason: string };

/** A CRM stage as the manager's stage map reads it. */
export interface CrmStage {
  pipelineId: string | null;
  stageId: string;
  /** The CRM's own meaning, when it has one (amoCRM 142/143, Bitrix24 S/F/P, HubSpot closed won, Pipedrive status). */
  semantic: 'won' | 'lost' | 'open' | null;
}

/** One event a delivery describes, before its CRM user becomes a rep and its stage an event type. */
export interface MappedEvent {
  /** The idempotency key built from the CRM's own ids (research brief): the ledger's `externalId`. */
  externalId: string;
  /**
   * The event type when the payload says it (a call, a won deal); null when it is a stage move
   * whose type the connector's stage map decides.
   */
  type: EventType | null;
  /** The CRM user (owner, operator) the event belongs to; null when the payload names none. */
  crmUserId: string | null;
  /** ISO-8601 with an offset. */
  occurredAt: string;
  attributes: EventAttributes;
  stage?: CrmStage;
}

export interface MappedDelivery {
  events: MappedEvent[];
  /** Parts of the delivery that are not events we score, each with why (kept with the inbox row). */
  ignored: string[];
}

/** The CRM's REST API, for payloads that carry only ids (Bitrix24, HubSpot) or lack the user's e-mail. */
export interface CrmLookup {
  /** The deal (lead, order) as the CRM's API answers it; null when it no longer exists. */
  deal(id: string): Promise<Readonly<Record<string, unknown>> | null>;
  /**
   * The deal's latest stage move as the CRM records it (Bitrix24: its newest `crm.stagehistory.list`
   * row), for CRMs whose webhook says only that the deal changed; null when it has none.
   */
  latestStageMove?(dealId: string): Promise<Readonly<Record<string, unknown>> | null>;
}

/** A payload that cannot be turned into events: the inbox row keeps it with `reason`. */
export class UnmappableDelivery extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnmappableDelivery';
  }
}

/**
 * A connector's non-secret settings that mapping reads (the hooks layer passes what the manager set):
 * `currency` (the account currency: amoCRM and GetCourse, default RUB; HubSpot when a deal names
 * none), `timeZone` (IANA zone of the local times Zadarma sends, default UTC), `account` (GetCourse:
 * the school's account name, else an `account` parameter in the URL).
 */
export type MappingSettings = Readonly<Record<string, string>>;

export interface ConnectorAdapter {
  readonly kind: ConnectorKind;
  /** Whether the delivery comes from the connector's sender (signature, token, timestamp). */
  verify(delivery: InboundDelivery, credentials: ConnectorCredentials, now: number): VerifyOutcome;
  /** The events of a verified delivery; throws `UnmappableDelivery` when it cannot say. */
  map(
    delivery: InboundDelivery,
    lookup: CrmLookup | null,
    settings?: MappingSettings,
  ): Promise<MappedDelivery>;
}
