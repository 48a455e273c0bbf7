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

import { NONE, loadPartial, mapBinary, mapBinaryP, mapUnary, mapUnaryP, mapUnaryPWide, mapUnaryWide, storePartial } from '../map';
import { absBits, demote2, promoteHigh, promoteLow } from '../simd';

// Every kernel is written once over the element type T (f32 or f64): v128.op<T> is f32x4.op or
// f64x2.op. Parameters reach `apply(x, a, b)` / `apply2(x, dy, a, b, c)` as arguments (../map.ts):
// locals of the loop rather than module globals, which V8 would reload for every vector.

// ---------------------------------------------------------------------------------------------------
// relu6 and hardTanh: clamps.

/** relu6(x) = min(relu(x), 6): x <= 0 gives +0 as relu does (so relu6(−0) = +0), NaN stays NaN. */
@final class Relu6<T> {
  @inline apply(x: v128): v128 {
    return v128.pmin<T>(v128.andnot(x, v128.le<T>(x, v128.splat<T>(0))), v128.splat<T>(6.0));
  }
}
export function relu6_f32(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f32, Relu6<f32>>(src, dst, n);
}
export function relu6_f64(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f64, Relu6<f64>>(src, dst, n);
}

/** hardTanh(x) = clamp(x, min, max) = pmin(pmax(x, min), max): x itself inside (−0 stays −0). */
@final class HardTanh<T> {
  @inline apply(x: v128, lo: v128, hi: v128): v128 {
    return v128.pmin<T>(v128.pmax<T>(x, lo), hi);
  }
}
@inline function hardTanh<T>(src: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  mapUnaryPWide<T, HardTanh<T>>(src, dst, n, v128.splat<T>(<T>lo), v128.splat<T>(<T>hi));
}
export function hard_tanh_f32(src: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  hardTanh<f32>(src, dst, n, lo, hi);
}
export function hard_tanh_f64(src: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  hardTanh<f64>(src, dst, n, lo, hi);
}

/**
 * dy · [lo < x < hi] · g: the derivative of every clamp here (relu6 and hardTanh with g = 1,
 * hardSigmoid with g = alpha and the bounds in x of its linear region). 0 at both bounds, as PyTorch.
 */
@final class InsideGrad<T> {
  @inline apply2(x: v128, dy: v128, lo: v128, hi: v128, g: v128): v128 {
    const inside = v128.and(v128.gt<T>(x, lo), v128.lt<T>(x, hi));
    return v128.mul<T>(dy, v128.or(v128.and(inside, g), v128.ne<T>(x, x)));
  }
}
@inline function insideGrad<T>(x: usize, dy: usize, dst: usize, n: i32, lo: T, hi: T, g: T): void {
  mapBinaryP<T, InsideGrad<T>>(x, dy, dst, n, v128.splat<T>(lo), v128.splat<T>(hi), v128.splat<T>(g));
}
export function relu6_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  insideGrad<f32>(x, dy, dst, n, 0, 6.0, 1.0);
}
export function relu6_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  insideGrad<f64>(x, dy, dst, n, 0, 6.0, 1.0);
}
export function hard_tanh_grad_f32(x: usize, dy: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  insideGrad<f32>(x, dy, dst, n, <f32>lo, <f32>hi, 1.0);
}
export function hard_tanh_grad_f64(x: usize, dy: usize, dst: usize, n: i32, lo: f64, hi: f64): void {
  insideGrad<f64>(x, dy, dst, n, lo, hi, 1.0);
}

// ---------------------------------------------------------------------------------------------------
// hardSigmoid(x) = max(0, min(1, alpha·x + beta)), alpha > 0, evaluated as PyTorch evaluates x/6 + 1/2:
// (x + o) / s with s = 1/alpha and o = beta/alpha rounded to the array's type (s = 6 and o = 3 exactly
// for the defaults, so the kinks sit exactly at ±3 and the result is bitwise PyTorch's
// min(max(x + 3, 0), 6) / 6; alpha = 0.2 gives (x + 2.5) / 5). Two roundings: x + o is exact near
// the lower kink (Sterbenz), so the result keeps relative accuracy down to 0. NaN passes the clamps.

