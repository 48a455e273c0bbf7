// The piecewise-linear family: step, relu, leakyRelu. Exact (no rounding but alpha·x's own), and
// NaN-preserving: every select is driven by a comparison that is false for NaN, picking x itself
// (several peers turn NaN into 0 in relu and step).

import { mapBinary, mapBinaryP, mapUnaryP, mapUnaryPWide, mapUnaryWide } from '../map';

const Z: v128 = i64x2.splat(0); // an unused parameter

/** relu(x) = x > 0 ? x : +0. Mask x <= 0 (false for NaN) and clear those lanes: one andnot. */
@final class Relu {
  @inline apply(x: v128): v128 {
    return v128.andnot(x, f32x4.le(x, f32x4.splat(0)));
  }
}

export function relu_f32(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f32, Relu>(src, dst, n);
}

/** leakyRelu(x) = x < 0 ? alpha·x : x (PyTorch's form; −0 stays −0, NaN stays NaN). Any alpha. */
@final class LeakyRelu {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return v128.bitselect(f32x4.mul(x, alpha), x, f32x4.lt(x, f32x4.splat(0)));
  }
}

/**
 * The same for 0 < alpha <= 1, in two instructions instead of five: pmax(x, alpha·x) = x < alpha·x ?
 * alpha·x : x. For x < 0, alpha·x >= x (|alpha·x| <= |x|, and rounding is monotone), so this picks
 * alpha·x (or x when they are equal, the same value); for x >= 0 (−0 and +Infinity included),
 * alpha·x <= x and it picks x; NaN compares false and gives x itself, bit for bit. The same selects
 * as LeakyRelu, so the results are identical.
 */
@final class LeakyReluMax {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return f32x4.pmax(x, f32x4.mul(x, alpha));
  }
}

/** alpha > 1 (+Infinity included): pmin(x, alpha·x) = alpha·x < x ? alpha·x : x, by the same argument. */
@final class LeakyReluMin {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return f32x4.pmin(x, f32x4.mul(x, alpha));
  }
}

export function leaky_relu_f32(src: usize, dst: usize, n: i32, alpha: f64): void {
  const a = <f32>alpha;
  const av = f32x4.splat(a);
  if (a > 0 && a <= 1) mapUnaryPWide<f32, LeakyReluMax>(src, dst, n, av, Z);
  else if (a > 1) mapUnaryPWide<f32, LeakyReluMin>(src, dst, n, av, Z);
  else mapUnaryP<f32, LeakyRelu>(src, dst, n, av, Z); // alpha <= 0 (0 · −Infinity is NaN), or NaN
}

/**
 * step(x) = x >= 0 ? 1 : 0 (so step(−0) = 1), NaN stays NaN, bit for bit, in four instructions:
 * t = x with the lanes x >= 0 cleared (x < 0 and NaN keep x); max_u(1.0, t) as unsigned integers is
 * 1.0 where t = 0 and t itself elsewhere (a negative x or any NaN has a larger bit pattern than 1.0:
 * its sign bit or its all-ones exponent); pmax(·, 0) then gives +0 for negative x and keeps 1.0 and
 * NaN (pmax returns its first operand when the comparison is false or unordered).
 */
@final class Step {
  @inline apply(x: v128): v128 {
    const t = v128.andnot(x, f32x4.ge(x, f32x4.splat(0)));
    return f32x4.pmax(i32x4.max_u(t, f32x4.splat(1.0)), f32x4.splat(0));
  }
}

