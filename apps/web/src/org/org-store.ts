/**
 * What the screens need to know about the organisation: its name, currency, time zone and working
 * hours (from `GET /api/settings`, the rule set in effect; SPEC 4a's defaults until it answers),
 * and the names of its teams.
 */
import type { DisplaySettings, TeamView, WorkingHours } from '@leaderboard/contracts';
import { create } from 'zustand';
import { DEFAULT_WORKING_HOURS } from './working-hours.js';

/** What a screen takes of `GET /api/settings`; an older API may leave any of it out. */
export type OrgSettings = Partial<
  Pick<DisplaySettings, 'orgName' | 'timezone' | 'currency' | 'workingHours'>
>;

export interface OrgState {
  orgName: string;
  currency: string;
  timeZone: string;
  workingHours: WorkingHours;
  /** Team id -> name. */
  teams: Record<string, string>;
  setTeams: (teams: readonly TeamView[]) => void;
  setSettings: (settings: OrgSettings) => void;
}

export const ORG_DEFAULTS = {
  orgName: '',
  currency: 'RUB',
  timeZone: 'Europe/Moscow',
  workingHours: DEFAULT_WORKING_HOURS,
  teams: {},
} satisfies Partial<OrgState>;

function validTimeZone(timeZone: string | undefined): timeZone is string {
  if (!timeZone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

function validCurrency(currency: string | undefined): currency is string {
  return typeof currency === 'string' && /^[A-Z]{3}$/.test(currency);
}

export const useOrgStore = create<OrgState>()((set) => ({
  ...ORG_DEFAULTS,
  setTeams: (teams) => set({ teams: Object.fromEntries(teams.map((team) => [team.id, team.name])) }),
  // Anything missing or unusable keeps the default: a TV keeps working with an older API.
  setSettings: (settings) =>
    set({
      orgName: settings.orgName ?? '',
      currency: validCurrency(settings.currency) ? settings.currency : ORG_DEFAULTS.currency,
      timeZone: validTimeZone(settings.timezone) ? settings.timezone : ORG_DEFAULTS.timeZone,
      workingHours: settings.workingHours ?? ORG_DEFAULTS.workingHours,
    }),
}));
