// tanhshrink(x) = x − tanh(x) and its derivative tanh²(x), f32x4.
//
// x − tanh(x) cancels near 0 (tanhshrink(1e−3) = 3.3e−10: a direct f32 subtraction has no correct
// digit left below |x| ≈ 0.01), so the odd function is computed on a = |x| in two pieces:
//   a < 1.5:   a³·g(a²), g(w) = (x − tanh x)/x³ a [3/2] rational in w on [0, 2.25] (relative error
//              2.1e−12, fit 'tanhshrink-f32-rat32' of scripts/fit-exp-family.mjs), evaluated in f64
//              (f64x2, two per f32x4: a² is exact there and a³ rounds at 2^−53), rounded once to f32.
//   a >= 1.5:  (a − 1) + 2e/(1 + e), e = exp(−2a) (exp core): a − 1 is exact, both terms are >= 0, and
//              2e/(1 + e) <= 0.095 carries ~2 ULP of its own, at most 0.2 ULP of the sum.
// The sign bit of x is ORed back (tanhshrink(−0) = −0); NaN fails a < 1.5 and goes through exp.
// Max error, measured: 1 ULP (every float32 in [−30, 30]; random bit patterns), at a near-tie of a
// subnormal result.
//
// tanhshrink'(x)·dy = dy·tanh²(x):
//   a < 1.5:   t = a − a³·g(a²) (tanh, no cancellation: a³g <= 0.4a), dy·t·t, all in f64, rounded once.
//   a >= 1.5:  dy·(1 − 4e/(1 + e)²), e = exp(−2a): 4e/(1 + e)² <= 0.19, so 1 − it keeps its accuracy.
// Max error, measured: 2 ULP, at x = 1.511.

import { expNeg_f32x4_rr2_p6 } from '../math/exp-f32x4-rr2-p6';
import { EXP64_SPLIT_X_MIN, expSplitPoly_f64x2, expSplitScale_f64x2, expSplitT_f64x2 } from '../math/exp-f64x2-rr2-p11-split';
import { mapBinary, mapUnary } from '../map';
import { demote2, promoteHigh } from '../simd';

const SIGN: i32 = 0x80000000;
const SPLIT: f32 = 1.5;

// g(w) = P(w)/Q(w), fit 'tanhshrink-f32-rat22' (f64 coefficients; relative error 2.6e−10 = 0.004 f32 ULP).
const P0: f64 = reinterpret<f64>(0x3FD55555553D9D12); // 0.3333333332470413
const P1: f64 = reinterpret<f64>(0x3F9073435CA5A5E2); // 0.016064693956115657
const P2: f64 = reinterpret<f64>(0x3ED9190CE4F20AC5); // 5.9837944511610435e-6
const Q1: f64 = reinterpret<f64>(0x3FDCAF36338263E6); // 0.4481940749188297
const Q2: f64 = reinterpret<f64>(0x3F91CEE82D7364D6); // 0.017390849851697997

/** a³·g(a²) over f64x2 (a >= 0, < 1.5 in the lanes that are used). */
@inline function smallF64(a: v128): v128 {
  const w = f64x2.mul(a, a);
  const p = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.splat(P2), w), f64x2.splat(P1)), w), f64x2.splat(P0));
  const q = f64x2.add(f64x2.mul(f64x2.add(f64x2.mul(f64x2.splat(Q2), w), f64x2.splat(Q1)), w), f64x2.splat(1.0));
  return f64x2.mul(f64x2.mul(a, w), f64x2.div(p, q));
}

// The kernels' bodies are ordinary functions, called (not inlined) from the loops of map.ts:
// tanhshrink is rarely on a hot path, and six inlined copies of each body (the unrolled loop, single
// vectors, the tail) would cost far more module than the call costs time (docs/kernels.md).

function tanhshrink32(x: v128): v128 {
  const a = v128.andnot(x, i32x4.splat(SIGN)); // |x|
  const small = demote2(smallF64(f64x2.promote_low_f32x4(a)), smallF64(promoteHigh(a)));
  const e = expNeg_f32x4_rr2_p6(f32x4.mul(a, f32x4.splat(-2.0)));
  const large = f32x4.add(f32x4.sub(a, f32x4.splat(1.0)), f32x4.div(f32x4.add(e, e), f32x4.add(e, f32x4.splat(1.0))));
  const r = v128.bitselect(small, large, f32x4.lt(a, f32x4.splat(SPLIT)));
  return v128.or(r, v128.and(x, i32x4.splat(SIGN)));
}

@final class Tanhshrink {
  @inline apply(x: v128): v128 {
    return tanhshrink32(x);
  }
}

export function tanhshrink_f32(src: usize, dst: usize, n: i32): void {
  mapUnary<f32, Tanhshrink>(src, dst, n);
}

