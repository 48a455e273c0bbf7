// The exp family: elu, selu, celu, silu and their derivatives, f32x4.
//
// elu(x)  = x > 0 ? x : alpha·expm1(x)           selu(x) = scale·(x > 0 ? x : alpha·expm1(x))
// celu(x) = x > 0 ? x : alpha·expm1(x/alpha)      silu(x) = x·sigmoid(x)
//
// Negative branches use the expm1 core (expm1-f32x4-rr2-p6), never exp(x) − 1: just below 0, exp(x) − 1
// cancels (tf.js and onnxruntime reach 2,700–4,750 ULP there); expm1 keeps relative accuracy down to the
// smallest subnormal. The core is evaluated at −|x| (or −|x/alpha|), inside its domain for every lane;
// the lanes with x > 0 take x instead (a bitselect on x > 0, false for NaN, so NaN goes through expm1
// and stays NaN). Zeros keep their sign: the core returns +0 at ±0, and the sign bit of x is ORed back.
//
// Derivatives (dy·f'(x)) and silu need c·exp(x) for a factor c, also where exp(x) alone is subnormal:
// they use the split exp (exp-f32x4-rr2-p6-split.ts), whose scale 2^(n+64) and polynomial 2^−64·exp(r)
// take the other factors in between, so that the product is rounded once (silu(−100) = −3.72e−42 to
// within an ULP; dy·selu'(−100) too).
//
// Max error, measured: f32 over every float32 in [−30, 30] (node scripts/accuracy.mjs --only …; beyond,
// every function here is saturated, exact or in its tail, which the random-bit-pattern tests cover), elu
// and celu also at alpha = 0.3 … 40 (test/exp-family.test.ts); f64 over 10^6 random points against the
// double-double references (scripts/check-f64.mjs). Derivatives with dy in [1, 1.75] / [−3, 3]:
//              f32   f64
//   elu         2     2      (1 at alpha = 1)
//   eluGrad     3     3      (2 at alpha = 1: exp ~1 ULP, then alpha·e and dy·(…))
//   selu        2     2
//   seluGrad    3     3
//   celu        2     2      (alpha < 0: 1 / 2)
//   celuGrad    2     2      (alpha < 0: 0 / 2)
//   silu        3     3
//   siluGrad    2     4      away from its zero at x = −1.2785, where the error is absolute (e's own
//                            error, 3.3e−9·|dy| in f32, 6e−18·|dy| in f64); the registry holds the bounds.

// Parameters: alpha reaches the hot kernels as a v128 argument (mapUnaryP / mapBinaryP: a loop local);
// the rare cases (celu with alpha < 0 or not a power of two) read module globals, and keep their body
// OUT OF LINE, in an ordinary function that the loop of map.ts calls: six inlined copies each (unrolled
// loop, single vectors, tail) would cost far more module than the call costs time (docs/kernels.md).

import { expm1Neg_f32x4_rr2_p6 } from '../math/expm1-f32x4-rr2-p6';
import { expm1Neg_f64x2_rr2_p11 } from '../math/expm1-f64x2-rr2-p11';
import { EXP_SPLIT_X_MIN, expSplitPoly_f32x4, expSplitPolyLo_f32x4, expSplitScale_f32x4, expSplitZ_f32x4 } from '../math/exp-f32x4-rr2-p6-split';
import { EXP64_SPLIT_X_MIN, expSplitMagic_f64x2, expSplitPoly_f64x2, expSplitPolyLo_f64x2, expSplitScale_f64x2, expSplitT_f64x2 } from '../math/exp-f64x2-rr2-p11-split';
import { expPoly_f64x2_p11, expReduce_f64x2 } from '../math/exp-f64x2-rr2-p11';
import { mapBinary, mapBinaryP, mapUnary, mapUnaryP } from '../map';
import { demote2, half64, promoteHigh } from '../simd';
import { anyBelow32, anyBelow64, dyTimesCExpDeep64, expTail32 } from './grad-tail';

const SIGN: i32 = 0x80000000;
/**
 * Below this (x, or x/alpha), exp(x) < 2^−92 and the derivatives' lanes come from the f64 kernels
 * (grad-tail.ts): dy·c·exp(x) is not negligible down to x = −192 for |dy| up to 2^128.
 */
const TAIL: f32 = -64.0;

// PyTorch's SELU constants rounded to f32, and scale·alpha rounded once from the exact product.
const SELU_SCALE: f32 = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA: f32 = 1.7580993408473768599402175208123;

/** expm1(−|x|): for x <= 0 lanes (expm1(±0) = +0); other lanes: don't care. */
@inline function expm1NegAbs(x: v128): v128 {
  return expm1Neg_f32x4_rr2_p6(v128.or(x, i32x4.splat(SIGN)));
}

/** expm1(x) for x <= 0 lanes with the sign of zero kept (expm1(±0) = ±0); other lanes: don't care. */
@inline function expm1Signed(x: v128): v128 {
  const em = expm1Neg_f32x4_rr2_p6(v128.or(x, i32x4.splat(SIGN)));
  return v128.or(em, v128.and(x, i32x4.splat(SIGN)));
}

/**
 * dy·c·exp(x + xlo) for x <= 0 lanes with x >= TAIL (x clamped at EXP_SPLIT_X_MIN, xlo a small
 * correction or 0), c a finite factor: dy·(c·exp(x)), exp(x) >= 2^−92 normal. The lanes below TAIL
 * are the callers' (their f64 kernels, out of line).
 */
@inline function dyTimesCExp(xc: v128, xlo: v128, c: v128, dy: v128): v128 {
  const z = expSplitZ_f32x4(xc);
  const s = expSplitScale_f32x4(z, 0);
  const p = expSplitPolyLo_f32x4(xc, xlo, z);
  return f32x4.mul(dy, f32x4.mul(c, f32x4.mul(s, p)));
}

/**
 * The rounding error of u = fl(x / alpha), as (x − u·alpha)/alpha: u·alpha is exact in f64 (24 × 24
 * bits) and x − u·alpha exact by Sterbenz; the division is a product by 1/alpha in f64 (1/alpha of a
 * subnormal alpha overflows f32), so only the rounding to f32 counts (relative 2^−24 of a correction
 * that is itself below ulp(u)). 0 where u is below EXP_SPLIT_X_MIN, where the caller clamps u: there
 * the error of a huge u (up to ulp(u)/2, e.g. 2^42 at x = −1e20, alpha = 3) does not belong to the
 * clamped argument, and u = −Infinity or NaN would make it NaN.
 */
