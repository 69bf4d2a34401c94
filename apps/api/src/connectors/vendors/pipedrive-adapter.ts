/**
 * Pipedrive webhooks v2: JSON `{ meta, data, previous }` where `previous` holds only the fields that
 * changed. Deals (won, lost, stage moves) and activities of type `call` (when marked done). No
 * signature: optional HTTP Basic credentials on the webhook.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type MappedDelivery,
  type CrmStage,
  type MappedEvent,
} from '../connector-adapter.js';
import { bodyText, idOf, own, parseJsonBody, recordOf, settle, skip } from './vendor-values.js';
import { currencyOf, minorUnitsOf } from './vendor-money.js';
import { safeEqual } from './vendor-signatures.js';
import { isoOfLocal, isoOfText, isoOfUnix } from './vendor-time.js';

type Json = Record<string, unknown>;

/** Pipedrive's instants: ISO in v2, `YYYY-MM-DD HH:MM:SS` in UTC in older fields, or unix time. */
function instantOf(value: unknown): string | null {
  return isoOfText(value) ?? isoOfLocal(value, 'UTC') ?? isoOfUnix(value);
}

/** An activity's `duration`, `HH:MM` (or `HH:MM:SS`), in seconds. */
function durationOf(value: unknown): number | null {
  const match = typeof value === 'string' ? /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(value) : null;
  if (!match) return null;
  const seconds = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0);
  return seconds <= 86_400 ? seconds : null;
}

/** A field named in a reason: a short string, or `?`. */
function labelOf(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 30) : '?';
}

/** One v2 delivery: `previous` holds only the fields this change touched. */
interface Change {
  key: string;
  id: string;
  created: boolean;
  meta: Json;
  data: Json;
  previous: Json | null;
}

function dealEvent(change: Change, ignored: string[]): MappedEvent | null {
  const { key, id, meta, data, previous } = change;
  const status = own(data, 'status');
  const stageId = idOf(own(data, 'stage_id'));
  const pipelineId = idOf(own(data, 'pipeline_id'));
  const stageAs = (semantic: CrmStage['semantic']) =>
    stageId === null ? {} : { stage: { pipelineId, stageId, semantic } };
  const crmUserId = idOf(own(data, 'owner_id'));
  if ((status === 'won' || status === 'lost') && (change.created || own(previous, 'status') !== undefined)) {
    const occurredAt = instantOf(own(data, `${status}_time`)) ?? instantOf(own(meta, 'timestamp'));
    if (occurredAt === null) return skip(ignored, `deal ${id}: no valid ${status}_time or timestamp`);
    const base = { externalId: `${key}:deal:${id}:${status}`, crmUserId, occurredAt, ...stageAs(status) };
    if (status === 'lost') {
      const reason = own(data, 'lost_reason');
      const attributes: EventAttributes = { dealId: id };
      if (typeof reason === 'string' && reason.trim() !== '') attributes.reason = reason.slice(0, 200);
      return { ...base, type: 'deal_lost', attributes };
    }
    const currency = currencyOf(own(data, 'currency'), undefined, null);
    const amount = currency === null ? null : minorUnitsOf(own(data, 'value'), currency);
    if (currency === null || amount === null) return skip(ignored, `deal ${id}: no valid value and currency`);
    return { ...base, type: 'deal_won', attributes: { dealId: id, amount, currency } };
  }
  if (own(previous, 'stage_id') === undefined || stageId === null) {
    return skip(ignored, `deal ${id}: neither its status nor its stage changed`);
  }
  const occurredAt = instantOf(own(data, 'stage_change_time') ?? own(meta, 'timestamp'));
  if (occurredAt === null) return skip(ignored, `deal ${id}: no valid stage_change_time`);
  const attributes: EventAttributes = { dealId: id, to: stageId };
  const from = idOf(own(previous, 'stage_id'));
  if (from !== null) attributes.from = from;
  const externalId = `${key}:deal:${id}:stage:${stageId}:${Date.parse(occurredAt)}`;
  return {
    externalId,
    type: null,
    crmUserId,
    occurredAt,
    attributes,
    ...stageAs(status === 'open' ? 'open' : null),
  };
}

