// Derivatives far in their tails, for any finite dy: dx = dy·f'(x) where f'(x) is below the smallest
// normal float of the type (or below the range of the hot path's scaled exp) but dy·f'(x) is not,
// because |dy| is large (up to 2^128 in f32, 2^1024 in f64). Where f'(x) ~ c·exp(v): in f32, down to
// v = −192 (2^−149 / 2^128 = e^−192); in f64, down to v = −1462 (2^−1075 / (2^1024·2^11)).
//
// Each derivative kernel computes its hot path for every lane, and where any lane of a vector is in its
// tail (a comparison of x alone, so that a lane's result never depends on its neighbours), calls one of
// these, out of line, which replaces the tail lanes:
//   * f32: the f64 kernel of the same function on the promoted lanes (exact to a few f64 ULP, far
//     below f32's), rounded once to f32. In f64, f'(x) >= 2^−300 is a normal number for every input
//     that reaches it.
//   * f64: dyTimesCExpDeep64, dy·c·exp(v + vlo) with the power of two applied in exact steps.
// The tails are rare (|x| > 32 … 100 in f32; exp's argument below −600 or −700 in f64), so the hot
// loop pays one comparison and a branch per vector, and no longer the in-line tail arithmetic.

import { expSplitMagic_f64x2, expSplitPolyLo_f64x2, expSplitT_f64x2 } from '../math/exp-f64x2-rr2-p11-split';

/** Lanes 0, 1 (h = 0) or 2, 3 (h = 1) of an f32x4, as an f64x2 (exact). */
@inline export function half64(v: v128, h: i32): v128 {
  return f64x2.promote_low_f32x4(h == 0 ? v : v128.shuffle<i32>(v, v, 2, 3, 0, 1));
}

/** Two f64x2 halves rounded to f32 and joined into one f32x4 (lanes 0, 1 from a). */
@inline export function join32(a: v128, b: v128): v128 {
  return v128.shuffle<i64>(f32x4.demote_f64x2_zero(a), f32x4.demote_f64x2_zero(b), 0, 2);
}

/** 1.5·2^52 + 1023: adding an integer-valued k in [−1022, 1023] leaves k + 1023 in the low bits. */
const MAGIC_1023: f64 = 6755399441056767.0;
const TWO_M64: f64 = reinterpret<f64>(0x3BF0000000000000); // 2^−64

/** 2^k for integer-valued f64 lanes k in [−1022, 1023] (the exponent field, shifted into place). */
@inline function pow2_f64x2(k: v128): v128 {
  return i64x2.shl(f64x2.add(k, f64x2.splat(MAGIC_1023)), 52);
}

/**
 * dy·c·exp(v + vlo) over f64x2 for v <= −600, rounded once where the result is normal (and once more
 * only into the subnormal range): c a finite factor with |c| < 2^11, vlo a small correction of v (or 0).
 * exp(v) = 2^n·2^128·p, p = 2^−128·exp(r) from the split exp's polynomial (valid for any n); then
 *   P = ((dy·2^−64)·c)·p     (dy·2^−64 exact unless |dy| < 2^−958, where the result is 0 anyway)
 *   dy·c·exp(v) = P·2^(n + 192) = (P·2^a)·2^b,  b = floor((n + 192)/2), a = n + 192 − b
 * 2^a and 2^b are normal (n >= −2165 for v >= −1500); P·2^a is exact wherever the result is at least
 * 2^−1075 (then P·2^a >= 2^−1075−b >= 2^−738), so the only rounding after P is the final one.
 * Roundings: dy·c (none for c = ±2^k), P, and exp's polynomial (~1 ULP): the hot paths' count.
 * v is clamped at −1500, where |dy·c|·exp(v) < 2^−1075 for any finite dy; v = −Infinity gives dy·0
 * (f' is 0 there: NaN for an infinite dy), NaN in v, vlo or dy gives NaN.
 */
@inline export function dyTimesCExpDeep64(v: v128, vlo: v128, c: v128, dy: v128): v128 {
  const vc = f64x2.pmax(v, f64x2.splat(-1500.0));
  const t = expSplitT_f64x2(vc);
  const n = f64x2.sub(t, f64x2.splat(expSplitMagic_f64x2));
  const p = expSplitPolyLo_f64x2(vc, vlo, t);
  const big = f64x2.mul(f64x2.mul(f64x2.mul(dy, f64x2.splat(TWO_M64)), c), p);
  const N = f64x2.add(n, f64x2.splat(192.0));
  const b = f64x2.floor(f64x2.mul(N, f64x2.splat(0.5)));
  const r = f64x2.mul(f64x2.mul(big, pow2_f64x2(f64x2.sub(N, b))), pow2_f64x2(b));
  return v128.bitselect(f64x2.mul(dy, f64x2.splat(0)), r, f64x2.eq(v, f64x2.splat(-Infinity)));
}
