/**
 * A small .osm.pbf reader (OSM PBF format: length-prefixed BlobHeader/Blob pairs, zlib or raw
 * PrimitiveBlocks with string tables, dense nodes and delta-coded way refs) built on mapbox's `pbf`
 * and node:zlib. Two passes over the file keep memory proportional to the drivable ways, not the
 * extract: pass 1 keeps the ways whose tags pass `keep` and collects their node ids, pass 2 looks up
 * only those nodes' coordinates (sorted id array + binary search). Handles Geofabrik country and
 * province extracts; lzma/zstd blobs are refused.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import Pbf from 'pbf';
import type { OsmWay } from '../../geo/routing/osm.ts';

interface Block {
  strings: string[];
  granularity: number;
  latOffset: number;
  lonOffset: number;
  groups: { start: number; end: number }[];
}

/** Calls `fn(type, payload)` for every blob of the file, decompressed. */
function eachBlob(path: string, fn: (type: string, data: Uint8Array) => void): void {
  const fd = openSync(path, 'r');
  try {
    let pos = 0;
    const lenBuf = Buffer.alloc(4);
    while (readSync(fd, lenBuf, 0, 4, pos) === 4) {
      const hlen = lenBuf.readUInt32BE(0);
      pos += 4;
      const hbuf = Buffer.alloc(hlen);
      readSync(fd, hbuf, 0, hlen, pos);
      pos += hlen;
      const header = new Pbf(hbuf).readFields((tag, h: { type: string; size: number }, p) => {
        if (tag === 1) h.type = p.readString();
        else if (tag === 3) h.size = p.readVarint();
      }, { type: '', size: 0 });
      const bbuf = Buffer.alloc(header.size);
      readSync(fd, bbuf, 0, header.size, pos);
      pos += header.size;
      const blob = new Pbf(bbuf).readFields((tag, b: { raw?: Uint8Array; zlib?: Uint8Array; other?: number }, p) => {
        if (tag === 1) b.raw = p.readBytes();
        else if (tag === 3) b.zlib = p.readBytes();
        else if (tag === 4 || tag === 6 || tag === 7) b.other = tag;
      }, {});
      if (blob.other) throw new Error(`${path}: blob compression ${blob.other === 4 ? 'lzma' : blob.other === 6 ? 'lz4' : 'zstd'} is not supported; recompress with osmium cat -o out.osm.pbf`);
      const data = blob.raw ?? (blob.zlib ? new Uint8Array(inflateSync(blob.zlib)) : new Uint8Array(0));
      fn(header.type, data);
    }
  } finally {
    closeSync(fd);
  }
}

function readBlock(p: Pbf): Block {
  const dec = new TextDecoder();
  return p.readFields((tag, b: Block, q) => {
    if (tag === 1) {
      const end = q.readVarint() + q.pos;
      while (q.pos < end) {
        const t = q.readVarint();
        if (t >> 3 === 1) b.strings.push(dec.decode(q.readBytes()));
        else q.skip(t);
      }
    } else if (tag === 2) {
      const len = q.readVarint();
      b.groups.push({ start: q.pos, end: q.pos + len });
      q.pos += len;
    } else if (tag === 17) b.granularity = q.readVarint();
    else if (tag === 19) b.latOffset = q.readVarint(true);
    else if (tag === 20) b.lonOffset = q.readVarint(true);
  }, { strings: [], granularity: 100, latOffset: 0, lonOffset: 0, groups: [] });
}

