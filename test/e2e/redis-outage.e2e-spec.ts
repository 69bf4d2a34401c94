// Redis is a cache of fan-out, not a source of truth: two API processes on one PostgreSQL database
// ride through a Redis outage under load, and a process starts while Redis is down. Each test runs
// its own redis-server on a port of its own, and stops and starts it.
import type { BoardSubscription } from '@leaderboard/contracts';
import { client, freePort, startApp, type AppProcess } from './app-process.js';
import {
  ADMIN,
  createDatabase,
  deal,
  eventually,
  JWT_SECRET,
  rowsOf,
  setUpOrg,
  watch,
  type WatchedLiveBoard,
} from './live-helpers.js';
import { startRedis, type RedisProcess } from './redis-process.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 200 points + 10 per 1,000 RUB (the default rule set), in milli-points. */
const milliPointsOf = (rubles: number) => 200_000 + 10 * rubles;

/** Polls /api/health of every app until `stop()`; collects anything but a 200. */
function probeHealth(apps: AppProcess[]) {
  const failures: string[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      await Promise.all(
        apps.map(async (app) => {
          try {
            const response = await fetch(`${app.baseUrl}/api/health`, { signal: AbortSignal.timeout(5000) });
            if (response.status !== 200) failures.push(`:${app.port} answered ${response.status}`);
          } catch (error) {
            failures.push(`:${app.port} ${error instanceof Error ? error.message : String(error)}`);
          }
        }),
      );
      await sleep(200);
    }
  })();
  return {
    failures,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Posts one event every 300 ms (each must be accepted) until `done()`, for 15 s at most. */
async function postUntil(
  done: () => boolean,
  post: (i: number) => Promise<{ status: number; body: unknown }>,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (let i = 0; !done() && Date.now() < deadline; i++) {
    expect((await post(i)).status).toBe(200);
    await sleep(300);
  }
}

interface Watched {
  app: AppProcess;
  subscription: BoardSubscription;
  live: WatchedLiveBoard;
}

/**
 * Waits until every watched board shows what a fresh GET of its process answers (rows and seq), and
 * both processes answer the same rows; fails with the difference after `timeoutMs`.
 */
async function expectConverged(watched: Watched[], apps: AppProcess[], token: string, timeoutMs: number) {
  const get = async (app: AppProcess, subscription: BoardSubscription) =>
    (await client(app.baseUrl, token).get(`/api/boards?period=${subscription.period}`)).body;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const differences: unknown[] = [];
    for (const { app, subscription, live } of watched) {
      const fresh = await get(app, subscription);
      const state = live.board.state;
      if (state.seq !== fresh.seq || JSON.stringify(rowsOf(state)) !== JSON.stringify(rowsOf(fresh))) {
        differences.push({
          on: app.port,
          period: subscription.period,
          client: { seq: state.seq, rows: rowsOf(state) },
          get: { seq: fresh.seq, rows: rowsOf(fresh) },
        });
      }
    }
    for (const subscription of new Set(watched.map((w) => w.subscription))) {
      const [first, ...others] = await Promise.all(apps.map((app) => get(app, subscription)));
      for (const other of others) {
        if (JSON.stringify(rowsOf(other)) !== JSON.stringify(rowsOf(first)))
          differences.push({ period: subscription.period, processes: [rowsOf(first), rowsOf(other)] });
      }
    }
    if (differences.length === 0) return;
    if (Date.now() > deadline) expect(differences).toEqual([]);
    await sleep(250);
  }
}

