// The input every benchmark here runs on, so that their figures compare.

/** Deterministic uniform floats in [-8, 8): mulberry32 with seed 0x5eed, so every run and every row sees the same data. */
export function makeInput(n, seed = 0x5eed) {
  let a = seed >>> 0;
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    x[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296 * 16 - 8;
  }
  return x;
}
