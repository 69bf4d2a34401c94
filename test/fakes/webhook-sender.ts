/**
 * What the CRM fakes share: a leaky-bucket rate limit as amoCRM and Bitrix24 enforce theirs (a
 * burst, then a steady rate), form bodies with bracket keys, and a webhook sender with the vendor's
 * delivery habits (retries or none) and a test's knobs: duplicate every delivery, drop deliveries
 * while "offline" (a gap the catch-up poll must fill). Node only.
 */

/**
 * A leaky bucket of `burst` requests draining at `perSecond`. It forgives `slackMs` of jitter: a
 * client whose bucket has the vendor's exact numbers sees a request it sent on time arrive late
 * (the fake shares the test's event loop), and the next one early.
 */
export class LeakyBucket {
  private level = 0;
  private at = 0;

  constructor(
    readonly perSecond: number,
    readonly burst: number,
    private readonly slackMs = 100,
  ) {}

  /** Whether a request arriving at `now` (epoch ms) is within the limit (then it counts). */
  take(now: number): boolean {
    this.level = Math.max(0, this.level - ((now - this.at) * this.perSecond) / 1000);
    this.at = now;
    if (this.level + 1 > this.burst + (this.slackMs * this.perSecond) / 1000) return false;
    this.level += 1;
    return true;
  }
}

/** `application/x-www-form-urlencoded` of pairs whose keys carry brackets (`leads[status][0][id]`). */
export function formBody(pairs: Array<[string, string | number]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}

export interface SenderOptions {
  /** Tries per delivery until a 2xx (amoCRM retries; Bitrix24 sends once: 1). */
  attempts: number;
  /** Every delivery is POSTed twice (the vendor's duplicates). */
  duplicate?: boolean;
  /** Extra headers (none of our vendors sign their CRM webhooks). */
  headers?: Record<string, string>;
}

export interface Delivery {
  body: string;
  /** The status of each try; empty when the delivery was dropped. */
  statuses: number[];
}

/** POSTs webhook bodies form-encoded to the board's inbound URL as the vendor does. */
export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  /** Bodies not delivered while offline: what a catch-up must find in the CRM's history. */
  readonly dropped: string[] = [];
  private offlineNow = false;

  constructor(
    /** The full inbound URL, `${base}${hookPath}`. */
    readonly url: string,
    private readonly options: SenderOptions,
  ) {}

  /** From now on deliveries are dropped (the hook unreachable, the vendor gave up): a gap. */
  offline(): void {
    this.offlineNow = true;
  }

  online(): void {
    this.offlineNow = false;
  }

  get isOffline(): boolean {
    return this.offlineNow;
  }

  /** Delivers `body` (twice with `duplicate`); the statuses of the last copy's tries. */
  async deliver(body: string): Promise<number[]> {
    if (this.offlineNow) {
      this.dropped.push(body);
      this.deliveries.push({ body, statuses: [] });
      return [];
    }
    let statuses: number[] = [];
    for (let copy = 0; copy < (this.options.duplicate ? 2 : 1); copy += 1) {
      statuses = await this.tries(body);
      this.deliveries.push({ body, statuses });
    }
    return statuses;
  }

  private async tries(body: string): Promise<number[]> {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < this.options.attempts; attempt += 1) {
      let status: number;
      try {
        const res = await fetch(this.url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...this.options.headers },
          body,
        });
        await res.arrayBuffer();
        status = res.status;
      } catch {
        status = 0;
      }
      statuses.push(status);
      if (status >= 200 && status < 300) break;
    }
    return statuses;
  }
}
