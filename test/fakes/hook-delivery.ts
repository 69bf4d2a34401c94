/**
 * How a vendor delivers one webhook over HTTP, shared by the phone-system senders (zadarma.ts,
 * mango.ts, twilio.ts): a form POST, resent after a non-2xx answer (as the vendors retry), once more
 * on demand (as they duplicate). Node only: no import from the app.
 */
import { request as httpRequest } from 'node:http';

/** What a test may ask of a delivery beyond the vendor's normal behaviour. */
export interface DeliveryOptions {
  /** Deliver the same bytes a second time after a 2xx (the vendor duplicates). */
  duplicate?: boolean;
  /** Resend after a non-2xx answer up to this many times (default: the sender's own). */
  retries?: number;
  /** Pause before each resend, ms (default 0: tests do not wait). */
  retryDelayMs?: number;
  /** Send a signature of other bytes (a forger who does not know the secret). */
  forge?: boolean;
  /** Sign with this secret instead of the connector's (a stale or another account's secret). */
  secret?: string;
}

export interface DeliveryAttempt {
  status: number;
  body: string;
}

export interface DeliveryResult {
  /** Every HTTP answer in order: retries and the duplicate included. */
  attempts: DeliveryAttempt[];
  /** The last answer's status. */
  status: number;
}

export interface SignedRequest {
  url: string;
  /** The form body exactly as sent. */
  body: string;
  headers: Record<string, string>;
}

const ok = (status: number): boolean => status >= 200 && status < 300;

/** POSTs `request` as the vendor would: retries after a non-2xx, then the optional duplicate. */
export async function deliver(
  request: SignedRequest,
  options: DeliveryOptions,
  defaultRetries: number,
): Promise<DeliveryResult> {
  const attempts: DeliveryAttempt[] = [];
  const send = async (): Promise<number> => {
    const answer = await post(request);
    attempts.push(answer);
    return answer.status;
  };
  let status = await send();
  for (let retry = 0; !ok(status) && retry < (options.retries ?? defaultRetries); retry++) {
    if (options.retryDelayMs) await new Promise((r) => setTimeout(r, options.retryDelayMs));
    status = await send();
  }
  if (ok(status) && options.duplicate) status = await send();
  return { attempts, status };
}

/** One POST through node:http, which (unlike fetch) sends a `host` header as given (a proxy's). */
function post(request: SignedRequest): Promise<DeliveryAttempt> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      request.url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(Buffer.byteLength(request.body)),
          ...request.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(request.body);
  });
}

/** `application/x-www-form-urlencoded` of `fields` in their order, as PHP and Twilio encode it. */
export function formOf(fields: Readonly<Record<string, string>>): string {
  return new URLSearchParams(Object.entries(fields)).toString();
}

/** The same string with its last character changed: a signature that cannot verify. */
export function forged(signature: string): string {
  const last = signature.slice(-2, -1) === 'A' ? 'B' : 'A';
  return `${signature.slice(0, -2)}${last}${signature.slice(-1)}`;
}
