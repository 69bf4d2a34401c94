import { jest } from '@jest/globals';
import type { Celebration } from '@leaderboard/contracts';
import { useOrgStore } from '../org/org-store.js';
import { useSessionStore } from '../session/session-store.js';
import { FakeSocket, row, snapshot } from '../test-support/fake-socket.js';
import { followMe } from './follow-me.js';
import { useMeStore } from './me-store.js';

const ALWAYS_WORKING = { start: '00:00', end: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 };

function celebration(repId: string): Celebration {
  return { kind: 'deal_won', repId, name: repId, teamId: null, amount: 100_000, at: '2026-11-25T09:00:00Z' };
}

describe('followMe', () => {
  let reads: string[];
  let socket: FakeSocket;
  let stop: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    reads = [];
    globalThis.fetch = jest.fn(async (path: string) => {
      if (!path.includes('/breakdown')) return { ok: false, status: 404, text: async () => '' } as Response;
      reads.push(path.split('?')[1]);
      return { ok: true, status: 200, text: async () => '{"caps":[],"lineItems":[]}' } as Response;
    }) as unknown as typeof fetch;
    useOrgStore.setState({ workingHours: ALWAYS_WORKING });
    useSessionStore.setState({ token: 'tok', user: { id: 'u', email: 'a@x', role: 'rep', repId: 'anna' } });
    socket = new FakeSocket();
    stop = followMe({ token: 'tok', repId: 'anna', createSocket: () => socket });
    socket.serverConnect();
    for (const period of ['today', 'week', 'month']) {
      socket.answer(
        period,
        snapshot(period, 1, [row('anna', 'Anna', 100), row('bob', 'Bob', 50)], `${period}:k`),
      );
    }
  });

  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  const settle = (ms: number) => jest.advanceTimersByTimeAsync(ms);

  it('follows my KPIs: subscribes rep:<me>, one read of my scope per burst of kpis:changed', async () => {
    const kpiReads: string[] = [];
    const breakdowns = globalThis.fetch;
    globalThis.fetch = jest.fn(async (path: string, init?: RequestInit) => {
      if (!path.startsWith('/api/kpis')) return breakdowns(path, init);
      kpiReads.push(decodeURIComponent(path.split('?')[1]));
      return { ok: true, status: 200, text: async () => '{"kpis":[]}' } as Response;
    }) as unknown as typeof fetch;
    expect(socket.emitted).toContainEqual({ event: 'kpis:subscribe', payload: { scope: 'rep:anna' } });
    await settle(3_000);
    expect(kpiReads).toEqual([]);
    for (let i = 0; i < 4; i++) socket.fire('kpis:changed', { asOf: '2026-11-25T09:00:00Z' });
    await settle(5_000);
    expect(kpiReads).toEqual(['period=month&scope=rep:anna&periods=1']);
  });

  it('reads today once at the start; the first snapshots change nothing', async () => {
    await settle(3_000);
    expect(reads).toEqual(['period=today']);
  });

  it('reads again when the first snapshot shows points the first read did not have', async () => {
    stop();
    reads = [];
    // The first read answers 0 points; events land before the subscription, so the snapshot says 100.
    globalThis.fetch = jest.fn(async (path: string) => {
      if (!path.includes('/breakdown')) return { ok: false, status: 404, text: async () => '' } as Response;
      reads.push(path.split('?')[1]);
      const milliPoints = reads.length === 1 ? 0 : 100_000;
      return {
        ok: true,
        status: 200,
        text: async () => JSON.stringify({ milliPoints, caps: [], lineItems: [] }),
      } as Response;
    }) as unknown as typeof fetch;
    const late = new FakeSocket();
    stop = followMe({ token: 'tok', repId: 'anna', createSocket: () => late });
    await settle(0);
    late.serverConnect();
    late.answer('today', snapshot('today', 1, [row('anna', 'Anna', 100)], 'today:k'));
    await settle(3_000);
    expect(reads).toEqual(['period=today', 'period=today']);
    // Now they agree: nothing more.
    await settle(10_000);
    expect(reads).toHaveLength(2);
  });

  it('reads again a second after a celebration about me, not about someone else', async () => {
    socket.fire('celebration', celebration('bob'));
    await settle(3_000);
    expect(reads).toHaveLength(1);
    socket.fire('celebration', celebration('anna'));
    await settle(999);
    expect(reads).toHaveLength(1);
    await settle(2);
    expect(reads).toHaveLength(2);
  });

  it('reads again after the socket comes back, and when a new day begins', async () => {
    socket.serverDrop();
    socket.serverConnect();
    await settle(1_500);
    expect(reads).toHaveLength(2);
    socket.fire('board:snapshot', snapshot('today', 9, [row('anna', 'Anna', 0)], 'today:next-day'));
    await settle(1_500);
    expect(reads).toHaveLength(3);
  });

  it('reads the selected period, polls every minute, and stops for good', async () => {
    useMeStore.getState().select('week');
    await settle(0);
    expect(reads).toEqual(['period=today', 'period=week']);
    await settle(60_000);
    expect(reads).toEqual(['period=today', 'period=week', 'period=today', 'period=week']);
    stop();
    socket.fire('celebration', celebration('anna'));
    await settle(180_000);
    expect(reads).toHaveLength(4);
  });
});
