import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { buildCellGraph } from '../../../geo/cells/graph.ts';
import { emptyWeights } from '../../../geo/cells/hierarchy.ts';
import { tessellate } from '../../../geo/cells/tessellate.ts';

const SQUARE = [[[113.2, 23.0], [113.3, 23.0], [113.3, 23.1], [113.2, 23.1], [113.2, 23.0]]];

describe('buildCellGraph', () => {
  const t = tessellate([{ id: 1, polygons: [SQUARE] }], 8);
  const g = buildCellGraph(t.cells, emptyWeights(t.cells.length), t.district);

  it('is symmetric, without self loops, and matches h3 adjacency inside the set', () => {
    const n = g.cells.length;
    expect(g.offsets.length).toBe(n + 1);
    expect(g.offsets[n]).toBe(g.targets.length);
    const edges = new Set<string>();
    for (let v = 0; v < n; v++) {
      for (let e = g.offsets[v]; e < g.offsets[v + 1]; e++) {
        const u = g.targets[e];
        expect(u).not.toBe(v);
        expect(h3.areNeighborCells(g.cells[v], g.cells[u])).toBe(true);
        edges.add(`${v}-${u}`);
      }
    }
    for (const key of edges) {
      const [v, u] = key.split('-');
      expect(edges.has(`${u}-${v}`)).toBe(true);
    }
    // interior cells have all 6 neighbours
    const degrees = Array.from({ length: n }, (_, v) => g.offsets[v + 1] - g.offsets[v]);
    expect(Math.max(...degrees)).toBe(6);
    expect(degrees.filter((d) => d === 6).length).toBeGreaterThan(n / 2);
  });

  it('rejects duplicates and wrong column lengths', () => {
    expect(() => buildCellGraph([t.cells[0], t.cells[0]], emptyWeights(2), new Int16Array(2))).toThrow(/duplicate/);
    expect(() => buildCellGraph(t.cells, emptyWeights(1), t.district)).toThrow(/length/);
  });
});
