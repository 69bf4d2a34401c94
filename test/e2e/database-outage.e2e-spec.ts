import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import pg from 'pg';
import { TEST_SETTINGS } from '../test-settings.js';
import { client, freePort, startApp, type AppProcess } from './app-process.js';

const ADMIN = { email: 'admin@example.com', password: 'correct horse battery' };

/**
 * A TCP proxy the test owns between the app and PostgreSQL: `cut` closes the listener and every
 * open connection (the app sees its connections terminated and new ones refused, as when the
 * server is down), `restore` listens again on the same port.
 */
class CuttableProxy {
  private server: Server | null = null;
  private readonly open = new Set<Socket>();

  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<void> {
    const server = createServer((downstream) => {
      const upstream = connectTcp(this.target.port, this.target.host);
      for (const socket of [downstream, upstream]) {
        this.open.add(socket);
        socket.on('close', () => this.open.delete(socket));
        socket.on('error', () => undefined);
      }
      downstream.pipe(upstream).pipe(downstream);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    this.server = null;
    const closed = new Promise((resolve) => server.close(resolve));
    for (const socket of this.open) socket.destroy();
    await closed;
  }
}

describe('PostgreSQL unreachable: 503 with Retry-After, then back to normal (issue 13, item 10)', () => {
  const base = new URL(TEST_SETTINGS.databaseUrl);
  const database = `${base.pathname.slice(1) || 'leaderboard_test'}_outage_${process.pid}`;
  const adminUrl = new URL(TEST_SETTINGS.databaseUrl);
  adminUrl.pathname = '/postgres';
  let proxy: CuttableProxy;
  let app: AppProcess;

  const sql = async (statement: string): Promise<void> => {
    const c = new pg.Client({ connectionString: adminUrl.toString() });
    await c.connect();
    await c.query(statement);
    await c.end();
  };

  beforeAll(async () => {
    await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await sql(`CREATE DATABASE "${database}"`);
    proxy = new CuttableProxy(await freePort(), {
      host: base.hostname,
      port: Number(base.port || 5432),
    });
    await proxy.start();
    const viaProxy = new URL(TEST_SETTINGS.databaseUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    viaProxy.pathname = `/${database}`;
    app = await startApp({
      DATABASE_URL: viaProxy.toString(),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      JWT_SECRET: 'outage-test-secret-outage-test-secret-0123',
    });
  });

  afterAll(async () => {
    await app?.stop();
    await proxy?.cut();
    await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  });

  it('answers events, boards, login and health with 503 UNAVAILABLE and Retry-After while it is down', async () => {
    const login = await client(app.baseUrl).post('/api/auth/login', ADMIN);
    expect(login.status).toBe(200);
    const admin = client(app.baseUrl, login.body.accessToken);
    const token = await admin.post('/api/tokens', { kind: 'integration', name: 'crm' });
    expect(token.status).toBe(201);
    const team = await admin.post('/api/teams', { name: 'Sales' });
    expect((await admin.post('/api/reps', { key: 'anna', name: 'Anna', teamId: team.body.id })).status).toBe(
      201,
    );
    const event = (externalId: string) => ({
      source: 'crm',
      externalId,
      type: 'opportunity_created',
      rep: 'anna',
      occurredAt: new Date().toISOString(),
      attributes: { amount: 100_000 },
    });
    const send = (externalId: string) =>
      fetch(`${app.baseUrl}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token.body.token}` },
        body: JSON.stringify(event(externalId)),
      });
    expect((await send('before')).status).toBe(200);

    await proxy.cut();
    const requests: Array<[string, () => Promise<Response>]> = [
      ['events', () => send('during')],
      [
        'boards',
        () =>
          fetch(`${app.baseUrl}/api/boards?period=month`, {
            headers: { authorization: `Bearer ${login.body.accessToken}` },
          }),
      ],
      [
        'login',
        () =>
          fetch(`${app.baseUrl}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(ADMIN),
          }),
      ],
    ];
    for (const [name, request] of requests) {
      const res = await request();
      const body = (await res.json()) as { error?: { code: string } };
      expect([name, res.status, res.headers.get('retry-after'), body.error?.code]).toEqual([
        name,
        503,
        '5',
        'UNAVAILABLE',
      ]);
    }
    const health = await fetch(`${app.baseUrl}/api/health`);
    expect([health.status, health.headers.get('retry-after')]).toEqual([503, '5']);

    await proxy.start();
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${app.baseUrl}/api/health`)).status !== 200) {
      if (Date.now() > deadline) throw new Error(`health did not recover:\n${app.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect((await send('after')).status).toBe(200);
    const board = await admin.get('/api/boards?period=month');
    expect(board.status).toBe(200);
  });
});
