/**
 * Messages between the Plan view and its worker (`plan-worker.ts`). Every request carries an id; the worker
 * answers `{id, ok: true, result}` or `{id, ok: false, error}` in request order.
 */
import type { Change, SessionInput, Snapshot } from './plan-editor.ts';

/** What an edit answers: the cells that changed grid, the cells refused, and the new figures. */
export interface EditReply {
  change: Change;
  /** cells that would split a grid (or leave the target in pieces): shown for a confirm. */
  blocked: Int32Array;
  lockedOut: number;
  /** milliseconds spent in the editor. */
  ms: number;
  snapshot: Snapshot;
}

/** A grid's outline (segments, flat `[lng0, lat0, lng1, lat1, …]`) and label anchor. */
export interface Outline {
  grid: number;
  segments: Float64Array;
  anchor: [number, number] | null;
}

/** Requests and the type of their result. */
export interface Requests {
  init: { req: { input: SessionInput }; res: { snapshot: Snapshot; colours: Int32Array; outlines: Outline[] } };
  /** `begin` starts a new stroke (one undo step); `move` adds to it. */
  brush: { req: { lng: number; lat: number; rings: number; grid: number; phase: 'begin' | 'move' }; res: EditReply };
  endStroke: { req: Record<string, never>; res: { snapshot: Snapshot } };
  lasso: { req: { ring: Array<[number, number]>; grid: number }; res: EditReply };
  /** moves the listed cells (after a split confirm: allowSplit). */
  paintUnits: { req: { units: number[]; grid: number; allowSplit: boolean }; res: EditReply };
  undo: { req: Record<string, never>; res: EditReply };
  redo: { req: Record<string, never>; res: EditReply };
  merge: { req: { a: number; b: number }; res: EditReply };
  rebalance: { req: { grids: number[] }; res: EditReply };
  /** splits grid `grid` into the empty grid `into`. */
  split: { req: { grid: number; into: number }; res: EditReply };
  lock: { req: { grid: number; locked: boolean }; res: null };
  pending: { req: Record<string, never>; res: { moves: Array<{ cell: string; grid: number }>; allowSplit: boolean } };
  saved: { req: Record<string, never>; res: { snapshot: Snapshot } };
  outlines: { req: { grids: number[] }; res: Outline[] };
  colours: { req: Record<string, never>; res: Int32Array };
  unitAt: { req: { lng: number; lat: number }; res: { unit: number; grid: number } };
  neighbours: { req: { grid: number }; res: number[] };
}

export type Op = keyof Requests;

export type Request = { [K in Op]: { id: number; op: K } & Requests[K]['req'] }[Op];

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string; code?: string };
