// The pure-JS twins of the wasm kernels: same semantics, computed in double and rounded once on the
// store (a Float32Array store rounds to nearest), so for f32 they are within 1 ULP of the exact value.
// Each twin is its own loop, not a shared loop over a callback: a call per element through a
// megamorphic site would make this backend several times slower than a plain loop.

import type { AxisView } from '../validate';
import { hardSigmoidParams } from './piecewise-js';
import type { FloatArray } from '../types';

export type ElementwiseKernel = (x: FloatArray, out: FloatArray, n: number, p0: number, p1: number) => void;
export type BinaryKernel = (a: FloatArray, b: FloatArray, out: FloatArray, n: number, p0: number, p1: number) => void;
export type AxisKernel = (x: FloatArray, out: FloatArray, view: AxisView) => void;

export const elementwise: Record<string, ElementwiseKernel> = {
  step(x, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v >= 0 ? 1 : v < 0 ? 0 : v; // NaN stays NaN
    }
  },
  sigmoid(x, out, n) {
    // exp(−|x|) never overflows, so f64 results far below −709 stay subnormal instead of becoming 0.
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const e = Math.exp(-Math.abs(v));
      out[i] = (v < 0 ? e : 1) / (1 + e);
    }
  },
  tanh(x, out, n) {
    for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
  },
  relu(x, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v <= 0 ? 0 : v; // NaN stays NaN (the comparison is false)
    }
  },
  leaky_relu(x, out, n, alpha) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v < 0 ? alpha * v : v;
    }
  },
  // --- catalogue: piecewise ---
  relu6(x, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v <= 0 ? 0 : v > 6 ? 6 : v; // NaN stays NaN
    }
  },
  hard_tanh(x, out, n, lo, hi) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v < lo ? lo : v > hi ? hi : v;
    }
  },
  hard_sigmoid(x, out, n, alpha, beta) {
    const { s, o } = hardSigmoidParams(alpha, beta, x.BYTES_PER_ELEMENT === 4); // (x + 3) / 6 by default
    for (let i = 0; i < n; i++) {
      const y = (x[i]! + o) / s;
      out[i] = y < 0 ? 0 : y > 1 ? 1 : y;
    }
  },
  hard_swish(x, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const c = v < -3 ? -3 : v; // −Infinity gives −3 · 0 = −0
      const t = c + 3;
      out[i] = c * ((t > 6 ? 6 : t) * (1 / 6)); // 6 · fl(1/6) rounds to 1: x >= 3 gives x
    }
  },
  softsign(x, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const c = v > 2 ** 60 ? 2 ** 60 : v < -(2 ** 60) ? -(2 ** 60) : v; // ±Infinity gives ±1
      out[i] = c / (1 + Math.abs(c));
    }
  },
  hard_shrink(x, out, n, lambd) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = Math.abs(v) <= lambd ? 0 : v;
    }
  },
  threshold(x, out, n, threshold, value) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v <= threshold ? value : v; // NaN stays NaN
    }
  },
  soft_shrink(x, out, n, lambd) {
    const m = -lambd;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v - Math.min(Math.max(v, m), lambd); // +0 inside, NaN stays NaN; branch-free (3x faster)
    }
  },

  // --- catalogue: exp family ---

  // --- catalogue: log family and gelu ---
};

/** Derivatives: out[i] = dy[i] · f'(x[i]). */
export const binary: Record<string, BinaryKernel> = {
  sigmoid_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const e = Math.exp(-Math.abs(x[i]!));
      out[i] = dy[i]! * (e / (1 + e * (2 + e))); // (1 + e)² rounded once near 1, as the kernel does
    }
  },
  // --- catalogue: piecewise ---
  relu_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (v > 0 ? 1 : v <= 0 ? 0 : NaN);
    }
  },
  leaky_relu_grad(x, dy, out, n, alpha) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (v > 0 ? 1 : v <= 0 ? alpha : NaN);
    }
  },
  step_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (v === v ? 0 : NaN);
    }
  },
  relu6_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (v > 0 && v < 6 ? 1 : v === v ? 0 : NaN);
    }
  },
  hard_tanh_grad(x, dy, out, n, lo, hi) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (v > lo && v < hi ? 1 : v === v ? 0 : NaN);
    }
  },
  hard_sigmoid_grad(x, dy, out, n, alpha, beta) {
    const { lo, hi } = hardSigmoidParams(alpha, beta, x.BYTES_PER_ELEMENT === 4);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (v > lo && v < hi ? alpha : v === v ? 0 : NaN);
    }
  },
  hard_swish_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (v < -3 ? 0 : v > 3 ? 1 : (v + 1.5) / 3); // NaN: the middle branch
    }
  },
  softsign_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const d = 1 + Math.abs(x[i]!);
      out[i] = dy[i]! / d / d;
    }
  },
  threshold_grad(x, dy, out, n, threshold) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (v > threshold ? 1 : v <= threshold ? 0 : NaN);
    }
  },
  shrink_grad(x, dy, out, n, lambd) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = dy[i]! * (Math.abs(v) <= lambd ? 0 : v === v ? 1 : NaN);
    }
  },

  // --- catalogue: exp family ---

  // --- catalogue: log family and gelu ---
};

/**
 * exp(x − m)·(1 + lo) where lo is the rounding error of x − m (a two-sum), so that f64 inputs keep
 * exp's accuracy for large |x − m| too; lo is 0 wherever d is infinite or NaN.
 */
