// The pure-JS twins of the wasm kernels: same semantics, computed in double and rounded once on the
// store (a Float32Array store rounds to nearest), so for f32 they are within 1 ULP of the exact value.
// Each twin is its own loop, not a shared loop over a callback: a call per element through a
// megamorphic site would make this backend several times slower than a plain loop.

import { PHI_A_MAX, TANH_X_MAX, geluTanhArg, geluTanhForward, geluTanhGradient, mulExp, mulPhiNeg, mulPhiNegMinusAPhi, tanhV } from './js-math';
import { twoProdErr } from './eft';
import type { AxisView } from '../types';
import { hardSigmoidParams } from './piecewise-js';
import type { FloatArray } from '../types';
import { SELU_SCALE, SELU_SCALE_ALPHA, mulExpDeep, quotientLo, tanhSquaredSmall, tanhshrinkSmall } from './js-exp-family';

export type ElementwiseKernel = (x: FloatArray, out: FloatArray, n: number, p0: number, p1: number) => void;
export type BinaryKernel = (a: FloatArray, b: FloatArray, out: FloatArray, n: number, p0: number, p1: number) => void;
export type AxisKernel = (x: FloatArray, out: FloatArray, view: AxisView) => void;

/** fl32(1/6), hardSwish's factor in the f32 kernel. */
const SIXTH_F32 = Math.fround(1 / 6);
const same = (v: number): number => v;

export function step(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v >= 0 ? 1 : v < 0 ? 0 : v; // NaN stays NaN
  }
}

export function sigmoid(x: FloatArray, out: FloatArray, n: number): void {
  // f32: the plain formula (exp(−x) overflows only below −709.78, where the f32 result is 0 anyway);
  // a loop of its own, so its element accesses stay monomorphic.
  if (x.BYTES_PER_ELEMENT === 4) {
    for (let i = 0; i < n; i++) out[i] = 1 / (1 + Math.exp(-x[i]!));
    return;
  }
  // f64: a branch taken only where exp(−x) overflows, so it predicts perfectly, and results there
  // stay subnormal instead of becoming 0.
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const e = Math.exp(-v);
    out[i] = e < Infinity ? 1 / (1 + e) : Math.exp(v);
  }
}

export function tanh(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]!);
}

export function relu(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v <= 0 ? 0 : v; // NaN stays NaN (the comparison is false)
  }
}

export function leaky_relu(x: FloatArray, out: FloatArray, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v < 0 ? alpha * v : v;
  }
}

// ---- piecewise: functions ----
export function relu6(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v <= 0 ? 0 : v > 6 ? 6 : v; // NaN stays NaN
  }
}

export function hard_tanh(x: FloatArray, out: FloatArray, n: number, lo: number, hi: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v < lo ? lo : v > hi ? hi : v;
  }
}

// hardSigmoid, hardSwish and softsign round each operation to f32 on a Float32Array, as the kernels
// do (an f32 operation is the double one rounded to f32), so that both backends give the same bits.
export function hard_sigmoid(x: FloatArray, out: FloatArray, n: number, alpha: number, beta: number): void {
  const { s, o } = hardSigmoidParams(alpha, beta, x.BYTES_PER_ELEMENT === 4); // (x + 3) / 6 by default
  if (x.BYTES_PER_ELEMENT === 4) {
    for (let i = 0; i < n; i++) {
      const y = Math.fround(Math.fround(x[i]! + o) / s); // rounded before the clamps: a tiny −y is −0
      out[i] = y < 0 ? 0 : y > 1 ? 1 : y;
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const y = (x[i]! + o) / s;
    out[i] = y < 0 ? 0 : y > 1 ? 1 : y;
  }
}

export function hard_swish(x: FloatArray, out: FloatArray, n: number): void {
  if (x.BYTES_PER_ELEMENT === 4) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const c = v < -3 ? -3 : v;
      const t = Math.fround(c + 3);
      out[i] = c * Math.fround((t > 6 ? 6 : t) * SIXTH_F32);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const c = v < -3 ? -3 : v; // −Infinity gives −3 · 0 = −0
    const t = c + 3;
    out[i] = c * ((t > 6 ? 6 : t) * (1 / 6)); // 6 · fl(1/6) rounds to 1: x >= 3 gives x
  }
}

