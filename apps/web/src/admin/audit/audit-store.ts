/** The audit log, newest first, paged back with `before` (the id of the oldest entry shown). */
import type { AuditEntry } from '@leaderboard/contracts';
import { createStore } from '../../stores/create-store.js';
import { api } from '../../session/session-store.js';

export const AUDIT_PAGE = 50;

export interface AuditState {
  entries: AuditEntry[];
  loading: boolean;
  loadError: string | null;
  /** False once a page came back shorter than AUDIT_PAGE. */
  hasMore: boolean;
  load: () => Promise<void>;
  loadOlder: () => Promise<void>;
}

const EMPTY = { entries: [], loading: false, loadError: null, hasMore: true };

export const useAuditStore = createStore<AuditState>((set, get) => {
  async function page(before: string | null): Promise<void> {
    set({ loading: true });
    try {
      const query = `limit=${AUDIT_PAGE}${before === null ? '' : `&before=${encodeURIComponent(before)}`}`;
      const entries = await api<AuditEntry[]>(`/api/audit?${query}`);
      set({
        entries: before === null ? entries : [...get().entries, ...entries],
        hasMore: entries.length === AUDIT_PAGE,
        loading: false,
        loadError: null,
      });
    } catch (error) {
      set({ loading: false, loadError: (error as Error).message });
    }
  }
  return {
    ...EMPTY,
    load: () => page(null),
    loadOlder: async () => {
      const { entries, loading, hasMore } = get();
      if (loading || !hasMore || entries.length === 0) return;
      await page(entries[entries.length - 1].id);
    },
  };
});
