// The log family over f32x4: softplus (PyTorch's beta and threshold), logSigmoid, mish, and their
// derivatives. Each is built on e = exp(−|x|) <= 1 (exp-f32x4-rr2-p6, x <= 0 only), so nothing overflows
// for any input, and the negative tails keep their relative accuracy down to the underflow.
//
// softplus(x) = x·beta > threshold ? x : (max(bx, 0) + log1p(exp(−|bx|)))/beta, bx = beta·x
//   log1p(e) on [0, 1]: log1p-f32x4-unit-p10 (a dedicated degree-10 polynomial, no reduction). For
//   beta = 1 (the default) bx = x and the quotient is skipped: softplus1. For other beta, bx = fl(beta·x)
//   is off by up to half an ULP, which exp turns into a relative error of |bx|·2^-24 (up to 100 half-ULPs
//   at bx = −100): its rounding error is recovered exactly (the product formed in f64, where it is exact)
//   and passed to exp as the low part of the argument. Where e would be subnormal while e/beta is not
//   (beta < 1), e is computed scaled (see "tails" below).
// logSigmoid(x) = min(x, 0) − log1p(exp(−|x|)), its sign bit forced on: the result is <= 0, and where it
//   rounds to zero (x > 103.97, +Infinity) it is −0, the sign of −softplus(−x) (PyTorch's formula gives +0).
// mish(x) = x·tanh(softplus(x)) = x·r, t = exp(−|x|):
//   x <= 0: r = n/(n + 2), n = t(t + 2) (tanh(log(1 + e)) = ((1 + e)² − 1)/((1 + e)² + 1), e = t)
//   x > 0:  r = (1 + 2t)/(1 + 2t + 2t²) (the same with e = 1/t: no overflow, and r → 1 exactly)
// Tails: where exp(−|x|) is subnormal (x < −87.3) but the result is not (mish(−90) = −7.3e−38, a
//   derivative dy·e with |dy| > 1, softplus with beta < 1), the lanes below −64 evaluate
//   exp(−|x| + 64·ln2) = e·2^64 instead (the shifted argument is exact: 64·LN2_HI is a multiple of 2^-9)
//   and apply the exact factor 2^-64 last, so that the one rounding into the subnormal range is the final
//   one. Costs two selects and a product.
// NaN propagates through every path (said at each select below); x = ±Infinity gives the limits.
// Max error, measured (the registry bounds enforce them; f32 exhaustive where said, f64 on the suites'
// random bit patterns, bands and the tails [±690, ±760]):
//   f32 softplus 2 ULP at x = −1.86e−4 (exhaustive [−110, 30]; beta != 1: 3 ULP, random), softplus' 3 ULP
//     at x = −1.63; logSigmoid 2 ULP at x = −8.6e−7 (exhaustive [−110, 110]), logSigmoid' 3 ULP at
//     x = 1.63; mish 4 ULP at x = −3.238 (exhaustive [−110, 30]), mish' 2 ULP at x = −0.4265 (every 4th
//     float of [−110, 30]) beyond the absolute 7.5e−9·|dy| near its zero x = −1.19.
//   f64 softplus 2 ULP, softplus' 3; logSigmoid 1-2, logSigmoid' 3; mish 4 (x = −6.12), mish' 4 beyond the
//     absolute 1e−17·|dy| near its zero.

// Inlining: map.ts inlines `apply` at every call site of its loop (6 for mapUnary, 4 for mapBinary). The
// short kernels keep @inline (a call per vector would cost about as much as their body); the long ones
// (the general-beta softplus, gelu's exact forms, the derivatives with f64 inside) are called, one copy
// each: as fast (fewer spills) and a much smaller module (docs/kernels.md).

import { expNegLo_f32x4_rr2_p6, expNeg_f32x4_rr2_p6 } from '../math/exp-f32x4-rr2-p6';
import { expNegLo_f64x2_rr2_p11, expNeg_f64x2_rr2_p11 } from '../math/exp-f64x2-rr2-p11';
import { log1pUnit_f64x2_atanh_p7 } from '../math/log1p-f64x2-unit-atanh-p7';
import { log1pUnit_f32x4_p10 } from '../math/log1p-f32x4-unit-p10';
import { HI26, mulErr64 } from '../math/eft';
import { mapBinary, mapUnary } from '../map';
import { demote2, half64, promoteHigh, signMask64 } from '../simd';
import { anyBelow32, dyTimesCExpDeep64, expTail32 } from './grad-tail';

const SIGN: i32 = 0x80000000 as i32;
const ABS: i32 = 0x7FFFFFFF;
/** 64·ln2 = SHIFT_HI + SHIFT_LO, SHIFT_HI = 64·LN2_HI (LN2_HI has 9 trailing zero bits: a multiple of 2^-9). */
const SHIFT_HI: f32 = 64.0 * reinterpret<f32>(0x3F317200);
const SHIFT_LO: f32 = 64.0 * reinterpret<f32>(0x35BFBE8E);
const TWO_M64: f32 = reinterpret<f32>(0x1F800000); // 2^-64
const TAIL: f32 = -64.0;

