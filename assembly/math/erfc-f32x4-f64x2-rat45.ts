// erfc(z) for f32x4 with relative accuracy down to the underflow (z ≈ 10.06), and erf(x): computed in
// f64x2 arithmetic (two halves), erfc(z) = exp(−z²)·P4(z)/Q5(z), rounded to f32 once at the end.
//
// Callers: exact GELU, gelu(x) = x·Φ(x), Φ(x) = ½·erfc(−x/√2). Its negative tail needs Φ relative to
// itself where Φ is tiny (gelu(−13) = −7.9e−38; Φ is subnormal below −13.2 while x·Φ is still normal),
// so erfcSqrtHalfPosMul_f32x4_f64x2_rat45(a, m) = m·erfc(a/√2) takes a itself (no rounded a/√2: at a = 14
// a relative error ε in a/√2 costs 2·(a²/2)·ε = 196ε in erfc) and the factor m (= ½·x) inside, so that
// the product rounds once.
//
// Why f64 inside: the same algorithm in f32 (exp-f32x4-rr2-p6 fed the exact split of z², P4/Q5 in f32)
// measured 6.4 ULP: with every coefficient positive, each Horner step of P and Q at z ≈ 8 rounds a
// partial sum that dominates the result, and the ~9 roundings of the ratio alone reach 3.2 ULP. In f64
// those roundings, the exponent −z² (exact: z has 24 bits, z² 48) and exp's own error all vanish below
// 2^-40, and the only f32 rounding is the final demotion (subnormal results included: f64 has no
// subnormal problem at 1e−45). Cost: the two halves double the arithmetic (~90 instructions a vector).
//
// Algorithm, per f64x2 half (z >= 0, clamped to 10.1 with pmin before widening: erfc(10.1) = 2.8e−46
// rounds to +0 in f32; +Infinity gives +0 and NaN passes, pmin returning its first operand)
//   exp(−z²): n = round(−z²/ln2) by the magic-number trick (MAGIC = 1.5·2^52 + 1023, s = bits << 52 is
//     2^n), r = −z² − n·ln2 (one constant: n·ln2 rounds by 2^-47, 1e−14 relative, far below f32),
//     exp(r) ≈ 1 + r + r²·(C2 + … + C6·r⁴), relative error 3.1e−9 (0.05 f32 ULP) on [−ln2/2, ln2/2]
//     (scripts/fit-poly.mjs 'erfc-f32-f64-exp-p6').
//   erfcx(z) = exp(z²)·erfc(z) ≈ P4(z)/Q5(z), a near-minimax rational (Loeb–Lawson in double-double) with
//     relative error 5.8e−9 (0.1 f32 ULP) on [0, 10.1] ('erfc-f32-f64-rat45'); for erfc(a/√2) the same
//     fit in a ('erfc-sqrthalf-f32-f64-rat45', [0, 14.3]) with exponent −a²/2, whose exp takes log2(e)
//     into the scale instead: y = a²·(−log2(e)/2) (a² exact, y rounded once: 2^-44 absolute at most),
//     n = round(y), r = (y − n)·ln2 (y − n exact), the same polynomial (one f64 multiply fewer).
//   m·erfc = (s·p)·((m·P)/Q), then f32x4.demote_f64x2_zero of both halves.
// erfc(x) for x < 0: 2 − erfc(−x), in f64 before the rounding. erf(x): |x| < 0.5: x + x·g(x²) in f32,
//   g of degree 4 (the leading term exact; relative error 2.9e−9, 'erf-small-f32-p9'); |x| >= 0.5:
//   1 − erfc(|x|) in f64; the sign of x is copied back (erf(−0) = −0, NaN passes).
// Max error (scripts/math-probe/check.mjs; references in double, ~1e−15):
//   erfcPos               0.645 ULP at z = 6.03625488, exhaustive over every float in [0, 10.1]
//   erfcSqrtHalfPosMul    0.645 ULP at a = 3.44720459, as gelu(−a) = (−a/2)·erfc(a/√2), exhaustive
//                         over every float in [0, 14.3]
//   erf                   0.764 ULP at x = 4.16e−38 (x + x·g partly underflows), exhaustive over [0, 3.92]
//   erfc (all x)          0.620 ULP; erfcPosMul 0.642 ULP (m in [−8, 8]); strided sweeps of 3–4 million points
//   Never more than 1 from the correctly rounded result. Cost: ~89 SIMD instructions a vector for erfcPos
//   (two f64x2 divisions), 92 for erfcSqrtHalfPosMul, 107 for erf.

