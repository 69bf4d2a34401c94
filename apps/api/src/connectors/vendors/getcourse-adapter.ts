/**
 * GetCourse "Вызвать URL" in an order process: GET or POST, the data always in the URL query, built
 * from the template our screen writes (`order_id={object.id}&status={object.status}&amount=
 * {object.cost_money_value}&paid={object.payed_money}&email={object.user.email}&manager=...`).
 * Field names of GetCourse's own (`id`, `cost_money_value`, `payed_money`) are read as well, and the
 * status values are unconfirmed: codes and Russian titles both read. No signature: the URL secret.
 * The call carries no time: `occurredAt` is when it reached us.
 */
import type { EventAttributes } from '@leaderboard/contracts';
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type MappedDelivery,
  type MappedEvent,
} from '../connector-adapter.js';
import { parseForm, textAt, type FormNode } from './form-body.js';
import { idOf, queryText, settle } from './vendor-values.js';
import { currencyOf, minorUnitsOf } from './vendor-money.js';
import { isoOfMs } from './vendor-time.js';

const PAID = new Set(['payed', 'paid', 'оплачен', 'completed', 'завершен', 'завершён']);
const AMOUNT_FIELDS = ['paid', 'payed_money', 'amount', 'cost_money_value'];
const CANCELLED = new Set(['cancelled', 'canceled', 'отменен', 'отменён']);

/** A template value: empty or a placeholder GetCourse left unfilled (`{object.x}`) counts as absent. */
function valueOf(query: FormNode, ...names: string[]): string | null {
  for (const name of names) {
    const value = textAt(query, name)?.trim();
    if (value && !value.startsWith('{')) return value;
  }
  return null;
}

export const getcourseAdapter: ConnectorAdapter = {
  kind: 'getcourse',
  map: (delivery, _lookup, settings) =>
    settle((): MappedDelivery => {
      const query = parseForm(queryText(delivery));
      const account = idOf(settings?.account ?? valueOf(query, 'account'));
      const id = idOf(valueOf(query, 'order_id', 'id'));
      const status = valueOf(query, 'status');
      if (account === null) throw new UnmappableDelivery('no GetCourse account: set it on the connector');
      if (id === null || status === null || status.length > 60) {
        throw new UnmappableDelivery('not a GetCourse order call: no valid order_id and status in the URL');
      }
      const occurredAt = isoOfMs(delivery.receivedAt);
      if (occurredAt === null) throw new UnmappableDelivery('delivery time out of range');
      const normalized = status.toLowerCase();
      const manager = valueOf(query, 'manager', 'manager_email', 'manager_id');
      const base = {
        externalId: `getcourse:${account}:order:${id}:${normalized}`,
        crmUserId: manager === null || manager.length > 200 ? null : manager,
        occurredAt,
      };
      const ignored: string[] = [];
      const attributes: EventAttributes = { dealId: id };
      const number = valueOf(query, 'number');
      if (number !== null) attributes.orderNumber = number.slice(0, 60);
      const email = valueOf(query, 'email');
      if (email !== null) attributes.customerEmail = email.slice(0, 200);
      let event: MappedEvent;
      if (PAID.has(normalized)) {
        const currency = currencyOf(valueOf(query, 'currency'), settings, 'RUB');
        // What was paid, else the order's cost; `payed_money` may carry a currency word, so each is tried.
        const amount =
          currency === null
            ? null
            : (AMOUNT_FIELDS.map((name) => minorUnitsOf(valueOf(query, name), currency)).find(
                (n) => n !== null,
              ) ?? null);
        if (amount === null || currency === null) {
          throw new UnmappableDelivery(`paid order ${id} without a valid amount and currency`);
        }
        const stage = { pipelineId: null, stageId: normalized, semantic: 'won' as const };
        event = { ...base, type: 'deal_won', attributes: { ...attributes, amount, currency }, stage };
      } else if (CANCELLED.has(normalized)) {
        const stage = { pipelineId: null, stageId: normalized, semantic: 'lost' as const };
        event = { ...base, type: 'deal_lost', attributes, stage };
      } else {
        const stage = { pipelineId: null, stageId: normalized, semantic: 'open' as const };
        event = { ...base, type: null, attributes: { ...attributes, to: normalized }, stage };
      }
      return { events: [event], ignored };
    }),
  // GetCourse signs nothing: the secret in the inbound URL, checked by the hooks layer, is the guard.
  verify: () => ({ ok: true }),
};
