import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { LiveService } from '../live/live.service.js';
import type { ApiClient } from '../test-support/api-client.js';
import { eventually, subscribe, type TestSocket } from '../test-support/live-client.js';
import type { TestApp } from '../test-support/test-app.js';
import { useLiveTestApp } from '../test-support/use-test-app.js';

jest.setTimeout(60_000);

const PASSWORD = 'Otter-Lantern-Quarry-91';

/**
 * Issue 13, item 6: a session ends with its reason. Disabling a user, changing their role or
 * password voids the tokens issued before (REST and live sockets, at once), a revoked display
 * token's sockets close, and a token without `exp` (or living longer than configured) is refused.
 */
describe('session revocation', () => {
  let t: TestApp;
  let api: ApiClient;
  const { open } = useLiveTestApp((app, client) => {
    t = app;
    api = client;
  });

  const admin = () => ['Authorization', `Bearer ${t.adminToken}`] as const;

  /** A manager login and its token. */
  const manager = async (email: string): Promise<{ id: string; token: string }> => {
    const created = await t
      .http()
      .post('/api/users')
      .set(...admin())
      .send({ email, password: PASSWORD, role: 'manager' })
      .expect(201);
    const login = await t.http().post('/api/auth/login').send({ email, password: PASSWORD }).expect(200);
    return {
      id: (created.body as { id: string }).id,
      token: (login.body as { accessToken: string }).accessToken,
    };
  };

  const whoami = (token: string) => t.http().get('/api/auth/whoami').set('Authorization', `Bearer ${token}`);

  /** Resolves with the time the server closed the socket; rejects if it stays open `withinMs`. */
  const closedBy = (socket: TestSocket, withinMs = 3_000): Promise<number> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`socket still open after ${withinMs} ms`)), withinMs);
      socket.once('disconnect', () => {
        clearTimeout(timer);
        resolve(Date.now());
      });
    });

  it('disabling a user closes their live socket at once; neither it nor REST works after', async () => {
    const { id, token } = await manager('leaver@example.com');
    const socket = await open(token);
    expect(await subscribe(socket, { period: 'month' })).toMatchObject({ ok: true });
    const closed = closedBy(socket);

    const started = Date.now();
    await t
      .http()
      .patch(`/api/users/${id}`)
      .set(...admin())
      .send({ disabled: true })
      .expect(200);
    expect((await closed) - started).toBeLessThan(1_000);
    expect(socket.connected).toBe(false);

    await expect(open(token)).rejects.toThrow(/invalid, expired or revoked/);
    await whoami(token).expect(401);
    // Enabling again lets the user log in; the old token stays void.
    await t
      .http()
      .patch(`/api/users/${id}`)
      .set(...admin())
      .send({ disabled: false })
      .expect(200);
    await whoami(token).expect(401);
    await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'leaver@example.com', password: PASSWORD })
      .expect(200);
  });

  it('a password change voids the tokens issued before, on REST and on sockets; a new login works', async () => {
    const { id, token } = await manager('changer@example.com');
    await whoami(token).expect(200);
    const socket = await open(token);
    const closed = closedBy(socket);

    await t
      .http()
      .patch(`/api/users/${id}`)
      .set(...admin())
      .send({ password: 'Heron-Basalt-Violin-37' })
      .expect(200);
    await closed;
    await whoami(token).expect(401);
    await expect(open(token)).rejects.toThrow(/invalid, expired or revoked/);

    const fresh = await t
      .http()
      .post('/api/auth/login')
      .send({ email: 'changer@example.com', password: 'Heron-Basalt-Violin-37' })
      .expect(200);
    await whoami((fresh.body as { accessToken: string }).accessToken).expect(200);
  });

  it('a role change ends the sessions issued for the old role', async () => {
    const { id, token } = await manager('promoted@example.com');
    const socket = await open(token);
    const closed = closedBy(socket);
    await t
      .http()
      .patch(`/api/users/${id}`)
      .set(...admin())
      .send({ role: 'admin', password: 'Granite-Harbor-Pelican-58' })
      .expect(200);
    await closed;
    await whoami(token).expect(401);
  });

  it('a change made by another process (no Redis to tell this one) stops new subscriptions and closes the socket at the next re-check', async () => {
    const { id, token } = await manager('elsewhere@example.com');
    const socket = await open(token);
    expect(await subscribe(socket, { period: 'month' })).toMatchObject({ ok: true });

    // What another process's PATCH { disabled: true } leaves behind (it also bumps the version).
    await t.dataSource.query(`UPDATE users SET disabled_at = now() WHERE id = $1`, [id]);
    // This process's cache of the row lives 5 s (ACTIVE_USER_CACHE_MS): the bound for a subscribe.
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    const closed = closedBy(socket);
    const refused = await subscribe(socket, { period: 'week' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    await closed;

    // The periodic re-check closes a socket that subscribes to nothing new.
    const { id: other, token: otherToken } = await manager('quiet@example.com');
    const quiet = await open(otherToken);
    await t.dataSource.query(`UPDATE users SET session_version = session_version + 1 WHERE id = $1`, [other]);
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    const quietClosed = closedBy(quiet);
    await t.app.get(LiveService).recheckSessions();
    await quietClosed;
  });

  it('a revoked display token closes its sockets at once, and a revocation by another process at the next re-check', async () => {
    const create = async (name: string) =>
      (
        await t
          .http()
          .post('/api/tokens')
          .set(...admin())
          .send({ kind: 'display', name })
          .expect(201)
      ).body as { id: string; token: string };
    const lobby = await create('Lobby TV');
    const socket = await open(lobby.token);
    const closed = closedBy(socket);
    await t
      .http()
      .post(`/api/tokens/${lobby.id}/revoke`)
      .set(...admin())
      .expect(200);
    await closed;
    await expect(open(lobby.token)).rejects.toThrow(/invalid, expired or revoked/);

    const floor = await create('Floor TV');
    const tv = await open(floor.token);
    expect(await subscribe(tv, { period: 'today' })).toMatchObject({ ok: true });
    await t.dataSource.query(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1`, [floor.id]);
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    const tvClosed = closedBy(tv);
    await t.app.get(LiveService).recheckSessions();
    await tvClosed;
  });

  it('refuses a token without exp, and one living longer than JWT_TTL_SECONDS, on REST and sockets', async () => {
    const { id } = await manager('forever@example.com');
    const jwt = t.app.get(JwtService);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: id, role: 'manager', repId: null, ver: 0 };
    // Signed with the app's own secret: only the missing or too distant expiry is wrong.
    const noExp = new JwtService({ secret: 'test-secret-test-secret-test-secret-0123456789' }).sign(claims);
    const tooLong = jwt.sign({ ...claims, iat: now }, { expiresIn: 30 * 24 * 3600 });
    const fine = jwt.sign({ ...claims, iat: now });
    await whoami(fine).expect(200);
    for (const token of [noExp, tooLong]) {
      const res = await whoami(token).expect(401);
      expect(res.body).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      await expect(open(token)).rejects.toThrow(/invalid, expired or revoked/);
    }
  });

  it('a live socket keeps working for a user whose sessions did not change', async () => {
    const team = await api.team('North');
    await api.rep('r1', 'Rep One', team.id);
    const { token } = await manager('stays@example.com');
    const socket = await open(token);
    await t.app.get(LiveService).recheckSessions();
    await eventually(() => socket.connected);
    expect(await subscribe(socket, { period: 'month' })).toMatchObject({ ok: true });
  });
});
