import type { BurnoutResponse, EventInput } from '@leaderboard/contracts';
import { ApiClient, call, moscow } from '../test-support/api-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

const WINDOW = 'from=2026-11-12&to=2026-11-18';

describe('GET /api/burnout', () => {
  let t: TestApp;
  let api: ApiClient;

  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  const get = (path: string, token: string = t.adminToken) =>
    t.http().get(path).set('Authorization', `Bearer ${token}`);

  async function userToken(role: 'manager' | 'rep', repId?: string): Promise<string> {
    const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
    const created = await t
      .http()
      .post('/api/users')
      .set('Authorization', `Bearer ${t.adminToken}`)
      .send({ email, password: 'Indigo-Raven-Spoke-29', role, ...(repId ? { repId } : {}) });
    expect(created.status).toBe(201);
    const login = await t.http().post('/api/auth/login').send({ email, password: 'Indigo-Raven-Spoke-29' });
    expect(login.status).toBe(200);
    return login.body.accessToken as string;
  }

  /** Anna calls at 21:30 Monday to Wednesday (after 19:00: after hours); Boris once at 10:00. */
  async function lateWeek() {
    const team = await api.team('Москва');
    const anna = await api.rep('anna@example.com', 'Анна Смирнова', team.id);
    const boris = await api.rep('boris@example.com', 'Борис Петров', team.id);
    const late: EventInput[] = [16, 17, 18].map((day) =>
      call(`late-${day}`, 'anna@example.com', moscow('21:30', day)),
    );
    await api.ingest([...late, call('b1', 'boris@example.com', moscow('10:00', 18))]);
    return { team, anna, boris };
  }

  it('lists the flagged rep first with the reason, every day of the window, and drops the flag after a void', async () => {
    const { anna, boris } = await lateWeek();
    const res = await get(`/api/burnout?${WINDOW}`);
    expect(res.status).toBe(200);
    const body = res.body as BurnoutResponse;
    expect(body).toMatchObject({
      from: '2026-11-12',
      to: '2026-11-18',
      timezone: 'Europe/Moscow',
      thresholds: { capStreakDays: 5, afterHoursStreakDays: 3 },
    });
    expect(body.reps.map((r) => [r.repId, r.flagged])).toEqual([
      [anna.id, true],
      [boris.id, false],
    ]);
    expect(body.reps[0].flags).toEqual([{ kind: 'after_hours_streak', days: 3, threshold: 3 }]);
    expect(body.reps[0].days.map((d) => d.day)).toEqual([
      '2026-11-12',
      '2026-11-13',
      '2026-11-14',
      '2026-11-15',
      '2026-11-16',
      '2026-11-17',
      '2026-11-18',
    ]);
    expect(body.reps[0].days.map((d) => d.afterHoursEvents)).toEqual([0, 0, 0, 0, 1, 1, 1]);
    // After-hours calls earn 0 under the default rule set (outsideFactor 0): no cap is near.
    expect(body.reps[0].days[4].caps).toEqual([
      {
        category: 'calls',
        capMilliPoints: 300_000,
        usedMilliPoints: 0,
        attemptedMilliPoints: 0,
        reached: false,
      },
    ]);

    await api.ingest([
      {
        source: 'telephony',
        externalId: 'void-late-17',
        type: 'void',
        rep: 'anna@example.com',
        occurredAt: moscow('09:00', 19),
        attributes: {},
        voids: { source: 'telephony', externalId: 'late-17' },
      },
    ]);
    const after = (await get(`/api/burnout?${WINDOW}`)).body as BurnoutResponse;
    expect(after.reps.every((r) => !r.flagged)).toBe(true);
    expect(after.reps.find((r) => r.repId === anna.id)?.days.map((d) => d.afterHoursStreak)).toEqual([
      0, 0, 0, 0, 1, 0, 1,
    ]);
  });

  it('defaults to the two weeks ending today and filters by team', async () => {
    const { team } = await lateWeek();
    const other = await api.team('London');
    await api.rep('emily@example.com', 'Emily Carter', other.id);
    const res = await get('/api/burnout');
    expect(res.status).toBe(200);
    const todayInMoscow = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
    expect(res.body.to).toBe(todayInMoscow);
    expect(res.body.reps[0].days).toHaveLength(14);
    expect(res.body.reps).toHaveLength(3);
    const teamOnly = await get(`/api/burnout?${WINDOW}&team=${team.id}`);
    expect(teamOnly.body.reps.map((r: { name: string }) => r.name)).toEqual([
      'Анна Смирнова',
      'Борис Петров',
    ]);
  });

  it('is for managers; a rep reads only their own', async () => {
    const { anna, boris } = await lateWeek();
    const manager = await userToken('manager');
    expect((await get(`/api/burnout?${WINDOW}`, manager)).status).toBe(200);

    const rep = await userToken('rep', anna.id);
    const refused = await get(`/api/burnout?${WINDOW}`, rep);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');

    const own = await get(`/api/reps/${anna.id}/burnout?${WINDOW}`, rep);
    expect(own.status).toBe(200);
    expect(own.body.reps.map((r: { repId: string; flagged: boolean }) => [r.repId, r.flagged])).toEqual([
      [anna.id, true],
    ]);
    const others = await get(`/api/reps/${boris.id}/burnout?${WINDOW}`, rep);
    expect(others.status).toBe(403);
    expect(others.body.error.code).toBe('FORBIDDEN');

    expect((await get(`/api/reps/${boris.id}/burnout?${WINDOW}`, manager)).body.reps[0].repId).toBe(boris.id);
    const unknown = await get(`/api/reps/5b0c6f7e-1c1a-4e55-9a55-0c0de0000009/burnout`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await t.http().get(`/api/burnout?${WINDOW}`)).status).toBe(401);
    expect((await get(`/api/burnout?${WINDOW}`, t.integrationToken)).status).toBe(403);
  });

  it('refuses a bad window with the SPEC 9 error body', async () => {
    const cases: Array<[string, string]> = [
      ['from=16.11.2026&to=2026-11-18', 'from'],
      ['from=2026-02-30&to=2026-03-02', 'from'],
      ['from=2026-11-18&to=2026-13-01', 'to'],
      ['from=2026-11-18&to=2026-11-17', 'to'],
      ['from=2026-01-01&to=2026-11-18', 'from'],
      [`${WINDOW}&team=not-a-uuid`, 'team'],
      [`${WINDOW}&rep=x`, 'rep'],
    ];
    for (const [query, path] of cases) {
      const res = await get(`/api/burnout?${query}`);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body).toEqual({
        error: {
          code: 'VALIDATION_FAILED',
          message: expect.any(String),
          details: expect.arrayContaining([expect.objectContaining({ path })]),
        },
      });
    }
    // 92 days is the longest window.
    expect((await get('/api/burnout?from=2026-08-19&to=2026-11-18')).status).toBe(200);
    expect((await get('/api/burnout?from=2026-08-18&to=2026-11-18')).status).toBe(400);
  });
});
