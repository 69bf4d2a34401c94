/**
 * Zadarma PBX notifications: form POST `event=NOTIFY_END|NOTIFY_OUT_END|...`; header `Signature` =
 * base64 of the hex HMAC-SHA1(secret, the event's signed fields). `call_start` is a wall-clock time
 * of the account's zone (setting `timeZone`, default UTC). A GET with `zd_echo` checks the URL.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type MappedDelivery,
  type InboundDelivery,
  type MappedEvent,
} from '../connector-adapter.js';
import { parseForm, parseFormOrNull, textAt } from './form-body.js';
import { bodyText, durationOf, idOf, queryText, settle } from './vendor-values.js';
import { hmac, safeEqual } from './vendor-signatures.js';
import { isoOfLocal } from './vendor-time.js';

const CALL_ENDS = new Set(['NOTIFY_END', 'NOTIFY_OUT_END']);
/** The fields each event signs, concatenated in this order (Zadarma's API documentation). */
const SIGNED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  NOTIFY_START: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_INTERNAL: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_END: ['caller_id', 'called_did', 'call_start'],
  NOTIFY_ANSWER: ['caller_id', 'destination', 'call_start'],
  NOTIFY_OUT_START: ['internal', 'destination', 'call_start'],
  NOTIFY_OUT_END: ['internal', 'destination', 'call_start'],
  NOTIFY_RECORD: ['pbx_call_id', 'call_id_with_rec'],
};

/** The `zd_echo` of a GET by which Zadarma checks the URL (the hooks layer answers it as the body). */
export function zadarmaEcho(delivery: InboundDelivery): string | null {
  const echo = delivery.method === 'GET' ? parseFormOrNull(queryText(delivery))?.zd_echo : undefined;
  return typeof echo === 'string' ? echo : null;
}

export const zadarmaAdapter: ConnectorAdapter = {
  kind: 'zadarma',
  verify(delivery, credentials) {
    const secret = credentials.values.secret;
    if (!secret) return { ok: false, reason: 'no Zadarma secret is configured' };
    if (delivery.method === 'GET' && parseFormOrNull(queryText(delivery))?.zd_echo !== undefined)
      return { ok: true };
    const form = parseFormOrNull(bodyText(delivery));
    const fields = SIGNED_FIELDS[form === null ? '' : (textAt(form, 'event') ?? '')];
    const given = delivery.headers.signature;
    if (form === null || fields === undefined || !given)
      return { ok: false, reason: 'no Signature or unknown event' };
    const data = fields.map((name) => textAt(form, name) ?? '').join('');
    const expected = Buffer.from(hmac('sha1', secret, data).toString('hex'), 'utf8').toString('base64');
    return safeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'bad Zadarma signature' };
  },
  map: (delivery, _lookup, settings) =>
    settle((): MappedDelivery => {
      if (delivery.method === 'GET') return { events: [], ignored: ['zd_echo: URL check'] };
      const form = parseForm(bodyText(delivery));
      const event = textAt(form, 'event');
      if (event === null) throw new UnmappableDelivery('not a Zadarma notification: no event');
      if (!CALL_ENDS.has(event))
        return { events: [], ignored: [`${event.slice(0, 40)}: only call ends are scored`] };
      const callId = idOf(textAt(form, 'pbx_call_id'));
      const durationSec = durationOf(textAt(form, 'duration'));
      const zone = settings?.timeZone ?? 'UTC';
      const occurredAt = isoOfLocal(textAt(form, 'call_start'), zone);
      if (callId === null || durationSec === null || occurredAt === null) {
        throw new UnmappableDelivery(
          `${event} without a valid pbx_call_id, duration or call_start (zone ${zone})`,
        );
      }
      const answered = textAt(form, 'disposition') === 'answered' && durationSec > 0;
      const attributes: EventAttributes = {
        durationSec,
        outcome: answered ? 'connected' : 'no_answer',
        direction: event === 'NOTIFY_END' ? 'inbound' : 'outbound',
      };
      const mapped: MappedEvent = {
        externalId: `zadarma:${callId}:${event}`,
        type: 'call',
        crmUserId: idOf(textAt(form, 'internal')),
        occurredAt,
        attributes,
      };
      return { events: [mapped], ignored: [] };
    }),
};
