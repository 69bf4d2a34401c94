/**
 * Celebrations wait in a queue and show one at a time for `CELEBRATION_MS`; none inside quiet hours
 * (outside the org's working hours), and a backlog never grows past `CELEBRATION_QUEUE_MAX`.
 */
import type { Celebration } from '@leaderboard/contracts';
import { create } from 'zustand';
import { useOrgStore } from '../org/org-store.js';
import { isWorkingTime } from '../org/working-hours.js';

export const CELEBRATION_MS = 4000;
export const CELEBRATION_QUEUE_MAX = 10;

export interface QueuedCelebration {
  id: number;
  celebration: Celebration;
}

export interface CelebrationsState {
  current: QueuedCelebration | null;
  queue: QueuedCelebration[];
  /** Queues it (shows it now when nothing is showing); ignored in quiet hours. */
  enqueue: (celebration: Celebration, now?: Date) => void;
  /** Ends the one showing and shows the next, unless quiet hours began meanwhile. */
  advance: (now?: Date) => void;
  reset: () => void;
}

let timer: ReturnType<typeof setTimeout> | undefined;
let nextId = 1;

function isQuiet(now: Date): boolean {
  const { workingHours, timeZone } = useOrgStore.getState();
  return !isWorkingTime(now, workingHours, timeZone);
}

export const useCelebrationsStore = create<CelebrationsState>()((set, get) => {
  const show = (item: QueuedCelebration | null): void => {
    clearTimeout(timer);
    timer = item ? setTimeout(() => get().advance(), CELEBRATION_MS) : undefined;
  };
  return {
    current: null,
    queue: [],
    enqueue: (celebration, now = new Date()) => {
      if (isQuiet(now)) return;
      const item = { id: nextId++, celebration };
      const { current, queue } = get();
      if (current === null) {
        set({ current: item });
        show(item);
      } else if (queue.length < CELEBRATION_QUEUE_MAX) {
        set({ queue: [...queue, item] });
      }
    },
    advance: (now = new Date()) => {
      const [next = null, ...rest] = isQuiet(now) ? [] : get().queue;
      set({ current: next, queue: rest });
      show(next);
    },
    reset: () => {
      clearTimeout(timer);
      timer = undefined;
      set({ current: null, queue: [] });
    },
  };
});
