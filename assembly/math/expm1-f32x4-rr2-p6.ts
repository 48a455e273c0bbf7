// expm1(x) = exp(x) − 1 for x <= 0 over f32x4: rr2 range reduction, p6 polynomial for expm1(r),
// keeping full relative accuracy near 0 where exp(x) − 1 would cancel (tanh(1e−5), elu(−1e−5)).
//
// Algorithm
//   n = round(x / ln2) with the magic-number trick (MAGIC = 1.5·2^23 + 127: the low bits of z hold
//     n + 127, shifted into the exponent field that is s = 2^n directly).
//   r = x − n·LN2_HI − n·LN2_LO, |r| <= ln2/2 (see exp-f32x4-rr2-p6.ts for why this is exact enough).
//   expm1(r) ≈ p = r + r²·(C2 + C3·r + C4·r² + C5·r³ + C6·r⁴), relative error 1.3e−8 (0.11 ULP) on
//     [−ln2/2, ln2/2] (scripts/fit-poly.mjs 'expm1-f32-p6').
//   expm1(x) = s·p + (s − 1): for n = 0 this is p itself (no cancellation near 0); s·p is exact, s − 1
//     is exact for n >= −24, and the final addition is the only rounding after the polynomial.
// Domain: x clamped below at −20 (expm1(−20) rounds to −1 in f32), with pmax so NaN passes; x = −0
// gives −0 (s = 1, p = −0, and −0 + 0 … see below: s − 1 = +0 and −0 + +0 = +0, so −0 is restored by
// the callers that need it through the sign of x). Inputs > 0 are outside the domain.
// Max error: 1.02 ULP on [−20, 0], measured by scripts/math-probe/check.mjs; the tanh bound in the
// tests enforces what the kernels build on it.

import { madd_f32x4, nmadd_f32x4 } from './madd';

const MAGIC: f32 = 12583039.0; // 0x4B40007F = 1.5·2^23 + 127
const LOG2E: f32 = reinterpret<f32>(0x3FB8AA3B);
const LN2_HI: f32 = reinterpret<f32>(0x3F317200);
const LN2_LO: f32 = reinterpret<f32>(0x35BFBE8E);
const X_MIN: f32 = -20.0;
// expm1(r) − r ≈ r²·(C2 + … + C6·r⁴); scripts/fit-poly.mjs 'expm1-f32-p6'.
const C2: f32 = reinterpret<f32>(0x3EFFFFFF); // 0.49999997
const C3: f32 = reinterpret<f32>(0x3E2AAA58); // 0.16666543
const C4: f32 = reinterpret<f32>(0x3D2AAB3A); // 0.041667201
const C5: f32 = reinterpret<f32>(0x3C0913B4); // 0.0083665140
const C6: f32 = reinterpret<f32>(0x3AB5F602); // 0.0013882520

/** expm1(x) for x <= 0 (NaN passes, −Infinity gives −1). */
@inline export function expm1Neg_f32x4_rr2_p6(x: v128): v128 {
  const xc = f32x4.pmax(x, f32x4.splat(X_MIN));
  const z = madd_f32x4(xc, f32x4.splat(LOG2E), f32x4.splat(MAGIC));
  const s = i32x4.shl(z, 23); // 2^n
  const n = f32x4.sub(z, f32x4.splat(MAGIC));
  let r = nmadd_f32x4(n, f32x4.splat(LN2_HI), xc);
  r = nmadd_f32x4(n, f32x4.splat(LN2_LO), r);
  let q = madd_f32x4(f32x4.splat(C6), r, f32x4.splat(C5));
  q = madd_f32x4(q, r, f32x4.splat(C4));
  q = madd_f32x4(q, r, f32x4.splat(C3));
  q = madd_f32x4(q, r, f32x4.splat(C2));
  const p = madd_f32x4(f32x4.mul(q, r), r, r);
  return madd_f32x4(s, p, f32x4.sub(s, f32x4.splat(1.0)));
}