@inline function quotientLo(x: v128, u: v128): v128 {
  const lo = f64x2.mul(f64x2.sub(f64x2.promote_low_f32x4(x), f64x2.mul(f64x2.promote_low_f32x4(u), ALPHA64)), INV_ALPHA64);
  const hi = f64x2.mul(f64x2.sub(promoteHigh(x), f64x2.mul(promoteHigh(u), ALPHA64)), INV_ALPHA64);
  const r = demote2(lo, hi);
  return v128.and(r, f32x4.ge(u, f32x4.splat(EXP_SPLIT_X_MIN)));
}

// ---------------------------------------------------------------------------------------------------
// elu

let ALPHA: v128 = f32x4.splat(1.0);
let ALPHA64: v128 = f64x2.splat(1.0);
let INV_ALPHA64: v128 = f64x2.splat(1.0);

@final class Elu {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return v128.bitselect(x, f32x4.mul(expm1Signed(x), alpha), f32x4.gt(x, f32x4.splat(0)));
  }
}

/**
 * alpha > 0: x >= 0 keeps x, so −0 gives −0 = alpha·expm1(−0) without expm1Signed's sign fix (two
 * instructions a vector fewer). For alpha <= 0, alpha·expm1(−0) is +0 or −0 by alpha's sign, which
 * Elu keeps.
 */
@final class EluPos {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return v128.bitselect(x, f32x4.mul(expm1NegAbs(x), alpha), f32x4.ge(x, f32x4.splat(0)));
  }
}

/**
 * 0 < alpha <= 1: elu(x) = max(x, alpha·expm1(−|x|)). For x >= 0 the second is <= 0 <= x; for x < 0,
 * alpha·expm1(x) >= expm1(x) > x, and where rounding puts it below x (|x| < 2^−23, expm1(x) = x·(1 +
 * x/2…)), x is the nearer value. pmax returns its first operand, x, when it is NaN (and −0 against +0).
 * One instruction where the selection is four (ge and a bitselect).
 */
@final class EluMax {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return f32x4.pmax(x, f32x4.mul(expm1NegAbs(x), alpha));
  }
}

export function elu_f32(src: usize, dst: usize, n: i32, alpha: f64): void {
  if (alpha > 0 && alpha <= 1) mapUnaryP<f32, EluMax>(src, dst, n, f32x4.splat(<f32>alpha), f32x4.splat(0));
  else if (alpha > 0) mapUnaryP<f32, EluPos>(src, dst, n, f32x4.splat(<f32>alpha), f32x4.splat(0));
  else mapUnaryP<f32, Elu>(src, dst, n, f32x4.splat(<f32>alpha), f32x4.splat(0));
}

/**
 * dy·(x > 0 ? 1 : alpha·exp(x)): alpha at x = 0, as PyTorch. NaN in x or dy gives NaN. x < TAIL:
 * EluGrad64's lanes (eluGradTail32).
 */
@final class EluGrad {
  @inline apply2(x: v128, dy: v128, alpha: v128, u1: v128, u2: v128): v128 {
    const xc = f32x4.pmax(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(EXP_SPLIT_X_MIN));
    let r = v128.bitselect(dy, dyTimesCExp(xc, f32x4.splat(0), alpha, dy), f32x4.gt(x, f32x4.splat(0)));
    const tail = f32x4.lt(x, f32x4.splat(TAIL));
    if (v128.any_true(tail)) r = eluGradTail32(x, dy, alpha, r, tail);
    return r;
  }
}

/** The lanes of `tail` as dy·alpha·exp(x) in f64, rounded once (grad-tail.ts); the others r. */
function eluGradTail32(x: v128, dy: v128, alpha: v128, r: v128, tail: v128): v128 {
  const a = f64x2.promote_low_f32x4(alpha);
  return expTail32(half64(x, 0), half64(x, 1), a, a, dy, r, tail);
}

/**
 * 0 < |alpha| < 2^−34: alpha·exp(x) is below the smallest normal f32 in the hot path (exp(x) >= 2^−92
 * there), while dy·alpha·exp(x) need not be (alpha = −2^−149, dy = −6e19, x = −1.7: 1.6e−26): every
 * lane x <= 0 (and NaN) as dy·(alpha·exp(x)) in f64, rounded once (eluGradTail32).
 */
@final class EluGradTiny {
  @inline apply2(x: v128, dy: v128, alpha: v128, u1: v128, u2: v128): v128 {
    return eluGradTail32(x, dy, alpha, dy, v128.not(f32x4.gt(x, f32x4.splat(0))));
  }
}

export function elu_grad_f32(x: usize, dy: usize, dst: usize, n: i32, alpha: f64): void {
  const a = <f32>alpha;
  if (a != 0 && Math.abs(alpha) < 5.820766091346741e-11) mapBinaryP<f32, EluGradTiny>(x, dy, dst, n, f32x4.splat(a), f32x4.splat(0), f32x4.splat(0));
  else mapBinaryP<f32, EluGrad>(x, dy, dst, n, f32x4.splat(a), f32x4.splat(0), f32x4.splat(0));
}

// ---------------------------------------------------------------------------------------------------
// selu

@final class Selu {
  @inline apply(x: v128): v128 {
    // x >= 0 takes scale·x, so −0 gives −0 there, as scale·alpha·expm1(−0) would
    const neg = f32x4.mul(expm1NegAbs(x), f32x4.splat(SELU_SCALE_ALPHA));
    return v128.bitselect(f32x4.mul(x, f32x4.splat(SELU_SCALE)), neg, f32x4.ge(x, f32x4.splat(0)));
  }
}

export function selu_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Selu>(src, dst, n);
}

/** dy·scale·(x > 0 ? 1 : alpha·exp(x)): scale·alpha at 0, as PyTorch and tf.js. x < TAIL: SeluGrad64's lanes. */
@final class SeluGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    const xc = f32x4.pmax(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(EXP_SPLIT_X_MIN));
    const neg = dyTimesCExp(xc, f32x4.splat(0), f32x4.splat(SELU_SCALE_ALPHA), dy);
    let r = v128.bitselect(f32x4.mul(dy, f32x4.splat(SELU_SCALE)), neg, f32x4.gt(x, f32x4.splat(0)));
    const tail = f32x4.lt(x, f32x4.splat(TAIL));
    if (v128.any_true(tail)) r = seluGradTail32(x, dy, r, tail);
    return r;
  }
}

function seluGradTail32(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const c = f64x2.splat(SELU_SCALE_ALPHA64);
  return expTail32(half64(x, 0), half64(x, 1), c, c, dy, r, tail);
}

