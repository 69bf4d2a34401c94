/**
 * What managers enter for the KPIs that events do not carry: the org's monthly spend and direct
 * costs (`GET/PUT /api/kpis/inputs`) and each rep's sales target for the current month beside the
 * suggested one (`GET/PUT /api/kpis/targets`). Saving actions throw the `ApiError` for the form that
 * made the call to show; the lists follow the API's answers.
 */
import type { KpiInputBody, KpiInputView, Money, SuggestedTargetsResponse } from '@leaderboard/contracts';
import { create } from 'zustand';
import { api } from '../../session/session-store.js';
import { NOT_LOADED, trackLoad, type LoadState } from '../shared/load-state.js';

export type NewKpiInput = KpiInputBody;

export interface KpiInputsState extends LoadState {
  inputs: KpiInputView[];
  targets: SuggestedTargetsResponse | null;
  load: () => Promise<void>;
  saveInput: (input: NewKpiInput) => Promise<void>;
  /** The rep's target for the period the targets list is about. */
  saveTarget: (repId: string, target: Money) => Promise<void>;
  /** The suggested target of the rep, as it is, becomes their target. */
  takeSuggestion: (repId: string) => Promise<void>;
}

const EMPTY = { inputs: [], targets: null, ...NOT_LOADED };

/** Newest month first, then spend before direct costs. */
function ordered(inputs: KpiInputView[]): KpiInputView[] {
  return [...inputs].sort((a, b) => b.month.localeCompare(a.month) || a.kind.localeCompare(b.kind));
}

export const useKpiInputsStore = create<KpiInputsState>()((set, get) => ({
  ...EMPTY,
  load: () =>
    trackLoad<KpiInputsState>(set, async () => {
      const [inputs, targets] = await Promise.all([
        api.get('/api/kpis/inputs'),
        api.get('/api/kpis/targets', { query: { period: 'month' } }),
      ]);
      return { inputs: ordered(inputs), targets };
    }),
  saveInput: async (input) => {
    const saved = await api.put('/api/kpis/inputs', { body: input });
    set({ inputs: ordered([...get().inputs.filter((existing) => existing.id !== saved.id), saved]) });
  },
  saveTarget: async (repId, target) => {
    const targets = get().targets;
    if (!targets) return;
    const saved = await api.put('/api/kpis/targets', {
      body: {
        repId,
        period: targets.period,
        periodKey: targets.periodKey,
        amount: target.amount,
        currency: target.currency,
      },
    });
    const latest = get().targets;
    if (!latest || latest.periodKey !== saved.periodKey) return;
    set({
      targets: {
        ...latest,
        rows: latest.rows.map((row) =>
          row.repId === saved.repId
            ? { ...row, target: { amount: saved.amount, currency: saved.currency } }
            : row,
        ),
      },
    });
  },
  takeSuggestion: async (repId) => {
    const suggested = get().targets?.rows.find((row) => row.repId === repId)?.suggested.value;
    if (suggested?.kind !== 'money') return;
    await get().saveTarget(repId, { amount: suggested.amount, currency: suggested.currency });
  },
}));
