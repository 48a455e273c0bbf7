// Input sets shared by the suites: random bit patterns over the whole range, a dense band around 0,
// and the special values every function must handle.

/**
 * `npm run test:full` (FULL=1): the random sweeps at their full size. `npm test` runs the same tests on
 * a part of each sample, with the same bounds, special values, fixed grids and regimes. This file also
 * runs in Bun and Deno (which inherit FULL from the environment) and in browser pages, whose tests
 * pass it as `?full=1` in the page's address (and the page on to its worker's).
 */
import { rng } from './rng.mjs';

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
export { rng };

export const FULL = (() => {
  try {
    if (globalThis.process?.env?.FULL === '1') return true;
  } catch {
    // an environment this runtime does not let us read
  }
  return new URLSearchParams(globalThis.location?.search ?? '').get('full') === '1';
})();

/**
 * The size of a sweep: `full` under FULL=1, else full / divisor (rounded up). Only the number of inputs
 * changes, never a bound or a special value, and every regime keeps many inputs:
 * - random f32 bit patterns pick a sign and an exponent uniformly: 400,000 / 8 = 50,000 leaves ~100
 *   inputs for each sign and each of the 255 finite exponents (the subnormals are one of them);
 * - a uniform band, or a grid (log-spaced near 0, linear in a tail), keeps its whole span at a lower
 *   density: 50,000 in [−20, 20] is one input per 0.0008; 12,500 alternating in sign over
 *   ±2^−40..±1, ~150 per binade and sign;
 * - the f64 sweeps use a divisor of 4: randomBits64 picks one of 2 × 72 binades, ~35 inputs each
 *   from 5,000, and a band keeps its span at a quarter of the density;
 * - the special values, kinks, edges and fixed lists of each test are not samples: all are kept.
 * A random sample drawn with the same seed is the first part of the full one (the generators here
 * draw element by element), so the random inputs `npm test` checks, `npm run test:full` checks too;
 * a grid is a coarser grid over the same span.
 */
export function sample(full: number, divisor = 8): number {
  return FULL ? full : Math.ceil(full / divisor);
}

/** n random f32 bit patterns (every finite float equally likely per exponent: the whole range). */
export function randomBits32(n: number, seed = 1): Float32Array {
  const r = rng(seed);
  const u = new Uint32Array(n);
  for (let i = 0; i < n; i++) u[i] = (r() * 4294967296) >>> 0;
  const f = new Float32Array(u.buffer);
  for (let i = 0; i < n; i++) if (!Number.isFinite(f[i]!)) f[i] = 0; // specials are tested on their own
  return f;
}

/** n random f64 bit patterns with exponents limited to |x| < 2^emax (beyond, every function saturates). */
export function randomBits64(n: number, seed = 1, emax = 12): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = -60 + Math.floor(r() * (emax + 60));
    const m = 1 + r() + r() * 2 ** -26;
    out[i] = (r() < 0.5 ? -1 : 1) * m * 2 ** e;
  }
  return out;
}

/** n values uniform in [lo, hi]. */
export function uniform(n: number, lo: number, hi: number, seed = 2, type: 'f32' | 'f64' = 'f32'): Float32Array | Float64Array {
  const r = rng(seed);
  const a = type === 'f32' ? new Float32Array(n) : new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * r();
  return a;
}

const F32_MAX = 3.4028234663852886e38;
const F32_MIN_NORMAL = 1.1754943508222875e-38;
const F32_MIN_SUB = 1.401298464324817e-45;

/** Special values: NaN, ±Infinity, ±0, subnormals, the exp saturation band ±87..±104, ±FLT_MAX. */
export const SPECIALS: readonly number[] = [
  NaN, Infinity, -Infinity, 0, -0,
  F32_MIN_SUB, -F32_MIN_SUB, F32_MIN_NORMAL, -F32_MIN_NORMAL, 1e-40, -1e-40,
  1e-30, -1e-30, 1e-7, -1e-7, 1e-5, -1e-5,
  0.5, -0.5, 1, -1, 2, -2, 3, -3, 6, -6, 9, -9, 10, -10, 17, -17, 20, -20,
  87, -87, 88.7, -88.7, 89, -89, 100, -100, 103.9, -103.9, 104, -104, 110, -110,
  1e10, -1e10, 1e30, -1e30, F32_MAX, -F32_MAX,
];
