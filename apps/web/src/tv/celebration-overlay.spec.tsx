import { jest } from '@jest/globals';
import { act, render, screen } from '@testing-library/react';
import type { Celebration } from '@leaderboard/contracts';
import { useCelebrationsStore } from '../live/celebrations-store.js';
import { useOrgStore } from '../org/org-store.js';
import { CELEBRATION_EXIT_MS, CelebrationOverlay } from './celebration-overlay.js';

const ALWAYS_WORKING = { start: '00:00', end: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 };

function deal(name: string): Celebration {
  return { kind: 'deal_won', repId: name, name, teamId: null, at: new Date().toISOString() };
}

const shown = () =>
  screen.queryAllByTestId('celebration').map((card) => ({
    name: card.querySelector('.tv-celebration-name')?.textContent,
    leaving: card.classList.contains('is-leaving'),
  }));

describe('celebration overlay with motion', () => {
  beforeEach(() => {
    jest.useFakeTimers();
    useOrgStore.setState({ workingHours: ALWAYS_WORKING });
  });
  afterEach(() => jest.useRealTimers());

  it('shows one card at a time: the one the queue moved past fades out before the next comes in', () => {
    render(<CelebrationOverlay reducedMotion={false} />);
    expect(shown()).toEqual([]);
    act(() => useCelebrationsStore.getState().enqueue(deal('Anna')));
    expect(shown()).toEqual([{ name: 'Anna', leaving: false }]);
    act(() => useCelebrationsStore.getState().enqueue(deal('Boris')));
    act(() => useCelebrationsStore.getState().enqueue(deal('Chen')));

    act(() => useCelebrationsStore.getState().advance());
    expect(shown()).toEqual([{ name: 'Anna', leaving: true }]);
    act(() => jest.advanceTimersByTime(CELEBRATION_EXIT_MS - 1));
    expect(shown()).toEqual([{ name: 'Anna', leaving: true }]);
    act(() => jest.advanceTimersByTime(1));
    expect(shown()).toEqual([{ name: 'Boris', leaving: false }]);

    // The queue moves twice during one fade: the latest one comes in after it.
    act(() => useCelebrationsStore.getState().advance());
    act(() => jest.advanceTimersByTime(CELEBRATION_EXIT_MS / 2));
    act(() => useCelebrationsStore.getState().advance());
    expect(shown()).toEqual([{ name: 'Boris', leaving: true }]);
    act(() => jest.advanceTimersByTime(CELEBRATION_EXIT_MS / 2));
    expect(shown()).toEqual([]);
  });

  it('leaves nothing behind: no card and no timer once the queue is empty', () => {
    const { container } = render(<CelebrationOverlay reducedMotion={false} />);
    for (const name of ['Anna', 'Boris', 'Chen']) {
      act(() => useCelebrationsStore.getState().enqueue(deal(name)));
      act(() => useCelebrationsStore.getState().advance());
      act(() => jest.advanceTimersByTime(CELEBRATION_EXIT_MS));
    }
    expect(container.innerHTML).toBe('');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('under reduced motion, swaps cards at once with no fade', () => {
    render(<CelebrationOverlay reducedMotion />);
    act(() => useCelebrationsStore.getState().enqueue(deal('Anna')));
    act(() => useCelebrationsStore.getState().enqueue(deal('Boris')));
    act(() => useCelebrationsStore.getState().advance());
    expect(shown()).toEqual([{ name: 'Boris', leaving: false }]);
    expect(document.querySelector('.tv-celebration-animated, .confetti')).toBeNull();
  });
});
