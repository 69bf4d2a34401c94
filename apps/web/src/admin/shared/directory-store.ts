/**
 * Teams, reps and logins as the console edits them. Actions call the API and update the lists from
 * its answers; a refused call throws the `ApiError` for the form that made it to show.
 */
import type { TeamView } from '@leaderboard/contracts';
import { create } from 'zustand';
import { api } from '../../session/session-store.js';
import { messageOf, NOT_LOADED, trackLoad, type LoadState } from './load-state.js';
import type { RepDetails, UserView } from './types.js';

export interface NewRep {
  key: string;
  name: string;
  teamId: string;
  region?: string;
  email?: string;
  /** http(s) URL of the rep's photo on the wall board; null clears it. */
  photoUrl?: string | null;
  /** `YYYY-MM-DD`: the rep's tenure bracket on the fair boards; null clears it. */
  startedOn?: string | null;
}

export interface NewUser {
  email: string;
  password: string;
  role: UserView['role'];
  repId?: string;
}

export interface DirectoryState extends LoadState<string> {
  teams: TeamView[];
  reps: RepDetails[];
  users: UserView[];
  load: (withUsers: boolean) => Promise<void>;
  createTeam: (name: string) => Promise<void>;
  renameTeam: (id: string, name: string) => Promise<void>;
  deleteTeam: (id: string) => Promise<void>;
  createRep: (rep: NewRep) => Promise<void>;
  updateRep: (id: string, patch: Partial<NewRep> & { active?: boolean }) => Promise<void>;
  /** `deactivated` when the rep has events and was kept. */
  deleteRep: (id: string) => Promise<'deleted' | 'deactivated'>;
  createUser: (user: NewUser) => Promise<void>;
  updateUser: (
    id: string,
    patch: { role?: UserView['role']; repId?: string | null; disabled?: boolean; password?: string },
  ) => Promise<void>;
}

const EMPTY = { teams: [], reps: [], users: [], ...NOT_LOADED };

const byName = <T extends { name: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => a.name.localeCompare(b.name));

function replace<T extends { id: string }>(items: T[], item: T): T[] {
  return items.some((existing) => existing.id === item.id)
    ? items.map((existing) => (existing.id === item.id ? item : existing))
    : [...items, item];
}

export const useDirectoryStore = create<DirectoryState>()((set, get) => ({
  ...EMPTY,
  load: (withUsers) =>
    trackLoad<DirectoryState, string>(
      set,
      async () => {
        const [teams, reps, users] = await Promise.all([
          api<TeamView[]>('/api/teams'),
          api<RepDetails[]>('/api/reps'),
          withUsers ? api<UserView[]>('/api/users') : Promise.resolve([]),
        ]);
        return { teams: byName(teams), reps: byName(reps), users };
      },
      { error: messageOf },
    ),
  createTeam: async (name) => {
    const team = await api<TeamView>('/api/teams', { method: 'POST', body: { name } });
    set({ teams: byName([...get().teams, team]) });
  },
  renameTeam: async (id, name) => {
    const team = await api<TeamView>(`/api/teams/${id}`, { method: 'PATCH', body: { name } });
    set({ teams: byName(replace(get().teams, team)) });
  },
  deleteTeam: async (id) => {
    await api(`/api/teams/${id}`, { method: 'DELETE' });
    set({ teams: get().teams.filter((team) => team.id !== id) });
  },
  createRep: async (rep) => {
    const created = await api<RepDetails>('/api/reps', { method: 'POST', body: rep });
    set({ reps: byName([...get().reps, created]) });
  },
  updateRep: async (id, patch) => {
    const rep = await api<RepDetails>(`/api/reps/${id}`, { method: 'PATCH', body: patch });
    set({ reps: byName(replace(get().reps, rep)) });
  },
  deleteRep: async (id) => {
    const result = await api<{ deleted: boolean; deactivated: boolean }>(`/api/reps/${id}`, {
      method: 'DELETE',
    });
    if (result.deleted) {
      set({ reps: get().reps.filter((rep) => rep.id !== id) });
      return 'deleted';
    }
    set({ reps: get().reps.map((rep) => (rep.id === id ? { ...rep, active: false } : rep)) });
    return 'deactivated';
  },
  createUser: async (user) => {
    const created = await api<UserView>('/api/users', { method: 'POST', body: user });
    set({ users: [...get().users, created] });
  },
  updateUser: async (id, patch) => {
    const user = await api<UserView>(`/api/users/${id}`, { method: 'PATCH', body: patch });
    set({ users: replace(get().users, user) });
  },
}));
