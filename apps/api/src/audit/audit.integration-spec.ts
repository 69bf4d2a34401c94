import type { AuditEntry, RuleSetView } from '@leaderboard/contracts';
import { DEFAULT_RULE_SET } from '@leaderboard/scoring';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

describe('audit log', () => {
  let t: TestApp;

  useTestApp((app) => {
    t = app;
  });

  const as = (token: string) => ({
    get: (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: object) =>
      t.http().post(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  async function login(email: string, password: string): Promise<string> {
    const res = await t.http().post('/api/auth/login').send({ email, password });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  it('records who changed what and when, newest first, secrets redacted, refusals not at all', async () => {
    const admin = as(t.adminToken);
    const email = `manager-${Date.now()}@example.com`;
    const createdUser = await admin.post('/api/users', {
      email,
      password: 'Ember-Canyon-Lotus-31',
      role: 'manager',
    });
    expect(createdUser.status).toBe(201);
    const manager = as(await login(email, 'Ember-Canyon-Lotus-31'));

    const started = Date.now();
    const draft = await manager.post('/api/rulesets', {
      document: { ...DEFAULT_RULE_SET, name: 'Calls count more' },
    });
    expect(draft.status).toBe(201);
    const id = (draft.body as RuleSetView).id;
    // Refused: not a date. Nothing of it may appear in the log.
    expect((await manager.post(`/api/rulesets/${id}/publish`, { effectiveFrom: 'soon' })).status).toBe(400);
    const published = await manager.post(`/api/rulesets/${id}/publish`, {
      effectiveFrom: '2026-11-01T00:00:00+03:00',
    });
    expect(published.status).toBe(200);
    const token = await admin.post('/api/tokens', { kind: 'display', name: 'Floor TV' });
    expect(token.status).toBe(201);
    expect((await admin.post(`/api/tokens/${token.body.id}/revoke`, {})).status).toBe(200);

    const res = await manager.get('/api/audit');
    expect(res.status).toBe(200);
    const log = res.body as AuditEntry[];
    expect(log.map((e) => [e.action, e.actor.name, e.subjectId])).toEqual([
      ['token.revoke', 'admin@example.com', token.body.id],
      ['token.create', 'admin@example.com', token.body.id],
      ['ruleset.publish', email, id],
      ['ruleset.create', email, id],
      ['user.create', 'admin@example.com', createdUser.body.id],
    ]);
    expect(log[2].details).toEqual({ effectiveFrom: '2026-11-01T00:00:00+03:00' });
    expect(log[2].actor.kind).toBe('manager');
    expect(Date.parse(log[0].at)).toBeGreaterThanOrEqual(started - 1000);
    expect(log[4].details).toMatchObject({ email, password: '[redacted]', role: 'manager' });
    expect(JSON.stringify(log)).not.toContain('Ember-Canyon-Lotus-31');
    expect(JSON.stringify(log)).not.toContain(token.body.token);

    // Paging back from an entry.
    const older = await manager.get(`/api/audit?limit=2&before=${log[1].id}`);
    expect((older.body as AuditEntry[]).map((e) => e.action)).toEqual(['ruleset.publish', 'ruleset.create']);
  });

  it('is append-only and closed to reps and displays', async () => {
    await as(t.adminToken).post('/api/teams', { name: 'Москва' });
    expect(await t.count('audit_log')).toBe(1);
    // The app's role has no UPDATE, DELETE or TRUNCATE on it (the trigger is the second guard).
    await expect(t.dataSource.query("UPDATE audit_log SET action = 'nothing'")).rejects.toThrow(
      /permission denied for table audit_log/,
    );
    await expect(t.dataSource.query('DELETE FROM audit_log')).rejects.toThrow(
      /permission denied for table audit_log/,
    );
    await expect(t.dataSource.query('TRUNCATE audit_log')).rejects.toThrow(
      /permission denied for table audit_log/,
    );
    const [who] = await t.dataSource.query<Array<{ current_user: string }>>('SELECT current_user');
    expect(who.current_user).toBe('leaderboard_app');
    // Even as the login role, the trigger refuses.
    await expect(
      t.dataSource.transaction(async (m) => {
        await m.query('SET LOCAL ROLE NONE');
        await m.query("UPDATE audit_log SET action = 'nothing'");
      }),
    ).rejects.toThrow(/append-only/);
    expect(await t.count('audit_log', "action = 'team.create'")).toBe(1);

    const display = await as(t.adminToken).post('/api/tokens', { kind: 'display', name: 'TV' });
    expect((await as(display.body.token).get('/api/audit')).status).toBe(403);
    expect((await t.http().get('/api/audit')).status).toBe(401);
    expect((await as(t.adminToken).get('/api/audit?limit=0')).status).toBe(400);
  });
});