function expMinusMax(v: number, m: number): number {
  const d = v - m;
  const e = Math.exp(d);
  if (!(d > -750)) return e; // exp is 0 (or NaN): nothing to correct
  const bb = d - v;
  const lo = v - (d - bb) + (-m - bb);
  return e + e * lo;
}

/**
 * L = log(count + T) for log-softmax, T = sum of exp(x − m) over the x < m, count = the number of x == m:
 * log1p(T) when count is 1, so that y = −L at a peaked row's max keeps relative accuracy. Where T is so
 * small that its terms are subnormal (T < 2^−960, every other element more than 665 below the max),
 * T is recomputed as exp(−600)·sum of exp(d + 600): d + 600 is exact there and nothing underflows.
 */
function logNorm(t: number, count: number, x: FloatArray, base: number, len: number, inner: number, m: number): number {
  if (count !== 1) return Math.log(count + t);
  if (t < 2 ** -960) {
    let s = 0;
    for (let k = 0, j = base; k < len; k++, j += inner) {
      const v = x[j]!;
      const d = v - m;
      if (d === 0) continue;
      const bb = d - v;
      const lo = v - (d - bb) + (-m - bb);
      const e = Math.exp(d + 600);
      s += d > -1700 ? e + e * lo : 0;
    }
    return s * Math.exp(-600);
  }
  return Math.log1p(t);
}

export const axis: Record<string, AxisKernel> = {
  softmax(x, out, { outer, len, inner }) {
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * len * inner + c;
        let m = -Infinity;
        for (let k = 0, j = base; k < len; k++, j += inner) {
          const v = x[j]!;
          m = v > m || v !== v ? v : m; // NaN sticks (Math.max would too, but costs more here)
          if (m !== m) break;
        }
        // Neumaier-compensated sum: f64 results keep their bound on rows of 10,000 and more.
        let sum = 0;
        let comp = 0;
        for (let k = 0, j = base; k < len; k++, j += inner) {
          const e = expMinusMax(x[j]!, m);
          const t = sum + e;
          comp += Math.abs(sum) >= e ? sum - t + e : e - t + sum;
          sum = t;
        }
        const inv = 1 / (sum + comp);
        for (let k = 0, j = base; k < len; k++, j += inner) out[j] = expMinusMax(x[j]!, m) * inv;
      }
    }
  },
  // --- catalogue: axis ---
  log_softmax(x, out, { outer, len, inner }) {
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * len * inner + c;
        let m = -Infinity;
        for (let k = 0, j = base; k < len; k++, j += inner) {
          const v = x[j]!;
          m = v > m || v !== v ? v : m;
          if (m !== m) break;
        }
        // T = sum of exp(x − m) over x < m (Neumaier), and the number of maxima: see logNorm.
        let sum = 0;
        let comp = 0;
        let count = 0;
        for (let k = 0, j = base; k < len; k++, j += inner) {
          const v = x[j]!;
          if (v - m === 0) {
            count++;
            continue;
          }
          const e = expMinusMax(v, m);
          const t = sum + e;
          comp += Math.abs(sum) >= e ? sum - t + e : e - t + sum;
          sum = t;
        }
        const l = logNorm(sum + comp, count, x, base, len, inner, m);
        for (let k = 0, j = base; k < len; k++, j += inner) {
          const v = x[j]!;
          const d = v - m;
          // d + lo == v − m exactly (two-sum); d − L has no cancellation (both <= 0).
          const bb = d - v;
          const lo = v - (d - bb) + (-m - bb);
          out[j] = d - l + (lo === lo ? lo : 0); // lo is NaN only where d is infinite or NaN
        }
      }
    }
  },
};

export type AxisBinaryKernel = (a: FloatArray, b: FloatArray, out: FloatArray, view: AxisView) => void;

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)

/** The rounding error of a·b (Dekker's two-product; |a|, |b| < 2^996 and no underflow assumed). */
function prodErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * Derivatives of the axis functions from the forward output y: out = f(y, dy) along each line. The
 * line's sum s is accumulated with a two-sum per addition (errors summed apart) and used as hi + lo.
 */
export const axisBinary: Record<string, AxisBinaryKernel> = {
  /** dx = y·(dy − s), s = sum(y·dy). Products are exact for f32 data; for f64, two-products. */
  softmax_grad(y, dy, out, { outer, len, inner }) {
    const f64 = y.BYTES_PER_ELEMENT === 8;
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * len * inner + c;
        let s = 0;
        let e = 0;
        for (let k = 0, j = base; k < len; k++, j += inner) {
          const a = y[j]!;
          const b = dy[j]!;
          const p = a * b;
          if (f64 && Math.abs(p) < 1e300 && Math.abs(p) > 1e-290) e += prodErr(a, b, p);
          const t = s + p;
          const bb = t - s;
          e += s - (t - bb) + (p - bb);
          s = t;
        }
        const hi = s + e;
        const lo = e - (hi - s);
        for (let k = 0, j = base; k < len; k++, j += inner) out[j] = y[j]! * (dy[j]! - hi - lo);
      }
    }
  },
  /** dx = dy − exp(y)·s, s = sum(dy). */
  log_softmax_grad(y, dy, out, { outer, len, inner }) {
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * len * inner + c;
        let s = 0;
        let e = 0;
        for (let k = 0, j = base; k < len; k++, j += inner) {
          const b = dy[j]!;
          const t = s + b;
          const bb = t - s;
          e += s - (t - bb) + (b - bb);
          s = t;
        }
        const hi = s + e;
        for (let k = 0, j = base; k < len; k++, j += inner) out[j] = dy[j]! - Math.exp(y[j]!) * hi;
      }
    }
  },
};
