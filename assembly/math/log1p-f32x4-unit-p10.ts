// log1p(e) for e in [0, 1] over f32x4: one degree-10 polynomial, no range reduction, no division.
//
// Callers: softplus(x) = max(x, 0) + log1p(exp(−|x|)) and logSigmoid, whose argument e = exp(−|x|) is in
// (0, 1]. On [0, 1] a general log1p's exponent reduction buys nothing (log1p's singularity at −1 is as
// far, relative to the interval, as from the reduced interval [√½ − 1, √2 − 1]: both converge at ~2.5
// bits per degree), so the direct fit saves the reduction's ten-odd instructions.
//
// Algorithm
//   log1p(e) = e + e²·g(e), g of degree 8 (Horner), a near-minimax fit of the relative error of log1p
//   on [0, 1]: 6.7e−9 (0.06 ULP) in exact arithmetic (scripts/fit-poly.mjs 'log1p-unit-f32-p10').
//   The leading term e is exact, so tiny e (e² underflowing, subnormal e) gives e itself: softplus(−100)
//   = 3.7e−44 keeps all the bits exp's subnormal result has.
// Special values: e = NaN gives NaN; e = +0 gives +0. Inputs outside [0, 1] are outside the domain.
// Max error: 2 ULP against the correctly rounded log1p(e), at e ≈ 0.95 (measured on 2e6 points of
// (0, 1] with the f32 Horner scheme: the rounded e², e²·g and the final sum, each ~0.5 ULP of a term
// about 0.4 of the result).

// log1p(e) − e ≈ e²·(C2 + C3·e + … + C10·e^8); scripts/fit-poly.mjs 'log1p-unit-f32-p10'.
const C2: f32 = reinterpret<f32>(0xBEFFFFE4); // −0.499999166
const C3: f32 = reinterpret<f32>(0x3EAAA64D); // 0.333300024
const C4: f32 = reinterpret<f32>(0xBE7F8525); // −0.249531344
const C5: f32 = reinterpret<f32>(0x3E4963EE); // 0.196670264
const C6: f32 = reinterpret<f32>(0xBE1C663C); // −0.152733743
const C7: f32 = reinterpret<f32>(0x3DD7E5FA); // 0.105419114
const C8: f32 = reinterpret<f32>(0xBD669C10); // −0.0563011765
const C9: f32 = reinterpret<f32>(0x3C9F9928); // 0.0194822103
const C10: f32 = reinterpret<f32>(0xBB4F073A); // −0.00315900007

/** log1p(e) for e in [0, 1] (NaN passes). */
@inline export function log1pUnit_f32x4_p10(e: v128): v128 {
  let g = f32x4.add(f32x4.mul(f32x4.splat(C10), e), f32x4.splat(C9));
  g = f32x4.add(f32x4.mul(g, e), f32x4.splat(C8));
  g = f32x4.add(f32x4.mul(g, e), f32x4.splat(C7));
  g = f32x4.add(f32x4.mul(g, e), f32x4.splat(C6));
  g = f32x4.add(f32x4.mul(g, e), f32x4.splat(C5));
  g = f32x4.add(f32x4.mul(g, e), f32x4.splat(C4));
  g = f32x4.add(f32x4.mul(g, e), f32x4.splat(C3));
  g = f32x4.add(f32x4.mul(g, e), f32x4.splat(C2));
  return f32x4.add(f32x4.mul(f32x4.mul(e, e), g), e);
}