export function step_f32(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f32, Step>(src, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// relu, leakyRelu, step in f64, and the derivatives of all three in both types.

/** relu(x) = x > 0 ? x : +0; NaN stays NaN (x <= 0 is false for NaN, so the lane is kept). */
@final class Relu64 {
  @inline apply(x: v128): v128 {
    return v128.andnot(x, f64x2.le(x, f64x2.splat(0)));
  }
}
export function relu_f64(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f64, Relu64>(src, dst, n);
}

/** leakyRelu(x) = x < 0 ? alpha·x : x. */
@final class LeakyRelu64 {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return v128.bitselect(f64x2.mul(x, P0), x, f64x2.lt(x, f64x2.splat(0)));
  }
}
/** 0 < alpha <= 1 and alpha > 1: pmax / pmin(x, alpha·x), as LeakyReluMax / LeakyReluMin (f32). */
@final class LeakyReluMax64 {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return f64x2.pmax(x, f64x2.mul(x, P0));
  }
}
@final class LeakyReluMin64 {
  @inline apply(x: v128, P0: v128, P1: v128): v128 {
    return f64x2.pmin(x, f64x2.mul(x, P0));
  }
}
export function leaky_relu_f64(src: usize, dst: usize, n: i32, alpha: f64): void {
  const av = f64x2.splat(alpha);
  if (alpha > 0 && alpha <= 1) mapUnaryPWide<f64, LeakyReluMax64>(src, dst, n, av, Z);
  else if (alpha > 1) mapUnaryPWide<f64, LeakyReluMin64>(src, dst, n, av, Z);
  else mapUnaryP<f64, LeakyRelu64>(src, dst, n, av, Z);
}

/** step(x) = x >= 0 ? 1 : 0, NaN stays NaN. */
@final class Step64 {
  @inline apply(x: v128): v128 {
    const ge = f64x2.ge(x, f64x2.splat(0));
    const nan = f64x2.ne(x, x);
    return v128.or(v128.and(ge, f64x2.splat(1.0)), v128.and(nan, x));
  }
}
export function step_f64(src: usize, dst: usize, n: i32): void {
  mapUnaryWide<f64, Step64>(src, dst, n);
}

/** relu'(x) = x > 0 ? 1 : 0 (0 at 0, as PyTorch). */
@final class ReluGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    const g = v128.or(v128.and(f32x4.gt(x, f32x4.splat(0)), f32x4.splat(1.0)), f32x4.ne(x, x));
    return f32x4.mul(dy, g);
  }
}
@final class ReluGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const g = v128.or(v128.and(f64x2.gt(x, f64x2.splat(0)), f64x2.splat(1.0)), f64x2.ne(x, x));
    return f64x2.mul(dy, g);
  }
}
export function relu_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, ReluGrad>(x, dy, dst, n);
}
export function relu_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, ReluGrad64>(x, dy, dst, n);
}

/** leakyRelu'(x) = x > 0 ? 1 : alpha (alpha at 0, as PyTorch); also prelu's dx, one slope at a time. */
@final class LeakyReluGrad {
  @inline apply2(x: v128, dy: v128, P0: v128, P1: v128, P2: v128): v128 {
    const g = v128.or(v128.bitselect(f32x4.splat(1.0), P0, f32x4.gt(x, f32x4.splat(0))), f32x4.ne(x, x));
    return f32x4.mul(dy, g);
  }
}
@final class LeakyReluGrad64 {
  @inline apply2(x: v128, dy: v128, P0: v128, P1: v128, P2: v128): v128 {
    const g = v128.or(v128.bitselect(f64x2.splat(1.0), P0, f64x2.gt(x, f64x2.splat(0))), f64x2.ne(x, x));
    return f64x2.mul(dy, g);
  }
}
export function leaky_relu_grad_f32(x: usize, dy: usize, dst: usize, n: i32, alpha: f64): void {
  mapBinaryP<f32, LeakyReluGrad>(x, dy, dst, n, f32x4.splat(<f32>alpha), Z, Z);
}
export function leaky_relu_grad_f64(x: usize, dy: usize, dst: usize, n: i32, alpha: f64): void {
  mapBinaryP<f64, LeakyReluGrad64>(x, dy, dst, n, f64x2.splat(alpha), Z, Z);
}

/** step'(x) = 0, NaN where x is NaN: g = ne(x, x) is +0.0 or all-ones (a NaN), so dx = dy · g. */
@final class StepGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    return f32x4.mul(dy, f32x4.ne(x, x));
  }
}
@final class StepGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    return f64x2.mul(dy, f64x2.ne(x, x));
  }
}
export function step_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, StepGrad>(x, dy, dst, n);
}
export function step_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, StepGrad64>(x, dy, dst, n);
}
