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
//   absolute error, and an f32 v is off by |v|·2^-23 (50 ULP at v = −87). So exp's argument and its range
//   reduction are formed in f64: y = v/ln2 = x·(U1 + U3·x²) (U1 = K1/ln2, U3 = K1κ/ln2, |error| < 2^-44
//   for |y| <= 160), a = max(−|y|, −160), n = round(a) by the magic-number trick, r = (a − n)·ln2 (a − n
//   exact, the product rounded once), and only r (|r| <= ln2/2) is rounded to f32, which costs what the
//   f32 reduction's last rounding costs. Then, over f32x4: p = 2^-64·exp(r) (the coefficients of
//   exp-f32x4-rr2-p6, fit 'exp-f32-p6') and s = 2^(n + 64), whose exponent field is the low word of the
//   magic sum (MAGIC64's 191 = 127 + 64) shifted left by 23: s is normal for n >= −190, and
//   e = exp(−|v|) = s·p. v < 0 (x < 0): x·e/(1 + e) = ((x·s)·p)/(1 + s·p),
//   where x·s is exact (a power of two: |x·s| <= 16·2^64, and never below 2^-126 since n is 0 wherever
//   x is tiny), so (x·s)·p is the one product that may round in the subnormal range (gelu(−10.3) = −1e−45
//   keeps its relative accuracy down to there); v >= 0: x/(1 + s·p). Clamping a at −160 changes nothing
//   that does not round to 0 (16·2^−160 < 2^-150); x itself is clamped to >= −16 in the numerator only
//   (gelu(−Infinity) = −16·0 = −0, not NaN). y in f64 does not overflow for any f32 x (|y| < 1e117):
//   +Infinity gives +Infinity/1, NaN passes (pmax returns its first operand when the comparison is
//   false, and the numerator is NaN).

// Max error, measured (the registry bounds enforce them): f32 exact 1 ULP (exhaustive [−16, 16]), tanh
//   3 ULP at x = −1.30868 (exhaustive over every f32, against the f64 kernel rounded: 2750 of the 4.3e9
//   inputs at 3 ULP, 603,000 at 2; over every 64th float of [−16, 16] the former f32 reduction of v's
//   split gave the same counts to within 0.01%); derivatives 2 ULP (exact) and 3 ULP (tanh, at x = −9.67)
//   beyond the absolute 1.2e−8·|dy| near the zero x ≈ −0.75. f64 (random bit patterns, bands, tails):
//   3 ULP both forms; derivatives 4 ULP beyond the absolute 5e−17·|dy| for |x + 0.75| < 0.5.

// Inlining: map.ts inlines `apply` at every call site of its loop (6 for mapUnary, 4 for mapBinary). The
// short kernels keep @inline (a call per vector would cost about as much as their body); the long ones
// (the general-beta softplus, gelu's exact forms, the derivatives with f64 inside) are called, one copy
// each: as fast (fewer spills) and a much smaller module. Except the f32 exact form, inlined into
// mapUnaryOne's loop of one vector per iteration (two copies: loop and tail), where it is faster than
// called (docs/kernels.md).

import { erfcSqrtHalfPosMul_f32x4_f64x2_rat45 } from '../math/erfc-f32x4-f64x2-rat45';
import { expNegLo_f32x4_rr2_p6, C2 as EC2, C3 as EC3, C4 as EC4, C5 as EC5, C6 as EC6 } from '../math/exp-f32x4-rr2-p6';
import { erfcSqrtHalfPosMul_f64x2_a89 } from '../math/erfc-f64x2-a89';
import { LOG2E, expNegLo_f64x2_rr2_p11, expNegLoMul_f64x2_rr2_p11, expNegMul_f64x2_rr2_p11, expPoly_f64x2_p11, expReduce_f64x2 } from '../math/exp-f64x2-rr2-p11';
import { dyTimesCExpDeep64 } from './grad-tail';
import { HI26, mulErr64 } from '../math/eft';
import { mapBinary, mapUnary, mapUnaryOne } from '../map';
import { demote2, half64, promoteHigh, signMask64 } from '../simd';

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
// y = v/ln2 = x·(U1 + U3·x²): log2(e) folded into v's constants (each rounded once, 2^-53)
const U1: f64 = 2.302208198144325; // K1/ln2
const U3: f64 = 0.1029432395800235; // K1·κ/ln2
const U_MIN: f64 = -160.0; // 16·2^-160 < 2^-150; n + 191 >= 31 keeps s = 2^(n + 64) normal
const LN2_64: f64 = reinterpret<f64>(0x3FE62E42FEFA39EF);
const MAGIC64: f64 = 6755399441056959.0; // 1.5·2^52 + 191: the sum's low word is n + 191


