// The piecewise family, f32x4 and f64x2: relu6, hardTanh, hardSigmoid, hardSwish, softsign,
// hardShrink, softShrink, threshold, prelu, and their derivatives dx = dy · f'(x) (relu, leakyRelu and
// step, in both types with their derivatives, are in relu.ts).
//
// Every function here is a few instructions per vector: these kernels are memory-bound.
//   * Clamps are pmin/pmax with x (or the value derived from it) as the FIRST operand:
//     pmax(a, b) = a < b ? b : a and pmin(a, b) = b < a ? b : a return a when the comparison is false,
//     so NaN passes through (f32x4.min/max would be NaN-exact too but cost ~8 instructions each).
//   * Selects are masks from comparisons that are false for NaN, arranged so that NaN lands in a
//     branch that returns x (or something computed from x).
//   * Derivatives are piecewise constant (or linear) factors g(x), multiplied by dy: dx = dy · g, a
//     true product, so NaN or ±Infinity in dy gives NaN where g = 0 (PyTorch selects 0 there).
//     g is made NaN where x is NaN by OR-ing the mask ne(x, x): all-ones is a NaN bit pattern, and
//     OR-ing it into any value gives all-ones. So NaN in x gives NaN (PyTorch would give dy or 0).
// Kinks follow PyTorch: relu'(0) = 0, leakyRelu'(0) = alpha, relu6'(0) = relu6'(6) = 0, hardTanh' = 0
// at both bounds, hardSigmoid' = 0 at its kinks (±3 by default), hardSwish'(−3) = −0.5 and
// hardSwish'(3) = 1.5 (PyTorch's scalar and CUDA kernels; its vectorised CPU path gives 1 at +3),
// shrink' = 0 at ±lambd.
//
// Max error, as measured (f32: scripts/accuracy.mjs over every float32 in [−30, 30] with dy cycling
// through 1 … 1.75, and the random-bit-pattern tests; f64: the double-double tests and 1.2e6 random
// inputs); the registry holds the bounds the tests enforce:
//   exact (0 ULP): relu6, hardTanh, hardShrink, softShrink (x ∓ lambd rounds once), threshold,
//     prelu, relu, leakyRelu, step, and the derivatives of all of these and of hardSigmoid
//     (dy · g rounds once).
//   hardSigmoid: (x + o) / s, two roundings, x + o exact near the lower kink: 1 ULP at x = −8.9e−8
//     (f32), 1 ULP (f64).
//   hardSwish: xc · (min(xc + 3, 6) · fl(1/6)), three roundings (x + 3 is exact near −3): 2 ULP at
//     x = 4.17e−7 (f32), 2 ULP (f64).
//   hardSwish': dy · (x + 1.5)/3 (x + 1.5 exact near −1.5, the derivative's zero): 2 ULP at x = −0.3
//     (f32), 2 ULP (f64).
//   softsign: x / (1 + |x|), two roundings: 1 ULP at x = 4.2e−8 (f32), 1 ULP (f64).
//   softsign': f32 in f64 (d = 1 + |x| exact, dy / (d·d), one rounding to f32): 0 ULP found (a double
//     rounding could give 1 in principle); f64 (dy / d) / d, so that no d·d overflows: 3 ULP at
//     x = −1.2e−9 (the rounding of d counts twice).

import { loadPartial, mapBinary, mapBinaryP, mapUnary, mapUnaryP, mapUnaryPWide, mapUnaryWide, storePartial } from '../map';

const ABS32: i32 = 0x7fffffff;
const ABS64: i64 = 0x7fffffffffffffff;

// Parameters reach `apply(x, a, b)` / `apply2(x, dy, a, b, c)` as arguments (../map.ts):
// locals of the loop rather than module globals, which V8 would reload for every vector.
const Z: v128 = i64x2.splat(0); // an unused parameter

@inline function abs32(x: v128): v128 {
  return v128.and(x, i32x4.splat(ABS32));
}
@inline function abs64(x: v128): v128 {
  return v128.and(x, i64x2.splat(ABS64));
}
/** Lanes 2, 3 of an f32x4 as an f64x2 (promote_low_f32x4 gives lanes 0, 1). */
@inline function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

// ---------------------------------------------------------------------------------------------------
// relu6 and hardTanh: clamps.

