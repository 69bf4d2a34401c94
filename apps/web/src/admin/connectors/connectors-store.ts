/**
 * Connectors: the list (with each one's alert, which the tab label shows too), the one just created
 * (its URL secret and credentials held only in the `created` slot until dismissed), edits, delete.
 */
import { create } from 'zustand';
import type {
  ConnectorInput,
  ConnectorView,
  CreatedConnector,
  UpdateConnectorInput,
} from '@leaderboard/contracts';
import { api } from '../../session/session-store.js';
import { messageOf, NOT_LOADED, trackLoad, type LoadState } from '../shared/load-state.js';

export interface ConnectorsState extends LoadState<string> {
  connectors: ConnectorView[];
  created: CreatedConnector | null;
  load: () => Promise<void>;
  create: (input: ConnectorInput) => Promise<CreatedConnector>;
  update: (id: string, change: UpdateConnectorInput) => Promise<ConnectorView>;
  remove: (id: string) => Promise<void>;
  dismissCreated: () => void;
}

/** Never keep a secret in the list: only the `created` slot holds it. */
function withoutSecrets({ hookPath: _path, credentials: _values, ...view }: CreatedConnector): ConnectorView {
  return view;
}

let reads = 0;

export const useConnectorsStore = create<ConnectorsState>()((set, get) => ({
  connectors: [],
  created: null,
  ...NOT_LOADED,
  load: () => {
    const read = ++reads;
    return trackLoad<ConnectorsState, string>(
      set,
      async () => ({ connectors: await api.get('/api/connectors') }),
      { error: messageOf, current: () => read === reads },
    );
  },
  create: async (input) => {
    const created = await api.post('/api/connectors', { body: input });
    set({ created, connectors: [...get().connectors, withoutSecrets(created)] });
    return created;
  },
  update: async (id, change) => {
    const updated = await api.patch('/api/connectors/:id', { params: { id }, body: change });
    set({ connectors: get().connectors.map((c) => (c.id === id ? updated : c)) });
    return updated;
  },
  remove: async (id) => {
    await api.delete('/api/connectors/:id', { params: { id } });
    set({ connectors: get().connectors.filter((c) => c.id !== id) });
  },
  dismissCreated: () => set({ created: null }),
}));

/** True when a connector has something for the manager to look at (the tab label's badge). */
export const selectAnyAlert = (state: ConnectorsState): boolean =>
  state.connectors.some((c) => c.alert !== null && !c.disabled);

/**
 * How often the console re-reads the list for the tab badge: one small GET a minute, so a manager
 * on another tab learns that a connector went silent or started failing.
 */
export const ALERT_POLL_MS = 60_000;

/** The full inbound URL a CRM posts to: the page's origin (the API is served under it) + the path. */
export function inboundUrl(hookPath: string): string {
  return `${window.location.origin}${hookPath}`;
}
