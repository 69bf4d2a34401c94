import { jest } from '@jest/globals';
import { ManualClock } from './clock.js';
import { WindowScheduler } from './window-scheduler.js';

describe('WindowScheduler', () => {
  let clock: ManualClock;
  let windows: WindowScheduler;
  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    clock = new ManualClock(1_000_000);
    windows = new WindowScheduler(clock);
  });
  afterEach(() => {
    windows.onModuleDestroy();
    jest.useRealTimers();
  });
  const pass = (ms: number): void => {
    clock.advance(ms);
    jest.advanceTimersByTime(ms);
  };

  it('calls each window back once when it ends, the earliest first, with one timer', () => {
    const calls: string[] = [];
    windows.at('competitions', 1_000_500, () => calls.push('competitions'));
    windows.at('rollover', 1_000_200, () => calls.push('rollover'));
    expect(jest.getTimerCount()).toBe(1);
    pass(199);
    expect(calls).toEqual([]);
    pass(1);
    expect(calls).toEqual(['rollover']);
    pass(300);
    expect(calls).toEqual(['rollover', 'competitions']);
    pass(10_000);
    expect(calls).toEqual(['rollover', 'competitions']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('replaces the wish of a window named again, and forgets a cancelled one', () => {
    const calls: number[] = [];
    windows.at('rollover', 1_000_100, () => calls.push(1));
    windows.at('rollover', 1_000_300, () => calls.push(2));
    windows.at('competitions', 1_000_050, () => calls.push(3));
    windows.cancel('competitions');
    pass(200);
    expect(calls).toEqual([]);
    pass(100);
    expect(calls).toEqual([2]);
  });

  it('runs a window that has already ended at once, and one planned from inside a callback', () => {
    const calls: string[] = [];
    windows.at('late', 0, () => {
      calls.push('late');
      windows.at('next', clock.now() + 100, () => calls.push('next'));
    });
    jest.advanceTimersByTime(0);
    expect(calls).toEqual(['late']);
    pass(100);
    expect(calls).toEqual(['late', 'next']);
  });

  it('waits for the clock: a timer that fires early plans itself again', () => {
    const calls: string[] = [];
    windows.at('rollover', 1_000_100, () => calls.push('rollover'));
    jest.advanceTimersByTime(100); // the timer fired, but the clock has not moved
    expect(calls).toEqual([]);
    pass(100);
    expect(calls).toEqual(['rollover']);
  });
});
