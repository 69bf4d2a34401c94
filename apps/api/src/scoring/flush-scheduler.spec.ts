import { jest } from '@jest/globals';
import { ManualClock } from '../common/clock.js';
import { FlushScheduler } from './flush-scheduler.js';

/** Any instant long after the epoch (the first write has no previous one to keep a distance from). */
const T = 1_000_000;

describe('FlushScheduler', () => {
  let clock: ManualClock;
  let writes: number[];
  let pending: boolean;
  let fail: boolean;
  let cost: { costMs: number };
  let failures: unknown[];
  let flushes: FlushScheduler;

  beforeEach(() => {
    jest.useFakeTimers({ now: T });
    clock = new ManualClock(T);
    writes = [];
    pending = false;
    fail = false;
    cost = { costMs: 0 };
    failures = [];
    flushes = new FlushScheduler({
      intervalMs: 100,
      clock,
      cost,
      pending: () => pending,
      write: () => {
        writes.push(clock.now() - T);
        pending = fail;
        return fail ? Promise.reject(new Error('down')) : Promise.resolve();
      },
      failed: (error) => failures.push(error),
    });
  });
  afterEach(() => jest.useRealTimers());

  const pass = async (ms: number): Promise<void> => {
    for (let i = 0; i < ms; i += 10) {
      clock.advance(10);
      await jest.advanceTimersByTimeAsync(10);
    }
  };

  it('coalesces changes into at most one write per interval', async () => {
    pending = true;
    flushes.schedule();
    await pass(10);
    expect(writes).toEqual([10]);
    for (let i = 0; i < 5; i++) {
      pending = true;
      flushes.schedule();
      await pass(20);
    }
    // Writes start one interval apart however often changes come.
    expect(writes).toEqual([10, 110]);
  });

  it('spaces writes out to twice the publish cost when publishing is slow', async () => {
    cost.costMs = 120;
    pending = true;
    flushes.schedule();
    await pass(10);
    pending = true;
    flushes.schedule();
    await pass(300);
    expect(writes).toEqual([10, 250]);
  });

  it('retries a failed write after a second, and answers waiters with its outcome', async () => {
    fail = true;
    pending = true;
    const next = flushes.next();
    const outcome = next.then(
      () => 'ok',
      (error: unknown) => (error as Error).message,
    );
    await pass(10);
    expect(await outcome).toBe('down');
    fail = false;
    await pass(990);
    // One retry, a second after the failed write (to the step of `pass`).
    expect(writes).toHaveLength(2);
    expect(writes[1] - writes[0]).toBeGreaterThanOrEqual(980);
    // The failed write is reported (logged) once.
    expect(failures).toHaveLength(1);
  });

  it('writes at once on idle, without waiting for the interval', async () => {
    pending = true;
    flushes.schedule();
    await flushes.idle();
    expect(writes).toEqual([0]);
    await pass(200);
    expect(writes).toEqual([0]);
  });
});