let BETA: v128 = f32x4.splat(1.0);
let BETA64: v128 = f64x2.splat(1.0);
let THRESHOLD: v128 = f32x4.splat(20.0);

/**
 * exp(a + alo)·(tail ? 2^64 : 1) for a <= 0: in the tail lanes the argument is shifted by 64·ln2, exactly
 * (a + SHIFT_HI is exact for a in [−256, −64]; below, the result underflows either way).
 */
@inline function expNegTail(a: v128, alo: v128, tail: v128): v128 {
  const arg = v128.bitselect(f32x4.add(a, f32x4.splat(SHIFT_HI)), a, tail);
  const lo = v128.bitselect(f32x4.add(alo, f32x4.splat(SHIFT_LO)), alo, tail);
  return expNegLo_f32x4_rr2_p6(arg, lo);
}

/** 2^-64 in the tail lanes, 1 elsewhere: the factor that undoes expNegTail's scale. */
@inline function tailFactor(tail: v128): v128 {
  return v128.bitselect(f32x4.splat(TWO_M64), f32x4.splat(1.0), tail);
}

/**
 * bx = fl(beta·x), from the product formed in f64 (24-bit by 24-bit: exact there) and rounded once.
 * mulBetaErr gives its rounding error beta·x − bx exactly; the identical f64 products of the two are
 * shared after inlining (Binaryen's local CSE).
 */
@inline function mulBeta(x: v128): v128 {
  const p0 = f64x2.mul(f64x2.promote_low_f32x4(x), BETA64);
  const p1 = f64x2.mul(promoteHigh(x), BETA64);
  return f32x4.shuffle(f32x4.demote_f64x2_zero(p0), f32x4.demote_f64x2_zero(p1), 0, 1, 4, 5);
}

/**
 * beta·x − bx exactly, zeroed where |bx| >= 128 (exp saturates there, and an infinite bx would make the
 * error infinite); NaN lanes get 0 too (the comparison is false) and NaN stays in bx.
 */
@inline function mulBetaErr(x: v128, bx: v128): v128 {
  const p0 = f64x2.mul(f64x2.promote_low_f32x4(x), BETA64);
  const p1 = f64x2.mul(promoteHigh(x), BETA64);
  const r0 = f32x4.demote_f64x2_zero(f64x2.sub(p0, f64x2.promote_low_f32x4(bx)));
  const r1 = f32x4.demote_f64x2_zero(f64x2.sub(p1, promoteHigh(bx)));
  const small = f32x4.lt(v128.and(bx, i32x4.splat(ABS)), f32x4.splat(128.0));
  return v128.and(f32x4.shuffle(r0, r1, 0, 1, 4, 5), small);
}

// ---------------------------------------------------------------------------------------------------
// softplus
// ---------------------------------------------------------------------------------------------------

/**
 * softplus with beta = 1: max(x, 0) + log1p(exp(−|x|)), x where x > threshold.
 * softplus(−100) = 3.7e−44: log1p(e) = e exactly for tiny e, and exp keeps subnormals (rounded once).
 * NaN: the threshold comparison is false, pmax(NaN, 0) returns NaN. −Infinity: e = 0, gives +0.
 */
@final class Softplus1 {
  @inline apply(x: v128): v128 {
    const e = expNeg_f32x4_rr2_p6(v128.or(x, i32x4.splat(SIGN)));
    const y = f32x4.add(f32x4.pmax(x, f32x4.splat(0)), log1pUnit_f32x4_p10(e));
    return v128.bitselect(x, y, f32x4.gt(x, THRESHOLD));
  }
}

/** softplus for beta != 1: bx with its rounding error, e scaled in the tail, one division by beta. */
@final class SoftplusBeta {
  apply(x: v128): v128 {
    const bx = mulBeta(x);
    const bxlo = mulBetaErr(x, bx);
    const pos = v128.not(i32x4.shr_s(bx, 31)); // all-ones where bx >= +0 (and for +NaN)
    const a = v128.or(bx, i32x4.splat(SIGN)); // −|bx|
    const alo = v128.xor(bxlo, v128.and(pos, i32x4.splat(SIGN))); // a + alo = −|beta·x|
    const tail = f32x4.lt(bx, f32x4.splat(TAIL));
    const es = expNegTail(a, alo, tail);
    const f = tailFactor(tail);
    const l = log1pUnit_f32x4_p10(f32x4.mul(es, f));
    // bx >= 0: bx + (bxlo + L); bx < 0: L; tail: e·2^64 (L = e to 2^-60 there)
    const body = f32x4.add(f32x4.pmax(bx, f32x4.splat(0)), f32x4.add(l, v128.and(bxlo, pos)));
    const num = v128.bitselect(es, body, tail);
    const y = f32x4.mul(f32x4.div(num, BETA), f);
    return v128.bitselect(x, y, f32x4.gt(bx, THRESHOLD)); // NaN: false, y is NaN
  }
}