/** The f64 remainder r − fl32(r) of each half, rounded to f32 and put together. */
@inline function joinLo32(r0: v128, r1: v128, hi: v128): v128 {
  const l0 = f64x2.sub(r0, f64x2.promote_low_f32x4(hi));
  const l1 = f64x2.sub(r1, promoteHigh(hi));
  return demote2(l0, l1);
}

/** The lanes of `deep` from the f64 derivative K (each half promoted, rounded once to f32), the others r. */
@inline function f64Lanes<K>(x: v128, dy: v128, r: v128, deep: v128): v128 {
  const k = changetype<K>(0);
  return v128.bitselect(demote2(k.apply2(half64(x, 0), half64(dy, 0)), k.apply2(half64(x, 1), half64(dy, 1))), r, deep);
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
 * exp's range reduction for one f64x2 half of x, in f64: y = v/ln2 = x·(U1 + U3·x²), a = max(−|y|, −160)
 * (tanhNegArg64); the caller's t = a + MAGIC64 has n + 191 in its low word, n = round(a); r = (a − n)·ln2
 * (tanhRem64).
 */
@inline function tanhNegArg64(x: v128): v128 {
  const y = f64x2.mul(f64x2.add(f64x2.mul(f64x2.mul(x, x), f64x2.splat(U3)), f64x2.splat(U1)), x);
  return f64x2.pmax(v128.or(y, i64x2.splat(SIGN64)), f64x2.splat(U_MIN));
}
@inline function tanhRem64(a: v128, t: v128): v128 {
  return f64x2.mul(f64x2.sub(a, f64x2.sub(t, f64x2.splat(MAGIC64))), f64x2.splat(LN2_64));
}

/**
 * gelu, tanh form: x·σ(v) as above.
 * Max error: see the registry bound (exp's polynomial and its last Horner roundings ~1 ULP of e, then
 * (x·s)·p, 1 + e and the quotient one rounding each).
 */
@final class GeluTanh {
  @inline apply(x: v128): v128 {
    const a0 = tanhNegArg64(half64(x, 0));
    const a1 = tanhNegArg64(half64(x, 1));
    const t0 = f64x2.add(a0, f64x2.splat(MAGIC64));
    const t1 = f64x2.add(a1, f64x2.splat(MAGIC64));
    const r0 = tanhRem64(a0, t0);
    const r1 = tanhRem64(a1, t1);
    const r = demote2(r0, r1);
    const s = i32x4.shl(i32x4.shuffle(t0, t1, 0, 2, 4, 6), 23); // 2^(n + 64): the low words, shifted
    // the f32 exp core's polynomial, written out: expPoly_f32x4_p6 inlined here schedules worse on V8 13.6
    let p = f32x4.add(f32x4.mul(f32x4.splat(EC6), r), f32x4.splat(EC5));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EC4));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EC3));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(EC2));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(TWO_M64));
    p = f32x4.add(f32x4.mul(p, r), f32x4.splat(TWO_M64)); // 2^-64·exp(r)
    const den = f32x4.add(f32x4.mul(s, p), f32x4.splat(1.0));
    const xm = f32x4.pmax(x, f32x4.splat(-X_CLAMP));
    // x < 0 (v < 0): x·e, which is above x as e <= 1; x >= 0: x·e <= x. So the numerator is
    // max(x, x·e), one pmax for a sign select (as silu's; NaN passes as pmax's first operand).
    const num = f32x4.pmax(xm, f32x4.mul(f32x4.mul(xm, s), p));
    return f32x4.div(num, den);
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
  apply2(x: v128, dy: v128): v128 {
    const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-X_CLAMP)), f32x4.splat(X_CLAMP));
    const x0 = half64(xc, 0);
    const x1 = half64(xc, 1);
    const v0 = tanhArg64(x0);
    const v1 = tanhArg64(x1);
    const vh = demote2(v0, v1);
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
    // refined by a Newton step (an f64x2 division per half would cost more than the rest)
    const dm = f32x4.mul(dy, v128.bitselect(es, f32x4.splat(1.0), negv));
    const d0 = f64x2.add(one, e0);
    const d1 = f64x2.add(one, e1);
    const q0 = f64x2.mul(d0, d0);
    const q1 = f64x2.mul(d1, d1);
    const r = f32x4.div(f32x4.splat(1.0), demote2(q0, q1));
    const r0 = newton64(half64(r, 0), q0);
    const r1 = newton64(half64(r, 1), q1);
    const g0 = f64x2.mul(f64x2.mul(f64x2.mul(half64(dm, 0), half64(f, 0)), s0), r0);
    const g1 = f64x2.mul(f64x2.mul(f64x2.mul(half64(dm, 1), half64(f, 1)), s1), r1);
    const res = demote2(g0, g1);
    // x < −10 (v < −87: the scaled e is subnormal from v = −131, while dy·gelu'(x) is not negligible
    // down to v = −192 for |dy| up to 2^128): GeluTanhGrad64's lanes, rounded once
    const deep = f32x4.lt(x, f32x4.splat(-10.0));
    if (v128.any_true(deep)) return f64Lanes<GeluTanhGrad64>(x, dy, res, deep);
    return res;
  }
}

