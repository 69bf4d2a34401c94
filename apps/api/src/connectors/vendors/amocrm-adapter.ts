/**
 * amoCRM / Kommo account webhooks: form-encoded `leads[status|update][i][...]` (several items per
 * POST) and call notes `leads[note][i][note][...]` [unconfirmed shape: both nestings read]. No
 * signature: the secret of the inbound URL, checked by the hooks layer, is the guard.
 */
import {
  UnmappableDelivery,
  type ConnectorAdapter,
  type MappingSettings,
  type MappedDelivery,
  type MappedEvent,
} from '../connector-adapter.js';
import { listAt, nodeAt, parseForm, textAt, type FormNode } from './form-body.js';
import {
  bodyText,
  durationOf,
  idOf,
  intOf,
  own,
  recordOf,
  settle,
  skip,
  uniqueByKey,
} from './vendor-values.js';
import { amoMoveEvent, type AmoStatusMove } from './amocrm-lead-event.js';
import { isoOfUnix } from './vendor-time.js';

/** amoCRM's note types of calls: 10 incoming, 11 outgoing. */
const CALL_NOTES = new Set(['10', '11']);
/** `call_status` of a call note [unconfirmed]: 4 talked, 1 left a voicemail; the rest did not reach anyone. */
const TALKED = '4';
const VOICEMAIL = '1';

function leadEvent(
  item: FormNode,
  account: string,
  where: string,
  settings: MappingSettings | undefined,
  ignored: string[],
): MappedEvent | null {
  const id = idOf(textAt(item, 'id'));
  const status = idOf(textAt(item, 'status_id'));
  const lastModified = intOf(textAt(item, 'last_modified'));
  if (id === null || status === null || lastModified === null || isoOfUnix(lastModified) === null) {
    return skip(ignored, `${where}: no valid id, status_id or last_modified`);
  }
  const oldStatus = idOf(textAt(item, 'old_status_id'));
  // leads[update] fires on every edit: only one that names a different old status is a move
  // (a won lead edited later would otherwise be won again).
  if (where.includes('[update]') && (oldStatus === null || oldStatus === status)) {
    return skip(ignored, `${where}: lead ${id} edited, its status did not change`);
  }
  const move: AmoStatusMove = {
    account,
    leadId: id,
    statusId: status,
    oldStatusId: oldStatus,
    pipelineId: idOf(textAt(item, 'pipeline_id')),
    responsibleUserId: idOf(textAt(item, 'responsible_user_id')),
    at: lastModified,
    price: textAt(item, 'price'),
  };
  return amoMoveEvent(move, where, settings, ignored);
}

function jsonRecord(text: string | null): Record<string, unknown> | null {
  try {
    return recordOf(JSON.parse(text ?? 'null'));
  } catch {
    return null;
  }
}

/** A call note: `note_type` 10/11 and `text`, a JSON string with DURATION and call_status [unconfirmed]. */
function callEvent(entry: FormNode, account: string, where: string, ignored: string[]): MappedEvent | null {
  const note = nodeAt(entry, 'note') ?? entry;
  const type = textAt(note, 'note_type');
  if (type === null || !CALL_NOTES.has(type)) {
    return skip(ignored, `${where}: note of type ${type ?? 'unknown'}, not a call`);
  }
  const id = idOf(textAt(note, 'id'));
  const occurredAt = isoOfUnix(textAt(note, 'created_at') ?? textAt(note, 'date_create'));
  const text = jsonRecord(textAt(note, 'text'));
  const durationSec = durationOf(own(text, 'DURATION') ?? own(text, 'duration'));
  if (id === null || occurredAt === null || durationSec === null) {
    return skip(ignored, `${where}: call note without a valid id, created_at or DURATION`);
  }
  const status = intOf(own(text, 'call_status') ?? own(text, 'CALL_STATUS'));
  const talked = status === null ? durationSec > 0 : String(status) === TALKED;
  const outcome = talked ? 'connected' : String(status) === VOICEMAIL ? 'voicemail' : 'no_answer';
  return {
    externalId: `amocrm:${account}:note:${id}`,
    type: 'call',
    crmUserId: idOf(textAt(note, 'responsible_user_id') ?? textAt(note, 'created_by')),
    occurredAt,
    attributes: { durationSec, outcome, direction: type === '10' ? 'inbound' : 'outbound' },
  };
}

export const amocrmAdapter: ConnectorAdapter = {
  kind: 'amocrm',
  verify: () => ({ ok: true }),
  map: (delivery, _lookup, settings) =>
    settle((): MappedDelivery => {
      const form = parseForm(bodyText(delivery));
      const events: MappedEvent[] = [];
      const ignored: string[] = [];
      const leads = nodeAt(form, 'leads');
      if (leads === null) {
        const entities = Object.keys(form).filter((key) => key !== 'account');
        if (entities.length === 0)
          throw new UnmappableDelivery('not an amoCRM webhook: no entity in the body');
        return { events, ignored: entities.map((e) => `${e}: not scored`) };
      }
      for (const entity of Object.keys(form))
        if (entity !== 'leads' && entity !== 'account') ignored.push(`${entity}: not scored`);
      for (const action of Object.keys(leads)) {
        listAt(leads, action).forEach((item, i) => {
          const where = `leads[${action}][${i}]`;
          const account = idOf(textAt(form, 'account', 'id') ?? textAt(item, 'account_id'));
          if (account === null) return skip(ignored, `${where}: no account id`);
          const event =
            action === 'status' || action === 'update'
              ? leadEvent(item, account, where, settings, ignored)
              : action === 'note'
                ? callEvent(item, account, where, ignored)
                : skip(ignored, `${where}: lead ${action} is not scored`);
          if (event) events.push(event);
        });
      }
      return { events: uniqueByKey(events), ignored };
    }),
};
