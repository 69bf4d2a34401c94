import { EVENT_TYPES, isCurrencyCode, type EventAttributes, type EventType } from '@leaderboard/contracts';
import type { ConnectorSettings } from '@leaderboard/contracts';
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type InboundDelivery,
  type MappedDelivery,
  type MappedEvent,
} from './connector-adapter.js';
import { deliveryFields, type DeliveryFields } from './delivery-fields.js';

/**
 * The settings of a `generic` connector: where each field of an event is in a delivery (a dot path
 * into a JSON body, or a form or query field name). A fixed `eventType` (or `currency`) stands in
 * for a path the sender does not have.
 */
export const GENERIC_SETTINGS = [
  'externalIdPath',
  'crmUserIdPath',
  'occurredAtPath',
  'typePath',
  'eventType',
  'stagePath',
  'pipelinePath',
  'amountPath',
  'currencyPath',
  'currency',
  'durationSecPath',
] as const;

const REQUIRED: ReadonlyArray<(typeof GENERIC_SETTINGS)[number]> = [
  'externalIdPath',
  'crmUserIdPath',
  'occurredAtPath',
];

const SCORED_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES.filter((t) => t !== 'void'));

/** Why a generic connector's deliveries are kept unmapped until its manager picks the field paths. */
export const FIELDS_NOT_MAPPED = 'fields not mapped yet';

/**
 * True when no field of an event has a path yet (a fixed currency alone says nowhere where things
 * are): a new generic connector, whose first deliveries are the sample the manager picks paths from.
 */
export function genericFieldsUnset(settings: ConnectorSettings): boolean {
  return GENERIC_SETTINGS.every((key) => key === 'currency' || settings[key] === undefined);
}

/**
 * What is wrong with the settings of a generic connector, or null. No field paths at all is valid
 * (its deliveries wait, unmapped, for them); some paths must be all the required ones.
 */
export function genericSettingsProblem(settings: ConnectorSettings): string | null {
  const unknown = Object.keys(settings).filter((k) => !(GENERIC_SETTINGS as readonly string[]).includes(k));
  if (unknown.length > 0) return `unknown settings: ${unknown.join(', ')}`;
  for (const [key, value] of Object.entries(settings)) {
    if (typeof value !== 'string' || value.trim() === '' || value.length > 200)
      return `${key} must be a non-empty string of at most 200 characters`;
  }
  if (settings['currency'] !== undefined && !isCurrencyCode(settings['currency']))
    return 'currency must be an ISO 4217 code, e.g. RUB';
  if (genericFieldsUnset(settings)) return null;
  const missing = REQUIRED.filter((key) => settings[key] === undefined);
  if (missing.length > 0) return `missing settings: ${missing.join(', ')}`;
  if (
    settings['typePath'] === undefined &&
    settings['eventType'] === undefined &&
    settings['stagePath'] === undefined
  )
    return 'one of typePath, eventType or stagePath is required';
  if (settings['eventType'] !== undefined && !SCORED_TYPES.has(String(settings['eventType'])))
    return `eventType must be one of ${[...SCORED_TYPES].join(', ')}`;
  return null;
}

/** Digits after the point in `currency`'s minor unit (RUB 2, JPY 0, KWD 3). */
export function minorDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** The instant a field holds (ISO-8601, or epoch seconds or milliseconds) as ISO-8601, or null. */
function instantOf(value: string | number | boolean): string | null {
  const text = String(value).trim();
  if (/^\d{9,13}$/.test(text)) {
    const n = Number(text);
    return new Date(text.length <= 10 ? n * 1000 : n).toISOString();
  }
  const ms = Date.parse(text);
  // With its offset: a local time without one would mean the server's zone.
  return ISO_WITH_OFFSET.test(text) && !Number.isNaN(ms) ? new Date(ms).toISOString() : null;
}

class GenericMapping {
  constructor(
    private readonly settings: ConnectorSettings,
    private readonly fields: DeliveryFields,
  ) {}

  setting(key: (typeof GENERIC_SETTINGS)[number]): string | undefined {
    const value = this.settings[key];
    return typeof value === 'string' ? value : undefined;
  }

  /** The field at the setting's path; undefined when no path is set; unmappable when required and absent. */
  field(key: (typeof GENERIC_SETTINGS)[number], required: boolean): string | undefined {
    const path = this.setting(key);
    if (path === undefined) return undefined;
    const value = this.fields.get(path);
    if (value === undefined || value === null || String(value).trim() === '') {
      if (required) throw new UnmappableDelivery(`the delivery has no "${path}" (${key})`);
      return undefined;
    }
    return String(value).trim();
  }

  event(): MappedEvent {
    const id = this.field('externalIdPath', true)!;
    const crmUserId = this.field('crmUserIdPath', true)!;
    const at = this.field('occurredAtPath', true)!;
    const occurredAt = instantOf(at);
    if (occurredAt === null)
      throw new UnmappableDelivery(
        `"${this.setting('occurredAtPath')}" is not a date-time: ${at.slice(0, 50)}`,
      );
    const type = this.type();
    const stageId = this.field('stagePath', type === null);
    const attributes: EventAttributes = {};
    const amount = this.field('amountPath', false);
    if (amount !== undefined) {
      const currency = this.field('currencyPath', false) ?? this.setting('currency');
      const major = Number(amount.replace(',', '.'));
      if (!Number.isFinite(major))
        throw new UnmappableDelivery(`"${this.setting('amountPath')}" is not a number`);
      attributes['amount'] = Math.round(
        major * 10 ** (currency && isCurrencyCode(currency) ? minorDigits(currency) : 2),
      );
      if (currency !== undefined) attributes['currency'] = currency.toUpperCase();
    }
    const duration = this.field('durationSecPath', false);
    if (duration !== undefined) {
      const seconds = Number(duration);
      if (!Number.isFinite(seconds))
        throw new UnmappableDelivery(`"${this.setting('durationSecPath')}" is not a number`);
      attributes['durationSec'] = Math.round(seconds);
    }
    return {
      externalId: `${id}:${type ?? `stage:${stageId}`}`,
      type,
      crmUserId,
      occurredAt,
      attributes,
      ...(stageId !== undefined && {
        stage: { pipelineId: this.field('pipelinePath', false) ?? null, stageId, semantic: null },
      }),
    };
  }

  private type(): EventType | null {
    const fixed = this.setting('eventType');
    if (fixed !== undefined) return fixed as EventType;
    const value = this.field('typePath', this.setting('stagePath') === undefined);
    if (value === undefined) return null;
    if (!SCORED_TYPES.has(value))
      throw new UnmappableDelivery(
        `"${this.setting('typePath')}" is "${value.slice(0, 50)}", not an event type`,
      );
    return value as EventType;
  }
}

/**
 * The adapter of a `generic` connector (any JSON, form or query-string webhook): the secret in the
 * URL is its only credential, and its settings say where each field is. One event per delivery.
 */
export function genericAdapter(settings: ConnectorSettings): ConnectorAdapter {
  return {
    kind: 'generic',
    verify: () => ({ ok: true }),
    map(delivery: InboundDelivery): Promise<MappedDelivery> {
      // The executor's throw (UnmappableDelivery) rejects the promise.
      return new Promise((resolve) => {
        if (genericFieldsUnset(settings)) throw new UnmappableDelivery(FIELDS_NOT_MAPPED);
        let fields: DeliveryFields;
        try {
          fields = deliveryFields(delivery);
        } catch {
          throw new UnmappableDelivery('the body is not valid JSON');
        }
        resolve({ events: [new GenericMapping(settings, fields).event()], ignored: [] });
      });
    },
  };
}
