import { jest } from '@jest/globals';
import { FakeSocket } from '../test-support/fake-socket.js';
import { coalescedRead, followKpis } from './kpis-live.js';

/** A read that stays open until the test settles it. */
function manualReads() {
  const pending: Array<() => void> = [];
  const read = jest.fn(
    () =>
      new Promise<void>((resolve) => {
        pending.push(resolve);
      }),
  );
  const finish = async (): Promise<void> => {
    pending.shift()?.();
    await Promise.resolve();
    await Promise.resolve();
  };
  return { read, finish };
}

describe('coalescedRead', () => {
  let hidden = false;
  beforeEach(() => {
    hidden = false;
    jest.useFakeTimers({ now: new Date('2026-11-25T09:00:00Z') });
  });
  afterEach(() => jest.useRealTimers());

  it('reads once for a burst of hints, then at most once per gap', async () => {
    const { read, finish } = manualReads();
    const reads = coalescedRead({ read, minGapMs: 2000, hidden: () => hidden });
    reads.request();
    jest.advanceTimersByTime(0);
    expect(read).toHaveBeenCalledTimes(1);
    // Hints while the read is under way: one more read after it, not one each.
    for (let i = 0; i < 5; i++) reads.request();
    expect(read).toHaveBeenCalledTimes(1);
    await finish();
    // ... and not before the gap since the first read's start.
    jest.advanceTimersByTime(1999);
    expect(read).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1);
    expect(read).toHaveBeenCalledTimes(2);
    await finish();
    // Quiet since: nothing more.
    jest.advanceTimersByTime(10_000);
    expect(read).toHaveBeenCalledTimes(2);
    reads.stop();
  });

  it('does not read while the page is hidden, and reads once when it shows', async () => {
    const { read, finish } = manualReads();
    const reads = coalescedRead({ read, minGapMs: 2000, hidden: () => hidden });
    hidden = true;
    for (let i = 0; i < 3; i++) reads.request();
    jest.advanceTimersByTime(60_000);
    expect(read).not.toHaveBeenCalled();
    hidden = false;
    reads.shown();
    reads.shown();
    jest.advanceTimersByTime(0);
    expect(read).toHaveBeenCalledTimes(1);
    await finish();
    reads.shown();
    jest.advanceTimersByTime(5000);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('a failed read does not stop later ones', async () => {
    const read = jest.fn(() => Promise.reject(new Error('offline')));
    const reads = coalescedRead({ read, minGapMs: 1000, hidden: () => false });
    reads.request();
    jest.advanceTimersByTime(0);
    await Promise.resolve();
    await Promise.resolve();
    reads.request();
    jest.advanceTimersByTime(1000);
    expect(read).toHaveBeenCalledTimes(2);
  });
});

describe('followKpis', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-11-25T09:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('subscribes its scope on connect, reads on hints and after a reconnect, follows a new scope', async () => {
    const socket = new FakeSocket();
    const { read, finish } = manualReads();
    const follower = followKpis({ socket, scope: 'rep:r1', read, minGapMs: 2000, hidden: () => false });
    socket.serverConnect();
    expect(socket.emitted).toEqual([{ event: 'kpis:subscribe', payload: { scope: 'rep:r1' } }]);
    // The first connect reads nothing: the screen's own first read covers it.
    jest.advanceTimersByTime(5000);
    expect(read).not.toHaveBeenCalled();

    socket.fire('kpis:changed', { asOf: '2026-11-25T09:00:05Z' });
    socket.fire('kpis:changed', { asOf: '2026-11-25T09:00:05Z' });
    jest.advanceTimersByTime(0);
    expect(read).toHaveBeenCalledTimes(1);
    await finish();
    jest.advanceTimersByTime(2000);
    expect(read).toHaveBeenCalledTimes(1);

    // Back after a drop: subscribed again (rooms do not survive) and read again.
    socket.serverDrop();
    socket.serverConnect();
    expect(socket.emitted.at(-1)).toEqual({ event: 'kpis:subscribe', payload: { scope: 'rep:r1' } });
    jest.advanceTimersByTime(0);
    expect(read).toHaveBeenCalledTimes(2);
    await finish();

    follower.setScope('team:t1');
    expect(socket.emitted.slice(-2)).toEqual([
      { event: 'kpis:unsubscribe', payload: { scope: 'rep:r1' } },
      { event: 'kpis:subscribe', payload: { scope: 'team:t1' } },
    ]);
    follower.stop();
    socket.fire('kpis:changed', { asOf: '2026-11-25T09:01:00Z' });
    jest.advanceTimersByTime(10_000);
    expect(read).toHaveBeenCalledTimes(2);
    expect(socket.emitted.at(-1)).toEqual({ event: 'kpis:unsubscribe', payload: { scope: 'team:t1' } });
  });
});
