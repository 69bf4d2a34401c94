/**
 * Mango Office VPBX `.../events/summary`: form POST `vpbx_api_key`, `sign`, `json`, one final summary
 * per call; `sign` = hex sha256(api key + json + salt). `create_time`, `talk_time` and `end_time` are
 * unix instants (talk_time 0: nobody answered); a small `talk_time` is read as seconds talked
 * [unconfirmed]. The operator is the extension on our side of the call. Mango posts its other events
 * (`/events/call`, `/events/recording`, ...) to the same URL: only the summary is scored.
 */
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type MappedDelivery,
  type MappedEvent,
} from '../connector-adapter.js';
import { parseForm, parseFormOrNull, textAt } from './form-body.js';
import { bodyText, durationOf, idOf, intOf, own, parseJsonBody, recordOf, settle } from './vendor-values.js';
import { safeEqual, sha256Hex } from './vendor-signatures.js';
import { isoOfUnix } from './vendor-time.js';

/** Below this, `talk_time` is a duration in seconds, not a unix instant. */
const UNIX_2001 = 978_307_200;

/** The event name of a `.../events/<name>` URL; null when the URL names none. */
function eventOf(url: string): string | null {
  const path = URL.canParse(url) ? new URL(url).pathname : url;
  return /\/events\/([\w-]{1,40})\/?$/.exec(path)?.[1] ?? null;
}

function talkSeconds(summary: Record<string, unknown>): number | null {
  const talk = intOf(own(summary, 'talk_time'));
  const end = intOf(own(summary, 'end_time'));
  if (talk === null) return null;
  if (talk < UNIX_2001) return durationOf(talk);
  return end === null || end < talk ? null : durationOf(end - talk);
}

export const mangoAdapter: ConnectorAdapter = {
  kind: 'mango',
  verify(delivery, credentials) {
    const { apiKey, salt } = credentials.values;
    if (!apiKey || !salt) return { ok: false, reason: 'no Mango API key and salt are configured' };
    const form = parseFormOrNull(bodyText(delivery));
    const key = form === null ? null : textAt(form, 'vpbx_api_key');
    const sign = form === null ? null : textAt(form, 'sign');
    const json = form === null ? null : textAt(form, 'json');
    if (key === null || sign === null || json === null)
      return { ok: false, reason: 'no vpbx_api_key, sign or json' };
    if (!safeEqual(key, apiKey)) return { ok: false, reason: 'wrong vpbx_api_key' };
    return safeEqual(sign.toLowerCase(), sha256Hex(apiKey + json + salt))
      ? { ok: true }
      : { ok: false, reason: 'bad Mango sign' };
  },
  map: (delivery) =>
    settle((): MappedDelivery => {
      const name = eventOf(delivery.url);
      if (name !== null && name !== 'summary')
        return { events: [], ignored: [`events/${name}: only events/summary is scored`] };
      const json = textAt(parseForm(bodyText(delivery)), 'json');
      const summary = recordOf(json === null ? null : parseJsonBody(json));
      const entry = idOf(own(summary, 'entry_id'));
      if (summary === null || entry === null)
        throw new UnmappableDelivery('not a Mango call summary: no json.entry_id');
      const occurredAt = isoOfUnix(own(summary, 'create_time'));
      const durationSec = talkSeconds(summary);
      if (occurredAt === null || durationSec === null) {
        throw new UnmappableDelivery(`summary ${entry} without a valid create_time, talk_time or end_time`);
      }
      // call_direction 1 inbound (our operator is `to`), 2 outbound (`from`); 0 internal.
      const direction = intOf(own(summary, 'call_direction'));
      const ours = direction === 2 ? ['from', 'to'] : ['to', 'from'];
      const extension = ours
        .map((side) => idOf(own(recordOf(own(summary, side)), 'extension')))
        .find((x) => x !== null);
      const event: MappedEvent = {
        externalId: `mango:${entry}`,
        type: 'call',
        crmUserId: extension ?? null,
        occurredAt,
        attributes: {
          durationSec,
          outcome: durationSec > 0 ? 'connected' : 'no_answer',
          direction: direction === 2 ? 'outbound' : direction === 1 ? 'inbound' : 'internal',
        },
      };
      return { events: [event], ignored: [] };
    }),
};
