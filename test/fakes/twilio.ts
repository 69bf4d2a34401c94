/**
 * Twilio's voice status callbacks as Twilio sends them (research brief, Telephony): a form POST of
 * the call's parameters to the StatusCallback URL, `X-Twilio-Signature` = base64 HMAC-SHA1(auth
 * token, the full URL + every POST parameter sorted by name as name + value). The URL signed is the
 * one configured in Twilio: the public URL, which behind a proxy is not the one the app sees. Node only.
 */
import { createHmac } from 'node:crypto';
import { deliver, forged, formOf, type DeliveryOptions, type DeliveryResult } from './hook-delivery.js';

export interface TwilioCall {
  /** `CA` + 32 hex. */
  sid: string;
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  /** The caller: for an outgoing call our rep (`client:anna` or a number). */
  from: string;
  /** The callee: for an incoming call our rep. */
  to: string;
  /** `completed`, `busy`, `no-answer`, `failed`, `canceled`, or an in-progress status. */
  status: string;
  durationSec: number;
  /** When the callback was sent. */
  at: Date;
  /** AMD's verdict (`human`, `machine_start`, ...) when machine detection is on. */
  answeredBy?: string;
}

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';

/** The callback's parameters, as Twilio names them. */
export function twilioParams(call: TwilioCall): Record<string, string> {
  return {
    AccountSid: ACCOUNT,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: call.status,
    Called: call.to,
    Caller: call.from,
    Direction: call.direction,
    From: call.from,
    To: call.to,
    CallDuration: String(call.durationSec),
    Duration: String(Math.ceil(call.durationSec / 60)),
    SequenceNumber: '0',
    Timestamp: call.at.toUTCString().replace('GMT', '+0000'),
    CallbackSource: 'call-progress-events',
    ...(call.answeredBy ? { AnsweredBy: call.answeredBy } : {}),
  };
}

/** base64 HMAC-SHA1(token, url + sorted name+value pairs): `X-Twilio-Signature`. */
export function twilioSignature(
  token: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  const signed = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + params[name], url);
  return createHmac('sha1', token).update(Buffer.from(signed, 'utf8')).digest('base64');
}

export class TwilioSender {
  /**
   * `url`: where the request goes; `publicUrl`: the StatusCallback URL configured in Twilio, which
   * the signature covers (default `url`; another when the app sits behind a proxy).
   */
  constructor(
    readonly url: string,
    private readonly authToken: string,
    private readonly publicUrl: string = url,
    /** Headers a proxy in between adds (`x-forwarded-proto`, `x-forwarded-host`). */
    private readonly proxyHeaders: Record<string, string> = {},
  ) {}

  statusCallback(call: TwilioCall, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    const params = twilioParams(call);
    const signature = twilioSignature(options.secret ?? this.authToken, this.publicUrl, params);
    return deliver(
      {
        url: this.url,
        body: formOf(params),
        headers: {
          ...this.proxyHeaders,
          'x-twilio-signature': options.forge ? forged(signature) : signature,
          'user-agent': 'TwilioProxy/1.1',
        },
      },
      options,
      // Twilio resends a status callback only on connection failures it is told to retry: none.
      0,
    );
  }
}