/** dy·tanh²(a) over f64x2 for a < 1.5. */
@inline function gradSmallF64(a: v128, dy: v128): v128 {
  const t = f64x2.sub(a, smallF64(a));
  return f64x2.mul(f64x2.mul(dy, t), t);
}

function tanhshrinkGrad32(x: v128, dy: v128): v128 {
  const a = v128.andnot(x, i32x4.splat(SIGN));
  const small = demote2(
    gradSmallF64(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(dy)),
    gradSmallF64(promoteHigh(a), promoteHigh(dy)),
  );
  const e = expNeg_f32x4_rr2_p6(f32x4.mul(a, f32x4.splat(-2.0)));
  const d2 = f32x4.add(f32x4.mul(e, f32x4.add(e, f32x4.splat(2.0))), f32x4.splat(1.0));
  const sech2 = f32x4.div(f32x4.mul(e, f32x4.splat(4.0)), d2);
  const large = f32x4.mul(dy, f32x4.sub(f32x4.splat(1.0), sech2));
  return v128.bitselect(small, large, f32x4.lt(a, f32x4.splat(SPLIT)));
}

@final class TanhshrinkGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    return tanhshrinkGrad32(x, dy);
  }
}

export function tanhshrink_grad_f32(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f32, TanhshrinkGrad>(x, dy, dst, n);
}

// ===================================================================================================
// f64x2:
//   a < 0.9:   a³·g(a²) with the [3/4] rational g of tanh.ts (relative error 1.5e−18) and a³ to about
//              2^−104 (Dekker's exact products a·a and a·w: x³ rounded twice would cost up to 1 ULP more).
//   a >= 0.9:  (a − 1) + 2e/(1 + e), e = exp(−2a) (split exp), as in f32: at most 1 ULP from 0.9 on in
//              10^6 samples, where g's roundings reach 4 ULP at rare points (a = 1.0085770953446627).
// Max error, measured: 3 ULP. tanhshrink'·dy: a < 0.9: t = a − a³g (tanh to ~1 ULP), dy·tanh² with
// tanh² = (t + tl)² to one rounding (the subtraction's error tl kept; Dekker's t·t); a >= 0.9:
// dy·(1 − 4e/(1 + e)²), 4e/(1 + e)² <= 0.49. Max error, measured: 3 ULP.

const SIGN64: i64 = 0x8000000000000000;
const SPLIT64: f64 = 134217729.0; // 2^27 + 1 (Veltkamp)
const TWO_M300: f64 = reinterpret<f64>(0x2D30000000000000); // 2^−300

// g(w) = (x − tanh x)/x³ at w = x² <= 2.25: a [3/4] rational scaled so that P(0) = 1 and Q(0) = 3 are exact
// (fit 'tanhshrink-f64-rat34' of scripts/fit-exp-family.mjs: relative error 1.5e−18, 2.3e−17 with these
// scaled f64 coefficients). The JS twins (src/backends/js-exp-family.ts) use the same constants.
const TSH_P1: f64 = reinterpret<f64>(0x3FB20B1A2CB4DB4A); // 0.070481906809488098
const TSH_P2: f64 = reinterpret<f64>(0x3F52401CCFED3F62); // 0.0011139184350276933
const TSH_P3: f64 = reinterpret<f64>(0x3ECF9A8D423BF863); // 3.7674567624482253e-6
const TSH_Q1: f64 = reinterpret<f64>(0x3FF695481B951C50); // 1.4114457204284641
const TSH_Q2: f64 = reinterpret<f64>(0x3FB50B6FC121A92C); // 0.082205757762186138
const TSH_Q3: f64 = reinterpret<f64>(0x3F53A5E396C9099B); // 0.0011992189930799316
const TSH_Q4: f64 = reinterpret<f64>(0x3ED02843F551E0C6); // 3.8521973993942427e-6

/** g(w) over f64x2. */
@inline function tanhshrinkRatio_f64x2(w: v128): v128 {
  let p = f64x2.add(f64x2.mul(f64x2.splat(TSH_P3), w), f64x2.splat(TSH_P2));
  p = f64x2.add(f64x2.mul(p, w), f64x2.splat(TSH_P1));
  p = f64x2.add(f64x2.mul(p, w), f64x2.splat(1.0));
  let q = f64x2.add(f64x2.mul(f64x2.splat(TSH_Q4), w), f64x2.splat(TSH_Q3));
  q = f64x2.add(f64x2.mul(q, w), f64x2.splat(TSH_Q2));
  q = f64x2.add(f64x2.mul(q, w), f64x2.splat(TSH_Q1));
  q = f64x2.add(f64x2.mul(q, w), f64x2.splat(3.0));
  return f64x2.div(p, q);
}