export function selu_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, SeluGrad>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// celu

/** alpha > 0: x/alpha <= 0 where x <= 0, the expm1 core's domain. */
@final class CeluPos {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    const u = f32x4.div(x, alpha);
    // x itself where x > 0, and where |u| < 2^−25: celu(x) = x·(1 + u/2 + …) rounds to x there, while
    // u·alpha would not give x back when u is subnormal (celu(−2e−44; alpha = 40) was 16 ULP off).
    const keep = v128.or(f32x4.gt(x, f32x4.splat(0)), f32x4.lt(v128.andnot(u, i32x4.splat(SIGN)), f32x4.splat(2.98023223876953125e-8)));
    return v128.bitselect(x, f32x4.mul(expm1NegAbs(u), alpha), keep); // u = ±0 is kept: no sign fix
  }
}

/**
 * exp(u) over f64x2 for u <= 200 (the split exp at a positive argument: s = 2^(n + 128) stays finite up to
 * 620). Celu with alpha < 0 needs it: its negative branch alpha·expm1(x/alpha) grows like e^|x/alpha|.
 */
@inline function expPos64(u: v128): v128 {
  const uc = f64x2.pmin(u, f64x2.splat(200.0)); // |alpha|·e^200 overflows f32 for every alpha: −Infinity
  const t = expSplitT_f64x2(uc);
  return f64x2.mul(expSplitScale_f64x2(t, 0), expSplitPoly_f64x2(uc, t));
}

/** alpha·expm1(x/alpha) over f64x2 (u = x/alpha >= 0 in the lanes that are used). */
@inline function celuNeg64(x: v128): v128 {
  const u = f64x2.div(x, ALPHA64); // relative error 2^−53: harmless even where the condition number is 200
  const e = expPos64(u);
  // expm1(u): e − 1 where that keeps 2^−33 relative (u >= 2^−20), else u + u²/2 + u³/6 (the cubic term
  // decides the rounding where u²/2 is half an f32 ULP of u, as at u = 2^−23); a product, so −0 stays −0.
  const small = f64x2.mul(u, f64x2.add(f64x2.mul(u, f64x2.add(f64x2.splat(0.5), f64x2.mul(u, f64x2.splat(1.0 / 6.0)))), f64x2.splat(1.0)));
  const em = v128.bitselect(small, f64x2.sub(e, f64x2.splat(1.0)), f64x2.lt(u, f64x2.splat(0.00000095367431640625)));
  return f64x2.mul(em, ALPHA64);
}

/**
 * alpha < 0: for x <= 0, u = x/alpha >= 0 and alpha·expm1(u) grows like −|alpha|·e^u, with condition
 * number u (the rounding of u would cost u/2 ULP): computed in f64 from the f32 x (u to 2^−53, exp to
 * ~1 f64 ULP), rounded once to f32; −Infinity beyond the f32 range. Max error, measured: 1 ULP.
 */
function celuNeg32(x: v128): v128 {
  const lo = celuNeg64(f64x2.promote_low_f32x4(x));
  const hi = celuNeg64(promoteHigh(x));
  const neg = demote2(lo, hi);
  return v128.bitselect(x, neg, f32x4.gt(x, f32x4.splat(0)));
}

@final class CeluNeg {
  @inline apply(x: v128): v128 {
    return celuNeg32(x); // a call, not inlined: see OUT OF LINE at the top
  }
}

export function celu_f32(src: usize, dst: usize, n: i32, alpha: f64): void {
  const a = <f32>alpha;
  if (a > 0) mapUnaryP<f32, CeluPos>(src, dst, n, f32x4.splat(a), f32x4.splat(0));
  else {
    ALPHA64 = f64x2.splat(<f64>a);
    mapUnary<f32, CeluNeg>(src, dst, n);
  }
}

/**
 * dy·(x > 0 ? 1 : exp(x/alpha)), alpha > 0: 1 at x = 0, as PyTorch. exp's condition number is |u|, so
 * the rounding of u = x/alpha (half an ULP) would cost up to |u|/2 ULP (60 at x = −110·alpha): where
 * alpha is not a power of two, the rounding error of u goes into exp's reduction (quotientLo).
 */
@final class CeluGradPos {
  @inline apply2(x: v128, dy: v128, alpha: v128, u1: v128, u2: v128): v128 {
    const u = f32x4.div(x, alpha);
    const xc = f32x4.pmax(v128.or(u, i32x4.splat(SIGN)), f32x4.splat(EXP_SPLIT_X_MIN));
    let r = v128.bitselect(dy, dyTimesCExp(xc, f32x4.splat(0), f32x4.splat(1.0), dy), f32x4.gt(x, f32x4.splat(0)));
    const tail = f32x4.lt(u, f32x4.splat(TAIL));
    if (v128.any_true(tail)) r = celuGradTail32(x, dy, r, tail);
    return r;
  }
}

function celuGradPosLo32(x: v128, dy: v128): v128 {
  const u = f32x4.div(x, ALPHA);
  const xc = f32x4.pmax(v128.or(u, i32x4.splat(SIGN)), f32x4.splat(EXP_SPLIT_X_MIN));
  const r = v128.bitselect(dy, dyTimesCExp(xc, quotientLo(x, u), f32x4.splat(1.0), dy), f32x4.gt(x, f32x4.splat(0)));
  const tail = f32x4.lt(u, f32x4.splat(TAIL));
  return v128.any_true(tail) ? celuGradTail32(x, dy, r, tail) : r;
}

/**
 * alpha > 0, x/alpha < TAIL: the lanes as dy·exp(x/alpha) in f64 (the quotient's rounding, 2^−53·|u|
 * with |u| < 200 where it matters, is far below an f32 ULP), rounded once.
 */
function celuGradTail32(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const one = f64x2.splat(1.0);
  return expTail32(f64x2.div(half64(x, 0), ALPHA64), f64x2.div(half64(x, 1), ALPHA64), one, one, dy, r, tail);
}

@final class CeluGradPosLo {
  @inline apply2(x: v128, dy: v128): v128 {
    return celuGradPosLo32(x, dy); // out of line
  }
}

/**
 * alpha < 0: dy·exp(u), u = x/alpha >= 0, in f64 as CeluNeg (overflows to ±Infinity as it should, for
 * every dy ≠ 0: exp(200)·2^−149 > 2^139). exp(u) is finite for finite x, so dy = 0 gives 0; x = −Infinity
 * takes the limit exp(+Infinity) = +Infinity (dy·Infinity: NaN for dy = 0).
 */
