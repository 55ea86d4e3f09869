/**
 * The shared SSE connection (`/api/events`): one EventSource per page however many components listen, opened
 * while at least one listener is subscribed. The browser resends `Last-Event-ID` when it reconnects, so the server
 * replays what was missed; an event id already delivered (replay overlapping live delivery) is dropped here, so
 * each listener sees each event once.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';

/** One message of the stream: `{id, type, payload, createdAt}`. */
export interface ServerEvent<P = unknown> {
  id: number;
  type: string;
  payload: P;
  createdAt: string;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting';

type Listener = (e: ServerEvent) => void;

const listeners = new Set<Listener>();
const stateListeners = new Set<() => void>();
let source: EventSource | null = null;
let state: ConnectionState = 'connecting';
/** ids delivered recently (bounded: the replay after a reconnect only overlaps the last few) */
const seen = new Set<number>();
const SEEN_MAX = 5000;
let lastId = 0;

function setState(s: ConnectionState): void {
  if (state === s) return;
  state = s;
  stateListeners.forEach((l) => l());
}

function deliver(raw: MessageEvent<string>): void {
  let e: ServerEvent;
  try {
    e = JSON.parse(raw.data) as ServerEvent;
  } catch {
    console.error('events: malformed message', raw.data);
    return;
  }
  const id = Number(e.id ?? raw.lastEventId);
  if (Number.isFinite(id)) {
    if (seen.has(id)) return;
    seen.add(id);
    if (seen.size > SEEN_MAX) {
      // drop the oldest half (Set keeps insertion order)
      let n = SEEN_MAX / 2;
      for (const old of seen) {
        if (n-- <= 0) break;
        seen.delete(old);
      }
    }
    if (id > lastId) lastId = id;
  }
  listeners.forEach((l) => l(e));
}

function open(): void {
  // after a full close and reopen (view left and entered again) resume from the last id seen
  source = new EventSource(lastId > 0 ? `/api/events?lastEventId=${lastId}` : '/api/events');
  setState('connecting');
  source.onopen = () => setState('open');
  source.onerror = () => {
    setState('reconnecting');
    // the browser retries by itself unless the stream was refused (e.g. a restart answered 503): retry then
    if (source?.readyState === EventSource.CLOSED) {
      source = null;
      setTimeout(() => {
        if (!source && listeners.size > 0) open();
      }, 5000);
    }
  };
  source.onmessage = deliver;
}

/** Subscribes to every server event; returns the unsubscribe function (closes the stream after the last). */
export function subscribeEvents(listener: Listener): () => void {
  listeners.add(listener);
  if (!source) open();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && source) {
      source.close();
      source = null;
      setState('connecting');
    }
  };
}

/** Id of the last event delivered (0 before the first). */
export function lastEventId(): number {
  return lastId;
}

/** Calls `onEvent` for each new server event while the component is mounted (always the latest callback). */
export function useServerEvents(onEvent: Listener): void {
  const ref = useRef(onEvent);
  ref.current = onEvent;
  useEffect(() => subscribeEvents((e) => ref.current(e)), []);
}

/** The stream's connection state, for a "live / reconnecting" badge. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (l) => {
      stateListeners.add(l);
      return () => stateListeners.delete(l);
    },
    () => state,
  );
}