@final class HardSigmoid<T> {
  @inline apply(x: v128, o: v128, s: v128): v128 {
    const y = v128.div<T>(v128.add<T>(x, o), s);
    return v128.pmin<T>(v128.pmax<T>(y, v128.splat<T>(0)), v128.splat<T>(1.0));
  }
}
@inline function hardSigmoid<T>(src: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  mapUnaryP<T, HardSigmoid<T>>(src, dst, n, v128.splat<T>(<T>(beta / alpha)), v128.splat<T>(<T>(1.0 / alpha)));
}
export function hard_sigmoid_f32(src: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  hardSigmoid<f32>(src, dst, n, alpha, beta);
}
export function hard_sigmoid_f64(src: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  hardSigmoid<f64>(src, dst, n, alpha, beta);
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

/** dy · [−o < x < HI] · alpha, the shared clamp derivative (o and s rounded to T, as the forward). */
@inline function hardSigmoidGrad<T>(x: usize, dy: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  const o = <f64><T>(beta / alpha);
  const s = <f64><T>(1.0 / alpha);
  insideGrad<T>(x, dy, dst, n, <T>-o, <T>firstAtLeast<T>(o, s), <T>alpha);
}
export function hard_sigmoid_grad_f32(x: usize, dy: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  hardSigmoidGrad<f32>(x, dy, dst, n, alpha, beta);
}
export function hard_sigmoid_grad_f64(x: usize, dy: usize, dst: usize, n: i32, alpha: f64, beta: f64): void {
  hardSigmoidGrad<f64>(x, dy, dst, n, alpha, beta);
}

// ---------------------------------------------------------------------------------------------------
// hardSwish(x) = x · relu6(x + 3) / 6, computed as xc · (min(xc + 3, 6) · fl(1/6)) with xc = max(x, −3):
// x + 3 is exact near −3 (Sterbenz), so the result keeps relative accuracy at both zeros; 6 · fl(1/6)
// rounds to exactly 1, so large x give x itself (x · 6 / 6 would overflow above 5.67e37); x <= −3
// gives −3 · 0 = −0 (PyTorch's x · 0), −Infinity included (PyTorch: NaN). NaN passes both clamps.

@final class HardSwish<T> {
  @inline apply(x: v128): v128 {
    const xc = v128.pmax<T>(x, v128.splat<T>(-3.0));
    const t = v128.pmin<T>(v128.add<T>(xc, v128.splat<T>(3.0)), v128.splat<T>(6.0));
    return v128.mul<T>(xc, v128.mul<T>(t, v128.splat<T>(<T>(1.0 / 6.0))));
  }
}
export function hard_swish_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, HardSwish<f32>>(src, dst, n);
}
export function hard_swish_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, HardSwish<f64>>(src, dst, n);
}

/**
 * hardSwish'(x) = x < −3 ? 0 : x <= 3 ? x/3 + 1/2 : 1 (PyTorch's formula: −0.5 at −3, 1.5 at +3).
 * x/3 + 1/2 is evaluated as (x + 1.5) / 3, exact near its zero at −1.5. NaN falls in the middle branch.
 */
@final class HardSwishGrad<T> {
  @inline apply2(x: v128, dy: v128): v128 {
    const m = v128.div<T>(v128.add<T>(x, v128.splat<T>(1.5)), v128.splat<T>(3.0));
    const g = v128.bitselect(v128.splat<T>(1.0), v128.andnot(m, v128.lt<T>(x, v128.splat<T>(-3.0))), v128.gt<T>(x, v128.splat<T>(3.0)));
    return v128.mul<T>(dy, g);
  }
}
export function hard_swish_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, HardSwishGrad<f32>>(x, dy, dst, n);
}
export function hard_swish_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, HardSwishGrad<f64>>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// softsign(x) = x / (1 + |x|). x is first clamped to ±2^30 (f32) / ±2^60 (f64), where the result is
// already ±1 exactly, so that ±Infinity gives ±1 rather than inf/inf; NaN passes the clamp.

@final class Softsign<T> {
  @inline apply(x: v128): v128 {
    const c: T = sizeof<T>() == 8 ? <T>1152921504606846976.0 : <T>1073741824.0; // 2^60, 2^30
    const xc = v128.pmin<T>(v128.pmax<T>(x, v128.splat<T>(-c)), v128.splat<T>(c));
    return v128.div<T>(xc, v128.add<T>(absBits<T>(xc), v128.splat<T>(1.0)));
  }
}
export function softsign_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Softsign<f32>>(src, dst, n);
}
export function softsign_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, Softsign<f64>>(src, dst, n);
}

/**
 * softsign'(x) = 1 / (1 + |x|)^2, by a different method per type. f32: in f64, where d = 1 + |x| is
 * exact (|x| >= 2^−29; below, its rounding is 2^−53) and d·d cannot overflow, then one rounding to f32
 * (subnormal results included).
 */
