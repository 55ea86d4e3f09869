// Random road networks for property tests: a jittered grid in a ~5 km square whose neighbours are
// joined with probability 0.8, plus `extraEdges` · n random chords (long "expressways"), with random
// direction flags, classes, speeds and names.
import { mulberry32, randomInt } from '../../../geo/random.ts';
import { NetworkBuilder, type RoadNetwork } from '../../../geo/routing/network.ts';
import { ROAD_CLASSES } from '../../../geo/routing/classes.ts';

export function randomNetwork(seed: number, n: number, extraEdges = 2): RoadNetwork {
  const rng = mulberry32(seed);
  const b = new NetworkBuilder();
  const side = Math.ceil(Math.sqrt(n));
  for (let i = 0; i < n; i++) {
    b.addNode(113.3 + ((i % side) + rng() * 0.6) * (0.05 / side), 23.1 + (Math.floor(i / side) + rng() * 0.6) * (0.05 / side));
  }
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
  for (let i = 0; i < n; i++) {
    if ((i + 1) % side !== 0 && i + 1 < n && rng() < 0.8) add(i, i + 1);
    if (i + side < n && rng() < 0.8) add(i, i + side);
  }
  for (let k = 0; k < extraEdges * n * 0.02; k++) add(randomInt(rng, n), randomInt(rng, n));
  return b.build();
}
