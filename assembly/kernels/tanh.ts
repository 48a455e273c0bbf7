// tanh(x) = −expm1(−2|x|) / (2 + expm1(−2|x|)), with the sign of x; f32x4, expm1 core rr2-p6, division.
//
// expm1 (not exp(x) − 1) keeps relative accuracy near 0: tanh(1e−5) = 1e−5 to within the bound, not
// only in absolute terms. The argument is −2|x| <= 0, the expm1 core's domain, so nothing overflows:
// for |x| > 9.01, expm1 rounds to −1 and the quotient to exactly 1.
// The sign bit is taken from x (a bitselect): tanh(±0) = ±0, NaN stays NaN.
// Max error: 2 ULP (expm1 ~1.5 ULP; 2 + em and the division one rounding each, partly cancelling).
// Enforced by test/accuracy.test.ts; swept by npm run accuracy.

import { expm1Neg_f32x4_rr2_p6 } from '../math/expm1-f32x4-rr2-p6';
import { mapUnary } from '../map';

const SIGN: i32 = 0x80000000;

@inline export function tanh_f32x4_expm1_rr2_p6_div(x: v128): v128 {
  const m2abs = f32x4.mul(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(2.0)); // −2|x|, exact
  const em = expm1Neg_f32x4_rr2_p6(m2abs);
  const t = f32x4.div(f32x4.neg(em), f32x4.add(em, f32x4.splat(2.0)));
  return v128.bitselect(x, t, i32x4.splat(SIGN)); // x's sign bit, t's other bits (t may be −0 at 0)
}

@final class Tanh {
  @inline apply(x: v128): v128 {
    return tanh_f32x4_expm1_rr2_p6_div(x);
  }
}

export function tanh_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Tanh>(src, dst, n);
}
