/**
 * The signed-in rep's own KPIs for /me (`GET /api/kpis?scope=rep:<own id>`), each with the org
 * median the API sends beside it. Read once when /me opens and again on request.
 */
import type { KpiResponse } from '@leaderboard/contracts';
import { create } from 'zustand';
import { api } from '../session/session-store.js';

export interface MeKpisState {
  report: KpiResponse | null;
  loading: boolean;
  error: boolean;
  load: (repId: string) => Promise<void>;
  reset: () => void;
}

const EMPTY = { report: null, loading: false, error: false };

let requests = 0;

export const useMeKpisStore = create<MeKpisState>()((set) => ({
  ...EMPTY,
  load: async (repId) => {
    const request = ++requests;
    set({ loading: true });
    try {
      const report = await api<KpiResponse>(
        `/api/kpis?period=month&scope=rep:${encodeURIComponent(repId)}&periods=1`,
      );
      if (request === requests) set({ report, loading: false, error: false });
    } catch {
      if (request === requests) set({ loading: false, error: true });
    }
  },
  reset: () => {
    requests++;
    set(EMPTY);
  },
}));
