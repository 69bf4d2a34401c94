/**
 * The signed-in rep's own figures: the breakdown of each period /me has asked for (points, caps,
 * line items, tier progress) and the period the rep selected. Loads keep what is on screen until
 * the new answer arrives; an answer overtaken by a newer request is dropped.
 */
import type { BreakdownResponse } from '@leaderboard/contracts';
import { create } from 'zustand';
import { ApiError } from '../session/api.js';
import { api } from '../session/session-store.js';

export const ME_PERIODS = ['today', 'week', 'month'] as const;
export type MePeriod = (typeof ME_PERIODS)[number];

export interface BreakdownEntry {
  data: BreakdownResponse | null;
  loading: boolean;
  /** `forbidden` (not this rep's), `failed` (anything else); null after a good answer. */
  error: 'forbidden' | 'failed' | null;
}

export interface MeState {
  period: MePeriod;
  breakdowns: Partial<Record<MePeriod, BreakdownEntry>>;
  select: (period: MePeriod) => void;
  load: (repId: string, period: MePeriod) => Promise<void>;
  reset: () => void;
}

const latest: Partial<Record<MePeriod, number>> = {};
let requests = 0;

export const useMeStore = create<MeState>()((set) => {
  const patch = (period: MePeriod, change: Partial<BreakdownEntry>): void =>
    set(({ breakdowns }) => ({
      breakdowns: {
        ...breakdowns,
        [period]: { data: null, loading: false, error: null, ...breakdowns[period], ...change },
      },
    }));
  return {
    period: 'today',
    breakdowns: {},
    select: (period) => set({ period }),
    load: async (repId, period) => {
      const request = ++requests;
      latest[period] = request;
      patch(period, { loading: true });
      try {
        const data = await api<BreakdownResponse>(
          `/api/reps/${encodeURIComponent(repId)}/breakdown?period=${period}`,
        );
        if (latest[period] === request) patch(period, { data, loading: false, error: null });
      } catch (error) {
        if (latest[period] !== request) return;
        const forbidden = error instanceof ApiError && error.status === 403;
        patch(period, { loading: false, error: forbidden ? 'forbidden' : 'failed' });
      }
    },
    reset: () => {
      for (const period of ME_PERIODS) delete latest[period];
      set({ period: 'today', breakdowns: {} });
    },
  };
});

/** The periods whose breakdown /me shows now: today (caps, tier) and the selected one. */
export function periodsOnScreen(): MePeriod[] {
  const { period } = useMeStore.getState();
  return period === 'today' ? ['today'] : ['today', period];
}
