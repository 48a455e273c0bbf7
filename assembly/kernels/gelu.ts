// GELU over f32x4: approximate = 0 'none' (x·Φ(x)) and 1 'tanh' (½x(1 + tanh(√(2/π)(x + 0.044715x³)))),
// and the derivatives. The kernels receive `approximate` as its index in the registry's name list.
//
// exact form: gelu(x) = x·Φ(x), Φ(x) = ½·erfc(−x/√2). With a = |x| and c = ½x·erfc(a/√2) from
//   erfcSqrtHalfPosMul_f32x4_f64x2_rat45 (erfc of a/√2 without rounding a/√2, the factor ½x inside its one
//   rounding, f64 inside): x < 0: gelu = c (the tail keeps relative accuracy: gelu(−13) = −7.9e−38 is
//   rounded once although Φ(−13) is subnormal); x >= 0: gelu = x − c (c <= x/2: no cancellation).
//   The factor is ±0 beyond |x| = 15 (erfc's own clamp of a at 14.3 would otherwise leave −1.4e−45 for
//   every x < −14.3, and ∞·0 at ±Infinity): gelu(−Infinity) = −0, gelu(+Infinity) = +Infinity; NaN
//   passes (the comparison is false, and erfc propagates it).
//
// tanh form: ½x(1 + tanh(u)) = x·σ(2u) = x·σ(v), v = K1·x·(1 + κx²), K1 = 2√(2/π), κ = 0.044715.
//   1 + tanh(u) would cancel for u < 0 (every float32 peer returns 0 or noise below x ≈ −4); x·σ(v) keeps
//   relative accuracy, provided v itself does: σ(v) ≈ exp(v) in the tail, whose relative error is v's
//   absolute error, and an f32 v is off by |v|·2^-23 (50 ULP at v = −87). v is therefore formed in f64
//   (|error| < 2^-44 for |x| <= 16) and split into vh + vl (two f32s), vl going to exp as the low part of
//   its argument. σ(v) from e = exp(−|v|): v < 0: x·e/(1 + e), v >= 0: x/(1 + e). Where e is subnormal
//   but x·e is not (v < −87.3, x ≈ −10.3) e is computed as exp(−|v| + 64 ln2) and 2^-64 applied last.
//   x is clamped to [−16, 16] inside v (v(16) = 317: σ is 0 or 1 far beyond) and to >= −16 in the
//   product (gelu(−Infinity) = −16·0 = −0, not NaN); NaN passes both clamps (pmin/pmax return their first
//   operand when the comparison is false).

import { erfcSqrtHalfPosMul_f32x4_f64x2_rat45 } from '../math/erfc-f32x4-f64x2-rat45';
import { expNegLo_f32x4_rr2_p6 } from '../math/exp-f32x4-rr2-p6';
import { expNegLoMul_f64x2_rr2_p11 } from '../math/exp-f64x2-rr2-p11';
import { mapBinary, mapUnary } from '../map';

const SIGN: i32 = 0x80000000 as i32;
const SHIFT_HI: f32 = 64.0 * reinterpret<f32>(0x3F317200); // 64·LN2_HI, a multiple of 2^-9
const SHIFT_LO: f32 = 64.0 * reinterpret<f32>(0x35BFBE8E);
const TWO_M64: f32 = reinterpret<f32>(0x1F800000);
const TAIL: f32 = -64.0;
const X_CLAMP: f32 = 16.0;
const K1: f64 = 1.5957691216057308; // 2√(2/π)
const KAPPA: f64 = 0.044715;
const K3X3: f64 = 3.0 * 0.044715; // for v' = K1(1 + 3κx²)
const INV_SQRT_2PI: f64 = 0.3989422804014327; // 1/√(2π)


/** Lanes 0–1 (h = 0) or 2–3 (h = 1) of an f32x4, as f64x2. */
@inline function half64(v: v128, h: i32): v128 {
  return h == 0 ? f64x2.promote_low_f32x4(v) : f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1));
}

/** Two f64x2 halves rounded to f32 and put back together. */
@inline function join32(r0: v128, r1: v128): v128 {
  return f32x4.shuffle(f32x4.demote_f64x2_zero(r0), f32x4.demote_f64x2_zero(r1), 0, 1, 4, 5);
}

/** The f64 remainder r − fl32(r) of each half, rounded to f32 and put together. */
@inline function joinLo32(r0: v128, r1: v128, hi: v128): v128 {
  const l0 = f64x2.sub(r0, f64x2.promote_low_f32x4(hi));
  const l1 = f64x2.sub(r1, f64x2.promote_low_f32x4(f32x4.shuffle(hi, hi, 2, 3, 0, 1)));
  return join32(l0, l1);
}

/** 1/q to ~2^-46 from an f32 reciprocal r of it: one Newton step r + r·(1 − r·q) in f64. */
@inline function newton64(r: v128, q: v128): v128 {
  return f64x2.add(r, f64x2.mul(r, f64x2.sub(f64x2.splat(1.0), f64x2.mul(r, q))));
}