@final class SoftsignGrad32 {
  @inline apply2(x: v128, dy: v128): v128 {
    const one = f64x2.splat(1.0);
    const d0 = f64x2.add(absBits<f64>(promoteLow(x)), one);
    const d1 = f64x2.add(absBits<f64>(promoteHigh(x)), one);
    return demote2(f64x2.div(promoteLow(dy), f64x2.mul(d0, d0)), f64x2.div(promoteHigh(dy), f64x2.mul(d1, d1)));
  }
}
/** f64: (dy / d) / d, so that d·d never overflows (|x| > 1.3e154) and subnormal results stay graded. */
@final class SoftsignGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const d = f64x2.add(absBits<f64>(x), f64x2.splat(1.0));
    return f64x2.div(f64x2.div(dy, d), d);
  }
}
export function softsign_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, SoftsignGrad32>(x, dy, dst, n);
}
export function softsign_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, SoftsignGrad64>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// hardShrink(x) = |x| <= lambd ? 0 : x and softShrink(x) = x − clamp(x, −lambd, lambd).

/** Clear the lanes where |x| <= lambd (false for NaN, which stays). */
@final class HardShrink<T> {
  @inline apply(x: v128, lambd: v128, unused: v128): v128 {
    return v128.andnot(x, v128.le<T>(absBits<T>(x), lambd));
  }
}
@inline function hardShrink<T>(src: usize, dst: usize, n: i32, lambd: f64): void {
  mapUnaryP<T, HardShrink<T>>(src, dst, n, v128.splat<T>(<T>lambd), NONE);
}
export function hard_shrink_f32(src: usize, dst: usize, n: i32, lambd: f64): void {
  hardShrink<f32>(src, dst, n, lambd);
}
export function hard_shrink_f64(src: usize, dst: usize, n: i32, lambd: f64): void {
  hardShrink<f64>(src, dst, n, lambd);
}

/** x − clamp(x, −lambd, lambd): +0 inside (x − x), x ∓ lambd (one rounding) outside; NaN passes. */
@final class SoftShrink<T> {
  @inline apply(x: v128, lambd: v128, minusLambd: v128): v128 {
    return v128.sub<T>(x, v128.pmin<T>(v128.pmax<T>(x, minusLambd), lambd));
  }
}
@inline function softShrink<T>(src: usize, dst: usize, n: i32, lambd: f64): void {
  mapUnaryP<T, SoftShrink<T>>(src, dst, n, v128.splat<T>(<T>lambd), v128.splat<T>(-<T>lambd));
}
export function soft_shrink_f32(src: usize, dst: usize, n: i32, lambd: f64): void {
  softShrink<f32>(src, dst, n, lambd);
}
export function soft_shrink_f64(src: usize, dst: usize, n: i32, lambd: f64): void {
  softShrink<f64>(src, dst, n, lambd);
}

/** shrink'(x) = |x| <= lambd ? 0 : 1, for both shrinks (PyTorch's shrink_backward: 0 at ±lambd). */
@final class ShrinkGrad<T> {
  @inline apply2(x: v128, dy: v128, lambd: v128, unused1: v128, unused2: v128): v128 {
    const g = v128.or(v128.andnot(v128.splat<T>(1.0), v128.le<T>(absBits<T>(x), lambd)), v128.ne<T>(x, x));
    return v128.mul<T>(dy, g);
  }
}
@inline function shrinkGrad<T>(x: usize, dy: usize, dst: usize, n: i32, lambd: f64): void {
  mapBinaryP<T, ShrinkGrad<T>>(x, dy, dst, n, v128.splat<T>(<T>lambd), NONE, NONE);
}
export function shrink_grad_f32(x: usize, dy: usize, dst: usize, n: i32, lambd: f64): void {
  shrinkGrad<f32>(x, dy, dst, n, lambd);
}
export function shrink_grad_f64(x: usize, dy: usize, dst: usize, n: i32, lambd: f64): void {
  shrinkGrad<f64>(x, dy, dst, n, lambd);
}

// ---------------------------------------------------------------------------------------------------
// threshold(x) = x > threshold ? x : value (PyTorch's F.threshold; ONNX ThresholdedRelu is value = 0).

/** Replace the lanes where x <= threshold (false for NaN, which stays) by value. */
@final class Threshold<T> {
  @inline apply(x: v128, threshold: v128, value: v128): v128 {
    return v128.bitselect(value, x, v128.le<T>(x, threshold));
  }
}
@inline function applyThreshold<T>(src: usize, dst: usize, n: i32, threshold: f64, value: f64): void {
  mapUnaryP<T, Threshold<T>>(src, dst, n, v128.splat<T>(<T>threshold), v128.splat<T>(<T>value));
}
export function threshold_f32(src: usize, dst: usize, n: i32, threshold: f64, value: f64): void {
  applyThreshold<f32>(src, dst, n, threshold, value);
}
export function threshold_f64(src: usize, dst: usize, n: i32, threshold: f64, value: f64): void {
  applyThreshold<f64>(src, dst, n, threshold, value);
}

