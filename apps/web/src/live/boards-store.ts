/**
 * The boards this screen follows: the last `LiveBoard` state of each subscription plus how every
 * rep moved. Written by the live client (outside React) through `apply`.
 */
import {
  ALL_SCOPE,
  requestedScope,
  scopeKey,
  type BoardSubscription,
  type LiveBoardState,
} from '@leaderboard/contracts';
import { create } from 'zustand';
import { nextMovement, type Movement } from './movement.js';

export interface BoardView extends LiveBoardState {
  movement: Movement;
}

export interface BoardsState {
  /** Subscription id (`subscriptionId`) -> board. */
  boards: Record<string, BoardView>;
  apply: (id: string, state: LiveBoardState) => void;
  reset: () => void;
}

/** `month:all`, `week:team:<id>`, `month:tenure:0-3m`, `month:improved`. */
export function subscriptionId(subscription: BoardSubscription): string {
  return `${subscription.period}:${scopeKey(requestedScope(subscription) ?? ALL_SCOPE)}`;
}

export const useBoardsStore = create<BoardsState>()((set) => ({
  boards: {},
  apply: (id, state) =>
    set(({ boards }) => {
      const previous = boards[id];
      // A new period instance (the day rolled over) starts without arrows.
      const sameBoard = previous !== undefined && previous.board?.key === state.board?.key;
      const movement = !sameBoard
        ? {}
        : previous.rows === state.rows
          ? previous.movement
          : nextMovement(previous.rows, state.rows, previous.movement);
      return { boards: { ...boards, [id]: { ...state, movement } } };
    }),
  reset: () => set({ boards: {} }),
}));
