/**
 * Keeps /me live for one rep: the three boards (today, week, month) over the shared live client with
 * the user's token, the org settings, and the rep's breakdowns, which are read again (debounced)
 * whenever something says they changed:
 * - a delta or snapshot changes my row on any board (or a new period instance begins), or a
 *   breakdown disagrees with my row on its period's first snapshot,
 * - a celebration about me arrives (the celebrations store drops them in quiet hours; the change of
 *   my row that comes with every deal or tier covers those),
 * - the socket comes back after a drop,
 * - the phone shows the page again,
 * - and every `pollMs` as a backstop: an event that earns nothing (a capped call, a short call)
 *   changes no board row, yet adds a line item and moves a cap meter.
 * My KPIs are read again on each `kpis:changed` hint about me (`kpis/kpis-live.ts`: coalesced, not
 * while hidden, and after a reconnect).
 * A read that fails is tried again after `retryMs` (the figures on screen stay meanwhile).
 * Runs outside React; returns the function that stops it all.
 */
import type { BoardSubscription } from '@leaderboard/contracts';
import { useBoardsStore, subscriptionId } from '../live/boards-store.js';
import { useCelebrationsStore } from '../live/celebrations-store.js';
import { useConnectionStore } from '../live/connection-store.js';
import { followKpis } from '../kpis/kpis-live.js';
import { startLiveClient, type SocketFactory } from '../live/live-client.js';
import { useOrgStore } from '../org/org-store.js';
import { api } from '../session/session-store.js';
import { useMeKpisStore } from './me-kpis-store.js';
import { ME_PERIODS, periodsOnScreen, useMeStore, type MePeriod } from './me-store.js';

export const ME_SUBSCRIPTIONS: readonly BoardSubscription[] = ME_PERIODS.map((period) => ({ period }));

export interface FollowMeOptions {
  token: string;
  repId: string;
  createSocket?: SocketFactory;
  /** Quiet time after the last change before reading the breakdown again. */
  debounceMs?: number;
  pollMs?: number;
  retryMs?: number;
  /** The shortest time between two reads of my KPIs on `kpis:changed` hints. */
  kpiGapMs?: number;
}

/** `key:milliPoints` of my row on each board: it changes exactly when my standing does. */
function mySignature(repId: string): string {
  const { boards } = useBoardsStore.getState();
  return ME_SUBSCRIPTIONS.map((subscription) => {
    const board = boards[subscriptionId(subscription)];
    const mine = board?.rows.find((row) => row.repId === repId);
    return board?.board ? `${board.board.key}:${mine?.milliPoints ?? '-'}` : '';
  }).join('|');
}

export function followMe(options: FollowMeOptions): () => void {
  const { repId } = options;
  const debounceMs = options.debounceMs ?? 1000;
  const pollMs = options.pollMs ?? 60_000;
  const retryMs = options.retryMs ?? 5_000;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;

  const reload = (): void => {
    const { load } = useMeStore.getState();
    for (const period of periodsOnScreen()) void load(repId, period);
  };
  const soon = (): void => {
    clearTimeout(debounce);
    debounce = setTimeout(reload, debounceMs);
  };

  reload();
  void api.get('/api/settings').then(
    (settings) => useOrgStore.getState().setSettings(settings),
    () => undefined, // an older API: the defaults stay
  );

  const stopLive = startLiveClient({
    token: options.token,
    subscriptions: ME_SUBSCRIPTIONS,
    createSocket: options.createSocket,
    // My KPIs follow `kpis:changed` about me (the first read is MeKpis's own, when it shows).
    onSocket: (socket) => {
      const kpis = followKpis({
        socket,
        scope: `rep:${repId}`,
        read: () => useMeKpisStore.getState().load(repId),
        minGapMs: options.kpiGapMs,
      });
      return () => kpis.stop();
    },
  });

  // A breakdown that disagrees with my row on the live board of its period is stale: events stored
  // between the first read and the first snapshot show only in the snapshot.
  let mismatch = '';
  const checkAgreement = (): void => {
    const { breakdowns } = useMeStore.getState();
    const { boards } = useBoardsStore.getState();
    const next = ME_SUBSCRIPTIONS.flatMap((subscription) => {
      const data = breakdowns[subscription.period as MePeriod]?.data;
      const mine = boards[subscriptionId(subscription)]?.rows.find((row) => row.repId === repId);
      return typeof data?.milliPoints === 'number' && mine && data.milliPoints !== mine.milliPoints
        ? [`${subscription.period}:${mine.milliPoints}:${data.milliPoints}`]
        : [];
    }).join('|');
    if (next !== '' && next !== mismatch) soon();
    mismatch = next;
  };

  let signature = mySignature(repId);
  const stopBoards = useBoardsStore.subscribe(() => {
    const next = mySignature(repId);
    if (next === signature) return;
    // The first snapshot of a board only tells what the first read knows, unless they disagree.
    const firstSnapshot = signature.split('|').some((part, i) => part === '' && next.split('|')[i] !== '');
    signature = next;
    if (firstSnapshot) checkAgreement();
    else soon();
  });

  const seen = new Set<number>();
  const stopCelebrations = useCelebrationsStore.subscribe(({ current, queue }) => {
    for (const item of current ? [current, ...queue] : queue) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      if (item.celebration.repId === repId) soon();
    }
  });

  let wasConnected = useConnectionStore.getState().status === 'connected';
  let droppedSince = false;
  const stopConnection = useConnectionStore.subscribe(({ status }) => {
    if (status === 'connected' && !wasConnected && droppedSince) soon();
    if (status === 'reconnecting' || status === 'refused') droppedSince = true;
    wasConnected = status === 'connected';
  });

  const onVisible = (): void => {
    if (document.visibilityState === 'visible') soon();
  };
  document.addEventListener('visibilitychange', onVisible);
  const poll = setInterval(reload, pollMs);

  // A newly selected period needs its own breakdown; a failed read is tried again soon.
  const stopSelection = useMeStore.subscribe((state, previous) => {
    if (state.period !== previous.period) void state.load(repId, state.period);
    if (state.breakdowns !== previous.breakdowns) checkAgreement();
    const failed = periodsOnScreen().some((period) => state.breakdowns[period]?.error === 'failed');
    if (failed && retry === undefined) {
      retry = setTimeout(() => {
        retry = undefined;
        reload();
      }, retryMs);
    }
  });

  return () => {
    clearTimeout(debounce);
    clearTimeout(retry);
    clearInterval(poll);
    document.removeEventListener('visibilitychange', onVisible);
    stopSelection();
    stopConnection();
    stopCelebrations();
    stopBoards();
    stopLive();
  };
}
