/** The burnout guard (SPEC 6): reps whose pattern says overload, and every rep's days. */
import type { BurnoutResponse } from '@leaderboard/contracts';
import { create } from 'zustand';
import { api } from '../../session/session-store.js';

export interface BurnoutState {
  report: BurnoutResponse | null;
  loading: boolean;
  /** What the last load failed with (an ApiError when the API answered). */
  loadError: unknown;
  /** The two weeks ending today (the API's default window). */
  load: () => Promise<void>;
  reset: () => void;
}

const EMPTY = { report: null, loading: false, loadError: null };

export const useBurnoutStore = create<BurnoutState>()((set) => ({
  ...EMPTY,
  load: async () => {
    set({ loading: true });
    try {
      const report = await api.get('/api/burnout');
      set({ report, loading: false, loadError: null });
    } catch (error) {
      set({ loading: false, loadError: error });
    }
  },
  reset: () => set(EMPTY),
}));
