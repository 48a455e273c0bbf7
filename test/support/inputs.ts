// Input sets shared by the suites: random bit patterns over the whole range, a dense band around 0,
// and the special values every function must handle.

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
