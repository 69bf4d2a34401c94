import { jest } from '@jest/globals';
import { ApiClient } from '../test-support/api-client.js';
import { connect, eventually, liveSocket, WatchedBoard } from '../test-support/live-client.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

jest.setTimeout(120_000);

/**
 * Only the clock is fake here (timers, sockets and the database run for real): it starts half a
 * minute before midnight in Moscow (the app's start and the test's setup take seconds, many on a
 * loaded machine) and then advances with real time, so the server crosses into a new day while a
 * client watches.
 */
describe('period rollover', () => {
  let t: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    jest.useFakeTimers({
      now: Date.parse('2026-11-18T23:59:30+03:00'),
      advanceTimers: true,
      doNotFake: [
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'setImmediate',
        'clearImmediate',
        'nextTick',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    t = await createTestApp();
    baseUrl = await t.listen();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    jest.useRealTimers();
  }, 60_000);

  it('restarts the day board at midnight (org time zone) with a fresh snapshot, no restart needed', async () => {
    const api = new ApiClient(t);
    const team = await api.team('Москва');
    await api.rep('anna@example.com', 'Анна', team.id);
    await api.ingest([
      {
        source: 'crm',
        externalId: 'late-deal',
        type: 'deal_won',
        rep: 'anna@example.com',
        occurredAt: new Date().toISOString(),
        attributes: { amount: 1_000_000 },
      },
    ]);
    // The deal's flush goes before anyone watches: a subscriber joining its room first would be
    // pushed that flush's snapshot of the old day, which this test would take for the rollover's.
    await t.scoring.settled();
    const socket = liveSocket(baseUrl, t.adminToken);
    await connect(socket);
    try {
      const today = new WatchedBoard(socket);
      const month = new WatchedBoard(socket);
      const before = await today.subscribe({ period: 'today' });
      const monthAck = await month.subscribe({ period: 'month' });
      expect(before.board.key).toBe('today:2026-11-18:all');
      expect(before.rows[0]?.points).toBe(300);

      // A snapshot of the board the client holds may come first (the ingest's flush can reach
      // the room while the subscription is answered; the protocol allows it): wait for the new day.
      const newDay = (s: { board: { key: string } }) => s.board.key === 'today:2026-11-19:all';
      await eventually(() => today.snapshots.some(newDay), 60_000);
      const after = today.snapshots.find(newDay);
      const earlier = today.snapshots.filter((s) => s.board.period === 'today' && !newDay(s));
      expect(earlier.map((s) => [s.board.key, s.seq])).toEqual(
        earlier.map(() => [before.board.key, before.seq]),
      );
      expect(after?.board.from).toBe('2026-11-18T21:00:00.000Z');
      expect(after?.rows.map((r) => r.points)).toEqual([0]);
      // The month did not roll over: no snapshot beyond the one it was answered with.
      const monthFresh = month.snapshots.filter(
        (s) => s.board.period === 'month' && (s.board.key !== monthAck.board.key || s.seq !== monthAck.seq),
      );
      expect(monthFresh).toEqual([]);
      const get = await api.board('period=today');
      expect(get.board.key).toBe('today:2026-11-19:all');
      expect(after?.seq).toBe(get.seq);
    } finally {
      socket.disconnect();
    }
  });
});
