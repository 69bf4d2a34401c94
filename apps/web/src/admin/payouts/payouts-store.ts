/** Closing months and their payouts: the chosen month, its payouts, adjustments, close, approve, CSV. */
import type { AdjustmentView, PayoutView, PeriodSummary } from '@leaderboard/contracts';
import { create } from 'zustand';
import { useOrgStore } from '../../org/org-store.js';
import { ApiError } from '../../session/api.js';
import { api } from '../../session/session-store.js';

export interface PayoutsState {
  /** `YYYY-MM`. */
  period: string;
  closed: PeriodSummary[];
  payouts: PayoutView[];
  adjustments: AdjustmentView[];
  loaded: boolean;
  /** The last refused action (SPEC 9 code and message), shown above the table. */
  error: ApiError | null;
  busy: boolean;
  setPeriod: (period: string) => Promise<void>;
  load: () => Promise<void>;
  close: () => Promise<void>;
  approve: (id: string) => Promise<void>;
  /**
   * The payroll CSV of the chosen month, byte for byte: decoding it as text would drop the
   * byte-order mark that spreadsheets need to read Cyrillic names as UTF-8.
   */
  exportCsv: () => Promise<ArrayBuffer>;
  reset: () => void;
}

/**
 * The month before the one containing `now` in the org's time zone, `YYYY-MM`: what a manager
 * closes next (on the 1st at 01:00 in Moscow, still 22:00 of the last day in UTC, that is the month
 * that has just ended, not the one before it).
 */
export function previousMonth(now: Date, timeZone = useOrgStore.getState().timeZone): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const EMPTY = {
  closed: [],
  payouts: [],
  adjustments: [],
  loaded: false,
  error: null,
  busy: false,
};

const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, 'NETWORK', (error as Error).message);

export const usePayoutsStore = create<PayoutsState>()((set, get) => {
  /** Runs a change, then reloads; a refusal is kept in `error`. */
  const act = async (change: () => Promise<unknown>): Promise<void> => {
    set({ busy: true, error: null });
    try {
      await change();
      await get().load();
    } catch (error) {
      set({ error: asApiError(error) });
    } finally {
      set({ busy: false });
    }
  };
  return {
    ...EMPTY,
    period: previousMonth(new Date()),
    setPeriod: async (period) => {
      set({ period, payouts: [], loaded: false, error: null });
      await get().load();
    },
    load: async () => {
      const period = get().period;
      try {
        const [closed, payouts, adjustments] = await Promise.all([
          api.get('/api/periods'),
          api.get('/api/payouts', { query: { period } }),
          api.get('/api/adjustments'),
        ]);
        if (get().period !== period) return;
        set({ closed, payouts, adjustments, loaded: true });
      } catch (error) {
        set({ error: asApiError(error), loaded: true });
      }
    },
    close: () =>
      act(() => api.post('/api/periods/:periodKey/close', { params: { periodKey: get().period } })),
    approve: (id) => act(() => api.post('/api/payouts/:id/approve', { params: { id } })),
    exportCsv: () => api.download('/api/payouts/export.csv', { query: { period: get().period } }),
    reset: () => set({ ...EMPTY, period: previousMonth(new Date()) }),
  };
});
