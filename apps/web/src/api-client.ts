/**
 * Plain reads with a display's (or a user's) token, the boards themselves coming over the socket:
 * the typed client of session/api.ts without the session (a refusal does not sign anyone out).
 */
import type { DisplaySettings, TeamView } from '@leaderboard/contracts';
import { createApiClient } from './session/api.js';

const withToken = (token: string) => createApiClient({ token: () => token });

export function fetchTeams(token: string): Promise<TeamView[]> {
  return withToken(token).get('/api/teams');
}

export function fetchSettings(token: string): Promise<DisplaySettings> {
  return withToken(token).get('/api/settings');
}
