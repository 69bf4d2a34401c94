/**
 * The signed-in user of /me and /admin: token, role and rep, kept in localStorage so a reload stays
 * signed in; `api` calls the API as this user and signs out when the token is refused.
 */
import type { MeView } from '@leaderboard/contracts';
import { create } from 'zustand';
import { createApiClient } from './api.js';

const STORAGE_KEY = 'leaderboard.session';

/** `GET /api/auth/me`. */
export type SessionUser = MeView;

export interface SessionState {
  token: string | null;
  user: SessionUser | null;
  login: (email: string, password: string) => Promise<SessionUser>;
  logout: () => void;
}

function readSaved(): Pick<SessionState, 'token' | 'user'> {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (raw) return JSON.parse(raw) as Pick<SessionState, 'token' | 'user'>;
  } catch {
    // private mode or a damaged entry: start signed out
  }
  return { token: null, user: null };
}

function save(value: Pick<SessionState, 'token' | 'user'> | null): void {
  try {
    if (value === null) window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  } catch {
    // not persisted; the session still works until a reload
  }
}

export const useSessionStore = create<SessionState>()((set) => ({
  ...(typeof window === 'undefined' ? { token: null, user: null } : readSaved()),
  login: async (email, password) => {
    const { accessToken } = await createApiClient({ token: () => null }).post('/api/auth/login', {
      body: { email, password },
    });
    const user = await createApiClient({ token: () => accessToken }).get('/api/auth/me');
    save({ token: accessToken, user });
    set({ token: accessToken, user });
    return user;
  },
  logout: () => {
    save(null);
    set({ token: null, user: null });
  },
}));

const sessionAuth = {
  token: () => useSessionStore.getState().token,
  onUnauthorized: () => useSessionStore.getState().logout(),
};

/** Calls the API as the signed-in user (outside React too); a 401 signs the session out. */
export const api = createApiClient(sessionAuth);