/** relu6(x) = min(relu(x), 6): x <= 0 gives +0 as relu does (so relu6(−0) = +0), NaN stays NaN. */
@final class Relu6 {
  @inline apply(x: v128): v128 {
    return f32x4.pmin(v128.andnot(x, f32x4.le(x, f32x4.splat(0))), f32x4.splat(6.0));
  }
}
@final class Relu6_64 {
  @inline apply(x: v128): v128 {
    return f64x2.pmin(v128.andnot(x, f64x2.le(x, f64x2.splat(0))), f64x2.splat(6.0));
  }
}
export function relu6_f32(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f32, Relu6>(src, dst, n);
}
export function relu6_f64(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f64, Relu6_64>(src, dst, n);
}

/** hardTanh(x) = clamp(x, min, max) = pmin(pmax(x, min), max): x itself inside (−0 stays −0). */
@final class HardTanh {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return f32x4.pmin(f32x4.pmax(x, P0), P1);
  }
}
@final class HardTanh64 {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return f64x2.pmin(f64x2.pmax(x, P0), P1);
  }
}
export function hard_tanh_f32(src: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  mapUnaryPWide<f32, HardTanh>(src, dst, n, f32x4.splat(<f32>lo), f32x4.splat(<f32>hi));
}
export function hard_tanh_f64(src: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  mapUnaryPWide<f64, HardTanh64>(src, dst, n, f64x2.splat(lo), f64x2.splat(hi));
}

/**
 * dy · [P0 < x < P1] · P2: the derivative of every clamp here (relu6 and hardTanh with P2 = 1,
 * hardSigmoid with P2 = alpha and the bounds in x of its linear region). 0 at both bounds, as PyTorch.
 */
@final class InsideGrad {
  @inline apply2(x: v128, dy: v128, P0: v128, P1: v128, P2: v128): v128 {
    const inside = v128.and(f32x4.gt(x, P0), f32x4.lt(x, P1));
    return f32x4.mul(dy, v128.or(v128.and(inside, P2), f32x4.ne(x, x)));
  }
}
@final class InsideGrad64 {
  @inline apply2(x: v128, dy: v128, P0: v128, P1: v128, P2: v128): v128 {
    const inside = v128.and(f64x2.gt(x, P0), f64x2.lt(x, P1));
    return f64x2.mul(dy, v128.or(v128.and(inside, P2), f64x2.ne(x, x)));
  }
}
export function relu6_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinaryP<f32, InsideGrad>(x, dy, dst, n, f32x4.splat(0), f32x4.splat(6.0), f32x4.splat(1.0));
}
export function relu6_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinaryP<f64, InsideGrad64>(x, dy, dst, n, f64x2.splat(0), f64x2.splat(6.0), f64x2.splat(1.0));
}
export function hard_tanh_grad_f32(x: usize, dy: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  mapBinaryP<f32, InsideGrad>(x, dy, dst, n, f32x4.splat(<f32>lo), f32x4.splat(<f32>hi), f32x4.splat(1.0));
}
export function hard_tanh_grad_f64(x: usize, dy: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  mapBinaryP<f64, InsideGrad64>(x, dy, dst, n, f64x2.splat(lo), f64x2.splat(hi), f64x2.splat(1.0));
}

// ---------------------------------------------------------------------------------------------------
// hardSigmoid(x) = max(0, min(1, alpha·x + beta)), alpha > 0, evaluated as PyTorch evaluates x/6 + 1/2:
// (x + o) / s with s = 1/alpha and o = beta/alpha rounded to the array's type (s = 6 and o = 3 exactly
// for the defaults, so the kinks sit exactly at ±3 and the result is bitwise PyTorch's
// min(max(x + 3, 0), 6) / 6; alpha = 0.2 gives (x + 2.5) / 5). Two roundings: x + o is exact near
// the lower kink (Sterbenz), so the result keeps relative accuracy down to 0. NaN passes the clamps.

@final class HardSigmoid {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    const s = f32x4.div(f32x4.add(x, P0), P1);
    return f32x4.pmin(f32x4.pmax(s, f32x4.splat(0)), f32x4.splat(1.0));
  }
}
@final class HardSigmoid64 {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    const s = f64x2.div(f64x2.add(x, P0), P1);
    return f64x2.pmin(f64x2.pmax(s, f64x2.splat(0)), f64x2.splat(1.0));
  }
}
export function hard_sigmoid_f32(src: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  mapUnaryP<f32, HardSigmoid>(src, dst, n, f32x4.splat(<f32>(beta / alpha)), f32x4.splat(<f32>(1.0 / alpha)));
}
export function hard_sigmoid_f64(src: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  mapUnaryP<f64, HardSigmoid64>(src, dst, n, f64x2.splat(beta / alpha), f64x2.splat(1.0 / alpha));
}

