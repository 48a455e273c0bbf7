// expm1(x) = exp(x) − 1 for x <= 0 over f64x2: rr2 range reduction, p11 polynomial for expm1(r), keeping
// full relative accuracy near 0 where exp(x) − 1 would cancel. The f64 sibling of expm1-f32x4-rr2-p6.ts.
//
// Algorithm
//   n = round(x / ln2) with the magic-number trick (MAGIC = 1.5·2^52 + 1023: the low bits of t hold
//     n + 1023, shifted into the exponent field that is s = 2^n directly).
//   r = x − n·LN2_HI − n·LN2_LO, |r| <= ln2/2 (see exp-f64x2-rr2-p11.ts for why this is exact enough).
//   expm1(r) ≈ p = r + r²·(C2 + C3·r + … + C11·r⁹), relative error 3.1e−17 (0.28 ULP) with the f64
//     coefficients on [−ln2/2, ln2/2] (scripts/fit-poly.mjs 'expm1-f64-p11').
//   expm1(x) = s·p + (s − 1): for n = 0 this is p itself (no cancellation near 0); s·p is exact, s − 1
//     is exact for n >= −53, and the final addition is the only rounding after the polynomial.
// Domain: x clamped below at −40 (expm1(x) rounds to −1 in f64 below −37.4), with pmax so NaN passes
// and −Infinity gives −1; x = −0 gives +0. Inputs > 0 are outside the domain.
// Max error: 1.095 ULP at x = −0.406359144 (scripts/math-probe/check.mjs --n=1e7, 1e7 points against
// test/reference/dd.mjs over [−40, 0], dense near 0); never more than 1 from the correctly rounded
// result. Cost: 33 SIMD instructions a vector (2 lanes), no division.

const MAGIC: f64 = 6755399441056767.0; // 0x4338_0000_0000_03FF = 1.5·2^52 + 1023
const LOG2E: f64 = reinterpret<f64>(0x3FF71547652B82FE);
const LN2_HI: f64 = reinterpret<f64>(0x3FE62E42FEE00000);
const LN2_LO: f64 = reinterpret<f64>(0x3DEA39EF35793C76);
const X_MIN: f64 = -40.0;
// expm1(r) − r ≈ r²·(C2 + … + C11·r⁹); scripts/fit-poly.mjs 'expm1-f64-p11'.
const C2: f64 = reinterpret<f64>(0x3FE0000000000005); // 0.50000000000000056
const C3: f64 = reinterpret<f64>(0x3FC555555555553A); // 0.16666666666666591
const C4: f64 = reinterpret<f64>(0x3FA55555555522BF); // 0.041666666666576806
const C5: f64 = reinterpret<f64>(0x3F81111111118F6C); // 0.0083333333333894463
const C6: f64 = reinterpret<f64>(0x3F56C16C17ED9733); // 0.0013888888931545384
const C7: f64 = reinterpret<f64>(0x3F2A01A0175295E5); // 0.00019841269719227044
const C8: f64 = reinterpret<f64>(0x3EFA019A776D54AE); // 0.000024801505300449285
const C9: f64 = reinterpret<f64>(0x3EC71DE87DD862AD); // 0.0000027557407367258383
const C10: f64 = reinterpret<f64>(0x3E928A1D7BFB01B2); // 2.7626026264870395e−7
const C11: f64 = reinterpret<f64>(0x3E5AE6BDEDE40895); // 2.5053821122764439e−8

/** expm1(x) for x <= 0 (NaN passes, −Infinity gives −1). */
@inline export function expm1Neg_f64x2_rr2_p11(x: v128): v128 {
  const xc = f64x2.pmax(x, f64x2.splat(X_MIN));
  const t = f64x2.add(f64x2.mul(xc, f64x2.splat(LOG2E)), f64x2.splat(MAGIC));
  const s = i64x2.shl(t, 52); // 2^n
  const n = f64x2.sub(t, f64x2.splat(MAGIC));
  let r = f64x2.sub(xc, f64x2.mul(n, f64x2.splat(LN2_HI)));
  r = f64x2.sub(r, f64x2.mul(n, f64x2.splat(LN2_LO)));
  let q = f64x2.add(f64x2.mul(f64x2.splat(C11), r), f64x2.splat(C10));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(C9));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(C8));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(C7));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(C6));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(C5));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(C4));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(C3));
  q = f64x2.add(f64x2.mul(q, r), f64x2.splat(C2));
  const p = f64x2.add(f64x2.mul(f64x2.mul(q, r), r), r);
  return f64x2.add(f64x2.mul(s, p), f64x2.sub(s, f64x2.splat(1.0)));
}