/** threshold'(x) = x <= threshold ? 0 : 1 (PyTorch's threshold_backward), NaN where x is NaN. */
@final class ThresholdGrad<T> {
  @inline apply2(x: v128, dy: v128, threshold: v128, unused1: v128, unused2: v128): v128 {
    const g = v128.or(v128.andnot(v128.splat<T>(1.0), v128.le<T>(x, threshold)), v128.ne<T>(x, x));
    return v128.mul<T>(dy, g);
  }
}
@inline function thresholdGrad<T>(x: usize, dy: usize, dst: usize, n: i32, threshold: f64): void {
  mapBinaryP<T, ThresholdGrad<T>>(x, dy, dst, n, v128.splat<T>(<T>threshold), NONE, NONE);
}
export function threshold_grad_f32(x: usize, dy: usize, dst: usize, n: i32, threshold: f64): void {
  thresholdGrad<f32>(x, dy, dst, n, threshold);
}
export function threshold_grad_f64(x: usize, dy: usize, dst: usize, n: i32, threshold: f64): void {
  thresholdGrad<f64>(x, dy, dst, n, threshold);
}

// ---------------------------------------------------------------------------------------------------
// prelu(x, slopes) = x < 0 ? slope·x : x, one slope per channel. The wrapper (src/ops/prelu.ts)
// runs each contiguous run of one channel through leaky_relu_<t> / prelu_grad_run_<t> with that
// channel's slope when runs are long, and otherwise pairs x with a pattern s[i] of per-element slopes
// (prelu_<t>, and prelu_grad_<t>, which also adds each element's dslope term into a row of sums).

/** y = x < 0 ? s·x : x with a slope per element. */
@final class PreluPattern<T> {
  @inline apply2(x: v128, s: v128): v128 {
    return v128.bitselect(v128.mul<T>(x, s), x, v128.lt<T>(x, v128.splat<T>(0)));
  }
}
export function prelu_f32(x: usize, s: usize, dst: usize, n: i32): void {
  mapBinary<f32, PreluPattern<f32>>(x, s, dst, n);
}
export function prelu_f64(x: usize, s: usize, dst: usize, n: i32): void {
  mapBinary<f64, PreluPattern<f64>>(x, s, dst, n);
}

/**
 * dx = dy · (x > 0 ? 1 : s), NaN where x is NaN (leakyRelu's derivative with slopes s), given the mask
 * m = x > 0, which the dslope sums share: they add xm · dm, xm and dm = x and dy where x <= 0 (or NaN),
 * else 0 (both zeroed: 0 · dy would be NaN for dy = ±Infinity or NaN at an x > 0 that is not summed).
 */
@inline function preluDx<T>(x: v128, dy: v128, s: v128, m: v128): v128 {
  return v128.mul<T>(dy, v128.or(v128.bitselect(v128.splat<T>(1.0), s, m), v128.ne<T>(x, x)));
}

// The dslope sums are in f64 for both types: an f32 vector widens into two f64x2 halves (its products
// are exact there), an f64 vector is one. So the f32 and f64 loops below differ in shape, not only in
// lane type, and are written apart.

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
    v128.store(dst + o, preluDx<f32>(xv, dv, s, m));
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
    storePartial<f32>(dst + o, preluDx<f32>(xv, dv, s, m), n - i);
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
    v128.store(dst + o, preluDx<f64>(x0, d0, s, m0));
    v128.store(dst + o, preluDx<f64>(x1, d1, s, m1), 16);
  }
  for (; i < n; i += 2) {
    const o = <usize>i << 3;
    const k = n - i;
    const xv = k >= 2 ? v128.load(x + o) : loadPartial<f64>(x + o, 1);
    const dv = k >= 2 ? v128.load(dy + o) : loadPartial<f64>(dy + o, 1);
    const m = f64x2.gt(xv, f64x2.splat(0));
    a0 = f64x2.add(a0, f64x2.mul(v128.andnot(xv, m), v128.andnot(dv, m)));
    if (k >= 2) v128.store(dst + o, preluDx<f64>(xv, dv, s, m));
    else storePartial<f64>(dst + o, preluDx<f64>(xv, dv, s, m), 1);
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
      v128.store(dst + base + o, preluDx<f32>(xv, dv, v128.load(s + o), m));
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
      v128.store(dst + base + o, preluDx<f64>(xv, dv, v128.load(s + o), m));
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
