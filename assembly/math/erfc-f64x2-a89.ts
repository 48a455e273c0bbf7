// erfc(z) over f64x2 with relative accuracy down to the underflow (z ≈ 27.23), and erf(x):
//   z >= 0.5: erfc(z) = exp(−z²) / (√π·z + A(z)), A a rational P8/Q9, exp(−z²) from exp-f64x2-rr2-p11
//             fed the exact split of z² and the factor 1/(√π·z + A) (rounded once with it);
//   z < 0.5:  erfc(z) = 1 − erf(z), erf(z) = z + z·g(z²).
//
// Callers: exact GELU on Float64Array, gelu(x) = x·Φ(x) = ½·x·erfc(−x/√2); its negative tail needs Φ
// relative to itself: erfcSqrtHalfPosMul_f64x2_a89(a, m) = m·erfc(a/√2) takes a itself (a/√2 is never
// rounded: −a²/2 is split exactly and A is fitted in a) and the factor m (= ½·x) inside the one rounding.
//
// Why this form: the plain erfc(z) = exp(−z²)·P10(z)/Q11(z) (one rational for all of [0, 27.3], fit error
// 0.2 ULP) measured 5.4 ULP for the ratio alone: every coefficient is positive, the Horner partial sums
// at z ≈ 13 are all of the order of the result, and their ~40 roundings add up (Estrin: 2.7 ULP). In
// 1/(√π·z + A(z)), √π·z carries the value and A is a correction whose weight A/(√π·z + A) falls from
// 0.45 at z = 0.5 to 1/(2z²): A's rounding errors are damped where its Horner sum is top-heavy. Below
// z = 0.5, where A would dominate, 1 − erf(z) loses nothing (erfc >= 0.48).
//
// Algorithm (z >= 0; z clamped to 27.3 with pmin first: erfc(27.3) < 2^-1075 rounds to +0, +Infinity
// gives +0, NaN passes)
//   Square: zh = z with its low 27 mantissa bits cleared (26 significant bits), zl = z − zh (exact);
//     z² = zh² + zl·(z + zh), zh² exact. X = −zh², xlo = −zl·(z + zh), |xlo| <= 4.4e−5 (inside the
//     margin of the exp fit); xlo's rounding is below 2^-67.
//   A(z) = 1/erfcx(z) − √π·z ≈ P8(z)/Q9(z) (Loeb–Lawson fit in double-double on [0.5, 27.3], error
//     relative to √π·z + A: 2.0e−17 = 0.18 ULP, scripts/fit-poly.mjs 'erfc-f64-a89'); √π = SP_HI + SP_LO.
//   y = m / (SP_HI·z + (SP_LO·z + A)), then erfc·m = expNegLoMul_f64x2_rr2_p11(X, xlo, y) (one rounding,
//     subnormal results included).
//   z < 0.5: m·(1 − (z + z·g(z²))), g of degree 8 in z² (relative error 1.3e−17, 'erf-small-f64-p17').
// erfc(x) for x < 0: 2 − erfc(−x). erf(x): |x| < 0.5: x + x·g(x²); else 1 − erfc(|x|); sign of x copied
//   back (erf(−0) = −0, NaN passes).
// Max error: TODO-MEASURE

import { expNegLoMul_f64x2_rr2_p11 } from './exp-f64x2-rr2-p11';

