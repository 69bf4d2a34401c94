import { jest } from '@jest/globals';
import { LIVE_NAMESPACE } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from '@leaderboard/scoring';
import { ApiClient, call, moscow } from '../test-support/api-client.js';
import type { TestSocket } from '../test-support/live-client.js';
import { TEST_ADMIN_EMAIL, type TestApp } from '../test-support/test-app.js';
import { useLiveTestApp } from '../test-support/use-test-app.js';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES, MAX_OBJECT_KEYS } from './request-guard.js';

jest.setTimeout(60_000);

/** `{"a":{"a":…1…}}` nested `depth` objects deep, as raw JSON text. */
function nestedObjects(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Sends `board:subscribe` with a payload written as raw JSON text; resolves with the acknowledgement. */
function rawSubscribe(socket: TestSocket, payloadJson: string): Promise<unknown> {
  const id = 9_999;
  const prefix = `3${LIVE_NAMESPACE},${id}`;
  const engine = socket.io.engine;
  return new Promise((resolve) => {
    const onPacket = (packet: { type: string; data?: unknown }): void => {
      if (packet.type !== 'message' || typeof packet.data !== 'string' || !packet.data.startsWith(prefix))
        return;
      engine.off('packet', onPacket);
      resolve((JSON.parse(packet.data.slice(prefix.length)) as unknown[])[0]);
    };
    engine.on('packet', onPacket);
    engine.write(`2${LIVE_NAMESPACE},${id}["board:subscribe",${payloadJson}]`);
  });
}

describe('request bounds: depth, bad strings, out-of-range numbers (issue 13, items 3, 8, 10)', () => {
  let t: TestApp;
  let api: ApiClient;
  let baseUrl: string;
  const live = useLiveTestApp((app, client, url) => {
    t = app;
    api = client;
    baseUrl = url;
  });
  const admin = (): string => `Bearer ${t.adminToken}`;

  describe('nesting depth, checked on the raw body before parsing', () => {
    it('refuses a 2 MB body nested 700,000 deep to the unauthenticated login in milliseconds, with 400', async () => {
      const body = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
      const started = performance.now();
      const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(body);
      const took = performance.now() - started;
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.message).toContain(`deeper than ${MAX_JSON_DEPTH}`);
      // JSON.parse alone takes ~0.7 s on this body; the byte scan stops at the 33rd bracket.
      expect(took).toBeLessThan(500);
    });

    it('refuses objects nested 10,000 deep to every DTO route (events, reps, rule sets) with 400', async () => {
      const deep = nestedObjects(10_000);
      for (const [path, token] of [
        ['/api/events', `Bearer ${t.integrationToken}`],
        ['/api/reps', admin()],
        ['/api/rulesets', admin()],
      ] as const) {
        const res = await t
          .http()
          .post(path)
          .set('Authorization', token)
          .set('Content-Type', 'application/json')
          .send(`{"document":${deep}}`);
        expect([path, res.status, res.body.error?.code]).toEqual([path, 400, 'VALIDATION_FAILED']);
      }
      expect(await t.count('events')).toBe(0);
    });

    it(`accepts ${MAX_JSON_DEPTH} levels, refuses ${MAX_JSON_DEPTH + 1}, and brackets inside strings do not count`, async () => {
      const login = (body: string) =>
        t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(body);
      // The body object is level 1: 31 more inside `email` make 32 (the DTO refuses the shape: 400 of its own).
      const atLimit = await login(`{"email":${nestedObjects(MAX_JSON_DEPTH - 1)},"password":"x"}`);
      expect(atLimit.body.error.message).not.toContain('deeper than');
      const over = await login(`{"email":${nestedObjects(MAX_JSON_DEPTH)},"password":"x"}`);
      expect(over.status).toBe(400);
      expect(over.body.error.message).toContain('deeper than');
      const inString = await login(
        JSON.stringify({ email: TEST_ADMIN_EMAIL, password: '[{'.repeat(100) + '\\"' + '[' }),
      );
      expect(inString.status).toBe(401);
    });

    it('refuses an object of 100,000 keys and a body of a million values to login at once (class-transformer took 10 s and 4 s)', async () => {
      const login = (body: unknown) => {
        const started = performance.now();
        return t
          .http()
          .post('/api/auth/login')
          .send(body as object)
          .then((res) => ({ res, took: performance.now() - started }));
      };
      const keys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]));
      const wide = await login({ email: TEST_ADMIN_EMAIL, password: 'x', k: keys });
      expect([wide.res.status, wide.res.body.error.message]).toEqual([
        400,
        `An object in the request body has more than ${MAX_OBJECT_KEYS} members`,
      ]);
      expect(wide.took).toBeLessThan(1_000);
      const many = await login({ email: Array.from({ length: 1_000_000 }, () => 0), password: 'x' });
      expect([many.res.status, many.res.body.error.message]).toEqual([
        400,
        `The request body holds more than ${MAX_JSON_VALUES} values`,
      ]);
      expect(many.took).toBeLessThan(1_000);
      // Within the bounds, 999 unknown members are refused with the first 100 listed (not 999).
      const unknown = await login(Object.fromEntries(Array.from({ length: 999 }, (_, i) => [`k${i}`, [i]])));
      expect(unknown.res.status).toBe(400);
      expect(unknown.res.body.error.details).toHaveLength(100);
    });

    it('still takes the largest legitimate batch: 1,000 events of 64 attributes each', async () => {
      const events = Array.from({ length: 1_000 }, (_, i) =>
        call(
          `c-${i}`,
          'anna',
          moscow('10:00'),
          Object.fromEntries(Array.from({ length: 61 }, (_, j) => [`a${j}`, j])),
        ),
      );
      const res = await api.postEvents({ events });
      expect(res.status).toBe(200);
      expect(await t.count('events')).toBe(1_000);
    });

    it('still takes the deepest legitimate document: a rule-set draft with weights on conditions', async () => {
      const res = await t
        .http()
        .post('/api/rulesets')
        .set('Authorization', admin())
        .send({
          document: {
            ...DEFAULT_RULE_SET,
            name: 'deep weights',
            rules: {
              ...DEFAULT_RULE_SET.rules,
              call: {
                points: 10,
                weights: [{ if: { outcome: { in: ['connected', 'voicemail'] } }, factor: 1.5 }],
              },
            },
          },
        });
      expect(res.status).toBe(201);
    });
  });

  describe('strings PostgreSQL cannot store', () => {
    it('refuses NUL in an event attribute with 400 naming events.3.attributes.note, storing nothing', async () => {
      const events = [0, 1, 2, 3].map((i) => call(`c-${i}`, 'anna', moscow('10:00')));
      events[3] = { ...events[3], attributes: { ...events[3].attributes, note: 'before\u0000after' } };
      const res = await api.postEvents({ events });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details).toEqual([
        { path: 'events.3.attributes.note', message: 'must not contain NUL (U+0000)' },
      ]);
      expect(await t.count('events')).toBe(0);
    });

    it('refuses NUL in an object key and in the source of a single event', async () => {
      const keyed = await api.postEvents(call('c-1', 'anna', moscow('10:00'), { 'no\u0000te': 'x' }));
      expect(keyed.status).toBe(400);
      expect(keyed.body.error.details).toEqual([
        { path: 'attributes', message: 'a key must not contain NUL (U+0000)' },
      ]);
      const source = await api.postEvents({ ...call('c-2', 'anna', moscow('10:00')), externalId: 'x\u0000' });
      expect(source.status).toBe(400);
      expect(source.body.error.details[0].path).toBe('externalId');
      expect(await t.count('events')).toBe(0);
    });

    it('refuses a lone surrogate in a rep name: nothing stored, no audit row, and the month still closes', async () => {
      const team = await api.team('Sales');
      const before = await t.count('audit_log');
      const res = await t
        .http()
        .post('/api/reps')
        .set('Authorization', admin())
        .send({ key: 'anna', name: 'Anna \ud800', teamId: team.id });
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { path: 'name', message: 'must not contain a lone surrogate (not valid Unicode)' },
      ]);
      expect(await t.count('reps')).toBe(0);
      expect(await t.count('audit_log')).toBe(before);

      // A real pair (an emoji) is text like any other.
      const emoji = await t
        .http()
        .post('/api/reps')
        .set('Authorization', admin())
        .send({ key: 'anna', name: 'Anna 🚀', teamId: team.id });
      expect(emoji.status).toBe(201);
      const close = await t.http().post('/api/periods/2026-10/close').set('Authorization', admin());
      expect(close.status).toBe(200);
    });

    it('refuses a body that is not valid UTF-8 instead of storing U+FFFD', async () => {
      const team = await api.team('Sales');
      const body = Buffer.concat([
        Buffer.from(`{"key":"anna","teamId":"${team.id}","name":"Anna `),
        Buffer.from([0xed, 0xa0, 0x80]), // a surrogate encoded in UTF-8: not valid UTF-8
        Buffer.from('"}'),
      ]);
      // fetch sends the bytes as they are (supertest would serialise a Buffer as JSON).
      const res = await fetch(`${baseUrl}/api/reps`, {
        method: 'POST',
        headers: { authorization: admin(), 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('UTF-8');
      // A raw NUL byte (not escaped) is not JSON at all.
      const rawNul = await fetch(`${baseUrl}/api/reps`, {
        method: 'POST',
        headers: { authorization: admin(), 'content-type': 'application/json' },
        body: Buffer.from(`{"key":"anna","teamId":"${team.id}","name":"Anna \u0000"}`),
      });
      expect(rawNul.status).toBe(400);
      expect(await t.count('reps')).toBe(0);
    });

    it('refuses NUL in a query string with 400 naming the parameter', async () => {
      const res = await t.http().get('/api/audit?before=1%00').set('Authorization', admin());
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        { path: 'query.before', message: 'must not contain NUL (U+0000)' },
      ]);
    });
  });

  describe('integers out of range', () => {
    it('answers 400 for GET /api/audit?before= beyond bigint, and pages with the largest bigint', async () => {
      for (const before of ['9223372036854775808', '99999999999999999999999', '0']) {
        const res = await t.http().get(`/api/audit?before=${before}`).set('Authorization', admin());
        expect([before, res.status, res.body.error?.details?.[0]?.path]).toEqual([before, 400, 'before']);
      }
      const max = await t.http().get('/api/audit?before=9223372036854775807').set('Authorization', admin());
      expect(max.status).toBe(200);
    });

    it('refuses a payout line amount beyond 2^53 before looking the payout up', async () => {
      const res = await t
        .http()
        .post('/api/payouts/00000000-0000-4000-8000-000000000000/lines')
        .set('Authorization', admin())
        .send({ amount: 1e20, reason: 'too much' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('amount');
    });
  });

  describe('Socket.IO messages', () => {
    it('answers a deep or NUL board:subscribe with VALIDATION_FAILED and keeps serving', async () => {
      const socket = await live.open();
      // 7,000 arrays deep fits the 16 KB message limit (written as raw text: the client's own
      // JSON.stringify would overflow first).
      const deepAnswer = await rawSubscribe(
        socket,
        `{"period":"month","team":${'['.repeat(7_000)}${']'.repeat(7_000)}}`,
      );
      expect(deepAnswer).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      const send = (payload: unknown) =>
        socket.timeout(10_000).emitWithAck('board:subscribe', payload as { period: 'month' });
      const nul = await send({ period: 'month', scope: 'all\u0000' });
      expect(nul).toMatchObject({
        ok: false,
        error: {
          code: 'VALIDATION_FAILED',
          details: [{ path: 'scope', message: 'must not contain NUL (U+0000)' }],
        },
      });
      const good = await send({ period: 'month' });
      expect(good.ok).toBe(true);
    });
  });
});
