import type { TeamView, WorkingHours } from '@leaderboard/contracts';

/** Plain HTTP reads with a display or user token; the boards themselves come over the socket. */
async function getJson(path: string, token: string): Promise<unknown> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

export async function fetchTeams(token: string): Promise<TeamView[]> {
  return (await getJson('/api/teams', token)) as TeamView[];
}

/** What a screen needs of the org and its rule set in effect (`GET /api/settings`). */
export interface OrgSettings {
  orgName?: string;
  timezone?: string;
  currency?: string;
  /** Null when the rule set has none. */
  workingHours?: WorkingHours | null;
}

export async function fetchSettings(token: string): Promise<OrgSettings> {
  return (await getJson('/api/settings', token)) as OrgSettings;
}
