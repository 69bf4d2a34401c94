// Screenshots of the three surfaces at their sizes, in English and Russian, from the demo org:
//   npm run build && node test/browser/take-screenshots.mjs
// Writes docs/screenshots/{tv-1920,tv-3840,me-390,admin-1440}-{en,ru}.{png,jpg}. The app runs with
// its demo data (DEMO=1, a fresh embedded database) and a rule set whose working hours span the
// whole week, so the boards move and celebrate whatever the hour. Motion is reduced, so no row is
// caught halfway through an animation.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = join(ROOT, 'docs/screenshots');
const PORT = Number(process.env.SHOTS_PORT ?? 3931);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@example.com', password: 'Saffron-Glacier-Moth-19' };
const REP_PASSWORD = 'Pumice-Saddle-Clover-58';
const CHROMIUM_FLAGS = JSON.parse(readFileSync(new URL('./chromium-flags.json', import.meta.url), 'utf8'));
const require = createRequire(join(ROOT, 'package.json'));
const { chromium } = require('playwright-core');
const { DEFAULT_RULE_SET } = await import(join(ROOT, 'libs/scoring/dist/index.js'));

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

async function call(method, path, token, body) {
  const response = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

const dataDir = mkdtempSync(join(os.tmpdir(), 'leaderboard-shots-'));
const app = spawn(process.execPath, ['apps/api/dist/main.js'], {
  cwd: ROOT,
  env: {
    ...process.env,
    PORT: String(PORT),
    DATA_DIR: dataDir,
    DEMO: '1',
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});
let browser;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${BASE}/api/health`)).ok) break;
    } catch {
      if (i > 240) throw new Error('the app did not start');
    }
    await sleep(250);
  }
  const { accessToken: admin } = await call('POST', '/api/auth/login', null, ADMIN);
  // Wait for the demo seed (reps appear with it).
  let reps = [];
  for (let i = 0; i < 120 && reps.length < 12; i++) {
    reps = await call('GET', '/api/reps', admin);
    await sleep(500);
  }
  const draft = await call('POST', '/api/rulesets', admin, {
    document: {
      ...DEFAULT_RULE_SET,
      workingHours: { start: '00:00', end: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 },
    },
  });
  await call('POST', `/api/rulesets/${draft.id}/publish`, admin, { effectiveFrom: new Date().toISOString() });
  const { token: display } = await call('POST', '/api/tokens', admin, { kind: 'display', name: 'Floor TV' });
  const rep = reps[Math.floor(reps.length / 2)];
  const repEmail = `screens-${rep.key}`;
  await call('POST', '/api/users', admin, {
    email: repEmail,
    password: REP_PASSWORD,
    role: 'rep',
    repId: rep.id,
  });
  await sleep(3_000);

  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  const shot = async ({ name, path, width, height, type = 'png', login }, lang) => {
    const context = await browser.newContext({ viewport: { width, height }, reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${BASE}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
    if (login) {
      await page.locator('input[type=email]').fill(login.email);
      await page.locator('input[type=password]').fill(login.password);
      await page.locator('button[type=submit]').click();
    }
    await sleep(4_000);
    const file = join(OUT, `${name}-${lang}.${type === 'jpeg' ? 'jpg' : 'png'}`);
    await page.screenshot({ path: file, type, ...(type === 'jpeg' ? { quality: 80 } : {}) });
    console.log(`wrote ${file}`);
    await context.close();
  };
  const surfaces = [
    { name: 'tv-1920', path: `/tv?token=${display}`, width: 1920, height: 1080 },
    { name: 'tv-3840', path: `/tv?token=${display}`, width: 3840, height: 2160, type: 'jpeg' },
    {
      name: 'me-390',
      path: '/me',
      width: 390,
      height: 844,
      login: { email: repEmail, password: REP_PASSWORD },
    },
    { name: 'admin-1440', path: '/admin/rules', width: 1440, height: 900, login: ADMIN },
  ];
  for (const lang of ['en', 'ru']) for (const surface of surfaces) await shot(surface, lang);
} finally {
  await browser?.close();
  app.kill('SIGTERM');
  await new Promise((done) => app.once('exit', done));
  rmSync(dataDir, { recursive: true, force: true });
}
