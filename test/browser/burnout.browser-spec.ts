import type { Browser } from 'playwright-core';
import { startApp, type AppProcess } from '../e2e/app-process.js';
import { launchChromium } from './chromium.js';
import { ADMIN, adminClient, type Client } from './helpers.js';

const MANAGER = { email: 'irina@example.com', password: 'Ember-Canyon-Lotus-31' };
const DAY = 86_400_000;

describe('/admin burnout tab in chromium', () => {
  let app: AppProcess;
  let browser: Browser;
  let admin: Client;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = await adminClient(app.baseUrl);
    expect((await admin.post('/api/users', { ...MANAGER, role: 'manager' })).status).toBe(201);
    const team = await admin.post('/api/teams', { name: 'Москва' });
    // Owl has no working day at all: whatever hour the suite runs, their calls are after hours.
    const owl = await admin.post('/api/reps', {
      key: 'owl@example.com',
      name: 'Сова Ночная',
      teamId: team.body.id,
      workingHours: { start: '09:00', end: '19:00', weekdays: [], outsideFactor: 0 },
    });
    expect(owl.status).toBe(201);
    expect(
      (await admin.post('/api/reps', { key: 'lev@example.com', name: 'Лев Дневной', teamId: team.body.id }))
        .status,
    ).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('a rep who worked late three days in a row appears flagged, first, with the reason', async () => {
    // Calls yesterday and the two days before, sent through the API as a CRM would.
    const now = Date.now();
    const events = [1, 2, 3].map((back) => ({
      source: 'pbx',
      externalId: `late-${back}`,
      type: 'call',
      rep: 'owl@example.com',
      occurredAt: new Date(now - back * DAY).toISOString(),
      attributes: { durationSec: 120, outcome: 'connected', scriptFollowed: true },
    }));
    expect((await admin.post('/api/events', { events })).status).toBe(200);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${app.baseUrl}/admin/burnout?lang=en`);
    await page.getByLabel('E-mail').fill(MANAGER.email);
    await page.getByLabel('Password').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    await page.getByText('1 rep shows signs of overload').waitFor({ timeout: 20_000 });
    const rows = page.getByRole('table').getByRole('row');
    const first = rows.nth(1);
    expect(await first.getByRole('rowheader').innerText()).toMatch(
      /Сова Ночная\s*after hours 3 days in a row/,
    );
    expect(await rows.nth(2).getByRole('rowheader').innerText()).toMatch(/Лев Дневной\s*No overload/);
    // 14 days in the grid; yesterday's cell says one after-hours hour.
    expect(await first.locator('td').count()).toBe(14);
    expect(await first.locator('td').nth(12).getAttribute('aria-label')).toMatch(
      /after hours: 1 event in 1 h/,
    );
    await page.close();
  });
});