@inline function celuGradNegHalf(x: v128, dy: v128): v128 {
  const u = f64x2.div(x, ALPHA64);
  const e = v128.bitselect(u, expPos64(u), f64x2.eq(u, f64x2.splat(Infinity)));
  return f64x2.mul(dy, e);
}
function celuGradNeg32(x: v128, dy: v128): v128 {
  const neg = demote2(celuGradNegHalf(half64(x, 0), half64(dy, 0)), celuGradNegHalf(half64(x, 1), half64(dy, 1)));
  return v128.bitselect(dy, neg, f32x4.gt(x, f32x4.splat(0)));
}

@final class CeluGradNeg {
  @inline apply2(x: v128, dy: v128): v128 {
    return celuGradNeg32(x, dy); // out of line
  }
}

/** Whether a (finite, nonzero) is ±2^k, so that x/a is exact (but for underflow). */
@inline function powerOfTwo(a: f32): bool {
  return (reinterpret<u32>(a) & 0x7FFFFF) == 0;
}

export function celu_grad_f32(x: usize, dy: usize, dst: usize, n: i32, alpha: f64): void {
  const a = <f32>alpha;
  ALPHA = f32x4.splat(a);
  ALPHA64 = f64x2.splat(<f64>a);
  INV_ALPHA64 = f64x2.splat(1.0 / <f64>a);
  if (a > 0) {
    if (powerOfTwo(a)) mapBinaryP<f32, CeluGradPos>(x, dy, dst, n, f32x4.splat(a), f32x4.splat(0), f32x4.splat(0));
    else mapBinary<f32, CeluGradPosLo>(x, dy, dst, n);
  } else mapBinary<f32, CeluGradNeg>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// silu

/**
 * silu(x) = x·e/(1 + e) for x < 0, x/(1 + e) for x >= 0, e = exp(−|x|): one division, and no 1 − σ
 * cancelling. The numerator x·e is formed as (x·s)·p (the split exp, x·s exact), so the negative tail
 * keeps its subnormal values; x is clamped at −110 along with the exponent (x·exp(x) < 2^−151 there, so
 * silu(−Infinity) = −0), and the sign bit of x picks the numerator (silu(−0) = −0; a NaN with either
 * sign gives NaN through x or p). +Infinity: e = 0, Infinity/1.
 * Max error 3 ULP (measured, at x = −1.867): exp ~1 ULP, the product, 1 + e and the division one rounding
 * each.
 */
@final class Silu {
  @inline apply(x: v128): v128 {
    const xc = f32x4.pmax(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(EXP_SPLIT_X_MIN));
    const z = expSplitZ_f32x4(xc);
    const s = expSplitScale_f32x4(z, 0);
    const p = expSplitPoly_f32x4(xc, z);
    // x < 0: (xc·s)·p = x·e (one rounding, subnormals included), which is above x since e <= 1;
    // x >= 0: that is <= 0 <= x. So the numerator is max(x, (xc·s)·p): one pmax for a shift and a
    // bitselect (NaN passes as pmax's first operand; −0 stays −0), the same values.
    const num = f32x4.pmax(x, f32x4.mul(f32x4.mul(xc, s), p));
    return f32x4.div(num, f32x4.add(f32x4.mul(s, p), f32x4.splat(1.0)));
  }
}

export function silu_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Silu>(src, dst, n);
}

/**
 * dy·σ(x)(1 + x(1 − σ(x))) from e = exp(−|x|) = s·p (split exp), with xs = x clamped to [−110, 110]:
 *   x >= 0:  (1 + e·(1 + xs)) / (1 + e)²          x < 0:  e·((1 + xs) + e) / (1 + e)²
 * computed in f64 (s, p, xs and dy promoted exactly; e = s·p exact in f64, subnormal f32 results
 * included), rounded once to f32: in f32 arithmetic these 7 roundings reach 5 ULP. The clamp keeps
 * e·(1 + x) from 0·Infinity: the derivative is 1 at +Infinity and ±0 at −Infinity (their limits).
 * Near the zero of silu' at x = −1.2785, (1 + x) + e cancels: e's own error (~1 f32 ULP) is amplified
 * by e/(1 + x + e) (2× at x = −1.1) and becomes absolute at the zero, about 3.3e−9·|dy|.
 * Max error, measured: 1 ULP over [−30, 30] with dy in [1, 1.75], 2 ULP with random dy near x = −1.1.
 */
@inline function siluGradHalf(s: v128, p: v128, xs: v128, dy: v128): v128 {
  const e = f64x2.mul(s, p);
  const a = f64x2.add(xs, f64x2.splat(1.0));
  const d = f64x2.add(e, f64x2.splat(1.0));
  const num = v128.bitselect(f64x2.mul(e, f64x2.add(a, e)), f64x2.add(f64x2.mul(e, a), f64x2.splat(1.0)), f64x2.lt(xs, f64x2.splat(0)));
  return f64x2.div(f64x2.mul(num, dy), f64x2.mul(d, d));
}

@final class SiluGrad {
  apply2(x: v128, dy: v128): v128 {
    let r = changetype<SiluGradHot>(0).apply2(x, dy);
    // below −100 (near the clamp at −110, while dy·silu'(x) is not negligible down to x = −185 for |dy|
    // up to 2^128): the f64 kernel's lanes
    const tail = f32x4.lt(x, f32x4.splat(-100.0));
    if (v128.any_true(tail)) r = siluGradTail32(x, dy, r, tail);
    return r;
  }
}

/** SiluGrad without the tail test: for chunks with no lane in the tail (the gates in grad-tail.ts). */
@final class SiluGradHot {
  @inline apply2(x: v128, dy: v128): v128 {
    const xc = f32x4.pmax(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(EXP_SPLIT_X_MIN));
    const xs = v128.xor(xc, v128.andnot(i32x4.splat(SIGN), x)); // xc with x's sign: x clamped
    const z = expSplitZ_f32x4(xc);
    const s = expSplitScale_f32x4(z, 0);
    const p = expSplitPoly_f32x4(xc, z);
    const lo = siluGradHalf(f64x2.promote_low_f32x4(s), f64x2.promote_low_f32x4(p), f64x2.promote_low_f32x4(xs), f64x2.promote_low_f32x4(dy));
    const hi = siluGradHalf(promoteHigh(s), promoteHigh(p), promoteHigh(xs), promoteHigh(dy));
    return demote2(lo, hi);
  }
}

