/**
 * Pipedrive webhooks v2: JSON `{ meta, data, previous }` where `previous` holds only the fields that
 * changed. Deals (won, lost, stage moves) and activities of type `call` (when marked done). No
 * signature: optional HTTP Basic credentials on the webhook.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import { UnmappableDelivery, type ConnectorAdapter, type MappedEvent } from '../connector-adapter.js';
import {
  bodyText,
  currencyOf,
  idOf,
  isoOfLocal,
  isoOfText,
  isoOfUnix,
  minorUnitsOf,
  own,
  parseJsonBody,
  recordOf,
  safeEqual,
  skip,
} from './vendor-values.js';

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

function dealEvent(
  meta: Json,
  data: Json,
  previous: Json | null,
  key: string,
  ignored: string[],
): MappedEvent | null {
  const id = idOf(own(meta, 'entity_id') ?? own(data, 'id'));
  const status = own(data, 'status');
  const created = own(meta, 'action') === 'create';
  const statusChanged = created || own(previous, 'status') !== undefined;
  const stageId = idOf(own(data, 'stage_id'));
  const stage = { pipelineId: idOf(own(data, 'pipeline_id')), stageId: stageId ?? '', semantic: null };
  const base = { crmUserId: idOf(own(data, 'owner_id')), stage };
  if (id === null) throw new UnmappableDelivery('deal without meta.entity_id');
  if ((status === 'won' || status === 'lost') && statusChanged) {
    const occurredAt = instantOf(own(data, `${status}_time`)) ?? instantOf(own(meta, 'timestamp'));
    if (occurredAt === null) return skip(ignored, `deal ${id}: no valid ${status}_time or timestamp`);
    if (status === 'lost') {
      const attributes: EventAttributes = { dealId: id };
      if (typeof own(data, 'lost_reason') === 'string')
        attributes.reason = String(own(data, 'lost_reason')).slice(0, 200);
      const lost = { ...stage, semantic: 'lost' as const };
      return {
        ...base,
        externalId: `${key}:deal:${id}:lost`,
        type: 'deal_lost',
        occurredAt,
        attributes,
        stage: lost,
      };
    }
    const currency = currencyOf(own(data, 'currency'), undefined, null);
    const amount = currency === null ? null : minorUnitsOf(own(data, 'value'), currency);
    if (currency === null || amount === null) return skip(ignored, `deal ${id}: no valid value and currency`);
    const won = { ...stage, semantic: 'won' as const };
    const attributes = { dealId: id, amount, currency };
    return {
      ...base,
      externalId: `${key}:deal:${id}:won`,
      type: 'deal_won',
      occurredAt,
      attributes,
      stage: won,
    };
  }
  if (own(previous, 'stage_id') !== undefined && stageId !== null) {
    const at = own(data, 'stage_change_time') ?? own(meta, 'timestamp');
    const occurredAt = instantOf(at);
    if (occurredAt === null) return skip(ignored, `deal ${id}: no valid stage_change_time`);
    const attributes: EventAttributes = { dealId: id, to: stageId };
    const from = idOf(own(previous, 'stage_id'));
    if (from !== null) attributes.from = from;
    const open = { ...stage, semantic: status === 'open' ? ('open' as const) : null };
    const externalId = `${key}:deal:${id}:stage:${stageId}:${Date.parse(occurredAt)}`;
    return { ...base, externalId, type: null, occurredAt, attributes, stage: open };
  }
  ignored.push(`deal ${id}: neither its status nor its stage changed`);
  return null;
}

function callEvent(
  meta: Json,
  data: Json,
  previous: Json | null,
  key: string,
  ignored: string[],
): MappedEvent | null {
  const id = idOf(own(meta, 'entity_id') ?? own(data, 'id'));
  if (id === null) throw new UnmappableDelivery('activity without meta.entity_id');
  if (own(data, 'type') !== 'call') return skip(ignored, `activity ${id}: not a call`);
  const doneNow =
    own(data, 'done') === true && (own(meta, 'action') === 'create' || own(previous, 'done') !== undefined);
  if (!doneNow) return skip(ignored, `activity ${id}: call not marked done by this change`);
  const occurredAt = instantOf(own(data, 'marked_as_done_time')) ?? instantOf(own(meta, 'timestamp'));
  if (occurredAt === null) return skip(ignored, `activity ${id}: no valid marked_as_done_time`);
  const attributes: EventAttributes = { activityId: id };
  const durationSec = durationOf(own(data, 'duration'));
  if (durationSec !== null) attributes.durationSec = durationSec;
  return {
    externalId: `${key}:activity:${id}:call`,
    type: 'call',
    crmUserId: idOf(own(data, 'owner_id') ?? own(data, 'user_id')),
    occurredAt,
    attributes,
  };
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
  map(delivery) {
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
    const previous = recordOf(own(body, 'previous'));
    const key = `pipedrive:${company}`;
    let event: MappedEvent | null = null;
    if (data === null || (action !== 'change' && action !== 'create')) {
      ignored.push(`${String(action).slice(0, 30)}.${String(entity).slice(0, 30)}: not scored`);
    } else if (entity === 'deal') event = dealEvent(meta, data, previous, key, ignored);
    else if (entity === 'activity') event = callEvent(meta, data, previous, key, ignored);
    else ignored.push(`${String(entity).slice(0, 30)}: not scored`);
    return Promise.resolve({ events: event ? [event] : [], ignored });
  },
};
