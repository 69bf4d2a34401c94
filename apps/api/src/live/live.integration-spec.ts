import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { jest } from '@jest/globals';
import type { EventInput } from '@leaderboard/contracts';
import { APP_ROLE } from '../database/app-role.js';
import { randomGenerator as random } from '../demo/demo-data.js';
import { ApiClient, shuffle } from '../test-support/api-client.js';
import {
  connect,
  eventually,
  liveSocket,
  WatchedBoard,
  type TestSocket,
} from '../test-support/live-client.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { TEST_SETTINGS } from '../test-support/test-settings.js';

jest.setTimeout(90_000);

/** A won deal now (outcomes score at any hour): 200 points + 10 per 1,000 RUB. */
function deal(externalId: string, rep: string, rubles: number, at = new Date()): EventInput {
  return {
    source: 'crm',
    externalId,
    type: 'deal_won',
    rep,
    occurredAt: at.toISOString(),
    attributes: { amount: rubles * 100, currency: 'RUB' },
  };
}

describe('live boards over Socket.IO (/live)', () => {
  let t: TestApp;
  let api: ApiClient;
  let baseUrl: string;
  const sockets: TestSocket[] = [];

  const open = async (token: string | null = t.adminToken, origin?: string): Promise<TestSocket> => {
    const socket = liveSocket(baseUrl, token, { origin });
    sockets.push(socket);
    await connect(socket);
    return socket;
  };

  const httpAs = (method: 'post' | 'get', path: string, body?: object) =>
    t.http()[method](path).set('Authorization', `Bearer ${t.adminToken}`).send(body);

  beforeAll(async () => {
    t = await createTestApp();
    api = new ApiClient(t);
    baseUrl = await t.listen();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  }, 60_000);

  beforeEach(async () => {
    await t.reset();
  }, 60_000);

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  async function org(): Promise<{ reps: string[]; teamA: string; teamB: string }> {
    const a = await api.team('Москва');
    const b = await api.team('London');
    const reps: string[] = [];
    for (let i = 0; i < 8; i++) {
      const key = `rep${i}@example.com`;
      await api.rep(key, i % 2 === 0 ? `Реп ${i}` : `Rep ${i}`, i < 4 ? a.id : b.id);
      reps.push(key);
    }
    return { reps, teamA: a.id, teamB: b.id };
  }

  describe('handshake', () => {
    it('refuses no token, a bad token, an integration token and a foreign Origin', async () => {
      await expect(open(null)).rejects.toMatchObject({
        message: expect.stringMatching(/token/i),
        data: { error: { code: 'UNAUTHENTICATED' } },
      });
      await expect(open('dsp_nonsense')).rejects.toMatchObject({
        data: { error: { code: 'UNAUTHENTICATED' } },
      });
      await expect(open('not-a-jwt')).rejects.toMatchObject({ data: { error: { code: 'UNAUTHENTICATED' } } });
      await expect(open(t.integrationToken)).rejects.toMatchObject({
        data: { error: { code: 'FORBIDDEN' } },
      });
      await expect(open(t.adminToken, 'http://evil.example')).rejects.toThrow();
      // The API's own origin and clients without one (TV apps, scripts) are let in.
      await expect(open(t.adminToken, baseUrl)).resolves.toBeDefined();
      await expect(open(t.adminToken)).resolves.toBeDefined();
    });

    it('drops the sockets of a display token when it is revoked, and refuses it afterwards', async () => {
      const created = await httpAs('post', '/api/tokens', { kind: 'display', name: 'Floor TV' });
      expect(created.status).toBe(201);
      const tv = await open(created.body.token);
      const other = await open(t.adminToken);
      const dropped = new Promise<string>((resolve) => tv.once('disconnect', (reason) => resolve(reason)));
      expect((await httpAs('post', `/api/tokens/${created.body.id}/revoke`)).status).toBe(200);
      expect(await dropped).toBe('io server disconnect');
      expect(other.connected).toBe(true);
      await expect(open(created.body.token)).rejects.toMatchObject({
        data: { error: { code: 'UNAUTHENTICATED' } },
      });
    });
  });

  describe('subscribe', () => {
    it('answers with the snapshot GET /api/boards gives, and validates the payload', async () => {
      const { reps, teamA } = await org();
      await api.ingest([deal('d1', reps[0], 50_000), deal('d2', reps[5], 10_000)]);
      const socket = await open();
      const board = new WatchedBoard(socket);
      const snapshot = await board.subscribe({ period: 'month' });
      const get = await api.board('period=month');
      expect({ ...snapshot, asOf: null }).toEqual({ ...get, asOf: null });
      const team = await board.subscribe({ period: 'week', team: teamA });
      expect(team.board.scope).toEqual({ kind: 'team', teamId: teamA });
      expect(team.rows.map((r) => r.teamId)).toEqual([teamA, teamA, teamA, teamA]);

      const refuse = async (payload: unknown) =>
        (socket.timeout(5000).emitWithAck as (e: string, p: unknown) => Promise<unknown>)(
          'board:subscribe',
          payload,
        );
      await expect(refuse({ period: 'year' })).resolves.toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'period' })] },
      });
      await expect(refuse({ period: 'month', extra: 1 })).resolves.toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'extra' })] },
      });
      await expect(
        refuse({ period: 'month', team: '00000000-0000-4000-8000-000000000000' }),
      ).resolves.toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
    });
  });

  describe('deltas', () => {
    it('snapshot plus deltas equal GET /api/boards after a random stream, with seq one more each time', async () => {
      const { reps, teamB } = await org();
      const all = new WatchedBoard(await open());
      const team = new WatchedBoard(await open());
      await all.subscribe({ period: 'month' });
      await team.subscribe({ period: 'month', team: teamB });
      const rand = random(7);
      const events: EventInput[] = [];
      for (let i = 0; i < 300; i++) {
        const rep = reps[Math.floor(rand() * reps.length)];
        events.push(deal(`r${i}`, rep, 1_000 + Math.floor(rand() * 90_000)));
        if (rand() < 0.1) {
          events.push({
            source: 'crm',
            externalId: `v${i}`,
            type: 'void',
            rep,
            occurredAt: new Date().toISOString(),
            voids: { source: 'crm', externalId: `r${i}` },
          });
        }
      }
      // Sent in batches, several at once, some twice.
      const batches: EventInput[][] = [];
      for (let i = 0; i < events.length; i += 17) batches.push(events.slice(i, i + 17));
      await Promise.all(shuffle([...batches, ...batches.slice(0, 5)], 3).map((batch) => api.ingest(batch)));

      const get = await api.board('period=month');
      const getTeam = await api.board(`period=month&team=${teamB}`);
      await eventually(() => all.state?.seq === get.seq && team.state?.seq === getTeam.seq);
      expect(all.rows()).toEqual(get.rows.map((r) => [r.repId, r.milliPoints, r.rank, r.tier]));
      expect(team.rows()).toEqual(getTeam.rows.map((r) => [r.repId, r.milliPoints, r.rank, r.tier]));
      for (const watched of [all, team]) {
        expect(watched.gaps).toBe(0);
        const seqs = watched.deltas.map((d) => d.seq);
        expect(seqs.length).toBeGreaterThan(0);
        seqs.forEach((seq, i) => i > 0 && expect(seq).toBe(seqs[i - 1] + 1));
      }
    });

    it('coalesces a burst of 1,000 events into at most LIVE_MAX_EMITS_PER_SEC deltas a second, ending exact', async () => {
      const { reps } = await org();
      const board = new WatchedBoard(await open());
      await board.subscribe({ period: 'today' });
      const events = Array.from({ length: 1000 }, (_, i) => deal(`b${i}`, reps[i % reps.length], 1_000 + i));
      const started = Date.now();
      const batches: EventInput[][] = [];
      for (let i = 0; i < events.length; i += 50) batches.push(events.slice(i, i + 50));
      await Promise.all(batches.map((batch) => api.ingest(batch)));
      const get = await api.board('period=today');
      await eventually(() => board.state?.seq === get.seq);
      const elapsedMs = Date.now() - started;
      expect(board.rows()).toEqual(get.rows.map((r) => [r.repId, r.milliPoints, r.rank, r.tier]));
      expect(board.gaps).toBe(0);
      // One write (and delta) per 100 ms at most, plus the one in flight when the burst began.
      const allowed = Math.ceil(elapsedMs / 100) + 1;
      expect(board.deltas.length).toBeLessThanOrEqual(allowed);
      expect(board.deltas.length).toBeLessThan(events.length / 20);
      // Within any one second, at most 10 deltas (+1: arrival jitter of writes 100 ms apart).
      const times = board.deltaTimes;
      const busiest = Math.max(
        ...times.map((start) => times.filter((x) => x >= start && x < start + 1000).length),
      );
      expect(busiest).toBeLessThanOrEqual(11);
    });
    it('spaces flushes out when sending their deltas takes more than half the time (many screens)', async () => {
      const { reps } = await org();
      const board = new WatchedBoard(await open());
      await board.subscribe({ period: 'today' });
      // Each flush's fan-out holds the event loop for 120 ms, as writing to ~5,000 sockets does.
      let slow = true;
      const flushedAt: number[] = [];
      t.scoring.addListener({
        flushed: () => {
          if (!slow) return;
          flushedAt.push(performance.now());
          const until = performance.now() + 120;
          while (performance.now() < until);
        },
      });
      try {
        const until = Date.now() + 2_000;
        for (let i = 0; Date.now() < until; i++) {
          await api.ingest([deal(`s${i}`, reps[i % reps.length], 1_000 + i)]);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        const get = await api.board('period=today');
        await eventually(() => board.state?.seq === get.seq);
        expect(board.rows()).toEqual(get.rows.map((r) => [r.repId, r.milliPoints, r.rank, r.tier]));
        expect(board.gaps).toBe(0);
      } finally {
        slow = false;
      }
      // At most half the time fanning out: the spacing grows to 240 ms within a few flushes (the
      // fan-out time is averaged), never 100.
      expect(flushedAt.length).toBeGreaterThanOrEqual(6);
      const gaps = flushedAt.slice(1).map((at, i) => at - flushedAt[i]);
      expect(Math.min(...gaps.slice(4))).toBeGreaterThanOrEqual(225);
    });

    it('sends deltas before the projection write commits; a failed write repeats no seq and loses nothing', async () => {
      const { reps } = await org();
      await api.ingest([deal('first', reps[0], 10_000)]);
      const board = new WatchedBoard(await open());
      const start = await board.subscribe({ period: 'month' });
      const storedSeq = async (): Promise<number> => {
        const rows = await t.dataSource.query<Array<{ seq: string }>>(
          'SELECT seq::text AS seq FROM board_seq WHERE board_key = $1',
          [start.board.key],
        );
        return Number(rows[0]?.seq ?? 0);
      };
      expect(await storedSeq()).toBe(start.seq);

      // As the tables' owner (the app works as a role that may not rename them).
      const asOwner = async (statement: string): Promise<void> => {
        const runner = t.dataSource.createQueryRunner();
        try {
          await runner.query('RESET ROLE');
          await runner.query(statement);
        } finally {
          await runner.query(`SET ROLE ${APP_ROLE}`);
          await runner.release();
        }
      };
      // The projection table is away: writes fail (and are retried every second).
      await asOwner('ALTER TABLE board_totals RENAME TO board_totals_away');
      try {
        await api.ingest([deal('during', reps[1], 20_000)]);
        // The delta still arrives: it does not wait for the write.
        await eventually(() => (board.state?.seq ?? 0) > start.seq);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        expect(await storedSeq()).toBe(start.seq);
      } finally {
        await asOwner('ALTER TABLE board_totals_away RENAME TO board_totals');
      }
      await api.ingest([deal('after', reps[2], 5_000)]);
      const get = await api.board('period=month');
      await eventually(() => board.state?.seq === get.seq);
      expect(board.rows()).toEqual(get.rows.map((r) => [r.repId, r.milliPoints, r.rank, r.tier]));
      expect(board.gaps).toBe(0);
      // Every delta past the snapshot, each seq once (the first deal's own delta may arrive too when
      // the subscription raced its flush: the snapshot already holds it, the client ignores it).
      const seqs = board.deltas.map((d) => d.seq).filter((seq) => seq > start.seq);
      expect(seqs).toEqual(seqs.map((_, i) => start.seq + i + 1));
      expect(seqs.at(-1)).toBe(get.seq);
      // The retried write stored the totals and the last seq handed out: a restart continues from it.
      expect(await storedSeq()).toBe(get.seq);
      const stored = await t.dataSource.query<Array<{ milli_points: string }>>(
        `SELECT milli_points::text AS milli_points FROM board_totals WHERE period = 'month' ORDER BY milli_points DESC`,
      );
      expect(stored.map((r) => Number(r.milli_points))).toEqual(
        get.rows.filter((r) => r.milliPoints > 0).map((r) => r.milliPoints),
      );
    });
  });

  describe('celebrations', () => {
    it('celebrates a won deal and a new tier, with no payout in anything a display receives', async () => {
      const { reps, teamA } = await org();
      const created = await httpAs('post', '/api/tokens', { kind: 'display', name: 'TV' });
      const tv = new WatchedBoard(await open(created.body.token));
      await tv.subscribe({ period: 'month' });
      const teamTv = new WatchedBoard(await open(created.body.token));
      await teamTv.subscribe({ period: 'month', team: teamA });
      const all: unknown[] = [];
      tv.socket.onAny((name: string, payload: unknown) => all.push({ name, payload }));

      // 200 + 2,000 points: Bronze (2,000) reached, Silver needs 5,000.
      await api.ingest([deal('big', reps[0], 200_000)]);
      await eventually(() => tv.celebrations.length >= 2);
      const [won, tier] = [...tv.celebrations].sort((a, b) => a.kind.localeCompare(b.kind));
      expect(won).toMatchObject({
        kind: 'deal_won',
        name: 'Реп 0',
        amount: 20_000_000,
        currency: 'RUB',
        teamId: teamA,
      });
      expect(tier).toMatchObject({ kind: 'tier', name: 'Реп 0', tier: 'Bronze' });
      // The deal's row is on the board when its celebration arrives (sent after the same write's deltas).
      const names = all.map((m) => (m as { name: string }).name);
      expect(names.indexOf('board:delta')).toBeGreaterThanOrEqual(0);
      expect(names.indexOf('board:delta')).toBeLessThan(names.indexOf('celebration'));
      await eventually(() => teamTv.celebrations.length >= 2);

      // A deal of team London reaches the all-board TV, not team Москва's.
      const small = deal('small', reps[5], 1_000);
      await api.ingest([small]);
      await eventually(() => tv.celebrations.length >= 3);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(teamTv.celebrations).toHaveLength(2);
      // A duplicate and an old deal are not celebrated.
      await api.ingest([small, deal('old', reps[1], 5_000, new Date(Date.now() - 3 * 86_400_000))]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(tv.celebrations).toHaveLength(3);
      await eventually(() => tv.deltas.length > 0);
      expect(JSON.stringify(all)).not.toMatch(/payout/i);
    });
    it("sends a flush's delta and the celebration after it to a screen in one write", async () => {
      const { reps } = await org();
      // Every TCP write the server makes from now on, as the text it carried.
      const writes: string[] = [];
      const record = (tcp: Socket): void => {
        const writev = tcp._writev?.bind(tcp);
        const write = tcp._write.bind(tcp);
        const text = (chunk: unknown): string => Buffer.from(chunk as Uint8Array).toString('latin1');
        if (writev) {
          tcp._writev = (chunks, callback) => {
            writes.push(chunks.map(({ chunk }) => text(chunk)).join(''));
            writev(chunks, callback);
          };
        }
        tcp._write = (chunk, encoding, callback) => {
          writes.push(text(chunk));
          write(chunk, encoding, callback);
        };
      };
      const httpServer = t.app.getHttpServer() as Server;
      httpServer.on('connection', record);
      try {
        const tv = new WatchedBoard(await open());
        await tv.subscribe({ period: 'month' });
        await api.ingest([deal('one-write', reps[0], 200_000)]);
        await eventually(() => tv.celebrations.length >= 1);
      } finally {
        httpServer.off('connection', record);
      }
      const first = writes.find((w) => w.includes('"celebration"'));
      expect(first).toContain('"board:delta"');
      expect(first!.indexOf('"board:delta"')).toBeLessThan(first!.indexOf('"celebration"'));
    });

    it('paces a burst of won deals for the TV: one per second, the board itself exact', async () => {
      // Its own app with the production default of LIVE_MAX_CELEBRATIONS_PER_SEC (the shared one
      // drains faster, so no test inherits another's queue).
      const paced = await createTestApp({ liveMaxCelebrationsPerSec: 1 });
      const pacedApi = new ApiClient(paced);
      const socket = liveSocket(await paced.listen(), paced.adminToken);
      try {
        const team = await pacedApi.team('Москва');
        const reps = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'];
        for (const key of reps) await pacedApi.rep(key, key, team.id);
        await connect(socket);
        const tv = new WatchedBoard(socket);
        await tv.subscribe({ period: 'month' });
        const arrivals: number[] = [];
        tv.socket.on('celebration', () => arrivals.push(Date.now()));
        const started = Date.now();
        // 40 deals in one batch (a CRM import): 40 celebrations a TV could never show.
        await pacedApi.ingest(
          Array.from({ length: 40 }, (_, i) => deal(`burst${i}`, reps[i % 4], 1_000 + i)),
        );
        const get = await pacedApi.board('period=month');
        await eventually(() => tv.state?.seq === get.seq);
        expect(tv.rows()).toEqual(get.rows.map((r) => [r.repId, r.milliPoints, r.rank, r.tier]));
        await new Promise((resolve) => setTimeout(resolve, 2_500 - (Date.now() - started)));
        // The first at once, then one a second.
        expect(arrivals.length).toBeGreaterThanOrEqual(2);
        expect(arrivals.length).toBeLessThanOrEqual(3);
        for (let i = 1; i < arrivals.length; i++) expect(arrivals[i] - arrivals[i - 1]).toBeGreaterThan(900);
      } finally {
        socket.disconnect();
        await paced.close();
      }
    }, 60_000);
  });

  describe('reconnect', () => {
    const CUT_MS = TEST_SETTINGS.liveCutMs;

    it(`a client cut off for ${CUT_MS / 1000} s while events flow ends like one that never dropped`, async () => {
      const { reps } = await org();
      const steady = new WatchedBoard(await open());
      await steady.subscribe({ period: 'month' });
      const flaky = new WatchedBoard(await open());
      await flaky.subscribe({ period: 'month' });
      await api.ingest([deal('before', reps[0], 10_000)]);
      flaky.socket.disconnect();
      const until = Date.now() + CUT_MS;
      for (let i = 0; Date.now() < until; i++) {
        await api.ingest([deal(`cut${i}`, reps[i % reps.length], 1_000 + i * 10)]);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // Back: the client starts over with a fresh snapshot, as the client module does on reconnect.
      await connect(flaky.socket);
      await flaky.subscribe({ period: 'month' });
      await api.ingest([deal('after', reps[2], 10_000)]);
      const get = await api.board('period=month');
      await eventually(() => steady.state?.seq === get.seq && flaky.state?.seq === get.seq);
      expect(flaky.rows()).toEqual(steady.rows());
      expect(flaky.state?.seq).toBe(steady.state?.seq);
      expect(steady.gaps).toBe(0);
    });
  });
});