// The derivative is alpha exactly where 0 < x + o < s: x > −o (o is a number of the type, so the
// comparison is exact) and x < s − o, which is found once per call as HI, the first x of the type
// with x + o >= s, by stepping from an estimate while testing the sign of x + o − s exactly (two
// two-sums). src/backends/piecewise-js.ts is the JS twin.

/** The sign of x + o − c (a number of that sign), exact: two two-sums. */
function sumSign(x: f64, o: f64, c: f64): f64 {
  if (!isFinite(x)) return x;
  const s = x + o;
  const sb = s - x;
  const se = x - (s - sb) + (o - sb);
  const t = s - c;
  const tb = t - s;
  const te = s - (t - tb) + (-c - tb);
  return t + (se + te);
}

/** The next number of the type T (f32 or f64, held in an f64) above x; x itself for NaN and +Infinity. */
function nextUp<T>(x: f64): f64 {
  if (x != x || x == Infinity) return x;
  if (sizeof<T>() == 4) {
    const v = <f32>x;
    if (v == 0) return reinterpret<f32>(1);
    const b = reinterpret<i32>(v);
    return <f64>reinterpret<f32>(v > 0 ? b + 1 : b - 1);
  }
  if (x == 0) return reinterpret<f64>(<i64>1);
  const b = reinterpret<i64>(x);
  return reinterpret<f64>(x > 0 ? b + 1 : b - 1);
}
@inline function nextDown<T>(x: f64): f64 {
  return -nextUp<T>(-x);
}

/** The first x of type T with x + o >= s (s, o finite numbers of type T). */
function firstAtLeast<T>(o: f64, s: f64): f64 {
  let x = s - o;
  if (sizeof<T>() == 4) x = <f64><f32>x;
  for (let i = 0; i < 64 && x != -Infinity && sumSign(nextDown<T>(x), o, s) >= 0; i++) x = nextDown<T>(x);
  for (let i = 0; i < 64 && x != Infinity && sumSign(x, o, s) < 0; i++) x = nextUp<T>(x);
  return x;
}

/** dy · [lo < x < hi] · alpha, the shared clamp derivative. */
export function hard_sigmoid_grad_f32(x: usize, dy: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  const o = <f64><f32>(beta / alpha);
  const s = <f64><f32>(1.0 / alpha);
  mapBinaryP<f32, InsideGrad>(x, dy, dst, n, f32x4.splat(<f32>-o), f32x4.splat(<f32>firstAtLeast<f32>(o, s)), f32x4.splat(<f32>alpha));
}
export function hard_sigmoid_grad_f64(x: usize, dy: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  const o = beta / alpha;
  const s = 1.0 / alpha;
  mapBinaryP<f64, InsideGrad64>(x, dy, dst, n, f64x2.splat(-o), f64x2.splat(firstAtLeast<f64>(o, s)), f64x2.splat(alpha));
}

// ---------------------------------------------------------------------------------------------------
// hardSwish(x) = x · relu6(x + 3) / 6, computed as xc · (min(xc + 3, 6) · fl(1/6)) with xc = max(x, −3):
// x + 3 is exact near −3 (Sterbenz), so the result keeps relative accuracy at both zeros; 6 · fl(1/6)
// rounds to exactly 1, so large x give x itself (x · 6 / 6 would overflow above 5.67e37); x <= −3
// gives −3 · 0 = −0 (PyTorch's x · 0), −Infinity included (PyTorch: NaN). NaN passes both clamps.

@final class HardSwish {
  @inline apply(x: v128): v128 {
    const xc = f32x4.pmax(x, f32x4.splat(-3.0));
    const t = f32x4.pmin(f32x4.add(xc, f32x4.splat(3.0)), f32x4.splat(6.0));
    return f32x4.mul(xc, f32x4.mul(t, f32x4.splat(<f32>(1.0 / 6.0))));
  }
}
@final class HardSwish64 {
  @inline apply(x: v128): v128 {
    const xc = f64x2.pmax(x, f64x2.splat(-3.0));
    const t = f64x2.pmin(f64x2.add(xc, f64x2.splat(3.0)), f64x2.splat(6.0));
    return f64x2.mul(xc, f64x2.mul(t, f64x2.splat(1.0 / 6.0)));
  }
}
export function hard_swish_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, HardSwish>(src, dst, n);
}
export function hard_swish_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, HardSwish64>(src, dst, n);
}

