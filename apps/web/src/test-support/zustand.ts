/**
 * `zustand` as the web specs see it (jest.config.js maps the module here), after zustand's testing
 * guide: `create` records how to bring each store back to where it started, and the test setup
 * calls `resetAllStores()` around every test. The app's bundle uses zustand unchanged.
 */
import { create as actualCreate } from 'zustand/react';
import type { StateCreator } from 'zustand/vanilla';

export * from 'zustand/vanilla';
export * from 'zustand/react';

const resets = new Set<() => void>();

/**
 * A store whose state has a `reset` action (one that also stops its timers or drops answers still
 * in flight) is reset by it; any other goes back to the state it was created with.
 */
function recorded<T>(initializer: StateCreator<T>) {
  const store = actualCreate<T>()(initializer);
  resets.add(() => {
    const { reset } = store.getState() as { reset?: unknown };
    if (typeof reset === 'function') (reset as () => void)();
    else store.setState(store.getInitialState(), true);
  });
  return store;
}

export const create = (<T>(initializer?: StateCreator<T>) =>
  initializer ? recorded(initializer) : (later: StateCreator<T>) => recorded(later)) as typeof actualCreate;

/** Every store created so far, back to its first state. */
export function resetAllStores(): void {
  for (const reset of resets) reset();
}
