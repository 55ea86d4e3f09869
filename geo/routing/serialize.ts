/**
 * One-ArrayBuffer container for typed arrays plus JSON metadata, loaded without copying (views on
 * the buffer). Layout: magic "GORT" (4 bytes), format version (u32 LE), header length (u32 LE),
 * header JSON (UTF-8: {meta, sections: [{name, type, offset, length}]}), then each section's bytes
 * at an 8-byte-aligned offset from the start of the buffer.
 */

export type TypedArray = Int32Array | Uint8Array | Float32Array | Float64Array;

const TYPES = { Int32Array, Uint8Array, Float32Array, Float64Array } as const;
type TypeName = keyof typeof TYPES;
const MAGIC = 0x54524f47; // "GORT" little-endian
export const FORMAT_VERSION = 1;

interface Section {
  name: string;
  type: TypeName;
  offset: number;
  length: number;
}

function typeName(a: TypedArray): TypeName {
  if (a instanceof Int32Array) return 'Int32Array';
  if (a instanceof Uint8Array) return 'Uint8Array';
  if (a instanceof Float32Array) return 'Float32Array';
  return 'Float64Array';
}

/** Packs named typed arrays and JSON-able metadata into one ArrayBuffer. O(total bytes). */
export function packArrays(meta: unknown, arrays: Record<string, TypedArray>): ArrayBuffer {
  const names = Object.keys(arrays);
  // header size depends on offsets, offsets on header size: fix with a generous fixed-width pass
  const sectionsFor = (base: number): Section[] => {
    let off = base;
    return names.map((name) => {
      const a = arrays[name];
      const s: Section = { name, type: typeName(a), offset: off, length: a.length };
      off = align8(off + a.byteLength);
      return s;
    });
  };
  const enc = new TextEncoder();
  let base = 0;
  let header = enc.encode(JSON.stringify({ meta, sections: sectionsFor(0) }));
  for (let i = 0; i < 4; i++) {
    const nb = align8(12 + header.length + 64);
    if (nb === base) break;
    base = nb;
    header = enc.encode(JSON.stringify({ meta, sections: sectionsFor(base) }));
  }
  if (12 + header.length > base) throw new Error('serialize: header did not converge');
  const sections = sectionsFor(base);
  const total = sections.length ? align8(sections[sections.length - 1].offset + arrays[names[names.length - 1]].byteLength) : base;
  const buf = new ArrayBuffer(total);
  const dv = new DataView(buf);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, FORMAT_VERSION, true);
  dv.setUint32(8, header.length, true);
  const bytes = new Uint8Array(buf);
  bytes.set(header, 12);
  bytes.fill(0x20, 12 + header.length, base); // pad with spaces
  for (const s of sections) {
    const a = arrays[s.name];
    bytes.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), s.offset);
  }
  return buf;
}

/**
 * Reads a buffer written by packArrays. The arrays are views on the buffer (copied once only when
 * `data` does not start 8-byte aligned). Throws Error on a wrong magic, version or truncated file.
 * O(header) plus the copy when unaligned.
 */
export function unpackArrays(data: ArrayBuffer | Uint8Array): { meta: unknown; arrays: Record<string, TypedArray> } {
  let u8 = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (u8.byteOffset % 8 !== 0) u8 = u8.slice();
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  if (u8.byteLength < 12 || dv.getUint32(0, true) !== MAGIC) throw new Error('Not a GridOps routing file (bad magic).');
  const version = dv.getUint32(4, true);
  if (version !== FORMAT_VERSION) throw new Error(`Routing file version ${version}, expected ${FORMAT_VERSION}.`);
  const hlen = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(u8.subarray(12, 12 + hlen))) as { meta: unknown; sections: Section[] };
  const arrays: Record<string, TypedArray> = {};
  for (const s of header.sections) {
    const T = TYPES[s.type];
    if (!T) throw new Error(`Unknown section type ${s.type}.`);
    if (s.offset + s.length * T.BYTES_PER_ELEMENT > u8.byteLength) throw new Error(`Routing file truncated at section ${s.name}.`);
    arrays[s.name] = new T(u8.buffer as ArrayBuffer, u8.byteOffset + s.offset, s.length);
  }
  return { meta: header.meta, arrays };
}

function align8(x: number): number {
  return (x + 7) & ~7;
}
