import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { refine, tessellate } from '../../../geo/cells/tessellate.ts';
import { containsPoint, indexPolygons } from '../../../geo/cells/point-in-polygon.ts';
import { mulberry32 } from '../../../geo/random.ts';

// two adjacent districts (a square split diagonally) and one with a hole, [lng, lat]
const A = [[[113.2, 23.0], [113.3, 23.0], [113.3, 23.1], [113.2, 23.0]]];
const B = [[[113.2, 23.0], [113.3, 23.1], [113.2, 23.1], [113.2, 23.0]]];
const C = [
  [[113.35, 23.0], [113.45, 23.0], [113.45, 23.08], [113.35, 23.08], [113.35, 23.0]],
  [[113.38, 23.02], [113.42, 23.02], [113.42, 23.06], [113.38, 23.06], [113.38, 23.02]],
];

/** Plain reference: every edge, even–odd. */
function refContains(rings: number[][][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[i + 1];
      if (y1 > y !== y2 > y && x < x1 + ((y - y1) * (x2 - x1)) / (y2 - y1)) inside = !inside;
    }
  }
  return inside;
}

describe('point in polygon (banded)', () => {
  it('agrees with the plain even–odd test on random points, holes included', () => {
    const ix = indexPolygons([C]);
    const rng = mulberry32(7);
    let inside = 0;
    for (let i = 0; i < 5000; i++) {
      const x = 113.33 + rng() * 0.14;
      const y = 22.98 + rng() * 0.12;
      const r = refContains(C, x, y);
      expect(containsPoint(ix, x, y)).toBe(r);
      if (r) inside++;
    }
    expect(inside).toBeGreaterThan(500);
  });

  it('rejects an empty polygon', () => {
    expect(() => indexPolygons([])).toThrow(/at least one ring/);
  });
});

describe('tessellate', () => {
  const districts = [
    { id: 1, polygons: [A] },
    { id: 2, polygons: [B] },
    { id: 3, polygons: [C] },
  ];

  it('matches h3-js polygonToCells (centre containment) for each district', () => {
    const t = tessellate(districts, 9);
    for (const d of districts) {
      const ours = t.cells.filter((_, i) => t.district[i] === d.id).sort();
      const theirs = d.polygons.flatMap((p) => h3.polygonToCells(p, 9, true)).sort();
      // a centre exactly on the shared diagonal can go either way; allow a handful
      const a = new Set<string>(ours);
      const diff = theirs.filter((c) => !a.has(c)).length + ours.filter((c) => !theirs.includes(c as string)).length;
      expect(diff).toBeLessThanOrEqual(d.id === 3 ? 0 : 6);
      expect(ours.length).toBeGreaterThan(100);
    }
  });

  it('is sorted, unique and never assigns a cell twice', () => {
    const t = tessellate(districts, 9);
    for (let i = 1; i < t.cells.length; i++) expect(t.cells[i - 1] < t.cells[i]).toBe(true);
    expect(t.district.length).toBe(t.cells.length);
  });

  it('refine gives 7 children per cell, sorted, whose parents are exactly the input cells', () => {
    const t = tessellate([{ id: 3, polygons: [C] }], 8);
    const r = refine(t, 9);
    expect(r.cells.length).toBe(t.cells.length * 7);
    for (let i = 1; i < r.cells.length; i++) expect(r.cells[i - 1] < r.cells[i]).toBe(true);
    const parents = new Set(r.cells.map((c) => h3.cellToParent(c, 8)));
    expect([...parents].sort()).toEqual(t.cells);
    expect(() => refine(t, 8)).toThrow(/finer/);
  });

  it('rejects no districts', () => {
    expect(() => tessellate([], 9)).toThrow(/empty/);
  });
});