/**
 * beta < 2^−40: in the tail e·2^64 is below the f32 normals (e = exp(−105) at beta·x = −149.4) where
 * e/beta is not (beta = 1e−30, x = −1.49e32: 1.26e−35, was 0). The tail lanes as exp(beta·x)/beta in
 * f64 (the product of two f32 exact there, log1p(e) = e to 2^−92), rounded once.
 */
@final class SoftplusTinyBeta {
  apply(x: v128): v128 {
    const y = changetype<SoftplusBeta>(0).apply(x);
    const bx = mulBeta(x);
    // not where x·beta > threshold (a threshold below the tail: those lanes are x)
    const tail = v128.andnot(f32x4.lt(bx, f32x4.splat(TAIL)), f32x4.gt(bx, THRESHOLD));
    return v128.any_true(tail) ? softplusTinyBetaTail(x, y, tail) : y;
  }
}

function softplusTinyBetaTail(x: v128, y: v128, tail: v128): v128 {
  const e0 = expNeg_f64x2_rr2_p11(f64x2.mul(f64x2.promote_low_f32x4(x), BETA64));
  const e1 = expNeg_f64x2_rr2_p11(f64x2.mul(promoteHigh(x), BETA64));
  return v128.bitselect(demote2(f64x2.div(e0, BETA64), f64x2.div(e1, BETA64)), y, tail);
}

function setSoftplus(beta: f64, threshold: f64): void {
  BETA = f32x4.splat(<f32>beta);
  BETA64 = f64x2.splat(<f64>(<f32>beta));
  THRESHOLD = f32x4.splat(<f32>threshold);
}

export function softplus_f32(src: usize, dst: usize, n: i32, beta: f64, threshold: f64): void {
  setSoftplus(beta, threshold);
  if (<f32>beta == 1.0) mapUnary<f32, Softplus1>(src, dst, n);
  else if (<f32>beta < 9.094947017729282e-13) mapUnary<f32, SoftplusTinyBeta>(src, dst, n);
  else mapUnary<f32, SoftplusBeta>(src, dst, n);
}

/**
 * Derivatives' lanes beyond GRAD_TAIL (softplus: beta·x below it; logSigmoid: x above −GRAD_TAIL; mish: x
 * below it), where exp(−|·|) < 2^−115 (subnormal from 87.3, while dy·e is not negligible down to 192
 * for |dy| up to 2^128): the f64 kernel's lanes, rounded once to f32 (out of line: see grad-tail.ts).
 */
const GRAD_TAIL: f32 = -80.0;

/**
 * softplus'(x)·dy = dy·σ(beta·x) (dy where x·beta > threshold): σ(bx) = (bx < 0 ? e : 1)/(1 + e),
 * e = exp(−|bx|); beyond GRAD_TAIL, SoftplusGrad64's lanes (with the f32 threshold test kept).
 */
@final class SoftplusGrad1 {
  @inline apply2(x: v128, dy: v128): v128 {
    const e = expNeg_f32x4_rr2_p6(v128.or(x, i32x4.splat(SIGN)));
    const num = v128.bitselect(e, f32x4.splat(1.0), i32x4.shr_s(x, 31));
    const y = f32x4.div(f32x4.mul(dy, num), f32x4.add(e, f32x4.splat(1.0)));
    const over = f32x4.gt(x, THRESHOLD);
    let r = v128.bitselect(dy, y, over);
    const tail = v128.andnot(f32x4.lt(x, f32x4.splat(GRAD_TAIL)), over);
    if (v128.any_true(tail)) r = softplusGradTail32(x, dy, r, tail);
    return r;
  }
}

@final class SoftplusGradBeta {
  apply2(x: v128, dy: v128): v128 {
    const bx = mulBeta(x);
    const bxlo = mulBetaErr(x, bx);
    const neg = i32x4.shr_s(bx, 31);
    const alo = v128.xor(bxlo, v128.andnot(i32x4.splat(SIGN), neg));
    const e = expNegLo_f32x4_rr2_p6(v128.or(bx, i32x4.splat(SIGN)), alo);
    const num = v128.bitselect(e, f32x4.splat(1.0), neg);
    const y = f32x4.div(f32x4.mul(dy, num), f32x4.add(e, f32x4.splat(1.0)));
    const over = f32x4.gt(bx, THRESHOLD);
    const r = v128.bitselect(dy, y, over);
    const tail = v128.andnot(f32x4.lt(bx, f32x4.splat(GRAD_TAIL)), over);
    return v128.any_true(tail) ? softplusGradTail32(x, dy, r, tail) : r;
  }
}

/** The lanes of `tail` as dy·exp(beta·x) in f64 (beta·x exact there; e < 2^−115: 1 + e = 1), rounded once. */
function softplusGradTail32(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const one = f64x2.splat(1.0);
  return expTail32(f64x2.mul(half64(x, 0), BETA64), f64x2.mul(half64(x, 1), BETA64), one, one, dy, r, tail);
}

