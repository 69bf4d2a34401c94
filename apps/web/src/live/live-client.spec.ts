import { jest } from '@jest/globals';
import { FakeSocket, row, snapshot } from '../test-support/fake-socket.js';
import { useBoardsStore } from './boards-store.js';
import { useCelebrationsStore } from './celebrations-store.js';
import { useConnectionStore } from './connection-store.js';
import { startLiveClient } from './live-client.js';
import { useOrgStore } from '../org/org-store.js';

describe('live client', () => {
  let socket: FakeSocket;
  let stop: () => void;

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-11-25T09:00:00Z') }); // a Wednesday, 12:00 in Moscow
    socket = new FakeSocket();
    stop = startLiveClient({
      token: 'display-token',
      subscriptions: [{ period: 'today' }, { period: 'month', team: 't1' }],
      createSocket: () => socket,
    });
  });

  afterEach(() => {
    stop();
    jest.useRealTimers();
  });

  it('connects, subscribes every board of the rotation, and fills the boards store', () => {
    expect(useConnectionStore.getState().status).toBe('connecting');
    expect(socket.connectCalls).toBe(1);
    socket.serverConnect();
    expect(useConnectionStore.getState()).toMatchObject({
      status: 'connected',
      lastConnectedAt: '2026-11-25T09:00:00.000Z',
    });
    expect(socket.subscribes.map((s) => s.subscription)).toEqual([
      { period: 'today' },
      { period: 'month', team: 't1' },
    ]);
    socket.answer('today', snapshot('today', 3, [row('a', 'Анна Петрова', 120)]));
    expect(useBoardsStore.getState().boards['today:all'].rows[0].name).toBe('Анна Петрова');
    expect(useBoardsStore.getState().boards['month:team:t1'].board).toBeNull();
  });

  it('shows reconnecting while the network is down, keeps the rows, and resubscribes when it is back', () => {
    socket.serverConnect();
    socket.answer('today', snapshot('today', 3, [row('a', 'Anna', 120)]));
    jest.setSystemTime(new Date('2026-11-25T09:05:00Z'));
    socket.serverDrop();
    expect(useConnectionStore.getState()).toMatchObject({
      status: 'reconnecting',
      lastConnectedAt: '2026-11-25T09:05:00.000Z',
    });
    expect(useBoardsStore.getState().boards['today:all'].rows.map((r) => r.name)).toEqual(['Anna']);

    socket.serverConnect();
    expect(useConnectionStore.getState().status).toBe('connected');
    expect(socket.subscribes.filter((s) => s.subscription.period === 'today')).toHaveLength(2);
    socket.answer('today', snapshot('today', 9, [row('a', 'Anna', 180)]));
    expect(useBoardsStore.getState().boards['today:all'].rows[0].points).toBe(180);
  });

  it('retries a refused handshake by itself, waiting longer each time', () => {
    socket.serverRefuse('Invalid token');
    expect(useConnectionStore.getState()).toMatchObject({ status: 'refused', error: 'Invalid token' });
    jest.advanceTimersByTime(2000);
    expect(socket.connectCalls).toBe(2);
    socket.serverRefuse('Invalid token');
    jest.advanceTimersByTime(2000);
    expect(socket.connectCalls).toBe(2);
    jest.advanceTimersByTime(2000);
    expect(socket.connectCalls).toBe(3);
    socket.serverConnect();
    expect(useConnectionStore.getState()).toMatchObject({ status: 'connected', error: null });
  });

  it('reconnects after the server ended the session (socket.io-client would not)', () => {
    socket.serverConnect();
    socket.active = false;
    socket.serverDrop('io server disconnect');
    jest.advanceTimersByTime(2000);
    expect(socket.connectCalls).toBe(2);
  });

  it('queues celebrations from the socket', () => {
    useOrgStore.setState({ timeZone: 'Europe/Moscow' });
    socket.serverConnect();
    socket.fire('celebration', {
      kind: 'tier',
      repId: 'a',
      name: 'Anna',
      teamId: null,
      tier: 'Gold',
      at: '2026-11-25T09:00:00Z',
    });
    expect(useCelebrationsStore.getState().current?.celebration.tier).toBe('Gold');
  });

  it('stops: unsubscribes its boards and closes the socket', () => {
    socket.serverConnect();
    stop();
    expect(socket.connected).toBe(false);
    expect(socket.active).toBe(false);
  });
});