/**
 * hardSwish'(x) = x < −3 ? 0 : x <= 3 ? x/3 + 1/2 : 1 (PyTorch's formula: −0.5 at −3, 1.5 at +3).
 * x/3 + 1/2 is evaluated as (x + 1.5) / 3, exact near its zero at −1.5. NaN falls in the middle branch.
 */
@final class HardSwishGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    const m = f32x4.div(f32x4.add(x, f32x4.splat(1.5)), f32x4.splat(3.0));
    const g = v128.bitselect(f32x4.splat(1.0), v128.andnot(m, f32x4.lt(x, f32x4.splat(-3.0))), f32x4.gt(x, f32x4.splat(3.0)));
    return f32x4.mul(dy, g);
  }
}
@final class HardSwishGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const m = f64x2.div(f64x2.add(x, f64x2.splat(1.5)), f64x2.splat(3.0));
    const g = v128.bitselect(f64x2.splat(1.0), v128.andnot(m, f64x2.lt(x, f64x2.splat(-3.0))), f64x2.gt(x, f64x2.splat(3.0)));
    return f64x2.mul(dy, g);
  }
}
export function hard_swish_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, HardSwishGrad>(x, dy, dst, n);
}
export function hard_swish_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, HardSwishGrad64>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// softsign(x) = x / (1 + |x|). x is first clamped to ±2^30 (f32) / ±2^60 (f64), where the result is
// already ±1 exactly, so that ±Infinity gives ±1 rather than inf/inf; NaN passes the clamp.

@final class Softsign {
  @inline apply(x: v128): v128 {
    const c: f32 = 1073741824.0; // 2^30
    const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-c)), f32x4.splat(c));
    return f32x4.div(xc, f32x4.add(abs32(xc), f32x4.splat(1.0)));
  }
}
@final class Softsign64 {
  @inline apply(x: v128): v128 {
    const c: f64 = 1152921504606846976.0; // 2^60
    const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-c)), f64x2.splat(c));
    return f64x2.div(xc, f64x2.add(abs64(xc), f64x2.splat(1.0)));
  }
}
export function softsign_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Softsign>(src, dst, n);
}
export function softsign_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, Softsign64>(src, dst, n);
}

/**
 * softsign'(x) = 1 / (1 + |x|)^2. f32: in f64, where d = 1 + |x| is exact (|x| >= 2^−29; below, its
 * rounding is 2^−53) and d·d cannot overflow, then one rounding to f32 (subnormal results included).
 */
@final class SoftsignGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    const one = f64x2.splat(1.0);
    const d0 = f64x2.add(abs64(f64x2.promote_low_f32x4(x)), one);
    const d1 = f64x2.add(abs64(promoteHigh(x)), one);
    const r0 = f64x2.div(f64x2.promote_low_f32x4(dy), f64x2.mul(d0, d0));
    const r1 = f64x2.div(promoteHigh(dy), f64x2.mul(d1, d1));
    return i32x4.shuffle(f32x4.demote_f64x2_zero(r0), f32x4.demote_f64x2_zero(r1), 0, 1, 4, 5);
  }
}
/** f64: (dy / d) / d, so that d·d never overflows (|x| > 1.3e154) and subnormal results stay graded. */
@final class SoftsignGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const d = f64x2.add(abs64(x), f64x2.splat(1.0));
    return f64x2.div(f64x2.div(dy, d), d);
  }
}
export function softsign_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, SoftsignGrad>(x, dy, dst, n);
}
export function softsign_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, SoftsignGrad64>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// hardShrink(x) = |x| <= lambd ? 0 : x and softShrink(x) = x − clamp(x, −lambd, lambd).

/** Clear the lanes where |x| <= lambd (false for NaN, which stays). */
@final class HardShrink {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return v128.andnot(x, f32x4.le(abs32(x), P0));
  }
}
@final class HardShrink64 {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return v128.andnot(x, f64x2.le(abs64(x), P0));
  }
}
export function hard_shrink_f32(src: usize, dst: usize, n: i32, lambd: f64): void {
  mapUnaryP<f32, HardShrink>(src, dst, n, f32x4.splat(<f32>lambd), Z);
}
export function hard_shrink_f64(src: usize, dst: usize, n: i32, lambd: f64): void {
  mapUnaryP<f64, HardShrink64>(src, dst, n, f64x2.splat(lambd), Z);
}

