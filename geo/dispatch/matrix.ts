/**
 * The cost matrices the dispatch optimizer reads: travel durations (whole seconds, or whole scaled
 * time units for benchmarks) and distances (whole meters, or scaled units), square and row-major.
 * `geo/routing` fills them from real roads; benchmarks fill them from Euclidean coordinates.
 */
import { check } from '../errors.ts';

/**
 * A square travel matrix over `size` locations. Layout: entry `from * size + to`.
 * Both arrays hold non-negative integers; `durations` is in whole seconds (or the instance's
 * scaled time unit), `distances` in whole meters (or scaled distance units).
 */
export interface CostMatrix {
  readonly size: number;
  readonly durations: Int32Array;
  readonly distances: Int32Array;
}

/**
 * COST_FACTOR for Euclidean benchmark instances (as VROOM scales its costs): coordinates are
 * multiplied by this before rounding to integers, so 1 unit of the instance is 1000 cost units.
 */
export const COST_FACTOR = 1000;

/**
 * Checks that `m` is a well-formed square matrix of non-negative integers.
 * @throws GeoError `invalid_input` naming the first bad field. O(size²).
 */
export function validateMatrix(m: CostMatrix, name = 'matrix'): void {
  check(Number.isInteger(m.size) && m.size > 0, `${name}.size`, `must be a positive integer, got ${m.size}`);
  const n2 = m.size * m.size;
  check(m.durations.length === n2, `${name}.durations`, `length must be size² = ${n2}, got ${m.durations.length}`);
  check(m.distances.length === n2, `${name}.distances`, `length must be size² = ${n2}, got ${m.distances.length}`);
  for (let i = 0; i < n2; i++) {
    check(m.durations[i] >= 0, `${name}.durations`, `negative entry ${m.durations[i]} at ${i}`);
    check(m.distances[i] >= 0, `${name}.distances`, `negative entry ${m.distances[i]} at ${i}`);
  }
}

/**
 * Builds a matrix from planar coordinates: distance = round(euclid × factor), duration =
 * ceil(euclid × factor / speed). Durations round up so that a plan feasible in integers stays
 * feasible when times are recomputed in double precision (the Solomon convention).
 * @param xs x coordinates, @param ys y coordinates (same length, any planar unit)
 * @param factor scale applied before rounding (COST_FACTOR for Solomon)
 * @param speed distance units per time unit (1 for Solomon, where time equals distance)
 * @throws GeoError `invalid_input` on length mismatch or non-positive factor/speed. O(n²).
 */
export function euclideanMatrix(xs: ArrayLike<number>, ys: ArrayLike<number>, factor = COST_FACTOR, speed = 1): CostMatrix {
  check(xs.length === ys.length && xs.length > 0, 'xs', `xs and ys must be non-empty and of equal length (${xs.length} vs ${ys.length})`);
  check(factor > 0, 'factor', `must be > 0, got ${factor}`);
  check(speed > 0, 'speed', `must be > 0, got ${speed}`);
  const n = xs.length;
  const durations = new Int32Array(n * n);
  const distances = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const d = Math.hypot(xs[i] - xs[j], ys[i] - ys[j]) * factor;
      distances[i * n + j] = Math.round(d);
      // the epsilon keeps exact integers (e.g. 5.0 × 1000) from rounding up to 5001
      durations[i * n + j] = Math.ceil(d / speed - 1e-9);
    }
  }
  return { size: n, durations, distances };
}
