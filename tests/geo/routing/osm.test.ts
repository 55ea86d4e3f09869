import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { importOsmFile } from '../../../seed/roads/import.ts';
import { networkFromOsm, parseMaxspeed, wayRule } from '../../../geo/routing/osm.ts';
import { stronglyConnected } from '../../../geo/routing/components.ts';
import { DIR_BACKWARD, DIR_BOTH, DIR_FORWARD } from '../../../geo/routing/network.ts';
import { buildGraph } from '../../../geo/routing/graph.ts';
import { contract } from '../../../geo/routing/contraction.ts';
import { ChQuery } from '../../../geo/routing/query.ts';
import { DijkstraSearch } from '../../../geo/routing/dijkstra.ts';
import { classFactors, DEFAULT_SPEED_PROFILE, edgeWeights } from '../../../geo/routing/profile.ts';

const dir = fileURLToPath(new URL('../../../seed/data/roads/', import.meta.url));
const FILES = { geojson: `${dir}huacheng_cbd_highways_osm_wgs84.geojson`, pbf: `${dir}huacheng_cbd_highways.osm.pbf` };

describe('OSM tag rules', () => {
  it('keeps drivable classes and reads direction and speed', () => {
    expect(wayRule({ highway: 'footway' })).toBeNull();
    expect(wayRule({ highway: 'steps' })).toBeNull();
    expect(wayRule({ highway: 'pedestrian' })).toBeNull();
    expect(wayRule({ highway: 'residential', access: 'private' })).toBeNull();
    expect(wayRule({ highway: 'primary' })?.dir).toBe(DIR_BOTH);
    expect(wayRule({ highway: 'primary', oneway: 'yes' })?.dir).toBe(DIR_FORWARD);
    expect(wayRule({ highway: 'primary', oneway: '-1' })?.dir).toBe(DIR_BACKWARD);
    expect(wayRule({ highway: 'tertiary', junction: 'roundabout' })?.dir).toBe(DIR_FORWARD);
    expect(wayRule({ highway: 'tertiary', junction: 'roundabout', oneway: 'no' })?.dir).toBe(DIR_BOTH);
    expect(wayRule({ highway: 'motorway' })?.dir).toBe(DIR_FORWARD);
    expect(wayRule({ highway: 'secondary', maxspeed: '60' })?.speedKmh).toBe(60);
    expect(wayRule({ highway: 'secondary' })?.speedKmh).toBe(40);
    expect(parseMaxspeed('30 mph')).toBeCloseTo(48.28, 2);
    expect(parseMaxspeed('CN:urban')).toBeNull();
  });

  it('splits at shared nodes and honours oneway=-1', () => {
    // a T junction: way 1 runs a-b-c, way 2 (oneway=-1) runs b-d, so b splits way 1
    const { network, report } = networkFromOsm([
      { id: 1, nodes: [1, 2, 3], coords: [113.30, 23.1, 113.31, 23.1, 113.32, 23.1], tags: { highway: 'residential' } },
      { id: 2, nodes: [2, 4], coords: [113.31, 23.1, 113.31, 23.11], tags: { highway: 'residential', oneway: '-1' } },
      { id: 3, nodes: [4, 3], coords: [113.31, 23.11, 113.32, 23.1], tags: { highway: 'residential' } },
    ]);
    expect(report.edges).toBe(4);
    expect(report.reversedOneways).toBe(1);
    expect(network.edgeCount).toBe(4);
    expect(Array.from(network.edgeDir).filter((d) => d === DIR_BACKWARD)).toHaveLength(1);
  });
});

describe.each(Object.entries(FILES))('importing the Huacheng extract (%s)', (_kind, file) => {
  const { network, report } = importOsmFile(file);

  it('finds the 101 drivable ways, their one-ways, one drivable component', () => {
    expect(report.waysRead).toBe(247);
    expect(report.drivableWays).toBe(101);
    expect(report.onewayWays).toBe(78);
    expect(report.byClass).toEqual({ primary: 16, primary_link: 2, secondary: 20, secondary_link: 15, tertiary: 10, tertiary_link: 2, unclassified: 13, service: 23 });
    expect(report.weakComponents).toBe(1);
    expect(report.lengthM / 1000).toBeCloseTo(10.35, 1);
    // the strongly connected filter: what it keeps plus what it drops is the whole graph
    expect(report.scc.keptNodes + report.scc.droppedNodes).toBe(report.nodes);
    expect(report.scc.keptEdges + report.scc.droppedEdges).toBe(report.edges);
    expect(network.nodeCount).toBe(report.scc.keptNodes);
    expect(stronglyConnected(network).count).toBe(1);
    expect(network.edgeSynthetic.every((s) => s === 0)).toBe(true);
    expect(network.names).toContain('华成路');
  });

  it('CH queries equal Dijkstra on every pair of the real extract', () => {
    const w = edgeWeights(network, classFactors(DEFAULT_SPEED_PROFILE, 0));
    const g = buildGraph(network, w);
    const q = new ChQuery(contract(g));
    const dj = new DijkstraSearch(g);
    for (let s = 0; s < network.nodeCount; s++) {
      dj.begin();
      dj.seed(s, 0);
      dj.run();
      for (let t = 0; t < network.nodeCount; t++) expect(q.run(s, 0, -1, 0, t, 0, -1, 0)).toBe(dj.dist[t]);
    }
  });
});

it('the GeoJSON and PBF imports give the same network', () => {
  const a = importOsmFile(FILES.geojson).network;
  const b = importOsmFile(FILES.pbf).network;
  expect(b.edgeCount).toBe(a.edgeCount);
  expect(Array.from(b.edgeDir)).toEqual(Array.from(a.edgeDir));
  expect(Array.from(b.geomCoords)).toEqual(Array.from(a.geomCoords));
});

it('builds the routing data in worker threads with the same result', async () => {
  const { buildRoutingDataParallel } = await import('../../../seed/roads/load.ts');
  const { buildRoutingData } = await import('../../../geo/routing/router.ts');
  const { network } = importOsmFile(FILES.geojson);
  const logs: string[] = [];
  const a = await buildRoutingDataParallel(network, undefined, (m) => logs.push(m));
  expect(logs.filter((m) => /unavailable/.test(m))).toEqual([]); // the workers really ran
  const b = buildRoutingData(network);
  expect(a.data.hierarchies).toHaveLength(2);
  for (let p = 0; p < 2; p++) {
    expect(Array.from(a.data.hierarchies[p].upTarget)).toEqual(Array.from(b.data.hierarchies[p].upTarget));
    expect(Array.from(a.data.hierarchies[p].arcEdge)).toEqual(Array.from(b.data.hierarchies[p].arcEdge));
  }
}, 60_000);
