import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { cellBoundaries } from '../../../geo/cells/boundaries.ts';
import { cellCentersInto } from '../../../geo/cells/h3-adapter.ts';
import { refine, tessellate } from '../../../geo/cells/tessellate.ts';
import { haversineM } from '../../../geo/coords/haversine.ts';

const AREA = [[[113.25, 23.05], [113.35, 23.05], [113.35, 23.15], [113.25, 23.15], [113.25, 23.05]]];

describe('cellBoundaries (translated reference boundaries)', () => {
  const t = refine(tessellate([{ id: 1, polygons: [AREA] }], 9), 10);
  const centres = cellCentersInto(t.cells);
  const b = cellBoundaries(t.cells, centres, 8);

  it('puts every vertex within 5 cm of h3-js and areas within 0.05 %', () => {
    let worst = 0;
    for (let i = 0; i < t.cells.length; i += 3) {
      const exact = h3.cellToBoundary(t.cells[i], true);
      expect(b.count[i]).toBe(exact.length - 1);
      for (let v = 0; v < b.count[i]; v++) {
        worst = Math.max(worst, haversineM(exact[v][0], exact[v][1], b.ring[i * 20 + 2 * v], b.ring[i * 20 + 2 * v + 1]));
      }
      expect(Math.abs(b.areaKm2[i] / h3.cellArea(t.cells[i], 'km2') - 1)).toBeLessThan(5e-4);
    }
    expect(worst).toBeLessThan(0.05);
  });

  it('is exact when grouped at the cells own resolution', () => {
    const e = cellBoundaries(t.cells.slice(0, 50), centres.subarray(0, 100), 10);
    for (let i = 0; i < 50; i++) {
      const exact = h3.cellToBoundary(t.cells[i], true);
      for (let v = 0; v < e.count[i]; v++) {
        expect(e.ring[i * 20 + 2 * v]).toBe(exact[v][0]);
        expect(e.ring[i * 20 + 2 * v + 1]).toBe(exact[v][1]);
      }
    }
  });

  it('rejects centres of the wrong length', () => {
    expect(() => cellBoundaries(t.cells, new Float64Array(2), 8)).toThrow(/centres/);
  });
});