const SIGN: i64 = 0x8000000000000000 as i64;
const ABS: i64 = 0x7FFFFFFFFFFFFFFF;
const HI26: i64 = 0xFFFFFFFFF8000000 as i64; // keeps 26 significant bits: zh² is exact
const Z_MAX: f64 = 27.3; // erfc(27.3) = 1.7e−325 < 2^-1075: rounds to +0
const A_MAX: f64 = 38.61; // 27.3·√2, for erfc(a/√2)
const SPLIT: f64 = 0.5; // below: 1 − erf(z)
const SPLIT_A: f64 = reinterpret<f64>(0x3FE6A09E667F3BCD); // √½: a < √½ is z = a/√2 < 0.5
const SQRT1_2: f64 = reinterpret<f64>(0x3FE6A09E667F3BCD);
const SP_HI: f64 = reinterpret<f64>(0x3FFC5BF891B4EF6B); // √π = SP_HI + SP_LO to 2^-106
const SP_LO: f64 = reinterpret<f64>(0xBC9618F13EB7CA89);
const SPH_HI: f64 = reinterpret<f64>(0x3FF40D931FF62706); // √(π/2) = SPH_HI + SPH_LO
const SPH_LO: f64 = reinterpret<f64>(0xBC9A6A0D6F814638);
// A(z) = 1/erfcx(z) − √π·z ≈ P(z)/Q(z), Q = 1 + q1 z + … + q9 z⁹; scripts/fit-poly.mjs 'erfc-f64-a89'.
const P0: f64 = reinterpret<f64>(0x3FF000000006DD1B); // 1.0000000000998799
const P1: f64 = reinterpret<f64>(0x3FFAEFAED2E49123); // 1.6835163343431041
const P2: f64 = reinterpret<f64>(0x3FF70F8920007CAC); // 1.4412928819727240
const P3: f64 = reinterpret<f64>(0x3FE961CA48109595); // 0.79318727564957447
const P4: f64 = reinterpret<f64>(0x3FD363794C0C4B57); // 0.30294639994206335
const P5: f64 = reinterpret<f64>(0x3FB4F42255ACD5C0); // 0.081850191036969555
const P6: f64 = reinterpret<f64>(0x3F8F59B305A40EF6); // 0.015307806596417600
const P7: f64 = reinterpret<f64>(0x3F5DF838FB5A51E9); // 0.0018292004073475704
const P8: f64 = reinterpret<f64>(0x3F1CBD3557F57B88); // 0.00010963094790870768
const Q1: f64 = reinterpret<f64>(0x40029EE80A5BFF13); // 2.3275910195660656
const Q2: f64 = reinterpret<f64>(0x4005566ABD729033); // 2.6671957779490412
const Q3: f64 = reinterpret<f64>(0x3FFF16088FD989D7); // 1.9428792590266448
const Q4: f64 = reinterpret<f64>(0x3FEF7F38896C37A6); // 0.98427988853812987
const Q5: f64 = reinterpret<f64>(0x3FD6F8A3B15B1999); // 0.35892574615390910
const Q6: f64 = reinterpret<f64>(0x3FB82C0BBF1AD93E); // 0.094422086864914129
const Q7: f64 = reinterpret<f64>(0x3F91D071CB42EB5F); // 0.017396715193835784
const Q8: f64 = reinterpret<f64>(0x3F60E8968BC982A4); // 0.0020640316345608856
const Q9: f64 = reinterpret<f64>(0x3F2036DC3E6E2AD9); // 0.00012370527766976980
// A(a) = 1/erfcx(a/√2) − √(π/2)·a ≈ S(a)/T(a); 'erfc-sqrthalf-f64-a89'.
const S0: f64 = reinterpret<f64>(0x3FF000000006DD34); // 1.0000000000998854
const S1: f64 = reinterpret<f64>(0x3FF30BFDDA22EAA0); // 1.1904276390984379
const S2: f64 = reinterpret<f64>(0x3FE70F8D506D9D10); // 0.72064843853596194
const S3: f64 = reinterpret<f64>(0x3FD1F2A652BB5E66); // 0.28043516234672550
const S4: f64 = reinterpret<f64>(0x3FB3637FE1779054); // 0.075736992402711423
const S5: f64 = reinterpret<f64>(0x3F8DA214946CEBF7); // 0.014469300059877439
const S6: f64 = reinterpret<f64>(0x3F5F59C34DC6C26C); // 0.0019134909881409990
const S7: f64 = reinterpret<f64>(0x3F253121F8A7BDDC); // 0.00016168155373417939
const S8: f64 = reinterpret<f64>(0x3EDCBD4B78F0DAF8); // 0.0000068520147485293307
const T1: f64 = reinterpret<f64>(0x3FFA556E6073A002); // 1.6458572166102390
const T2: f64 = reinterpret<f64>(0x3FF5566DB48282F7); // 1.3336007167019355
const T3: f64 = reinterpret<f64>(0x3FE5FB327095DF59); // 0.68691370000213248
const T4: f64 = reinterpret<f64>(0x3FCF7F412B8FE212); // 0.24607100131085297
const T5: f64 = reinterpret<f64>(0x3FB03E4318ADAC0F); // 0.063450044178964257
const T6: f64 = reinterpret<f64>(0x3F882C161F2BE98C); // 0.011802838159827876
const T7: f64 = reinterpret<f64>(0x3F59317E66EFD0DB); // 0.0015376791377522045
const T8: f64 = reinterpret<f64>(0x3F20E8A12F3EB9C2); // 0.00012900321564530802
const T9: f64 = reinterpret<f64>(0x3ED6EE459DE5C78E); // 0.0000054671167773900637
// erf(x) − x ≈ x·(E0 + E1 r + … + E8 r⁸), r = x², |x| < 0.5; 'erf-small-f64-p17'.
const E0: f64 = reinterpret<f64>(0x3FC06EBA8214DB68); // 0.12837916709551256 = 2/√π − 1
const E1: f64 = reinterpret<f64>(0xBFD812746B0379B3); // −0.37612638903183465
const E2: f64 = reinterpret<f64>(0x3FBCE2F21A03D68F); // 0.11283791670924813
const E3: f64 = reinterpret<f64>(0xBF9B82CE30F1F08E); // −0.026866170632715618
const E4: f64 = reinterpret<f64>(0x3F7565BCBF5E8DC2); // 0.0052239773703237086
const E5: f64 = reinterpret<f64>(0xBF4C02D4EA46A1D7); // −0.00085482975241740311
const E6: f64 = reinterpret<f64>(0x3F1F98D958FFAD54); // 0.00012053324303422835
const E7: f64 = reinterpret<f64>(0xBEEF2229756FBBBF); // −0.000014845583491377810
const E8: f64 = reinterpret<f64>(0x3EB8B392616FC2B0); // 0.0000014723212922140918

