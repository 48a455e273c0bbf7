// log1p(x) = log(1 + x) for x >= 0 over f32x4: exponent extraction of u = 1 + x with the rounding of
// 1 + x compensated, then a degree-10 polynomial for log(1 + f) — no division, no table.
//
// Callers: softplus(x) = max(x, 0) + log1p(exp(−|x|)), logSigmoid, mish (their argument is in (0, 1]);
// the core is accurate on the whole of [0, +Infinity].
//
// Algorithm
//   u = 1 + x (rounded) and c = x − (u − 1): for x < 2^24, u − 1 is exact and 1 + x = u + c exactly
//     (Fast2Sum; for x >= 2^25, c = 0; in between c is off by at most 1, which is 2^-24 of u and
//     invisible in a result >= 16.6).
//   u = 2^k·m with m in [√½, √2): adding 0x3F800000 − 0x3F3504F3 to u's bits carries into the exponent
//     exactly when u's mantissa is >= √2, so k = (bits >> 23) − 127 and m's bits are the low 23 bits
//     plus 0x3F3504F3 (no float→int conversion other than one convert of the small integer k).
//   f = m − 1 is exact (Sterbenz), in [√½ − 1, √2 − 1] = [−0.2929, 0.4142].
//   log1p(x) = log(u + c) = k·ln2 + log(1 + f) + c/u + O((c/u)^2), and c/u = δ/(1 + f) with δ = c·2^-k
//     (exact: a power-of-two scale). δ/(1 + f) ≈ δ·(1 − f): |δ| <= 2^-24 and the neglected δ·f^2/(1+f) is
//     at most 0.12·2^-24, i.e. 0.12 ULP of the result (the result is >= 0.35 whenever k >= 1).
//     For k = 0, f + δ = x exactly, so small x keep full relative accuracy (log1p(1e−30) = 1e−30).
//   log(1 + f) ≈ f + f^2·(C2 + C3·f + … + C10·f^8), a near-minimax fit with relative error 4.1e−9
//     (0.035 ULP) on [√½ − 1, √2 − 1] (scripts/fit-poly.mjs 'log1p-f32-p10').
//   The result is hi + lo with hi = k·LN2_HI + f and the rounding error of hi recovered (Fast2Sum:
//     |k·LN2_HI| >= |f| whenever k >= 1, and for k = 0 hi = f exactly), so the only rounding of size
//     half an ULP is the final addition.
// Special values, with no branch: x = +Infinity gives +Infinity and NaN gives NaN through the final
//   pmax(x − FLT_MAX, r) (x − FLT_MAX is <= 0 < r for every finite x >= 0, +Infinity for +Infinity, NaN
//   for NaN, and pmax returns its first operand when the comparison is false). x = −0 gives +0.
//   Inputs < 0 are outside the domain.
// Max error: 1.23 ULP at x = 0.282038391 (got 0.248451322, want 0.248451304), exhaustive over all
// 2,139,095,041 floats in [0, +Infinity] against Math.log1p (scripts/math-probe/check.mjs --exhaustive
// log1p); never more than 1 from the correctly rounded result. The peak is at the top of the k = 0 range
// (f ≈ 0.28, a result just below 0.25, where the ULP halves): f is exact, but the term f²·p (about −0.04)
// carries three roundings. Cost: 45 SIMD instructions a vector (no division).

const OFF: i32 = 0x004AFB0D; // 0x3F800000 − 0x3F3504F3: moves the exponent boundary from 1 to √½
const SQRTH: i32 = 0x3F3504F3; // √½ rounded down: m = 2^-k·u lands in [√½, √2)
const MANT: i32 = 0x007FFFFF;
const EXPO: i32 = 0xFF800000 as i32;
const EXPO_MAX: i32 = 0x7F000000; // clamp of k + 127 at 254, so that 2^-k below stays finite for u >= 2^127
const LN2_HI: f32 = reinterpret<f32>(0x3F317200); // ln2 high part, 9 trailing zeros: k·LN2_HI exact (|k| <= 128)
const LN2_LO: f32 = reinterpret<f32>(0x35BFBE8E); // ln2 − LN2_HI, rounded
const FLT_MAX: f32 = reinterpret<f32>(0x7F7FFFFF);
// log(1 + f) − f ≈ f^2·(C2 + C3·f + … + C10·f^8); scripts/fit-poly.mjs 'log1p-f32-p10'.
const C2: f32 = reinterpret<f32>(0xBEFFFFFC); // −0.499999881
const C3: f32 = reinterpret<f32>(0x3EAAAAA8); // 0.333333254
const C4: f32 = reinterpret<f32>(0xBE800214); // −0.250015855
const C5: f32 = reinterpret<f32>(0x3E4CD202); // 0.200019866
const C6: f32 = reinterpret<f32>(0xBE2A13A4); // −0.166090548
const C7: f32 = reinterpret<f32>(0x3E113838); // 0.141816020
const C8: f32 = reinterpret<f32>(0xBE079BA0); // −0.132429600
const C9: f32 = reinterpret<f32>(0x3E042781); // 0.129056945
const C10: f32 = reinterpret<f32>(0xBD9C2047); // −0.0762334391

/** log1p(x) for x >= 0 (+Infinity gives +Infinity, NaN passes, −0 gives +0). */
@inline export function log1pPos_f32x4_p10(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const u = f32x4.add(x, one);
  const c = f32x4.sub(x, f32x4.sub(u, one)); // 1 + x = u + c
  const ui = i32x4.add(u, i32x4.splat(OFF));
  const k = f32x4.sub(f32x4.convert_i32x4_s(i32x4.shr_u(ui, 23)), f32x4.splat(127.0));
  const f = f32x4.sub(i32x4.add(v128.and(ui, i32x4.splat(MANT)), i32x4.splat(SQRTH)), one);
  // 2^-k from the exponent field: (254 − (k + 127)) << 23.
  const scale = i32x4.sub(i32x4.splat(EXPO_MAX), i32x4.min_u(v128.and(ui, i32x4.splat(EXPO)), i32x4.splat(EXPO_MAX)));
  const d = f32x4.mul(c, scale); // δ = c·2^-k
  let p = f32x4.add(f32x4.mul(f32x4.splat(C10), f), f32x4.splat(C9));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(C8));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(C7));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(C6));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(C5));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(C4));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(C3));
  p = f32x4.add(f32x4.mul(p, f), f32x4.splat(C2));
  const kh = f32x4.mul(k, f32x4.splat(LN2_HI));
  const hi = f32x4.add(kh, f);
  const e = f32x4.sub(f, f32x4.sub(hi, kh)); // hi + e = k·LN2_HI + f exactly
  let lo = f32x4.mul(f32x4.mul(f, f), p);
  lo = f32x4.add(lo, f32x4.sub(d, f32x4.mul(d, f)));
  lo = f32x4.add(lo, f32x4.add(f32x4.mul(k, f32x4.splat(LN2_LO)), e));
  const r = f32x4.add(hi, lo);
  return f32x4.pmax(f32x4.sub(x, f32x4.splat(FLT_MAX)), r);
}
