/**
 * KPI screens (/me, the /admin KPIs tab) kept current over the live socket (issue 16): the screen
 * follows its scope with `kpis:subscribe`, and each `kpis:changed` hint (no figures: the server
 * says only that the rollups moved for that scope) asks for one more read of `GET /api/kpis`.
 * Reads are coalesced: never two at once (hints during a read give one read after it), at most one
 * per `minGapMs`, none while the page is hidden (one when it shows again), and one after the socket
 * comes back (hints sent meanwhile are lost; the subscription is made again). The store keeps its
 * figures during a read, so nothing flickers.
 */
import type { KpiSubscribeAck, KpiSubscription } from '@leaderboard/contracts';

/** What following KPIs needs from the live socket (socket.io-client's, or a test's fake). */
export interface KpiHintSocket {
  readonly connected: boolean;
  on(event: 'connect' | 'kpis:changed', listener: () => void): unknown;
  off(event: 'connect' | 'kpis:changed', listener: () => void): unknown;
  emit(
    event: 'kpis:subscribe' | 'kpis:unsubscribe',
    subscription: KpiSubscription,
    ...rest: unknown[]
  ): unknown;
}

export interface CoalescedReadOptions {
  read: () => Promise<unknown>;
  /** The shortest time between the starts of two reads. Default 2000. */
  minGapMs?: number;
  /** True while the page is hidden: reads wait until it shows. */
  hidden?: () => boolean;
}

export interface CoalescedRead {
  /** Something changed: read again, now or as soon as the rules above allow. */
  request(): void;
  /** The page shows again: a read asked for while hidden happens now. */
  shown(): void;
  stop(): void;
}

/** One read at a time, at most one per `minGapMs`, none while hidden; extra requests merge. */
export function coalescedRead(options: CoalescedReadOptions): CoalescedRead {
  const minGapMs = options.minGapMs ?? 2000;
  const hidden = options.hidden ?? (() => typeof document !== 'undefined' && document.hidden);
  let running = false;
  let again = false;
  let stale = false;
  let stopped = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = (): void => {
    timer = undefined;
    if (stopped) return;
    if (hidden()) {
      stale = true;
      return;
    }
    running = true;
    lastStart = Date.now();
    void options
      .read()
      .catch(() => undefined) // the store keeps its figures and its error
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          request();
        }
      });
  };
  const request = (): void => {
    if (stopped) return;
    if (hidden()) stale = true;
    else if (running) again = true;
    else if (timer === undefined) timer = setTimeout(run, Math.max(0, lastStart + minGapMs - Date.now()));
  };
  return {
    request,
    shown: () => {
      if (stale && !hidden()) {
        stale = false;
        request();
      }
    },
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

export interface FollowKpisOptions extends Omit<CoalescedReadOptions, 'read'> {
  socket: KpiHintSocket;
  /** The scope on screen (`org`, `team:<id>`, `rep:<id>`). */
  scope: string;
  /** Reads the screen's KPIs again (the store's load). */
  read: () => Promise<unknown>;
}

export interface KpisFollower {
  /** The screen shows another scope now: follow that one instead. */
  setScope(scope: string): void;
  stop(): void;
}

/** Follows a KPI scope over the socket and reads again on each hint (coalesced), and on reconnect. */
export function followKpis(options: FollowKpisOptions): KpisFollower {
  const { socket } = options;
  let scope = options.scope;
  let wasConnected = socket.connected;
  const reads = coalescedRead(options);
  const subscribe = (): void => {
    // A refused subscribe (a token gone stale) leaves the screen as it is; the next connect retries.
    socket.emit('kpis:subscribe', { scope }, (_answer: KpiSubscribeAck) => undefined);
  };
  const onConnect = (): void => {
    subscribe();
    if (wasConnected) reads.request();
    wasConnected = true;
  };
  const onChanged = (): void => reads.request();
  const onVisible = (): void => reads.shown();
  socket.on('connect', onConnect);
  socket.on('kpis:changed', onChanged);
  if (typeof document !== 'undefined') document.addEventListener('visibilitychange', onVisible);
  if (socket.connected) subscribe();
  return {
    setScope(next) {
      if (next === scope) return;
      if (socket.connected) socket.emit('kpis:unsubscribe', { scope });
      scope = next;
      if (socket.connected) subscribe();
    },
    stop() {
      reads.stop();
      socket.off('connect', onConnect);
      socket.off('kpis:changed', onChanged);
      if (typeof document !== 'undefined') document.removeEventListener('visibilitychange', onVisible);
      if (socket.connected) socket.emit('kpis:unsubscribe', { scope });
    },
  };
}
