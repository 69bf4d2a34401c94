import { create } from 'zustand';
import { messageOf, NOT_LOADED, trackLoad, type LoadState } from './load-state.js';

interface ListState extends LoadState {
  items: string[];
}

const useList = create<ListState>()(() => ({ items: [], ...NOT_LOADED }));

describe('trackLoad', () => {
  it('is loading while the read runs, then stores the answer as loaded', async () => {
    let answer!: (items: string[]) => void;
    const done = trackLoad<ListState>(
      useList.setState,
      () => new Promise((resolve) => (answer = (items) => resolve({ items }))),
    );
    expect(useList.getState()).toMatchObject({ loading: true, loaded: false });
    answer(['a']);
    await done;
    expect(useList.getState()).toMatchObject({ items: ['a'], loading: false, loaded: true, loadError: null });
  });

  it('keeps what the read failed with (or only its message), and clears it on the next success', async () => {
    const failure = new Error('offline');
    await trackLoad<ListState>(useList.setState, () => Promise.reject(failure));
    expect(useList.getState()).toMatchObject({ loading: false, loaded: true, loadError: failure });
    await trackLoad<ListState>(useList.setState, () => Promise.reject(failure), { error: messageOf });
    expect(useList.getState().loadError).toBe('offline');
    await trackLoad<ListState>(useList.setState, () => Promise.resolve({ items: ['b'] }));
    expect(useList.getState()).toMatchObject({ items: ['b'], loadError: null });
  });

  it('drops the answer and the failure of a read that a newer one overtook', async () => {
    await trackLoad<ListState>(useList.setState, () => Promise.resolve({ items: ['old'] }), {
      current: () => false,
    });
    await trackLoad<ListState>(useList.setState, () => Promise.reject(new Error('late')), {
      current: () => false,
    });
    expect(useList.getState()).toMatchObject({ items: [], loadError: null });
  });
});
