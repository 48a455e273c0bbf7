// sigmoid(x) = 1 / (1 + exp(−x)), f32x4: exp core rr2-p6, then one true division.
//
//   e = exp(−|x|) ∈ (0, 1]           (exp-f32x4-rr2-p6, x <= 0 only: no overflow for any input)
//   sigmoid(x) = (x < 0 ? e : 1) / (1 + e)   (f32x4.div: divps, ~3 cycles a vector; a Newton
//                                       reciprocal is less accurate and no faster)
// The numerator is selected on the sign bit (−0 gives 1/2, NaN stays NaN) before the one division,
// rather than e/(1 + e) then 1 − that for x >= 0: one subtraction fewer, and that side rounds once
// fewer; the selection is pmax(e, x < 0 ? 0 : 1) (two instructions, where a bitselect is three).
// Saturation needs no special case: for x < −87, 1 + e rounds to 1 and the result is
// exp's subnormal e (sigmoid(−100) = 3.78e−44); for x > 17, 1 + e rounds to 1.
// Max error: 2 ULP, exhaustive over every finite float (x < 0: exp ~1 ULP, 1 + e and the division one
// rounding each). Enforced by the tests' registry bound; swept by npm run accuracy.

import { expNeg_f32x4_rr2_p6 } from '../math/exp-f32x4-rr2-p6';
import { EXP64_SPLIT_X_MIN, expSplitPoly_f64x2, expSplitScale_f64x2, expSplitT_f64x2 } from '../math/exp-f64x2-rr2-p11-split';
import { mapBinary, mapUnary } from '../map';
import { anyAbsAbove32, dyTimesCExpDeep64, expTail32 } from './grad-tail';
import { half64 } from '../simd';

const SIGN: i32 = 0x80000000;

/** sigmoid over one f32x4: the building block that silu, the derivatives … reuse. */
@inline export function sigmoid_f32x4_rr2_p6_div(x: v128): v128 {
  const negAbs = v128.or(x, i32x4.splat(SIGN)); // −|x| in one instruction (neg(abs) costs ~6 here)
  const e = expNeg_f32x4_rr2_p6(negAbs);
  const isNeg = i32x4.shr_s(x, 31); // all-ones where the sign bit is set
  // x < 0 ? e : 1 as max(e, x < 0 ? 0 : 1): e ∈ [0, 1], and pmax keeps a NaN e (its first operand)
  const num = f32x4.pmax(e, v128.andnot(f32x4.splat(1.0), isNeg));
  return f32x4.div(num, f32x4.add(e, f32x4.splat(1.0)));
}

@final class Sigmoid {
  @inline apply(x: v128): v128 {
    return sigmoid_f32x4_rr2_p6_div(x);
  }
}

export function sigmoid_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Sigmoid>(src, dst, n);
}

/**
 * sigmoid'(x)·dy = dy · e / (1 + e)², e = exp(−|x|): symmetric in x, and computed from e rather than
 * as s·(1 − s) so that it keeps relative accuracy in both tails (1 − s would cancel for x > 0).
 * (1 + e)² is evaluated as 1 + e·(2 + e), which rounds once near 1 instead of squaring a rounded value.
 * For |x| > 80 (e < 2^−115: subnormal from x = 87.3, while dy·e is not for |dy| up to 2^128) the lanes
 * come from the f64 kernel (sigmoidGradTail32, grad-tail.ts).
 * Max error: 3 ULP (exp ~1 ULP; the square, the division and the product by dy about half an ULP
 * each), for any finite dy. NaN in x or dy gives NaN; x = ±Infinity gives ±0·dy.
 */
@final class SigmoidGrad {
  apply2(x: v128, dy: v128): v128 {
    let r = changetype<SigmoidGradHot>(0).apply2(x, dy);
    const tail = f32x4.lt(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(-80.0));
    if (v128.any_true(tail)) r = sigmoidGradTail32(x, dy, r, tail);
    return r;
  }
}

