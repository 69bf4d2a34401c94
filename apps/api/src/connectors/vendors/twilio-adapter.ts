/**
 * Twilio voice status callbacks: form POST (`CallSid`, `CallStatus`, `CallDuration`, ...), signed in
 * `X-Twilio-Signature` = base64 HMAC-SHA1(auth token, full URL + every POST param sorted by name as
 * name + value). A call's final status is an event: `completed` with its duration, `busy`, `no-answer`
 * and `canceled` as a missed call (`no_answer`, 0 s); `failed` and in-progress statuses are not.
 * Twilio names no CRM user: the rep is the
 * number or `client:` identity on our side of the call (`From` outbound, `To` inbound).
 */
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type MappedDelivery,
  type MappedEvent,
} from '../connector-adapter.js';
import { formPairs, parseForm, textAt } from './form-body.js';
import { bodyText, durationOf, idOf, queryText, settle } from './vendor-values.js';
import { hmac, safeEqual } from './vendor-signatures.js';
import { isoOfMs } from './vendor-time.js';

/** The status-callback `Timestamp` (RFC 2822, e.g. `Thu, 04 Dec 2026 10:15:00 +0000`). */
/** Final statuses of a call nobody answered: scored as a missed call. */
const MISSED = new Set(['busy', 'no-answer', 'canceled']);

const RFC_2822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

export const twilioAdapter: ConnectorAdapter = {
  kind: 'twilio',
  verify(delivery, credentials) {
    const token = credentials.values.authToken;
    if (!token) return { ok: false, reason: 'no Twilio auth token is configured' };
    const given = delivery.headers['x-twilio-signature'];
    if (!given) return { ok: false, reason: 'no X-Twilio-Signature' };
    let signed = delivery.url;
    if (delivery.method === 'POST') {
      let pairs: [string, string][];
      try {
        pairs = formPairs(bodyText(delivery));
      } catch {
        return { ok: false, reason: 'unreadable form body' };
      }
      pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      signed += pairs.map(([name, value]) => name + value).join('');
    }
    const expected = hmac('sha1', token, Buffer.from(signed, 'utf8')).toString('base64');
    return safeEqual(given, expected) ? { ok: true } : { ok: false, reason: 'bad Twilio signature' };
  },
  map: (delivery) =>
    settle((): MappedDelivery => {
      // Twilio sends the parameters in the query when the callback method is GET.
      const form = parseForm(delivery.method === 'GET' ? queryText(delivery) : bodyText(delivery));
      const sid = idOf(textAt(form, 'CallSid'));
      const status = textAt(form, 'CallStatus');
      if (sid === null || status === null)
        throw new UnmappableDelivery('not a Twilio status callback: no CallSid');
      const missed = MISSED.has(status);
      if (status !== 'completed' && !missed) {
        return {
          events: [],
          ignored: [`call ${sid} ${status.slice(0, 30)}: only completed and missed calls are scored`],
        };
      }
      const durationSec = missed ? 0 : durationOf(textAt(form, 'CallDuration'));
      if (durationSec === null)
        throw new UnmappableDelivery(`completed call ${sid} without a valid CallDuration`);
      const stamp = textAt(form, 'Timestamp');
      const occurredAt = isoOfMs(
        stamp !== null && RFC_2822.test(stamp) ? Date.parse(stamp) : delivery.receivedAt,
      );
      if (occurredAt === null) throw new UnmappableDelivery(`call ${sid}: Timestamp out of range`);
      const outbound = (textAt(form, 'Direction') ?? '').startsWith('outbound');
      const answeredBy = textAt(form, 'AnsweredBy') ?? '';
      const party = textAt(form, outbound ? 'From' : 'To');
      const event: MappedEvent = {
        externalId: `twilio:${sid}:${status}`,
        type: 'call',
        crmUserId: party === null || party === '' || party.length > 200 ? null : party,
        occurredAt,
        attributes: {
          durationSec,
          outcome: missed
            ? 'no_answer'
            : answeredBy.startsWith('machine')
              ? 'voicemail'
              : durationSec > 0
                ? 'connected'
                : 'no_answer',
          direction: outbound ? 'outbound' : 'inbound',
        },
      };
      return { events: [event], ignored: [] };
    }),
};
