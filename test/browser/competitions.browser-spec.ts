import type { Browser, Page } from 'playwright-core';
import { startApp, type AppProcess } from '../e2e/app-process.js';
import { launchChromium } from './chromium.js';
import { ADMIN, adminClient, boardRows, until, type Client } from './helpers.js';

/** Moscow local time (no DST) `hours` from now, as a datetime-local input takes it. */
const moscowLocal = (hours: number): string =>
  new Date(Date.now() + (3 + hours) * 3_600_000).toISOString().slice(0, 16);

/** Opportunities created a minute ago (outcomes score at any hour, so the suite runs at any time). */
function opportunities(rep: string, count: number, tag: string) {
  return Array.from({ length: count }, (_, i) => ({
    source: 'crm',
    externalId: `${rep}-${tag}-${i}`,
    type: 'opportunity_created',
    rep,
    occurredAt: new Date(Date.now() - 60_000).toISOString(),
    attributes: {},
  }));
}

const rowsOnScreen = (page: Page) => boardRows(page, ['.name', '.points']);

describe('competitions in /admin and on /tv, in chromium', () => {
  let app: AppProcess;
  let browser: Browser;
  let admin: Client;
  let displayToken: string;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = await adminClient(app.baseUrl);
    const team = await admin.post('/api/teams', { name: 'Москва' });
    for (const [key, name] of [
      ['anna@example.com', 'Анна Смирнова'],
      ['boris@example.com', 'Boris Petrov'],
    ]) {
      expect((await admin.post('/api/reps', { key, name, teamId: team.body.id })).status).toBe(201);
    }
    displayToken = (await admin.post('/api/tokens', { kind: 'display', name: 'Floor TV' })).body.token;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('a manager creates "Demo week" with its own points; the TV shows its board live', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${app.baseUrl}/admin/competitions?lang=en`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const form = page.getByRole('form', { name: 'New competition' });
    await form.getByLabel('Name').fill('Demo week');
    await form.getByLabel('Starts').fill(moscowLocal(-1));
    await form.getByLabel('Ends').fill(moscowLocal(24));
    // An opportunity is worth 100 in this competition (50 on the normal boards).
    const demoPoints = form.getByLabel('opportunity_created', { exact: true });
    await demoPoints.waitFor();
    await demoPoints.fill('100');
    await form.getByRole('button', { name: 'Create competition' }).click();
    await page.getByText('Competition created.').waitFor({ timeout: 20_000 });

    const list = (await admin.get('/api/competitions')).body as Array<{
      id: string;
      name: string;
      status: string;
    }>;
    expect(list.map((c) => [c.name, c.status])).toEqual([['Demo week', 'running']]);
    const id = list[0].id;

    // Boris 2 opportunities (200), Anna 1 (100), sent through the API.
    const sent = await admin.post('/api/events', {
      events: [...opportunities('boris@example.com', 2, 'a'), ...opportunities('anna@example.com', 1, 'a')],
    });
    expect(sent.status).toBe(200);
    await page.reload();
    const row = page.getByTestId(`competition-${id}`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Running[\s\S]*Leading: Boris Petrov \(200\)/);

    const tv = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await tv.goto(`${app.baseUrl}/tv?token=${displayToken}&lang=en&scope=competition:${id}`);
    await until(async () => (await rowsOnScreen(tv)).length === 2);
    expect(await tv.locator('h1').innerText()).toMatch(/Demo week/);
    expect(await rowsOnScreen(tv)).toEqual([
      ['Boris Petrov', '200'],
      ['Анна Смирнова', '100'],
    ]);
    // Two more for Anna: 300, and she leads on the TV without a reload.
    expect(
      (await admin.post('/api/events', { events: opportunities('anna@example.com', 2, 'b') })).status,
    ).toBe(200);
    await until(async () => (await rowsOnScreen(tv))[0]?.[0] === 'Анна Смирнова');
    await until(async () => (await rowsOnScreen(tv))[0]?.[1] === '300');
    expect(await rowsOnScreen(tv)).toEqual([
      ['Анна Смирнова', '300'],
      ['Boris Petrov', '200'],
    ]);
    // The normal month board still counts an opportunity 50.
    const month = (await admin.get('/api/boards?period=month')).body as {
      rows: Array<{ name: string; points: number }>;
    };
    expect(month.rows.map((r) => [r.name, r.points])).toEqual([
      ['Анна Смирнова', 150],
      ['Boris Petrov', 100],
    ]);
    await tv.close();
    await page.close();
  });
});
