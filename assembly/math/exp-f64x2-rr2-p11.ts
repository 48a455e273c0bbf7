// exp(x) for x <= 0 over f64x2: rr2 (two-constant ln2 range reduction), p11 (degree-11 polynomial),
// with the scale 2^n applied in one rounding so that subnormal results keep full relative accuracy.
// The f64 sibling of exp-f32x4-rr2-p6.ts: same algorithm, same special values.
//
// Algorithm
//   n = round(x / ln2) by the magic-number trick: t = x·log2(e) + MAGIC, MAGIC = 1.5·2^52 + 1023 + 64.
//     In [2^52, 2^53) double spacing is 1, so the addition rounds x·log2(e) to an integer and the low
//     mantissa bits of t hold n + 1087 ∈ [11, 1087]; i64x2.shl(t, 52) moves them into the exponent field:
//     s = 2^(n + 64), with no float→int conversion (f64x2 has none for i64 lanes anyway).
//   r = x − n·LN2_HI − (n·LN2_LO − xlo), |r| <= ln2/2 (+ |xlo|): LN2_HI (fdlibm's ln2_hi) has 21 trailing
//     zero bits, so n·LN2_HI is exact for |n| < 2^21 and x − n·LN2_HI is exact (Sterbenz); LN2_HI + LN2_LO
//     is ln2 to 2^-85, and n·LN2_LO rounds by less than 2^-65 for |n| <= 1076.
//   exp(r) ≈ 1 + r + r²·(C2 + C3·r + … + C11·r⁹), a near-minimax fit (Lawson in double-double) whose
//     relative error is 1.05e−17 (0.09 ULP) with the f64 coefficients on [−ln2/2 − 2^-14, ln2/2 + 2^-14]
//     (scripts/fit-poly.mjs 'exp-f64-p11'; the margin admits a caller's |xlo| up to 6e−5, e.g. the
//     split of z² in erfc-f64x2-a89). Degree 10 would leave 2.2e−16 (2 ULP): 11 is the least.
//   exp(x) = 2^n · exp(r) = s · (2^−64 · exp(r)). All coefficients are pre-scaled by 2^−64 (exact), so
//     the product s · p is the only rounding that can land in the subnormal range: exp(−740) is
//     4.2e−322 to within an ULP (2^-1074), not flushed to 0.
// Special values, with masks, not branches
//   x is clamped below at −746 (exp(−746) < 2^−1075 rounds to +0) with pmax(x, −746): pmax returns its
//   first operand when the comparison is false, so NaN passes through, and −Infinity gives +0.
//   x = −0 gives 1. Inputs > 0 are outside the domain (s overflows for n > 959).
// Max error (scripts/math-probe/check.mjs --n=1e7, against test/reference/dd.mjs, random points uniform
// in value and in bit pattern over [−746, 0], dense near 0 and in the subnormal range):
//   expNeg      1.198 ULP at x = −12.8114558 (got 2.72932610e−6, want 2.7293260977e−6), 1e7 points
//   expNegLo    1.181 ULP (|xlo| <= 6e−5), expNegLoMul 1.470 ULP (y in [−8, 8]), 5e6 points each
//   Never more than 1 from the correctly rounded result; subnormal results within 1 of it as well.
//   Cost: 33 SIMD instructions a vector (2 lanes), no division.

const MAGIC: f64 = 6755399441056831.0; // 0x4338_0000_0000_043F = 1.5·2^52 + 1023 + 64
export const LOG2E: f64 = reinterpret<f64>(0x3FF71547652B82FE); // log2(e) rounded
const LN2_HI: f64 = reinterpret<f64>(0x3FE62E42FEE00000); // 6.93147180369123816490e−01, 21 trailing zeros
const LN2_LO: f64 = reinterpret<f64>(0x3DEA39EF35793C76); // 1.90821492927058770002e−10 = ln2 − LN2_HI
const X_MIN: f64 = -746.0; // below ln(2^−1075) = −745.13, exp rounds to +0
const TWO_M64: f64 = reinterpret<f64>(0x3BF0000000000000); // 2^−64
// exp(r) − 1 − r ≈ r²·(C2 + … + C11·r⁹); scripts/fit-poly.mjs 'exp-f64-p11'. The cores use them
// pre-scaled by a power of two (exact): see expPoly_f64x2_p11.
const C2: f64 = reinterpret<f64>(0x3FE000000000000A); // 0.50000000000000111
const C3: f64 = reinterpret<f64>(0x3FC55555555554FA); // 0.16666666666666413
const C4: f64 = reinterpret<f64>(0x3FA555555555086D); // 0.041666666666530051
const C5: f64 = reinterpret<f64>(0x3F81111111127C1E); // 0.0083333333334945602
const C6: f64 = reinterpret<f64>(0x3F56C16C1842D91A); // 0.0013888888943661194
const C7: f64 = reinterpret<f64>(0x3F2A01A012A4C3CF); // 0.00019841269506451354
const C8: f64 = reinterpret<f64>(0x3EFA0199A02ABE26); // 0.000024801493064328721
const C9: f64 = reinterpret<f64>(0x3EC71DF255BE4287); // 0.0000027557586416776490
const C10: f64 = reinterpret<f64>(0x3E928AD7C007D6D4); // 2.7630261459299078e−7
const C11: f64 = reinterpret<f64>(0x3E5AD7F77C7BE928); // 2.5000069374893432e−8