export function softsign(x: FloatArray, out: FloatArray, n: number): void {
  if (x.BYTES_PER_ELEMENT === 4) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const c = v > 2 ** 30 ? 2 ** 30 : v < -(2 ** 30) ? -(2 ** 30) : v; // ±Infinity gives ±1
      out[i] = c / Math.fround(1 + Math.abs(c));
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const c = v > 2 ** 60 ? 2 ** 60 : v < -(2 ** 60) ? -(2 ** 60) : v; // ±Infinity gives ±1
    out[i] = c / (1 + Math.abs(c));
  }
}

export function hard_shrink(x: FloatArray, out: FloatArray, n: number, lambd: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = Math.abs(v) <= lambd ? 0 : v;
  }
}

export function threshold(x: FloatArray, out: FloatArray, n: number, threshold: number, value: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v <= threshold ? value : v; // NaN stays NaN
  }
}

export function soft_shrink(x: FloatArray, out: FloatArray, n: number, lambd: number): void {
  const m = -lambd;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v - Math.min(Math.max(v, m), lambd); // +0 inside, NaN stays NaN; branch-free (3x faster)
  }
}


// ---- exp family: functions ----
export function elu(x: FloatArray, out: FloatArray, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? v : alpha * Math.expm1(v); // expm1 keeps relative accuracy just below 0; NaN stays NaN
  }
}

export function selu(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? SELU_SCALE * v : SELU_SCALE_ALPHA * Math.expm1(v);
  }
}

export function celu(x: FloatArray, out: FloatArray, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const u = v / alpha;
    if (v > 0 || Math.abs(u) < 5.551115123125783e-17) out[i] = v; // x(1 + u/2 + …) rounds to x; a subnormal u would not give it back
    else if (alpha > 0) out[i] = alpha * Math.expm1(u); // −0 / alpha is ±0 and expm1 keeps it: celu(−0) = −0
    else {
      // u >= 0: expm1's condition number u·e^u/(e^u − 1) ~ u, so u's rounding error is put back in.
      const m = Math.expm1(u);
      if (m < Infinity) out[i] = alpha * (m + (m + 1) * quotientLo(v, alpha, u));
      // u > 709.78: alpha·expm1(u) = alpha·exp(u) (alpha itself is e^−709 of it), finite while |alpha| is
      // small enough: formed with exp's power of two apart (mulExpDeep), −Infinity beyond.
      else out[i] = u < 3000 ? mulExpDeep(alpha, 1, u, quotientLo(v, alpha, u)) : alpha * m;
    }
  }
}

export function silu(x: FloatArray, out: FloatArray, n: number): void {
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
}

export function tanhshrink(x: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const a = Math.abs(v);
    let r;
    if (a < 0.9) {
      r = tanhshrinkSmall(a); // x³·g(x²): no cancellation (from 0.9 on g's roundings reach 4 ULP at rare points, the other form 1)
    } else {
      const e = Math.exp(-2 * a);
      r = a - 1 + (2 * e) / (1 + e); // a − tanh(a) = (a − 1) + (1 − tanh(a)), a − 1 exact
    }
    out[i] = v < 0 ? -r : v > 0 ? r : v; // odd; ±0 and NaN pass
  }
}


// ---- log family and gelu: functions ----
export function softplus(x: FloatArray, out: FloatArray, n: number, beta: number, threshold: number): void {
  // PyTorch's definition: x·beta > threshold (compared in the array's type) ? x : log1p(exp(beta·x))/beta,
  // evaluated as (max(bx, 0) + log1p(exp(−|bx|)))/beta so that nothing overflows. bx = beta·x is exact in
  // double for f32 inputs; for f64 its rounding error bl is carried into exp (exp(−|bx|) is otherwise
  // off by |bx|·2^-53 relative).
  const f32 = x.BYTES_PER_ELEMENT === 4;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    let bx = v * beta;
    if ((f32 ? Math.fround(bx) : bx) > threshold) {
      out[i] = v;
      continue;
    }
    let bl = 0;
    // bx's rounding error, exact where Veltkamp's splits of x and beta do not overflow (|x|, beta < 2^996)
    if (!f32 && beta !== 1 && Math.abs(bx) < 1e300 && Math.abs(v) < 1e300 && beta < 1e300) bl = twoProdErr(v, beta, bx);
    if (bx < 0) {
      // log1p(e) = e(1 − e/2 + …): where e is tiny the result is e/beta, which may be normal while e is
      // not (beta < 1): mulExp keeps it rounded once.
      out[i] = bx < -36 ? mulExp(1 / beta, 0, bx, bl) : Math.log1p(Math.exp(bx) * (1 + bl)) / beta;
    } else {
      out[i] = (bx + (bl + Math.log1p(Math.exp(-bx) * (1 - bl)))) / beta; // NaN falls through here
    }
  }
}