/** gelu, exact form: c = ½x·erfc(|x|/√2); x < 0: c, x >= 0: x − c. */
@final class GeluErf {
  @inline apply(x: v128): v128 {
    const a = v128.and(x, i32x4.splat(0x7FFFFFFF));
    // ½x where |x| <= 15, ±0 (x's sign) beyond: erfc clamps a at 14.3, and ½x·erfc(14.3/√2) would leave
    // −1.4e−45 for every x < −14.3 (and ∞·0 at ±Infinity); NaN fails the comparison and stays in erfc.
    const m = v128.bitselect(f32x4.mul(x, f32x4.splat(0.5)), v128.and(x, i32x4.splat(SIGN)), f32x4.le(a, f32x4.splat(15.0)));
    const c = erfcSqrtHalfPosMul_f32x4_f64x2_rat45(a, m, false);
    return v128.bitselect(c, f32x4.sub(x, c), i32x4.shr_s(x, 31));
  }
}

/** dy·a·φ(a) for one f64x2 half (a >= 0, |a| <= 16), φ(a) = exp(−a²/2)/√(2π): a² is exact (a is a widened f32). */
@inline function aPhi64(a: v128, dy: v128): v128 {
  const y = f64x2.mul(f64x2.mul(dy, a), f64x2.splat(INV_SQRT_2PI));
  return expNegMul_f64x2_rr2_p11(f64x2.mul(f64x2.mul(a, a), f64x2.splat(-0.5)), y);
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
  apply2(x: v128, dy: v128): v128 {
    const a = f32x4.pmin(v128.and(x, i32x4.splat(0x7FFFFFFF)), f32x4.splat(X_CLAMP));
    const p = erfcSqrtHalfPosMul_f32x4_f64x2_rat45(a, f32x4.mul(dy, f32x4.splat(0.5))); // dy·Φ(−a)
    const neg = i32x4.shr_s(x, 31);
    const d0 = f64x2.sub(half64(p, 0), aPhi64(half64(a, 0), half64(dy, 0)));
    const d1 = f64x2.sub(half64(p, 1), aPhi64(half64(a, 1), half64(dy, 1)));
    const g0 = v128.bitselect(d0, f64x2.sub(half64(dy, 0), d0), i64x2.extend_low_i32x4_s(neg));
    const g1 = v128.bitselect(d1, f64x2.sub(half64(dy, 1), d1), i64x2.extend_high_i32x4_s(neg));
    const r = demote2(g0, g1);
    // x < −10 (dy·Φ(−a) rounded to f32 first is no longer small against the result for |dy| near
    // 2^128, which is not negligible down to x = −19.6): GeluErfGrad64's lanes, rounded once
    const deep = f32x4.lt(x, f32x4.splat(-10.0));
    if (v128.any_true(deep)) return f64Lanes<GeluErfGrad64>(x, dy, r, deep);
    return r;
  }
}

export function gelu_f32(src: usize, dst: usize, n: i32, approximate: f64): void {
  if (approximate == 1) mapUnary<f32, GeluTanh>(src, dst, n);
  else mapUnaryOne<f32, GeluErf>(src, dst, n);
}

export function gelu_grad_f32(x: usize, dy: usize, dst: usize, n: i32, approximate: f64): void {
  if (approximate == 1) mapBinary<f32, GeluTanhGrad>(x, dy, dst, n);
  else mapBinary<f32, GeluErfGrad>(x, dy, dst, n);
}