/**
 * scale·(C2 + C3·r + … + C11·r⁹) by Horner, every coefficient multiplied by `scale` (a power of two, a
 * constant at each call: the products are exact and fold into the constants). The one polynomial of
 * this core, its Mul form and the split exp (exp-f64x2-rr2-p11-split.ts).
 */
@inline export function expPoly_f64x2_p11(r: v128, scale: f64): v128 {
  let p = f64x2.add(f64x2.mul(f64x2.splat(C11 * scale), r), f64x2.splat(C10 * scale));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(C9 * scale));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(C8 * scale));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(C7 * scale));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(C6 * scale));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(C5 * scale));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(C4 * scale));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(C3 * scale));
  return f64x2.add(f64x2.mul(p, r), f64x2.splat(C2 * scale));
}


/**
 * exp(x + xlo) for x <= 0, where xlo is a small correction (|xlo| <= 6e−5, typically <= ulp(x)) that the
 * caller knows exactly: the rounding error of x − max in softmax, or the low part of −z² in erfc.
 * Where there is none, call expNeg_f64x2_rr2_p11 instead.
 */
@inline export function expNegLo_f64x2_rr2_p11(x: v128, xlo: v128): v128 {
  return expCore(x, xlo, true);
}

/**
 * The reduced argument r = x + xlo − n·ln2 (n = t − MAGIC, the rounded x·log2(e)), for this core, its
 * Mul form and the split exp. hasLo is a constant at every call, so the xlo term is compiled only
 * where there is one: binaryen does not fold a vector subtraction of a zero constant (n·LN2_LO − 0 is
 * n·LN2_LO exactly: dropping it changes no bit).
 */
@inline export function expReduce_f64x2(x: v128, xlo: v128, n: v128, hasLo: bool): v128 {
  const r = f64x2.sub(x, f64x2.mul(n, f64x2.splat(LN2_HI)));
  return reduceLo(r, n, xlo, hasLo);
}

/** r − n·LN2_LO (+ xlo where hasLo), the second step of the reduction. */
@inline function reduceLo(r: v128, n: v128, xlo: v128, hasLo: bool): v128 {
  const nlo = f64x2.mul(n, f64x2.splat(LN2_LO));
  return f64x2.sub(r, hasLo ? f64x2.sub(nlo, xlo) : nlo);
}

@inline function expCore(x: v128, xlo: v128, hasLo: bool): v128 {
  const xc = f64x2.pmax(x, f64x2.splat(X_MIN));
  const t = f64x2.add(f64x2.mul(xc, f64x2.splat(LOG2E)), f64x2.splat(MAGIC));
  const s = i64x2.shl(t, 52); // 2^(n + 64)
  const n = f64x2.sub(t, f64x2.splat(MAGIC));
  const r = expReduce_f64x2(xc, xlo, n, hasLo);
  let p = expPoly_f64x2_p11(r, TWO_M64);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(TWO_M64));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(TWO_M64));
  return f64x2.mul(s, p);
}

/**
 * y·exp(x + xlo) for x <= 0 with a single rounding of size half an ULP: exp(r) is kept as 1 + q,
 * q = r + r²·(C2 + … + C11·r⁹) (|q| <= 0.42), and the result is s·(y' + y'·q) with y' = y·2^-64 (exact),
 * so neither 1 + q nor the product by y is rounded on its own. For callers that multiply exp by a
 * factor anyway (erfc's exp(−z²)·R(z), a softmax's scale): measured 1.47 ULP for y·exp(x), against
 * 1.2 ULP for exp alone plus half an ULP for a separate product by y.
 * |y| must be below 2^960 and above 2^-958 (so that y' is neither infinite nor subnormal).
 */
@inline export function expNegLoMul_f64x2_rr2_p11(x: v128, xlo: v128, y: v128): v128 {
  return expMulCore(x, xlo, y, true);
}

/** y·exp(x) for x <= 0, rounded once (expNegLoMul_f64x2_rr2_p11 without a correction). */
@inline export function expNegMul_f64x2_rr2_p11(x: v128, y: v128): v128 {
  return expMulCore(x, f64x2.splat(0), y, false);
}

@inline function expMulCore(x: v128, xlo: v128, y: v128, hasLo: bool): v128 {
  const xc = f64x2.pmax(x, f64x2.splat(X_MIN));
  const t = f64x2.add(f64x2.mul(xc, f64x2.splat(LOG2E)), f64x2.splat(MAGIC));
  const s = i64x2.shl(t, 52); // 2^(n + 64)
  const n = f64x2.sub(t, f64x2.splat(MAGIC));
  const r = expReduce_f64x2(xc, xlo, n, hasLo);
  const g = expPoly_f64x2_p11(r, 1.0);
  const q = f64x2.add(f64x2.mul(f64x2.mul(r, r), g), r); // exp(r) − 1
  const ys = f64x2.mul(y, f64x2.splat(TWO_M64));
  return f64x2.mul(s, f64x2.add(f64x2.mul(ys, q), ys));
}

/** exp(x) for x <= 0 (NaN passes, −Infinity gives +0). */
@inline export function expNeg_f64x2_rr2_p11(x: v128): v128 {
  return expCore(x, f64x2.splat(0), false);
}
