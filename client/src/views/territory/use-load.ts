/** A hook that runs one fetch per change of its key, aborting the previous one, with a retry. */
import { useCallback, useEffect, useState } from 'react';

export type LoadState<T> = { status: 'idle' | 'loading'; data: T | null; error: null } | { status: 'ready'; data: T; error: null } | { status: 'error'; data: T | null; error: unknown };

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/**
 * Calls `load(signal)` whenever `key` changes (null = nothing to load) and keeps the last data while a new load
 * runs. Returns the state and a `retry` that runs the same load again.
 */
export function useLoad<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): LoadState<T> & { retry: () => void } {
  const [state, setState] = useState<LoadState<T>>({ status: 'idle', data: null, error: null });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (key === null) {
      setState({ status: 'idle', data: null, error: null });
      return;
    }
    const ctl = new AbortController();
    setState((s) => ({ status: 'loading', data: s.data, error: null }));
    load(ctl.signal).then(
      (data) => {
        if (!ctl.signal.aborted) setState({ status: 'ready', data, error: null });
      },
      (error: unknown) => {
        if (!isAbort(error) && !ctl.signal.aborted) setState((s) => ({ status: 'error', data: s.data, error }));
      },
    );
    return () => ctl.abort();
    // `load` is a fresh closure each render; `key` says when it means something new
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  return { ...state, retry };
}