// ===================================================================================================
// f64x2. exact form: c = ½x·erfc(|x|/√2) from erfcSqrtHalfPosMul_f64x2_a89 (factor masked beyond
// |x| = 40: erfc clamps a at 38.61); derivative dy·Φ(−a) from the same core and dy·a·φ(a) from
// expNegLoMul with −a²/2 split exactly. tanh form: v in double-double (v's absolute error becomes
// exp's relative error, and |v| reaches 745: f64 alone would leave 700 ULP in the tail).
// ===================================================================================================

const SIGN64: i64 = 0x8000000000000000 as i64;
const ABS64: i64 = 0x7FFFFFFFFFFFFFFF;
const SHIFT_HI64: f64 = 64.0 * reinterpret<f64>(0x3FE62E42FEE00000);
const SHIFT_LO64: f64 = 64.0 * reinterpret<f64>(0x3DEA39EF35793C76);
const TWO_M64_64: f64 = reinterpret<f64>(0x3BF0000000000000);
const TWO_64_64: f64 = reinterpret<f64>(0x43F0000000000000); // 2^64
const BIG_DY64: f64 = reinterpret<f64>(0x7BF0000000000000); // 2^960
const TAIL64: f64 = -600.0;
const X_CLAMP64: f64 = 30.0; // tanh form: v(30) = 1900, σ is 0 or 1 far beyond
const PHI_X_MAX: f64 = 56.0; // exact form: dy·(Φ(−56) − 56·φ(56)) < 2^1024·2^−2270, 0 for any finite dy
const FAR_X: f64 = 37.0; // exact form's derivative: beyond, exp(−a²/2) < 2^−987 (geluErfGradFar64)
const FAR_DY: f64 = reinterpret<f64>(0x7B50000000000000); // 2^950: beyond, dy·N/(√(2π)(a + B)) may pass 2^960
// 2√(2/π) = K1_HI + K1_LO (K1_HI rounded), and K1_HI = K1_H26 + K1_L26 (26-bit split for Dekker)
const K1_HI64: f64 = 1.5957691216057308;
const K1_LO64: f64 = -9.969308809110919e-17;
const K1_H26: f64 = 1.5957691073417664;
const K1_L26: f64 = 1.4263964454030997e-8;
// κ = 0.044715 = KA_HI + KA_LO, KA_HI = KA_H26 + KA_L26
const KA_HI: f64 = 0.044715;
const KA_LO: f64 = 2.1960211427085595e-18;
const KA_H26: f64 = 0.04471499938517809;
const KA_L26: f64 = 6.148219086621332e-10;
const INV_SQRT_2PI64: f64 = 0.3989422804014327;
// Mills ratio R(a) = Φ(−a)/φ(a) = 1/(a + B(a)), B ≈ P9(a)/Q10(a) on [0, 38.61], error relative to a + B
// 6.6e−17 with these f64 coefficients (scripts/fit-poly.mjs 'gelu-mills-f64-b910').
const MP0: f64 = reinterpret<f64>(0x3FE9884533D43651); // 0.79788456080286541
const MP1: f64 = reinterpret<f64>(0x3FEF9E70BE9F3BB4); // 0.98809087019787123
const MP2: f64 = reinterpret<f64>(0x3FE406092536B845); // 0.62573678272543332
const MP3: f64 = reinterpret<f64>(0x3FD076BC6A0A20ED); // 0.25724706988741169
const MP4: f64 = reinterpret<f64>(0x3FB3169F0BDBC239); // 0.074563923258900724
const MP5: f64 = reinterpret<f64>(0x3F900FC3B5D51CCB); // 0.015685136769459967
const MP6: f64 = reinterpret<f64>(0x3F6390460277D67D); // 0.0023881308913996078
const MP7: f64 = reinterpret<f64>(0x3F30A6C1CCF8AED9); // 0.00025408011876735869
const MP8: f64 = reinterpret<f64>(0x3EF21268D62227E6); // 0.000017234718491944324
const MP9: f64 = reinterpret<f64>(0x3EA3484FF1981B85); // 5.7466238273592636e-7
const MQ1: f64 = reinterpret<f64>(0x3FFB19E0BA67A350); // 1.6938178330840010
const MQ2: f64 = reinterpret<f64>(0x3FF6B462FEE05B09); // 1.4190397220715474
const MQ3: f64 = reinterpret<f64>(0x3FE85C26DA6E9906); // 0.76124899542335878
const MQ4: f64 = reinterpret<f64>(0x3FD26022E5153103); // 0.28711769458165309
const MQ5: f64 = reinterpret<f64>(0x3FB448DBEC02347D); // 0.079236741179743178
const MQ6: f64 = reinterpret<f64>(0x3F9094127844F102); // 0.016189850416808767
const MQ7: f64 = reinterpret<f64>(0x3F63D88FA0696844); // 0.0024226002890772886
const MQ8: f64 = reinterpret<f64>(0x3F30BA0A1DC0578B); // 0.00025522944429334148
const MQ9: f64 = reinterpret<f64>(0x3EF21268D5FA2868); // 0.000017234718483062980
const MQ10: f64 = reinterpret<f64>(0x3EA3484FF19EDB4C); // 5.7466238278275786e-7

