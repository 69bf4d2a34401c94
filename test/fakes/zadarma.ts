/**
 * Zadarma's PBX notifications as Zadarma sends them (research brief, Telephony): a form POST per
 * call event, `event=NOTIFY_END` (an incoming call ended) or `NOTIFY_OUT_END` (an outgoing one), with
 * the header `Signature` = base64 of the hex HMAC-SHA1(secret, the event's signed fields); and the
 * GET `?zd_echo=` by which Zadarma checks a new URL before it sends anything. Node only.
 */
import { createHmac } from 'node:crypto';
import { deliver, forged, formOf, type DeliveryOptions, type DeliveryResult } from './hook-delivery.js';

/** One finished call as a test describes it; the sender writes Zadarma's fields from it. */
export interface ZadarmaCall {
  /** `pbx_call_id`, e.g. `in_0123456789`. */
  callId: string;
  direction: 'inbound' | 'outbound';
  /** The PBX extension that talked (`internal`): the operator, our CRM user. */
  extension: string;
  /** The other party: `caller_id` of an incoming call, `destination` of an outgoing one. */
  party: string;
  /** Our number an incoming call dialled (`called_did`). */
  did?: string;
  /** `YYYY-MM-DD HH:mm:ss` in the account's time zone, as Zadarma writes it. */
  start: string;
  durationSec: number;
  /** `answered`, `busy`, `no answer`, `cancel`, `failed`, ... */
  disposition: string;
}

/** The form fields of the call's end event, in Zadarma's order. */
export function zadarmaFields(call: ZadarmaCall): Record<string, string> {
  const common = {
    call_start: call.start,
    pbx_call_id: call.callId,
  };
  const tail = {
    duration: String(call.durationSec),
    disposition: call.disposition,
    status_code: call.disposition === 'answered' ? '16' : '19',
    is_recorded: '0',
    call_id_with_rec: '',
  };
  return call.direction === 'inbound'
    ? {
        event: 'NOTIFY_END',
        ...common,
        caller_id: call.party,
        called_did: call.did ?? '+74950000000',
        internal: call.extension,
        ...tail,
      }
    : {
        event: 'NOTIFY_OUT_END',
        ...common,
        internal: call.extension,
        destination: call.party,
        ...tail,
      };
}

/** base64(hex HMAC-SHA1(secret, signed fields)): Zadarma's `Signature` header. */
export function zadarmaSignature(secret: string, fields: Readonly<Record<string, string>>): string {
  const signed =
    fields.event === 'NOTIFY_OUT_END'
      ? `${fields.internal}${fields.destination}${fields.call_start}`
      : `${fields.caller_id}${fields.called_did}${fields.call_start}`;
  const hex = createHmac('sha1', secret).update(signed).digest('hex');
  return Buffer.from(hex, 'utf8').toString('base64');
}

export class ZadarmaSender {
  /** `url`: the connector's inbound URL (base + hookPath); `secret`: the account's API secret. */
  constructor(
    readonly url: string,
    private readonly secret: string,
  ) {}

  /** The URL check: GET `?zd_echo=<random>`; Zadarma accepts the URL when the body is the echo. */
  async checkUrl(echo: string): Promise<{ status: number; text: string; accepted: boolean }> {
    const res = await fetch(`${this.url}?zd_echo=${encodeURIComponent(echo)}`);
    const text = await res.text();
    return { status: res.status, text, accepted: res.status === 200 && text === echo };
  }

  /** The call's end event, signed. */
  callEnd(call: ZadarmaCall, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    const fields = zadarmaFields(call);
    const signature = zadarmaSignature(options.secret ?? this.secret, fields);
    return deliver(
      {
        url: this.url,
        body: formOf(fields),
        headers: { signature: options.forge ? forged(signature) : signature },
      },
      options,
      // Whether Zadarma resends after a failed answer is not documented: none unless asked.
      0,
    );
  }
}
