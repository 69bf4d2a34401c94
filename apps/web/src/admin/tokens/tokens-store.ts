/** Display and integration tokens: the list, the one just created (its secret shown once), revocation. */
import { create } from 'zustand';
import { api } from '../../session/session-store.js';
import type { CreatedToken, TokenView } from '@leaderboard/contracts';
import { messageOf, NOT_LOADED, trackLoad, type LoadState } from '../shared/load-state.js';

/** A TV's token, or a system's that sends events of one source (`POST /api/events`). */
export type NewToken =
  { kind: 'display'; name: string } | { kind: 'integration'; name: string; source: string };

export interface TokensState extends LoadState<string> {
  tokens: TokenView[];
  /** The token created in this page view, until the manager has copied it. */
  created: CreatedToken | null;
  load: () => Promise<void>;
  create: (token: NewToken) => Promise<void>;
  revoke: (id: string) => Promise<void>;
  dismissCreated: () => void;
}

const EMPTY = { tokens: [], ...NOT_LOADED, created: null };

const newestFirst = (tokens: TokenView[]): TokenView[] =>
  [...tokens].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

/** Never keep a secret in the list: only the `created` slot holds it. */
function withoutSecret({ token: _secret, ...view }: CreatedToken): TokenView {
  return view;
}

export const useTokensStore = create<TokensState>()((set, get) => ({
  ...EMPTY,
  load: () =>
    trackLoad<TokensState, string>(
      set,
      async () => {
        const tokens = await api.get('/api/tokens');
        return { tokens: newestFirst(tokens) };
      },
      { error: messageOf },
    ),
  create: async (token) => {
    const created = await api.post('/api/tokens', { body: token });
    set({ created, tokens: newestFirst([withoutSecret(created), ...get().tokens]) });
  },
  revoke: async (id) => {
    const revoked = await api.post('/api/tokens/:id/revoke', { params: { id } });
    set({ tokens: get().tokens.map((token) => (token.id === id ? revoked : token)) });
  },
  dismissCreated: () => set({ created: null }),
}));

/** The link that pairs a TV with a token: opened once, the screen remembers it. */
export function tvLink(origin: string, token: string): string {
  return `${origin}/tv?token=${encodeURIComponent(token)}`;
}