/** c·b − fl(c·b) for a constant c = ch + cl split at 26 bits. */
@inline function mulErrK64(ch: f64, cl: f64, b: v128, p: v128): v128 {
  const bh = v128.and(b, i64x2.splat(HI26));
  const bl = f64x2.sub(b, bh);
  const c = f64x2.splat(ch);
  const d = f64x2.splat(cl);
  const e = f64x2.add(f64x2.sub(f64x2.mul(c, bh), p), f64x2.add(f64x2.mul(c, bl), f64x2.mul(d, bh)));
  return f64x2.add(e, f64x2.mul(d, bl));
}

/** (a + alo)·(tail ? 2^64 : 1) exp'd: exp(a + alo + (tail ? 64 ln2 : 0)), a <= 0. */
@inline function expNegTail64(a: v128, alo: v128, tail: v128): v128 {
  const arg = v128.bitselect(f64x2.add(a, f64x2.splat(SHIFT_HI64)), a, tail);
  const lo = v128.bitselect(f64x2.add(alo, f64x2.splat(SHIFT_LO64)), alo, tail);
  return expNegLo_f64x2_rr2_p11(arg, lo);
}

/** v = K1·x·(1 + κx²) in double-double (|x| <= 30): returns vh, or with lo the low part. */
@inline function tanhArgDD(x: v128, lo: bool): v128 {
  const p = f64x2.mul(x, x);
  const pe = mulErr64(x, x, p);
  // κ·x²
  const r = f64x2.mul(f64x2.splat(KA_HI), p);
  const re = f64x2.add(mulErrK64(KA_H26, KA_L26, p, r), f64x2.add(f64x2.mul(f64x2.splat(KA_HI), pe), f64x2.mul(f64x2.splat(KA_LO), p)));
  // w = 1 + κx² (two-sum)
  const one = f64x2.splat(1.0);
  const wh = f64x2.add(one, r);
  const bb = f64x2.sub(wh, one);
  const wl = f64x2.add(f64x2.add(f64x2.sub(one, f64x2.sub(wh, bb)), f64x2.sub(r, bb)), re);
  // m = x·w
  const m = f64x2.mul(x, wh);
  const me = f64x2.add(mulErr64(x, wh, m), f64x2.mul(x, wl));
  // v = K1·m
  const v = f64x2.mul(f64x2.splat(K1_HI64), m);
  if (!lo) return v;
  return f64x2.add(mulErrK64(K1_H26, K1_L26, m, v), f64x2.add(f64x2.mul(f64x2.splat(K1_HI64), me), f64x2.mul(f64x2.splat(K1_LO64), m)));
}

/** exp(−|vh + vl|)·(tail ? 2^64 : 1), tail = vh < −600. */
@inline function expNegAbsTail64(vh: v128, vl: v128, tail: v128): v128 {
  const a = v128.or(vh, i64x2.splat(SIGN64));
  const alo = v128.xor(vl, v128.andnot(i64x2.splat(SIGN64), signMask64(vh)));
  return expNegTail64(a, alo, tail);
}

/** gelu, exact form, f64: c = ½x·erfc(|x|/√2); x < 0: c, x >= 0: x − c. */
@final class GeluErf64 {
  apply(x: v128): v128 {
    const a = v128.and(x, i64x2.splat(ABS64));
    const m = v128.bitselect(f64x2.mul(x, f64x2.splat(0.5)), v128.and(x, i64x2.splat(SIGN64)), f64x2.le(a, f64x2.splat(PHI_X_MAX)));
    const c = erfcSqrtHalfPosMul_f64x2_a89(a, m);
    // x < 0: c <= 0; its sign bit is forced (the core returns +0 for a factor of −0 beyond |x| = 40)
    return v128.bitselect(v128.or(c, i64x2.splat(SIGN64)), f64x2.sub(x, c), signMask64(x));
  }
}

