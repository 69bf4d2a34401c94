/**
 * The KPI catalog as /admin reads it (`GET /api/kpis`): which scope (the org, a team, a rep), which
 * period kind and how many periods of trend, the answer, and the KPI whose trend is charted. Every
 * change of scope or period reads again; an answer overtaken by a newer request is dropped.
 */
import type { KpiId, KpiQuery, KpiResponse, Period } from '@leaderboard/contracts';
import { create } from 'zustand';
import { urlOf } from '../../session/api.js';
import { api } from '../../session/session-store.js';
import { NOT_LOADED, trackLoad, type LoadState } from '../shared/load-state.js';

/** `org`, `team:<id>` or `rep:<id>`, as the API takes it. */
export type KpiScopeKey = 'org' | `team:${string}` | `rep:${string}`;

export const TREND_LENGTHS = [3, 6, 12] as const;

export interface KpisState extends LoadState {
  scope: KpiScopeKey;
  period: Period;
  periods: number;
  /** The KPI whose trend the chart shows. */
  selected: KpiId;
  report: KpiResponse | null;
  setScope: (scope: KpiScopeKey) => Promise<void>;
  setPeriod: (period: Period) => Promise<void>;
  setPeriods: (periods: number) => Promise<void>;
  select: (id: KpiId) => void;
  load: () => Promise<void>;
  reset: () => void;
}

const EMPTY = {
  scope: 'org' as KpiScopeKey,
  period: 'month' as Period,
  periods: 6,
  selected: 'avgPurchaseValue' as KpiId,
  report: null,
  ...NOT_LOADED,
};

let requests = 0;

const kpisQuery = (scope: KpiScopeKey, period: Period, periods: number): KpiQuery => ({
  period,
  scope,
  periods,
});

/** The address the store reads: `/api/kpis?period=month&scope=team:<id>&periods=6`. */
export function kpisPath(scope: KpiScopeKey, period: Period, periods: number): string {
  return urlOf('/api/kpis', { query: kpisQuery(scope, period, periods) });
}

export const useKpisStore = create<KpisState>()((set, get) => ({
  ...EMPTY,
  setScope: (scope) => {
    set({ scope });
    return get().load();
  },
  setPeriod: (period) => {
    set({ period });
    return get().load();
  },
  setPeriods: (periods) => {
    set({ periods });
    return get().load();
  },
  select: (selected) => set({ selected }),
  load: () => {
    const request = ++requests;
    const { scope, period, periods } = get();
    return trackLoad<KpisState>(
      set,
      async () => {
        const report = await api.get('/api/kpis', { query: kpisQuery(scope, period, periods) });
        return { report };
      },
      { current: () => request === requests },
    );
  },
  reset: () => {
    requests++;
    set(EMPTY);
  },
}));