import { demote2, promoteHigh, promoteLow } from '../simd';

const SIGN: i32 = 0x80000000 as i32;
const ABS: i32 = 0x7FFFFFFF;
const Z_MAX: f32 = 10.1; // erfc(10.1) = 2.8e−46 < 2^-150: rounds to +0
const A_MAX: f32 = 14.3; // 10.1·√2, for erfc(a/√2)
const MAGIC: f64 = 6755399441056767.0; // 1.5·2^52 + 1023
const LOG2E: f64 = reinterpret<f64>(0x3FF71547652B82FE); // log2(e)
const LN2: f64 = reinterpret<f64>(0x3FE62E42FEFA39EF); // ln2
const HLOG2E: f64 = -0.5 * LOG2E; // −log2(e)/2, exact halving
// exp(r) − 1 − r ≈ r²·(C2 + … + C6·r⁴); scripts/fit-poly.mjs 'erfc-f32-f64-exp-p6'.
const C2: f64 = reinterpret<f64>(0x3FDFFFFFB9ADAFEE); // 0.49999993450796765
const C3: f64 = reinterpret<f64>(0x3FC5554916501D2E); // 0.16666520680903701
const C4: f64 = reinterpret<f64>(0x3FA5558F138FED7D); // 0.041668387544599540
const C5: f64 = reinterpret<f64>(0x3F81239D5492FF0D); // 0.0083687106547354565
const C6: f64 = reinterpret<f64>(0x3F56A243DC810EF9); // 0.0013814604481163213
// erfcx(z) ≈ P(z)/Q(z), P = p0 + … + p4 z⁴, Q = 1 + q1 z + … + q5 z⁵; 'erfc-f32-f64-rat45'.
const P0: f64 = reinterpret<f64>(0x3FF0000001863532); // 1.0000000056782707
const P1: f64 = reinterpret<f64>(0x3FF3D0B9E1CF8171); // 1.2384585209584567
const P2: f64 = reinterpret<f64>(0x3FE769B0D4968616); // 0.73165170212831998
const P3: f64 = reinterpret<f64>(0x3FCD57BECC7A92A8); // 0.22924027427975102
const P4: f64 = reinterpret<f64>(0x3FA0CB39B9B8CE97); // 0.032800487443094876
const Q1: f64 = reinterpret<f64>(0x4002EF48E6211714); // 2.3668382624481499
const Q2: f64 = reinterpret<f64>(0x400337FA90AC87A9); // 2.4023333838130907
const Q3: f64 = reinterpret<f64>(0x3FF535122E1A2023); // 1.3254567910062256
const Q4: f64 = reinterpret<f64>(0x3FDA018B077C38D2); // 0.40634418230991998
const Q5: f64 = reinterpret<f64>(0x3FADC4165972CE46); // 0.058136652392388785
// erfcx(a/√2) ≈ S(a)/T(a); 'erfc-sqrthalf-f32-f64-rat45'.
const S0: f64 = reinterpret<f64>(0x3FF0000001871727); // 1.0000000056911149
const S1: f64 = reinterpret<f64>(0x3FEC067A470E6C8F); // 0.87579072836105520
const S2: f64 = reinterpret<f64>(0x3FD76A852116FC33); // 0.36587646705078497
const S3: f64 = reinterpret<f64>(0x3FB4C0B97D00EE44); // 0.081065743463960394
const S4: f64 = reinterpret<f64>(0x3F80CC8DF95F704D); // 0.0082026569106618211
const T1: f64 = reinterpret<f64>(0x3FFAC7602AB2B3A1); // 1.6736756961720192
const T2: f64 = reinterpret<f64>(0x3FF33868C840B830); // 1.2012718031287584
const T3: f64 = reinterpret<f64>(0x3FDDFEF5E6ECA404); // 0.46868655730446585
const T4: f64 = reinterpret<f64>(0x3FBA02F1B4B6AB9B); // 0.10160742437316943
const T5: f64 = reinterpret<f64>(0x3F850DE19F0E1BA0); // 0.010280382791973797
// erf(x) − x ≈ x·(E0 + E1 r + … + E4 r⁴), r = x², |x| < 0.5 (f32); 'erf-small-f32-p9'.
const E0: f32 = reinterpret<f32>(0x3E0375D4); // 0.128379166 = 2/√π − 1
const E1: f32 = reinterpret<f32>(0xBEC09399); // −0.376126081
const E2: f32 = reinterpret<f32>(0x3DE7127C); // 0.112828225
const E3: f32 = reinterpret<f32>(0xBCDB31E1); // −0.0267571826
const E4: f32 = reinterpret<f32>(0x3B9A995A); // 0.00471798796

