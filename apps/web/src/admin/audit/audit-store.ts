/** The audit log, newest first, paged back with `before` (the id of the oldest entry shown). */
import type { AuditEntry } from '@leaderboard/contracts';
import { create } from 'zustand';
import { api } from '../../session/session-store.js';
import { messageOf, NOT_LOADED, trackLoad, type LoadState } from '../shared/load-state.js';

export const AUDIT_PAGE = 50;

export interface AuditState extends LoadState<string> {
  entries: AuditEntry[];
  /** False once a page came back shorter than AUDIT_PAGE. */
  hasMore: boolean;
  load: () => Promise<void>;
  loadOlder: () => Promise<void>;
}

const EMPTY = { entries: [], ...NOT_LOADED, hasMore: true };

export const useAuditStore = create<AuditState>()((set, get) => {
  function page(before: string | null): Promise<void> {
    return trackLoad<AuditState, string>(
      set,
      async () => {
        const entries = await api.get('/api/audit', {
          query: { limit: AUDIT_PAGE, before: before ?? undefined },
        });
        return {
          entries: before === null ? entries : [...get().entries, ...entries],
          hasMore: entries.length === AUDIT_PAGE,
        };
      },
      { error: messageOf },
    );
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
