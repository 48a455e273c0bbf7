// softmax along rows (contiguous) and down the columns of a strided axis (axis.ts's colsWalk), f32x4;
// the f64x2 kernels follow below.
//
//   m = max(x), d = x − m <= 0, y = exp(d) / sum(exp(d)).
// Three passes per row, each row in cache: max; exp, stored, and summed; scale.
// Two ways to form the exps (softmax is the same for any shift M: exp(x − M)/sum(exp(x − M))):
//   * shifted (rows of 64 and more whose max |m| <= 240, i.e. every row of logits in practice):
//     M = j·ln2, j = ceil(m·log2(e)), and exp(x − j·ln2) = 2^(n − j)·exp(x − n·ln2) is the reduction of
//     x itself, exact, with −j folded into the magic number (expShift_f32x4_rr2_p6). The row's maxima
//     are counted, so that their term's own exp error (which a peaked row's sum is almost all of) is
//     replaced by the exact exp(m − M) in f64 (2.8 ULP without, 2.1 with).
//   * two-sum (short rows, where the shifted form's per-row setup costs more than it saves, and rows
//     with a huge or non-finite max): exp of d = fl(x − m) plus its rounding error, recovered exactly
//     by a two-sum and added to exp's reduced argument (expNegLo), so exp sees x − m exactly.
//     Without it exp(d)'s relative error grows with |d|·(rounding of d): up to |d| ULP.
// Accuracy: max 2.1 ULP (shifted) and 2.3 ULP (two-sum) measured on 1.3e7 outputs of random and peaked
// rows of 1 to 4096 elements, scales 0.01 to 300, maxima from −150 to 1e4 (the tests enforce the
// registry's 4; peers reach 38 ULP on 1000-wide rows):
//   * The sum: pairs of vectors are added in f32 (one rounding, <= 2^−24 relative), then accumulated
//     in f64, so it does not drift on long rows.
//   * y = e · (1/sum) rounded once to f32: in f64 (scale64), or, along rows in the relaxed module where
//     the engine fuses its multiply-adds, as e·hi plus that product's exact error plus e·lo, in f32
//     (scaleFma; hi + lo = 1/sum to 2^−48): the same bound in four f32 operations, where the f64 form
//     converts each half twice (docs/kernels.md). A probe at the kernel's entry (maddFused) chooses, so
//     the plain build and the plain module unfused from the relaxed one keep the f64 form and its
//     bits. The two forms differ in about 1 output in 1000 (near ties), each within the bound.
//     Strided axes keep the f64 form.
// Loops: four vectors per iteration (independent chains); registers are the limit (V8 uses 16 xmm
// registers, and the exp core's 12 constants take most), so the shifted pass keeps two f64 accumulators,
// not four. The alternatives measured: docs/kernels.md, "Softmax and logSoftmax".
// Special values (as PyTorch): a NaN anywhere makes the row NaN — pmax may drop it from m, but its
// d = NaN − m is NaN, so the sum and with it every output of the row is NaN; +Infinity in a row gives
// m = +Inf and inf − inf = NaN, so the row is NaN; a row of −Infinity is NaN likewise (d = −Inf + Inf);
// −Infinity among finite values gives 0. Huge finite values never overflow: d = x − m may be
// −Infinity, which exp maps to 0 (the two-sum's correction is masked to 0 wherever d < −104, where exp
// is 0 anyway); on the shifted path x is clamped at j·ln2 − 110.5, where exp is 0, and NaN passes the
// clamp (pmax returns its first operand).

import { EXP_SHIFT_M_MAX, LN2_F64, expShiftJ, expShiftMagic, expShiftXMin, expShift_f32x4_rr2_p6 } from '../math/exp-f32x4-rr2-p6';
import { expNeg_f64x2_rr2_p11 } from '../math/exp-f64x2-rr2-p11';
import { promoteHigh, promoteLow } from '../simd';
import { madd_f32x4, nmadd_f32x4 } from '../math/madd';
import { mapUnaryP } from '../map';
import { twoSumErr } from '../math/eft';
import { colsWalk, expDiff, laneMask, loadCols, rowMax, rowSum64, storeCols } from './axis';

/** exp(x − m) with the exact difference (expDiff), element type T, result <= 1. */
@inline function expMinusMax<T>(x: v128, m: v128): v128 {
  return expDiff<T>(x, m, v128.sub<T>(x, m));
}

