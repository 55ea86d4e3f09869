/**
 * Seeded pseudo-random numbers for every heuristic in geo/ (never `Math.random()`),
 * so the same seed gives the same answer in Node and in the browser.
 */

/** A source of uniform floats in [0, 1). */
export type Rng = () => number;

/**
 * mulberry32: a small, fast 32-bit generator with a full 2^32 period. Good enough for search
 * heuristics and synthetic data; not for cryptography.
 * @param seed any integer; only its low 32 bits are used.
 */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). O(1). */
export function randomInt(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** Shuffles `a` in place (Fisher–Yates) and returns it. O(n). */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(rng: Rng, a: T): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** A standard normal variate (Box–Muller). */
export function gaussian(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}
