/**
 * GetCourse "Вызвать URL" in an order process: GET or POST, the data always in the URL query, built
 * from the template our screen writes (`order_id={object.id}&status={object.status}&amount=
 * {object.cost_money_value}&paid={object.payed_money}&email={object.user.email}&manager=...`).
 * Field names of GetCourse's own (`id`, `cost_money_value`, `payed_money`) are read as well, and the
 * status values are unconfirmed: codes and Russian titles both read, the key built from the code
 * (getcourse-order.ts, shared with the export API's history). No signature: the URL secret.
 * The call carries no time: `occurredAt` is when it reached us.
 */
import { UnmappableDelivery, type ConnectorAdapter, type MappedDelivery } from '../connector-adapter.js';
import { parseForm, textAt, type FormNode } from './form-body.js';
import { idOf, queryText, settle } from './vendor-values.js';
import { getcourseOrderEvent } from './getcourse-order.js';
import { isoOfMs } from './vendor-time.js';

const AMOUNT_FIELDS = ['paid', 'payed_money', 'amount', 'cost_money_value'];

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
      const event = getcourseOrderEvent(
        {
          account,
          id,
          status,
          amounts: AMOUNT_FIELDS.map((name) => valueOf(query, name)),
          currency: valueOf(query, 'currency'),
          manager: valueOf(query, 'manager', 'manager_email', 'manager_id'),
          number: valueOf(query, 'number'),
          email: valueOf(query, 'email'),
          occurredAt,
        },
        settings,
      );
      return { events: [event], ignored: [] };
    }),
  // GetCourse signs nothing: the secret in the inbound URL, checked by the hooks layer, is the guard.
  verify: () => ({ ok: true }),
};
