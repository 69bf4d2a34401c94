/** What a row of the reps tab runs (rename, delete, deactivate): one error slot and what follows success. */
import { useState } from 'react';

/** `run` clears the last error, runs the action, then `done`; a refusal is kept in `error`. */
export function useRowAction(done: () => void): {
  error: unknown;
  run: (action: () => Promise<unknown>) => Promise<void>;
} {
  const [error, setError] = useState<unknown>(null);
  async function run(action: () => Promise<unknown>): Promise<void> {
    setError(null);
    try {
      await action();
      done();
    } catch (caught) {
      setError(caught);
    }
  }
  return { error, run };
}
