/** The burnout guard (SPEC 6): reps whose pattern says overload, and every rep's days. */
import type { BurnoutResponse } from '@leaderboard/contracts';
import { create } from 'zustand';
import { api } from '../../session/session-store.js';
import { NOT_LOADED, trackLoad, type LoadState } from '../shared/load-state.js';

export interface BurnoutState extends LoadState {
  report: BurnoutResponse | null;
  /** The two weeks ending today (the API's default window). */
  load: () => Promise<void>;
}

const EMPTY = { report: null, ...NOT_LOADED };

export const useBurnoutStore = create<BurnoutState>()((set) => ({
  ...EMPTY,
  load: () =>
    trackLoad<BurnoutState>(set, async () => {
      const report = await api.get('/api/burnout');
      return { report };
    }),
}));
