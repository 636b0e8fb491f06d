import { type DependencyList, useEffect, useState } from 'react';

export type AsyncState<T> =
  | { status: 'loading'; data: T | null }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: Error; data: T | null };

/**
 * Runs `load` whenever `deps` change, aborting the previous run, and keeps the last data while
 * the next load is under way so views do not flash empty.
 */
export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading', data: null });
  // biome-ignore-start lint/correctness/useExhaustiveDependencies: the caller names the inputs of `load` in deps.
  useEffect(() => {
    const controller = new AbortController();
    setState((previous) => ({ status: 'loading', data: previous.data }));
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState((previous) => ({
          status: 'error',
          error: error instanceof Error ? error : new Error(String(error)),
          data: previous.data,
        }));
      },
    );
    return () => controller.abort();
  }, deps);
  // biome-ignore-end lint/correctness/useExhaustiveDependencies: see above.
  return state;
}
