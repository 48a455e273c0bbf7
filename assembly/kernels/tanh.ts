// tanh(x) = −expm1(−2|x|) / (2 + expm1(−2|x|)), with the sign of x; f32x4, expm1 core rr2-p6, division.
//
// expm1 (not exp(x) − 1) keeps relative accuracy near 0: tanh(1e−5) = 1e−5 to within the bound, not
// only in absolute terms. The argument is −2|x| <= 0, the expm1 core's domain, so nothing overflows:
// for |x| > 9.01, expm1 rounds to −1 and the quotient to exactly 1.
// The sign bit is taken from x (a bitselect): tanh(±0) = ±0, NaN stays NaN.
// Max error: 2 ULP (expm1 ~1.5 ULP; 2 + em and the division one rounding each, partly cancelling).
// The tests enforce the registry's bound; npm run accuracy sweeps every float.

import { expm1Neg_f32x4_rr2_p6 } from '../math/expm1-f32x4-rr2-p6';
import { EXP_SPLIT_X_MIN, expSplitPoly_f32x4, expSplitScale_f32x4, expSplitZ_f32x4 } from '../math/exp-f32x4-rr2-p6-split';
import { EXP64_SPLIT_X_MIN, expSplitPoly_f64x2, expSplitScale_f64x2, expSplitT_f64x2 } from '../math/exp-f64x2-rr2-p11-split';
import { expm1Neg_f64x2_rr2_p11 } from '../math/expm1-f64x2-rr2-p11';
import { mapBinary, mapUnary } from '../map';
import { dyTimesCExpDeep64, expTail32 } from './grad-tail';
import { half64 } from '../simd';

const SIGN: i32 = 0x80000000;

@inline export function tanh_f32x4_expm1_rr2_p6_div(x: v128): v128 {
  const m2abs = f32x4.mul(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(2.0)); // −2|x|, exact
  const em = expm1Neg_f32x4_rr2_p6(m2abs);
  // −em/(2 + em) as em/(−2 − em): the same rounding of a value of the same size, one negation fewer
  // (t is −0 at x = ±0, where em = +0; the sign comes from x anyway).
  const t = f32x4.div(em, f32x4.sub(f32x4.splat(-2.0), em));
  return v128.bitselect(x, t, i32x4.splat(SIGN)); // x's sign bit, t's other bits
}

@final class Tanh {
  @inline apply(x: v128): v128 {
    return tanh_f32x4_expm1_rr2_p6_div(x);
  }
}

export function tanh_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Tanh>(src, dst, n);
}

/**
 * tanh'(x)·dy = dy·(1 − tanh²(x)) = dy·4e/(1 + e)², e = exp(−2|x|): symmetric, and no cancellation in
 * either tail (1 − t² would lose everything for |x| > 4). 4e is s·p with the split exp's scale raised by
 * 2 (exp-f32x4-rr2-p6-split.ts), rounded once; (1 + e)² as 1 + e·(2 + e). Where 4e < 2^−90 (|x| > 32;
 * dy·4e is not negligible down to |x| = 96 for |dy| up to 2^128) the lanes are computed in f64
 * (tanhGradTail32, grad-tail.ts). −2|x| is clamped at −110 (the split exp's domain) for the other lanes'
 * sake; NaN in x or dy gives NaN.
 * Max error, measured: 3 ULP at x = 0.347 (every float32 in [−30, 30], dy in [1, 1.75]; exp ~1 ULP;
 * (1 + e)², the division and the product by dy ~0.5 each), for any finite dy.
 */
@final class TanhGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    const m2 = f32x4.mul(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(2.0)); // −2|x|, exact
    const xc = f32x4.pmax(m2, f32x4.splat(EXP_SPLIT_X_MIN));
    const z = expSplitZ_f32x4(xc);
    const s4 = expSplitScale_f32x4(z, 2); // 4·2^(n + 64)
    const p = expSplitPoly_f32x4(xc, z);
    const e4 = f32x4.mul(s4, p); // 4e
    const e = f32x4.mul(e4, f32x4.splat(0.25));
    const d2 = f32x4.add(f32x4.mul(e, f32x4.add(e, f32x4.splat(2.0))), f32x4.splat(1.0));
    let r = f32x4.mul(dy, f32x4.div(e4, d2));
    const tail = f32x4.lt(m2, f32x4.splat(-64.0));
    if (v128.any_true(tail)) r = tanhGradTail32(x, dy, r, tail);
    return r;
  }
}

/** The lanes of `tail` as dy·4·exp(−2|x|) in f64, rounded once (grad-tail.ts); the others r. */
function tanhGradTail32(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const m2 = f32x4.mul(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(2.0)); // exact (−Infinity beyond 1.7e38)
  const four = f64x2.splat(4.0);
  return expTail32(half64(m2, 0), half64(m2, 1), four, four, dy, r, tail);
}

export function tanh_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, TanhGrad>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// f64x2

const SIGN64: i64 = 0x8000000000000000;

/**
 * tanh over f64x2 as in f32: −expm1(−2|x|)/(2 + expm1(−2|x|)) with x's sign bit (expm1-f64x2-rr2-p11
 * of the math core: relative accuracy near 0; beyond |x| = 19.1 the quotient rounds to 1). NaN stays
 * NaN. Max error, measured: 2 ULP.
 */
@final class Tanh64 {
  @inline apply(x: v128): v128 {
    const em = expm1Neg_f64x2_rr2_p11(f64x2.mul(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(2.0)));
    const t = f64x2.div(f64x2.neg(em), f64x2.add(em, f64x2.splat(2.0)));
    return v128.bitselect(x, t, i64x2.splat(SIGN64));
  }
}

export function tanh_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, Tanh64>(src, dst, n);
}

/**
 * dy·4e/(1 + e)², e = exp(−2|x|), as TanhGrad; where 4e < 2^−1008 (−2|x| < −700) the lanes are
 * dy·4·exp(−2|x|) from dyTimesCExpDeep64 (grad-tail.ts), for any finite dy. Max error: 3 ULP.
 */
@final class TanhGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const m2 = f64x2.mul(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(2.0));
    const xc = f64x2.pmax(m2, f64x2.splat(EXP64_SPLIT_X_MIN));
    const t = expSplitT_f64x2(xc);
    const s4 = expSplitScale_f64x2(t, 2);
    const p = expSplitPoly_f64x2(xc, t);
    const e4 = f64x2.mul(s4, p);
    const e = f64x2.mul(e4, f64x2.splat(0.25));
    const d2 = f64x2.add(f64x2.mul(e, f64x2.add(e, f64x2.splat(2.0))), f64x2.splat(1.0));
    let r = f64x2.mul(dy, f64x2.div(e4, d2));
    const tail = f64x2.lt(m2, f64x2.splat(-700.0));
    if (v128.any_true(tail)) r = tanhGradTail64(m2, dy, r, tail);
    return r;
  }
}

function tanhGradTail64(m2: v128, dy: v128, r: v128, tail: v128): v128 {
  return v128.bitselect(dyTimesCExpDeep64(m2, f64x2.splat(0), f64x2.splat(4.0), dy), r, tail);
}

export function tanh_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, TanhGrad64>(x, dy, dst, n);
}
