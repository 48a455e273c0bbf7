// erfc(z) over f64x2 with relative accuracy down to the underflow (z ≈ 27.23), and erf(x):
//   z >= 0.75: erfc(z) = exp(−z²) / (√π·z + A(z)), A a rational P8/Q9, exp(−z²) from exp-f64x2-rr2-p11
//              fed the exact split of z² and the factor 1/(√π·z + A), rounded once together;
//   z < 0.75:  erfc(z) = 1 − erf(z), erf(z) = z + z·g(z²) with the rounding of that sum recovered.
//
// Callers: exact GELU on Float64Array, gelu(x) = x·Φ(x) = ½·x·erfc(−x/√2); its negative tail needs Φ
// relative to itself: erfcSqrtHalfPosMul_f64x2_a89(a, m) = m·erfc(a/√2) takes a itself (a/√2 is never
// rounded: −a²/2 is split exactly, and A and the small-a erf are fitted in a) and the factor m (= ½·x)
// inside the final rounding.
//
// Why this form: the plain erfc(z) = exp(−z²)·P10(z)/Q11(z) (one rational for all of [0, 27.3], fit error
// 0.2 ULP) measured 5.4 ULP for the ratio alone: every coefficient is positive, the Horner partial sums
// at z ≈ 13 are all of the order of the result, and their ~40 roundings add up (Estrin: 2.7 ULP). In
// 1/(√π·z + A(z)) the product √π·z carries the value (computed exactly: zh·SP_HI) and A is a correction
// whose weight A/(√π·z + A) falls from 0.33 at z = 0.75 to 1/(2z²): A's rounding errors are damped where
// its Horner sum is top-heavy. Below 0.75, where A would dominate, 1 − erf(z) loses nothing.
//
// Algorithm (z >= 0; z clamped to 27.3 with pmin first: erfc(27.3) < 2^-1075 rounds to +0, +Infinity
// gives +0, NaN passes)
//   Square: zh = z with its low 27 mantissa bits cleared (26 significant bits), zl = z − zh (exact);
//     z² = zh² + zl·(z + zh), zh² exact. X = −zh², xlo = −zl·(z + zh), |xlo| <= 4.4e−5 (inside the
//     margin of the exp fit); xlo's rounding is below 2^-67.
//   A(z) = 1/erfcx(z) − √π·z ≈ P8(z)/Q9(z) (Loeb–Lawson fit in double-double on [0.75, 27.3], error
//     relative to √π·z + A: 2.1e−17 = 0.19 ULP, scripts/fit-poly.mjs 'erfc-f64-a89').
//   den = zh·SP_HI + (zl·SP_HI + z·SP_LO + A), √π = SP_HI + SP_LO with SP_HI of 25 bits: zh·SP_HI is exact,
//     so the value-carrying product is not rounded; y = m / den, then
//     erfc·m = expNegLoMul_f64x2_rr2_p11(X, xlo, y) (one rounding, subnormal results included).
//   z < 0.75: erf = z + z·g(z²), g of degree 10 in z² ('erf-small-f64-p21', 1.4e−17 relative to the
//     smaller of erf and erfc); hi = z + z·g and its rounding error lo (Fast2Sum), erfc = (1 − hi) − lo
//     with 1 − hi exact (Sterbenz), then ·m.
//   erfc(a/√2), a < 0.75·√2: erf(a/√2) = ah·C_HI (exact) + (al·C_HI + a·C_LO + a·h(a²)), √(2/π) = C_HI +
//     C_LO, h of degree 10 ('erf-sqrthalf-small-f64-p21'); same 1 − (hi + lo). For a >= 0.75·√2 the tail
//     formula with √(π/2) and A fitted in a ('erfc-sqrthalf-f64-a89'), exponent −a²/2 split exactly.
// erfc(x) for x < 0: 2 − erfc(−x). erf(x): |x| < 0.75: x + x·g(x²); else 1 − erfc(|x|); the sign of x
//   is copied back (erf(−0) = −0, NaN passes).
// Max error (scripts/math-probe/check.mjs --n=4e6, against test/reference/dd.mjs; random points uniform
// in value and in bit pattern, dense on [0.3, 3] and near the underflow):
//   erfcPos               2.617 ULP at z = 13.4612181 (got 8.41554175e−81, want 8.4155417484e−81)
//   erfcPosMul            2.609 ULP at z = 1.00864728, m = −5.46792998
//   erfcSqrtHalfPosMul    3.238 ULP at a = 1.36658790 as gelu(−a) = (−a/2)·erfc(a/√2)
//   erfc (all x)          0.904 ULP; erf 1.325 ULP
//   Up to 3 from the correctly rounded result. This misses the 2-ULP goal: the tail formula still has
//   four roundings of full weight (den, m/den, and the two of expNegLoMul, 1.47 ULP on its own) plus A's
//   share (weight 0.33 at z = 0.75, 0.24 at z = 1), worst just above the split and for a in [1.06, 1.5].
//   Getting under 2 ULP would take double-double steps (a compensated division, exp(r) as 1 + q kept in
//   two parts) or a third piece for z in [0.75, 2]. Cost: 113 SIMD instructions a vector (2 lanes) for
//   erfcPos, 121 for erfcSqrtHalfPosMul, 113 for erf; two f64x2 divisions.