export function log_sigmoid(x: FloatArray, out: FloatArray, n: number): void {
  // min(x, 0) − log1p(exp(−|x|)), with the sign of zero of −softplus(−x): logSigmoid(+Infinity) = −0.
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const l = Math.log1p(Math.exp(-Math.abs(v)));
    out[i] = v < 0 ? v - l : -l;
  }
}

export function mish(x: FloatArray, out: FloatArray, n: number): void {
  // x·tanh(softplus(x)) = x·r with t = exp(−|x|): r = n/(n + 2), n = t(t + 2) for x <= 0, and
  // r = (1 + 2t)/(1 + 2t + 2t²) for x > 0 (the same rewritten with 1/t: nothing overflows). Below −700
  // t is taken as exp(x + 64 ln2) and 2^-64 applied last, so the f64 results near −710 (normal) are not
  // computed from a subnormal t.
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (v > 0) {
      const t = Math.exp(-v);
      const p = 1 + 2 * t;
      out[i] = v === Infinity ? v : v * (p / (p + 2 * t * t));
    } else if (v >= -700) {
      const t = Math.exp(v);
      const m = t * (t + 2);
      out[i] = v * (m / (m + 2));
    } else {
      out[i] = v < -800 ? -0 : mulExp(v, 0, v, 0); // r = t(1 + t/2)/(1 + t + t²/2) = t to 2^-700 here
    }
  }
}

export function gelu(x: FloatArray, out: FloatArray, n: number, approximate: number): void {
  // f32, tiny |x|: gelu(x) = x/2 + c·x² (c > 0) is x/2 in double, an f32 rounding tie at x = ±2^-149;
  // the next term's sign decides it (as the f32 kernel's single rounding does): nudge by 2^-40.
  const tiny = x.BYTES_PER_ELEMENT === 4 ? 1e-30 : 0;
  if (approximate === 1) {
    // x·σ(v), v = 2√(2/π)(x + 0.044715x³) in double-double; σ(v) = e/(1 + e) or 1/(1 + e), e = exp(−|v|).
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (!(Math.abs(v) <= TANH_X_MAX)) {
        out[i] = v > 0 ? v : v < 0 ? -0 : v;
        continue;
      }
      if (Math.abs(v) < tiny) {
        out[i] = v * 0.5 * (1 + Math.sign(v) * 2 ** -40);
        continue;
      }
      const vh = geluTanhArg(v);
      out[i] = geluTanhForward(v, vh, tanhV.lo);
    }
    return;
  }
  // x·Φ(x): x < 0: x·Φ(−|x|); x >= 0: x − x·Φ(−x) (Φ(−x) <= ½: no cancellation).
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    if (Math.abs(v) < tiny) out[i] = v * 0.5 * (1 + Math.sign(v) * 2 ** -40);
    else if (v < 0) out[i] = v < -PHI_A_MAX ? -0 : mulPhiNeg(v, -v);
    else out[i] = v > PHI_A_MAX ? v : v - mulPhiNeg(v, v); // NaN: NaN − … = NaN
  }
}


/** Derivatives: out[i] = dy[i] · f'(x[i]). */
// Derivatives: f'(x) first, then one product with dy; where f' leaves the double range (exp's argument
// below −700) mulExpDeep forms dy·c·exp(v) with the powers of two apart, for any finite dy.
export function sigmoid_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]!);
    const e = Math.exp(-a);
    out[i] = a > 700 ? mulExpDeep(dy[i]!, 1, -a, 0) : dy[i]! * (e / (1 + e * (2 + e))); // (1 + e)² rounded once near 1, as the kernel does
  }
}

