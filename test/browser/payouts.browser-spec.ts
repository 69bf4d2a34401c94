import { readFileSync } from 'node:fs';
import type { PayoutView, PeriodCloseView } from '@leaderboard/contracts';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { client, startApp, type AppProcess } from '../e2e/app-process.js';
import { launchChromium } from './chromium.js';
import { ADMIN, adminClient, type Client } from './helpers.js';

const MANAGER = { email: 'olga@example.com', password: 'Ember-Canyon-Lotus-32' };
/** Above 10,000.00 RUB a payout needs two different approvers (the default is 100,000.00). */
const SECOND_APPROVAL_ABOVE = 1_000_000;
const MSK_MS = 3 * 3_600_000; // Moscow is UTC+3 all year

/** The month before this one in Moscow, the org's time zone: it has ended, so it can be closed. */
function previousMoscowMonth(): { key: string; year: number; month0: number } {
  const local = new Date(Date.now() + MSK_MS);
  const first = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  const year = first.getUTCFullYear();
  const month0 = first.getUTCMonth();
  return { key: `${year}-${String(month0 + 1).padStart(2, '0')}`, year, month0 };
}

/**
 * SPEC 4a, the default rule set a new org starts with: a won deal is worth 200 points plus 10 per
 * 100,000 minor units of its amount, halved when the margin is under 10 %; tiers by month points.
 */
function dealPoints(amount: number, margin: number): number {
  const raw = 200 + (amount * 10) / 100_000;
  return (margin * 100) / amount < 10 ? raw / 2 : raw;
}

const TIERS = [
  { name: 'Gold', minPoints: 10_000, payout: 4_000_000, minDeals: 3 },
  { name: 'Silver', minPoints: 5_000, payout: 1_500_000, minDeals: 1 },
  { name: 'Bronze', minPoints: 2_000, payout: 500_000, minDeals: 0 },
];

/** The highest tier whose points and won-deal gate hold (Gold's lead-conversion gate never matters here). */
function tierOf(points: number, dealsWon: number): { name: string; payout: number } {
  const tier = TIERS.find((t) => points >= t.minPoints && dealsWon >= t.minDeals);
  if (!tier) throw new Error(`no tier for ${points} points`);
  return tier;
}

/** "RUB 15,000" as the console shows whole roubles in English (spaces normalised). */
const rub = (minor: number) => `RUB ${(minor / 100).toLocaleString('en-US')}`;
const words = async (locator: Locator) => (await locator.innerText()).replace(/\s+/g, ' ');