/** The lanes of `tail` as dy·(1 + x)·exp(x) in f64 (e < 2^−144: 1 + e = 1), rounded once. */
function siluGradTail32(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const x0 = half64(x, 0);
  const x1 = half64(x, 1);
  return expTail32(x0, x1, f64x2.add(x0, f64x2.splat(1.0)), f64x2.add(x1, f64x2.splat(1.0)), dy, r, tail);
}

export function silu_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  if (anyBelow32(x, n, -100.0)) mapBinary<f32, SiluGrad>(x, dy, dst, n);
  else mapBinary<f32, SiluGradHot>(x, dy, dst, n);
}

// ===================================================================================================
// f64x2: the same formulas with the f64 split exp (exp-f64x2-rr2-p11-split.ts).

const SIGN64: i64 = 0x8000000000000000;
/** Below this, exp(x) < 2^−1010 and dy·c·exp(x) comes from dyTimesCExpDeep64 (grad-tail.ts), out of line. */
const TAIL64: f64 = -700.0;
const SELU_SCALE64: f64 = 1.0507009873554804934193349852946;
const SELU_SCALE_ALPHA64: f64 = 1.7580993408473768599402175208123;
const SPLIT64: f64 = 134217729.0; // 2^27 + 1 (Veltkamp)

let ALPHA_F64: v128 = f64x2.splat(1.0);
// For quotientLo64: alpha scaled by a power of two SIGMA into [2^−900, 2^900], so that Veltkamp's split
// neither overflows (|alpha| > 2^996) nor loses its low products to underflow (subnormal alpha); x is
// scaled alike, which changes nothing of (x − u·alpha)/alpha.
let SIGMA: v128 = f64x2.splat(1.0);
const TWO_P900: f64 = reinterpret<f64>(0x7830000000000000);
const TWO_M900: f64 = reinterpret<f64>(0x07B0000000000000);
const TWO_P600: f64 = reinterpret<f64>(0x6570000000000000);
const TWO_M600: f64 = reinterpret<f64>(0x1A70000000000000);
let ALPHA_S: v128 = f64x2.splat(1.0);
let ALPHA_HI: v128 = f64x2.splat(1.0); // Veltkamp halves of ALPHA_S, for the exact product u·ALPHA_S
let ALPHA_LO: v128 = f64x2.splat(0.0);
let INV_ALPHA_S: v128 = f64x2.splat(1.0);

/**
 * dy·c·exp(x + xlo) for x <= 0 lanes with x >= TAIL64 (x clamped at EXP64_SPLIT_X_MIN): dy·(c·exp(x)).
 * The lanes below TAIL64 are the callers' (dyTimesCExpDeep64, out of line). hasLo is a constant at each
 * call: without a correction the xlo term is not compiled at all.
 */
@inline function dyTimesCExp64(xc: v128, xlo: v128, c: v128, dy: v128, hasLo: bool = true): v128 {
  const t = expSplitT_f64x2(xc);
  const s = expSplitScale_f64x2(t, 0);
  const p = hasLo ? expSplitPolyLo_f64x2(xc, xlo, t) : expSplitPoly_f64x2(xc, t);
  return f64x2.mul(dy, f64x2.mul(c, f64x2.mul(s, p)));
}

/** The lanes of `tail` (x < TAIL64, x <= 0) as dy·c·exp(x + xlo) for any finite dy; the others r. */
function expTail64(x: v128, xlo: v128, c: v128, dy: v128, r: v128, tail: v128): v128 {
  return v128.bitselect(dyTimesCExpDeep64(x, xlo, c, dy), r, tail);
}

@final class EluGrad64 {
  @inline apply2(x: v128, dy: v128, alpha: v128, u1: v128, u2: v128): v128 {
    const xc = f64x2.pmax(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(EXP64_SPLIT_X_MIN));
    let r = v128.bitselect(dy, dyTimesCExp64(xc, f64x2.splat(0), alpha, dy, false), f64x2.gt(x, f64x2.splat(0)));
    const tail = f64x2.lt(x, f64x2.splat(TAIL64));
    if (v128.any_true(tail)) r = expTail64(x, f64x2.splat(0), alpha, dy, r, tail);
    return r;
  }
}

// eluGrad f64 with |alpha| outside [2^−11, 2^11) (0 excepted): alpha = ELU_AM·2^ELU_AE, |ELU_AM| in [1, 2).
let ELU_AM: v128 = f64x2.splat(1.0);
let ELU_AE: v128 = f64x2.splat(0.0);
const TWO_P512: f64 = reinterpret<f64>(0x5FF0000000000000);
const TWO_M512: f64 = reinterpret<f64>(0x1FF0000000000000);

/**
 * dy·alpha·exp(x) for any finite dy and nonzero alpha, x <= 0 lanes (others dy). The hot path's
 * dy·(alpha·exp(x)) is wrong at such an alpha: alpha·exp(x) goes subnormal (alpha = 1e−30, x = −690,
 * dy = 1e30) or the tail's (dy·2^−64)·alpha overflows (alpha = −1e30, dy = 5e301: −Infinity where the
 * result is finite). Here the powers of two of dy (D = dy·2^−ed, ed in {−512, 0, 512}, exact), alpha and
 * exp(x) = 2^n·2^128·p (split exp) are added as integers:
 *   P = (D·am)·p in [2^−691, 2^387] (normal), result = P·2^N, N = n + 128 + ae + ed
 * applied as (P·2^a)·2^b, b = floor(N/2), a = N − b, exact but for the last product (as dyTimesCExpDeep64),
 * N clamped to [−2044, 2046], beyond which the result is 0 or Infinity anyway; x clamped at −2200
 * (|D·am·p|·2^(n + 2000) < 2^−1075 below). Roundings: D·am, ·p, exp's polynomial, the last: the hot
 * path's count. x = −Infinity gives dy·0.
 */
function eluGradAny64(x: v128, dy: v128): v128 {
  const xc = f64x2.pmax(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(-2200.0));
  const t = expSplitT_f64x2(xc);
  const n = f64x2.sub(t, f64x2.splat(expSplitMagic_f64x2));
  const p = expSplitPoly_f64x2(xc, t);
  const ad = f64x2.abs(dy);
  const big = f64x2.gt(ad, f64x2.splat(TWO_P512));
  const small = f64x2.lt(ad, f64x2.splat(TWO_M512));
  const sd = v128.bitselect(f64x2.splat(TWO_M512), v128.bitselect(f64x2.splat(TWO_P512), f64x2.splat(1.0), small), big);
  const ed = v128.bitselect(f64x2.splat(512.0), v128.bitselect(f64x2.splat(-512.0), f64x2.splat(0.0), small), big);
  const P = f64x2.mul(f64x2.mul(f64x2.mul(dy, sd), ELU_AM), p);
  let N = f64x2.add(f64x2.add(n, f64x2.splat(128.0)), f64x2.add(ELU_AE, ed));
  N = f64x2.pmin(f64x2.pmax(N, f64x2.splat(-2044.0)), f64x2.splat(2046.0));
  const b = f64x2.floor(f64x2.mul(N, f64x2.splat(0.5)));
  let r = f64x2.mul(f64x2.mul(P, pow2_64(f64x2.sub(N, b))), pow2_64(b));
  r = v128.bitselect(f64x2.mul(dy, f64x2.splat(0)), r, f64x2.eq(x, f64x2.splat(-Infinity)));
  return v128.bitselect(dy, r, f64x2.gt(x, f64x2.splat(0)));
}

