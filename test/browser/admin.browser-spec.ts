import type { AuditEntry, BoardResponse } from '@leaderboard/contracts';
import type { Browser } from 'playwright-core';
import { client, startApp, type AppProcess } from '../e2e/app-process.js';
import { launchChromium } from './chromium.js';
import { ADMIN, adminClient, publishAroundTheClock, type Client } from './helpers.js';

const MANAGER = { email: 'olga@example.com', password: 'Ember-Canyon-Lotus-31' };

/** `YYYY-MM-DD` of yesterday in Moscow, the org's time zone. */
function moscowYesterday(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
  const date = new Date(`${today}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

describe('/admin in chromium', () => {
  let app: AppProcess;
  let browser: Browser;
  let admin: Client;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = await adminClient(app.baseUrl);
    await publishAroundTheClock(admin);
    expect((await admin.post('/api/users', { ...MANAGER, role: 'manager' })).status).toBe(201);
    const team = await admin.post('/api/teams', { name: 'Москва' });
    await admin.post('/api/reps', { key: 'anna@example.com', name: 'Анна Смирнова', teamId: team.body.id });
    // Five connected calls by the script: 12 points each under the rule set in effect.
    const calls = Array.from({ length: 5 }, (_, i) => ({
      source: 'pbx',
      externalId: `c${i}`,
      type: 'call',
      rep: 'anna@example.com',
      occurredAt: new Date(Date.now() - (10 - i) * 1000).toISOString(),
      attributes: { durationSec: 120, outcome: 'connected', scriptFollowed: true },
    }));
    expect((await admin.post('/api/events', { events: calls })).status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('a manager changes a rule, previews it against past weeks, and publishes it', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${app.baseUrl}/admin/rules?lang=en`);
    await page.getByLabel('E-mail').fill(MANAGER.email);
    await page.getByLabel('Password').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Calls are worth 20 instead of 10.
    const call = page.getByRole('article', { name: /Call/ });
    const points = call.getByLabel('Points', { exact: true });
    await points.waitFor();
    expect(await points.inputValue()).toBe('10');
    await points.fill('20');
    await page.getByText('No problems').waitFor();

    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const anna = page.getByRole('table').getByRole('row').filter({ hasText: 'Анна Смирнова' });
    await anna.waitFor({ timeout: 20_000 });
    expect(await anna.innerText()).toMatch(/60\s*→\s*120/);

    // Effective from yesterday: today's calls are scored again under the new points.
    await page.getByLabel('Effective from').fill(`${moscowYesterday()}T00:00`);
    await page.getByText(/This is in the past/).waitFor();
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.getByRole('button', { name: 'Yes, publish' }).click();
    await page.getByText('Published.', { exact: true }).waitFor({ timeout: 20_000 });

    const board = (await admin.get('/api/boards?period=today')).body as BoardResponse;
    expect(board.rows.map((row) => [row.name, row.points])).toEqual([['Анна Смирнова', 120]]);
    const manager = client(
      app.baseUrl,
      (await client(app.baseUrl).post('/api/auth/login', MANAGER)).body.accessToken,
    );
    const audit = (await manager.get('/api/audit')).body as AuditEntry[];
    expect(audit.slice(0, 2).map((entry) => [entry.action, entry.actor.name])).toEqual([
      ['ruleset.publish', MANAGER.email],
      ['ruleset.create', MANAGER.email],
    ]);
    await page.close();
  });
});