// The f64x2 constants of the hot paths as a table in linear memory, one 16-byte splat each, loaded
// where used: a load is one instruction, where V8 builds a v128 constant with movabs + vmovq +
// vpunpcklqdq (V8 11.3 wherever the kernel calls the core once per vector; V8 13.6+ at every use in a
// loop, which scripts/hoist-constants.mjs avoids for every other constant).
const KT: usize = memory.data<f64>([
  LOG2E, LOG2E, MAGIC, MAGIC, LN2, LN2, C6, C6, C5, C5, C4, C4, C3, C3, C2, C2, 1.0, 1.0, HLOG2E, HLOG2E,
  S4, S4, S3, S3, S2, S2, S1, S1, S0, S0, T5, T5, T4, T4, T3, T3, T2, T2, T1, T1,
], 16);
const K_LOG2E = 0, K_MAGIC = 1, K_LN2 = 2, K_C6 = 3, K_C5 = 4, K_C4 = 5, K_C3 = 6, K_C2 = 7, K_ONE = 8, K_HLOG2E = 9;
const K_S4 = 10, K_S3 = 11, K_S2 = 12, K_S1 = 13, K_S0 = 14, K_T5 = 15, K_T4 = 16, K_T3 = 17, K_T2 = 18, K_T1 = 19;
/** The table's i-th splat. */
@inline function kt(i: i32): v128 {
  return v128.load(KT + (<usize>i << 4));
}

/**
 * Constant i as a load from the table (`table`) or as a splat, which scripts/hoist-constants.mjs builds
 * once before the loop, in a local. Exact GELU's derivative keeps the loads: with splats it ran 1.2x
 * slower on V8 11.3 and 12.4 (8.7 -> 10.6 ns/element) and no faster on 13.6. Its forward, ordered by
 * critical path (scripts/schedule-loops.mjs), takes splats: with loads, V8 12.4 hoists all of them to
 * the top of the loop and spills them (1.2x slower), and V8 13.6 spills their values too (3.41 against
 * 3.00 ns/element; docs/kernels.md).
 */
@inline function kc(i: i32, table: bool): v128 {
  if (table) return kt(i);
  switch (i) {
    case K_LOG2E: return f64x2.splat(LOG2E);
    case K_MAGIC: return f64x2.splat(MAGIC);
    case K_LN2: return f64x2.splat(LN2);
    case K_C6: return f64x2.splat(C6);
    case K_C5: return f64x2.splat(C5);
    case K_C4: return f64x2.splat(C4);
    case K_C3: return f64x2.splat(C3);
    case K_C2: return f64x2.splat(C2);
    case K_ONE: return f64x2.splat(1.0);
    case K_HLOG2E: return f64x2.splat(HLOG2E);
    case K_S4: return f64x2.splat(S4);
    case K_S3: return f64x2.splat(S3);
    case K_S2: return f64x2.splat(S2);
    case K_S1: return f64x2.splat(S1);
    case K_S0: return f64x2.splat(S0);
    case K_T5: return f64x2.splat(T5);
    case K_T4: return f64x2.splat(T4);
    case K_T3: return f64x2.splat(T3);
    case K_T2: return f64x2.splat(T2);
    default: return f64x2.splat(T1);
  }
}