/** a − tanh(a) for 0 <= a < 1.5 over f64x2 (other lanes: finite garbage or NaN, never trapping). */
@inline function tanhshrinkSmall64(a: v128): v128 {
  const w = f64x2.mul(a, a);
  const ca = f64x2.mul(a, f64x2.splat(SPLIT64));
  const ah = f64x2.sub(ca, f64x2.sub(ca, a));
  const al = f64x2.sub(a, ah);
  // a·a = w + wl exactly
  const wl = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(ah, ah), w), f64x2.mul(f64x2.add(ah, ah), al)), f64x2.mul(al, al));
  const c = f64x2.mul(a, w);
  const cw = f64x2.mul(w, f64x2.splat(SPLIT64));
  const wh = f64x2.sub(cw, f64x2.sub(cw, w));
  const wt = f64x2.sub(w, wh);
  // a·w = c + cl exactly
  const cl = f64x2.add(
    f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(ah, wh), c), f64x2.mul(ah, wt)), f64x2.mul(al, wh)),
    f64x2.mul(al, wt),
  );
  const x3 = f64x2.add(c, f64x2.add(cl, f64x2.mul(a, wl)));
  return f64x2.mul(x3, tanhshrinkRatio_f64x2(w));
}

/** e = exp(−2a) over f64x2 (a >= 0; −2a clamped at −797, e = 0 there). */
@inline function expM2(a: v128): v128 {
  const m2 = f64x2.pmax(f64x2.mul(a, f64x2.splat(-2.0)), f64x2.splat(EXP64_SPLIT_X_MIN));
  const t = expSplitT_f64x2(m2);
  return f64x2.mul(expSplitScale_f64x2(t, 0), expSplitPoly_f64x2(m2, t));
}

/** tanhshrink over f64x2. */
function tanhshrink64(x: v128): v128 {
  const a = v128.andnot(x, i64x2.splat(SIGN64));
  const e = expM2(a);
  const large = f64x2.add(f64x2.sub(a, f64x2.splat(1.0)), f64x2.div(f64x2.add(e, e), f64x2.add(e, f64x2.splat(1.0))));
  const r = v128.bitselect(tanhshrinkSmall64(a), large, f64x2.lt(a, f64x2.splat(0.9)));
  return v128.or(r, v128.and(x, i64x2.splat(SIGN64)));
}

@final class Tanhshrink64 {
  @inline apply(x: v128): v128 {
    return tanhshrink64(x);
  }
}

export function tanhshrink_f64(src: usize, dst: usize, n: i32): void {
  mapUnary<f64, Tanhshrink64>(src, dst, n);
}

function tanhshrinkGrad64(x: v128, dy: v128): v128 {
  const a = v128.andnot(x, i64x2.splat(SIGN64));
  // tanh² = (t + tl)², t + tl = a − s exactly (s = a³g, a >= s), as p + pe (Dekker) + 2·t·tl, rounded
  // once: dy·t·t from the rounded t reached 4.5 ULP at a = 0.885.
  const s = tanhshrinkSmall64(a);
  const t = f64x2.sub(a, s);
  const tl = f64x2.sub(f64x2.sub(a, t), s);
  const ct = f64x2.mul(t, f64x2.splat(SPLIT64));
  const th = f64x2.sub(ct, f64x2.sub(ct, t));
  const tlo = f64x2.sub(t, th);
  const p = f64x2.mul(t, t);
  const pe = f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(th, th), p), f64x2.mul(f64x2.add(th, th), tlo)), f64x2.mul(tlo, tlo));
  // below a = 2^−300, t = a exactly (a³/3 is far below its ULP) and t² may underflow while dy·t·t does
  // not: (dy·t)·t there
  const t2 = f64x2.add(p, f64x2.add(pe, f64x2.mul(f64x2.add(t, t), tl)));
  const small = v128.bitselect(f64x2.mul(f64x2.mul(dy, t), t), f64x2.mul(dy, t2), f64x2.lt(a, f64x2.splat(TWO_M300)));
  const e = expM2(a);
  const d2 = f64x2.add(f64x2.mul(e, f64x2.add(e, f64x2.splat(2.0))), f64x2.splat(1.0));
  const large = f64x2.mul(dy, f64x2.sub(f64x2.splat(1.0), f64x2.div(f64x2.mul(e, f64x2.splat(4.0)), d2)));
  return v128.bitselect(small, large, f64x2.lt(a, f64x2.splat(0.9)));
}

@final class TanhshrinkGrad64 {
  @inline apply2(x: v128, dy: v128): v128 {
    return tanhshrinkGrad64(x, dy);
  }
}

export function tanhshrink_grad_f64(x: usize, dy: usize, dst: usize, n: i32): void {
  mapBinary<f64, TanhshrinkGrad64>(x, dy, dst, n);
}