/** SigmoidGrad without the tail test: for chunks with no lane in the tail (the gates in grad-tail.ts). */
@final class SigmoidGradHot {
  @inline apply2(x: v128, dy: v128): v128 {
    const na = v128.or(x, i32x4.splat(SIGN));
    const e = expNeg_f32x4_rr2_p6(na);
    // (1 + e)² as 1 + e·(2 + e): one rounding of a value near 1 instead of squaring a rounded 1 + e.
    const d2 = f32x4.add(f32x4.mul(e, f32x4.add(e, f32x4.splat(2.0))), f32x4.splat(1.0));
    return f32x4.mul(dy, f32x4.div(e, d2));
  }
}

/** The lanes of `tail` as dy·exp(−|x|) in f64 (1 + e = 1 there), rounded once (grad-tail.ts); the others r. */
function sigmoidGradTail32(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const na = v128.or(x, i32x4.splat(SIGN));
  const one = f64x2.splat(1.0);
  return expTail32(half64(na, 0), half64(na, 1), one, one, dy, r, tail);
}

export function sigmoid_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  if (anyAbsAbove32(x, n, 80.0)) mapBinary<f32, SigmoidGrad>(x, dy, dst, n);
  else mapBinary<f32, SigmoidGradHot>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// f64x2: the same formulas with the f64 split exp (exp-f64x2-rr2-p11-split.ts: s·p = exp(x), rounded
// once, subnormals included).

const SIGN64: i64 = 0x8000000000000000;

/**
 * sigmoid over f64x2: e = exp(−|x|), f = e/(1 + e), x < 0 ? f : 1 − f. −|x| is clamped at −797 (e = 0
 * there: sigmoid(x) = e rounds to 0 below −745.2); f64x2.lt(x, 0) is false for −0 (1 − 0.5 = 0.5 all
 * the same) and for NaN (1 − NaN). Max error, measured: 2 ULP (as f32: exp ~1 ULP, 1 + e and the
 * division one rounding each).
 */
@inline export function sigmoid_f64x2_rr2_p11_div(x: v128): v128 {
  const xc = f64x2.pmax(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(EXP64_SPLIT_X_MIN));
  const t = expSplitT_f64x2(xc);
  const e = f64x2.mul(expSplitScale_f64x2(t, 0), expSplitPoly_f64x2(xc, t));
  const f = f64x2.div(e, f64x2.add(e, f64x2.splat(1.0)));
  return v128.bitselect(f, f64x2.sub(f64x2.splat(1.0), f), f64x2.lt(x, f64x2.splat(0)));
}

@final class Sigmoid64 {
  @inline apply(x: v128): v128 {
    return sigmoid_f64x2_rr2_p11_div(x);
  }
}

export function sigmoid_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, Sigmoid64>(src, dst, n);
}

/**
 * dy·e/(1 + e)², e = exp(−|x|), (1 + e)² as 1 + e·(2 + e); where e < 2^−1010 (|x| > 700, where
 * (1 + e)² = 1) the lanes are dy·exp(−|x|) from dyTimesCExpDeep64 (grad-tail.ts), rounded once for
 * any finite dy down to |x| = 1462. Max error, measured: 3 ULP.
 */
@final class SigmoidGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const na = v128.or(x, i64x2.splat(SIGN64));
    const xc = f64x2.pmax(na, f64x2.splat(EXP64_SPLIT_X_MIN));
    const t = expSplitT_f64x2(xc);
    const e = f64x2.mul(expSplitScale_f64x2(t, 0), expSplitPoly_f64x2(xc, t));
    const d2 = f64x2.add(f64x2.mul(e, f64x2.add(e, f64x2.splat(2.0))), f64x2.splat(1.0));
    let r = f64x2.mul(dy, f64x2.div(e, d2));
    const tail = f64x2.lt(na, f64x2.splat(-700.0));
    if (v128.any_true(tail)) r = sigmoidGradTail64(na, dy, r, tail);
    return r;
  }
}

function sigmoidGradTail64(na: v128, dy: v128, r: v128, tail: v128): v128 {
  return v128.bitselect(dyTimesCExpDeep64(na, f64x2.splat(0), f64x2.splat(1.0), dy), r, tail);
}

export function sigmoid_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, SigmoidGrad64>(x, dy, dst, n);
}