describe('a Redis outage', () => {
  let db: Awaited<ReturnType<typeof createDatabase>>;
  let redis: RedisProcess | null = null;
  const apps: AppProcess[] = [];
  const watched: WatchedLiveBoard[] = [];
  /** Loops a test started (event sender, health probe), stopped even when it failed. */
  const loops: Array<() => Promise<void>> = [];

  beforeEach(async () => {
    db = await createDatabase();
  });

  afterEach(async () => {
    for (const stop of loops.splice(0)) await stop();
    for (const w of watched.splice(0)) w.close();
    for (const app of apps.splice(0)) await app.stop();
    await redis?.stop();
    redis = null;
    await db?.drop();
  });

  const envFor = (redisUrl: string) => ({
    DATABASE_URL: db.url,
    REDIS_URL: redisUrl,
    JWT_SECRET,
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
  });

  it('of 15 s under 20 events/s: both processes stay up and answer, nothing acknowledged is lost, clients converge', async () => {
    const port = await freePort();
    redis = await startRedis(port);
    const env = envFor(redis.url);
    apps.push(await startApp(env), await startApp(env));
    const { adminToken, keys, integration, display } = await setUpOrg(apps[0].baseUrl, 8);
    const boards: Watched[] = [];
    for (const app of apps) {
      for (const subscription of [{ period: 'month' }, { period: 'today' }] as BoardSubscription[]) {
        const live = watch(app.baseUrl, display, subscription);
        watched.push(live);
        boards.push({ app, subscription, live });
      }
    }
    await eventually(() => boards.every((b) => b.live.board.state.board !== null), 15_000, 'snapshots');

    const health = probeHealth(apps);
    loops.push(health.stop);
    const crm = apps.map((app) => client(app.baseUrl, integration));
    const acknowledged: number[] = [];
    const refused: string[] = [];
    // One event every 50 ms, whatever the answers take (each waits for its own).
    const posts: Array<Promise<void>> = [];
    const post = async (i: number) => {
      const rubles = 1_000 + i;
      const response = await crm[i % 2]
        .post('/api/events', deal(`o${i}`, keys[i % keys.length], rubles))
        .catch((error: unknown) => ({ status: 0, body: String(error) }));
      if (response.status === 200) acknowledged.push(rubles);
      else refused.push(`#${i} on ${i % 2}: ${response.status} ${JSON.stringify(response.body)}`);
    };
    let sent = 0;
    const sender = setInterval(() => posts.push(post(sent++)), 50);
    const stopSending = async () => {
      clearInterval(sender);
      await Promise.all(posts);
    };
    loops.push(stopSending);

    await sleep(2_000);
    await redis.stop();
    const before = boards.map((b) => b.live.stream.length);
    await sleep(15_000);
    expect(apps.map((app) => app.exited())).toEqual([false, false]);
    // Meanwhile each process served its own clients: the leader's got its deltas, the follower's
    // snapshots of what the follower's engine read from the ledger.
    const leader = apps.findIndex((app) => app.output().includes('Elected leader'));
    expect(leader).toBeGreaterThanOrEqual(0);
    boards.forEach(({ app, live }, i) => {
      const during = live.stream.slice(before[i]).map(([kind]) => kind);
      expect([app.port, during.includes(app === apps[leader] ? 'd' : 's')]).toEqual([app.port, true]);
    });
    redis = await startRedis(port);
    await sleep(3_000);
    await stopSending();
    await health.stop();

    const outputs = () => apps.map((app) => app.output()).join('\n');
    expect({ refused, health: health.failures, exited: apps.map((app) => app.exited()) }).toEqual({
      refused: [],
      health: [],
      exited: [false, false],
    });
    expect(outputs()).not.toMatch(/TimeoutError|unhandled/i);
    expect(sent).toBeGreaterThan(350);
    expect(acknowledged).toHaveLength(sent);

    await expectConverged(boards, apps, adminToken, 15_000);
    // The loss and the return are logged once each per process, not once per retry.
    const count = (text: string, what: string) => text.split(what).length - 1;
    for (const app of apps) {
      const output = app.output();
      expect([app.port, count(output, 'Redis unreachable'), count(output, 'Redis reachable again')]).toEqual([
        app.port,
        1,
        1,
      ]);
    }
    // Every acknowledged event is stored and scored, on both processes: the month's total is theirs.
    const expected = acknowledged.reduce((sum, rubles) => sum + milliPointsOf(rubles), 0);
    for (const app of apps) {
      const month = (await client(app.baseUrl, adminToken).get('/api/boards?period=month')).body;
      expect(month.rows.reduce((sum: number, r: { milliPoints: number }) => sum + r.milliPoints, 0)).toBe(
        expected,
      );
    }
  });

  it('a process started while Redis is down listens, works alone, and joins fan-out once Redis starts', async () => {
    const port = await freePort(); // nothing listens there yet
    const env = envFor(`redis://127.0.0.1:${port}`);
    const a = await startApp(env);
    apps.push(a);
    const { adminToken, keys, integration, display } = await setUpOrg(a.baseUrl, 4);
    const onA = watch(a.baseUrl, display, { period: 'month' });
    watched.push(onA);
    await eventually(() => onA.board.state.board !== null, 10_000, 'snapshot on A');
    const crmA = client(a.baseUrl, integration);
    // The only process is the leader: its own clients get its deltas without Redis. (A rebuild after
    // the reps were created may cover the first events with a snapshot instead: post until one comes.)
    await postUntil(
      () => onA.deltaSeqs.length > 0,
      (i) => crmA.post('/api/events', deal(`alone${i}`, keys[0], 1_000 + i)),
    );
    expect(onA.deltaSeqs.length).toBeGreaterThan(0);

    redis = await startRedis(port);
    const b = await startApp(env);
    apps.push(b);
    const onB = watch(b.baseUrl, display, { period: 'month' });
    watched.push(onB);
    await eventually(() => onB.board.state.board !== null, 10_000, 'snapshot on B');
    // B follows: deltas reach its client only from A, through Redis, once A has attached.
    const crmB = client(b.baseUrl, integration);
    await postUntil(
      () => onB.deltaSeqs.length > 0,
      (i) => crmB.post('/api/events', deal(`joined${i}`, keys[i % keys.length], 2_000 + i)),
    );
    expect(onB.deltaSeqs.length).toBeGreaterThan(0);
    await expectConverged(
      [
        { app: a, subscription: { period: 'month' }, live: onA },
        { app: b, subscription: { period: 'month' }, live: onB },
      ],
      [a, b],
      adminToken,
      10_000,
    );
    expect(onB.board.state.seq).toBe(onA.board.state.seq);
  });
});