// ---- piecewise: derivatives ----
export function relu_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (v > 0 ? 1 : v <= 0 ? 0 : NaN);
  }
}

export function leaky_relu_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (v > 0 ? 1 : v <= 0 ? alpha : NaN);
  }
}

export function step_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (v === v ? 0 : NaN);
  }
}

export function relu6_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (v > 0 && v < 6 ? 1 : v === v ? 0 : NaN);
  }
}

export function hard_tanh_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, lo: number, hi: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (v > lo && v < hi ? 1 : v === v ? 0 : NaN);
  }
}

export function hard_sigmoid_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, alpha: number, beta: number): void {
  const { lo, hi } = hardSigmoidParams(alpha, beta, x.BYTES_PER_ELEMENT === 4);
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (v > lo && v < hi ? alpha : v === v ? 0 : NaN);
  }
}

export function hard_swish_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  const round = x.BYTES_PER_ELEMENT === 4 ? Math.fround : same;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (v < -3 ? 0 : v > 3 ? 1 : round(round(v + 1.5) / 3)); // NaN: the middle branch
  }
}

export function softsign_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  if (x.BYTES_PER_ELEMENT === 4) {
    // f32 as the kernel: d = 1 + |x| and d·d exact-ish in double, one division, one rounding to f32
    for (let i = 0; i < n; i++) {
      const d = 1 + Math.abs(x[i]!);
      out[i] = dy[i]! / (d * d);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const d = 1 + Math.abs(x[i]!);
    out[i] = dy[i]! / d / d;
  }
}

export function threshold_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, threshold: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (v > threshold ? 1 : v <= threshold ? 0 : NaN);
  }
}

export function shrink_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, lambd: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = dy[i]! * (Math.abs(v) <= lambd ? 0 : v === v ? 1 : NaN);
  }
}


// ---- exp family: derivatives ----
export function elu_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, alpha: number): void {
  // f64, |alpha| < 2^−11: alpha·exp(x) goes subnormal above x = −700 (alpha = 1e−30, x = −690) while
  // dy·alpha·exp(x) need not: mulExpDeep for every x <= 0, as the kernel does. (For f32 the double
  // product below has room for every f32 alpha, dy and exp(x) that matters.)
  if (x.BYTES_PER_ELEMENT === 8 && alpha !== 0 && Math.abs(alpha) < 2 ** -11) {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? dy[i]! : mulExpDeep(dy[i]!, alpha, v, 0);
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? dy[i]! : v >= -700 ? dy[i]! * (alpha * Math.exp(v)) : mulExpDeep(dy[i]!, alpha, v, 0); // alpha at 0
  }
}

export function selu_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    out[i] = v > 0 ? dy[i]! * SELU_SCALE : v >= -700 ? dy[i]! * (SELU_SCALE_ALPHA * Math.exp(v)) : mulExpDeep(dy[i]!, SELU_SCALE_ALPHA, v, 0);
  }
}

export function celu_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, alpha: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const u = v / alpha;
    if (v > 0) out[i] = dy[i]!;
    else if (u >= -700 && u <= 700) {
      const e = Math.exp(u);
      out[i] = dy[i]! * (e + e * quotientLo(v, alpha, u)); // exp(u + lo): u's rounding corrected
    } else if (v === -Infinity && alpha < 0) out[i] = dy[i]! * u; // alpha < 0, x = −Infinity: f' = +Infinity
    // (a finite x whose x/alpha overflows has a finite f': mulExpDeep gives dy = 0 a 0)
    else out[i] = mulExpDeep(dy[i]!, 1, u, Math.abs(u) < 3000 ? quotientLo(v, alpha, u) : 0); // NaN included
  }
}

export function silu_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const e = Math.exp(-Math.abs(v));
    const d2 = 1 + e * (2 + e); // (1 + e)², rounded once near 1
    if (v >= 0) out[i] = v > 800 ? dy[i]! : dy[i]! * ((1 + e * (1 + v)) / d2); // σ(1 + x(1 − σ)) = (1 + e(1 + x))/(1 + e)²
    else if (v >= -700) out[i] = dy[i]! * ((e * (1 + v + e)) / d2); // e(1 + x + e)/(1 + e)²
    else out[i] = mulExpDeep(dy[i]!, 1 + Math.max(v, -3000), v, 0); // e(1 + x): exp(x) < 2^−1010, 1 + e = 1
  }
}

