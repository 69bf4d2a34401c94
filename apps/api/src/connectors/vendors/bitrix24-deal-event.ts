/**
 * One Bitrix24 deal entering a stage as an event, whichever way it came: an `ONCRMDEALUPDATE`
 * webhook (the deal read with `crm.deal.get`, its move with the deal's latest `crm.stagehistory.list`
 * row) or a `crm.stagehistory.list` row of the history a backfill reads (the deal from
 * `crm.deal.list`). Both paths build the event here, so a move that came both ways has one key:
 * `b24:{portal}:deal:{id}:won|lost` for wins and losses, `b24:{portal}:stagehistory:{ID}` for other moves.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import type { MappedEvent, MappingSettings } from '../connector-adapter.js';
import { currencyOf, minorUnitsOf } from './vendor-money.js';
import { isoOfText } from './vendor-time.js';
import { idOf, own, recordOf, skip } from './vendor-values.js';

/** A deal's move into a stage: the deal's `STAGE_*` fields, or a stage-history row. */
export interface B24StageMove {
  dealId: string;
  stageId: string;
  categoryId: string | null;
  semantic: 'S' | 'F' | 'P';
  /** ISO-8601 with an offset. */
  occurredAt: string;
  /** The stage-history row's `ID`; null when the move is known from the deal alone (won, lost). */
  historyId: string | null;
}

/**
 * The portal in the keys: `settings.memberId` when the manager set it (stable even if the portal is
 * renamed), else the portal's host (the webhook's `auth[domain]`, the host of `credentials.restUrl`
 * for the history path). Lower-cased; null when neither is usable.
 */
export function b24Portal(settings: MappingSettings | undefined, host: string | null): string | null {
  const chosen = (settings?.memberId ?? '').trim() || (host ?? '').trim();
  return idOf(chosen.toLowerCase());
}

/** A stage-history row (`OWNER_ID`, `STAGE_ID`, `CATEGORY_ID`, `STAGE_SEMANTIC_ID`, `CREATED_TIME`, `ID`). */
export function b24MoveOfHistory(row: unknown): B24StageMove | null {
  const record = recordOf(row);
  const dealId = idOf(own(record, 'OWNER_ID'));
  const stageId = idOf(own(record, 'STAGE_ID'));
  const semantic = own(record, 'STAGE_SEMANTIC_ID');
  const occurredAt = isoOfText(own(record, 'CREATED_TIME'));
  const historyId = idOf(own(record, 'ID'));
  if (dealId === null || stageId === null || occurredAt === null || historyId === null) return null;
  if (semantic !== 'S' && semantic !== 'F' && semantic !== 'P') return null;
  return { dealId, stageId, categoryId: idOf(own(record, 'CATEGORY_ID')), semantic, occurredAt, historyId };
}

/** The event of `move` for `deal` (amount `OPPORTUNITY` in `CURRENCY_ID`, rep `ASSIGNED_BY_ID`). */
export function b24MoveEvent(
  portal: string,
  move: B24StageMove,
  deal: Readonly<Record<string, unknown>>,
  ignored: string[],
): MappedEvent | null {
  const { dealId: id, stageId } = move;
  const stage = { pipelineId: move.categoryId, stageId };
  const base = { crmUserId: idOf(own(deal, 'ASSIGNED_BY_ID')), occurredAt: move.occurredAt };
  const key = `b24:${portal}:deal:${id}`;
  if (move.semantic === 'S') {
    const currency = currencyOf(own(deal, 'CURRENCY_ID'), undefined, null);
    const amount = currency === null ? null : minorUnitsOf(own(deal, 'OPPORTUNITY'), currency);
    if (currency === null || amount === null) {
      return skip(ignored, `deal ${id}: no valid OPPORTUNITY and CURRENCY_ID`);
    }
    const attributes: EventAttributes = { dealId: id, amount, currency };
    const won = { ...stage, semantic: 'won' as const };
    return { ...base, externalId: `${key}:won`, type: 'deal_won', attributes, stage: won };
  }
  if (move.semantic === 'F') {
    const lost = { ...stage, semantic: 'lost' as const };
    return { ...base, externalId: `${key}:lost`, type: 'deal_lost', attributes: { dealId: id }, stage: lost };
  }
  if (move.historyId === null) {
    return skip(ignored, `deal ${id}: its move into ${stageId} needs its crm.stagehistory.list row`);
  }
  return {
    ...base,
    externalId: `b24:${portal}:stagehistory:${move.historyId}`,
    type: null,
    attributes: { dealId: id, to: stageId },
    stage: { ...stage, semantic: 'open' },
  };
}
