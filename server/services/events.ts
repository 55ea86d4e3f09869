/** Streams hub events to one SSE client, replaying what it missed since `Last-Event-ID`. */
import type { Request, Response } from 'express';
import type { EventHub, HubEvent } from '../events/hub.ts';

// No `event:` field: every event arrives at EventSource.onmessage, its type inside the data.
// One serialisation per event, shared by every stream of this process (the hub hands all the same object).
const frames = new WeakMap<HubEvent, string>();
const frame = (e: HubEvent): string => {
  let f = frames.get(e);
  if (f === undefined) {
    f = `id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`;
    frames.set(e, f);
  }
  return f;
};

/**
 * Opens an SSE stream on `res`. Each message has `id:` (the events table id) and `data:` the JSON
 * `{id, type, payload, createdAt}`. First come the events after `lastEventId` (if given) from the table,
 * then every live event, without duplicates or gaps between the two. Ends when the client leaves or
 * the hub stops. Every `hub.heartbeatMs` a `: ping` comment keeps idle proxies from closing the stream.
 */
export async function streamEvents(
  hub: EventHub,
  req: Request,
  res: Response,
  lastEventId: number | undefined,
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
  // ids sent by the replay: the NOTIFY of an event published just before the client connected can reach
  // this process after the replay already sent it
  const replayed = new Set<number>();
  const send = (e: HubEvent): void => {
    if (!closed && !replayed.has(e.id)) res.write(frame(e));
  };
  // live events that arrive while the replay query runs wait in `buffered`
  let buffered: HubEvent[] | null = lastEventId === undefined ? null : [];
  const unsubscribe = hub.subscribe((e) => (buffered ? buffered.push(e) : send(e)));
  const heartbeat = setInterval(() => !closed && res.write(': ping\n\n'), hub.heartbeatMs);
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
    try {
      for (const e of await hub.replay(lastEventId)) {
        send(e);
        replayed.add(e.id);
      }
    } finally {
      const pending = buffered ?? [];
      buffered = null;
      for (const e of pending) if (e.id > lastEventId) send(e);
    }
  }
}
