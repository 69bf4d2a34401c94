/**
 * Teams, reps and logins as the console edits them. Actions call the API and update the lists from
 * its answers; a refused call throws the `ApiError` for the form that made it to show.
 */
import type {
  CreateRepInput,
  CreateUserInput,
  RepView,
  TeamView,
  UpdateRepInput,
  UpdateUserInput,
  UserView,
} from '@leaderboard/contracts';
import { create } from 'zustand';
import { api } from '../../session/session-store.js';
import { messageOf, NOT_LOADED, trackLoad, type LoadState } from './load-state.js';

export type NewRep = CreateRepInput;
export type NewUser = CreateUserInput;

export interface DirectoryState extends LoadState<string> {
  teams: TeamView[];
  reps: RepView[];
  users: UserView[];
  load: (withUsers: boolean) => Promise<void>;
  createTeam: (name: string) => Promise<void>;
  renameTeam: (id: string, name: string) => Promise<void>;
  deleteTeam: (id: string) => Promise<void>;
  createRep: (rep: NewRep) => Promise<void>;
  updateRep: (id: string, patch: UpdateRepInput) => Promise<void>;
  /** `deactivated` when the rep has events and was kept. */
  deleteRep: (id: string) => Promise<'deleted' | 'deactivated'>;
  createUser: (user: NewUser) => Promise<void>;
  updateUser: (id: string, patch: UpdateUserInput) => Promise<void>;
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
          api.get('/api/teams'),
          // Admins and managers are answered every rep's full view.
          api.get('/api/reps') as Promise<RepView[]>,
          withUsers ? api.get('/api/users') : Promise.resolve([]),
        ]);
        return { teams: byName(teams), reps: byName(reps), users };
      },
      { error: messageOf },
    ),
  createTeam: async (name) => {
    const team = await api.post('/api/teams', { body: { name } });
    set({ teams: byName([...get().teams, team]) });
  },
  renameTeam: async (id, name) => {
    const team = await api.patch('/api/teams/:id', { params: { id }, body: { name } });
    set({ teams: byName(replace(get().teams, team)) });
  },
  deleteTeam: async (id) => {
    await api.delete('/api/teams/:id', { params: { id } });
    set({ teams: get().teams.filter((team) => team.id !== id) });
  },
  createRep: async (rep) => {
    const created = await api.post('/api/reps', { body: rep });
    set({ reps: byName([...get().reps, created]) });
  },
  updateRep: async (id, patch) => {
    const rep = await api.patch('/api/reps/:id', { params: { id }, body: patch });
    set({ reps: byName(replace(get().reps, rep)) });
  },
  deleteRep: async (id) => {
    const result = await api.delete('/api/reps/:id', { params: { id } });
    if (result.deleted) {
      set({ reps: get().reps.filter((rep) => rep.id !== id) });
      return 'deleted';
    }
    set({ reps: get().reps.map((rep) => (rep.id === id ? { ...rep, active: false } : rep)) });
    return 'deactivated';
  },
  createUser: async (user) => {
    const created = await api.post('/api/users', { body: user });
    set({ users: [...get().users, created] });
  },
  updateUser: async (id, patch) => {
    const user = await api.patch('/api/users/:id', { params: { id }, body: patch });
    set({ users: replace(get().users, user) });
  },
}));