import { HI26 } from './eft'; // zh² of 26-bit halves is exact
import { expNegLoMul_f64x2_rr2_p11 } from './exp-f64x2-rr2-p11';

const SIGN: i64 = 0x8000000000000000 as i64;
const ABS: i64 = 0x7FFFFFFFFFFFFFFF;
const Z_MAX: f64 = 27.3; // erfc(27.3) = 1.7e−325 < 2^-1075: rounds to +0
const A_MAX: f64 = 38.61; // 27.3·√2, for erfc(a/√2)
const SPLIT: f64 = 0.75; // below: 1 − erf(z)
const SPLIT_A: f64 = 1.0606601717798212; // 0.75·√2 (rounded): below, erfc(a/√2) = 1 − erf(a/√2)
// √π = SP_HI + SP_LO with SP_HI of 25 significant bits, so that zh·SP_HI is exact (zh has 26); SP_LO is
// √π − SP_HI rounded (√π to 2^-79). Same for √(π/2).
const SP_HI: f64 = reinterpret<f64>(0x3FFC5BF890000000); // 1.7724538445472717
const SP_LO: f64 = reinterpret<f64>(0x3E3B4EF6AA79C3B0); // 6.358244298782542e−9
const SPH_HI: f64 = reinterpret<f64>(0x3FF40D9320000000); // 1.2533141374588013
const SPH_LO: f64 = reinterpret<f64>(0xBDE3B1F4D3506B7C); // −1.4330101832336736e−10
// A(z) = 1/erfcx(z) − √π·z ≈ P(z)/Q(z), Q = 1 + q1 z + … + q9 z⁹; scripts/fit-poly.mjs 'erfc-f64-a89'.
const P0: f64 = reinterpret<f64>(0x3FF00000004C756B); // 1.0000000011126200
const P1: f64 = reinterpret<f64>(0x3FFB87D2B69503E8); // 1.7206599361527370
const P2: f64 = reinterpret<f64>(0x3FF803CAC43CB54B); // 1.5009257951272328
const P3: f64 = reinterpret<f64>(0x3FEAEDD6F4A2F005); // 0.84153316288529878
const P4: f64 = reinterpret<f64>(0x3FD4FADBB354AC80); // 0.32781116974610569
const P5: f64 = reinterpret<f64>(0x3FB72CD080A3FDC8); // 0.090527564436334917
const P6: f64 = reinterpret<f64>(0x3F91C89229F8270B); // 0.017366679965596748
const P7: f64 = reinterpret<f64>(0x3F6189C4560CAB96); // 0.0021408877077155426
const P8: f64 = reinterpret<f64>(0x3F21939D2B5015A1); // 0.00013409894532416276
const Q1: f64 = reinterpret<f64>(0x4002EAF9FDB668E4); // 2.3647346326152832
const Q2: f64 = reinterpret<f64>(0x4006018A35714A84); // 2.7507518935393040
const Q3: f64 = reinterpret<f64>(0x40004775C6E6D66C); // 2.0348926104732552
const Q4: f64 = reinterpret<f64>(0x3FF0C4FFCE3117F5); // 1.0480955175748907
const Q5: f64 = reinterpret<f64>(0x3FD8E9B5756BDA9F); // 0.38926445452617914
const Q6: f64 = reinterpret<f64>(0x3FBAC4C82B32ADCD); // 0.10456515364301495
const Q7: f64 = reinterpret<f64>(0x3F9438B13F955EF3); // 0.019747514253451958
const Q8: f64 = reinterpret<f64>(0x3F63CA28D3B9D059); // 0.0024157330897712046
const Q9: f64 = reinterpret<f64>(0x3F23D54548230394); // 0.00015131445622354174
// A(a) = 1/erfcx(a/√2) − √(π/2)·a ≈ S(a)/T(a); 'erfc-sqrthalf-f64-a89'.
const S0: f64 = reinterpret<f64>(0x3FF00000004C7675); // 1.0000000011126791
const S1: f64 = reinterpret<f64>(0x3FF3779240F3E204); // 1.2166922127927373
const S2: f64 = reinterpret<f64>(0x3FE803CF405EDC8E); // 0.75046503612874615
const S3: f64 = reinterpret<f64>(0x3FD30AB360A6C09B); // 0.29752811850176791
const S4: f64 = reinterpret<f64>(0x3FB4FAE30DF106D5); // 0.081953230765999877
const S5: f64 = reinterpret<f64>(0x3F90632954728898); // 0.016003270892391258
const S6: f64 = reinterpret<f64>(0x3F61C89BBA34A8AB); // 0.0021708528089635268
const S7: f64 = reinterpret<f64>(0x3F28CD8D74210797); // 0.00018923141220922028
const S8: f64 = reinterpret<f64>(0x3EE193AB520DC74D); // 0.0000083812870472519972
const T1: f64 = reinterpret<f64>(0x3FFAC102C966C5FC); // 1.6721217982525323
const T2: f64 = reinterpret<f64>(0x3FF6018D5C41FE80); // 1.3753789523906619
const T3: f64 = reinterpret<f64>(0x3FE705B29504CA1B); // 0.71944550614563541
const T4: f64 = reinterpret<f64>(0x3FD0C5048D8370F1); // 0.26202501125022964
const T5: f64 = reinterpret<f64>(0x3FB19DBEF3D5CD8F); // 0.068813261537618894
const T6: f64 = reinterpret<f64>(0x3F8AC4D40DF58E14); // 0.013070732761383964
const T7: f64 = reinterpret<f64>(0x3F5C99024545D6FA); // 0.0017454645322607086
const T8: f64 = reinterpret<f64>(0x3F23CA35BF79F91B); // 0.00015098482230153299
const T9: f64 = reinterpret<f64>(0x3EDC0C6EE629E33B); // 0.0000066872995342297303
// erf(x) − x ≈ x·(E0 + E1 r + … + E10 r¹⁰), r = x², |x| < 0.75; 'erf-small-f64-p21'.
const E0: f64 = reinterpret<f64>(0x3FC06EBA8214DB69); // 0.12837916709551259
const E1: f64 = reinterpret<f64>(0xBFD812746B0379DE); // −0.37612638903183704
const E2: f64 = reinterpret<f64>(0x3FBCE2F21A04223F); // 0.11283791670951702
const E3: f64 = reinterpret<f64>(0xBF9B82CE31248B28); // −0.026866170644221615
const E4: f64 = reinterpret<f64>(0x3F7565BCD00BD359); // 0.0052239776130037158
const E5: f64 = reinterpret<f64>(0xBF4C02DB0940B0AF); // −0.00085483260273157790
const E6: f64 = reinterpret<f64>(0x3F1F9A29DA6E4E78); // 0.00012055283023775811
const E7: f64 = reinterpret<f64>(0xBEEF4C47697C8AEE); // −0.000014924032526735542
const E8: f64 = reinterpret<f64>(0x3EBB8FDCE7244AA1); // 0.0000016428211009929461
const E9: f64 = reinterpret<f64>(0xBE855DDE558F5277); // −1.5919412524205792e−7
const E10: f64 = reinterpret<f64>(0x3E487ACCB278CC7F); // 1.1399242063388780e−8
// erf(a/√2) − a·√(2/π) ≈ a·(H0 + H1 r + … + H10 r¹⁰), r = a², a < 0.75·√2; 'erf-sqrthalf-small-f64-p21'.
const H0: f64 = reinterpret<f64>(0xBC6B528B78462E04); // −1.1849219800047953e−17
const H1: f64 = reinterpret<f64>(0xBFC1058377E2CEC3); // −0.13298076013381008
const H2: f64 = reinterpret<f64>(0x3F946D0429767E5F); // 0.019947114020054332
const H3: f64 = reinterpret<f64>(0xBF637403F6B402A3); // −0.0023746564307887837
const H4: f64 = reinterpret<f64>(0x3F2E42B0D302645B); // 0.00023086937426766954
const H5: f64 = reinterpret<f64>(0xBEF3CE8F715CBC21); // −0.000018889309180977171
const H6: f64 = reinterpret<f64>(0x3EB65899DCCA4861); // 0.0000013319312187937517
const H7: f64 = reinterpret<f64>(0xBE7621637CA99727); // −8.2442254947792704e−8
const H8: f64 = reinterpret<f64>(0x3E337BA56825BB0C); // 4.5362377208339100e−9
const H9: f64 = reinterpret<f64>(0xBDEE241576FAABC3); // −2.1930429303234467e−10
const H10: f64 = reinterpret<f64>(0x3DA11C6061DB2B41); // 7.7811117427835567e−12
// √(2/π) = C_HI + C_LO, C_HI of 25 significant bits (ah·C_HI exact).
const C_HI: f64 = reinterpret<f64>(0x3FE9884530000000); // 0.7978845536708832
const C_LO: f64 = reinterpret<f64>(0x3E3EA1B284687E5A); // 7.131982177168955e−9

