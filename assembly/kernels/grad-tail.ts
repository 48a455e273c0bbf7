// Derivatives far in their tails, for any finite dy: dx = dy·f'(x) where f'(x) is below the smallest
// normal float of the type (or below the range of the hot path's scaled exp) but dy·f'(x) is not,
// because |dy| is large (up to 2^128 in f32, 2^1024 in f64). Where f'(x) ~ c·exp(v): in f32, down to
// v = −192 (2^−149 / 2^128 = e^−192); in f64, down to v = −1462 (2^−1075 / (2^1024·2^11)).
//
// Each derivative kernel computes its hot path for every lane, and where any lane of a vector is in its
// tail (a comparison of x alone, so that a lane's result never depends on its neighbours), calls one of
// these, out of line, which replaces the tail lanes:
//   * f32: expTail32, dy·c·exp(v) in f64 from the promoted lanes (exp's argument v and the factor c
//     formed exactly or to 2^−53 in f64; f'(x) = c·exp(v) to far below an f32 ULP there, since exp(v)
//     < 2^−92 makes 1 + exp(v) = 1), rounded once to f32. In f64 those factors are normal numbers for
//     every input that matters (dy·f' < 2^−150 below exp(−192)). gelu's tails use its f64 kernels.
//   * f64: dyTimesCExpDeep64, dy·c·exp(v + vlo) with the power of two applied in exact steps.
// The tails are rare (|x| > 32 … 100 in f32; exp's argument below −600 or −700 in f64), so the hot
// loop pays one comparison and a branch per vector, and no longer the in-line tail arithmetic.