/** x − clamp(x, −lambd, lambd): +0 inside (x − x), x ∓ lambd (one rounding) outside; NaN passes. */
@final class SoftShrink {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return f32x4.sub(x, f32x4.pmin(f32x4.pmax(x, P1), P0));
  }
}
@final class SoftShrink64 {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return f64x2.sub(x, f64x2.pmin(f64x2.pmax(x, P1), P0));
  }
}
export function soft_shrink_f32(src: usize, dst: usize, n: i32, lambd: f64): void {
  mapUnaryP<f32, SoftShrink>(src, dst, n, f32x4.splat(<f32>lambd), f32x4.splat(-<f32>lambd));
}
export function soft_shrink_f64(src: usize, dst: usize, n: i32, lambd: f64): void {
  mapUnaryP<f64, SoftShrink64>(src, dst, n, f64x2.splat(lambd), f64x2.splat(-lambd));
}

/** shrink'(x) = |x| <= lambd ? 0 : 1, for both shrinks (PyTorch's shrink_backward: 0 at ±lambd). */
@final class ShrinkGrad {
  @inline apply2(x: v128, dy: v128, P0: v128, P1: v128, P2: v128): v128 {
    const g = v128.or(v128.andnot(f32x4.splat(1.0), f32x4.le(abs32(x), P0)), f32x4.ne(x, x));
    return f32x4.mul(dy, g);
  }
}
@final class ShrinkGrad64 {
  @inline apply2(x: v128, dy: v128, P0: v128, P1: v128, P2: v128): v128 {
    const g = v128.or(v128.andnot(f64x2.splat(1.0), f64x2.le(abs64(x), P0)), f64x2.ne(x, x));
    return f64x2.mul(dy, g);
  }
}
export function shrink_grad_f32(x: usize, dy: usize, dst: usize, n: i32, lambd: f64): void {
  mapBinaryP<f32, ShrinkGrad>(x, dy, dst, n, f32x4.splat(<f32>lambd), Z, Z);
}
export function shrink_grad_f64(x: usize, dy: usize, dst: usize, n: i32, lambd: f64): void {
  mapBinaryP<f64, ShrinkGrad64>(x, dy, dst, n, f64x2.splat(lambd), Z, Z);
}

// ---------------------------------------------------------------------------------------------------
// threshold(x) = x > threshold ? x : value (PyTorch's F.threshold; ONNX ThresholdedRelu is value = 0).

/** Replace the lanes where x <= threshold (false for NaN, which stays) by value. */
@final class Threshold {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return v128.bitselect(P1, x, f32x4.le(x, P0));
  }
}
@final class Threshold64 {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return v128.bitselect(P1, x, f64x2.le(x, P0));
  }
}
export function threshold_f32(src: usize, dst: usize, n: i32, threshold: f64, value: f64): void {
  mapUnaryP<f32, Threshold>(src, dst, n, f32x4.splat(<f32>threshold), f32x4.splat(<f32>value));
}
export function threshold_f64(src: usize, dst: usize, n: i32, threshold: f64, value: f64): void {
  mapUnaryP<f64, Threshold64>(src, dst, n, f64x2.splat(threshold), f64x2.splat(value));
}

/** threshold'(x) = x <= threshold ? 0 : 1 (PyTorch's threshold_backward), NaN where x is NaN. */
@final class ThresholdGrad {
  @inline apply2(x: v128, dy: v128, P0: v128, P1: v128, P2: v128): v128 {
    const g = v128.or(v128.andnot(f32x4.splat(1.0), f32x4.le(x, P0)), f32x4.ne(x, x));
    return f32x4.mul(dy, g);
  }
}
@final class ThresholdGrad64 {
  @inline apply2(x: v128, dy: v128, P0: v128, P1: v128, P2: v128): v128 {
    const g = v128.or(v128.andnot(f64x2.splat(1.0), f64x2.le(x, P0)), f64x2.ne(x, x));
    return f64x2.mul(dy, g);
  }
}
export function threshold_grad_f32(x: usize, dy: usize, dst: usize, n: i32, threshold: f64): void {
  mapBinaryP<f32, ThresholdGrad>(x, dy, dst, n, f32x4.splat(<f32>threshold), Z, Z);
}
export function threshold_grad_f64(x: usize, dy: usize, dst: usize, n: i32, threshold: f64): void {
  mapBinaryP<f64, ThresholdGrad64>(x, dy, dst, n, f64x2.splat(threshold), Z, Z);
}