@final class EluGradAny64 {
  @inline apply2(x: v128, dy: v128): v128 {
    return eluGradAny64(x, dy); // out of line
  }
}

export function elu_grad_f64(x: usize, dy: usize, dst: usize, n: i32, alpha: f64): void {
  const a = Math.abs(alpha);
  if (alpha != 0 && (a < 0.00048828125 || a >= 2048.0)) {
    // alpha = am·2^ae with |am| in [1, 2): a subnormal alpha scaled into the normals first
    const sub = a < 2.2250738585072014e-308;
    const as = sub ? alpha * TWO_P512 : alpha;
    const e = <i32>((reinterpret<u64>(as) >> 52) & 0x7FF) - 1023;
    ELU_AM = f64x2.splat(reinterpret<f64>((reinterpret<u64>(as) & 0x800FFFFFFFFFFFFF) | 0x3FF0000000000000));
    ELU_AE = f64x2.splat(<f64>(sub ? e - 512 : e));
    mapBinary<f64, EluGradAny64>(x, dy, dst, n);
  } else mapBinaryP<f64, EluGrad64>(x, dy, dst, n, f64x2.splat(alpha), f64x2.splat(0), f64x2.splat(0));
}

@final class SeluGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const xc = f64x2.pmax(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(EXP64_SPLIT_X_MIN));
    const neg = dyTimesCExp64(xc, f64x2.splat(0), f64x2.splat(SELU_SCALE_ALPHA64), dy, false);
    let r = v128.bitselect(f64x2.mul(dy, f64x2.splat(SELU_SCALE64)), neg, f64x2.gt(x, f64x2.splat(0)));
    const tail = f64x2.lt(x, f64x2.splat(TAIL64));
    if (v128.any_true(tail)) r = expTail64(x, f64x2.splat(0), f64x2.splat(SELU_SCALE_ALPHA64), dy, r, tail);
    return r;
  }
}

export function selu_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, SeluGrad64>(x, dy, dst, n);
}

/**
 * The rounding error of u = fl(x/alpha) over f64x2, (x − u·alpha)/alpha, with u·alpha = p + e split
 * exactly (Dekker; alpha's halves precomputed, x and alpha scaled by SIGMA), kept where `ok` is set:
 * the caller's mask of the lanes whose u it does not clamp (elsewhere the error of a huge u is not that
 * of the clamped argument, and ±Infinity or NaN would make it NaN). Where x·SIGMA underflows, |u| <
 * 2^−1300 and the correction is nothing anyway.
 */
@inline function quotientLo64(x: v128, u: v128, ok: v128): v128 {
  const c = f64x2.mul(u, f64x2.splat(SPLIT64));
  const uh = f64x2.sub(c, f64x2.sub(c, u));
  const ul = f64x2.sub(u, uh);
  const p = f64x2.mul(u, ALPHA_S);
  const e = f64x2.add(
    f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(uh, ALPHA_HI), p), f64x2.mul(uh, ALPHA_LO)), f64x2.mul(ul, ALPHA_HI)),
    f64x2.mul(ul, ALPHA_LO),
  );
  const lo = f64x2.mul(f64x2.sub(f64x2.sub(f64x2.mul(x, SIGMA), p), e), INV_ALPHA_S);
  return v128.and(lo, ok);
}

/** alpha > 0: dy·(x > 0 ? 1 : exp(x/alpha)), u's rounding corrected (quotientLo64) unless alpha = ±2^k. */
@final class CeluGradPos64 {
  @inline apply2(x: v128, dy: v128, alpha: v128, u1: v128, u2: v128): v128 {
    const u = f64x2.div(x, alpha);
    const xc = f64x2.pmax(v128.or(u, i64x2.splat(SIGN64)), f64x2.splat(EXP64_SPLIT_X_MIN));
    let r = v128.bitselect(dy, dyTimesCExp64(xc, f64x2.splat(0), f64x2.splat(1.0), dy, false), f64x2.gt(x, f64x2.splat(0)));
    const tail = f64x2.lt(u, f64x2.splat(TAIL64));
    if (v128.any_true(tail)) r = expTail64(u, f64x2.splat(0), f64x2.splat(1.0), dy, r, tail);
    return r;
  }
}

function celuGradPosLo64(x: v128, dy: v128): v128 {
  const u = f64x2.div(x, ALPHA_F64);
  const xc = f64x2.pmax(v128.or(u, i64x2.splat(SIGN64)), f64x2.splat(EXP64_SPLIT_X_MIN));
  // the correction where dyTimesCExp64 or the tail use u (down to the tail's clamp, −1500)
  const lo = quotientLo64(x, u, f64x2.ge(u, f64x2.splat(-1500.0)));
  const r = v128.bitselect(dy, dyTimesCExp64(xc, lo, f64x2.splat(1.0), dy), f64x2.gt(x, f64x2.splat(0)));
  const tail = f64x2.lt(u, f64x2.splat(TAIL64));
  return v128.any_true(tail) ? expTail64(u, lo, f64x2.splat(1.0), dy, r, tail) : r;
}

@final class CeluGradPosLo64 {
  @inline apply2(x: v128, dy: v128): v128 {
    return celuGradPosLo64(x, dy); // out of line
  }
}

/** 1.5·2^52 + 1023: adding an integer-valued k in [−1022, 1023] leaves k + 1023 in the low bits. */
const MAGIC_1023: f64 = 6755399441056767.0;

