// exp(x) for x <= 0 over f32x4: rr2 (two-constant ln2 range reduction), p6 (degree-6 polynomial),
// with the scale 2^n applied in one rounding so that subnormal results keep full relative accuracy.
//
// Every kernel that needs exp needs it only for x <= 0 (sigmoid, softmax, softplus, elu … all evaluate
// exp(-|x|) or exp(x - max)), which is what makes the subnormal trick below possible.
//
// Algorithm
//   n = round(x / ln2) by the magic-number trick: z = x·log2(e) + MAGIC, MAGIC = 1.5·2^23 + 191.
//     In [2^23, 2^24) float spacing is 1, so the addition rounds x·log2(e) to an integer, and the low
//     mantissa bits of z hold n + 191 ∈ [41, 191]. Shifting z's bits left by 23 drops the rest and puts
//     n + 191 into the exponent field: s = 2^(n + 64) with no float→int conversion (cheaper in V8 than
//     nearest + trunc_sat, which lower to ~5 instructions each).
//   r = x − n·LN2_HI − n·LN2_LO, |r| <= ln2/2 (+ a rounding): LN2_HI has 9 trailing zero bits, so
//     n·LN2_HI is exact for |n| <= 2^8 and x − n·LN2_HI is exact (Sterbenz).
//   exp(r) ≈ 1 + r + r²·(C2 + C3·r + C4·r² + C5·r³ + C6·r⁴), a near-minimax fit whose relative error
//     is 3.1e-9 (0.03 ULP) on [−ln2/2, ln2/2] (scripts/fit-poly.mjs 'exp-f32-p6').
//   exp(x) = 2^n · exp(r) = s · (2^−64 · exp(r)). All coefficients are pre-scaled by 2^−64 (exact), so
//     the product s · p is the only rounding that can land in the subnormal range: exp(−100) is
//     3.72e−44 to within an ULP, not flushed to 0 (tfjs flushes below −87).
// Special values, with masks, not branches
//   x is clamped below at −104 (exp(−104) < 2^−150 rounds to +0), with pmax(x, −104): pmax returns its
//   first operand when the comparison is false, so NaN passes through, and −Infinity gives +0.
//   x = −0 gives 1. Inputs > 0 are outside the domain (s overflows for n > 63).
// Max error: 1.12 ULP (expNeg) and 1.13 ULP (expNegLo) over x in [−104, 0], measured by
// scripts/math-probe/check.mjs (polynomial 0.03 ULP; the last Horner additions and the product by s
// one rounding each). The sigmoid and softmax bounds in the tests enforce what the kernels build on it.

import { madd_f32x4, nmadd_f32x4 } from './madd';

export const MAGIC: f32 = 12583103.0; // 0x4B4000BF = 1.5·2^23 + 127 + 64
export const LOG2E: f32 = reinterpret<f32>(0x3FB8AA3B); // log2(e) rounded to f32
const LN2_HI: f32 = reinterpret<f32>(0x3F317200); // ln2 high part, 9 trailing zeros: n·LN2_HI exact
const LN2_LO: f32 = reinterpret<f32>(0x35BFBE8E); // ln2 − LN2_HI, rounded
const X_MIN: f32 = -104.0; // below ln(2^−150) = −103.97, exp rounds to +0
const TWO_M64: f32 = reinterpret<f32>(0x1F800000); // 2^−64
// exp(r) − 1 − r ≈ r²·(C2 + … + C6·r⁴); scripts/fit-poly.mjs 'exp-f32-p6', then ×2^−64 (exact).
export const C2: f32 = reinterpret<f32>(0x3EFFFFFE) * TWO_M64; // 0.49999994
export const C3: f32 = reinterpret<f32>(0x3E2AAA49) * TWO_M64; // 0.16666521
export const C4: f32 = reinterpret<f32>(0x3D2AAC79) * TWO_M64; // 0.041668389
export const C5: f32 = reinterpret<f32>(0x3C091CEA) * TWO_M64; // 0.0083687101
export const C6: f32 = reinterpret<f32>(0x3AB51224) * TWO_M64; // 0.0013814610

/**
 * exp(x + xlo) for x <= 0, where xlo is a small correction (|xlo| <= ulp(x)) that the caller knows
 * exactly: softmax passes the rounding error of x − max (a two-sum) so that exp sees the exact
 * difference. Where there is none, call expNeg_f32x4_rr2_p6 instead.
 */
@inline export function expNegLo_f32x4_rr2_p6(x: v128, xlo: v128): v128 {
  return expCore(x, xlo, true, f32x4.splat(X_MIN), f32x4.splat(MAGIC));
}

/** exp(x) for x <= 0 (NaN passes, −Infinity gives +0). */
@inline export function expNeg_f32x4_rr2_p6(x: v128): v128 {
  return expCore(x, f32x4.splat(0), false, f32x4.splat(X_MIN), f32x4.splat(MAGIC));
}

/**
 * r − n·LN2_LO (+ xlo where hasLo), the second step of the reduction. With xlo it is
 * r − (n·LN2_LO − xlo); the relaxed build computes r + (xlo − n·LN2_LO), the same bits when its nmadd
 * is unfused (negation is exact) and one rounding fewer when fused.
 */
