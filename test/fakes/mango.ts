/**
 * Mango Office VPBX's final call summaries as Mango sends them (research brief, Telephony): a form
 * POST of `vpbx_api_key`, `sign` = hex sha256(api key + json + salt) and `json` to
 * `<the URL set in the VPBX>/events/summary`. Times are unix seconds; `talk_time` is when the talk
 * began (0 when nobody answered). Node only.
 */
import { createHash } from 'node:crypto';
import { deliver, forged, formOf, type DeliveryOptions, type DeliveryResult } from './hook-delivery.js';

export interface MangoCall {
  entryId: string;
  direction: 'inbound' | 'outbound';
  /** Our operator's extension: `to.extension` of an incoming call, `from.extension` of an outgoing one. */
  extension: string;
  /** The other party's number. */
  party: string;
  /** Unix seconds the call was created. */
  createdAt: number;
  /** Seconds from creation to the answer (ringing); ignored when `talkSec` is 0. */
  ringSec?: number;
  /** Seconds talked; 0: nobody answered. */
  talkSec: number;
  /** `entry_result`: 1 answered, 0 not. */
  answered?: boolean;
}

/** The `json` of the summary, keys in Mango's order. */
export function mangoSummary(call: MangoCall): Record<string, unknown> {
  const ring = call.ringSec ?? 5;
  const talkStart = call.talkSec > 0 ? call.createdAt + ring : 0;
  const end = call.createdAt + ring + call.talkSec;
  const ours = { extension: call.extension, number: `sip:${call.extension}@acme.mangosip.ru` };
  const theirs = { number: call.party };
  return {
    entry_id: call.entryId,
    call_direction: call.direction === 'inbound' ? 1 : 2,
    from: call.direction === 'inbound' ? theirs : ours,
    to: call.direction === 'inbound' ? { ...ours, line_number: '74951234567' } : theirs,
    line_number: '74951234567',
    create_time: call.createdAt,
    forward_time: call.createdAt + 1,
    talk_time: talkStart,
    end_time: end,
    entry_result: (call.answered ?? call.talkSec > 0) ? 1 : 0,
    disconnect_reason: 1110,
  };
}

export function mangoSign(apiKey: string, json: string, salt: string): string {
  return createHash('sha256')
    .update(apiKey + json + salt, 'utf8')
    .digest('hex');
}

export class MangoSender {
  /** `url`: the connector's inbound URL as pasted into the VPBX (Mango appends `/events/...`). */
  constructor(
    readonly url: string,
    private readonly apiKey: string,
    private readonly salt: string,
  ) {}

  /** The summary of one finished call to `.../events/summary`. `secret` stands for another salt. */
  summary(call: MangoCall, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    return this.post('summary', mangoSummary(call), options);
  }

  /** Any other event (`call`, `recording`, ...) with its own json: Mango sends those too. */
  post(
    event: string,
    summary: Record<string, unknown>,
    options: DeliveryOptions = {},
  ): Promise<DeliveryResult> {
    const json = JSON.stringify(summary);
    const sign = mangoSign(this.apiKey, json, options.secret ?? this.salt);
    const fields = { vpbx_api_key: this.apiKey, sign: options.forge ? forged(sign) : sign, json };
    return deliver({ url: `${this.url}/events/${event}`, body: formOf(fields), headers: {} }, options, 0);
  }
}
