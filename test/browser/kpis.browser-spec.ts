import type { Browser } from 'playwright-core';
import { startApp, type AppProcess } from '../e2e/app-process.js';
import { launchChromium } from './chromium.js';
import { ADMIN, adminClient, type Client } from './helpers.js';

const MANAGER = { email: 'vera@example.com', password: 'Ember-Canyon-Lotus-31' };

describe('/admin KPIs tab in chromium', () => {
  let app: AppProcess;
  let browser: Browser;
  let admin: Client;
  let annaId: string;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = await adminClient(app.baseUrl);
    expect((await admin.post('/api/users', { ...MANAGER, role: 'manager' })).status).toBe(201);
    const team = await admin.post('/api/teams', { name: 'Москва' });
    const anna = await admin.post('/api/reps', {
      key: 'anna@example.com',
      name: 'Анна Смирнова',
      teamId: team.body.id,
    });
    expect(anna.status).toBe(201);
    annaId = anna.body.id;
    const boris = await admin.post('/api/reps', {
      key: 'boris@example.com',
      name: 'Boris',
      teamId: team.body.id,
    });
    expect(boris.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('won deals sent through the API show in the KPI table; a target set there moves quota attainment', async () => {
    // Two won deals this month, in the org currency (RUB, kopecks): 123,456 and 76,544 roubles.
    const won = (externalId: string, rep: string, amount: number) => ({
      source: 'crm',
      externalId,
      type: 'deal_won',
      rep,
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      attributes: { amount, product: 'CRM', channel: 'call', region: 'Moscow' },
    });
    const sent = await admin.post('/api/events', {
      events: [won('d1', 'anna@example.com', 12_345_600), won('d2', 'boris@example.com', 7_654_400)],
    });
    expect(sent.status).toBe(200);

    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${app.baseUrl}/admin/kpis?lang=en`);
    await page.getByLabel('E-mail').fill(MANAGER.email);
    await page.getByLabel('Password').fill(MANAGER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const value = (id: string) => page.locator(`.kpi-table tr[data-kpi="${id}"] td.kpi-value`);
    await value('avgPurchaseValue').waitFor({ timeout: 20_000 });
    // The org: (123,456 + 76,544) / 2 deals = 100,000 roubles a purchase; revenue 200,000 from CRM.
    expect(await value('avgPurchaseValue').innerText()).toMatch(/^RUB\s100,000$/);
    expect(await value('revenueByProduct').innerText()).toMatch(/^CRM: RUB\s200,000$/);
    expect(await value('salesByChannel').innerText()).toMatch(/^call: RUB\s200,000$/);
    // No target yet, no spend entered: said in words.
    expect(await value('quotaAttainment').innerText()).toBe('needs a target');
    expect(await value('cac').innerText()).toBe('needs spend entered');
    // The trend chart of the chosen KPI is drawn (recharts, the tab's own chunk).
    await page.locator('figure.kpi-chart[data-kpi="avgPurchaseValue"] svg.recharts-surface').waitFor();

    // Anna's target: 246,912 roubles, twice what she sold, typed in the targets table.
    const target = page.getByRole('textbox', { name: 'New target for Анна Смирнова' });
    await target.fill('246 912');
    await target.press('Enter');
    await page
      .locator(`.kpi-targets tr[data-rep="${annaId}"] .kpi-target`)
      .filter({ hasText: /RUB\s246,912/ })
      .waitFor();

    // Anna alone: her one deal, and 123,456 / 246,912 = 50 % of her target.
    await page.getByRole('combobox', { name: 'For', exact: true }).selectOption(`rep:${annaId}`);
    await page.getByRole('columnheader', { name: 'Org median' }).waitFor();
    await page
      .locator('.kpi-table tr[data-kpi="avgPurchaseValue"] td.kpi-value', { hasText: '123,456' })
      .waitFor();
    expect(await value('avgPurchaseValue').innerText()).toMatch(/^RUB\s123,456$/);
    expect(await value('quotaAttainment').innerText()).toBe('50%');
    expect(await value('cac').innerText()).toBe('not for this scope');
    await page.close();
  });
});