/**
 * alpha < 0: dy·exp(u + lo), u = x/alpha >= 0 (lo its rounding error), for any finite dy, also where
 * dy is tiny and exp(u) beyond the double range (dy = 2^−1074 times exp(1400) is 2^946). With
 * exp(u) = 2^n·2^128·p (split exp, p = 2^−128·exp(r)):
 *   u <= 600:  dy·(2^(n + 64)·(p·2^64)), exp(u) <= 2^866 normal: rounded as any product
 *   u > 600:   P = (dy·2^192)·p, then P·2^(n − 64) in two exact steps of at most 2^1022 (the result is
 *              at least P, so a step overflows only where the result does; dy·2^192 overflows only for
 *              |dy| > 2^832, where the result does too). u is clamped at 1460: exp(1460)·2^−1074 > 2^1024.
 * exp(u) is finite for finite x: dy = 0 gives 0; x = −Infinity gives the limit, dy·Infinity.
 */
function celuGradNeg64(x: v128, dy: v128): v128 {
  const u = f64x2.div(x, ALPHA_F64);
  const uc = f64x2.pmin(u, f64x2.splat(1460.0));
  const lo = quotientLo64(x, u, f64x2.le(u, f64x2.splat(1460.0)));
  const t = expSplitT_f64x2(uc);
  const p = expSplitPolyLo_f64x2(uc, lo, t);
  const plain = f64x2.mul(dy, f64x2.mul(expSplitScale_f64x2(t, -64), f64x2.mul(p, f64x2.splat(TWO_P64))));
  const n = f64x2.sub(t, f64x2.splat(expSplitMagic_f64x2));
  const N = f64x2.sub(n, f64x2.splat(64.0));
  const b = f64x2.floor(f64x2.mul(N, f64x2.splat(0.5)));
  const big = f64x2.mul(f64x2.mul(dy, f64x2.splat(TWO_P192)), p);
  const deep = f64x2.mul(f64x2.mul(big, pow2_64(f64x2.sub(N, b))), pow2_64(b));
  let r = v128.bitselect(deep, plain, f64x2.gt(u, f64x2.splat(600.0)));
  // x = −Infinity: the limit +Infinity (a finite x whose u overflows has a finite exp(u): the clamp's result)
  r = v128.bitselect(f64x2.mul(dy, u), r, f64x2.eq(x, f64x2.splat(-Infinity)));
  return v128.bitselect(dy, r, f64x2.gt(x, f64x2.splat(0)));
}

const TWO_P64: f64 = reinterpret<f64>(0x43F0000000000000);
const TWO_P192: f64 = reinterpret<f64>(0x4BF0000000000000);

/** 2^k for integer-valued lanes k in [−1022, 1023]. */
@inline function pow2_64(k: v128): v128 {
  return i64x2.shl(f64x2.add(k, f64x2.splat(MAGIC_1023)), 52);
}

@final class CeluGradNeg64 {
  @inline apply2(x: v128, dy: v128): v128 {
    return celuGradNeg64(x, dy); // out of line
  }
}

/** The globals of alpha for the f64 celu kernels. */
@inline function setAlpha64(alpha: f64): void {
  ALPHA_F64 = f64x2.splat(alpha);
  const a = Math.abs(alpha);
  const sigma: f64 = a > TWO_P900 ? TWO_M600 : a < TWO_M900 ? TWO_P600 : 1.0;
  const as = alpha * sigma;
  const c = as * SPLIT64;
  const hi = c - (c - as);
  SIGMA = f64x2.splat(sigma);
  ALPHA_S = f64x2.splat(as);
  ALPHA_HI = f64x2.splat(hi);
  ALPHA_LO = f64x2.splat(as - hi);
  INV_ALPHA_S = f64x2.splat(1.0 / as);
}

export function celu_grad_f64(x: usize, dy: usize, dst: usize, n: i32, alpha: f64): void {
  setAlpha64(alpha);
  if (alpha > 0) {
    if ((reinterpret<u64>(alpha) & 0xFFFFFFFFFFFFF) == 0) mapBinaryP<f64, CeluGradPos64>(x, dy, dst, n, f64x2.splat(alpha), f64x2.splat(0), f64x2.splat(0));
    else mapBinary<f64, CeluGradPosLo64>(x, dy, dst, n);
  } else mapBinary<f64, CeluGradNeg64>(x, dy, dst, n);
}

/** silu over f64x2, as Silu: num = x·e (x < 0, as (x·s)·p) or x, divided by 1 + e. Max error: 3 ULP. */
@final class Silu64 {
  @inline apply(x: v128): v128 {
    const xc = f64x2.pmax(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(EXP64_SPLIT_X_MIN));
    const t = expSplitT_f64x2(xc);
    const s = expSplitScale_f64x2(t, 0);
    const p = expSplitPoly_f64x2(xc, t);
    const num = v128.bitselect(f64x2.mul(f64x2.mul(xc, s), p), x, f64x2.lt(x, f64x2.splat(0))); // −0, NaN: x
    return f64x2.div(num, f64x2.add(f64x2.mul(s, p), f64x2.splat(1.0)));
  }
}

export function silu_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, Silu64>(src, dst, n);
}

/**
 * siluGrad over f64x2 with f32's formulas in f64 arithmetic (no wider type to round from): e·((1 + x) + e)
 * or 1 + e·(1 + x), over 1 + e·(2 + e), times dy; where x < −700 (e < 2^−1010, 1 + e = 1) the lanes are
 * dy·(1 + x)·exp(x) from dyTimesCExpDeep64, for any finite dy. Max error: 4 ULP (absolute 6e−18·|dy|
 * near x = −1.2785).
 */
@final class SiluGrad64 {
  apply2(x: v128, dy: v128): v128 {
    let r = changetype<SiluGrad64Hot>(0).apply2(x, dy);
    const tail = f64x2.lt(x, f64x2.splat(TAIL64));
    if (v128.any_true(tail)) r = siluGradTail64(x, dy, r, tail);
    return r;
  }
}

/** SiluGrad64 without the tail test: for chunks with no lane in the tail (the gates in grad-tail.ts). */
@final class SiluGrad64Hot {
  @inline apply2(x: v128, dy: v128): v128 {
    const xc = f64x2.pmax(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(EXP64_SPLIT_X_MIN));
    const xs = v128.xor(xc, v128.andnot(i64x2.splat(SIGN64), x)); // x clamped to [−797, 797]
    const t = expSplitT_f64x2(xc);
    const s = expSplitScale_f64x2(t, 0);
    const p = expSplitPoly_f64x2(xc, t);
    const e = f64x2.mul(s, p);
    const a = f64x2.add(xs, f64x2.splat(1.0));
    const d2 = f64x2.add(f64x2.mul(e, f64x2.add(e, f64x2.splat(2.0))), f64x2.splat(1.0));
    const pos = f64x2.add(f64x2.mul(e, a), f64x2.splat(1.0));
    const neg = f64x2.mul(e, f64x2.add(a, e));
    return f64x2.mul(dy, f64x2.div(v128.bitselect(neg, pos, f64x2.lt(xs, f64x2.splat(0))), d2));
  }
}