export function softplus_grad_f32(x: usize, dy: usize, dst: usize, n: i32, beta: f64, threshold: f64): void {
  setSoftplus(beta, threshold);
  if (<f32>beta == 1.0) mapBinary<f32, SoftplusGrad1>(x, dy, dst, n);
  else mapBinary<f32, SoftplusGradBeta>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// logSigmoid
// ---------------------------------------------------------------------------------------------------

/**
 * logSigmoid(x) = min(x, 0) − log1p(exp(−|x|)) with the sign bit set. pmin(x, 0) returns x for NaN (the
 * comparison 0 < NaN is false), −0 for −0; logSigmoid(100) = −3.7e−44, logSigmoid(−1e30) = −1e30.
 */
@final class LogSigmoid {
  @inline apply(x: v128): v128 {
    const e = expNeg_f32x4_rr2_p6(v128.or(x, i32x4.splat(SIGN)));
    const y = f32x4.sub(f32x4.pmin(x, f32x4.splat(0)), log1pUnit_f32x4_p10(e));
    return v128.or(y, i32x4.splat(SIGN));
  }
}

export function log_sigmoid_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, LogSigmoid>(src, dst, n);
}

/** logSigmoid'(x)·dy = dy·σ(−x) = dy·(x > 0 ? e : 1)/(1 + e); x > −GRAD_TAIL: LogSigmoidGrad64's lanes. */
@final class LogSigmoidGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    const e = expNeg_f32x4_rr2_p6(v128.or(x, i32x4.splat(SIGN)));
    const num = v128.bitselect(e, f32x4.splat(1.0), f32x4.gt(x, f32x4.splat(0))); // NaN: 1, e is NaN
    let r = f32x4.div(f32x4.mul(dy, num), f32x4.add(e, f32x4.splat(1.0)));
    const tail = f32x4.gt(x, f32x4.splat(-GRAD_TAIL));
    if (v128.any_true(tail)) r = logSigmoidGradTail32(x, dy, r, tail);
    return r;
  }
}

/** The lanes of `tail` as dy·exp(−x) in f64, rounded once. */
function logSigmoidGradTail32(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const na = v128.or(x, i32x4.splat(SIGN));
  const one = f64x2.splat(1.0);
  return expTail32(half64(na, 0), half64(na, 1), one, one, dy, r, tail);
}

export function log_sigmoid_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, LogSigmoidGrad>(x, dy, dst, n);
}

// ---------------------------------------------------------------------------------------------------
// mish
// ---------------------------------------------------------------------------------------------------

/**
 * mish(x) = x·num/den, t = exp(−|x|) (es = t·2^64 in the tail, f the factor 2^-64 there):
 *   x <= 0 (sign bit set): num = 2es + es·t (= es(t + 2), one rounding), den = 2 + (2t + t²)
 *   x > 0:                 num = 1 + 2t,                              den = num + 2t²
 * (for x > 0 num's rounding cancels in num/den, den = num + small). pmax(x, −200): mish(−Infinity) =
 * −200·0 = −0 rather than NaN; NaN passes pmax.
 * Max error: 4 ULP (exp ~1.3 ULP, den, the quotient and the product by x one rounding each), at
 * x = −6.04 and −13.8 (an f64 evaluation of the quotient gives 2 ULP at a higher cost: docs/kernels.md).
 */
@final class Mish {
  @inline apply(x: v128): v128 {
    const neg = i32x4.shr_s(x, 31);
    const tail = f32x4.lt(x, f32x4.splat(TAIL));
    const es = expNegTail(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(0), tail);
    const f = tailFactor(tail);
    const t = f32x4.mul(es, f);
    const t2 = f32x4.add(t, t);
    const numN = f32x4.add(f32x4.add(es, es), f32x4.mul(es, t));
    const denN = f32x4.add(f32x4.add(t2, f32x4.mul(t, t)), f32x4.splat(2.0));
    const numP = f32x4.add(t2, f32x4.splat(1.0));
    const denP = f32x4.add(numP, f32x4.mul(t2, t));
    const r = f32x4.div(v128.bitselect(numN, numP, neg), v128.bitselect(denN, denP, neg));
    return f32x4.mul(f32x4.mul(f32x4.pmax(x, f32x4.splat(-200.0)), r), f);
  }
}

export function mish_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Mish>(src, dst, n);
}

