import type { TeamView } from '@leaderboard/contracts';

/** Plain HTTP reads with a display or user token; the boards themselves come over the socket. */
export async function fetchTeams(token: string): Promise<TeamView[]> {
  const response = await fetch('/api/teams', { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`teams request failed: ${response.status}`);
  return (await response.json()) as TeamView[];
}