/** max of p[0..n) (a NaN may be dropped: see rowMax), −Infinity for n = 0. */
export function softmax_max_f32(p: usize, n: i32): f32 {
  return rowMax<f32>(p, n);
}

/**
 * sum of exp(p[i] − m) in f64, writing exp(p[i] − m) to q[i] (q may be p). Four vectors per iteration,
 * each pair added in f32 and accumulated in its own f64x2 accumulators: independent chains.
 */
function expSum(p: usize, q: usize, n: i32, m: f32): f64 {
  const mv = f32x4.splat(m);
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    const e0 = expMinusMax<f32>(v128.load(p + o), mv);
    const e1 = expMinusMax<f32>(v128.load(p + o, 16), mv);
    const e2 = expMinusMax<f32>(v128.load(p + o, 32), mv);
    const e3 = expMinusMax<f32>(v128.load(p + o, 48), mv);
    v128.store(q + o, e0);
    v128.store(q + o, e1, 16);
    v128.store(q + o, e2, 32);
    v128.store(q + o, e3, 48);
    const t0 = f32x4.add(e0, e1);
    const t1 = f32x4.add(e2, e3);
    a0 = f64x2.add(a0, promoteLow(t0));
    a1 = f64x2.add(a1, promoteHigh(t0));
    a2 = f64x2.add(a2, promoteLow(t1));
    a3 = f64x2.add(a3, promoteHigh(t1));
  }
  for (; i < n; i += 4) {
    const k = min(4, n - i);
    const e = v128.and(expMinusMax<f32>(loadCols<f32>(p + (<usize>i << 2), k), mv), laneMask(k));
    storeCols<f32>(q + (<usize>i << 2), e, k);
    a0 = f64x2.add(a0, promoteLow(e));
    a1 = f64x2.add(a1, promoteHigh(e));
  }
  const a = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

/** exp(m − j·ln2) in f64 (m − j·ln2 in [−ln2, 0], to ~2^−45: j·ln2's rounding; exp to ~1 f64 ULP). */
@inline export function expMaxShift(m: f32, j: i32): f64 {
  // Not Math.exp: that reads a table from static data, which the relaxed side module (sharing the main
  // memory) lacks.
  return f64x2.extract_lane(expNeg_f64x2_rr2_p11(f64x2.splat(<f64>m - <f64>j * LN2_F64)), 0);
}

/** The number of elements equal to m that the last shiftSum saw. */
let shiftCount: i32 = 0;

/** shiftCount, for log-softmax.ts. */
@inline export function lastShiftCount(): i32 {
  return shiftCount;
}

/**
 * The pass over a row, for the shift M = j·ln2 >= m (j = expShiftJ(m)), of softmax (store true: every
 * exp(p[i] − M) is written to q and summed) and log-softmax (store false: the terms of the maxima are
 * left out of the sum). Counts the elements equal to m (shiftCount). The sum starts from a0: a value
 * that softmax computes before the loop (its latency then overlaps the loop's work). Four vectors per
 * iteration, pairs added in f32, then in f64 (t0 + t1 in f64 rounds by 2^−53 at most: as good as two
 * accumulators each, one register fewer).
 */
