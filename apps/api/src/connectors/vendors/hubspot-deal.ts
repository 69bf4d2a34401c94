/**
 * A HubSpot deal entering a stage, as both the webhook path (hubspot-adapter.ts, the deal read
 * through the CRM API) and the history path (crm/hubspot-client.ts, the search API) turn it into an
 * event: the same key, and the same content where the deal still sits in that stage.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import type { CrmStage, MappedEvent, MappingSettings } from '../connector-adapter.js';
import { idOf, own, recordOf } from './vendor-values.js';
import { currencyOf, minorUnitsOf } from './vendor-money.js';
import { isoOfText, isoOfUnix } from './vendor-time.js';

/** What the deal read (`GET /crm/v3/objects/deals/{id}`) and the search ask HubSpot for. */
export const HUBSPOT_DEAL_PROPERTIES = [
  'amount',
  'deal_currency_code',
  'dealstage',
  'pipeline',
  'hubspot_owner_id',
  'hs_is_closed',
  'hs_is_closed_won',
  'closedate',
  'hs_lastmodifieddate',
  'hs_v2_date_entered_current_stage',
] as const;

/**
 * The idempotency key of a deal entering a stage: `hubspot:{portalId}:deal:{dealId}:won` (`:lost`,
 * `:stage:{stageId}`). No timestamp: the search API cannot rebuild the webhook's `occurredAt`, and a
 * deal won, reopened and won again is one win.
 */
export function hubspotDealKey(
  portal: string,
  dealId: string,
  stageId: string,
  semantic: CrmStage['semantic'],
): string {
  const change = semantic === 'won' || semantic === 'lost' ? semantic : `stage:${stageId}`;
  return `hubspot:${portal}:deal:${dealId}:${change}`;
}

/** The deal's properties, whether HubSpot's `{ properties }` or a flat object. */
export function hubspotPropertiesOf(deal: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return recordOf(own(deal, 'properties')) ?? deal;
}

/** A HubSpot instant: ISO text (v3 API) or epoch ms (older answers, webhooks). */
export function hubspotInstant(value: unknown): string | null {
  return isoOfText(value) ?? isoOfUnix(value);
}

export interface HubSpotDealChange {
  portal: string;
  dealId: string;
  /** The stage the deal entered (the webhook's `propertyValue`, the search's current `dealstage`). */
  stageId: string;
  props: Record<string, unknown>;
  /** When the change happened if the deal no longer says (the webhook's `occurredAt`). */
  fallbackAt: string | null;
  /** Prefix of the reasons this change adds to `ignored`. */
  where: string;
}

/** The event of a deal entering `stageId`; null (a reason in `ignored`) when it has no time. */
export function hubspotDealEvent(
  change: HubSpotDealChange,
  settings: MappingSettings | undefined,
  ignored: string[],
): MappedEvent | null {
  const { portal, dealId, stageId, props, where } = change;
  const current = idOf(own(props, 'dealstage'));
  // The deal's closed flags describe its stage now: they say what this stage means only when the
  // deal is still in it; otherwise the connector's stage map decides.
  const flag = (name: string): boolean => [true, 'true'].includes(own(props, name) as string);
  const still = current === stageId;
  const semantic = !still ? null : flag('hs_is_closed_won') ? 'won' : flag('hs_is_closed') ? 'lost' : 'open';
  // The deal's own dates first (what the search answers too), then the webhook's time.
  const entered = still ? hubspotInstant(own(props, 'hs_v2_date_entered_current_stage')) : null;
  const closed = semantic === 'won' || semantic === 'lost' ? hubspotInstant(own(props, 'closedate')) : null;
  const occurredAt = closed ?? entered ?? change.fallbackAt;
  if (occurredAt === null) {
    ignored.push(`${where}: deal ${dealId} without a valid time`);
    return null;
  }
  const stage = { pipelineId: idOf(own(props, 'pipeline')), stageId, semantic } as const;
  const externalId = hubspotDealKey(portal, dealId, stageId, semantic);
  const base = { externalId, crmUserId: idOf(own(props, 'hubspot_owner_id')), occurredAt, stage };
  if (semantic === 'won') {
    const attributes: EventAttributes = { dealId };
    const currency = currencyOf(own(props, 'deal_currency_code'), settings, null);
    const raw = own(props, 'amount');
    const amount = currency === null ? null : minorUnitsOf(raw, currency);
    if (amount !== null && currency !== null) Object.assign(attributes, { amount, currency });
    else if (raw !== null && raw !== undefined && raw !== '')
      ignored.push(`${where}: amount left out: no valid amount and currency`);
    return { ...base, type: 'deal_won', attributes };
  }
  if (semantic === 'lost') return { ...base, type: 'deal_lost', attributes: { dealId } };
  return { ...base, type: null, attributes: { dealId, to: stageId } };
}
