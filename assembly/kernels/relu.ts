// The piecewise-linear family: step, relu, leakyRelu, and their derivatives, written once over the
// element type T (f32: f32x4, f64: f64x2; v128.op<T> picks the lane type). Exact (no rounding but
// alpha·x's own), and NaN-preserving: every select is driven by a comparison that is false for NaN,
// picking x itself (several peers turn NaN into 0 in relu and step).
// Max error: 0 ULP (exact) for all six, both types.

import { NONE, mapBinary, mapBinaryP, mapUnaryP, mapUnaryPWide, mapUnaryWide } from '../map';

/** relu(x) = x > 0 ? x : +0. Mask x <= 0 (false for NaN) and clear those lanes: one andnot. */
@final class Relu<T> {
  @inline apply(x: v128): v128 {
    return v128.andnot(x, v128.le<T>(x, v128.splat<T>(0)));
  }
}

export function relu_f32(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f32, Relu<f32>>(src, dst, n);
}
export function relu_f64(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f64, Relu<f64>>(src, dst, n);
}

/** leakyRelu(x) = x < 0 ? alpha·x : x (PyTorch's form; −0 stays −0, NaN stays NaN). Any alpha. */
@final class LeakyRelu<T> {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return v128.bitselect(v128.mul<T>(x, alpha), x, v128.lt<T>(x, v128.splat<T>(0)));
  }
}

/**
 * The same for 0 < alpha <= 1, in two instructions instead of five: pmax(x, alpha·x) = x < alpha·x ?
 * alpha·x : x. For x < 0, alpha·x >= x (|alpha·x| <= |x|, and rounding is monotone), so this picks
 * alpha·x (or x when they are equal, the same value); for x >= 0 (−0 and +Infinity included),
 * alpha·x <= x and it picks x; NaN compares false and gives x itself, bit for bit. The same selects
 * as LeakyRelu, so the results are identical.
 */
@final class LeakyReluMax<T> {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return v128.pmax<T>(x, v128.mul<T>(x, alpha));
  }
}

/** alpha > 1 (+Infinity included): pmin(x, alpha·x) = alpha·x < x ? alpha·x : x, by the same argument. */
@final class LeakyReluMin<T> {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return v128.pmin<T>(x, v128.mul<T>(x, alpha));
  }
}

/** alpha rounded to T first, so that the choice of form is made on the slope the lanes use. */
@inline function leakyRelu<T>(src: usize, dst: usize, n: i32, alpha: f64): void {
  const a = <T>alpha;
  const av = v128.splat<T>(a);
  if (a > 0 && a <= 1) mapUnaryPWide<T, LeakyReluMax<T>>(src, dst, n, av, NONE);
  else if (a > 1) mapUnaryPWide<T, LeakyReluMin<T>>(src, dst, n, av, NONE);
  else mapUnaryP<T, LeakyRelu<T>>(src, dst, n, av, NONE); // alpha <= 0 (0 · −Infinity is NaN), or NaN
}

export function leaky_relu_f32(src: usize, dst: usize, n: i32, alpha: f64): void {
  leakyRelu<f32>(src, dst, n, alpha);
}
export function leaky_relu_f64(src: usize, dst: usize, n: i32, alpha: f64): void {
  leakyRelu<f64>(src, dst, n, alpha);
}

/**
 * step(x) = x >= 0 ? 1 : 0 (so step(−0) = 1), NaN stays NaN, bit for bit.
 * f32, in four instructions: t = x with the lanes x >= 0 cleared (x < 0 and NaN keep x); max_u(1.0, t)
 * as unsigned integers is 1.0 where t = 0 and t itself elsewhere (a negative x or any NaN has a larger
 * bit pattern than 1.0: its sign bit or its all-ones exponent); pmax(·, 0) then gives +0 for negative x
 * and keeps 1.0 and NaN (pmax returns its first operand when the comparison is false or unordered).
 * f64 has no i64x2.max_u: (x >= 0 ? 1.0 : 0) | (x is NaN ? x : 0).
 */
@final class Step<T> {
  @inline apply(x: v128): v128 {
    if (sizeof<T>() == 4) {
      const t = v128.andnot(x, f32x4.ge(x, f32x4.splat(0)));
      return f32x4.pmax(i32x4.max_u(t, f32x4.splat(1.0)), f32x4.splat(0));
    }
    const ge = f64x2.ge(x, f64x2.splat(0));
    const nan = f64x2.ne(x, x);
    return v128.or(v128.and(ge, f64x2.splat(1.0)), v128.and(nan, x));
  }
}

export function step_f32(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f32, Step<f32>>(src, dst, n);
}
export function step_f64(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f64, Step<f64>>(src, dst, n);
}

// ---- derivatives dx = dy · g(x), g NaN where x is NaN (OR-ing the all-ones mask ne(x, x)) ----

/** relu'(x) = x > 0 ? 1 : 0 (0 at 0, as PyTorch). */
@final class ReluGrad<T> {
  @inline apply2(x: v128, dy: v128): v128 {
    const g = v128.or(v128.and(v128.gt<T>(x, v128.splat<T>(0)), v128.splat<T>(1.0)), v128.ne<T>(x, x));
    return v128.mul<T>(dy, g);
  }
}
export function relu_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, ReluGrad<f32>>(x, dy, dst, n);
}
export function relu_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, ReluGrad<f64>>(x, dy, dst, n);
}

/** leakyRelu'(x) = x > 0 ? 1 : alpha (alpha at 0, as PyTorch); also prelu's dx, one slope at a time. */
@final class LeakyReluGrad<T> {
  @inline apply2(x: v128, dy: v128, alpha: v128, unused1: v128, unused2: v128): v128 {
    const g = v128.or(v128.bitselect(v128.splat<T>(1.0), alpha, v128.gt<T>(x, v128.splat<T>(0))), v128.ne<T>(x, x));
    return v128.mul<T>(dy, g);
  }
}
export function leaky_relu_grad_f32(x: usize, dy: usize, dst: usize, n: i32, alpha: f64): void {
  mapBinaryP<f32, LeakyReluGrad<f32>>(x, dy, dst, n, v128.splat<f32>(<f32>alpha), NONE, NONE);
}
export function leaky_relu_grad_f64(x: usize, dy: usize, dst: usize, n: i32, alpha: f64): void {
  mapBinaryP<f64, LeakyReluGrad<f64>>(x, dy, dst, n, v128.splat<f64>(alpha), NONE, NONE);
}

/** step'(x) = 0, NaN where x is NaN: g = ne(x, x) is +0.0 or all-ones (a NaN), so dx = dy · g. */
@final class StepGrad<T> {
  @inline apply2(x: v128, dy: v128): v128 {
    return v128.mul<T>(dy, v128.ne<T>(x, x));
  }
}
export function step_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, StepGrad<f32>>(x, dy, dst, n);
}
export function step_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, StepGrad<f64>>(x, dy, dst, n);
}