@inline export function shiftSum(p: usize, q: usize, n: i32, m: f32, j: i32, a0start: v128, store: bool): f64 {
  const mv = f32x4.splat(m);
  const xmin = expShiftXMin(j);
  const magic = expShiftMagic(j);
  let a0 = a0start;
  let a1 = f64x2.splat(0);
  let cnt = i32x4.splat(0);
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    const x0 = v128.load(p + o);
    const x1 = v128.load(p + o, 16);
    const x2 = v128.load(p + o, 32);
    const x3 = v128.load(p + o, 48);
    const z0 = f32x4.eq(x0, mv);
    const z1 = f32x4.eq(x1, mv);
    const z2 = f32x4.eq(x2, mv);
    const z3 = f32x4.eq(x3, mv);
    cnt = i32x4.add(cnt, i32x4.add(i32x4.add(z0, z1), i32x4.add(z2, z3))); // each true lane is −1
    let e0 = expShift_f32x4_rr2_p6(x0, xmin, magic);
    let e1 = expShift_f32x4_rr2_p6(x1, xmin, magic);
    let e2 = expShift_f32x4_rr2_p6(x2, xmin, magic);
    let e3 = expShift_f32x4_rr2_p6(x3, xmin, magic);
    if (store) {
      v128.store(q + o, e0);
      v128.store(q + o, e1, 16);
      v128.store(q + o, e2, 32);
      v128.store(q + o, e3, 48);
    } else {
      e0 = v128.andnot(e0, z0);
      e1 = v128.andnot(e1, z1);
      e2 = v128.andnot(e2, z2);
      e3 = v128.andnot(e3, z3);
    }
    const t0 = f32x4.add(e0, e1);
    const t1 = f32x4.add(e2, e3);
    a0 = f64x2.add(a0, f64x2.add(promoteLow(t0), promoteLow(t1)));
    a1 = f64x2.add(a1, f64x2.add(promoteHigh(t0), promoteHigh(t1)));
  }
  for (; i < n; i += 4) {
    const k = min(4, n - i);
    const valid = laneMask(k);
    const x = loadCols<f32>(p + (<usize>i << 2), k);
    const z = v128.and(f32x4.eq(x, mv), valid);
    let e = v128.and(expShift_f32x4_rr2_p6(x, xmin, magic), valid);
    if (store) storeCols<f32>(q + (<usize>i << 2), e, k);
    else e = v128.andnot(e, z);
    cnt = i32x4.add(cnt, z);
    a0 = f64x2.add(a0, promoteLow(e));
    a1 = f64x2.add(a1, promoteHigh(e));
  }
  const c = i32x4.add(cnt, i32x4.shuffle(cnt, cnt, 2, 3, 0, 1));
  shiftCount = -(i32x4.extract_lane(c, 0) + i32x4.extract_lane(c, 1));
  const a = f64x2.add(a0, a1);
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

/**
 * As expSum for the shift M = j·ln2 >= m: exp(p[i] − M), the reduction of p[i] itself, no two-sum.
 * The row's maxima would carry their own exp error into the sum, where a peaked row's sum is almost
 * all theirs (every output then inherits it: 2.8 ULP measured, against 2.5 with exp(0) = 1 exact), so
 * they are counted and their exact term exp(m − M) (in f64) replaces the rounded one: the sum starts
 * from one δ = exact − rounded and adds (count − 1)·δ at the end.
 */
function expSumShift(p: usize, q: usize, n: i32, m: f32): f64 {
  const j = expShiftJ(m);
  const eMax = <f64>f32x4.extract_lane(expShift_f32x4_rr2_p6(f32x4.splat(m), expShiftXMin(j), expShiftMagic(j)), 0);
  const delta = expMaxShift(m, j) - eMax;
  const sum = shiftSum(p, q, n, m, j, f64x2.replace_lane(f64x2.splat(0), 0, delta), true);
  return sum + <f64>(shiftCount - 1) * delta;
}

/**
 * A row too long for the scratch region goes chunk by chunk through two passes after the max (the
 * wrapper's longRow): this one writes the chunk's terms to q (the output, or the scratch slot the
 * wrapper then copies to the output; never a zero-copy input, which must stay unmodified) and returns
 * their sum in f64; softmax_rescale_f32 then scales the stored terms by the whole row's 1/sum. The
 * terms are the row kernel's: shifted when the row's max m is in shiftDomain (the chunk's length does
 * not matter: the per-row setup is paid per chunk of thousands), two-sum otherwise.
 */
export function softmax_sumexp_f32(p: usize, q: usize, n: i32, m: f32): f64 {
  return shiftDomain(m) ? expSumShift(p, q, n, m) : expSum(p, q, n, m);
}