// ---------------------------------------------------------------------------------------------------
// prelu(x, slopes) = x < 0 ? slope·x : x, one slope per channel. The wrapper (src/backends/wasm.ts)
// runs each contiguous run of one channel through leaky_relu_<t> / prelu_grad_run_<t> with that
// channel's slope when runs are long, and otherwise pairs x with a pattern s[i] of per-element slopes
// (prelu_<t>, prelu_grad_<t>, prelu_dslope_acc_<t>).

/** y = x < 0 ? s·x : x with a slope per element. */
@final class PreluPattern {
  @inline apply2(x: v128, s: v128): v128 {
    return v128.bitselect(f32x4.mul(x, s), x, f32x4.lt(x, f32x4.splat(0)));
  }
}
@final class PreluPattern64 {
  @inline apply2(x: v128, s: v128): v128 {
    return v128.bitselect(f64x2.mul(x, s), x, f64x2.lt(x, f64x2.splat(0)));
  }
}
export function prelu_f32(x: usize, s: usize, dst: usize, n: i32): void {
  mapBinary<f32, PreluPattern>(x, s, dst, n);
}
export function prelu_f64(x: usize, s: usize, dst: usize, n: i32): void {
  mapBinary<f64, PreluPattern64>(x, s, dst, n);
}

/**
 * dx = dy · (x > 0 ? 1 : s), NaN where x is NaN (leakyRelu's derivative with slopes s), given the mask
 * m = x > 0, which the dslope sums share: they add xm · dm, xm and dm = x and dy where x <= 0 (or NaN),
 * else 0 (both zeroed: 0 · dy would be NaN for dy = ±Infinity or NaN at an x > 0 that is not summed).
 */
@inline function preluDx32(x: v128, dy: v128, s: v128, m: v128): v128 {
  return f32x4.mul(dy, v128.or(v128.bitselect(f32x4.splat(1.0), s, m), f32x4.ne(x, x)));
}
@inline function preluDx64(x: v128, dy: v128, s: v128, m: v128): v128 {
  return f64x2.mul(dy, v128.or(v128.bitselect(f64x2.splat(1.0), s, m), f64x2.ne(x, x)));
}

/**
 * One run of one channel: dst = dx with slope `slope`, and the return value is that run's
 * contribution to dslope, sum of (x > 0 ? 0 : x·dy). f32: the products are exact in f64 and summed
 * in f64. dst may equal x or dy.
 */
