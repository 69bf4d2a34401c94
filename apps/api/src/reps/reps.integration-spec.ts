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

  it('takes a public http(s) photo URL (or null to clear) and carries it to the board rows', async () => {
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

    // Every screen loads it: no credentials, no loopback, private, link-local or odd-form address.
    for (const photoUrl of [
      'http://user:pass@cdn.example.com/a.jpg',
      'http://localhost/a.jpg',
      'http://127.0.0.1:3000/a.jpg',
      'http://2130706433/a.jpg',
      'http://0x7f.0.0.1/a.jpg',
      'http://10.0.0.5/a.jpg',
      'http://172.16.0.1/a.jpg',
      'http://192.168.1.1/a.jpg',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/a.jpg',
      'http://[::1]/a.jpg',
      'http://[fd00::1]/a.jpg',
      'http://[fe80::1]/a.jpg',
      'http://[::ffff:127.0.0.1]/a.jpg',
      'http://photos/anna.png',
      `https://cdn.example.com/${'a'.repeat(1000)}.jpg`,
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
      expect(refused.body.error.details).toEqual([{ path: 'photoUrl', message: expect.any(String) }]);
      expect(refused.body.error.details[0].message).toMatch(/^photoUrl must /);
    }
    const refusedOnCreate = await t.http().post('/api/reps').set('Authorization', admin()).send({
      key: 'vera@example.com',
      name: 'Вера',
      teamId: team.id,
      photoUrl: 'http://admin:secret@192.168.0.10/cam.jpg',
    });
    expect([refusedOnCreate.status, refusedOnCreate.body.error.details[0].path]).toEqual([400, 'photoUrl']);
    expect((await api.board(boardAt)).rows[0]?.photoUrl).toBe('https://cdn.example.com/a.jpg');
    const publicHost = await t
      .http()
      .patch(`/api/reps/${id}`)
      .set('Authorization', admin())
      .send({ photoUrl: 'http://photos.example.org:8080/anna.png?s=64' });
    expect([publicHost.status, publicHost.body.photoUrl]).toEqual([
      200,
      'http://photos.example.org:8080/anna.png?s=64',
    ]);
    expect((await api.board(boardAt)).rows[0]?.photoUrl).toBe('http://photos.example.org:8080/anna.png?s=64');

    // A row stored before the check (written directly here) never reaches a screen.
    await t.dataSource.query(`UPDATE reps SET photo_url = 'http://127.0.0.1/x.jpg' WHERE id = $1`, [id]);
    await t.scoring.rebuild();
    expect((await api.board(boardAt)).rows[0]?.photoUrl).toBeNull();

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

  it('shows displays and other reps the public view of a rep; managers and the rep themselves the whole', async () => {
    const team = await api.team('T');
    const full = {
      teamId: team.id,
      region: 'Moscow',
      photoUrl: 'https://cdn.example.com/a.jpg',
      startedOn: '2025-03-17',
      workingHours: { start: '09:00', end: '18:00', weekdays: [1, 2, 3, 4, 5], outsideFactor: 0 },
    };
    const create = async (key: string, name: string) => {
      const res = await t
        .http()
        .post('/api/reps')
        .set('Authorization', admin())
        .send({ key, name, email: key, ...full });
      expect(res.status).toBe(201);
      return res.body as { id: string };
    };
    const anna = await create('anna@example.com', 'Анна');
    const boris = await create('boris@example.com', 'Борис');
    const display = await t
      .http()
      .post('/api/tokens')
      .set('Authorization', admin())
      .send({ kind: 'display', name: 'TV' });
    const tv = `Bearer ${display.body.token as string}`;
    const rep = await login('anna.views@example.com', 'rep', anna.id);
    const manager = await login('views.boss@example.com', 'manager');

    const publicView = (id: string, name: string) => ({
      id,
      name,
      teamId: team.id,
      photoUrl: full.photoUrl,
      active: true,
    });
    const fullView = (id: string, key: string, name: string) => ({
      id,
      key,
      name,
      email: key,
      ...full,
      active: true,
    });
    const list = async (token: string) =>
      (await t.http().get('/api/reps').set('Authorization', token)).body as unknown[];
    const one = async (token: string, id: string) =>
      (await t.http().get(`/api/reps/${id}`).set('Authorization', token)).body as unknown;

    expect(await list(tv)).toEqual([publicView(anna.id, 'Анна'), publicView(boris.id, 'Борис')]);
    expect(await one(tv, boris.id)).toEqual(publicView(boris.id, 'Борис'));
    expect(await list(rep)).toEqual([
      fullView(anna.id, 'anna@example.com', 'Анна'),
      publicView(boris.id, 'Борис'),
    ]);
    expect(await one(rep, boris.id)).toEqual(publicView(boris.id, 'Борис'));
    expect(await one(rep, anna.id)).toEqual(fullView(anna.id, 'anna@example.com', 'Анна'));
    for (const token of [manager, admin()]) {
      expect(await list(token)).toEqual([
        fullView(anna.id, 'anna@example.com', 'Анна'),
        fullView(boris.id, 'boris@example.com', 'Борис'),
      ]);
    }
    // An integration sends events only.
    expect(
      (await t.http().get('/api/reps').set('Authorization', `Bearer ${t.integrationToken}`)).status,
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
