import { describe, expect, it } from 'vitest';
import { joinIslands } from '../../../geo/partition/join-islands.ts';
import { partition } from '../../../geo/partition/partition.ts';
import { csrFromEdges } from './graphs.ts';
import { piecesOf } from './reference.ts';

describe('joinIslands', () => {
  // a 3-unit mainland path, a 2-unit island near its east end and a lone unit far north
  const graph = csrFromEdges(6, [[0, 1], [1, 2], [3, 4]]);
  const centroids = new Float64Array([113.0, 23.0, 113.01, 23.0, 113.02, 23.0, 113.05, 23.0, 113.06, 23.0, 113.0, 23.5]);

  it('links every island to its nearest outside unit, smallest first, until connected', () => {
    const { graph: joined, links } = joinIslands(graph, centroids);
    expect(links).toHaveLength(2);
    // the lone unit 5 goes first, to its nearest unit (0, straight south)
    expect(links[0]).toEqual([5, 0]);
    // then the island {3, 4} joins through 3 to 2
    expect(links[1]).toEqual([3, 2]);
    expect(piecesOf(joined, new Int32Array(6), 0)).toBe(1);
    // the original edges are kept and every link is stored both ways
    expect(joined.targets.length).toBe(graph.targets.length + 4);
  });

  it('makes an islanded graph partitionable where the original is refused', () => {
    const ones = new Float64Array(6).fill(1);
    expect(() => partition(graph, [ones], { k: 2, tolerancePct: 0 })).toThrow(/^graph: a connected component/);
    const { graph: joined } = joinIslands(graph, centroids);
    const r = partition(joined, [ones], { k: 2, tolerancePct: 0, restarts: 5 });
    expect(r.feasible).toBe(true);
    expect(r.metrics.nonContiguous).toBe(0);
  });

  it('returns the same graph when it is already connected', () => {
    const path = csrFromEdges(3, [[0, 1], [1, 2]]);
    const out = joinIslands(path, new Float64Array(6));
    expect(out.links).toEqual([]);
    expect(out.graph).toBe(path);
  });
});
