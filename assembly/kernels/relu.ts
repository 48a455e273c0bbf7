// The piecewise-linear family: step, relu, leakyRelu. Exact (no rounding but alpha·x's own), and
// NaN-preserving: every select is driven by a comparison that is false for NaN, picking x itself
// (several peers turn NaN into 0 in relu and step).

import { mapUnary, mapUnaryP } from '../map';

/** relu(x) = x > 0 ? x : +0. Mask x <= 0 (false for NaN) and clear those lanes: one andnot. */
@final class Relu {
  @inline apply(x: v128): v128 {
    return v128.andnot(x, f32x4.le(x, f32x4.splat(0)));
  }
}

export function relu_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Relu>(src, dst, n);
}

/** leakyRelu(x) = x < 0 ? alpha·x : x (PyTorch's form; −0 stays −0, NaN stays NaN). */
@final class LeakyRelu {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return v128.bitselect(f32x4.mul(x, alpha), x, f32x4.lt(x, f32x4.splat(0)));
  }
}

export function leaky_relu_f32(src: usize, dst: usize, n: i32, alpha: f64): void {
  mapUnaryP<f32, LeakyRelu>(src, dst, n, f32x4.splat(<f32>alpha), f32x4.splat(0));
}

/** step(x) = x >= 0 ? 1 : 0 (so step(−0) = 1), NaN stays NaN: 1 where x >= 0, x itself where NaN. */
@final class Step {
  @inline apply(x: v128): v128 {
    const ge = f32x4.ge(x, f32x4.splat(0));
    const nan = f32x4.ne(x, x);
    return v128.or(v128.and(ge, f32x4.splat(1.0)), v128.and(nan, x));
  }
}

export function step_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Step>(src, dst, n);
}
