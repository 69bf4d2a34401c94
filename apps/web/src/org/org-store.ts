/**
 * What the screens need to know about the organisation: its currency, time zone and working hours
 * (defaults from SPEC 4a until the API tells a display more), and the names of its teams.
 */
import type { TeamView, WorkingHours } from '@leaderboard/contracts';
import { create } from 'zustand';
import { DEFAULT_WORKING_HOURS } from './working-hours.js';

export interface OrgState {
  currency: string;
  timeZone: string;
  workingHours: WorkingHours;
  /** Team id -> name. */
  teams: Record<string, string>;
  setTeams: (teams: readonly TeamView[]) => void;
}

export const ORG_DEFAULTS = {
  currency: 'RUB',
  timeZone: 'Europe/Moscow',
  workingHours: DEFAULT_WORKING_HOURS,
  teams: {},
} satisfies Partial<OrgState>;

export const useOrgStore = create<OrgState>()((set) => ({
  ...ORG_DEFAULTS,
  setTeams: (teams) => set({ teams: Object.fromEntries(teams.map((team) => [team.id, team.name])) }),
}));
