/** Streams hub events to one SSE client, replaying what it missed since `Last-Event-ID`. */
import type { Request, Response } from 'express';
import type { EventHub, HubEvent } from '../events/hub.ts';

/** Interval between heartbeat comments, ms (keeps proxies from closing an idle stream). */
export const HEARTBEAT_MS = 20_000;

// No `event:` field: every event arrives at EventSource.onmessage, its type inside the data.
const frame = (e: HubEvent): string => `id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`;

/**
 * Opens an SSE stream on `res`. Each message has `id:` (the events table id) and `data:` the JSON
 * `{id, type, payload, createdAt}`. First come the events after `lastEventId` (if given) from the table,
 * then every live event, without duplicates or gaps between the two. Ends when the client leaves or
 * the hub stops. `heartbeatMs` is the interval of `: ping` comments.
 */
export async function streamEvents(
  hub: EventHub,
  req: Request,
  res: Response,
  lastEventId: number | undefined,
  heartbeatMs = HEARTBEAT_MS,
): Promise<void> {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write('retry: 3000\n\n');

  let closed = false;
  const send = (e: HubEvent): void => {
    if (!closed) res.write(frame(e));
  };
  // live events that arrive while the replay query runs wait in `buffered`
  let buffered: HubEvent[] | null = lastEventId === undefined ? null : [];
  const unsubscribe = hub.subscribe((e) => (buffered ? buffered.push(e) : send(e)));
  const heartbeat = setInterval(() => !closed && res.write(': ping\n\n'), heartbeatMs);
  heartbeat.unref();
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    unregister();
    res.end();
  };
  const unregister = hub.onStop(close);
  req.on('close', close);

  if (lastEventId !== undefined) {
    const replayed = new Set<number>();
    try {
      for (const e of await hub.replay(lastEventId)) {
        replayed.add(e.id);
        send(e);
      }
    } finally {
      const pending = buffered ?? [];
      buffered = null;
      for (const e of pending) if (e.id > lastEventId && !replayed.has(e.id)) send(e);
    }
  }
}
