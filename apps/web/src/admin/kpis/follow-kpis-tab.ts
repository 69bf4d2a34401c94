/**
 * Keeps the /admin KPIs tab current (issue 16): a live socket with the manager's token, no boards,
 * following the scope the tab shows; each `kpis:changed` reads the selection again (coalesced, see
 * `kpis/kpis-live.ts`). A change of scope in the tab follows the new one. Runs outside React;
 * returns the function that stops it.
 */
import { followKpis } from '../../kpis/kpis-live.js';
import { startLiveClient, type SocketFactory } from '../../live/live-client.js';
import { useKpisStore } from './kpis-store.js';

export interface FollowKpisTabOptions {
  token: string;
  createSocket?: SocketFactory;
  /** The shortest time between two reads on hints. */
  minGapMs?: number;
}

export function followKpisTab(options: FollowKpisTabOptions): () => void {
  return startLiveClient({
    token: options.token,
    subscriptions: [],
    createSocket: options.createSocket,
    onSocket: (socket) => {
      const kpis = followKpis({
        socket,
        scope: useKpisStore.getState().scope,
        read: () => useKpisStore.getState().load(),
        minGapMs: options.minGapMs,
      });
      const stopScope = useKpisStore.subscribe((state, previous) => {
        if (state.scope !== previous.scope) kpis.setScope(state.scope);
      });
      return () => {
        stopScope();
        kpis.stop();
      };
    },
  });
}