/** z·g(z²), the small term of erf(z) = z + z·g(z²) for |z| < 0.75 (f64x2). */
@inline function erfSmallTerm(z: v128): v128 {
  const r = f64x2.mul(z, z);
  let g = f64x2.add(f64x2.mul(f64x2.splat(E10), r), f64x2.splat(E9));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E8));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E7));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E6));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E5));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E4));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E3));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E2));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E1));
  g = f64x2.add(f64x2.mul(g, r), f64x2.splat(E0));
  return f64x2.mul(z, g);
}

/**
 * 1 − (big + small) for big + small = erf(·) in [0, 0.72], |small| <= |big|: the sum's rounding error is
 * recovered (Fast2Sum) and subtracted separately, and 1 − hi is exact for hi >= 0.5 (Sterbenz), so
 * erfc = 1 − erf keeps its relative accuracy up to the split (erfc(0.75) = 0.29).
 */
@inline function oneMinus(big: v128, small: v128): v128 {
  const hi = f64x2.add(big, small);
  const lo = f64x2.add(f64x2.sub(big, hi), small);
  return f64x2.sub(f64x2.sub(f64x2.splat(1.0), hi), lo);
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
  const zh = v128.and(z, i64x2.splat(HI26));
  const zl = f64x2.sub(z, zh);
  // √π·z + A = zh·SP_HI (exact) + (zl·SP_HI + z·SP_LO + A): one rounding of the full size.
  const small = f64x2.add(f64x2.add(f64x2.mul(zl, f64x2.splat(SP_HI)), f64x2.mul(z, f64x2.splat(SP_LO))), f64x2.div(p, q));
  const den = f64x2.add(f64x2.mul(zh, f64x2.splat(SP_HI)), small);
  const nzh = v128.or(zh, i64x2.splat(SIGN)); // −zh
  const x = f64x2.mul(nzh, zh); // −zh², exact
  const xlo = f64x2.mul(f64x2.sub(nzh, z), zl); // −zl·(z + zh)
  return expNegLoMul_f64x2_rr2_p11(x, xlo, f64x2.div(m, den));
}