/** v · s in f64, rounded once to f32; s0 scales lanes 0, 1 and s1 lanes 2, 3 (f64x2 each). */
@inline function scale64(v: v128, s0: v128, s1: v128): v128 {
  const lo = f64x2.mul(promoteLow(v), s0);
  const hi = f64x2.mul(promoteHigh(v), s1);
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

@final class Scale64 {
  @inline apply(v: v128, s0: v128, s1: v128): v128 {
    return scale64(v, s0, s1);
  }
}

/**
 * v · (hi + lo) rounded once to f32, where the multiply-adds are fused: p = fl(v·hi), the product's
 * exact error v·hi − p (one fused nmadd), plus v·lo (a second), added to p in the last rounding. Before
 * that rounding the value is v·(hi + lo) to ~2^−47 relative, so the result is e · (1/sum) rounded
 * correctly but for values within 2^−47 of a midpoint: the f64 form's accuracy in four f32 operations,
 * where scale64 takes four conversions, two shuffles and two f64 multiplies.
 */
@inline function scaleFma(v: v128, hi: v128, lo: v128): v128 {
  const p = f32x4.mul(v, hi);
  const nerr = nmadd_f32x4(v, hi, p); // p − v·hi, exact when fused
  return f32x4.sub(p, nmadd_f32x4(v, lo, nerr)); // p + (v·hi − p) + v·lo
}

@final class ScaleFma {
  @inline apply(v: v128, hi: v128, lo: v128): v128 {
    return scaleFma(v, hi, lo);
  }
}

/**
 * Whether madd_f32x4 is fused in this module: only in the relaxed build, and only where the engine
 * fuses relaxed_madd (the probe of madd.ts: (1 + 2^−23)(1 − 2^−23) − 1 is −2^−46 fused, 0 as a product
 * and a sum). The plain build and the plain module unfused from the relaxed one (unfuse.ts) answer
 * false, so they take scale64 and give the plain bits. `salt` is any i32 of the caller's (a length):
 * the operands depend on its sign bit (the probe answers the same either way), so that no optimizer
 * can evaluate the probe at build time.
 */
@inline function maddFused(salt: i32): bool {
  if (!ASC_FEATURE_RELAXED_SIMD) return false;
  const a = f32x4.splat(reinterpret<f32>(0x3F800001 + ((salt >>> 31) << 1))); // 1 + 2^−23 (or 1 + 3·2^−23)
  const b = f32x4.splat(reinterpret<f32>(0x3F7FFFFE)); // 1 − 2^−23
  return f32x4.extract_lane(madd_f32x4(a, b, f32x4.splat(-1.0)), 0) != 0;
}

/**
 * q[i] = p[i] · s, rounded once: scaleFma where the multiply-adds fuse (`fused`: maddFused), with s
 * split into hi = fl32(s) and lo = fl32(s − hi) (s − hi is exact in f64); else scale64.
 */
@inline function scale(p: usize, q: usize, n: i32, s: f64, fused: bool): void {
  if (fused) {
    const h = <f32>s;
    mapUnaryP<f32, ScaleFma>(p, q, n, f32x4.splat(h), f32x4.splat(<f32>(s - <f64>h)));
  } else {
    const sv = f64x2.splat(s);
    mapUnaryP<f32, Scale64>(p, q, n, sv, sv);
  }
}

/** The last pass of a row too long for the scratch region: q[i] = p[i] · (1/sum), p the stored terms. */
export function softmax_rescale_f32(p: usize, q: usize, n: i32, sum: f64): void {
  scale(p, q, n, 1.0 / sum, maddFused(n));
}

/** Whether a row's max m is in the shifted exp's domain (|m| <= 240; false for NaN and ±Infinity). */
@inline export function shiftDomain(m: f32): bool {
  return abs(m) <= EXP_SHIFT_M_MAX;
}

/**
 * Whether a row of len elements with max m takes the shifted pass (softmax's expSumShift, log-softmax's
 * belowSumShift): m in shiftDomain, and len long enough that the per-row setup (a scalar f64 exp)
 * pays off (from rows of 64: docs/kernels.md).
 */
@inline export function shiftFits(len: i32, m: f32): bool {
  return len >= 64 && shiftDomain(m);
}

/** softmax of `rows` contiguous rows of `len` elements: three passes over each row, in cache. */
export function softmax_rows_f32(src: usize, dst: usize, rows: i32, len: i32): void {
  const fused = maddFused(len);
  for (let r = 0; r < rows; r++) {
    const p = src + ((<usize>r * <usize>len) << 2);
    const q = dst + ((<usize>r * <usize>len) << 2);
    const m = rowMax<f32>(p, len);
    // A finite, moderate max (every row of logits in practice) takes the shifted exp, with no
    // two-sum; short rows keep the two-sum, whose per-row setup is cheaper (no scalar exp).
    const sum = shiftFits(len, m) ? expSumShift(p, q, len, m) : expSum(p, q, len, m);
    scale(q, q, len, 1.0 / sum, fused);
  }
}

// ---- f64x2: the same passes in double ----
//
// Same algorithm and special values as the f32x4 kernels, with expNegLo_f64x2_rr2_p11 (exp sees x − m
// exactly through the two-sum; the correction is masked where d < −746, where exp is 0 anyway). The sum
// is compensated (a two-sum per addition, the errors summed apart), so that its error stays far below
// an ULP on rows of any length; y = e / sum, one rounding (e · (1/sum) rounds twice: 3 ULP).
// Max error 2 ULP measured (2.3e6 outputs: rows of 1 to 10,000, scales 0.01 to 700, peaked rows,
// strided axes, rows beyond the scratch region, whose last pass multiplies by the wrapper's 1/sum: one
// rounding more).

/** q[i] = p[i] / sv (f64x2 splat): a division rounds once where e · (1/sum) rounds twice. */
@inline function divRow64(p: usize, q: usize, n: i32, sv: v128): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    const v0 = f64x2.div(v128.load(p + o), sv);
    const v1 = f64x2.div(v128.load(p + o, 16), sv);
    v128.store(q + o, v0);
    v128.store(q + o, v1, 16);
  }
  for (; i < n; i += 2) {
    const k = min(2, n - i);
    storeCols<f64>(q + (<usize>i << 3), f64x2.div(loadCols<f64>(p + (<usize>i << 3), k), sv), k);
  }
}

