// Random road networks for property tests: nodes scattered in a ~5 km square, each joined to a few
// near neighbours with random direction flags, classes and speeds.
import { mulberry32, randomInt } from '../../../geo/random.ts';
import { NetworkBuilder, type RoadNetwork } from '../../../geo/routing/network.ts';
import { ROAD_CLASSES } from '../../../geo/routing/classes.ts';

export function randomNetwork(seed: number, n: number, extraEdges = 2): RoadNetwork {
  const rng = mulberry32(seed);
  const b = new NetworkBuilder();
  for (let i = 0; i < n; i++) b.addNode(113.3 + rng() * 0.05, 23.1 + rng() * 0.05);
  const add = (s: number, t: number) => {
    if (s === t) return;
    const r = rng();
    b.addEdge({
      source: s, target: t, dir: r < 0.6 ? 3 : r < 0.8 ? 1 : 2,
      speedKmh: 10 + randomInt(rng, 80), roadClass: ROAD_CLASSES[randomInt(rng, ROAD_CLASSES.length)],
      name: rng() < 0.5 ? `road ${randomInt(rng, 20)}` : null, synthetic: true,
      inner: rng() < 0.3 ? [113.3 + rng() * 0.05, 23.1 + rng() * 0.05] : undefined,
    });
  };
  // a chain keeps most of it connected, random chords add cycles
  for (let i = 1; i < n; i++) add(randomInt(rng, i), i);
  for (let k = 0; k < extraEdges * n; k++) add(randomInt(rng, n), randomInt(rng, n));
  return b.build();
}