export function tanh_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]!);
    if (a < 350) {
      const e = Math.exp(-2 * a); // 1 − tanh² = 4e/(1 + e)², no cancellation in either tail
      out[i] = dy[i]! * ((4 * e) / (1 + e * (2 + e)));
    } else {
      out[i] = mulExpDeep(dy[i]!, 4, -2 * a, 0); // NaN included
    }
  }
}

export function tanhshrink_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) {
    const a = Math.abs(x[i]!);
    if (a < 2 ** -300) {
      out[i] = dy[i]! * a * a; // tanh(a) = a to far below its ULP; a² may underflow where dy·a·a does not
    } else if (a < 0.9) {
      out[i] = dy[i]! * tanhSquaredSmall(a);
    } else {
      const e = Math.exp(-2 * a);
      out[i] = dy[i]! * (1 - (4 * e) / (1 + e * (2 + e))); // 1 − sech² >= 0.51: no cancellation
    }
  }
}


// ---- log family and gelu: derivatives ----
export function softplus_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, beta: number, threshold: number): void {
  // dy·σ(beta·x), or dy where x·beta > threshold (PyTorch: the linear branch has slope 1).
  const f32 = x.BYTES_PER_ELEMENT === 4;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const bx = v * beta;
    if ((f32 ? Math.fround(bx) : bx) > threshold) {
      out[i] = dy[i]!;
      continue;
    }
    let bl = 0;
    if (!f32 && beta !== 1 && Math.abs(bx) < 1e300 && Math.abs(v) < 1e300 && beta < 1e300) bl = twoProdErr(v, beta, bx); // as softplus
    if (bx < 0) {
      const e = Math.exp(bx);
      out[i] = bx < -700 ? mulExpDeep(dy[i]!, 1, bx, bl) : dy[i]! * ((e + e * bl) / (1 + e));
    } else {
      const e = Math.exp(-bx) * (1 - bl);
      out[i] = dy[i]! / (1 + e);
    }
  }
}

export function log_sigmoid_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  // dy·σ(−x): e/(1 + e) for x > 0, 1/(1 + e) for x <= 0, e = exp(−|x|).
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const e = Math.exp(-Math.abs(v));
    out[i] = v > 700 ? mulExpDeep(dy[i]!, 1, -v, 0) : dy[i]! * ((v > 0 ? e : 1) / (1 + e));
  }
}

export function mish_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number): void {
  // mish' = tanh(sp) + x·sech²(sp)·σ(x), sp = softplus(x). With t = exp(−|x|):
  //   x <= 0: t·A/D², P = t + 2, D = t·P + 2, A = P·D + 4x(1 + t)       (t = e^x)
  //   x > 0:    A/D², P = 1 + 2t, D = P + 2t², A = P·D + 4x·t²(1 + t)   (t = e^−x)
  // A has a zero near x = −1.19 (mish's minimum), where the result is only absolutely accurate.
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const d = dy[i]!;
    if (v > 0) {
      if (v > 40) {
        out[i] = v === v ? d : v; // mish' − 1 < 2^-100
        continue;
      }
      const t = Math.exp(-v);
      const p = 1 + 2 * t;
      const q = p + 2 * t * t;
      out[i] = d * ((p * q + 4 * v * t * t * (1 + t)) / (q * q)); // f' first: d·A could overflow
    } else if (v >= -700) {
      // A = P·D + 4x(1 + t) changes sign at x = −1.19 and cancels by 2.7x already at −1.75: P, D, 1 + t,
      // the two products and their sum are carried in double-double, so that only t (Math.exp) and the
      // last three roundings are left (t's error is barely amplified: ∂ln A/∂ln t is −0.03 at −1.75).
      const t = Math.exp(v);
      const p = t + 2;
      const pl = t - (p - 2);
      let q = 134217729 * t;
      const th = q - (q - t);
      const tl = t - th;
      q = 134217729 * p;
      const ph = q - (q - p);
      const plo = p - ph;
      const tp = t * p;
      const tpl = th * ph - tp + th * plo + tl * ph + tl * plo + t * pl;
      const dh = tp + 2;
      const dl = tp - (dh - 2) + tpl;
      q = 134217729 * dh;
      const dhh = q - (q - dh);
      const dhl = dh - dhh;
      const pd = p * dh;
      const pdl = ph * dhh - pd + ph * dhl + plo * dhh + plo * dhl + p * dl + pl * dh;
      const u = 1 + t;
      const ul = t - (u - 1);
      const x4 = 4 * v;
      q = 134217729 * x4;
      const xh = q - (q - x4);
      const xl = x4 - xh;
      q = 134217729 * u;
      const uh = q - (q - u);
      const ulo = u - uh;
      const b = x4 * u;
      const bl = xh * uh - b + xh * ulo + xl * uh + xl * ulo + x4 * ul;
      const a = pd + b;
      const bb = a - pd;
      const al = pd - (a - bb) + (b - bb) + pdl + bl;
      out[i] = d * ((t * (a + al)) / (dh * (dh + 2 * dl)));
    } else {
      // t(1 + x) to far below an ULP; scaled so the f64 band near −710 is not computed from a subnormal t
      out[i] = mulExpDeep(d, 1 + Math.max(v, -3000), v, 0);
    }
  }
}

