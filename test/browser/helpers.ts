import { DEFAULT_RULE_SET } from '@leaderboard/scoring';
import type { Page } from 'playwright-core';
import { client } from '../e2e/app-process.js';

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

export type Client = ReturnType<typeof client>;

/** The admin's API client of a running app. */
export async function adminClient(baseUrl: string): Promise<Client> {
  const login = await client(baseUrl).post('/api/auth/login', ADMIN);
  if (login.status !== 200) throw new Error(`admin login answered ${login.status}`);
  return client(baseUrl, login.body.accessToken);
}

/**
 * Publishes the default rule set with working hours around the clock, effective from 2020: activity
 * scores and celebrations show at whatever hour the suite runs.
 */
export async function publishAroundTheClock(admin: Client): Promise<void> {
  const draft = await admin.post('/api/rulesets', {
    document: {
      ...DEFAULT_RULE_SET,
      name: 'Around the clock',
      workingHours: { start: '00:00', end: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 },
    },
  });
  if (draft.status !== 201) throw new Error(`draft answered ${draft.status}: ${JSON.stringify(draft.body)}`);
  const published = await admin.post(`/api/rulesets/${draft.body.id}/publish`, {
    effectiveFrom: '2020-01-01T00:00:00Z',
  });
  if (published.status !== 200) throw new Error(`publish answered ${published.status}`);
}

export async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The wall board's rows in screen order, each as the texts of `selectors` inside it ('' when absent). */
export async function boardRows(page: Page, selectors: string[]): Promise<string[][]> {
  return page
    .locator('[data-testid="board-row"]')
    .evaluateAll(
      (rows, wanted) =>
        rows.map((row) => wanted.map((selector) => row.querySelector(selector)?.textContent ?? '')),
      selectors,
    );
}