/** v = K1·x·(1 + κx²) for one f64x2 half. */
@inline function tanhArg64(x: v128): v128 {
  const w = f64x2.add(f64x2.mul(f64x2.mul(x, x), f64x2.splat(KAPPA)), f64x2.splat(1.0));
  return f64x2.mul(f64x2.mul(x, f64x2.splat(K1)), w);
}

/**
 * e·(tail ? 2^64 : 1) with e = exp(−|vh + vl|) (the low part's sign flipped where vh >= 0, so that
 * a + alo = −|v|), tail = vh < −64.
 */
@inline function expNegAbsTail(vh: v128, vl: v128, tail: v128): v128 {
  const a = v128.or(vh, i32x4.splat(SIGN));
  const alo = v128.xor(vl, v128.andnot(i32x4.splat(SIGN), i32x4.shr_s(vh, 31)));
  const arg = v128.bitselect(f32x4.add(a, f32x4.splat(SHIFT_HI)), a, tail);
  const lo = v128.bitselect(f32x4.add(alo, f32x4.splat(SHIFT_LO)), alo, tail);
  return expNegLo_f32x4_rr2_p6(arg, lo);
}

/**
 * gelu, tanh form: x·σ(v) as above.
 * Max error: see the registry bound (exp ~1.3 ULP, x·e, 1 + e and the quotient one rounding each).
 */
@final class GeluTanh {
  @inline apply(x: v128): v128 {
    const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-X_CLAMP)), f32x4.splat(X_CLAMP));
    const v0 = tanhArg64(half64(xc, 0));
    const v1 = tanhArg64(half64(xc, 1));
    const vh = join32(v0, v1);
    const vl = joinLo32(v0, v1, vh);
    const tail = f32x4.lt(vh, f32x4.splat(TAIL));
    const es = expNegAbsTail(vh, vl, tail);
    const f = v128.bitselect(f32x4.splat(TWO_M64), f32x4.splat(1.0), tail);
    const num = v128.bitselect(es, f32x4.splat(1.0), i32x4.shr_s(vh, 31)); // v < 0: e; v >= 0: 1
    const xm = f32x4.pmax(x, f32x4.splat(-X_CLAMP));
    const den = f32x4.add(f32x4.mul(es, f), f32x4.splat(1.0));
    return f32x4.mul(f32x4.div(f32x4.mul(xm, num), den), f);
  }
}

/**
 * gelu' (tanh form)·dy = dy·(σ(v) + k·σ(v)σ(−v)), k = x·v', v' = K1(1 + 3κx²); with e = exp(−|v|):
 *   v < 0: dy·e·(1 + e + k)/(1 + e)²     v >= 0: dy·(1 + e + k·e)/(1 + e)²
 * 1 + e + k changes sign at x = −0.7524 (gelu's minimum) and cancels by 3x already at x = −1: it is
 * formed in f64 (k too), so that only e's error (barely amplified: ∂/∂e is e·(…)/(1 + e)²) and the
 * roundings after it remain. Near the zero the result is only absolutely accurate.
 */
@final class GeluTanhGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-X_CLAMP)), f32x4.splat(X_CLAMP));
    const x0 = half64(xc, 0);
    const x1 = half64(xc, 1);
    const v0 = tanhArg64(x0);
    const v1 = tanhArg64(x1);
    const vh = join32(v0, v1);
    const vl = joinLo32(v0, v1, vh);
    const tail = f32x4.lt(vh, f32x4.splat(TAIL));
    const es = expNegAbsTail(vh, vl, tail);
    const f = v128.bitselect(f32x4.splat(TWO_M64), f32x4.splat(1.0), tail);
    const e = f32x4.mul(es, f); // only its absolute value matters in 1 + e (+ k·e)
    const negv = i32x4.shr_s(vh, 31);
    const n0 = i64x2.extend_low_i32x4_s(negv);
    const n1 = i64x2.extend_high_i32x4_s(negv);
    const e0 = half64(e, 0);
    const e1 = half64(e, 1);
    // k = x·K1·(1 + 3κx²)
    const k0 = f64x2.mul(f64x2.mul(x0, f64x2.splat(K1)), f64x2.add(f64x2.mul(f64x2.mul(x0, x0), f64x2.splat(K3X3)), f64x2.splat(1.0)));
    const k1 = f64x2.mul(f64x2.mul(x1, f64x2.splat(K1)), f64x2.add(f64x2.mul(f64x2.mul(x1, x1), f64x2.splat(K3X3)), f64x2.splat(1.0)));
    // s = 1 + e + k·(v < 0 ? 1 : e)
    const one = f64x2.splat(1.0);
    const s0 = f64x2.add(f64x2.add(one, e0), f64x2.mul(k0, v128.bitselect(one, e0, n0)));
    const s1 = f64x2.add(f64x2.add(one, e1), f64x2.mul(k1, v128.bitselect(one, e1, n1)));
    // dy·(v < 0 ? e : 1)·s/(1 + e)², f applied, rounded once: the f64 quotient from f32's reciprocal
    // refined by a Newton step (an f64 division measured several times slower here)
    const dm = f32x4.mul(dy, v128.bitselect(es, f32x4.splat(1.0), negv));
    const d0 = f64x2.add(one, e0);
    const d1 = f64x2.add(one, e1);
    const q0 = f64x2.mul(d0, d0);
    const q1 = f64x2.mul(d1, d1);
    const r = f32x4.div(f32x4.splat(1.0), join32(q0, q1));
    const r0 = newton64(half64(r, 0), q0);
    const r1 = newton64(half64(r, 1), q1);
    const g0 = f64x2.mul(f64x2.mul(f64x2.mul(half64(dm, 0), half64(f, 0)), s0), r0);
    const g1 = f64x2.mul(f64x2.mul(f64x2.mul(half64(dm, 1), half64(f, 1)), s1), r1);
    return join32(g0, g1);
  }
}

