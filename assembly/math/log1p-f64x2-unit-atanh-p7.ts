// log1p(e) for e in [0, 1] over f64x2: one select for the range reduction, fdlibm's atanh form, one division.
//
// Callers: softplus(x) = max(x, 0) + log1p(exp(−|x|)) and logSigmoid on Float64Array, whose argument
// e = exp(−|x|) is in (0, 1]. The general log1p-f64x2-atanh-p7 extracts the exponent of 1 + e and
// compensates its rounding (15 instructions); on [0, 1] a select does: f = e (e <= 0.5) or (e − 1)/2
// (exact for e in [0.5, 1], Sterbenz), k = 0 or 1, so that log1p(e) = k·ln2 + log(1 + f), f in [−0.25, 0.5].
//
// Algorithm
//   log(1 + f) = 2·atanh(s) = f − hfsq + s·(hfsq + R), s = f/(2 + f) in [−1/7, 1/5], hfsq = f²/2,
//   R = z·(L1 + L2·z + … + L7·z⁶), z = s² <= 0.04: near-minimax, error relative to 2·atanh(s) 1.5e−17
//   (0.07 ULP) with the f64 coefficients (scripts/fit-poly.mjs 'log1p-unit-f64-atanh-p7'; fdlibm's Lg1…Lg7
//   are fitted on z <= 0.0295, which the exponent reduction guarantees and this one does not).
//   The division's rounding reaches only the term s·(hfsq + R) (at most 28% of the result, at e = 1).
//   Result: k·LN2_HI + (f − (hfsq − (s·(hfsq + R) + k·LN2_LO))) (fdlibm's order; k·LN2_HI exact).
// Special values: NaN passes (the comparison is false: f = e); e = 0 gives +0; a subnormal e gives e
//   (s = e/2, hfsq and R vanish). Inputs outside [0, 1] are outside the domain.
// Max error: measured through its callers (softplus 2 ULP, logSigmoid 1 ULP on Float64Array, with exp's
// error included); the fit and the reduction add at most ~0.6 ULP (fdlibm's bound for the same form).

const LN2_HI: f64 = reinterpret<f64>(0x3FE62E42FEE00000);
const LN2_LO: f64 = reinterpret<f64>(0x3DEA39EF35793C76);
// 2·atanh(s) − 2s ≈ s·z·(L1 + … + L7·z⁶); scripts/fit-poly.mjs 'log1p-unit-f64-atanh-p7'.
const L1: f64 = reinterpret<f64>(0x3FE5555555555776); // 0.66666666666672714
const L2: f64 = reinterpret<f64>(0x3FD99999998F0C79); // 0.39999999996161467
const L3: f64 = reinterpret<f64>(0x3FD249249B21D51A); // 0.28571429395317838
const L4: f64 = reinterpret<f64>(0x3FCC71C016849F63); // 0.22222138499750618
const L5: f64 = reinterpret<f64>(0x3FC7474E2010E14D); // 0.18186356130332584
const L6: f64 = reinterpret<f64>(0x3FC3852E73C6BE6A); // 0.15250187543050525
const L7: f64 = reinterpret<f64>(0x3FC3ABD9E3FDA029); // 0.15368198044166206

/** log1p(e) for e in [0, 1] (NaN passes). */
@inline export function log1pUnit_f64x2_atanh_p7(e: v128): v128 {
  const big = f64x2.gt(e, f64x2.splat(0.5));
  const f = v128.bitselect(f64x2.mul(f64x2.sub(e, f64x2.splat(1.0)), f64x2.splat(0.5)), e, big);
  const s = f64x2.div(f, f64x2.add(f, f64x2.splat(2.0)));
  const z = f64x2.mul(s, s);
  let r = f64x2.add(f64x2.mul(f64x2.splat(L7), z), f64x2.splat(L6));
  r = f64x2.add(f64x2.mul(r, z), f64x2.splat(L5));
  r = f64x2.add(f64x2.mul(r, z), f64x2.splat(L4));
  r = f64x2.add(f64x2.mul(r, z), f64x2.splat(L3));
  r = f64x2.add(f64x2.mul(r, z), f64x2.splat(L2));
  r = f64x2.add(f64x2.mul(r, z), f64x2.splat(L1));
  r = f64x2.mul(r, z);
  const hfsq = f64x2.mul(f64x2.mul(f, f), f64x2.splat(0.5));
  const klo = v128.and(f64x2.splat(LN2_LO), big);
  const khi = v128.and(f64x2.splat(LN2_HI), big);
  const t = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), klo);
  return f64x2.add(khi, f64x2.sub(f, f64x2.sub(hfsq, t)));
}
