/**
 * Bitrix24 outbound webhooks: form-encoded `event=...&data[FIELDS][ID]=...&auth[...]`. Deal events
 * carry only the id, so the deal is read through `CrmLookup` (`crm.deal.get`); calls
 * (`ONVOXIMPLANTCALLEND`) carry what a call event needs. Verified by `auth[application_token]`.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type CrmLookup,
  type MappedDelivery,
  type MappedEvent,
} from '../connector-adapter.js';
import { parseForm, parseFormOrNull, textAt, type FormNode } from './form-body.js';
import { bodyText, durationOf, idOf, own, skip } from './vendor-values.js';
import { currencyOf, minorUnitsOf } from './vendor-money.js';
import { safeEqual } from './vendor-signatures.js';
import { isoOfText, isoOfUnix } from './vendor-time.js';

const DEAL_EVENTS = new Set(['ONCRMDEALUPDATE', 'ONCRMDEALADD']);
const CALL_END = 'ONVOXIMPLANTCALLEND';
/** `CALL_FAILED_CODE` of a call that went through (SIP 200). */
const CALL_OK = '200';

async function dealEvent(
  form: FormNode,
  portal: string,
  lookup: CrmLookup | null,
  ignored: string[],
): Promise<MappedEvent | null> {
  const id = idOf(textAt(form, 'data', 'FIELDS', 'ID'));
  if (id === null) throw new UnmappableDelivery('deal event without data[FIELDS][ID]');
  if (lookup === null) throw new UnmappableDelivery('Bitrix24 deal events need the CRM API (crm.deal.get)');
  const deal = await lookup.deal(id);
  if (deal === null) {
    return skip(ignored, `deal ${id} no longer exists`);
  }
  const semantic = own(deal, 'STAGE_SEMANTIC_ID');
  const stageId = idOf(own(deal, 'STAGE_ID'));
  // MOVED_TIME is when the deal entered its stage: edits after that do not change it.
  const occurredAt = isoOfText(own(deal, 'MOVED_TIME')) ?? isoOfText(own(deal, 'CLOSEDATE'));
  if (stageId === null || occurredAt === null || (semantic !== 'S' && semantic !== 'F' && semantic !== 'P')) {
    return skip(ignored, `deal ${id}: no valid STAGE_ID, STAGE_SEMANTIC_ID or MOVED_TIME`);
  }
  const stage = { pipelineId: idOf(own(deal, 'CATEGORY_ID')), stageId, semantic: null };
  const base = { crmUserId: idOf(own(deal, 'ASSIGNED_BY_ID')), occurredAt };
  const key = `b24:${portal}:deal:${id}`;
  if (semantic === 'S') {
    const attributes: EventAttributes = { dealId: id };
    const currency = currencyOf(own(deal, 'CURRENCY_ID'), undefined, null);
    const amount = currency === null ? null : minorUnitsOf(own(deal, 'OPPORTUNITY'), currency);
    if (currency === null || amount === null) {
      return skip(ignored, `deal ${id}: no valid OPPORTUNITY and CURRENCY_ID`);
    }
    Object.assign(attributes, { amount, currency });
    const won = { ...stage, semantic: 'won' as const };
    return { ...base, externalId: `${key}:won`, type: 'deal_won', attributes, stage: won };
  }
  if (semantic === 'F') {
    const lost = { ...stage, semantic: 'lost' as const };
    return { ...base, externalId: `${key}:lost`, type: 'deal_lost', attributes: { dealId: id }, stage: lost };
  }
  const open = { ...stage, semantic: 'open' as const };
  const attributes = { dealId: id, to: stageId };
  return {
    ...base,
    externalId: `${key}:stage:${stageId}:${Date.parse(occurredAt)}`,
    type: null,
    attributes,
    stage: open,
  };
}

function callEvent(form: FormNode, portal: string, ignored: string[]): MappedEvent | null {
  const data = (name: string): string | null => textAt(form, 'data', name);
  const callId = idOf(data('CALL_ID'));
  const durationSec = durationOf(data('CALL_DURATION'));
  const occurredAt = isoOfText(data('CALL_START_DATE')) ?? isoOfUnix(textAt(form, 'ts'));
  if (callId === null || durationSec === null || occurredAt === null) {
    return skip(ignored, 'call without a valid CALL_ID, CALL_DURATION or start time');
  }
  const failed = data('CALL_FAILED_CODE');
  const connected = durationSec > 0 && (failed === null || failed === '' || failed === CALL_OK);
  const type = data('CALL_TYPE');
  const attributes: EventAttributes = { durationSec, outcome: connected ? 'connected' : 'no_answer' };
  if (type === '1' || type === '2') attributes.direction = type === '1' ? 'outbound' : 'inbound';
  return {
    externalId: `b24:${portal}:call:${callId}`,
    type: 'call',
    // The docs name the operator ACCOUNT_USER_ID, receivers see PORTAL_USER_ID [unconfirmed]: both read.
    crmUserId: idOf(data('PORTAL_USER_ID') ?? data('ACCOUNT_USER_ID')),
    occurredAt,
    attributes,
  };
}

export const bitrix24Adapter: ConnectorAdapter = {
  kind: 'bitrix24',
  verify(delivery, credentials) {
    const expected = credentials.values.applicationToken;
    if (!expected) return { ok: false, reason: 'no application token is configured' };
    const form = parseFormOrNull(bodyText(delivery));
    const token = form === null ? null : textAt(form, 'auth', 'application_token');
    if (token === null) return { ok: false, reason: 'no auth[application_token]' };
    return safeEqual(token, expected) ? { ok: true } : { ok: false, reason: 'wrong application token' };
  },
  async map(delivery, lookup): Promise<MappedDelivery> {
    const form = parseForm(bodyText(delivery));
    const event = (textAt(form, 'event') ?? '').toUpperCase();
    const portal = idOf(textAt(form, 'auth', 'member_id') ?? textAt(form, 'auth', 'domain'));
    if (event === '' || portal === null)
      throw new UnmappableDelivery('not a Bitrix24 event: no event or auth[member_id]');
    const ignored: string[] = [];
    let mapped: MappedEvent | null = null;
    if (DEAL_EVENTS.has(event)) mapped = await dealEvent(form, portal, lookup, ignored);
    else if (event === CALL_END) mapped = callEvent(form, portal, ignored);
    else ignored.push(`${event}: not scored`);
    return { events: mapped ? [mapped] : [], ignored };
  },
};
