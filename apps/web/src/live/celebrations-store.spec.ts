import { jest } from '@jest/globals';
import type { Celebration } from '@leaderboard/contracts';
import { useOrgStore } from '../org/org-store.js';
import { CELEBRATION_MS, CELEBRATION_QUEUE_MAX, useCelebrationsStore } from './celebrations-store.js';

// Wednesday 25 Nov 2026 12:00 Moscow time; Saturday 28 Nov 12:00.
const WORKING = new Date('2026-11-25T09:00:00Z');
const WEEKEND = new Date('2026-11-28T09:00:00Z');

function deal(name: string, amount = 1_500_000): Celebration {
  return {
    kind: 'deal_won',
    repId: name,
    name,
    teamId: null,
    amount,
    currency: 'RUB',
    at: WORKING.toISOString(),
  };
}

const names = () => {
  const { current, queue } = useCelebrationsStore.getState();
  return { current: current?.celebration.name ?? null, queue: queue.map((item) => item.celebration.name) };
};

describe('celebrations store', () => {
  beforeEach(() => jest.useFakeTimers({ now: WORKING }));
  afterEach(() => jest.useRealTimers());

  it('shows one at a time, each for about four seconds, in arrival order', () => {
    const store = useCelebrationsStore.getState();
    store.enqueue(deal('Anna'), WORKING);
    store.enqueue(deal('Boris'), WORKING);
    store.enqueue(deal('Chen'), WORKING);
    expect(names()).toEqual({ current: 'Anna', queue: ['Boris', 'Chen'] });

    jest.advanceTimersByTime(CELEBRATION_MS - 1);
    expect(names().current).toBe('Anna');
    jest.advanceTimersByTime(1);
    expect(names()).toEqual({ current: 'Boris', queue: ['Chen'] });
    jest.advanceTimersByTime(CELEBRATION_MS);
    expect(names()).toEqual({ current: 'Chen', queue: [] });
    jest.advanceTimersByTime(CELEBRATION_MS);
    expect(names()).toEqual({ current: null, queue: [] });
  });

  it('shows the next one at once when the screen was idle', () => {
    useCelebrationsStore.getState().enqueue(deal('Anna'), WORKING);
    jest.advanceTimersByTime(CELEBRATION_MS * 3);
    useCelebrationsStore.getState().enqueue(deal('Boris'), WORKING);
    expect(names().current).toBe('Boris');
  });

  it('celebrates nothing in quiet hours (outside the org working hours)', () => {
    jest.setSystemTime(WEEKEND);
    useCelebrationsStore.getState().enqueue(deal('Anna'), WEEKEND);
    useCelebrationsStore.getState().enqueue(deal('Boris'), new Date('2026-11-25T17:30:00Z')); // Wed 20:30
    expect(names()).toEqual({ current: null, queue: [] });
  });

  it('drops what is still waiting when quiet hours begin', () => {
    useCelebrationsStore.getState().enqueue(deal('Anna'), WORKING);
    useCelebrationsStore.getState().enqueue(deal('Boris'), WORKING);
    useCelebrationsStore.getState().advance(WEEKEND);
    expect(names()).toEqual({ current: null, queue: [] });
  });

  it('uses the working hours the org store holds', () => {
    useOrgStore.setState({ workingHours: { start: '10:00', end: '14:00', weekdays: [6], outsideFactor: 0 } });
    useCelebrationsStore.getState().enqueue(deal('Anna'), WORKING);
    expect(names().current).toBeNull();
    useCelebrationsStore.getState().enqueue(deal('Boris'), WEEKEND);
    expect(names().current).toBe('Boris');
  });

  it('never lets a backlog grow without bound', () => {
    for (let i = 0; i < CELEBRATION_QUEUE_MAX + 5; i++)
      useCelebrationsStore.getState().enqueue(deal(`Rep ${i}`), WORKING);
    expect(useCelebrationsStore.getState().queue).toHaveLength(CELEBRATION_QUEUE_MAX);
  });
});