export function gelu_grad(x: FloatArray, dy: FloatArray, out: FloatArray, n: number, approximate: number): void {
  if (approximate === 1) {
    // σ(v) + x·v'·σ(v)σ(−v): v < 0: e/(1 + e)·(1 + x·v'/(1 + e)); v >= 0: (1 + e + x·v'·e)/(1 + e)².
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const d = dy[i]!;
      if (!(Math.abs(v) <= TANH_X_MAX)) {
        out[i] = v > 0 ? d : v < 0 ? -0 * d : v;
        continue;
      }
      const vh = geluTanhArg(v);
      out[i] = geluTanhGradient(d, v, vh, tanhV.lo);
    }
    return;
  }
  // Φ(x) + x·φ(x) = x < 0 ? d(−x) : 1 − d(x), d(a) = Φ(−a) − a·φ(a) (js-math.ts).
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const d = dy[i]!;
    out[i] = v < 0 ? mulPhiNegMinusAPhi(d, -v) : d - mulPhiNegMinusAPhi(d, v);
  }
}


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

export function softmax(x: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
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
}

// ---- axis: functions and derivatives ----
export function log_softmax(x: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
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
}


export type AxisBinaryKernel = (a: FloatArray, b: FloatArray, out: FloatArray, view: AxisView) => void;


/**
 * Derivatives of the axis functions from the forward output y: out = f(y, dy) along each line. The
 * line's sum s is accumulated with a two-sum per addition (errors summed apart) and used as hi + lo.
 */
/** dx = y·(dy − s), s = sum(y·dy). Products are exact for f32 data; for f64, two-products. */
export function softmax_grad(y: FloatArray, dy: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
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
        if (f64 && Math.abs(p) < 1e300 && Math.abs(p) > 1e-290) e += twoProdErr(a, b, p);
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
}

/** dx = dy − exp(y)·s, s = sum(dy). */
export function log_softmax_grad(y: FloatArray, dy: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
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
}

// The twins by kernel stem, for callers that hold a stem (the worker pool, the tests).
export const elementwise: Record<string, ElementwiseKernel> = { step, sigmoid, tanh, relu, leaky_relu, relu6, hard_tanh, hard_sigmoid, hard_swish, softsign, hard_shrink, threshold, soft_shrink, elu, selu, celu, silu, tanhshrink, softplus, log_sigmoid, mish, gelu };
export const binary: Record<string, BinaryKernel> = { sigmoid_grad, relu_grad, leaky_relu_grad, step_grad, relu6_grad, hard_tanh_grad, hard_sigmoid_grad, hard_swish_grad, softsign_grad, threshold_grad, shrink_grad, elu_grad, selu_grad, celu_grad, silu_grad, tanh_grad, tanhshrink_grad, softplus_grad, log_sigmoid_grad, mish_grad, gelu_grad };