function siluGradTail64(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const c = f64x2.add(f64x2.pmax(x, f64x2.splat(-1500.0)), f64x2.splat(1.0)); // 1 + x, |c| < 2^11
  return v128.bitselect(dyTimesCExpDeep64(x, f64x2.splat(0), c, dy), r, tail);
}

export function silu_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  if (anyBelow64(x, n, TAIL64)) mapBinary<f64, SiluGrad64>(x, dy, dst, n);
  else mapBinary<f64, SiluGrad64Hot>(x, dy, dst, n);
}

/** expm1(x) for x <= 0 lanes over f64x2, with the sign of zero kept (expm1(±0) = ±0). */
@inline function expm1Signed64(x: v128): v128 {
  const em = expm1Neg_f64x2_rr2_p11(v128.or(x, i64x2.splat(SIGN64)));
  return v128.or(em, v128.and(x, i64x2.splat(SIGN64)));
}

/** elu over f64x2: x > 0 ? x : alpha·expm1(x) (expm1-f64x2-rr2-p11). */
@final class Elu64 {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    return v128.bitselect(x, f64x2.mul(expm1Signed64(x), alpha), f64x2.gt(x, f64x2.splat(0)));
  }
}

export function elu_f64(src: usize, dst: usize, n: i32, alpha: f64): void {
  mapUnaryP<f64, Elu64>(src, dst, n, f64x2.splat(alpha), f64x2.splat(0));
}

@final class Selu64 {
  @inline apply(x: v128): v128 {
    const neg = f64x2.mul(expm1Signed64(x), f64x2.splat(SELU_SCALE_ALPHA64));
    return v128.bitselect(f64x2.mul(x, f64x2.splat(SELU_SCALE64)), neg, f64x2.gt(x, f64x2.splat(0)));
  }
}

export function selu_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, Selu64>(src, dst, n);
}

/** alpha > 0: alpha·expm1(x/alpha) (condition number of expm1 <= 1 at u <= 0: no correction needed). */
@final class CeluPos64 {
  @inline apply(x: v128, alpha: v128, unused: v128): v128 {
    const u = f64x2.div(x, alpha);
    // x itself where x > 0 or |u| < 2^−54 (see CeluPos: a subnormal u would not give x back).
    const keep = v128.or(f64x2.gt(x, f64x2.splat(0)), f64x2.lt(f64x2.abs(u), f64x2.splat(5.551115123125783e-17)));
    return v128.bitselect(x, f64x2.mul(expm1Signed64(u), alpha), keep);
  }
}

/**
 * alpha < 0, x <= 0: u = x/alpha >= 0 (its rounding error lo from quotientLo64), alpha·expm1(u + lo):
 *   u <= 700:      expm1(u + lo) = (2^n − 1) + 2^n·q, exp(r) = 1 + q (r = u + lo − n·ln2, q from exp's
 *                  polynomial without its leading 1; n = 0 below u = ln2/2, where alpha·q = x + x·(r·P),
 *                  r = u + lo, q = r + r²·P, since alpha·(u + lo) = x):
 *                  2^n − 1 is exact (up to n = 53; beyond, the 1 is far below the result's ULP) and
 *                  2^n·q too, so q's error and two roundings (the sum and the product with alpha) are
 *                  all (exp's own 1 + q rounded first and squared halves (alpha·h)·h reached 3 ULP, as
 *                  did −alpha·expm1(−u)/exp(−u) below u = 1).
 *   u > 700:       alpha·exp(u + lo) (alpha is e^−700 of it), finite while |alpha|·e^u is (down to
 *                  alpha = 2^−1074, u = 1454): P = (alpha·2^192)·p, then P·2^(n − 64) in two exact steps
 *                  as in celuGradNeg64; u clamped at 1460 (beyond, the product overflows for every alpha).
 * Max error, measured: 2 ULP.
 */
function celuNeg64f(x: v128): v128 {
  const u = f64x2.div(x, ALPHA_F64);
  const uc = f64x2.pmin(u, f64x2.splat(1460.0));
  const lo = quotientLo64(x, u, f64x2.le(u, f64x2.splat(1460.0)));
  const tp = expSplitT_f64x2(uc);
  const np = f64x2.sub(tp, f64x2.splat(expSplitMagic_f64x2));
  const r = expReduce_f64x2(uc, lo, np, true);
  const rp = f64x2.mul(expPoly_f64x2_p11(r, 1.0), r);
  const q = f64x2.mul(f64x2.add(rp, f64x2.splat(1.0)), r);
  const s0 = expSplitScale_f64x2(tp, -128); // 2^n (lanes with u > 700 take deep)
  let mid = f64x2.mul(f64x2.add(f64x2.sub(s0, f64x2.splat(1.0)), f64x2.mul(q, s0)), ALPHA_F64);
  // n = 0: alpha·(r + r²·P) = x + x·(r·P), since alpha·(u + lo) = x: x exact, the rest a correction
  mid = v128.bitselect(f64x2.add(x, f64x2.mul(x, rp)), mid, f64x2.eq(np, f64x2.splat(0)));
  const P = f64x2.mul(f64x2.mul(ALPHA_F64, f64x2.splat(TWO_P192)), expSplitPolyLo_f64x2(uc, lo, tp));
  const N = f64x2.sub(np, f64x2.splat(64.0));
  const b = f64x2.floor(f64x2.mul(N, f64x2.splat(0.5)));
  const deep = f64x2.mul(f64x2.mul(P, pow2_64(f64x2.sub(N, b))), pow2_64(b));
  const neg = v128.bitselect(deep, mid, f64x2.gt(u, f64x2.splat(700.0)));
  const keep = v128.or(f64x2.gt(x, f64x2.splat(0)), f64x2.lt(f64x2.abs(u), f64x2.splat(5.551115123125783e-17)));
  return v128.bitselect(x, neg, keep);
}

@final class CeluNeg64 {
  @inline apply(x: v128): v128 {
    return celuNeg64f(x); // out of line
  }
}

export function celu_f64(src: usize, dst: usize, n: i32, alpha: f64): void {
  setAlpha64(alpha);
  if (alpha > 0) mapUnaryP<f64, CeluPos64>(src, dst, n, f64x2.splat(alpha), f64x2.splat(0));
  else mapUnary<f64, CeluNeg64>(src, dst, n);
}
