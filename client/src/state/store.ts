/**
 * A minimal external store for per-view state, read in React through `useSyncExternalStore`.
 * Each view creates its own store; there is no global app store.
 */
import { useSyncExternalStore } from 'react';

export interface Store<S> {
  get(): S;
  /** Shallow-merges `patch` (or the result of `patch(state)`) into the state and notifies subscribers. */
  set(patch: Partial<S> | ((s: S) => Partial<S>)): void;
  subscribe(listener: () => void): () => void;
}

/** Creates a store holding `initial`. */
export function createStore<S extends object>(initial: S): Store<S> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      const p = typeof patch === 'function' ? patch(state) : patch;
      state = { ...state, ...p };
      listeners.forEach((l) => l());
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Subscribes a component to `store`, re-rendering when the selected value changes (compared with `Object.is`). */
export function useStore<S, T>(store: Store<S>, select: (s: S) => T): T {
  return useSyncExternalStore(store.subscribe, () => select(store.get()));
}
