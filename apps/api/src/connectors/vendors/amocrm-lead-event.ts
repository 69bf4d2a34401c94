/**
 * One amoCRM lead status change as an event, whichever way it came: a `leads[status]` webhook item
 * or a `lead_status_changed` record of `GET /api/v4/events` (the history a backfill reads). Both
 * paths build their event here, so a move that came both ways has one idempotency key.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import type { MappedEvent, MappingSettings } from '../connector-adapter.js';
import { currencyOf, minorUnitsOf } from './vendor-money.js';
import { isoOfUnix } from './vendor-time.js';
import { skip } from './vendor-values.js';

/** Won and lost in every amoCRM pipeline. */
export const AMO_WON = '142';
export const AMO_LOST = '143';

/** A lead entering a status, read from either path (ids already checked). */
export interface AmoStatusMove {
  account: string;
  leadId: string;
  statusId: string;
  oldStatusId: string | null;
  pipelineId: string | null;
  responsibleUserId: string | null;
  /** Unix seconds of the move (webhook `last_modified`, event `created_at`). */
  at: number;
  /** The lead's `price` in the account currency (a won lead's amount); null or '' when none. */
  price: string | number | null;
}

/**
 * Keys: `amocrm:{account}:lead:{id}:won|lost|status:{status_id}`: no timestamp, since the webhook's
 * `last_modified` and the event's `created_at` may differ by a second; a lead back in a stage it had
 * already entered is not scored twice for it.
 */
export function amoMoveEvent(
  move: AmoStatusMove,
  where: string,
  settings: MappingSettings | undefined,
  ignored: string[],
): MappedEvent | null {
  const { account, leadId: id, statusId: status, pipelineId } = move;
  const occurredAt = isoOfUnix(move.at);
  if (occurredAt === null) return skip(ignored, `${where}: lead ${id} has no valid time`);
  const base = { crmUserId: move.responsibleUserId, occurredAt };
  const key = `amocrm:${account}:lead:${id}`;
  if (status === AMO_WON) {
    const attributes: EventAttributes = { dealId: id };
    const price = move.price === null ? '' : move.price;
    if (price !== '') {
      const currency = currencyOf(undefined, settings, 'RUB');
      const amount = currency === null ? null : minorUnitsOf(price, currency);
      if (currency === null || amount === null) {
        return skip(
          ignored,
          `${where}: lead ${id} has a price or currency that is not an amount: "${String(price).slice(0, 40)}"`,
        );
      }
      Object.assign(attributes, { amount, currency });
    }
    const stage = { pipelineId, stageId: AMO_WON, semantic: 'won' as const };
    return { ...base, externalId: `${key}:won`, type: 'deal_won', attributes, stage };
  }
  if (status === AMO_LOST) {
    const stage = { pipelineId, stageId: AMO_LOST, semantic: 'lost' as const };
    return { ...base, externalId: `${key}:lost`, type: 'deal_lost', attributes: { dealId: id }, stage };
  }
  const attributes: EventAttributes = { dealId: id, to: status };
  if (move.oldStatusId !== null) attributes.from = move.oldStatusId;
  return {
    ...base,
    externalId: `${key}:status:${status}`,
    type: null,
    attributes,
    stage: { pipelineId, stageId: status, semantic: 'open' },
  };
}