describe('closing a month and approving payouts in /admin, in chromium', () => {
  let app: AppProcess;
  let browser: Browser;
  let admin: Client;
  const period = previousMoscowMonth();
  /** Noon in Moscow on `day` of the previous month. */
  const on = (day: number) => new Date(Date.UTC(period.year, period.month0, day, 9)).toISOString();

  // Anna: one big deal at 20 % margin. Boris: a deal at 5 % margin, so its points are halved.
  const ANNA = { key: 'anna@example.com', name: 'Анна Смирнова', amount: 50_000_000, margin: 10_000_000 };
  const BORIS = { key: 'boris@example.com', name: 'Boris Petrov', amount: 40_000_000, margin: 2_000_000 };
  const annaPoints = dealPoints(ANNA.amount, ANNA.margin); // 200 + 5,000 = 5,200
  const borisPoints = dealPoints(BORIS.amount, BORIS.margin); // (200 + 4,000) / 2 = 2,100
  const annaTier = tierOf(annaPoints, 1); // Silver, 15,000.00: above the threshold
  const borisTier = tierOf(borisPoints, 1); // Bronze, 5,000.00: one approval is enough

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startApp({
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      PAYOUT_SECOND_APPROVAL_ABOVE: String(SECOND_APPROVAL_ABOVE),
    });
    admin = await adminClient(app.baseUrl);
    expect((await admin.post('/api/users', { ...MANAGER, role: 'manager' })).status).toBe(201);
    const team = await admin.post('/api/teams', { name: 'Москва' });
    expect(team.status).toBe(201);
    for (const rep of [ANNA, BORIS]) {
      const created = await admin.post('/api/reps', { key: rep.key, name: rep.name, teamId: team.body.id });
      expect(created.status).toBe(201);
    }
    const sent = await admin.post('/api/events', {
      events: [ANNA, BORIS].map((rep, i) => ({
        source: 'crm',
        externalId: `won-${i}`,
        type: 'deal_won',
        rep: rep.key,
        occurredAt: on(10 + i),
        attributes: { amount: rep.amount, margin: rep.margin, currency: 'RUB' },
      })),
    });
    expect(sent.status).toBe(200);
    expect(sent.body.results.map((r: { status: string }) => r.status)).toEqual(['created', 'created']);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  async function signIn(context: BrowserContext, who: { email: string; password: string }): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/admin?lang=en`);
    await page.getByLabel('E-mail').fill(who.email);
    await page.getByLabel('Password').fill(who.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('tab', { name: 'Closing & payouts' }).click();
    return page;
  }

  it('closes the month, two managers approve the big payout, payroll gets the CSV, the audit log names them', async () => {
    expect([annaTier.name, borisTier.name]).toEqual(['Silver', 'Bronze']);
    expect(annaTier.payout).toBeGreaterThan(SECOND_APPROVAL_ABOVE);
    expect(borisTier.payout).toBeLessThanOrEqual(SECOND_APPROVAL_ABOVE);

    // The admin closes the month that has just ended: the tab offers it first.
    const adminContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await signIn(adminContext, ADMIN);
    expect(await page.getByRole('textbox', { name: 'Month', exact: true }).inputValue()).toBe(period.key);
    await page.getByText('This month is not closed yet.').waitFor();
    await page.getByRole('button', { name: `Close ${period.key}` }).click();
    await page.getByText(new RegExp(`Closed .* by ${ADMIN.email}`)).waitFor({ timeout: 20_000 });

    const payoutRow = (p: Page, name: string) => p.getByRole('row').filter({ hasText: name });
    const anna = payoutRow(page, ANNA.name);
    const boris = payoutRow(page, BORIS.name);
    await anna.waitFor();
    expect(await words(anna)).toContain(
      `${annaTier.name} ${annaTier.name}: ${rub(annaTier.payout)} ${rub(annaTier.payout)} 0/2 Waiting for approval`,
    );
    expect(await words(boris)).toContain(
      `${borisTier.name} ${borisTier.name}: ${rub(borisTier.payout)} ${rub(borisTier.payout)} 0/1 Waiting for approval`,
    );
    // The frozen figures behind them: points as worked out above.
    const frozen = (await admin.get(`/api/periods/${period.key}`)).body as PeriodCloseView;
    expect(frozen.rows.map((r) => [r.name, r.points, r.rank, r.tier])).toEqual([
      [ANNA.name, annaPoints, 1, annaTier.name],
      [BORIS.name, borisPoints, 2, borisTier.name],
    ]);

    // The admin approves both: Boris's is done, Anna's waits for someone else.
    await anna.getByRole('button', { name: 'Approve' }).click();
    await anna.getByText('Waiting for a second approver').waitFor();
    expect(await words(anna)).toContain(`1/2 ${ADMIN.email}`);
    expect(await anna.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await boris.getByRole('button', { name: 'Approve' }).click();
    await boris.getByText('Approved', { exact: true }).waitFor();
    expect(await words(boris)).toContain(`1/1 ${ADMIN.email}`);
    expect(await words(anna)).toContain('Waiting for a second approver');

    // Olga, a second manager, in her own browser session, gives the second approval.
    const managerContext = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
    });
    const olgaPage = await signIn(managerContext, MANAGER);
    const annaForOlga = payoutRow(olgaPage, ANNA.name);
    await annaForOlga.getByText('Waiting for a second approver').waitFor();
    await annaForOlga.getByRole('button', { name: 'Approve' }).click();
    await annaForOlga.getByText('Approved', { exact: true }).waitFor();
    expect(await words(annaForOlga)).toContain(`2/2 ${ADMIN.email}, ${MANAGER.email} Approved`);
    const payouts = (await admin.get(`/api/payouts?period=${period.key}`)).body as PayoutView[];
    expect(payouts.map((p) => [p.name, p.status, p.approvals.length])).toEqual([
      [ANNA.name, 'approved', 2],
      [BORIS.name, 'approved', 1],
    ]);

    // Payroll's file, downloaded as a manager would: byte-order mark, CRLF, both rows approved.
    const [download] = await Promise.all([
      olgaPage.waitForEvent('download'),
      olgaPage.getByRole('button', { name: 'Export CSV for payroll' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`payouts-${period.key}.csv`);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const major = (minor: number) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(
      '\uFEFFperiod,rep_key,rep_name,tier,status,approvals,currency,amount_minor,amount\r\n' +
        `${period.key},${ANNA.key},${ANNA.name},${annaTier.name},approved,2/2,RUB,${annaTier.payout},${major(annaTier.payout)}\r\n` +
        `${period.key},${BORIS.key},${BORIS.name},${borisTier.name},approved,1/1,RUB,${borisTier.payout},${major(borisTier.payout)}\r\n`,
    );

    // The audit log, read by the admin: the close and the three approvals, each with who did it.
    await page.getByRole('tab', { name: 'Audit' }).click();
    const audit = page.getByRole('row');
    const close = audit.filter({ hasText: 'Closed a month' });
    await close.waitFor();
    expect(await words(close)).toContain(`${ADMIN.email} Admin Closed a month ${period.key}`);
    const approvals = audit.filter({ hasText: 'Approved a payout' });
    expect(await approvals.count()).toBe(3);
    // Newest first: Olga's second approval of Anna's, then the admin's of Boris's and of Anna's.
    const texts = await Promise.all([0, 1, 2].map((i) => words(approvals.nth(i))));
    expect(texts[0]).toContain(
      `${MANAGER.email} Manager Approved a payout ${period.key} · ${rub(annaTier.payout)} · 2/2`,
    );
    expect(texts[1]).toContain(
      `${ADMIN.email} Admin Approved a payout ${period.key} · ${rub(borisTier.payout)} · 1/1`,
    );
    expect(texts[2]).toContain(
      `${ADMIN.email} Admin Approved a payout ${period.key} · ${rub(annaTier.payout)} · 1/2`,
    );

    // Once approved, another approval by the API is refused too.
    const olga = client(
      app.baseUrl,
      (await client(app.baseUrl).post('/api/auth/login', MANAGER)).body.accessToken,
    );
    expect((await olga.post(`/api/payouts/${payouts[0]?.id}/approve`)).status).toBe(409);
    await adminContext.close();
    await managerContext.close();
  });
});
