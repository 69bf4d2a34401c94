// Live boards against built app processes on the PostgreSQL server (and Redis for two processes):
// a kill -9 and restart, and two processes behind one "balancer" giving one gap-free stream.
import { client, startApp, type AppProcess } from './app-process.js';
import {
  ADMIN,
  createDatabase,
  deal,
  eventually,
  JWT_SECRET,
  REDIS_URL,
  rowsOf,
  setUpOrg,
  watch,
  type WatchedLiveBoard,
} from './live-helpers.js';

describe('live boards across a kill -9 and restart', () => {
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let app: AppProcess | null = null;
  const watched: WatchedLiveBoard[] = [];

  beforeAll(async () => {
    db = await createDatabase();
  });

  afterAll(async () => {
    for (const w of watched) w.close();
    await app?.stop();
    await db?.drop();
  });

  it('clients reconnect by themselves and converge on the restarted server', async () => {
    const env = {
      DATABASE_URL: db.url,
      JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    };
    app = await startApp(env);
    const { keys, integration, display } = await setUpOrg(app.baseUrl, 6);
    const crm = client(app.baseUrl, integration);
    const tv = watch(app.baseUrl, display, { period: 'month' });
    watched.push(tv);
    await eventually(() => tv.board.state.board !== null, 10_000, 'first snapshot');
    for (let i = 0; i < 20; i++)
      expect((await crm.post('/api/events', deal(`a${i}`, keys[i % 6], 1_000 + i))).status).toBe(200);

    await app.kill9();
    await eventually(() => !tv.board.state.connected, 5_000, 'disconnect noticed');
    const rowsWhileDown = tv.board.state.rows.length;
    expect(rowsWhileDown).toBe(6); // the board stays on screen

    app = await startApp(env, { port: app.port });
    const crm2 = client(app.baseUrl, integration);
    for (let i = 0; i < 20; i++)
      expect((await crm2.post('/api/events', deal(`b${i}`, keys[i % 6], 2_000 + i))).status).toBe(200);
    const login = await client(app.baseUrl).post('/api/auth/login', ADMIN);
    const fresh = client(app.baseUrl, login.body.accessToken);
    let get = (await fresh.get('/api/boards?period=month')).body;
    await eventually(
      () => {
        return (
          tv.board.state.connected &&
          tv.board.state.seq === get.seq &&
          JSON.stringify(rowsOf(tv.board.state)) === JSON.stringify(rowsOf(get))
        );
      },
      20_000,
      'convergence after restart',
    ).catch(async (error) => {
      get = (await fresh.get('/api/boards?period=month')).body;
      expect({ seq: tv.board.state.seq, rows: rowsOf(tv.board.state) }).toEqual({
        seq: get.seq,
        rows: rowsOf(get),
      });
      throw error;
    });
    // Every event acknowledged before the kill is still counted: 40 deals.
    const total = get.rows.reduce((sum: number, r: { milliPoints: number }) => sum + r.milliPoints, 0);
    // 200 points + 10 per 1,000 RUB each, in milli-points: 200,000 + 10 x rubles.
    const expected = [...Array(20).keys()].reduce(
      (sum, i) => sum + (200_000 + 10 * (1_000 + i)) + (200_000 + 10 * (2_000 + i)),
      0,
    );
    expect(total).toBe(expected);
  });
});

describe('two API processes sharing PostgreSQL and Redis', () => {
  let db: Awaited<ReturnType<typeof createDatabase>>;
  const apps: AppProcess[] = [];
  const watched: WatchedLiveBoard[] = [];

  beforeAll(async () => {
    db = await createDatabase();
  });

  afterAll(async () => {
    for (const w of watched) w.close();
    for (const a of apps) await a.stop();
    await db?.drop();
  });

  it('a client on A sees events posted to B with the same seq sequence as a client on B', async () => {
    const env = {
      DATABASE_URL: db.url,
      REDIS_URL,
      JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    };
    apps.push(await startApp(env));
    apps.push(await startApp(env));
    const [a, b] = apps;
    const { keys, integration, display } = await setUpOrg(b.baseUrl, 8);
    const onA = watch(a.baseUrl, display, { period: 'month' });
    const onB = watch(b.baseUrl, display, { period: 'month' });
    watched.push(onA, onB);
    await eventually(
      () => onA.board.state.board !== null && onB.board.state.board !== null,
      15_000,
      'snapshots',
    );

    const crmA = client(a.baseUrl, integration);
    const crmB = client(b.baseUrl, integration);
    for (let i = 0; i < 60; i++) {
      const target = i % 3 === 0 ? crmA : crmB;
      expect(
        (await target.post('/api/events', deal(`d${i}`, keys[i % keys.length], 1_000 + 37 * i))).status,
      ).toBe(200);
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const login = await client(a.baseUrl).post('/api/auth/login', ADMIN);
    const getFrom = async (app: AppProcess) =>
      (await client(app.baseUrl, login.body.accessToken).get('/api/boards?period=month')).body;
    await eventually(
      () =>
        onA.board.state.rows.reduce((s, r) => s + r.milliPoints, 0) ===
          onB.board.state.rows.reduce((s, r) => s + r.milliPoints, 0) &&
        onA.board.state.seq === onB.board.state.seq &&
        onA.deltaSeqs.length > 0 &&
        onA.board.state.seq === onA.deltaSeqs[onA.deltaSeqs.length - 1],
      20_000,
      'both clients at the same seq',
    );
    // Let the last write land everywhere, then compare with both processes' answers.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [getA, getB] = [await getFrom(a), await getFrom(b)];
    expect(rowsOf(getA)).toEqual(rowsOf(getB));
    for (const w of [onA, onB]) {
      expect(rowsOf(w.board.state)).toEqual(rowsOf(getA));
      expect(w.board.state.seq).toBe(getA.seq);
      expect(w.board.state.resyncs).toBe(0);
    }
    // One stream: the same seqs on both processes, each delta one more than what came before it
    // (a snapshot may restate the current seq, or start from a newer one).
    expect(onA.deltaSeqs).toEqual(onB.deltaSeqs);
    for (const w of [onA, onB]) {
      w.stream.forEach(([kind, seq], i) => {
        if (i > 0 && kind === 'd') expect([i, seq]).toEqual([i, w.stream[i - 1][1] + 1]);
      });
    }
  });
});