/**
 * gelu' (exact), f64: Φ(x) + x·φ(x) = x < 0 ? d(a) : 1 − d(a), a = |x|, d(a) = Φ(−a) − a·φ(a)
 *   = φ(a)·(R(a) − a) = φ(a)·N/(a + B),  N = 1 − a² − a·B,  R = 1/(a + B) (Mills ratio, B = P9/Q10).
 * d changes sign at a = 0.7518 (gelu's minimum) inside N: 1 − a² is exact there (a² split exactly,
 * Sterbenz), a·B rounds by 2^-54·0.41, so the cancellation costs ~3e−17 absolute and no exp error is
 * amplified (both terms share φ(a), applied last by expNegLoMul with −a²/2 split exactly: one rounding,
 * subnormal results included). Where B is large (a → 0) it is a fitted value (6.6e−17 relative to a + B);
 * for large a its Horner errors are damped by B/(a + B) ≈ 1/a². a clamped to 40; NaN passes.
 */
@final class GeluErfGrad64 {
  apply2(x: v128, dy: v128): v128 {
    const a = f64x2.pmin(v128.and(x, i64x2.splat(ABS64)), f64x2.splat(PHI_X_MAX));
    let p = f64x2.add(f64x2.mul(f64x2.splat(MP9), a), f64x2.splat(MP8));
    p = f64x2.add(f64x2.mul(p, a), f64x2.splat(MP7));
    p = f64x2.add(f64x2.mul(p, a), f64x2.splat(MP6));
    p = f64x2.add(f64x2.mul(p, a), f64x2.splat(MP5));
    p = f64x2.add(f64x2.mul(p, a), f64x2.splat(MP4));
    p = f64x2.add(f64x2.mul(p, a), f64x2.splat(MP3));
    p = f64x2.add(f64x2.mul(p, a), f64x2.splat(MP2));
    p = f64x2.add(f64x2.mul(p, a), f64x2.splat(MP1));
    // last Horner step of P and Q compensated (Dekker product, two-sum), and B = P/Q with one Dekker
    // correction: B's rounding errors, which reach N near its zero, shrink to the inner partial sums'
    const ps = f64x2.mul(p, a);
    const pse = mulErr64(p, a, ps);
    const ph = f64x2.add(f64x2.splat(MP0), ps);
    let bb = f64x2.sub(ph, f64x2.splat(MP0));
    const pl = f64x2.add(f64x2.add(f64x2.sub(f64x2.splat(MP0), f64x2.sub(ph, bb)), f64x2.sub(ps, bb)), pse);
    let q = f64x2.add(f64x2.mul(f64x2.splat(MQ10), a), f64x2.splat(MQ9));
    q = f64x2.add(f64x2.mul(q, a), f64x2.splat(MQ8));
    q = f64x2.add(f64x2.mul(q, a), f64x2.splat(MQ7));
    q = f64x2.add(f64x2.mul(q, a), f64x2.splat(MQ6));
    q = f64x2.add(f64x2.mul(q, a), f64x2.splat(MQ5));
    q = f64x2.add(f64x2.mul(q, a), f64x2.splat(MQ4));
    q = f64x2.add(f64x2.mul(q, a), f64x2.splat(MQ3));
    q = f64x2.add(f64x2.mul(q, a), f64x2.splat(MQ2));
    q = f64x2.add(f64x2.mul(q, a), f64x2.splat(MQ1));
    const qs = f64x2.mul(q, a);
    const qse = mulErr64(q, a, qs);
    const one = f64x2.splat(1.0);
    const qh = f64x2.add(one, qs);
    bb = f64x2.sub(qh, one);
    const ql = f64x2.add(f64x2.add(f64x2.sub(one, f64x2.sub(qh, bb)), f64x2.sub(qs, bb)), qse);
    // B = (ph + pl)/(qh + ql): b0 = ph/qh, then b0 + (ph − b0·qh + pl − b0·ql)/qh
    const b0 = f64x2.div(ph, qh);
    const bq = f64x2.mul(b0, qh);
    const r = f64x2.sub(f64x2.add(f64x2.sub(f64x2.sub(ph, bq), mulErr64(b0, qh, bq)), pl), f64x2.mul(b0, ql));
    const b = f64x2.add(b0, f64x2.div(r, qh));
    const den = f64x2.add(a, b);
    const a2 = f64x2.mul(a, a);
    const a2e = mulErr64(a, a, a2);
    const n = f64x2.sub(f64x2.sub(f64x2.sub(f64x2.splat(1.0), a2), a2e), f64x2.mul(a, b));
    // y = dy·N/(√(2π)·(a + B)) reaches 22|dy| at a = 56. Where a > 37 (exp(−a²/2) below 2^−987, where
    // a large dy still gives a normal result) or |dy| > 2^950 (y could pass expNegLoMul's 2^960), the
    // lanes are geluErfGradFar64's, from y formed with dy·2^−64 (exact: elsewhere in those lanes the
    // result is 0).
    const far = v128.or(f64x2.gt(a, f64x2.splat(FAR_X)), f64x2.gt(v128.and(dy, i64x2.splat(ABS64)), f64x2.splat(FAR_DY)));
    const scale = v128.bitselect(f64x2.splat(TWO_M64_64), f64x2.splat(1.0), far);
    const y = f64x2.div(f64x2.mul(f64x2.mul(f64x2.mul(dy, scale), f64x2.splat(INV_SQRT_2PI64)), n), den);
    const ah = v128.and(a, i64x2.splat(HI26));
    const al = f64x2.sub(a, ah);
    const nah = v128.or(ah, i64x2.splat(SIGN64));
    const half = f64x2.splat(0.5);
    const e = f64x2.mul(f64x2.mul(nah, ah), half); // −ah²/2, exact
    const elo = f64x2.mul(f64x2.mul(f64x2.sub(nah, a), al), half); // −al·(a + ah)/2
    let m = expNegLoMul_f64x2_rr2_p11(e, elo, y);
    if (v128.any_true(far)) m = v128.bitselect(geluErfGradFar64(e, elo, y), m, far);
    // beyond the clamp (|x| > 56) the term is −0·dy: the clamped value times a large dy would leave a
    // few subnormal steps
    const d = v128.bitselect(f64x2.mul(dy, f64x2.splat(-0.0)), m, f64x2.gt(v128.and(x, i64x2.splat(ABS64)), f64x2.splat(PHI_X_MAX)));
    return v128.bitselect(d, f64x2.sub(dy, d), signMask64(x));
  }
}