export function prelu_grad_run_f32(x: usize, dy: usize, dst: usize, n: i32, slope: f64): f64 {
  const s = f32x4.splat(<f32>slope);
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const xv = v128.load(x + o);
    const dv = v128.load(dy + o);
    const m = f32x4.gt(xv, f32x4.splat(0));
    const xm = v128.andnot(xv, m);
    const dm = v128.andnot(dv, m);
    a0 = f64x2.add(a0, f64x2.mul(f64x2.promote_low_f32x4(xm), f64x2.promote_low_f32x4(dm)));
    a1 = f64x2.add(a1, f64x2.mul(promoteHigh(xm), promoteHigh(dm)));
    v128.store(dst + o, preluDx32(xv, dv, s, m));
  }
  if (i < n) {
    const o = <usize>i << 2;
    const xv = loadPartial<f32>(x + o, n - i); // padding lanes are 0: they add 0 to the sum
    const dv = loadPartial<f32>(dy + o, n - i);
    const m = f32x4.gt(xv, f32x4.splat(0));
    const xm = v128.andnot(xv, m);
    const dm = v128.andnot(dv, m);
    a0 = f64x2.add(a0, f64x2.mul(f64x2.promote_low_f32x4(xm), f64x2.promote_low_f32x4(dm)));
    a1 = f64x2.add(a1, f64x2.mul(promoteHigh(xm), promoteHigh(dm)));
    storePartial<f32>(dst + o, preluDx32(xv, dv, s, m), n - i);
  }
  const a = f64x2.add(a0, a1);
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}
export function prelu_grad_run_f64(x: usize, dy: usize, dst: usize, n: i32, slope: f64): f64 {
  const s = f64x2.splat(slope);
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    const x0 = v128.load(x + o);
    const x1 = v128.load(x + o, 16);
    const d0 = v128.load(dy + o);
    const d1 = v128.load(dy + o, 16);
    const m0 = f64x2.gt(x0, f64x2.splat(0));
    const m1 = f64x2.gt(x1, f64x2.splat(0));
    a0 = f64x2.add(a0, f64x2.mul(v128.andnot(x0, m0), v128.andnot(d0, m0)));
    a1 = f64x2.add(a1, f64x2.mul(v128.andnot(x1, m1), v128.andnot(d1, m1)));
    v128.store(dst + o, preluDx64(x0, d0, s, m0));
    v128.store(dst + o, preluDx64(x1, d1, s, m1), 16);
  }
  for (; i < n; i += 2) {
    const o = <usize>i << 3;
    const k = n - i;
    const xv = k >= 2 ? v128.load(x + o) : loadPartial<f64>(x + o, 1);
    const dv = k >= 2 ? v128.load(dy + o) : loadPartial<f64>(dy + o, 1);
    const m = f64x2.gt(xv, f64x2.splat(0));
    a0 = f64x2.add(a0, f64x2.mul(v128.andnot(xv, m), v128.andnot(dv, m)));
    if (k >= 2) v128.store(dst + o, preluDx64(xv, dv, s, m));
    else storePartial<f64>(dst + o, preluDx64(xv, dv, s, m), 1);
  }
  const a = f64x2.add(a0, a1);
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

/**
 * A pattern of slopes: dst = dx for `rows` rows of `len` elements, x, dy and dst row-major, s and
 * acc one row each (s[j]: element j's slope); acc[j] (f64) += x > 0 ? 0 : x·dy over the rows.
 */
export function prelu_grad_f32(x: usize, dy: usize, s: usize, dst: usize, acc: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>len) << 2;
    let j = 0;
    for (; j + 4 <= len; j += 4) {
      const o = <usize>j << 2;
      const xv = v128.load(x + base + o);
      const dv = v128.load(dy + base + o);
      const m = f32x4.gt(xv, f32x4.splat(0));
      const xm = v128.andnot(xv, m);
      const dm = v128.andnot(dv, m);
      const q = acc + (<usize>j << 3);
      v128.store(q, f64x2.add(v128.load(q), f64x2.mul(f64x2.promote_low_f32x4(xm), f64x2.promote_low_f32x4(dm))));
      v128.store(q, f64x2.add(v128.load(q, 16), f64x2.mul(promoteHigh(xm), promoteHigh(dm))), 16);
      v128.store(dst + base + o, preluDx32(xv, dv, v128.load(s + o), m));
    }
    for (; j < len; j++) {
      const o = <usize>j << 2;
      const xs = load<f32>(x + base + o);
      const ds = load<f32>(dy + base + o);
      const q = acc + (<usize>j << 3);
      store<f64>(q, load<f64>(q) + (xs > 0 ? 0 : <f64>xs * <f64>ds));
      const g: f32 = xs > 0 ? 1 : xs != xs ? xs : load<f32>(s + o);
      store<f32>(dst + base + o, ds * g);
    }
  }
}
export function prelu_grad_f64(x: usize, dy: usize, s: usize, dst: usize, acc: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const base = (<usize>r * <usize>len) << 3;
    let j = 0;
    for (; j + 2 <= len; j += 2) {
      const o = <usize>j << 3;
      const xv = v128.load(x + base + o);
      const dv = v128.load(dy + base + o);
      const m = f64x2.gt(xv, f64x2.splat(0));
      v128.store(acc + o, f64x2.add(v128.load(acc + o), f64x2.mul(v128.andnot(xv, m), v128.andnot(dv, m))));
      v128.store(dst + base + o, preluDx64(xv, dv, v128.load(s + o), m));
    }
    if (j < len) {
      const o = <usize>j << 3;
      const xs = load<f64>(x + base + o);
      const ds = load<f64>(dy + base + o);
      store<f64>(acc + o, load<f64>(acc + o) + (xs > 0 ? 0 : xs * ds));
      const g: f64 = xs > 0 ? 1 : xs != xs ? xs : load<f64>(s + o);
      store<f64>(dst + base + o, ds * g);
    }
  }
}
