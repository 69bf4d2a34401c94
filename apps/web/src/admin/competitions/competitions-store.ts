/** Competitions: the list with status and leaders, creating one, deleting one that has not started. */
import { create } from 'zustand';
import type { CompetitionInput, CompetitionView, RuleSetDocument } from '@leaderboard/contracts';
import { api } from '../../session/session-store.js';
import { messageOf, NOT_LOADED, trackLoad, type LoadState } from '../shared/load-state.js';

export interface CompetitionsState extends LoadState<string> {
  competitions: CompetitionView[];
  /** The rule set in effect (newest published): a new competition starts from its document. */
  base: RuleSetDocument | null;
  load: () => Promise<void>;
  create: (input: CompetitionInput) => Promise<CompetitionView>;
  remove: (id: string) => Promise<void>;
}

const EMPTY = { competitions: [], ...NOT_LOADED, base: null };

/** Newest start first, as the API answers. */
const byStart = (list: CompetitionView[]): CompetitionView[] =>
  [...list].sort((a, b) => b.from.localeCompare(a.from) || a.id.localeCompare(b.id));

export const useCompetitionsStore = create<CompetitionsState>()((set, get) => ({
  ...EMPTY,
  load: () =>
    trackLoad<CompetitionsState, string>(
      set,
      async () => {
        const [competitions, ruleSets] = await Promise.all([
          api.get('/api/competitions'),
          api.get('/api/rulesets'),
        ]);
        const published = ruleSets
          .filter((r) => r.status === 'published')
          .sort((a, b) => (b.version ?? 0) - (a.version ?? 0));
        return { competitions: byStart(competitions), base: published[0]?.document ?? null };
      },
      { error: messageOf },
    ),
  create: async (input) => {
    const created = await api.post('/api/competitions', { body: input });
    set({ competitions: byStart([created, ...get().competitions]) });
    return created;
  },
  remove: async (id) => {
    await api.delete('/api/competitions/:id', { params: { id } });
    set({ competitions: get().competitions.filter((c) => c.id !== id) });
  },
}));

/** The rule set document of a new competition: `base` with each rule's points replaced. */
export function withPoints(
  base: RuleSetDocument,
  name: string,
  points: Record<string, number>,
): RuleSetDocument {
  const rules = Object.fromEntries(
    Object.entries(base.rules).map(([type, rule]) => [
      type,
      points[type] === undefined ? rule : { ...rule, points: points[type] },
    ]),
  );
  return { ...base, name, rules };
}
