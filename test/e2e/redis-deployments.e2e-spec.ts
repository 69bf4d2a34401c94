// Two deployments (each its own PostgreSQL database) sharing one Redis server, as staging and
// production often do, or a CI run and a benchmark on one machine: each one's screens get its own
// deltas, snapshots and celebrations only. Before the fan-out channels carried the deployment's
// identity, deployment Y's deltas reached X's sockets (seq gaps without a snapshot, a board from
// another database) and its celebrations (names, deal amounts) reached X's TVs.
import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '@leaderboard/contracts';
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

/** A socket that only records the deal amounts of the celebrations it is sent. */
function celebrationsOn(baseUrl: string, token: string): { socket: Socket; amounts: number[] } {
  const socket = io(`${baseUrl}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'] });
  const amounts: number[] = [];
  socket.on('celebration', (celebration: { amount?: number }) => amounts.push(celebration.amount ?? -1));
  socket.on('connect', () => void socket.emit('board:subscribe', { period: 'month' }, () => undefined));
  return { socket, amounts };
}

/** Y's deals are of 1,000-1,005 RUB, X's of 2,000-2,011 (in kopecks on the wire). */
const isY = (amount: number) => amount >= 100_000 && amount < 200_000;
const isX = (amount: number) => amount >= 200_000 && amount < 300_000;

describe('two deployments sharing one Redis server', () => {
  const databases: Array<Awaited<ReturnType<typeof createDatabase>>> = [];
  let redis: RedisProcess | null = null;
  const apps: AppProcess[] = [];
  const watched: WatchedLiveBoard[] = [];
  const sockets: Socket[] = [];

  afterAll(async () => {
    for (const w of watched) w.close();
    for (const s of sockets) s.disconnect();
    for (const app of apps) await app.stop();
    await redis?.stop();
    for (const db of databases) await db.drop();
  });

  it("each deployment's screens get its own deltas, snapshots and celebrations only", async () => {
    redis = await startRedis(await freePort());
    databases.push(await createDatabase(), await createDatabase());
    const envOf = (url: string) => ({
      DATABASE_URL: url,
      REDIS_URL: (redis as RedisProcess).url,
      JWT_SECRET,
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
    });
    // X: a leader and a follower; Y: one process (its own leader) on another database.
    const x1 = await startApp(envOf(databases[0].url));
    apps.push(x1);
    const x2 = await startApp(envOf(databases[0].url));
    apps.push(x2);
    const y = await startApp(envOf(databases[1].url));
    apps.push(y);
    const orgX = await setUpOrg(x1.baseUrl, 4);
    const orgY = await setUpOrg(y.baseUrl, 4);
    const getX = async () => (await client(x1.baseUrl, orgX.adminToken).get('/api/boards?period=month')).body;
    const getY = async () => (await client(y.baseUrl, orgY.adminToken).get('/api/boards?period=month')).body;

    const onX1 = watch(x1.baseUrl, orgX.display, { period: 'month' });
    const onX2 = watch(x2.baseUrl, orgX.display, { period: 'month' });
    const onY = watch(y.baseUrl, orgY.display, { period: 'month' });
    watched.push(onX1, onX2, onY);
    const cheersX = celebrationsOn(x2.baseUrl, orgX.display);
    const cheersY = celebrationsOn(y.baseUrl, orgY.display);
    sockets.push(cheersX.socket, cheersY.socket);
    await eventually(
      () => [onX1, onX2, onY].every((w) => w.board.state.board !== null),
      15_000,
      'first snapshots',
    );
    // The follower's snapshot is its own deployment's board (its leader's), not Y's.
    const xRepIds = new Set((await getX()).rows.map((r: { repId: string }) => r.repId));
    expect(onX2.board.state.rows.every((r) => xRepIds.has(r.repId))).toBe(true);

    // Y scores deals: its own screen shows them; X's screens hear nothing.
    const crmY = client(y.baseUrl, orgY.integration);
    for (let i = 0; i < 6; i++)
      expect((await crmY.post('/api/events', deal(`y${i}`, orgY.keys[i % 4], 1_000 + i))).status).toBe(200);
    const finalY = async () => {
      const get = await getY();
      return (
        onY.board.state.seq === get.seq &&
        JSON.stringify(rowsOf(onY.board.state)) === JSON.stringify(rowsOf(get))
      );
    };
    let yDone = false;
    await eventually(
      () => {
        void finalY().then((done) => (yDone = done));
        return yDone && cheersY.amounts.length > 0;
      },
      20_000,
      "Y's screen shows Y's deals and a celebration",
    );
    await sleep(1500); // anything Y published has crossed Redis by now
    expect(onX1.stream).toEqual(onX1.stream.filter(([kind]) => kind === 's'));
    expect(onX2.stream).toEqual(onX2.stream.filter(([kind]) => kind === 's'));
    expect({ x1: onX1.deltaSeqs, x2: onX2.deltaSeqs, cheers: cheersX.amounts }).toEqual({
      x1: [],
      x2: [],
      cheers: [],
    });

    // X scores deals on both processes: both its screens follow X's seqs one by one and end at X's
    // board; Y's screen hears nothing more.
    const yStream = onY.stream.length;
    const crm = [client(x1.baseUrl, orgX.integration), client(x2.baseUrl, orgX.integration)];
    for (let i = 0; i < 12; i++) {
      const posted = await crm[i % 2].post('/api/events', deal(`x${i}`, orgX.keys[i % 4], 2_000 + i));
      expect(posted.status).toBe(200);
      if (i % 4 === 3) await sleep(150);
    }
    let xGet = await getX();
    await eventually(
      () => {
        void getX().then((get) => (xGet = get));
        return [onX1, onX2].every(
          (w) =>
            w.board.state.seq === xGet.seq &&
            JSON.stringify(rowsOf(w.board.state)) === JSON.stringify(rowsOf(xGet)),
        );
      },
      20_000,
      "X's screens at X's board",
    );
    for (const w of [onX1, onX2]) {
      expect(w.board.state.resyncs).toBe(0);
      w.stream.forEach(([kind, seq], i) => {
        if (i > 0 && kind === 'd') expect([i, seq]).toEqual([i, w.stream[i - 1][1] + 1]);
      });
    }
    await sleep(1500);
    expect(onY.stream.length).toBe(yStream);
    // Celebrations are paced (one a second): Y's may still be arriving, X's never reach Y.
    expect(cheersY.amounts.filter((amount) => !isY(amount))).toEqual([]);
    expect(cheersX.amounts.length).toBeGreaterThan(0);
    expect(cheersX.amounts.filter((amount) => !isX(amount))).toEqual([]);
  });
});
