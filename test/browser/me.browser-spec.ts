import type { Browser, Page } from 'playwright-core';
import { startApp, type AppProcess } from '../e2e/app-process.js';
import { launchChromium } from './chromium.js';
import { ADMIN, adminClient, publishAroundTheClock, until, type Client } from './helpers.js';

const MARIA = { email: 'maria@example.com', password: 'Fjord-Pebble-Mango-73' };

/** A call of today (a few seconds ago), connected and by the script unless told otherwise. */
function call(externalId: string, secondsAgo: number, durationSec = 120) {
  return {
    source: 'pbx',
    externalId,
    type: 'call',
    rep: MARIA.email,
    occurredAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
    attributes: { durationSec, outcome: 'connected', scriptFollowed: true },
  };
}

async function callsMeter(page: Page): Promise<{ text: string; filled: number }> {
  const meter = page.locator('[data-testid="caps"] li').filter({ hasText: /calls/i });
  if ((await meter.count()) === 0) return { text: '', filled: -1 };
  return {
    text: await meter.innerText(),
    filled: Number(await meter.getByRole('progressbar').getAttribute('aria-valuenow')),
  };
}

describe('/me in chromium, on a phone', () => {
  let app: AppProcess;
  let browser: Browser;
  let admin: Client;

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    admin = await adminClient(app.baseUrl);
    await publishAroundTheClock(admin);
    const team = await admin.post('/api/teams', { name: 'Москва' });
    const rep = await admin.post('/api/reps', {
      key: MARIA.email,
      name: 'Мария Соколова',
      teamId: team.body.id,
    });
    await admin.post('/api/reps', { key: 'ivan@example.com', name: 'Иван Петров', teamId: team.body.id });
    const user = await admin.post('/api/users', { ...MARIA, role: 'rep', repId: rep.body.id });
    expect(user.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the calls cap meter fill up and a short call earning 0 points, live', async () => {
    const page = await browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto(`${app.baseUrl}/me?lang=en`);
    await page.getByLabel('E-mail').fill(MARIA.email);
    await page.getByLabel('Password').fill(MARIA.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('tile-today').waitFor();

    // 20 calls of 12 points: 240 of the 300-point daily cap.
    const first = Array.from({ length: 20 }, (_, i) => call(`c${i}`, 60 - i));
    expect((await admin.post('/api/events', { events: first })).status).toBe(200);
    await until(async () => (await callsMeter(page)).filled === 80);
    expect((await callsMeter(page)).text).toMatch(/240 of 300 points/);

    // Six more reach the cap; a 12-second call earns nothing.
    const more = [...Array.from({ length: 6 }, (_, i) => call(`d${i}`, 30 - i)), call('short', 5, 12)];
    expect((await admin.post('/api/events', { events: more })).status).toBe(200);
    await until(async () => (await callsMeter(page)).filled === 100);
    expect((await callsMeter(page)).text).toMatch(/cap reached, quality counts now/i);
    const shortCall = page.getByTestId('line-item').filter({ hasText: /under 30 s/ });
    await shortCall.first().waitFor({ timeout: 15_000 });
    expect(await shortCall.first().innerText()).toMatch(/Call 12 s: under 30 s,.* 0 points$/m);
    expect(await page.getByTestId('tile-today').innerText()).toMatch(/300/);
    await page.close();
  });
});