/** m·erfc(z) for z >= 0, rounded once (+Infinity gives ±0, NaN passes). */
@inline export function erfcPosMul_f64x2_a89(z: v128, m: v128): v128 {
  const zc = f64x2.pmin(z, f64x2.splat(Z_MAX));
  const head = f64x2.mul(m, oneMinus(zc, erfSmallTerm(zc)));
  return v128.bitselect(head, mulErfcTail(zc, m), f64x2.lt(zc, f64x2.splat(SPLIT)));
}

/** erfc(z) for z >= 0 (+Infinity gives +0, NaN passes). */
@inline export function erfcPos_f64x2_a89(z: v128): v128 {
  const zc = f64x2.pmin(z, f64x2.splat(Z_MAX));
  const head = oneMinus(zc, erfSmallTerm(zc));
  return v128.bitselect(head, mulErfcTail(zc, f64x2.splat(1.0)), f64x2.lt(zc, f64x2.splat(SPLIT)));
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
  const ah = v128.and(ac, i64x2.splat(HI26));
  const al = f64x2.sub(ac, ah);
  const small = f64x2.add(f64x2.add(f64x2.mul(al, f64x2.splat(SPH_HI)), f64x2.mul(ac, f64x2.splat(SPH_LO))), f64x2.div(p, q));
  const den = f64x2.add(f64x2.mul(ah, f64x2.splat(SPH_HI)), small);
  const nah = v128.or(ah, i64x2.splat(SIGN)); // −ah
  const half = f64x2.splat(0.5);
  const x = f64x2.mul(f64x2.mul(nah, ah), half); // −ah²/2, exact
  const xlo = f64x2.mul(f64x2.mul(f64x2.sub(nah, ac), al), half); // −al·(a + ah)/2
  const tail = expNegLoMul_f64x2_rr2_p11(x, xlo, f64x2.div(m, den));
  // Head: erf(a/√2) = ah·C_HI (exact) + (al·C_HI + a·C_LO + a·h(a²)), no rounded a/√2.
  const r = f64x2.mul(ac, ac);
  let h = f64x2.add(f64x2.mul(f64x2.splat(H10), r), f64x2.splat(H9));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H8));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H7));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H6));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H5));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H4));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H3));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H2));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H1));
  h = f64x2.add(f64x2.mul(h, r), f64x2.splat(H0));
  const small2 = f64x2.add(f64x2.add(f64x2.mul(al, f64x2.splat(C_HI)), f64x2.mul(ac, f64x2.splat(C_LO))), f64x2.mul(ac, h));
  const head = f64x2.mul(m, oneMinus(f64x2.mul(ah, f64x2.splat(C_HI)), small2));
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
  const res = v128.bitselect(f64x2.add(a, erfSmallTerm(a)), big, f64x2.lt(a, f64x2.splat(SPLIT)));
  return v128.or(res, v128.and(x, i64x2.splat(SIGN)));
}