@inline function reduceLo(r: v128, n: v128, xlo: v128, hasLo: bool): v128 {
  if (!hasLo) return nmadd_f32x4(n, f32x4.splat(LN2_LO), r);
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.add(r, nmadd_f32x4(n, f32x4.splat(LN2_LO), xlo));
  return f32x4.sub(r, f32x4.sub(f32x4.mul(n, f32x4.splat(LN2_LO)), xlo));
}

/**
 * The reduced argument r = x + xlo − n·ln2, n = z − magic (z = x·log2(e) + magic), for this core and
 * its split form. hasLo is a constant at every call, so the xlo term is compiled only where there is
 * one: binaryen does not fold a vector subtraction of a zero constant, so passing xlo = 0 would keep a
 * useless f32x4.sub in every kernel (n·LN2_LO − 0 is n·LN2_LO exactly: dropping it changes no bit).
 */
@inline export function expReduce_f32x4(x: v128, xlo: v128, z: v128, magic: v128, hasLo: bool): v128 {
  const n = f32x4.sub(z, magic);
  const r = nmadd_f32x4(n, f32x4.splat(LN2_HI), x); // n·LN2_HI is exact: fused or not, the same r
  return reduceLo(r, n, xlo, hasLo);
}

/** p = 2^−64·exp(r) ≈ 2^−64·(1 + r + r²·(C2 + … + C6·r⁴)), Horner on the pre-scaled coefficients. */
@inline export function expPoly_f32x4_p6(r: v128): v128 {
  let p = madd_f32x4(f32x4.splat(C6), r, f32x4.splat(C5));
  p = madd_f32x4(p, r, f32x4.splat(C4));
  p = madd_f32x4(p, r, f32x4.splat(C3));
  p = madd_f32x4(p, r, f32x4.splat(C2));
  p = madd_f32x4(p, r, f32x4.splat(TWO_M64));
  return madd_f32x4(p, r, f32x4.splat(TWO_M64));
}

/** The core; xmin and magic are splats: X_MIN and MAGIC here, a row's own in expShift_f32x4_rr2_p6. */
@inline function expCore(x: v128, xlo: v128, hasLo: bool, xmin: v128, magic: v128): v128 {
  const xc = f32x4.pmax(x, xmin);
  const z = madd_f32x4(xc, f32x4.splat(LOG2E), magic);
  const s = i32x4.shl(z, 23); // 2^(n + 64), or 2^(n − j + 64) for a shifted magic
  return f32x4.mul(s, expPoly_f32x4_p6(expReduce_f32x4(xc, xlo, z, magic, hasLo)));
}

// ---- exp(x − j·ln2): the shifted form for softmax rows ----
//
// softmax(x) = exp(x − M)/sum(exp(x − M)) for any shift M; the max m is the usual one, but then
// exp sees fl(x − m), whose rounding needs a two-sum (6 more instructions a vector) to stay within an
// ULP. With M = j·ln2, j = ceil(m·log2(e)), nothing is rounded before the reduction:
//   exp(x − j·ln2) = 2^(n − j)·exp(r), n = round(x/ln2), r = x − n·ln2,
// the reduction of x itself, exact as in exp(x) (x is an input float). The −j goes into the magic
// number, MAGIC − j, so that the shifted exponent bits give 2^(n − j + 64) directly and n = z − (MAGIC − j)
// as before. Domain: |m| <= EXP_SHIFT_M_MAX, so that every x the clamp lets through, in
// [j·ln2 − 110, m], has |n| <= 506 < 2^9 (n·LN2_HI exact) and n − j + 191 in [31, 192] (a valid
// exponent field, read by the shift): callers outside it use expNegLo (x − m and its two-sum).
// Max error: that of expNeg (1.12 ULP), measured on softmax's outputs (see softmax.ts).

/** ln2 in f64, for the shift j·ln2 (the clamp here; exp(m − j·ln2) in softmax.ts). */
export const LN2_F64: f64 = 0.6931471805599453;

/** Largest |m| (the row's max) for which expShift's reduction is exact (|n| < 2^9: 350·log2(e) = 505). */
export const EXP_SHIFT_M_MAX: f32 = 240.0;

/** j = ceil(m·log2(e)) for a row max |m| <= EXP_SHIFT_M_MAX: the row's shift is M = j·ln2 >= m. */
@inline export function expShiftJ(m: f32): i32 {
  return <i32>Mathf.ceil(m * LOG2E);
}

/** The magic number of shift j: MAGIC − j (an integer in [2^23, 2^24), exact). */
@inline export function expShiftMagic(j: i32): v128 {
  return f32x4.splat(MAGIC - <f32>j);
}

/**
 * The clamp of shift j: x below it gives exp(x − j·ln2) < exp(−110) (rounds to +0), so −Infinity and
 * far-below elements end up exactly 0 without a test of their own (the f32 rounding of j·ln2 − 110.5
 * moves it by less than 2^−15).
 */
@inline export function expShiftXMin(j: i32): v128 {
  return f32x4.splat(<f32>(<f64>j * LN2_F64 - 110.5));
}

/** exp(x − j·ln2) for x <= m (the row's max; NaN passes, x below the clamp gives +0). */
@inline export function expShift_f32x4_rr2_p6(x: v128, xmin: v128, magic: v128): v128 {
  return expCore(x, f32x4.splat(0), false, xmin, magic);
}