/**
 * mish'(x)·dy for one f64x2 half (x, dy, t = exp(−|x|) exact in f64): dy·m·A/D² with
 *   x <= 0: m = t, P = t + 2,  D = t·P + 2,  A = P·D + 4x(1 + t)
 *   x > 0:  m = 1, P = 1 + 2t, D = P + 2t²,  A = P·D + 4x·t²(1 + t)
 * A changes sign at x = −1.19 (mish's minimum) and cancels by 2.7x already at −1.75: in f32 that cost
 * 5 ULP (also in the expanded form A = 4(1 + x) + t(6 + 4x + t(4 + t)), which cancels less but
 * rounds more); in f64 the cancellation is invisible, and what is left is t's error (amplified only
 * near the zero, where the result is small: absolutely accurate) and the final rounding. The quotient
 * by D² uses divJoin32 (an f32 reciprocal refined in f64: two f64 divisions cost more than the rest).
 * Max error: 2 ULP beyond the absolute allowance (random and band sweeps).
 * x is clamped to [−200, 200] inside A (x·t² would be ∞·0 at +Infinity); NaN passes the clamps.
 */
@inline function mishGradD64(t: v128, neg: v128): v128 {
  const t2 = f64x2.add(t, t);
  const dN = f64x2.add(f64x2.mul(t, f64x2.add(t, f64x2.splat(2.0))), f64x2.splat(2.0));
  const dP = f64x2.add(f64x2.add(t2, f64x2.splat(1.0)), f64x2.mul(t2, t));
  return v128.bitselect(dN, dP, neg);
}

/** dy·m·A for one half (the numerator; D from mishGradD64). */
@inline function mishGradNum64(x: v128, dy: v128, t: v128, neg: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-200.0)), f64x2.splat(200.0));
  const x4t1 = f64x2.mul(f64x2.mul(xc, f64x2.splat(4.0)), f64x2.add(t, f64x2.splat(1.0)));
  const pN = f64x2.add(t, f64x2.splat(2.0));
  const pP = f64x2.add(f64x2.add(t, t), f64x2.splat(1.0));
  const p = v128.bitselect(pN, pP, neg);
  const d = mishGradD64(t, neg);
  const b = v128.bitselect(x4t1, f64x2.mul(x4t1, f64x2.mul(t, t)), neg);
  const a = f64x2.add(f64x2.mul(p, d), b);
  return f64x2.mul(f64x2.mul(dy, v128.bitselect(t, f64x2.splat(1.0), neg)), a);
}

/**
 * n/d for two f64x2 halves, rounded once to f32: d's reciprocal from one f32 division (the halves
 * joined) refined by a Newton step in f64 (r + r·(1 − r·d), relative error ~2^-46): an f64x2 division
 * per half would cost more than the whole rest of the derivative.
 */
@inline function divJoin32(n0: v128, d0: v128, n1: v128, d1: v128): v128 {
  const r = f32x4.div(f32x4.splat(1.0), demote2(d0, d1));
  const one = f64x2.splat(1.0);
  let r0 = f64x2.promote_low_f32x4(r);
  let r1 = promoteHigh(r);
  r0 = f64x2.add(r0, f64x2.mul(r0, f64x2.sub(one, f64x2.mul(r0, d0))));
  r1 = f64x2.add(r1, f64x2.mul(r1, f64x2.sub(one, f64x2.mul(r1, d1))));
  return demote2(f64x2.mul(n0, r0), f64x2.mul(n1, r1));
}

@final class MishGrad {
  apply2(x: v128, dy: v128): v128 {
    let r = changetype<MishGradHot>(0).apply2(x, dy);
    // below −100 (t·2^64 is subnormal from −131, and dy·mish'(x) is not negligible down to −187 for |dy|
    // up to 2^128): MishGrad64's lanes, rounded once
    const deep = f32x4.lt(x, f32x4.splat(-100.0));
    if (v128.any_true(deep)) r = mishGradTail32(x, dy, r, deep);
    return r;
  }
}

/** MishGrad without the tail test: for chunks with no lane in the tail (the gates in grad-tail.ts). */
@final class MishGradHot {
  @inline apply2(x: v128, dy: v128): v128 {
    const tail = f32x4.lt(x, f32x4.splat(TAIL));
    const es = expNegTail(v128.or(x, i32x4.splat(SIGN)), f32x4.splat(0), tail);
    const f = tailFactor(tail);
    const t0 = f64x2.mul(half64(es, 0), half64(f, 0));
    const t1 = f64x2.mul(half64(es, 1), half64(f, 1));
    const neg = i32x4.shr_s(x, 31); // sign masks, widened per half (i64x2.shr_s is emulated on x64)
    const n0 = i64x2.extend_low_i32x4_s(neg);
    const n1 = i64x2.extend_high_i32x4_s(neg);
    const d0 = mishGradD64(t0, n0);
    const d1 = mishGradD64(t1, n1);
    const a0 = mishGradNum64(half64(x, 0), half64(dy, 0), t0, n0);
    const a1 = mishGradNum64(half64(x, 1), half64(dy, 1), t1, n1);
    return divJoin32(a0, f64x2.mul(d0, d0), a1, f64x2.mul(d1, d1));
  }
}

