import type { Browser, Page } from 'playwright-core';
import { startApp, type AppProcess } from '../e2e/app-process.js';
import { launchChromium } from './chromium.js';
import { ADMIN, adminClient, boardRows, until, type Client } from './helpers.js';

const DAY_MS = 86_400_000;
const MSK_MS = 3 * 3_600_000;

/** Noon Moscow time on the 10th of the month `back` months before this one. */
function monthAgo(back: number): string {
  const local = new Date(Date.now() + MSK_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - back, 10, 9)).toISOString();
}

/** `count` won deals of 1,000 RUB (210 points each; outcomes score at any hour). */
function deals(rep: string, back: number, count: number, tag = '') {
  return Array.from({ length: count }, (_, i) => ({
    source: 'crm',
    externalId: `${rep}-${back}-${i}${tag}`,
    type: 'deal_won',
    rep,
    occurredAt: back === 0 ? new Date().toISOString() : monthAgo(back),
    attributes: { amount: 100_000, currency: 'RUB' },
  }));
}

const rowsOnScreen = (page: Page) => boardRows(page, ['.name', '[data-testid="change"]']);

describe('fair boards on /tv in chromium', () => {
  let app: AppProcess;
  let browser: Browser;
  let admin: Client;
  let displayToken: string;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = await adminClient(app.baseUrl);
    const team = await admin.post('/api/teams', { name: 'Москва' });
    const started = (days: number) =>
      new Date(Date.now() + MSK_MS - days * DAY_MS).toISOString().slice(0, 10);
    for (const [key, name, startedOn] of [
      ['anna@example.com', 'Анна Смирнова', started(40)],
      ['boris@example.com', 'Boris Petrov', started(3 * 366)],
    ]) {
      const created = await admin.post('/api/reps', { key, name, teamId: team.body.id, startedOn });
      expect(created.status).toBe(201);
    }
    // Anna: 2 deals last month, 3 now (+50%). Boris: 2 in each of the last three months, 1 now (-50%).
    const sent = await admin.post('/api/events', {
      events: [
        ...deals('anna@example.com', 1, 2),
        ...deals('anna@example.com', 0, 3),
        ...deals('boris@example.com', 3, 2),
        ...deals('boris@example.com', 2, 2),
        ...deals('boris@example.com', 1, 2),
        ...deals('boris@example.com', 0, 1),
      ],
    });
    expect(sent.status).toBe(200);
    displayToken = (await admin.post('/api/tokens', { kind: 'display', name: 'Floor TV' })).body.token;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows most improved live, re-ranked by the change, and a tenure bracket of newcomers', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${app.baseUrl}/tv?token=${displayToken}&lang=en&scope=improved`);
    await until(async () => (await rowsOnScreen(page)).length === 2);
    expect(await page.locator('h1').innerText()).toMatch(/This month · Most improved/);
    expect(await rowsOnScreen(page)).toEqual([
      ['Анна Смирнова', '+50% vs usual'],
      ['Boris Petrov', '-50% vs usual'],
    ]);

    // Boris wins 4 more deals now: 1,050 points against his usual 420 (+150%): he takes the lead.
    expect(
      (await admin.post('/api/events', { events: deals('boris@example.com', 0, 4, '-late') })).status,
    ).toBe(200);
    await until(async () => (await rowsOnScreen(page))[0]?.[0] === 'Boris Petrov');
    expect(await rowsOnScreen(page)).toEqual([
      ['Boris Petrov', '+150% vs usual'],
      ['Анна Смирнова', '+50% vs usual'],
    ]);

    await page.goto(`${app.baseUrl}/tv?token=${displayToken}&lang=en&scope=tenure:0-3m`);
    await until(async () => (await rowsOnScreen(page)).length === 1);
    expect(await page.locator('h1').innerText()).toMatch(/This month · First 3 months/);
    expect(await rowsOnScreen(page)).toEqual([['Анна Смирнова', '']]);
    await page.close();
  });
});