/** Per group: calls onWay(id, refs, keys, vals) for ways, onNode(id, lat, lon) for (dense) nodes. */
function readGroups(
  data: Uint8Array,
  onWay: ((id: number, refs: number[], tags: Record<string, string>) => void) | null,
  onNode: ((id: number, lat: number, lon: number) => void) | null,
): void {
  const p = new Pbf(data);
  const b = readBlock(p);
  const g = b.granularity * 1e-9;
  for (const grp of b.groups) {
    p.pos = grp.start;
    while (p.pos < grp.end) {
      const t = p.readVarint();
      const field = t >> 3;
      if (field === 3 && onWay) {
        const len = p.readVarint();
        const end = p.pos + len;
        let id = 0;
        const keys: number[] = [];
        const vals: number[] = [];
        const refs: number[] = [];
        while (p.pos < end) {
          const wt = p.readVarint();
          const f = wt >> 3;
          if (f === 1) id = p.readVarint();
          else if (f === 2) p.readPackedVarint(keys);
          else if (f === 3) p.readPackedVarint(vals);
          else if (f === 8) p.readPackedSVarint(refs);
          else p.skip(wt);
        }
        for (let i = 1; i < refs.length; i++) refs[i] += refs[i - 1];
        const tags: Record<string, string> = {};
        for (let i = 0; i < keys.length; i++) tags[b.strings[keys[i]]] = b.strings[vals[i]];
        onWay(id, refs, tags);
      } else if (field === 2 && onNode) {
        const len = p.readVarint();
        const end = p.pos + len;
        const ids: number[] = [];
        const lats: number[] = [];
        const lons: number[] = [];
        while (p.pos < end) {
          const wt = p.readVarint();
          const f = wt >> 3;
          if (f === 1) p.readPackedSVarint(ids);
          else if (f === 8) p.readPackedSVarint(lats);
          else if (f === 9) p.readPackedSVarint(lons);
          else p.skip(wt);
        }
        let id = 0, lat = 0, lon = 0;
        for (let i = 0; i < ids.length; i++) {
          id += ids[i];
          lat += lats[i];
          lon += lons[i];
          onNode(id, (b.latOffset + lat * b.granularity) * 1e-9, (b.lonOffset + lon * b.granularity) * 1e-9);
        }
      } else if (field === 1 && onNode) {
        const len = p.readVarint();
        const end = p.pos + len;
        let id = 0, lat = 0, lon = 0;
        while (p.pos < end) {
          const wt = p.readVarint();
          const f = wt >> 3;
          if (f === 1) id = p.readSVarint();
          else if (f === 8) lat = p.readSVarint();
          else if (f === 9) lon = p.readSVarint();
          else p.skip(wt);
        }
        onNode(id, b.latOffset * 1e-9 + lat * g, b.lonOffset * 1e-9 + lon * g);
      } else {
        p.skip(t);
      }
    }
  }
}

export interface PbfReadStats {
  waysRead: number;
  waysKept: number;
  /** node refs of kept ways that the file does not contain (cut by the extract); dropped from their ways */
  missingNodes: number;
}

/**
 * The ways of an .osm.pbf whose tags pass `keep`, with node coordinates. Throws Error on an
 * unsupported compression or a malformed file. O(file size) time, O(kept way nodes) memory.
 */
export function readOsmPbfWays(path: string, keep: (tags: Record<string, string>) => boolean): { ways: OsmWay[]; stats: PbfReadStats } {
  const kept: { id: number; refs: number[]; tags: Record<string, string> }[] = [];
  const stats: PbfReadStats = { waysRead: 0, waysKept: 0, missingNodes: 0 };
  let refCount = 0;
  eachBlob(path, (type, data) => {
    if (type !== 'OSMData') return;
    readGroups(data, (id, refs, tags) => {
      stats.waysRead++;
      if (!keep(tags)) return;
      kept.push({ id, refs, tags });
      refCount += refs.length;
    }, null);
  });
  stats.waysKept = kept.length;
  // sorted unique node ids
  const all = new Float64Array(refCount);
  let k = 0;
  for (const w of kept) for (const r of w.refs) all[k++] = r;
  all.sort();
  let u = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[u++] = all[i];
  const ids = all.subarray(0, u);
  const coords = new Float64Array(2 * u).fill(Number.NaN);
  const find = (id: number): number => {
    let lo = 0, hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ids[mid] < id) lo = mid + 1;
      else if (ids[mid] > id) hi = mid - 1;
      else return mid;
    }
    return -1;
  };
  eachBlob(path, (type, data) => {
    if (type !== 'OSMData') return;
    readGroups(data, null, (id, lat, lon) => {
      const i = find(id);
      if (i >= 0) {
        coords[2 * i] = lon;
        coords[2 * i + 1] = lat;
      }
    });
  });
  const ways: OsmWay[] = [];
  for (const w of kept) {
    const nodes: number[] = [];
    const xy: number[] = [];
    for (const r of w.refs) {
      const i = find(r);
      if (Number.isNaN(coords[2 * i])) {
        stats.missingNodes++;
        continue;
      }
      nodes.push(r);
      xy.push(Math.round(coords[2 * i] * 1e7) / 1e7, Math.round(coords[2 * i + 1] * 1e7) / 1e7);
    }
    if (nodes.length >= 2) ways.push({ id: w.id, nodes, coords: xy, tags: w.tags });
  }
  return { ways, stats };
}
