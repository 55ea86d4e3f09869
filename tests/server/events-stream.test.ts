/** streamEvents against a scripted hub: the replay/live hand-over without duplicates or gaps. */
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import type { EventHub, HubEvent } from '../../server/events/hub.ts';
import { streamEvents } from '../../server/services/events.ts';

const ev = (id: number): HubEvent => ({ id, type: 't', payload: { id }, createdAt: '2026-01-01T00:00:00.000Z' });

/** A hub whose replay resolves when the test says so, and whose live events the test pushes. */
function scriptedHub(replayRows: HubEvent[]) {
  let listener: ((e: HubEvent) => void) | undefined;
  let finishReplay!: () => void;
  const replayGate = new Promise<void>((r) => (finishReplay = r));
  const hub = {
    heartbeatMs: 60_000,
    subscribe: (l: (e: HubEvent) => void) => ((listener = l), () => (listener = undefined)),
    onStop: () => () => {},
    replay: async () => (await replayGate, replayRows),
  };
  return { hub: hub as unknown as EventHub, push: (e: HubEvent) => listener?.(e), finishReplay };
}

function fakeResponse() {
  const written: string[] = [];
  const res = { status: () => res, set: () => res, flushHeaders: () => {}, write: (s: string) => written.push(s), end: () => {} };
  return { res: res as unknown as Response, ids: () => written.flatMap((w) => /^id: (\d+)/.exec(w)?.[1] ?? []).map(Number) };
}

describe('streamEvents', () => {
  it('sends replayed events, then buffered and late live ones, each once and in order', async () => {
    const { hub, push, finishReplay } = scriptedHub([ev(3), ev(4)]);
    const { res, ids } = fakeResponse();
    const done = streamEvents(hub, new EventEmitter() as unknown as Request, res, 2);
    push(ev(4)); // arrives during the replay and is also in it
    push(ev(5)); // arrives during the replay, not in it
    finishReplay();
    await done;
    push(ev(4)); // a late NOTIFY of an event the replay already sent
    push(ev(6));
    expect(ids()).toEqual([3, 4, 5, 6]);
  });

  it('without Last-Event-ID sends live events only', async () => {
    const { hub, push } = scriptedHub([ev(1)]);
    const { res, ids } = fakeResponse();
    await streamEvents(hub, new EventEmitter() as unknown as Request, res, undefined);
    push(ev(7));
    push(ev(8));
    expect(ids()).toEqual([7, 8]);
  });
});
