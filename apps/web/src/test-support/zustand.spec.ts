import { create } from 'zustand';
import { resetAllStores } from './zustand.js';

describe('zustand in the web specs', () => {
  it('puts a store back to the state it was created with', () => {
    const useCounter = create<{ count: number; items: string[]; add: () => void }>()((set, get) => ({
      count: 0,
      items: [],
      add: () => set({ count: get().count + 1, items: [...get().items, 'x'] }),
    }));
    useCounter.getState().add();
    useCounter.setState({ count: 5 });
    resetAllStores();
    expect(useCounter.getState()).toMatchObject({ count: 0, items: [] });
    useCounter.getState().add();
    expect(useCounter.getState().count).toBe(1);
  });

  it("runs a store's own reset, which may also stop what it started", () => {
    let stopped = 0;
    const useTimed = create<{ running: boolean; start: () => void; reset: () => void }>()((set) => ({
      running: false,
      start: () => set({ running: true }),
      reset: () => {
        stopped += 1;
        set({ running: false });
      },
    }));
    useTimed.getState().start();
    resetAllStores();
    expect(useTimed.getState().running).toBe(false);
    expect(stopped).toBe(1);
  });
});