/** s·exp(r) for |r| <= ln2/2 (+ a rounding): 1 + r + r²·(C2 + … + C6·r⁴), then the scale s = 2^n. */
@inline function scaledExpPoly64(r: v128, s: v128, table: bool = true): v128 {
  let g = f64x2.add(f64x2.mul(kc(K_C6, table), r), kc(K_C5, table));
  g = f64x2.add(f64x2.mul(g, r), kc(K_C4, table));
  g = f64x2.add(f64x2.mul(g, r), kc(K_C3, table));
  g = f64x2.add(f64x2.mul(g, r), kc(K_C2, table));
  const p = f64x2.add(f64x2.add(f64x2.mul(f64x2.mul(r, r), g), r), kc(K_ONE, table));
  return f64x2.mul(s, p);
}

/** exp(x) for x in [−103, 0], f64x2, to ~3e−9 relative (NaN passes). */
@inline function expNeg64(x: v128): v128 {
  const t = f64x2.add(f64x2.mul(x, kt(K_LOG2E)), kt(K_MAGIC));
  const s = i64x2.shl(t, 52); // 2^n
  const r = f64x2.sub(x, f64x2.mul(f64x2.sub(t, kt(K_MAGIC)), kt(K_LN2)));
  return scaledExpPoly64(r, s);
}

/**
 * exp(−a²/2) for a in [0, 14.3], f64x2, as expNeg64 with log2(e) folded into the scale: y = a²·K_H
 * (K_H = −log2(e)/2; a² exact, y rounded once: |error| < 2^-44 for y >= −148), n = round(y) by the
 * magic sum, r = (y − n)·ln2 (y − n exact, one rounding), exp(r) by the same polynomial.
 */
@inline function expNegHalfSq64(a: v128, table: bool): v128 {
  const y = f64x2.mul(f64x2.mul(a, a), kc(K_HLOG2E, table));
  const t = f64x2.add(y, kc(K_MAGIC, table));
  const s = i64x2.shl(t, 52); // 2^n
  const r = f64x2.mul(f64x2.sub(y, f64x2.sub(t, kc(K_MAGIC, table))), kc(K_LN2, table));
  return scaledExpPoly64(r, s, table);
}

/** m·erfc(z) for z in [0, 10.1] (f64x2); useM false: m is ignored (erfc itself). */
@inline function mulErfc64(z: v128, m: v128, useM: bool): v128 {
  let p = f64x2.add(f64x2.mul(f64x2.splat(P4), z), f64x2.splat(P3));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P2));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P1));
  p = f64x2.add(f64x2.mul(p, z), f64x2.splat(P0));
  let q = f64x2.add(f64x2.mul(f64x2.splat(Q5), z), f64x2.splat(Q4));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q3));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q2));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(Q1));
  q = f64x2.add(f64x2.mul(q, z), f64x2.splat(1.0));
  if (useM) p = f64x2.mul(p, m);
  const e = expNeg64(f64x2.neg(f64x2.mul(z, z))); // −z² exact: z is a widened f32
  return f64x2.mul(e, f64x2.div(p, q));
}

/** m·erfc(a/√2) for a in [0, 14.3] (f64x2). */
@inline function mulErfcSqrtHalf64(a: v128, m: v128, table: bool): v128 {
  let p = f64x2.add(f64x2.mul(kc(K_S4, table), a), kc(K_S3, table));
  p = f64x2.add(f64x2.mul(p, a), kc(K_S2, table));
  p = f64x2.add(f64x2.mul(p, a), kc(K_S1, table));
  p = f64x2.add(f64x2.mul(p, a), kc(K_S0, table));
  let q = f64x2.add(f64x2.mul(kc(K_T5, table), a), kc(K_T4, table));
  q = f64x2.add(f64x2.mul(q, a), kc(K_T3, table));
  q = f64x2.add(f64x2.mul(q, a), kc(K_T2, table));
  q = f64x2.add(f64x2.mul(q, a), kc(K_T1, table));
  q = f64x2.add(f64x2.mul(q, a), kc(K_ONE, table));
  const e = expNegHalfSq64(a, table);
  return f64x2.mul(e, f64x2.div(f64x2.mul(p, m), q));
}

