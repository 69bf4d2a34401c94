/**
 * Bitrix24 outbound webhooks: form-encoded `event=...&data[FIELDS][ID]=...&auth[...]`. Deal events
 * carry only the id, so the deal is read through `CrmLookup` (`crm.deal.get`); calls
 * (`ONVOXIMPLANTCALLEND`) carry what a call event needs. Verified by `auth[application_token]`.
 * A stage move is the deal's newest `crm.stagehistory.list` row (`CrmLookup.latestStageMove`), keyed
 * as the history path keys it; the portal in the keys is `b24Portal` (settings.memberId, else auth[domain]).
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
import { b24MoveEvent, b24MoveOfHistory, b24Portal, type B24StageMove } from './bitrix24-deal-event.js';
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
  if (lookup === null)
    throw new UnmappableDelivery('Bitrix24 deal events need the CRM API: set credentials.restUrl');
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
  const categoryId = idOf(own(deal, 'CATEGORY_ID'));
  let move: B24StageMove | null = { dealId: id, stageId, categoryId, semantic, occurredAt, historyId: null };
  if (semantic === 'P') {
    // The exact move is the deal's newest stage-history row: its ID keys the move as the history
    // path keys it (every later edit of the deal finds the same row: one event).
    move = b24MoveOfHistory(lookup.latestStageMove ? await lookup.latestStageMove(id) : null);
    if (move === null || move.dealId !== id) {
      return skip(ignored, `deal ${id}: no stage-history row for its move into ${stageId}`);
    }
  }
  return b24MoveEvent(portal, move, deal, ignored);
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
  async map(delivery, lookup, settings): Promise<MappedDelivery> {
    const form = parseForm(bodyText(delivery));
    const event = (textAt(form, 'event') ?? '').toUpperCase();
    const portal = b24Portal(settings, textAt(form, 'auth', 'domain'));
    if (event === '' || portal === null)
      throw new UnmappableDelivery('not a Bitrix24 event: no event or auth[domain]');
    const member = textAt(form, 'auth', 'member_id');
    if (settings?.memberId && member !== null && member !== settings.memberId)
      throw new UnmappableDelivery(`auth[member_id] ${member.slice(0, 40)} is not this connector's portal`);
    const ignored: string[] = [];
    let mapped: MappedEvent | null = null;
    if (DEAL_EVENTS.has(event)) mapped = await dealEvent(form, portal, lookup, ignored);
    else if (event === CALL_END) mapped = callEvent(form, portal, ignored);
    else ignored.push(`${event}: not scored`);
    return { events: mapped ? [mapped] : [], ignored };
  },
};