const MAGIC_N: f64 = 6755399441055744.0; // 1.5·2^52: t − this = round(x·log2 e)
const MAGIC_1023: f64 = 6755399441056767.0; // 1.5·2^52 + 1023

/** 2^k for integer-valued lanes k in [−1022, 1023]. */
@inline function pow2_64(k: v128): v128 {
  return i64x2.shl(f64x2.add(k, f64x2.splat(MAGIC_1023)), 52);
}

/**
 * y·exp(e + elo)·2^64 for e <= 0 (clamped at −1600, where the result is 0 for |y| < 2^966), for the
 * exact form's far lanes (y formed from dy·2^−64): exp(e) = 2^n·(1 + q) as in expNegLoMul, P = y + y·q
 * rounded once, then P·2^(n + 64) in two exact steps (b = floor(N/2), a = N − b; N clamped at −2044,
 * below which P·2^N < 2^−1075): no rounding but the last, also where exp(e) alone is far below the
 * doubles and dy·2^−64·exp(e) would be subnormal.
 */
function geluErfGradFar64(e: v128, elo: v128, y: v128): v128 {
  const xc = f64x2.pmax(e, f64x2.splat(-1600.0));
  const t = f64x2.add(f64x2.mul(xc, f64x2.splat(LOG2E)), f64x2.splat(MAGIC_N));
  const n = f64x2.sub(t, f64x2.splat(MAGIC_N));
  const r = expReduce_f64x2(xc, elo, n, true);
  const q = f64x2.add(f64x2.mul(f64x2.mul(r, r), expPoly_f64x2_p11(r, 1.0)), r);
  const P = f64x2.add(f64x2.mul(y, q), y);
  const N = f64x2.pmax(f64x2.add(n, f64x2.splat(64.0)), f64x2.splat(-2044.0));
  const b = f64x2.floor(f64x2.mul(N, f64x2.splat(0.5)));
  return f64x2.mul(f64x2.mul(P, pow2_64(f64x2.sub(N, b))), pow2_64(b));
}

/** gelu, tanh form, f64: x·σ(v), v in double-double; e scaled below −600. */
@final class GeluTanh64 {
  apply(x: v128): v128 {
    const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-X_CLAMP64)), f64x2.splat(X_CLAMP64));
    const vh = tanhArgDD(xc, false);
    const vl = tanhArgDD(xc, true); // the same terms as vh's: one computation after inlining (V8's value numbering)
    const tail = f64x2.lt(vh, f64x2.splat(TAIL64));
    const es = expNegAbsTail64(vh, vl, tail);
    const f = v128.bitselect(f64x2.splat(TWO_M64_64), f64x2.splat(1.0), tail);
    const num = v128.bitselect(es, f64x2.splat(1.0), signMask64(vh));
    const xm = f64x2.pmax(x, f64x2.splat(-X_CLAMP64));
    const den = f64x2.add(f64x2.mul(es, f), f64x2.splat(1.0));
    return f64x2.mul(f64x2.div(f64x2.mul(xm, num), den), f);
  }
}