/** The lanes of `tail` as dy·(1 + x)·exp(x) in f64 (mish' = e(1 + x)(1 + O(e)), e < 2^−144), rounded once. */
function mishGradTail32(x: v128, dy: v128, r: v128, tail: v128): v128 {
  const x0 = f64x2.promote_low_f32x4(x);
  const x1 = promoteHigh(x);
  return expTail32(x0, x1, f64x2.add(x0, f64x2.splat(1.0)), f64x2.add(x1, f64x2.splat(1.0)), dy, r, tail);
}

export function mish_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  if (anyBelow32(x, n, -100.0)) mapBinary<f32, MishGrad>(x, dy, dst, n);
  else mapBinary<f32, MishGradHot>(x, dy, dst, n);
}

// ===================================================================================================
// f64x2: the same functions on Float64Array. exp from exp-f64x2-rr2-p11 (x <= 0, subnormal results kept),
// log1p(e) from log1p-f64x2-atanh-p7 (one division). The tails are scaled as in f32, below −600 (e·2^64
// stays normal down to the underflow of every result), the shift 64·LN2_HI being exact there (a multiple
// of 2^-26 added to an argument in [−1024, −512], a multiple of 2^-43).
// ===================================================================================================

const SIGN64: i64 = 0x8000000000000000 as i64;
const ABS64: i64 = 0x7FFFFFFFFFFFFFFF;
const SHIFT_HI64: f64 = 64.0 * reinterpret<f64>(0x3FE62E42FEE00000); // 64·LN2_HI
const SHIFT_LO64: f64 = 64.0 * reinterpret<f64>(0x3DEA39EF35793C76); // 64·LN2_LO
const TWO_M64_64: f64 = reinterpret<f64>(0x3BF0000000000000); // 2^-64
const TAIL64: f64 = -600.0;

let BETA_D: v128 = f64x2.splat(1.0);
let BETA_HI: v128 = f64x2.splat(1.0); // beta with 26 significant bits, BETA_HI + BETA_LO = beta
let BETA_LO: v128 = f64x2.splat(0.0);
let THRESHOLD_D: v128 = f64x2.splat(20.0);

function setSoftplus64(beta: f64, threshold: f64): void {
  BETA_D = f64x2.splat(beta);
  const bh = reinterpret<f64>(reinterpret<i64>(beta) & HI26);
  BETA_HI = f64x2.splat(bh);
  BETA_LO = f64x2.splat(beta - bh);
  THRESHOLD_D = f64x2.splat(threshold);
}

/** exp(a + alo)·(tail ? 2^64 : 1), a <= 0 (the f64 twin of expNegTail). */
@inline function expNegTail64(a: v128, alo: v128, tail: v128): v128 {
  const arg = v128.bitselect(f64x2.add(a, f64x2.splat(SHIFT_HI64)), a, tail);
  const lo = v128.bitselect(f64x2.add(alo, f64x2.splat(SHIFT_LO64)), alo, tail);
  return expNegLo_f64x2_rr2_p11(arg, lo);
}

@inline function tailFactor64(tail: v128): v128 {
  return v128.bitselect(f64x2.splat(TWO_M64_64), f64x2.splat(1.0), tail);
}

/**
 * beta·x − fl(beta·x) exactly (Dekker's product with x split by masking its low 27 bits and beta split
 * once per call), zeroed where |beta·x| >= 2048 (beyond the derivative's tail at −1500, dyTimesCExpDeep64;
 * an overflowing product would make it NaN) and for NaN (the comparison is false).
 */
@inline function mulBetaErr64(x: v128, bx: v128): v128 {
  const xh = v128.and(x, i64x2.splat(HI26));
  const xl = f64x2.sub(x, xh);
  let e = f64x2.sub(f64x2.mul(xh, BETA_HI), bx);
  e = f64x2.add(e, f64x2.add(f64x2.mul(xh, BETA_LO), f64x2.mul(xl, BETA_HI)));
  e = f64x2.add(e, f64x2.mul(xl, BETA_LO));
  const small = f64x2.lt(v128.and(bx, i64x2.splat(ABS64)), f64x2.splat(2048.0));
  return v128.and(e, small);
}

/** softplus, beta = 1: max(x, 0) + log1p(exp(−|x|)); x where x > threshold (NaN: false, and NaN flows). */
@final class Softplus1_64 {
  @inline apply(x: v128): v128 {
    const e = expNeg_f64x2_rr2_p11(v128.or(x, i64x2.splat(SIGN64)));
    const y = f64x2.add(f64x2.pmax(x, f64x2.splat(0)), log1pUnit_f64x2_atanh_p7(e));
    return v128.bitselect(x, y, f64x2.gt(x, THRESHOLD_D));
  }
}