export function softmax_max_f64(p: usize, n: i32): f64 {
  return rowMax<f64>(p, n);
}

export function softmax_sumexp_f64(p: usize, q: usize, n: i32, m: f64): f64 {
  return rowSum64<SoftmaxOp<f64>>(p, q, n, m);
}

/** The last pass of a long row (see softmax_sumexp_f32): q[i] = p[i] / sum, p the stored terms (as the row kernel). */
export function softmax_rescale_f64(p: usize, q: usize, n: i32, sum: f64): void {
  divRow64(p, q, n, f64x2.splat(sum));
}

export function softmax_rows_f64(src: usize, dst: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = src + ((<usize>r * <usize>len) << 3);
    const q = dst + ((<usize>r * <usize>len) << 3);
    const m = rowMax<f64>(p, len);
    const sum = rowSum64<SoftmaxOp<f64>>(p, q, len, m);
    divRow64(q, q, len, f64x2.splat(sum));
  }
}

// ---- the op for axis.ts's passes: the f64 rows' sum, and the columns of a strided axis ----

/**
 * softmax as the op of rowSum64 and colsWalk: the terms exp(x − m) (two-sum exact difference) are
 * stored and summed; the output is each stored term times 1/sum (f32: in f64, rounded once) or divided
 * by the sum (f64: one rounding, as the rows). The f64 row sum is finished with a two-sum of its lanes.
 */
@final class SoftmaxOp<T> {
  @inline get stores(): bool {
    return true;
  }
  @inline get counts(): bool {
    return false;
  }
  @inline term(x: v128, m: v128, d: v128, z: v128): v128 {
    return expDiff<T>(x, m, d);
  }
  @inline norm(s: v128, n: v128, half: i32, m: v128, p: usize, len: i32, stride: usize, valid: i32): v128 {
    return sizeof<T>() == 4 ? f64x2.div(f64x2.splat(1.0), s) : s;
  }
  @inline out(e: v128, mlo: v128, mhi: v128, l0: v128, l1: v128): v128 {
    return sizeof<T>() == 4 ? scale64(e, l0, l1) : f64x2.div(e, l0);
  }
  @inline count(c: i32): void {}
  @inline finish(s: v128, c: v128): f64 {
    const hi = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    const b = hi - f64x2.extract_lane(s, 0);
    const err = f64x2.extract_lane(s, 0) - (hi - b) + (f64x2.extract_lane(s, 1) - b);
    return hi + (err + f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1));
  }
}

/** softmax down each of `cols` columns, `len` rows `ld` elements apart (a strided axis, or a gathered block). */
export function softmax_cols_f32(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  colsWalk<f32, SoftmaxOp<f32>>(src, dst, len, cols, ld);
}
export function softmax_cols_f64(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  colsWalk<f64, SoftmaxOp<f64>>(src, dst, len, cols, ld);
}
