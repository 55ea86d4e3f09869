/**
 * The Plan view's Web Worker: holds one {@link PlanSession} (geo/partition's incremental editor over the
 * plan's cells) so brush strokes, lassos, undo and the metrics never block the map. Started by the view with
 * `new Worker(new URL('../../workers/plan-worker.ts', import.meta.url), { type: 'module' })`.
 */
import { PlanSession } from './plan-editor.ts';
import type { EditResult } from './plan-editor.ts';
import type { EditReply, Reply, Request } from './plan-protocol.ts';

let session: PlanSession | null = null;

const need = (): PlanSession => {
  if (!session) throw new Error('plan worker: init first');
  return session;
};

const reply = (s: PlanSession, r: EditResult): EditReply => ({ ...r, snapshot: s.snapshot() });

const empty = { units: new Int32Array(0), grids: new Int32Array(0) };

/** Runs one request against the session. */
function handle(msg: Request): unknown {
  switch (msg.op) {
    case 'init': {
      session = new PlanSession(msg.input);
      const all = Array.from({ length: session.k }, (_, g) => g);
      return { snapshot: session.snapshot(), colours: session.gridColours(), outlines: session.outlines(all) };
    }
    case 'brush': {
      const s = need();
      if (msg.phase === 'begin') s.beginStroke();
      return reply(s, s.paint(s.brushUnits(msg.lng, msg.lat, msg.rings), msg.grid));
    }
    case 'endStroke': {
      const s = need();
      s.endStroke();
      return { snapshot: s.snapshot() };
    }
    case 'lasso': {
      const s = need();
      s.endStroke();
      return reply(s, s.paint(s.lassoUnits(msg.ring), msg.grid));
    }
    case 'paintUnits': {
      const s = need();
      s.endStroke();
      return reply(s, s.paint(msg.units, msg.grid, msg.allowSplit));
    }
    case 'undo':
    case 'redo': {
      const s = need();
      const t0 = performance.now();
      const change = (msg.op === 'undo' ? s.undo() : s.redo()) ?? empty;
      return reply(s, { change, blocked: new Int32Array(0), lockedOut: 0, ms: performance.now() - t0 });
    }
    case 'merge':
      return reply(need(), need().merge(msg.a, msg.b));
    case 'rebalance':
      return reply(need(), need().rebalance(msg.grids));
    case 'split':
      return reply(need(), need().split(msg.grid, msg.into));
    case 'lock':
      need().setLocked(msg.grid, msg.locked);
      return null;
    case 'pending':
      return need().pendingMoves();
    case 'saved': {
      const s = need();
      s.markSaved();
      return { snapshot: s.snapshot() };
    }
    case 'outlines':
      return need().outlines(msg.grids);
    case 'colours':
      return need().gridColours();
    case 'unitAt': {
      const s = need();
      const unit = s.unitAt(msg.lng, msg.lat);
      return { unit, grid: unit >= 0 ? s.assignment[unit] : -1 };
    }
    case 'neighbours':
      return need().neighbourGrids(msg.grid);
  }
}

self.onmessage = (e: MessageEvent<Request>) => {
  const msg = e.data;
  let out: Reply;
  try {
    out = { id: msg.id, ok: true, result: handle(msg) };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    out = { id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) };
  }
  self.postMessage(out);
};
