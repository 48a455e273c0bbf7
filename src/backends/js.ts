// The pure-JS twins of the wasm kernels: same semantics, computed in double and rounded once on the
// store (a Float32Array store rounds to nearest), so for f32 they are within 1 ULP of the exact value.
// Each twin is its own loop, not a shared loop over a callback: a call per element through a
// megamorphic site would make this backend several times slower than a plain loop.

import type { AxisView } from '../validate';
import { hardSigmoidParams } from './piecewise-js';
import type { FloatArray } from '../types';
import { SELU_SCALE, SELU_SCALE_ALPHA, expTail, quotientLo, tanhshrinkSmall } from './js-exp-family';

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
  elu(x, out, n, alpha) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? v : alpha * Math.expm1(v); // expm1 keeps relative accuracy just below 0; NaN stays NaN
    }
  },
  selu(x, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? SELU_SCALE * v : SELU_SCALE_ALPHA * Math.expm1(v);
    }
  },
  celu(x, out, n, alpha) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const u = v / alpha;
      if (v > 0 || Math.abs(u) < 5.551115123125783e-17) out[i] = v; // x(1 + u/2 + …) rounds to x; a subnormal u would not give it back
      else if (alpha > 0) out[i] = alpha * Math.expm1(u); // −0 / alpha is ±0 and expm1 keeps it: celu(−0) = −0
      else {
        // u >= 0: expm1's condition number u·e^u/(e^u − 1) ~ u, so u's rounding error is put back in.
        const m = Math.expm1(u);
        out[i] = m < Infinity ? alpha * (m + (m + 1) * quotientLo(v, alpha, u)) : alpha * m;
      }
    }
  },
  silu(x, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v < -700) {
        // x·exp(x) is normal down to −745 while exp(x) is subnormal: two halves keep its bits.
        const h = Math.exp(0.5 * v);
        out[i] = v < -760 ? -0 : v * h * h;
      } else {
        const e = Math.exp(-Math.abs(v));
        out[i] = (v < 0 ? v * e : v) / (1 + e); // x·σ(x) without 1 − σ cancelling, NaN stays NaN
      }
    }
  },
  tanhshrink(x, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const a = Math.abs(v);
      let r;
      if (a < 1.5) {
        r = tanhshrinkSmall(a); // x³·g(x²): no cancellation
      } else {
        const e = Math.exp(-2 * a);
        r = a - 1 + (2 * e) / (1 + e); // a − tanh(a) = (a − 1) + (1 − tanh(a)), a − 1 exact
      }
      out[i] = v < 0 ? -r : v > 0 ? r : v; // odd; ±0 and NaN pass
    }
  },

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
  elu_grad(x, dy, out, n, alpha) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? dy[i]! : v >= -700 ? dy[i]! * (alpha * Math.exp(v)) : expTail(v, alpha * dy[i]!); // alpha at 0
    }
  },
  selu_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? dy[i]! * SELU_SCALE : v >= -700 ? dy[i]! * (SELU_SCALE_ALPHA * Math.exp(v)) : expTail(v, SELU_SCALE_ALPHA * dy[i]!);
    }
  },
  celu_grad(x, dy, out, n, alpha) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const u = v / alpha;
      if (v > 0) out[i] = dy[i]!;
      else if (u >= -700) {
        const e = Math.exp(u);
        out[i] = dy[i]! * (e < Infinity ? e + e * quotientLo(v, alpha, u) : e); // exp(u + lo): u's rounding corrected
      } else out[i] = u < -1500 ? 0 * dy[i]! : expTail(u, dy[i]! * (1 + quotientLo(v, alpha, u))); // NaN included
    }
  },
  silu_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const e = Math.exp(-Math.abs(v));
      const d2 = 1 + e * (2 + e); // (1 + e)², rounded once near 1
      if (v >= 0) out[i] = v > 800 ? dy[i]! : dy[i]! * ((1 + e * (1 + v)) / d2); // σ(1 + x(1 − σ)) = (1 + e(1 + x))/(1 + e)²
      else if (v >= -700) out[i] = dy[i]! * ((e * (1 + v + e)) / d2); // e(1 + x + e)/(1 + e)²
      else out[i] = v < -800 ? 0 * dy[i]! : expTail(v, (1 + v) * dy[i]!); // exp(x) subnormal; 1 + e = 1
    }
  },
  tanh_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const a = Math.abs(x[i]!);
      if (a < 350) {
        const e = Math.exp(-2 * a); // 1 − tanh² = 4e/(1 + e)², no cancellation in either tail
        out[i] = dy[i]! * ((4 * e) / (1 + e * (2 + e)));
      } else {
        out[i] = expTail(-2 * a, 4 * dy[i]!); // a > 760 and NaN included: 0·dy and NaN
      }
    }
  },
  tanhshrink_grad(x, dy, out, n) {
    for (let i = 0; i < n; i++) {
      const a = Math.abs(x[i]!);
      if (a < 0.9) {
        const t = a - tanhshrinkSmall(a); // tanh(a), to about 1 ULP
        out[i] = dy[i]! * t * t;
      } else {
        const e = Math.exp(-2 * a);
        out[i] = dy[i]! * (1 - (4 * e) / (1 + e * (2 + e))); // 1 − sech² >= 0.51: no cancellation
      }
    }
  },

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
};
