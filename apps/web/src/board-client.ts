import type { BoardResponse, Period } from '@leaderboard/contracts';

/** Reads one board over HTTP with a display or user token. The live socket client comes later. */
export async function fetchBoard(token: string, period: Period): Promise<BoardResponse> {
  const response = await fetch(`/api/boards?period=${period}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (!response.ok) throw new Error(`board request failed: ${response.status}`);
  return (await response.json()) as BoardResponse;
}