/** erfc(z) for z >= 0 (+Infinity gives +0, NaN passes). */
@inline export function erfcPos_f32x4_f64x2_rat45(z: v128): v128 {
  const zc = f32x4.pmin(z, f32x4.splat(Z_MAX));
  const u = f64x2.splat(1.0);
  return demote2(mulErfc64(promoteLow(zc), u, false), mulErfc64(promoteHigh(zc), u, false));
}

/** m·erfc(z) for z >= 0, rounded once (NaN in either passes). */
@inline export function erfcPosMul_f32x4_f64x2_rat45(z: v128, m: v128): v128 {
  const zc = f32x4.pmin(z, f32x4.splat(Z_MAX));
  return demote2(mulErfc64(promoteLow(zc), promoteLow(m), true), mulErfc64(promoteHigh(zc), promoteHigh(m), true));
}

/**
 * m·erfc(a/√2) for a >= 0, rounded once, without rounding a/√2. The upper tail of the standard normal
 * distribution is ½·erfc(a/√2), and gelu(x) for x < 0 is erfcSqrtHalfPosMul(−x, ½·x). `table`: the
 * constants loaded from the table, or splats (kc).
 */
@inline export function erfcSqrtHalfPosMul_f32x4_f64x2_rat45(a: v128, m: v128, table: bool = true): v128 {
  const ac = f32x4.pmin(a, f32x4.splat(A_MAX));
  return demote2(mulErfcSqrtHalf64(promoteLow(ac), promoteLow(m), table), mulErfcSqrtHalf64(promoteHigh(ac), promoteHigh(m), table));
}

/** erfc(x) for every x: 2 − erfc(−x) for x < 0, in f64 (−Infinity gives 2, NaN passes). */
@inline export function erfc_f32x4_f64x2_rat45(x: v128): v128 {
  const zc = f32x4.pmin(v128.and(x, i32x4.splat(ABS)), f32x4.splat(Z_MAX));
  const u = f64x2.splat(1.0);
  const xl = promoteLow(x);
  const xh = promoteHigh(x);
  const rl = mulErfc64(promoteLow(zc), u, false);
  const rh = mulErfc64(promoteHigh(zc), u, false);
  const two = f64x2.splat(2.0);
  const zero = f64x2.splat(0.0);
  return demote2(
    v128.bitselect(f64x2.sub(two, rl), rl, f64x2.lt(xl, zero)),
    v128.bitselect(f64x2.sub(two, rh), rh, f64x2.lt(xh, zero)),
  );
}

/** erf(x) for every x (±Infinity gives ±1, NaN passes, −0 gives −0). */
@inline export function erf_f32x4_f64x2_rat45(x: v128): v128 {
  const a = v128.and(x, i32x4.splat(ABS));
  const r = f32x4.mul(a, a);
  let g = f32x4.add(f32x4.mul(f32x4.splat(E4), r), f32x4.splat(E3));
  g = f32x4.add(f32x4.mul(g, r), f32x4.splat(E2));
  g = f32x4.add(f32x4.mul(g, r), f32x4.splat(E1));
  g = f32x4.add(f32x4.mul(g, r), f32x4.splat(E0));
  const small = f32x4.add(a, f32x4.mul(a, g));
  const zc = f32x4.pmin(a, f32x4.splat(Z_MAX));
  const u = f64x2.splat(1.0);
  const big = demote2(
    f64x2.sub(u, mulErfc64(promoteLow(zc), u, false)),
    f64x2.sub(u, mulErfc64(promoteHigh(zc), u, false)),
  );
  const res = v128.bitselect(small, big, f32x4.lt(a, f32x4.splat(0.5)));
  return v128.or(res, v128.and(x, i32x4.splat(SIGN)));
}