/** softplus, beta != 1: as SoftplusBeta (f32), the product's error from Dekker's split. */
@final class SoftplusBeta64 {
  apply(x: v128): v128 {
    const bx = f64x2.mul(x, BETA_D);
    const bxlo = mulBetaErr64(x, bx);
    const neg = signMask64(bx);
    const a = v128.or(bx, i64x2.splat(SIGN64));
    const alo = v128.xor(bxlo, v128.andnot(i64x2.splat(SIGN64), neg));
    const tail = f64x2.lt(bx, f64x2.splat(TAIL64));
    const es = expNegTail64(a, alo, tail);
    const f = tailFactor64(tail);
    const l = log1pUnit_f64x2_atanh_p7(f64x2.mul(es, f));
    const body = f64x2.add(f64x2.pmax(bx, f64x2.splat(0)), f64x2.add(l, v128.andnot(bxlo, neg)));
    const num = v128.bitselect(es, body, tail);
    const y = f64x2.mul(f64x2.div(num, BETA_D), f);
    return v128.bitselect(x, y, f64x2.gt(bx, THRESHOLD_D));
  }
}

export function softplus_f64(src: usize, dst: usize, n: i32, beta: f64, threshold: f64): void {
  setSoftplus64(beta, threshold);
  if (beta == 1.0) mapUnary<f64, Softplus1_64>(src, dst, n);
  else mapUnary<f64, SoftplusBeta64>(src, dst, n);
}

/**
 * dy·σ(beta·x), dy where x·beta > threshold; where beta·x < −600 (e < 2^−865, 1 + e = 1) the lanes are
 * dy·exp(bx + bxlo) from dyTimesCExpDeep64 (grad-tail.ts), for any finite dy.
 */
@final class SoftplusGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const bx = f64x2.mul(x, BETA_D);
    const bxlo = mulBetaErr64(x, bx); // 0 for beta = 1
    const neg = signMask64(bx);
    const alo = v128.xor(bxlo, v128.andnot(i64x2.splat(SIGN64), neg));
    const e = expNegLo_f64x2_rr2_p11(v128.or(bx, i64x2.splat(SIGN64)), alo);
    const num = v128.bitselect(e, f64x2.splat(1.0), neg);
    const over = f64x2.gt(bx, THRESHOLD_D);
    let r = v128.bitselect(dy, f64x2.div(f64x2.mul(dy, num), f64x2.add(e, f64x2.splat(1.0))), over);
    const tail = v128.andnot(f64x2.lt(bx, f64x2.splat(TAIL64)), over);
    if (v128.any_true(tail)) r = v128.bitselect(dyTimesCExpDeep64(bx, bxlo, f64x2.splat(1.0), dy), r, tail);
    return r;
  }
}

export function softplus_grad_f64(x: usize, dy: usize, dst: usize, n: i32, beta: f64, threshold: f64): void {
  setSoftplus64(beta, threshold);
  mapBinary<f64, SoftplusGrad64>(x, dy, dst, n);
}

/** logSigmoid: (min(x, 0) − log1p(exp(−|x|))) with the sign bit set (see LogSigmoid). */
@final class LogSigmoid64 {
  @inline apply(x: v128): v128 {
    const e = expNeg_f64x2_rr2_p11(v128.or(x, i64x2.splat(SIGN64)));
    const y = f64x2.sub(f64x2.pmin(x, f64x2.splat(0)), log1pUnit_f64x2_atanh_p7(e));
    return v128.or(y, i64x2.splat(SIGN64));
  }
}

export function log_sigmoid_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, LogSigmoid64>(src, dst, n);
}

/** dy·σ(−x) = dy·(x > 0 ? e : 1)/(1 + e); above 600, dy·exp(−x) from dyTimesCExpDeep64. */
@final class LogSigmoidGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    const na = v128.or(x, i64x2.splat(SIGN64));
    const e = expNeg_f64x2_rr2_p11(na);
    const num = v128.bitselect(e, f64x2.splat(1.0), f64x2.gt(x, f64x2.splat(0)));
    let r = f64x2.div(f64x2.mul(dy, num), f64x2.add(e, f64x2.splat(1.0)));
    const tail = f64x2.gt(x, f64x2.splat(-TAIL64));
    if (v128.any_true(tail)) r = v128.bitselect(dyTimesCExpDeep64(na, f64x2.splat(0), f64x2.splat(1.0), dy), r, tail);
    return r;
  }
}

export function log_sigmoid_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, LogSigmoidGrad64>(x, dy, dst, n);
}

/** mish, f64: the f32 kernel's formulas (Mish) in f64, e scaled below −600. */
@final class Mish64 {
  @inline apply(x: v128): v128 {
    const neg = signMask64(x);
    const tail = f64x2.lt(x, f64x2.splat(TAIL64));
    const es = expNegTail64(v128.or(x, i64x2.splat(SIGN64)), f64x2.splat(0), tail);
    const f = tailFactor64(tail);
    const t = f64x2.mul(es, f);
    const t2 = f64x2.add(t, t);
    const numN = f64x2.add(f64x2.add(es, es), f64x2.mul(es, t));
    const denN = f64x2.add(f64x2.add(t2, f64x2.mul(t, t)), f64x2.splat(2.0));
    const numP = f64x2.add(t2, f64x2.splat(1.0));
    const denP = f64x2.add(numP, f64x2.mul(t2, t));
    const r = f64x2.div(v128.bitselect(numN, numP, neg), v128.bitselect(denN, denP, neg));
    return f64x2.mul(f64x2.mul(f64x2.pmax(x, f64x2.splat(-1000.0)), r), f);
  }
}

