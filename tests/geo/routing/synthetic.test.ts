import { describe, expect, it } from 'vitest';
import { generateDemoRoadNetwork } from '../../../seed/roads/demo-roads.ts';
import { stronglyConnected } from '../../../geo/routing/components.ts';
import { measureCircuity } from '../../../geo/routing/circuity.ts';
import { mulberry32 } from '../../../geo/random.ts';
import { ROAD_CLASSES } from '../../../geo/routing/classes.ts';

// a coarse version of the demo network (large densityRef → big blocks) keeps the test fast
const opts = { densityRef: 600_000 };

describe('synthetic Guangzhou road network', { timeout: 120_000 }, () => {
  const a = generateDemoRoadNetwork(7, opts);

  it('is deterministic in the seed', () => {
    const b = generateDemoRoadNetwork(7, opts);
    expect(b.network.nodeCount).toBe(a.network.nodeCount);
    expect(Array.from(b.network.nodeCoords)).toEqual(Array.from(a.network.nodeCoords));
    expect(Array.from(b.network.edgeDir)).toEqual(Array.from(a.network.edgeDir));
    const c = generateDemoRoadNetwork(8, opts);
    expect(Array.from(c.network.geomCoords)).not.toEqual(Array.from(a.network.geomCoords));
  });

  it('is strongly connected, has every level of road, and contains the real Huacheng extract', () => {
    const net = a.network;
    expect(stronglyConnected(net).count).toBe(1);
    const classes = new Set(Array.from(net.edgeClass).map((c) => ROAD_CLASSES[c]));
    for (const c of ['motorway', 'trunk', 'primary', 'secondary', 'tertiary', 'residential']) expect(classes.has(c as never)).toBe(true);
    const real = Array.from(net.edgeSynthetic).filter((s) => s === 0).length;
    expect(real).toBeGreaterThan(50);
    expect(a.report.realConnectors).toBeGreaterThan(0);
    expect(net.names).toContain('华成路');
    // everything lies in Guangzhou's bounding box
    for (let v = 0; v < net.nodeCount; v++) {
      expect(net.nodeCoords[2 * v]).toBeGreaterThan(112.9);
      expect(net.nodeCoords[2 * v]).toBeLessThan(114.1);
      expect(net.nodeCoords[2 * v + 1]).toBeGreaterThan(22.5);
      expect(net.nodeCoords[2 * v + 1]).toBeLessThan(24.0);
    }
  });

  it('is denser in the core than in Conghua', () => {
    const count = (lng0: number, lat0: number, lng1: number, lat1: number) => {
      let n = 0;
      for (let v = 0; v < a.network.nodeCount; v++) {
        const x = a.network.nodeCoords[2 * v], y = a.network.nodeCoords[2 * v + 1];
        if (x >= lng0 && x < lng1 && y >= lat0 && y < lat1) n++;
      }
      return n;
    };
    // same-size boxes: Yuexiu/Tianhe vs central Conghua
    expect(count(113.26, 23.12, 113.34, 23.16)).toBeGreaterThan(3 * count(113.55, 23.60, 113.63, 23.64));
  });

  it('has a plausible circuity', () => {
    const c = measureCircuity(a.network, 40, mulberry32(1));
    expect(c.mean).toBeGreaterThan(1.05);
    expect(c.mean).toBeLessThan(1.6);
  });
});
