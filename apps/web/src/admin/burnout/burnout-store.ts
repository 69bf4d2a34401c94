/** The burnout guard (SPEC 6): reps whose pattern says overload, and every rep's days. */
import type { BurnoutResponse } from '@leaderboard/contracts';
import { createStore } from '../../stores/create-store.js';
import { api } from '../../session/session-store.js';

export interface BurnoutState {
  report: BurnoutResponse | null;
  loading: boolean;
  /** What the last load failed with (an ApiError when the API answered). */
  loadError: unknown;
  /** The two weeks ending today (the API's default window). */
  load: () => Promise<void>;
}

const EMPTY = { report: null, loading: false, loadError: null };

export const useBurnoutStore = createStore<BurnoutState>((set) => ({
  ...EMPTY,
  load: async () => {
    set({ loading: true });
    try {
      const report = await api<BurnoutResponse>('/api/burnout');
      set({ report, loading: false, loadError: null });
    } catch (error) {
      set({ loading: false, loadError: error });
    }
  },
}));
