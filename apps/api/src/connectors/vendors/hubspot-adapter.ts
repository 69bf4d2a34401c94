/**
 * HubSpot app webhooks: a JSON array of `deal.creation` / `deal.propertyChange` items (order not
 * guaranteed). Signed with v3: base64 HMAC-SHA256(client secret, method + URL + body + timestamp),
 * refused when the timestamp is over 5 minutes off. The deal (amount, currency, owner, closed won)
 * is read through `CrmLookup` (hubspot-deal.ts: the same event the history path builds).
 */
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type MappingSettings,
  type CrmLookup,
  type InboundDelivery,
  type MappedDelivery,
  type MappedEvent,
} from '../connector-adapter.js';
import { bodyText, idOf, intOf, own, parseJsonBody, recordOf, skip, uniqueByKey } from './vendor-values.js';
import { hubspotDealEvent, hubspotPropertiesOf } from './hubspot-deal.js';
import { hmac, safeEqual } from './vendor-signatures.js';
import { isoOfUnix } from './vendor-time.js';

export const HUBSPOT_MAX_SKEW_MS = 5 * 60_000;
const MAX_ITEMS = 1000;
/** Characters HubSpot decodes in the URI it signs (its v3 documentation lists them). */
const DECODED = /%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi;

function signature(delivery: InboundDelivery, secret: string, uri: string, timestamp: string): string {
  const head = Buffer.from(`${delivery.method}${uri}`, 'utf8');
  const data = Buffer.concat([head, delivery.rawBody, Buffer.from(timestamp, 'utf8')]);
  return hmac('sha256', secret, data).toString('base64');
}

async function itemEvent(
  item: Record<string, unknown>,
  where: string,
  lookup: CrmLookup,
  settings: MappingSettings | undefined,
  ignored: string[],
): Promise<MappedEvent | null> {
  const type = own(item, 'subscriptionType') ?? own(item, 'eventType');
  const property = type === 'deal.creation' ? 'dealstage' : own(item, 'propertyName');
  if (type !== 'deal.creation' && type !== 'deal.propertyChange') {
    return skip(
      ignored,
      `${where}: ${typeof type === 'string' ? type.slice(0, 60) : 'unknown type'} is not scored`,
    );
  }
  if (property !== 'dealstage') {
    return skip(
      ignored,
      `${where}: change of ${typeof property === 'string' ? property.slice(0, 60) : '?'} is not a stage move`,
    );
  }
  const [portal, dealId] = [idOf(own(item, 'portalId')), idOf(own(item, 'objectId'))];
  const occurredAt = isoOfUnix(intOf(own(item, 'occurredAt')));
  if (portal === null || dealId === null || occurredAt === null) {
    return skip(ignored, `${where}: no valid portalId, objectId or occurredAt`);
  }
  const deal = await lookup.deal(dealId);
  if (deal === null) {
    return skip(ignored, `${where}: deal ${dealId} no longer exists`);
  }
  const props = hubspotPropertiesOf(deal);
  // A creation names no stage: the deal entered the one it is in (the same key as a later move there).
  const stageId = type === 'deal.creation' ? idOf(own(props, 'dealstage')) : idOf(own(item, 'propertyValue'));
  if (stageId === null) {
    return skip(ignored, `${where}: deal ${dealId} without a valid stage`);
  }
  return hubspotDealEvent(
    { portal, dealId, stageId, props, fallbackAt: occurredAt, where },
    settings,
    ignored,
  );
}

export const hubspotAdapter: ConnectorAdapter = {
  kind: 'hubspot',
  verify(delivery, credentials, now) {
    const secret = credentials.values.clientSecret;
    if (!secret) return { ok: false, reason: 'no client secret is configured' };
    const given = delivery.headers['x-hubspot-signature-v3'];
    const timestamp = delivery.headers['x-hubspot-request-timestamp'] ?? '';
    const at = intOf(timestamp);
    if (!given || at === null) return { ok: false, reason: 'no X-HubSpot-Signature-v3 or request timestamp' };
    if (Math.abs(now - at) > HUBSPOT_MAX_SKEW_MS)
      return { ok: false, reason: 'request timestamp more than 5 minutes off' };
    const decoded = delivery.url.replace(DECODED, (code) => decodeURIComponent(code));
    const ok = [delivery.url, decoded].some((uri) =>
      safeEqual(given, signature(delivery, secret, uri, timestamp)),
    );
    return ok ? { ok: true } : { ok: false, reason: 'bad HubSpot v3 signature' };
  },
  async map(delivery, lookup, settings): Promise<MappedDelivery> {
    const body = parseJsonBody(bodyText(delivery));
    const items = Array.isArray(body) ? (body as unknown[]) : [body];
    if (items.length > MAX_ITEMS) throw new UnmappableDelivery(`over ${MAX_ITEMS} items in one delivery`);
    if (lookup === null) throw new UnmappableDelivery('HubSpot deal events need the CRM API (deals)');
    const events: MappedEvent[] = [];
    const ignored: string[] = [];
    for (const [i, value] of items.entries()) {
      const item = recordOf(value);
      const event =
        item === null
          ? skip(ignored, `[${i}]: not an object`)
          : await itemEvent(item, `[${i}]`, lookup, settings, ignored);
      if (event) events.push(event);
    }
    return { events: uniqueByKey(events), ignored };
  },
};
