import { jest } from '@jest/globals';
import { useSessionStore } from '../../session/session-store.js';
import { FakeSocket } from '../../test-support/fake-socket.js';
import { followKpisTab } from './follow-kpis-tab.js';
import { useKpisStore } from './kpis-store.js';

describe('followKpisTab', () => {
  let reads: string[];
  let socket: FakeSocket;
  let stop: () => void;

  beforeEach(() => {
    jest.useFakeTimers();
    reads = [];
    globalThis.fetch = jest.fn(async (path: string) => {
      reads.push(decodeURIComponent(path.split('?')[1] ?? ''));
      return { ok: true, status: 200, text: async () => '{"kpis":[]}' } as Response;
    }) as unknown as typeof fetch;
    useSessionStore.setState({ token: 'tok', user: { id: 'u', email: 'm@x', role: 'manager', repId: null } });
    socket = new FakeSocket();
    stop = followKpisTab({ token: 'tok', createSocket: () => socket, minGapMs: 2000 });
    socket.serverConnect();
  });

  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('follows the scope shown and reads the selection again on hints, coalesced', async () => {
    expect(socket.emitted).toEqual([{ event: 'kpis:subscribe', payload: { scope: 'org' } }]);
    await useKpisStore.getState().setScope('team:t1');
    expect(socket.emitted.slice(1)).toEqual([
      { event: 'kpis:unsubscribe', payload: { scope: 'org' } },
      { event: 'kpis:subscribe', payload: { scope: 'team:t1' } },
    ]);
    reads = [];
    for (let i = 0; i < 3; i++) socket.fire('kpis:changed', { asOf: '2026-11-25T09:00:00Z' });
    await jest.advanceTimersByTimeAsync(1000);
    socket.fire('kpis:changed', { asOf: '2026-11-25T09:00:01Z' });
    await jest.advanceTimersByTimeAsync(500);
    expect(reads).toEqual(['period=month&scope=team:t1&periods=6']);
    await jest.advanceTimersByTimeAsync(2000);
    expect(reads).toHaveLength(2);
  });
});