/** erf(a) for |a| < 0.5 (f64x2): a + a·g(a²). */
@inline function erfSmall(a: v128): v128 {
  const r = f64x2.mul(a, a);
  let g = f64x2.add(f64x2.mul(f64x2.splat(E8), r), f64x2.splat(E7));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E6));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E5));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E4));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E3));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E2));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E1));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E0));
  return f64x2.add(f64x2.mul(a, g), a);
}

/** m·erfc(z) for z in [0, 27.3] by the tail formula (accurate for z >= 0.5). */
@inline function mulErfcTail(z: v128, m: v128): v128 {
  let p = f64x2.add(f64x2.mul(f64x2.splat(P8), z), f64x2.splat(P7));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P6));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P5));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P4));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P3));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P2));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P1));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P0));
  let q = f64x2.add(f64x2.mul(f64x2.splat(Q9), z), f64x2.splat(Q8));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q7));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q6));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q5));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q4));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q3));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q2));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q1));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0));
  const den = f64x2.add(f64x2.mul(f64x2.splat(SP_HI), z), f64x2.add(f64x2.mul(f64x2.splat(SP_LO), z), f64x2.div(p, q)));
  const zh = v128.and(z, i64x2.splat(HI26));
  const zl = f64x2.sub(z, zh);
  const nzh = v128.or(zh, i64x2.splat(SIGN)); // −zh
  const x = f64x2.mul(nzh, zh); // −zh², exact
  const xlo = f64x2.mul(f64x2.sub(nzh, z), zl); // −zl·(z + zh)
  return expNegLoMul_f64x2_rr2_p11(x, xlo, f64x2.div(m, den));
}

/** m·erfc(z) for z >= 0, rounded once (+Infinity gives ±0, NaN passes). */
@inline export function erfcPosMul_f64x2_a89(z: v128, m: v128): v128 {
  const zc = f64x2.pmin(z, f64x2.splat(Z_MAX));
  const head = f64x2.mul(m, f64x2.sub(f64x2.splat(1.0), erfSmall(zc)));
  return v128.bitselect(head, mulErfcTail(zc, m), f64x2.lt(zc, f64x2.splat(SPLIT)));
}

/** erfc(z) for z >= 0 (+Infinity gives +0, NaN passes). */
@inline export function erfcPos_f64x2_a89(z: v128): v128 {
  const zc = f64x2.pmin(z, f64x2.splat(Z_MAX));
  const one = f64x2.splat(1.0);
  const head = f64x2.sub(one, erfSmall(zc));
  return v128.bitselect(head, mulErfcTail(zc, one), f64x2.lt(zc, f64x2.splat(SPLIT)));
}