/** gelu, exact form: c = ½x·erfc(|x|/√2); x < 0: c, x >= 0: x − c. */
@final class GeluErf {
  @inline apply(x: v128): v128 {
    const a = v128.and(x, i32x4.splat(0x7FFFFFFF));
    // ½x where |x| <= 15, ±0 (x's sign) beyond: erfc clamps a at 14.3, and ½x·erfc(14.3/√2) would leave
    // −1.4e−45 for every x < −14.3 (and ∞·0 at ±Infinity); NaN fails the comparison and stays in erfc.
    const m = v128.bitselect(f32x4.mul(x, f32x4.splat(0.5)), v128.and(x, i32x4.splat(SIGN)), f32x4.le(a, f32x4.splat(15.0)));
    const c = erfcSqrtHalfPosMul_f32x4_f64x2_rat45(a, m);
    return v128.bitselect(c, f32x4.sub(x, c), i32x4.shr_s(x, 31));
  }
}

/** dy·a·φ(a) for one f64x2 half (a >= 0, |a| <= 16), φ(a) = exp(−a²/2)/√(2π): a² is exact (a is a widened f32). */
@inline function aPhi64(a: v128, dy: v128): v128 {
  const y = f64x2.mul(f64x2.mul(dy, a), f64x2.splat(INV_SQRT_2PI));
  return expNegLoMul_f64x2_rr2_p11(f64x2.mul(f64x2.mul(a, a), f64x2.splat(-0.5)), f64x2.splat(0), y);
}

/**
 * gelu'(x)·dy, exact form: Φ(x) + x·φ(x) = x < 0 ? Φ(−a) − a·φ(a) : 1 − (Φ(−a) − a·φ(a)), a = |x|.
 * dy·Φ(−a) comes from the erfc core (rounded once to f32), dy·a·φ(a) from the f64 exp, and the
 * difference is formed in f64: Φ(−a) − a·φ(a) changes sign at a = 0.7518 (gelu's minimum), where the
 * result is only absolutely accurate (the f32 rounding of dy·Φ(−a): 2^-25·|dy·Φ| <= 7.5e−9·|dy|).
 * a is clamped to 16 (beyond, both terms are 0 in f32) and x's sign taken from the input, so ±Infinity
 * give −0·dy and dy; NaN passes the clamp.
 */
@final class GeluErfGrad {
  @inline apply2(x: v128, dy: v128): v128 {
    const a = f32x4.pmin(v128.and(x, i32x4.splat(0x7FFFFFFF)), f32x4.splat(X_CLAMP));
    const p = erfcSqrtHalfPosMul_f32x4_f64x2_rat45(a, f32x4.mul(dy, f32x4.splat(0.5))); // dy·Φ(−a)
    const neg = i32x4.shr_s(x, 31);
    const d0 = f64x2.sub(half64(p, 0), aPhi64(half64(a, 0), half64(dy, 0)));
    const d1 = f64x2.sub(half64(p, 1), aPhi64(half64(a, 1), half64(dy, 1)));
    const g0 = v128.bitselect(d0, f64x2.sub(half64(dy, 0), d0), i64x2.extend_low_i32x4_s(neg));
    const g1 = v128.bitselect(d1, f64x2.sub(half64(dy, 1), d1), i64x2.extend_high_i32x4_s(neg));
    return join32(g0, g1);
  }
}

export function gelu_f32(src: usize, dst: usize, n: i32, approximate: f64): void {
  if (approximate == 1) mapUnary<f32, GeluTanh>(src, dst, n);
  else mapUnary<f32, GeluErf>(src, dst, n);
}

export function gelu_grad_f32(x: usize, dy: usize, dst: usize, n: i32, approximate: f64): void {
  if (approximate == 1) mapBinary<f32, GeluTanhGrad>(x, dy, dst, n);
  else mapBinary<f32, GeluErfGrad>(x, dy, dst, n);
}
