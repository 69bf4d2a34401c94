import { jest } from '@jest/globals';
import type { Celebration } from '@leaderboard/contracts';
import { CelebrationPacer } from './celebration-pacer.js';

const deal = (repId: string, amount: number): Celebration => ({
  kind: 'deal_won',
  repId,
  name: repId,
  teamId: null,
  amount,
  currency: 'RUB',
  at: '2026-11-23T10:00:00.000Z',
});

const tier = (repId: string): Celebration => ({
  kind: 'tier',
  repId,
  name: repId,
  teamId: null,
  tier: 'Gold',
  at: '2026-11-23T10:00:00.000Z',
});

describe('CelebrationPacer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends the first of a quiet spell at once and then at most perSecond', () => {
    const sent: string[] = [];
    const pacer = new CelebrationPacer(2, (c) => sent.push(c.repId));
    for (let i = 0; i < 5; i++) pacer.push(deal(`r${i}`, 100));
    expect(sent).toEqual(['r0']);
    jest.advanceTimersByTime(499);
    expect(sent).toEqual(['r0']);
    jest.advanceTimersByTime(1);
    expect(sent).toEqual(['r0', 'r1']);
    jest.advanceTimersByTime(1500);
    expect(sent).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    // Quiet for a while: the next one leaves at once again.
    jest.advanceTimersByTime(2000);
    pacer.push(deal('r5', 100));
    expect(sent.at(-1)).toBe('r5');
    pacer.stop();
  });

  it('keeps the most notable of a burst, in the order they happened', () => {
    const sent: Celebration[] = [];
    const pacer = new CelebrationPacer(10, (c) => sent.push(c), 3);
    pacer.push(deal('first', 1));
    pacer.push(deal('a', 500));
    pacer.push(tier('t'));
    pacer.push(deal('b', 100));
    pacer.push(deal('c', 900));
    pacer.push(deal('d', 50));
    expect(pacer.waiting).toBe(3);
    jest.advanceTimersByTime(1000);
    expect(sent.map((c) => c.repId)).toEqual(['first', 'a', 't', 'c']);
    pacer.stop();
  });

  it('drops nothing while the queue has room, and stop() discards what waits', () => {
    const sent: string[] = [];
    const pacer = new CelebrationPacer(1, (c) => sent.push(c.repId), 20);
    for (let i = 0; i < 21; i++) pacer.push(deal(`r${i}`, i));
    expect(pacer.waiting).toBe(20);
    pacer.stop();
    jest.advanceTimersByTime(60_000);
    expect(sent).toEqual(['r0']);
  });
});
