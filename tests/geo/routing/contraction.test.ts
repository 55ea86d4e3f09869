import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../../geo/routing/graph.ts';
import { contract, contractionOrder } from '../../../geo/routing/contraction.ts';
import { ChQuery } from '../../../geo/routing/query.ts';
import { DijkstraSearch, INF } from '../../../geo/routing/dijkstra.ts';
import { edgeWeights, classFactors, DEFAULT_SPEED_PROFILE } from '../../../geo/routing/profile.ts';
import { mulberry32, randomInt } from '../../../geo/random.ts';
import { DIR_BACKWARD, DIR_FORWARD } from '../../../geo/routing/network.ts';
import { randomNetwork } from './helpers.ts';

describe('contraction hierarchy query', { timeout: 60_000 }, () => {
  for (const [seed, n, extra] of [[1, 60, 1], [2, 400, 2], [3, 1500, 1], [4, 300, 4]] as const) {
    it(`equals plain Dijkstra on random pairs (seed ${seed}, ${n} nodes)`, () => {
      const net = randomNetwork(seed, n, extra);
      const w = edgeWeights(net, classFactors(DEFAULT_SPEED_PROFILE, 0));
      const g = buildGraph(net, w);
      const ch = contract(g);
      const q = new ChQuery(ch);
      const dj = new DijkstraSearch(g);
      const rng = mulberry32(seed * 7);
      let unreachable = 0;
      for (let i = 0; i < 300; i++) {
        const s = randomInt(rng, n);
        const t = randomInt(rng, n);
        const ref = dj.oneToOne(s, t);
        const got = q.run(s, 0, -1, 0, t, 0, -1, 0);
        expect(got).toBe(ref);
        if (ref === INF) {
          unreachable++;
          continue;
        }
        // the unpacked path is a connected chain of allowed edges from s to t with the same total weight
        const codes: number[] = [];
        q.unpackInto(codes);
        let at = s;
        let sum = 0;
        for (const c of codes) {
          const e = c >> 1;
          const rev = c & 1;
          expect(net.edgeDir[e] & (rev ? DIR_BACKWARD : DIR_FORWARD)).not.toBe(0);
          expect(rev ? net.edgeTarget[e] : net.edgeSource[e]).toBe(at);
          at = rev ? net.edgeSource[e] : net.edgeTarget[e];
          sum += w[e];
        }
        expect(at).toBe(t);
        expect(sum).toBe(ref);
      }
      // random oneways leave some pairs unreachable in the sparse graphs; dense ones may have none
      expect(unreachable).toBeLessThan(300);
    });
  }

  it('gives the same answers when contracting in a reused order', () => {
    const net = randomNetwork(9, 500, 2);
    const g0 = buildGraph(net, edgeWeights(net, classFactors(DEFAULT_SPEED_PROFILE, 0)));
    const g1 = buildGraph(net, edgeWeights(net, classFactors(DEFAULT_SPEED_PROFILE, 1)));
    const ch1 = contract(g1, { order: contractionOrder(contract(g0)) });
    const q = new ChQuery(ch1);
    const dj = new DijkstraSearch(g1);
    const rng = mulberry32(5);
    for (let i = 0; i < 200; i++) {
      const s = randomInt(rng, 500);
      const t = randomInt(rng, 500);
      expect(q.run(s, 0, -1, 0, t, 0, -1, 0)).toBe(dj.oneToOne(s, t));
    }
  });
});
