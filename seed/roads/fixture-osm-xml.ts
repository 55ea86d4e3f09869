/**
 * Writes the Huacheng GeoJSON fixture as OSM XML, the input of
 * `osmium cat huacheng.osm -o seed/data/roads/huacheng_cbd_highways.osm.pbf`.
 * Usage: npx tsx seed/roads/fixture-osm-xml.ts OUT.osm
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waysFromGeoJson } from './osm-geojson.ts';

const SRC = fileURLToPath(new URL('../data/roads/huacheng_cbd_highways_osm_wgs84.geojson', import.meta.url));

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function main(out: string): void {
  const ways = waysFromGeoJson(readFileSync(SRC, 'utf8'));
  const nodes = new Map<number, [number, number]>();
  for (const w of ways) for (let i = 0; i < w.nodes.length; i++) nodes.set(w.nodes[i], [w.coords[2 * i], w.coords[2 * i + 1]]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="gridops fixture-osm-xml">'];
  for (const id of [...nodes.keys()].sort((a, b) => a - b)) {
    const [lng, lat] = nodes.get(id) as [number, number];
    lines.push(`  <node id="${id}" version="1" lat="${lat.toFixed(7)}" lon="${lng.toFixed(7)}"/>`);
  }
  for (const w of [...ways].sort((a, b) => a.id - b.id)) {
    lines.push(`  <way id="${w.id}" version="1">`);
    for (let i = 0; i < w.nodes.length; i++) lines.push(`    <nd ref="${w.nodes[i]}"/>`);
    for (const [k, v] of Object.entries(w.tags)) lines.push(`    <tag k="${esc(k)}" v="${esc(v ?? '')}"/>`);
    lines.push('  </way>');
  }
  lines.push('</osm>', '');
  writeFileSync(out, lines.join('\n'));
  console.log(`${out}: ${nodes.size} nodes, ${ways.length} ways`);
}

main(process.argv[2] ?? 'huacheng.osm');
