import { ApiClient, call, moscow } from '../test-support/api-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useTestApp } from '../test-support/use-test-app.js';

describe('reps, teams and access', () => {
  let t: TestApp;
  let api: ApiClient;
  const admin = (): string => `Bearer ${t.adminToken}`;

  useTestApp((app, client) => {
    t = app;
    api = client;
  });

  async function login(email: string, role: 'rep' | 'manager', repId?: string): Promise<string> {
    const created = await t
      .http()
      .post('/api/users')
      .set('Authorization', admin())
      .send({ email, password: 'Fjord-Pebble-Mango-72', role, repId });
    expect(created.status).toBe(201);
    const res = await t.http().post('/api/auth/login').send({ email, password: 'Fjord-Pebble-Mango-72' });
    return `Bearer ${res.body.accessToken as string}`;
  }

  it('creates, lists, renames and deletes teams; a team with reps cannot be deleted', async () => {
    const team = await api.team('Москва');
    expect(
      (await t.http().post('/api/teams').set('Authorization', admin()).send({ name: 'Москва' })).status,
    ).toBe(409);
    const renamed = await t
      .http()
      .patch(`/api/teams/${team.id}`)
      .set('Authorization', admin())
      .send({ name: 'Moscow' });
    expect(renamed.body).toEqual({ id: team.id, name: 'Moscow' });
    await api.rep('anna@example.com', 'Анна', team.id);
    const refused = await t.http().delete(`/api/teams/${team.id}`).set('Authorization', admin());
    expect(refused.status).toBe(409);
    const empty = await api.team('Empty');
    expect((await t.http().delete(`/api/teams/${empty.id}`).set('Authorization', admin())).status).toBe(204);
    const list = await t.http().get('/api/teams').set('Authorization', admin());
    expect(list.body).toEqual([{ id: team.id, name: 'Moscow' }]);
  });

  it('validates rep bodies with 400 VALIDATION_FAILED per field, refusing unknown fields', async () => {
    const team = await api.team('T');
    const res = await t
      .http()
      .post('/api/reps')
      .set('Authorization', admin())
      .send({ key: '', name: 'X', teamId: team.id, colour: 'red' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    const paths = (res.body.error.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['key', 'colour']));
    expect(
      (
        await t
          .http()
          .post('/api/reps')
          .set('Authorization', admin())
          .send({ key: 'k', name: 'X', teamId: '00000000-0000-4000-8000-000000000000' })
      ).status,
    ).toBe(404);
    await api.rep('dup@example.com', 'Dup', team.id);
    expect(
      (
        await t
          .http()
          .post('/api/reps')
          .set('Authorization', admin())
          .send({ key: 'dup@example.com', name: 'Y', teamId: team.id })
      ).status,
    ).toBe(409);
  });

  it('updates a rep, deactivates a rep with events instead of deleting it, deletes one without', async () => {
    const team = await api.team('T');
    const other = await api.team('U');
    const anna = await api.rep('anna@example.com', 'Анна', team.id);
    const boris = await api.rep('boris@example.com', 'Борис', team.id);
    await api.ingest([call('c1', 'anna@example.com', moscow('10:00'))]);

    const moved = await t
      .http()
      .patch(`/api/reps/${anna.id}`)
      .set('Authorization', admin())
      .send({ teamId: other.id, region: 'Москва' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ teamId: other.id, region: 'Москва' });
    const board = await api.board(`period=month&team=${other.id}&at=2026-11-18T12:00:00%2B03:00`);
    expect(board.rows.map((r) => [r.repId, r.points])).toEqual([[anna.id, 12]]);

    const deactivated = await t.http().delete(`/api/reps/${anna.id}`).set('Authorization', admin());
    expect(deactivated.body).toEqual({ deleted: false, deactivated: true });
    expect(await t.count('reps')).toBe(2);
    expect((await api.board('period=month&at=2026-11-18T12:00:00%2B03:00')).rows.map((r) => r.repId)).toEqual(
      [boris.id],
    );
    const deleted = await t.http().delete(`/api/reps/${boris.id}`).set('Authorization', admin());
    expect(deleted.body).toEqual({ deleted: true, deactivated: false });
    expect(await t.count('reps')).toBe(1);
    expect((await t.scoring.rebuild()).differences).toEqual([]);
  });

  it('takes a photo URL (http or https, or null to clear) and carries it to the board rows', async () => {
    const team = await api.team('T');
    const boardAt = 'period=month&at=2026-11-18T12:00:00%2B03:00';
    const created = await t.http().post('/api/reps').set('Authorization', admin()).send({
      key: 'anna@example.com',
      name: 'Анна',
      teamId: team.id,
      photoUrl: 'https://cdn.example.com/a.jpg',
    });
    expect(created.status).toBe(201);
    expect(created.body.photoUrl).toBe('https://cdn.example.com/a.jpg');
    const id = created.body.id as string;
    expect((await api.board(boardAt)).rows.map((r) => [r.repId, r.photoUrl])).toEqual([
      [id, 'https://cdn.example.com/a.jpg'],
    ]);

    for (const photoUrl of [
      'javascript:alert(1)',
      'ftp://files.example.com/a.jpg',
      'data:image/png;base64,AAAA',
      '/photos/a.jpg',
      'cdn.example.com/a.jpg',
      '',
      42,
    ]) {
      const refused = await t
        .http()
        .patch(`/api/reps/${id}`)
        .set('Authorization', admin())
        .send({ photoUrl });
      expect([photoUrl, refused.status, refused.body.error.code]).toEqual([
        photoUrl,
        400,
        'VALIDATION_FAILED',
      ]);
      expect((refused.body.error.details as Array<{ path: string }>).map((d) => d.path)).toContain(
        'photoUrl',
      );
    }
    expect((await t.http().get(`/api/reps/${id}`).set('Authorization', admin())).body.photoUrl).toBe(
      'https://cdn.example.com/a.jpg',
    );

    // An intranet host without a top-level domain is a fine photo server.
    const intranet = await t
      .http()
      .patch(`/api/reps/${id}`)
      .set('Authorization', admin())
      .send({ photoUrl: 'http://photos/anna.png' });
    expect([intranet.status, intranet.body.photoUrl]).toEqual([200, 'http://photos/anna.png']);
    expect((await api.board(boardAt)).rows[0]?.photoUrl).toBe('http://photos/anna.png');

    const cleared = await t
      .http()
      .patch(`/api/reps/${id}`)
      .set('Authorization', admin())
      .send({ photoUrl: null });
    expect([cleared.status, cleared.body.photoUrl]).toEqual([200, null]);
    expect((await api.board(boardAt)).rows[0]?.photoUrl).toBeNull();
    // A rep created without one has none.
    const boris = await api.rep('boris@example.com', 'Борис', team.id);
    expect(boris.photoUrl).toBeNull();
  });

  it('asks for a token everywhere but login, health and docs', async () => {
    for (const [method, path] of [
      ['get', '/api/boards'],
      ['post', '/api/events'],
      ['get', '/api/reps'],
      ['get', '/api/teams'],
      ['get', '/api/rulesets'],
    ] as const) {
      const res = await t.http()[method](path);
      expect([path, res.status]).toEqual([path, 401]);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
    }
    expect((await t.http().get('/api/health')).status).toBe(200);
    expect((await t.http().get('/api/docs-json')).status).toBe(200);
    expect((await t.http().get('/api/docs')).status).toBe(200);
  });

  it('lets a rep read boards and their own breakdown only, and nothing a manager does', async () => {
    const team = await api.team('T');
    const anna = await api.rep('anna@example.com', 'Анна', team.id);
    const boris = await api.rep('boris@example.com', 'Борис', team.id);
    const rep = await login('anna.login@example.com', 'rep', anna.id);
    expect((await t.http().get('/api/boards').set('Authorization', rep)).status).toBe(200);
    expect((await t.http().get(`/api/reps/${anna.id}/breakdown`).set('Authorization', rep)).status).toBe(200);
    const other = await t.http().get(`/api/reps/${boris.id}/breakdown`).set('Authorization', rep);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('FORBIDDEN');
    expect((await t.http().post('/api/teams').set('Authorization', rep).send({ name: 'X' })).status).toBe(
      403,
    );
    expect(
      (
        await t
          .http()
          .post('/api/reps')
          .set('Authorization', rep)
          .send({ key: 'x', name: 'X', teamId: team.id })
      ).status,
    ).toBe(403);
    expect((await t.http().get('/api/rulesets').set('Authorization', rep)).status).toBe(403);
    expect(
      (
        await t
          .http()
          .post('/api/events')
          .set('Authorization', rep)
          .send(call('r1', 'anna@example.com', moscow('10:00')))
      ).status,
    ).toBe(403);

    const manager = await login('boss@example.com', 'manager');
    expect((await t.http().get(`/api/reps/${boris.id}/breakdown`).set('Authorization', manager)).status).toBe(
      200,
    );
    expect(
      (await t.http().post('/api/teams').set('Authorization', manager).send({ name: 'New' })).status,
    ).toBe(201);
    expect((await t.http().get('/api/rulesets').set('Authorization', manager)).status).toBe(200);
    // The integration token sends events only.
    expect(
      (await t.http().get('/api/boards').set('Authorization', `Bearer ${t.integrationToken}`)).status,
    ).toBe(403);
  });

  it('answers errors in the one error body', async () => {
    const malformed = await t
      .http()
      .post('/api/events')
      .set('Authorization', admin())
      .set('Content-Type', 'application/json')
      .send('{"events": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('VALIDATION_FAILED');
    const huge = await t
      .http()
      .post('/api/events')
      .set('Authorization', admin())
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ events: [], pad: 'x'.repeat(6 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('VALIDATION_FAILED');
    const missing = await t.http().get('/api/nothing-here').set('Authorization', admin());
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String), details: [] } });
  });
});
