/**
 * zustand's `create`, recording how to bring each store back to where it started (zustand's testing
 * guide: a wrapper around `create` that records a reset). The web test setup calls
 * `resetAllStores()` around every test, so no list of stores is kept by hand.
 */
import { create, type StateCreator, type StoreApi, type UseBoundStore } from 'zustand';

const resets = new Set<() => void>();

/**
 * A store whose state has a `reset` action (one that also stops its timers or drops answers still
 * in flight) is reset by it; any other goes back to the state it was created with.
 */
export function createStore<T>(initializer: StateCreator<T>): UseBoundStore<StoreApi<T>> {
  const store = create<T>()(initializer);
  const initial = store.getState();
  resets.add(() => {
    const { reset } = store.getState() as { reset?: unknown };
    if (typeof reset === 'function') (reset as () => void)();
    else store.setState(initial, true);
  });
  return store;
}

/** Every store created so far, back to its first state. */
export function resetAllStores(): void {
  for (const reset of resets) reset();
}
