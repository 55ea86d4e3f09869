import { describe, expect, it } from 'vitest';
import { buildRoutingData, deserializeRoutingData, Router, serializeRoutingData, type LngLat } from '../../../geo/routing/router.ts';
import { buildGraph } from '../../../geo/routing/graph.ts';
import { DijkstraSearch, INF } from '../../../geo/routing/dijkstra.ts';
import { nodeEndpoint } from '../../../geo/routing/matrix.ts';
import { NetworkBuilder } from '../../../geo/routing/network.ts';
import { GeoError } from '../../../geo/errors.ts';
import { mulberry32, randomInt } from '../../../geo/random.ts';
import { randomNetwork } from './helpers.ts';

const net = randomNetwork(11, 800, 1.5);
const { data } = buildRoutingData(net);
const router = new Router(data);

function pointInRing(p: number[], r: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('Router', { timeout: 60_000 }, () => {
  it('matrix equals Dijkstra for every pair, in every period', () => {
    const rng = mulberry32(3);
    const src = Array.from({ length: 25 }, () => randomInt(rng, net.nodeCount));
    const dst = Array.from({ length: 30 }, () => randomInt(rng, net.nodeCount));
    for (let p = 0; p < data.weights.length; p++) {
      const dj = new DijkstraSearch(buildGraph(net, data.weights[p]));
      const cost = new Int32Array(src.length * dst.length);
      const len = new Float64Array(src.length * dst.length);
      router.matrixNodesInto(src.map(nodeEndpoint), dst.map(nodeEndpoint), p, cost, len);
      let reachable = 0;
      src.forEach((s, i) => {
        dj.begin();
        dj.seed(s, 0);
        dj.run();
        dst.forEach((t, j) => {
          expect(cost[i * dst.length + j]).toBe(dj.dist[t]);
          if (dj.dist[t] !== INF) {
            reachable++;
            expect(len[i * dst.length + j]).toBeGreaterThanOrEqual(0);
          }
        });
      });
      expect(reachable).toBeGreaterThan(0);
    }
  });

  it('peak periods are slower than free flow', () => {
    const rng = mulberry32(8);
    let slower = 0;
    for (let i = 0; i < 50; i++) {
      const s = randomInt(rng, net.nodeCount);
      const t = randomInt(rng, net.nodeCount);
      const free = router.nodeCost(s, t, 0);
      const peak = router.nodeCost(s, t, 1);
      if (free === INF) continue;
      expect(peak).toBeGreaterThanOrEqual(free);
      if (peak > free) slower++;
    }
    expect(slower).toBeGreaterThan(0);
    expect(router.period({ depart: new Date('2026-11-27T00:30:00Z') })).toBe(1); // 08:30 in Guangzhou
    expect(router.period({ depart: new Date('2026-11-27T04:00:00Z') })).toBe(0); // 12:00
  });

  it('routes agree with the matrix and their geometry and distance are consistent', () => {
    const rng = mulberry32(5);
    const pts: LngLat[] = Array.from({ length: 12 }, () => [113.3 + rng() * 0.05, 23.1 + rng() * 0.05]);
    const m = router.matrix(pts, pts);
    let routed = 0;
    for (let i = 0; i < pts.length; i++) {
      for (let j = 0; j < pts.length; j++) {
        if (m.durations[i][j] === null) {
          expect(() => router.route(pts[i], pts[j])).toThrow(GeoError);
          continue;
        }
        const r = router.route(pts[i], pts[j]);
        routed++;
        expect(r.duration).toBeCloseTo(m.durations[i][j] as number, 6);
        expect(r.geometry[0][0]).toBeCloseTo(r.from.lng, 9);
        expect(r.geometry[r.geometry.length - 1][1]).toBeCloseTo(r.to.lat, 9);
        let geomLen = 0;
        for (let k = 1; k < r.geometry.length; k++) {
          const [a, b] = [r.geometry[k - 1], r.geometry[k]];
          const dx = (b[0] - a[0]) * Math.cos((a[1] * Math.PI) / 180);
          geomLen += Math.hypot(dx, b[1] - a[1]) * 111195;
        }
        expect(Math.abs(geomLen - r.distance)).toBeLessThan(0.01 * r.distance + 1);
      }
    }
    expect(routed).toBeGreaterThan(50);
  });

  it('serialization round-trips to identical answers', () => {
    const buf = serializeRoutingData(data);
    // load from an unaligned copy as well as the buffer itself
    const copy = new Uint8Array(buf.byteLength + 3);
    copy.set(new Uint8Array(buf), 3);
    for (const loaded of [deserializeRoutingData(buf), deserializeRoutingData(copy.subarray(3))]) {
      expect(Array.from(loaded.hierarchies[1].upTarget)).toEqual(Array.from(data.hierarchies[1].upTarget));
      expect(loaded.network.names).toEqual(net.names);
      expect(Array.from(loaded.network.geomCoords)).toEqual(Array.from(net.geomCoords));
      const r2 = new Router(loaded);
      const rng = mulberry32(1);
      for (let i = 0; i < 100; i++) {
        const s = randomInt(rng, net.nodeCount);
        const t = randomInt(rng, net.nodeCount);
        expect(r2.nodeCost(s, t, 1)).toBe(router.nodeCost(s, t, 1));
      }
    }
    expect(() => deserializeRoutingData(new Uint8Array(64))).toThrow(/magic/);
  });

  it('isochrone contains every node reached in time', () => {
    const at: LngLat = [113.325, 23.125];
    const poly = router.isochrone(at, 15);
    expect(poly.length).toBeGreaterThan(0);
    const s = router.snap(at[0], at[1]);
    const dj = new DijkstraSearch(buildGraph(net, data.weights[0]));
    dj.begin();
    // seeded as the router does: leave the snapped point along the allowed directions
    const w = data.weights[0][s.edge];
    if (net.edgeDir[s.edge] & 1) dj.seed(net.edgeTarget[s.edge], Math.round((1 - s.t) * w));
    if (net.edgeDir[s.edge] & 2) dj.seed(net.edgeSource[s.edge], Math.round(s.t * w));
    dj.run(-1, 9000);
    let inside = 0;
    for (const v of dj.reached()) {
      if (dj.dist[v] > 9000) continue;
      const p = [net.nodeCoords[2 * v], net.nodeCoords[2 * v + 1]];
      expect(poly.some((pg) => pointInRing(p, pg[0]))).toBe(true);
      inside++;
    }
    expect(inside).toBeGreaterThan(0);
    // a shorter limit covers less
    const ringArea = (r: number[][]) => r.slice(1).reduce((a, p, i) => a + r[i][0] * p[1] - p[0] * r[i][1], 0) / 2;
    const area = (mp: number[][][][]) => mp.reduce((a, pg) => a + pg.reduce((b, ring) => b + ringArea(ring), 0), 0);
    const small = router.isochrone(at, 8);
    expect(area(poly)).toBeGreaterThan(0);
    expect(area(small)).toBeLessThan(area(poly));
    // outer rings counter-clockwise, holes clockwise
    for (const pg of poly) {
      expect(ringArea(pg[0])).toBeGreaterThan(0);
      for (const h of pg.slice(1)) expect(ringArea(h)).toBeLessThan(0);
    }
  });

  it('throws typed errors: invalid input, far points, no route', () => {
    expect(() => router.route([Number.NaN, 23.1], [113.3, 23.1])).toThrow(GeoError);
    try {
      router.route([113.3, 23.1], [114.5, 23.1]);
      expect.unreachable();
    } catch (e) {
      expect((e as GeoError).code).toBe('invalid_input');
      expect((e as GeoError).field).toBe('to');
    }
    // two disconnected roads
    const b = new NetworkBuilder();
    const a0 = b.addNode(113.30, 23.10), a1 = b.addNode(113.31, 23.10);
    const c0 = b.addNode(113.30, 23.11), c1 = b.addNode(113.31, 23.11);
    b.addEdge({ source: a0, target: a1, dir: 3, speedKmh: 40, roadClass: 'secondary', synthetic: true });
    b.addEdge({ source: c0, target: c1, dir: 1, speedKmh: 40, roadClass: 'secondary', synthetic: true });
    const r = new Router(buildRoutingData(b.build()).data);
    try {
      r.route([113.305, 23.1001], [113.305, 23.1099]);
      expect.unreachable();
    } catch (e) {
      expect((e as GeoError).code).toBe('no_route');
    }
    // against a oneway on the same edge
    expect(() => r.route([113.308, 23.1101], [113.302, 23.1101])).toThrow(/no route/);
    expect(r.route([113.302, 23.1101], [113.308, 23.1101]).duration).toBeGreaterThan(0);
    expect(r.matrix([[113.305, 23.1001]], [[113.305, 23.1099]]).durations[0][0]).toBeNull();
  });
});