/**
 * m·erfc(a/√2) for a >= 0, rounded once, without rounding a/√2 in the tail (below a = √½ it is
 * m·(1 − erf(a·√½)), where that rounding costs at most half an ULP). gelu(x) for x < 0 is
 * erfcSqrtHalfPosMul(−x, ½·x). |m| must stay within [2^-900, 2^900] (see expNegLoMul).
 */
@inline export function erfcSqrtHalfPosMul_f64x2_a89(a: v128, m: v128): v128 {
  const ac = f64x2.pmin(a, f64x2.splat(A_MAX));
  let p = f64x2.add(f64x2.mul(f64x2.splat(S8), ac), f64x2.splat(S7));
  p = f64x2.add(f64x2.mul(p, ac), f64x2.splat(S6));
  p = f64x2.add(f64x2.mul(p, ac), f64x2.splat(S5));
  p = f64x2.add(f64x2.mul(p, ac), f64x2.splat(S4));
  p = f64x2.add(f64x2.mul(p, ac), f64x2.splat(S3));
  p = f64x2.add(f64x2.mul(p, ac), f64x2.splat(S2));
  p = f64x2.add(f64x2.mul(p, ac), f64x2.splat(S1));
  p = f64x2.add(f64x2.mul(p, ac), f64x2.splat(S0));
  let q = f64x2.add(f64x2.mul(f64x2.splat(T9), ac), f64x2.splat(T8));
  q = f64x2.add(f64x2.mul(q, ac), f64x2.splat(T7));
  q = f64x2.add(f64x2.mul(q, ac), f64x2.splat(T6));
  q = f64x2.add(f64x2.mul(q, ac), f64x2.splat(T5));
  q = f64x2.add(f64x2.mul(q, ac), f64x2.splat(T4));
  q = f64x2.add(f64x2.mul(q, ac), f64x2.splat(T3));
  q = f64x2.add(f64x2.mul(q, ac), f64x2.splat(T2));
  q = f64x2.add(f64x2.mul(q, ac), f64x2.splat(T1));
  q = f64x2.add(f64x2.mul(q, ac), f64x2.splat(1.0));
  const den = f64x2.add(f64x2.mul(f64x2.splat(SPH_HI), ac), f64x2.add(f64x2.mul(f64x2.splat(SPH_LO), ac), f64x2.div(p, q)));
  const ah = v128.and(ac, i64x2.splat(HI26));
  const al = f64x2.sub(ac, ah);
  const nah = v128.or(ah, i64x2.splat(SIGN)); // −ah
  const half = f64x2.splat(0.5);
  const x = f64x2.mul(f64x2.mul(nah, ah), half); // −ah²/2, exact
  const xlo = f64x2.mul(f64x2.mul(f64x2.sub(nah, ac), al), half); // −al·(a + ah)/2
  const tail = expNegLoMul_f64x2_rr2_p11(x, xlo, f64x2.div(m, den));
  const head = f64x2.mul(m, f64x2.sub(f64x2.splat(1.0), erfSmall(f64x2.mul(ac, f64x2.splat(SQRT1_2)))));
  return v128.bitselect(head, tail, f64x2.lt(ac, f64x2.splat(SPLIT_A)));
}

/** erfc(x) for every x: 2 − erfc(−x) for x < 0 (−Infinity gives 2, NaN passes). */
@inline export function erfc_f64x2_a89(x: v128): v128 {
  const r = erfcPos_f64x2_a89(v128.and(x, i64x2.splat(ABS)));
  return v128.bitselect(f64x2.sub(f64x2.splat(2.0), r), r, f64x2.lt(x, f64x2.splat(0.0)));
}

/** erf(x) for every x (±Infinity gives ±1, NaN passes, −0 gives −0). */
@inline export function erf_f64x2_a89(x: v128): v128 {
  const a = v128.and(x, i64x2.splat(ABS));
  const ac = f64x2.pmin(a, f64x2.splat(Z_MAX));
  const one = f64x2.splat(1.0);
  const big = f64x2.sub(one, mulErfcTail(ac, one));
  const res = v128.bitselect(erfSmall(a), big, f64x2.lt(a, f64x2.splat(SPLIT)));
  return v128.or(res, v128.and(x, i64x2.splat(SIGN)));
}