import { demote2, half64 } from '../simd';
import { EXP64_SPLIT_X_MIN, expSplitMagic_f64x2, expSplitPoly_f64x2, expSplitPolyLo_f64x2, expSplitScale_f64x2, expSplitT_f64x2 } from '../math/exp-f64x2-rr2-p11-split';

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
 * A call, not inlined: every caller reaches it only for tail lanes, and one copy instead of nine keeps
 * the module within its size budget (scripts/size.mjs). (The exported name is an inlined call of the
 * body, which stays unexported: asc warns of v128 in an exported function's signature.)
 */
@inline export function dyTimesCExpDeep64(v: v128, vlo: v128, c: v128, dy: v128): v128 {
  return deep64(v, vlo, c, dy);
}

function deep64(v: v128, vlo: v128, c: v128, dy: v128): v128 {
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

// Gates: the derivative kernels run a variant without the tail test (`<Kernel>Hot`, inlined) when a scan
// of x finds no lane in the tail; the variant with the test (the Hot body plus the test) is called, not
// inlined: it runs only on chunks that have tail lanes, and one copy of its body keeps the module within
// its size budget. The scan (a min or max over the chunk, already in cache) costs far less than the test
// in the loop, which keeps v128 values alive across the branch (docs/derivatives-any-dy.md). A lane's
// result is the same in either variant: the variant with the test only replaces tail lanes, and without
// it there are none.

/**
 * min (lo = true) or max of x[0..n) over T = f32 or f64, NaN ignored (pmin/pmax keep their first
 * operand, the accumulator, when the comparison is false), ±Infinity for n = 0; four accumulators
 * (independent chains), then the lanes and the tail.
 */
@inline function extreme<T>(x: usize, n: i32, lo: bool, abs: bool): T {
  const lanes = 16 / sizeof<T>();
  const f32 = sizeof<T>() == 4;
  const init = f32 ? f32x4.splat(lo ? Infinity : -Infinity) : f64x2.splat(lo ? Infinity : -Infinity);
  const absMask = f32 ? i32x4.splat(0x7FFFFFFF) : i64x2.splat(0x7FFFFFFFFFFFFFFF);
  let a0 = init;
  let a1 = init;
  let a2 = init;
  let a3 = init;
  let i = 0;
  for (; i + 4 * lanes <= n; i += 4 * lanes) {
    const q = x + (<usize>i << alignof<T>());
    let v0 = v128.load(q);
    let v1 = v128.load(q, 16);
    let v2 = v128.load(q, 32);
    let v3 = v128.load(q, 48);
    if (abs) {
      v0 = v128.and(v0, absMask);
      v1 = v128.and(v1, absMask);
      v2 = v128.and(v2, absMask);
      v3 = v128.and(v3, absMask);
    }
    if (f32) {
      a0 = lo ? f32x4.pmin(a0, v0) : f32x4.pmax(a0, v0);
      a1 = lo ? f32x4.pmin(a1, v1) : f32x4.pmax(a1, v1);
      a2 = lo ? f32x4.pmin(a2, v2) : f32x4.pmax(a2, v2);
      a3 = lo ? f32x4.pmin(a3, v3) : f32x4.pmax(a3, v3);
    } else {
      a0 = lo ? f64x2.pmin(a0, v0) : f64x2.pmax(a0, v0);
      a1 = lo ? f64x2.pmin(a1, v1) : f64x2.pmax(a1, v1);
      a2 = lo ? f64x2.pmin(a2, v2) : f64x2.pmax(a2, v2);
      a3 = lo ? f64x2.pmin(a3, v3) : f64x2.pmax(a3, v3);
    }
  }
  let m: f64 = lo ? Infinity : -Infinity;
  if (f32) {
    const a = lo ? f32x4.pmin(f32x4.pmin(a0, a1), f32x4.pmin(a2, a3)) : f32x4.pmax(f32x4.pmax(a0, a1), f32x4.pmax(a2, a3));
    const l0 = <f64>f32x4.extract_lane(a, 0);
    const l1 = <f64>f32x4.extract_lane(a, 1);
    const l2 = <f64>f32x4.extract_lane(a, 2);
    const l3 = <f64>f32x4.extract_lane(a, 3);
    m = lo ? min(min(l0, l1), min(l2, l3)) : max(max(l0, l1), max(l2, l3)); // never NaN: pmin/pmax dropped it
  } else {
    const a = lo ? f64x2.pmin(f64x2.pmin(a0, a1), f64x2.pmin(a2, a3)) : f64x2.pmax(f64x2.pmax(a0, a1), f64x2.pmax(a2, a3));
    const v = f64x2.extract_lane(a, 0);
    const w = f64x2.extract_lane(a, 1);
    m = lo ? (v < m ? v : m) : v > m ? v : m;
    m = lo ? (w < m ? w : m) : w > m ? w : m;
  }
  for (; i < n; i++) {
    let v: f64 = f32 ? <f64>load<f32>(x + (<usize>i << 2)) : load<f64>(x + (<usize>i << 3));
    if (abs) v = Math.abs(v);
    m = lo ? (v < m ? v : m) : v > m ? v : m; // NaN: the comparison is false, m stays
  }
  return <T>m;
}

/** Whether some f32 x[i] < c (NaN: no). */
export function anyBelow32(x: usize, n: i32, c: f32): bool {
  return extreme<f32>(x, n, true, false) < c;
}

/** Whether some f32 x[i] > c (NaN: no). */
export function anyAbove32(x: usize, n: i32, c: f32): bool {
  return extreme<f32>(x, n, false, false) > c;
}

/** Whether some f32 |x[i]| > c (NaN: no). */
export function anyAbsAbove32(x: usize, n: i32, c: f32): bool {
  return extreme<f32>(x, n, false, true) > c;
}

/** Whether some f64 x[i] < c (NaN: no). */
export function anyBelow64(x: usize, n: i32, c: f64): bool {
  return extreme<f64>(x, n, true, false) < c;
}

/** Whether some f64 x[i] > c (NaN: no). */
export function anyAbove64(x: usize, n: i32, c: f64): bool {
  return extreme<f64>(x, n, false, false) > c;
}

/** Whether some f64 |x[i]| > c (NaN: no). */
export function anyAbsAbove64(x: usize, n: i32, c: f64): bool {
  return extreme<f64>(x, n, false, true) > c;
}

/** exp(v) over f64x2 for v <= 0: the split exp, clamped at −797 (0 there, as at v = −Infinity). */
@inline function expNeg64(v: v128): v128 {
  const vc = f64x2.pmax(v, f64x2.splat(EXP64_SPLIT_X_MIN));
  const t = expSplitT_f64x2(vc);
  return f64x2.mul(expSplitScale_f64x2(t, 0), expSplitPoly_f64x2(vc, t));
}

/**
 * The f32 lanes of `mask` as dy·c·exp(v), from v and c given as f64x2 halves (lanes 0–1, 2–3), rounded
 * once to f32; the other lanes r. NaN in v or dy gives NaN; where exp(v) is 0 (v <= −745, −Infinity) the
 * factor is 0: dy·0.
 */
@inline export function expTail32(v0: v128, v1: v128, c0: v128, c1: v128, dy: v128, r: v128, mask: v128): v128 {
  return v128.bitselect(demote2(dyTimesCE64(v0, c0, half64(dy, 0)), dyTimesCE64(v1, c1, half64(dy, 1))), r, mask);
}

/** dy·(c·exp(v)), c·exp(v) = 0 where exp(v) rounds to 0 (c = 1 + x is −Infinity at x = −Infinity). */
@inline function dyTimesCE64(v: v128, c: v128, dy: v128): v128 {
  const e = expNeg64(v);
  return f64x2.mul(dy, v128.andnot(f64x2.mul(c, e), f64x2.eq(e, f64x2.splat(0))));
}