function callEvent(change: Change, ignored: string[]): MappedEvent | null {
  const { key, id, meta, data, previous } = change;
  if (own(data, 'type') !== 'call') return skip(ignored, `activity ${id}: not a call`);
  if (own(data, 'done') !== true || (!change.created && own(previous, 'done') === undefined)) {
    return skip(ignored, `activity ${id}: call not marked done by this change`);
  }
  const occurredAt = instantOf(own(data, 'marked_as_done_time')) ?? instantOf(own(meta, 'timestamp'));
  if (occurredAt === null) return skip(ignored, `activity ${id}: no valid marked_as_done_time`);
  const attributes: EventAttributes = { activityId: id };
  const durationSec = durationOf(own(data, 'duration'));
  if (durationSec !== null) attributes.durationSec = durationSec;
  const crmUserId = idOf(own(data, 'owner_id') ?? own(data, 'user_id'));
  return { externalId: `${key}:activity:${id}:call`, type: 'call', crmUserId, occurredAt, attributes };
}

/**
 * The history path's event of a deal (`GET /api/v2/deals`) or an activity (`GET /api/v2/activities`)
 * as it stands: what the webhook for the change that brought it there gives, with the same key
 * (`pipedrive:{company_id}:deal:{id}:won`, `...:stage:{stage_id}:{stage_change_time}`,
 * `...:activity:{id}:call`). A stage move read this way does not know the stage the deal left.
 */
export function pipedriveRecordEvent(
  company: string,
  entity: 'deal' | 'activity',
  data: Json,
  ignored: string[],
): MappedEvent | null {
  const id = idOf(own(data, 'id'));
  if (id === null) return skip(ignored, `${entity} without a valid id`);
  const key = `pipedrive:${company}`;
  if (entity === 'activity')
    return callEvent({ key, id, created: true, meta: {}, data, previous: null }, ignored);
  const status = own(data, 'status');
  const closed = status === 'won' || status === 'lost';
  if (!closed && own(data, 'stage_change_time') == null) {
    return skip(ignored, `deal ${id}: open and never moved between stages`);
  }
  // An open deal that has moved: as the webhook of that move (previous names the stage field).
  const previous = closed ? null : { stage_id: null };
  return dealEvent({ key, id, created: closed, meta: {}, data, previous }, ignored);
}

export const pipedriveAdapter: ConnectorAdapter = {
  kind: 'pipedrive',
  verify(delivery, credentials) {
    const { user, password } = credentials.values;
    if (!user && !password) return { ok: true };
    const expected = `Basic ${Buffer.from(`${user ?? ''}:${password ?? ''}`, 'utf8').toString('base64')}`;
    const given = delivery.headers.authorization ?? '';
    return safeEqual(given, expected)
      ? { ok: true }
      : { ok: false, reason: 'wrong or missing HTTP Basic credentials' };
  },
  map: (delivery) =>
    settle((): MappedDelivery => {
      const body = recordOf(parseJsonBody(bodyText(delivery)));
      const meta = recordOf(own(body, 'meta'));
      const data = recordOf(own(body, 'data'));
      if (meta === null || own(meta, 'version') !== '2.0') {
        throw new UnmappableDelivery('not a Pipedrive v2 webhook: create the webhook with version 2.0');
      }
      const company = idOf(own(meta, 'company_id'));
      if (company === null) throw new UnmappableDelivery('no meta.company_id');
      const entity = own(meta, 'entity');
      const action = own(meta, 'action');
      const ignored: string[] = [];
      const id = idOf(own(meta, 'entity_id') ?? own(data, 'id'));
      let event: MappedEvent | null = null;
      if (
        data === null ||
        (action !== 'change' && action !== 'create') ||
        (entity !== 'deal' && entity !== 'activity')
      ) {
        ignored.push(`${labelOf(action)}.${labelOf(entity)}: not scored`);
      } else if (id === null) throw new UnmappableDelivery(`${entity} without meta.entity_id`);
      else {
        const previous = recordOf(own(body, 'previous'));
        const change = {
          key: `pipedrive:${company}`,
          id,
          created: action === 'create',
          meta,
          data,
          previous,
        };
        event = entity === 'deal' ? dealEvent(change, ignored) : callEvent(change, ignored);
      }
      return { events: event ? [event] : [], ignored };
    }),
};