/**
 * gelu' (tanh form), f64: v < 0: dy·e·s/(1 + e)², s = 1 + e + k; v >= 0: dy·(1 + e + k·e)/(1 + e)²,
 * k = x·v' = 3v − 2·K1·x (v and K1·x in double-double, so the bracket s, which changes sign at
 * x = −0.7524 and cancels by 3x at x = −1, is good to a few 2^-60).
 */
@final class GeluTanhGrad64 {
  apply2(x: v128, dy: v128): v128 {
    const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(-X_CLAMP64)), f64x2.splat(X_CLAMP64));
    const vh = tanhArgDD(xc, false);
    const vl = tanhArgDD(xc, true); // the same terms as vh's: one computation after inlining (V8's value numbering)
    const tail = f64x2.lt(vh, f64x2.splat(TAIL64));
    const es = expNegAbsTail64(vh, vl, tail);
    const f = v128.bitselect(f64x2.splat(TWO_M64_64), f64x2.splat(1.0), tail);
    const e = f64x2.mul(es, f);
    // k = 3v − 2·K1·x = vh + 2(vh − kx) + (3vl − 2kxe)
    const kx = f64x2.mul(f64x2.splat(K1_HI64), xc);
    const kxe = f64x2.add(mulErrK64(K1_H26, K1_L26, xc, kx), f64x2.mul(f64x2.splat(K1_LO64), xc));
    const dv = f64x2.sub(vh, kx);
    const kh = f64x2.add(vh, f64x2.add(dv, dv));
    const kl = f64x2.sub(f64x2.mul(f64x2.splat(3.0), vl), f64x2.add(kxe, kxe));
    const one = f64x2.splat(1.0);
    const negv = signMask64(vh);
    // s = 1 + e + k·(v < 0 ? 1 : e)
    // ((1 + e) + k_hi is exact where it cancels, Sterbenz); (1 + e)² as 1 + e(2 + e), rounded once
    const ke = v128.bitselect(one, e, negv);
    const s = f64x2.add(f64x2.add(f64x2.add(one, e), f64x2.mul(kh, ke)), f64x2.mul(kl, ke));
    const d2 = f64x2.add(f64x2.mul(e, f64x2.add(e, f64x2.splat(2.0))), one);
    // m·s may overflow where the quotient does not (|s| reaches 2^13): lanes with |dy| >= 2^960 run on
    // dy·2^−64 and the result is scaled back, both exact (their result is far above the subnormals)
    const big = f64x2.ge(f64x2.abs(dy), f64x2.splat(BIG_DY64));
    const dys = v128.bitselect(f64x2.mul(dy, f64x2.splat(TWO_M64_64)), dy, big);
    const m = f64x2.mul(dys, v128.bitselect(es, one, negv));
    const r0 = f64x2.mul(f64x2.div(f64x2.mul(m, s), d2), f);
    const r = v128.bitselect(f64x2.mul(r0, f64x2.splat(TWO_64_64)), r0, big);
    // v < −600 (x < −21.4): e < 2^−865, so 1 + e = 1 and the result is dy·s·exp(v), s = 1 + k: formed with
    // exp's power of two apart (dyTimesCExpDeep64), for any finite dy (2^−64 alone leaves exp(v) below
    // the doubles from v = −790 on, while dy·s·exp(v) is normal down to v = −1460; |s| reaches 5700 here,
    // above the 2^11 of dyTimesCExpDeep64's note, but |dy·s|·exp(−1500) is still below 2^−1075)
    return v128.any_true(tail) ? v128.bitselect(dyTimesCExpDeep64(vh, vl, s, dy), r, tail) : r;
  }
}

export function gelu_f64(src: usize, dst: usize, n: i32, approximate: f64): void {
  if (approximate == 1) mapUnary<f64, GeluTanh64>(src, dst, n);
  else mapUnary<f64, GeluErf64>(src, dst, n);
}

export function gelu_grad_f64(x: usize, dy: usize, dst: usize, n: i32, approximate: f64): void {
  if (approximate == 1) mapBinary<f64, GeluTanhGrad64>(x, dy, dst, n);
  else mapBinary<f64, GeluErfGrad64>(x, dy, dst, n);
}