export function mish_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, Mish64>(src, dst, n);
}

/**
 * mish', f64: dy·m·A/D² (see MishGrad), with the rounding errors that f64 cannot hide carried along:
 *   x <= 0: A = h + t·S, h = 4(1 + x), S = (6 + 4x) + t(4 + t): the expanded form removes the large
 *     common part of P·D and 4x(1 + t) (both ≈ 4 at x ≈ −1), t·S is formed exactly (Dekker) and h + t·S
 *     as a two-sum, so near A's zero (x = −1.19) only S's own roundings remain (t·2^-52 absolute);
 *     D² with D = 2 + w, w = t(2 + t), both in double-double (D's error would count twice in D²).
 *   x > 0: g = 1 + t²·(4x(1 + t) − 2D)/D², D = 1 + 2t + 2t² (= A/D², A = P·D + 4x·t²(1 + t),
 *     P = 1 + 2t, rewritten as 1 + a correction whose rounding errors are damped by its size).
 * Then dy·m·(A_hi + A_lo)/(D²_hi + D²_lo) with m = t (x <= 0) or 1. x clamped to [−1000, 1000].
 * Max error: 3 ULP away from the zero at x = −1.19 (measured), absolute near it.
 */
@final class MishGrad64 {
  apply2(x: v128, dy: v128): v128 {
    const neg = signMask64(x);
    const t = expNeg_f64x2_rr2_p11(v128.or(x, i64x2.splat(SIGN64)));
    const es = t;
    const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-1000.0)), f64x2.splat(1000.0));
    const x4 = f64x2.mul(xc, f64x2.splat(4.0));
    const two = f64x2.splat(2.0);
    // x <= 0: A = h + t·S
    const h = f64x2.mul(f64x2.add(xc, f64x2.splat(1.0)), f64x2.splat(4.0));
    const sv = f64x2.add(f64x2.add(x4, f64x2.splat(6.0)), f64x2.mul(t, f64x2.add(t, f64x2.splat(4.0))));
    const pt = f64x2.mul(t, sv);
    const pte = mulErr64(t, sv, pt);
    const ah = f64x2.add(h, pt);
    let bb = f64x2.sub(ah, h);
    const al = f64x2.add(f64x2.add(f64x2.sub(h, f64x2.sub(ah, bb)), f64x2.sub(pt, bb)), pte);
    // D² = (2 + w)², w = t(2 + t): 2 + t (Fast2Sum, 2 >= t), w, D (two-sum), D² in double-double
    const s2 = f64x2.add(two, t);
    const s2e = f64x2.sub(t, f64x2.sub(s2, two));
    const w = f64x2.mul(t, s2);
    const we = f64x2.add(mulErr64(t, s2, w), f64x2.mul(t, s2e));
    const dh = f64x2.add(two, w);
    bb = f64x2.sub(dh, two);
    const dl = f64x2.add(f64x2.add(f64x2.sub(two, f64x2.sub(dh, bb)), f64x2.sub(w, bb)), we);
    const q = f64x2.mul(dh, dh);
    const qe = f64x2.add(mulErr64(dh, dh, q), f64x2.mul(f64x2.add(dh, dh), dl));
    // dy·(t·(A/D²)): f' first (normal for x >= −600), then one product with dy, which neither overflows
    // (A ~ 4: dy·t·A could where the result does not) nor rounds into the subnormal range before the end
    const gN = f64x2.mul(dy, f64x2.mul(es, f64x2.div(f64x2.add(ah, al), f64x2.add(q, qe))));
    // x > 0: 1 + t²(4x(1 + t) − 2D)/D²
    const t2 = f64x2.add(t, t);
    const dP = f64x2.add(f64x2.add(t2, f64x2.splat(1.0)), f64x2.mul(t2, t));
    const c = f64x2.div(f64x2.mul(f64x2.mul(t, t), f64x2.sub(f64x2.mul(x4, f64x2.add(t, f64x2.splat(1.0))), f64x2.add(dP, dP))), f64x2.mul(dP, dP));
    const gP = f64x2.add(dy, f64x2.mul(dy, c));
    let r = v128.bitselect(gN, gP, neg);
    // below −600 (t < 2^−865: mish' = t(1 + x) to 2^−800 relative), dy·(1 + x)·exp(x), for any finite dy
    const tail = f64x2.lt(x, f64x2.splat(TAIL64));
    if (v128.any_true(tail)) r = v128.bitselect(dyTimesCExpDeep64(x, f64x2.splat(0), f64x2.add(f64x2.pmax(x, f64x2.splat(-1500.0)), f64x2.splat(1.0)), dy), r, tail);
    return r;
  }
}

export function mish_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, MishGrad64>(x, dy, dst, n);
}
