import { jest } from '@jest/globals';
import type { Response } from 'supertest';
import {
  createTestApp,
  TEST_ADMIN_EMAIL,
  TEST_ADMIN_PASSWORD,
  type TestApp,
} from '../test-support/test-app.js';
import { LoginThrottle } from './login-throttle.js';

jest.setTimeout(90_000);

const ATTACKER = '198.51.100.66';
const SPRAYER = '198.51.100.77';
const HOME = '203.0.113.9';

/**
 * Issue 13, item 7: login throttling per client address and per account, that never locks the
 * right password out from another address, answers 429 with Retry-After, is shared through the
 * database and bounded; and the password policy wherever a password is set.
 */
describe('login throttling and password policy', () => {
  let t: TestApp;

  /** A login as seen from `address` (the app trusts the loopback proxy's X-Forwarded-For). */
  const login = (email: string, password: string, address: string): Promise<Response> =>
    t.http().post('/api/auth/login').set('X-Forwarded-For', address).send({ email, password });

  const createUser = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ role: 'manager', ...body });

  beforeAll(async () => {
    t = await createTestApp({ trustProxy: ['loopback'] });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  beforeEach(async () => {
    await t.reset(); // empties login_throttle too
  });

  describe('throttling', () => {
    it('ten wrong passwords for the admin from one address do not lock the admin out from another', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 10; i++) {
        statuses.push((await login(TEST_ADMIN_EMAIL, `wrong-guess-${i}`, ATTACKER)).status);
      }
      // Five free tries, then exponential backoff for this address on this account.
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses).toContain(429);
      const throttled = await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, ATTACKER);
      expect(throttled.status).toBe(429);

      const home = await login(TEST_ADMIN_EMAIL, TEST_ADMIN_PASSWORD, HOME);
      expect(home.status).toBe(200);
      expect(home.body).toMatchObject({ role: 'admin', accessToken: expect.any(String) });
    });

    it('spraying across e-mails from one address gets 429 with Retry-After and the SPEC 9 body', async () => {
      let refused: Response | undefined;
      let tries = 0;
      while (!refused && tries < 40) {
        const res = await login(`victim-${tries}@example.com`, 'Summer2024!', SPRAYER);
        tries++;
        if (res.status === 429) refused = res;
        else expect(res.status).toBe(401);
      }
      expect(refused).toBeDefined();
      expect(tries).toBe(22); // 20 free failures, the 21st starts a 1 s delay
      const retryAfter = Number(refused!.headers['retry-after']);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(refused!.body).toEqual({
        error: {
          code: 'TOO_MANY_REQUESTS',
          message: expect.stringMatching(/try again in \d+ s/),
          details: [{ code: 'LOGIN_THROTTLED', message: expect.stringMatching(/retry after \d+ s/) }],
        },
      });
      // Another address goes on; the sprayer may try again once Retry-After has passed.
      expect((await login('victim-0@example.com', 'Summer2024!', HOME)).status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000 + 100));
      expect((await login('victim-99@example.com', 'Summer2024!', SPRAYER)).status).toBe(401);
      // ...and the next failure doubles the wait.
      const again = await login('victim-100@example.com', 'Summer2024!', SPRAYER);
      expect(again.status).toBe(429);
      expect(Number(again.headers['retry-after'])).toBeGreaterThanOrEqual(2);
    });

    it('an account guessed from many addresses slows only the addresses that failed on it', async () => {
      await createUser({ email: 'target@example.com', password: 'Velvet-Compass-Orchid-83' }).expect(201);
      // 21 addresses fail once each: the account-wide counter (20 free) now delays them.
      for (let i = 0; i < 21; i++) {
        expect((await login('target@example.com', `guess-${i}`, `192.0.2.${i + 1}`)).status).toBe(401);
      }
      const known = await login('target@example.com', 'Velvet-Compass-Orchid-83', '192.0.2.21');
      expect(known.status).toBe(429);
      expect(Number(known.headers['retry-after'])).toBeLessThanOrEqual(60);
      // The real user from a new address is never refused.
      expect((await login('target@example.com', 'Velvet-Compass-Orchid-83', HOME)).status).toBe(200);
    });

    it('is shared through the database: another process sees the same counters', async () => {
      for (let i = 0; i < 8; i++) await login('shared@example.com', `guess-${i}`, ATTACKER);
      const otherProcess = new LoginThrottle(t.dataSource);
      expect((await otherProcess.check('shared@example.com', ATTACKER)).retryAfterMs).toBeGreaterThan(0);
      expect((await otherProcess.check('shared@example.com', HOME)).retryAfterMs).toBe(0);
    });

    it('keeps at most its row cap, dropping the least recently failed first, never all', async () => {
      const throttle = new LoginThrottle(t.dataSource, 12);
      for (let i = 0; i < 30; i++) await throttle.recordFailure(`spray-${i}@example.com`, `10.0.0.${i}`);
      // Last: one account guessed from one address past its free tries.
      for (let i = 0; i < 7; i++) await throttle.recordFailure('hot@example.com', '10.9.9.9');
      await throttle.prune();
      expect(await t.count('login_throttle')).toBe(12);
      expect((await throttle.check('hot@example.com', '10.9.9.9')).retryAfterMs).toBeGreaterThan(0);
    });
  });

  describe('password policy', () => {
    it.each([
      ['password', /too common or too easy to guess/],
      ['        ', /only spaces/],
      ['Password1!', /too common or too easy to guess/],
      ['qwertyuiop12', /too common or too easy to guess/],
      ['anna@example.com', /e-mail, the name or the product name/],
      ['anna-loves-mondays', /e-mail, the name or the product name/],
      ['leaderboard2024!', /e-mail, the name or the product name/],
      ['short', /at least 8 characters|longer than or equal to 8/],
    ])('refuses %j with a clear error naming the field', async (password, reason) => {
      const res = await createUser({ email: 'anna@example.com', password }).expect(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.body.error)).toMatch(reason);
      expect(await t.count('users', `email = 'anna@example.com'`)).toBe(0);
    });

    it('names the field and the reason in the SPEC 9 body', async () => {
      const res = await createUser({ email: 'anna@example.com', password: 'password' }).expect(400);
      expect(res.body).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: expect.stringMatching(/^The password is too common/),
          details: [{ path: 'password', message: expect.stringMatching(/one of the most common passwords/) }],
        },
      });
    });

    it('holds an admin to 12 characters and accepts long passphrases (no limit below 64)', async () => {
      const res = await createUser({
        email: 'root2@example.com',
        password: 'Kx9#Lm2$Qp',
        role: 'admin',
      }).expect(400);
      expect(res.body.error.details).toEqual([
        { path: 'password', message: 'must be at least 12 characters for an admin' },
      ]);
      const long = 'tundra walnut beacon quiver '.repeat(4).trim();
      expect(long.length).toBeGreaterThan(64);
      await createUser({ email: 'root2@example.com', password: long, role: 'admin' }).expect(201);
    });

    it('refuses a weak new password on change and keeps the old one', async () => {
      const created = await createUser({
        email: 'keeper@example.com',
        password: 'Marble-Sparrow-Kettle-15',
      }).expect(201);
      const res = await t
        .http()
        .patch(`/api/users/${created.body.id}`)
        .set('Authorization', `Bearer ${t.adminToken}`)
        .send({ password: 'iloveyou1' })
        .expect(400);
      expect(res.body.error.details[0]).toMatchObject({ path: 'password' });
      expect((await login('keeper@example.com', 'Marble-Sparrow-Kettle-15', HOME)).status).toBe(200);
    });
  });
});
