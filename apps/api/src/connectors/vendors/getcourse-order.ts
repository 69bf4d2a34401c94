/**
 * A GetCourse order as an event, shared by the "Вызвать URL" webhook (getcourse-adapter.ts) and the
 * export API's history (crm/getcourse-client.ts), so both build the key
 * `getcourse:{account}:order:{id}:{status}` with the same status code. GetCourse's status codes
 * (those its import API names) and their titles in exports and screens are [unconfirmed]: the key
 * uses the code whichever form arrives.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import {
  UnmappableDelivery,
  type CrmStage,
  type MappedEvent,
  type MappingSettings,
} from '../connector-adapter.js';
import { currencyOf, minorUnitsOf } from './vendor-money.js';

export interface GetCourseStatus {
  code: string;
  title: string;
  semantic: CrmStage['semantic'];
}

export const GETCOURSE_STATUSES: readonly GetCourseStatus[] = [
  { code: 'new', title: 'Новый', semantic: 'open' },
  { code: 'in_work', title: 'В работе', semantic: 'open' },
  { code: 'payment_waiting', title: 'Ожидаем оплаты', semantic: 'open' },
  { code: 'part_payed', title: 'Частично оплачен', semantic: 'open' },
  { code: 'payed', title: 'Завершен', semantic: 'won' },
  { code: 'cancelled', title: 'Отменен', semantic: 'lost' },
  { code: 'false', title: 'Ложный', semantic: 'lost' },
  { code: 'waiting_for_return', title: 'Ожидаем возврата', semantic: 'open' },
  { code: 'not_confirmed', title: 'Не подтвержден', semantic: 'open' },
  { code: 'pending', title: 'Отложен', semantic: 'open' },
];

/** Other spellings seen for the paid and cancelled statuses. */
const ALIASES: Readonly<Record<string, string>> = {
  paid: 'payed',
  оплачен: 'payed',
  completed: 'payed',
  завершён: 'payed',
  canceled: 'cancelled',
  отменён: 'cancelled',
};

/** A status as sent (code or title, any case) as GetCourse's code; an unknown one lower-cased. */
export function getcourseStatusCode(status: string): string {
  const text = status.trim().toLowerCase();
  const known = GETCOURSE_STATUSES.find((s) => s.code === text || s.title.toLowerCase() === text);
  return known?.code ?? ALIASES[text] ?? text;
}

export interface GetCourseOrder {
  account: string;
  id: string;
  status: string;
  /** Candidates for the amount, best first (what was paid, then the cost). */
  amounts: unknown[];
  currency: string | null;
  manager: string | null;
  number: string | null;
  email: string | null;
  occurredAt: string;
}

/** The event of an order in its status; `UnmappableDelivery` for a paid order without an amount. */
export function getcourseOrderEvent(
  order: GetCourseOrder,
  settings: MappingSettings | undefined,
): MappedEvent {
  const code = getcourseStatusCode(order.status);
  const semantic = GETCOURSE_STATUSES.find((s) => s.code === code)?.semantic ?? 'open';
  const base = {
    externalId: `getcourse:${order.account}:order:${order.id}:${code}`,
    crmUserId: order.manager === null || order.manager.length > 200 ? null : order.manager,
    occurredAt: order.occurredAt,
    stage: { pipelineId: null, stageId: code, semantic },
  };
  const attributes: EventAttributes = { dealId: order.id };
  if (order.number !== null) attributes.orderNumber = order.number.slice(0, 60);
  if (order.email !== null) attributes.customerEmail = order.email.slice(0, 200);
  if (semantic === 'won') {
    const currency = currencyOf(order.currency, settings, 'RUB');
    // `payed_money` may carry a currency word, so each candidate is tried.
    const amount =
      currency === null
        ? null
        : (order.amounts.map((value) => minorUnitsOf(value, currency)).find((n) => n !== null) ?? null);
    if (amount === null || currency === null) {
      throw new UnmappableDelivery(`paid order ${order.id} without a valid amount and currency`);
    }
    return { ...base, type: 'deal_won', attributes: { ...attributes, amount, currency } };
  }
  if (semantic === 'lost') return { ...base, type: 'deal_lost', attributes };
  return { ...base, type: null, attributes: { ...attributes, to: code } };
}
