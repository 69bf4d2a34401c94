/**
 * The bookkeeping of a read from the API, one shape for the console's stores: `loading` while a
 * read is under way, `loaded` once one has finished (answered or failed), `loadError` what the last
 * one failed with, null after a success.
 */
export interface LoadState<E = unknown> {
  loading: boolean;
  loaded: boolean;
  loadError: E | null;
}

export const NOT_LOADED: LoadState<never> = { loading: false, loaded: false, loadError: null };

export interface LoadOptions<E> {
  /** What is kept of a failure; the error itself (an ApiError when the API answered) by default. */
  error?: (error: unknown) => E;
  /** False once a newer read has overtaken this one: its answer and its failure are dropped. */
  current?: () => boolean;
}

/** Only the message: tabs that show every failed read as a network problem. */
export const messageOf = (error: unknown): string => (error as Error).message;

/**
 * Runs `read` and stores what it answers together with the load state, or what it failed with.
 * `set` is the store's: a read's answer and its bookkeeping land in one update.
 */
export async function trackLoad<S extends LoadState<E>, E = unknown>(
  set: (partial: Partial<S>) => void,
  read: () => Promise<Partial<S>>,
  { error: keep = (error) => error as E, current = () => true }: LoadOptions<E> = {},
): Promise<void> {
  set({ loading: true } as Partial<S>);
  try {
    const answer = await read();
    if (current()) set({ ...answer, loading: false, loaded: true, loadError: null });
  } catch (error) {
    if (current()) set({ loading: false, loaded: true, loadError: keep(error) } as Partial<S>);
  }
}
