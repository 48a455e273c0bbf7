// log1p(x) = log(1 + x) for x >= 0 over f64x2: exponent extraction of u = 1 + x with the rounding of
// 1 + x compensated, then fdlibm's log(1 + f) = f − hfsq + s·(hfsq + R(s²)), s = f/(2 + f): one division,
// a degree-7 polynomial in s² (a degree-22 polynomial in f would be needed without the division).
//
// Algorithm (see log1p-f32x4-p10.ts for the reduction, identical but for the widths)
//   u = 1 + x, c = x − (u − 1): 1 + x = u + c exactly for x < 2^53 (c = 0 for x >= 2^54).
//   u = 2^k·m, m in [√½, √2): add 0x3FF0000000000000 − 0x3FE6A09E667F3BCD to u's bits; k + 1023 is then
//     bits >> 52 (i64x2.shr_u), turned into a double by or-ing it into the mantissa of 2^52 and
//     subtracting 2^52 + 1023 (there is no i64→f64 conversion in SIMD); m's bits are the low 52 bits plus
//     0x3FE6A09E667F3BCD; f = m − 1 exact, in [−0.2929, 0.4142].
//   log1p(x) = k·ln2 + log(1 + f) + δ·(1 − f), δ = c·2^-k (exact; 2^-k built from the exponent field in
//     the high 32-bit word of each lane, with i32x4 operations, so that i32x4.min_u can clamp it).
//     The neglected δ·f²/(1 + f) is below 0.12 ULP of the result (|δ| <= 2^-53; result >= 0.35 when k >= 1).
//   log(1 + f) = 2·atanh(s) = f − hfsq + s·(hfsq + R), hfsq = f²/2, R = z·(L1 + L2·z + … + L7·z⁶),
//     z = s², |s| <= 0.1716: near-minimax, relative error 1.8e−18 (0.02 ULP) with the f64 coefficients
//     (Lawson in double-double, scripts/fit-poly.mjs 'log1p-f64-atanh-p7'; same degree as fdlibm's
//     Lg1…Lg7). The division's rounding only reaches the small term s·(hfsq + R).
//   Result = hi + lo with hi = k·LN2_HI + f and hi's rounding error recovered (Fast2Sum), so the last
//     addition is the only rounding of half an ULP.
// Special values, with no branch: +Infinity gives +Infinity and NaN gives NaN through the final
//   pmax(x − DBL_MAX, r) (x − DBL_MAX <= 0 < r for every finite x >= 0). x = −0 gives +0.
//   Inputs < 0 are outside the domain.
// Max error: 1.030 ULP at x = 0.278150671 (got 0.245414245…, want 0.24541424527273262;
// scripts/math-probe/check.mjs --n=1e7, 1e7 points against test/reference/dd.mjs, uniform in value and in
// bit pattern over [0, DBL_MAX], dense on [0, 1] and [0.25, 4]); never more than 1 from the correctly
// rounded result. Cost: 48 SIMD instructions a vector (2 lanes), one f64x2.div.

const OFF: i64 = 0x00095F619980C433; // 0x3FF0000000000000 − 0x3FE6A09E667F3BCD
const SQRTH: i64 = 0x3FE6A09E667F3BCD; // √½ rounded down
const MANT: i64 = 0x000FFFFFFFFFFFFF;
const EXPO: i64 = 0xFFF0000000000000 as i64; // as i32x4: [0, 0xFFF00000] per lane
const EXPO_MAX: i64 = 0x7FE0000000000000; // clamp of k + 1023 at 2046, so that 2^-k stays finite
const TWO52: i64 = 0x4330000000000000; // 2^52
const K_BIAS: f64 = 4503599627371519.0; // 2^52 + 1023
const LN2_HI: f64 = reinterpret<f64>(0x3FE62E42FEE00000); // 21 trailing zeros: k·LN2_HI exact
const LN2_LO: f64 = reinterpret<f64>(0x3DEA39EF35793C76);
const DBL_MAX: f64 = reinterpret<f64>(0x7FEFFFFFFFFFFFFF);
// 2·atanh(s) − 2s ≈ s·z·(L1 + L2·z + … + L7·z⁶); scripts/fit-poly.mjs 'log1p-f64-atanh-p7'.
const L1: f64 = reinterpret<f64>(0x3FE5555555555592); // 0.66666666666667340
const L2: f64 = reinterpret<f64>(0x3FD999999997FDB2); // 0.39999999999414648
const L3: f64 = reinterpret<f64>(0x3FD24924941F169E); // 0.28571428742393745
const L4: f64 = reinterpret<f64>(0x3FCC71C52092CD21); // 0.22222198572635768
const L5: f64 = reinterpret<f64>(0x3FC74663EF13705B); // 0.18183564351682233
const L6: f64 = reinterpret<f64>(0x3FC39A1B9EA2F5D2); // 0.15314049955297421
const L7: f64 = reinterpret<f64>(0x3FC2F056AEF69946); // 0.14795955222252583

/** log1p(x) for x >= 0 (+Infinity gives +Infinity, NaN passes, −0 gives +0). */
@inline export function log1pPos_f64x2_atanh_p7(x: v128): v128 {
  const one = f64x2.splat(1.0);
  const u = f64x2.add(x, one);
  const c = f64x2.sub(x, f64x2.sub(u, one)); // 1 + x = u + c
  const ui = i64x2.add(u, i64x2.splat(OFF));
  const k = f64x2.sub(v128.or(i64x2.shr_u(ui, 52), i64x2.splat(TWO52)), f64x2.splat(K_BIAS));
  const f = f64x2.sub(i64x2.add(v128.and(ui, i64x2.splat(MANT)), i64x2.splat(SQRTH)), one);
  // 2^-k: (2046 − (k + 1023)) << 52, computed on the high 32-bit words (the low words are 0 − 0).
  const scale = i32x4.sub(i64x2.splat(EXPO_MAX), i32x4.min_u(v128.and(ui, i64x2.splat(EXPO)), i64x2.splat(EXPO_MAX)));
  const d = f64x2.mul(c, scale); // δ = c·2^-k
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
  const kh = f64x2.mul(k, f64x2.splat(LN2_HI));
  const hi = f64x2.add(kh, f);
  const e = f64x2.sub(f, f64x2.sub(hi, kh)); // hi + e = k·LN2_HI + f exactly
  let lo = f64x2.add(f64x2.mul(k, f64x2.splat(LN2_LO)), e);
  lo = f64x2.add(lo, f64x2.sub(d, f64x2.mul(d, f)));
  lo = f64x2.add(f64x2.mul(s, f64x2.add(hfsq, r)), lo);
  const res = f64x2.add(hi, f64x2.sub(lo, hfsq));
  return f64x2.pmax(f64x2.sub(x, f64x2.splat(DBL_MAX)), res);
}
