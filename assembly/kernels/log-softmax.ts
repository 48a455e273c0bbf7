// log-softmax along rows (contiguous) and down the columns of a strided axis (axis.ts's colsWalk),
// f32x4; the f64x2 kernels follow below.
//
//   m = max(x), T = sum of exp(x − m) over the x < m, c = the number of x == m (>= 1),
//   L = log(c + T), computed as log1p(T) when c = 1; y = (x − m) − L.
// Why T and c apart: at the max element y = −L, and for a peaked row L = log1p(T) is tiny; a sum that
// included the max's exp(0) = 1 would round T away (1 + 1e−20 == 1) and y there would lose all its
// digits. Counting the maxima keeps T whole, so y keeps relative accuracy there too.
// Accuracy (max 1 ULP measured on 1.3e7 outputs: rows of 1 to 4096, scales 0.01 to 300, maxima from
// −150 to 1e4, peaked rows; the registry's bound, 2, is enforced by the tests):
//   * exp(x − m) sees the exact difference, ~1 ULP each: rows of 64 and more with |m| <= 240 use the
//     shifted exp of softmax.ts (exp(x − j·ln2), the reduction of x itself; T is then its sum over
//     the x < m divided by exp(m − j·ln2), one f64 factor), the others the two-sum. T is summed in
//     f64, so T's relative error is about that of one exp: y = −log1p(T) is within ~1 ULP at the max.
//   * L = log1p((c − 1) + T) in f64 (log1pPos_f64x2_atanh_p7, 1.03 ULP), once per row (per two columns).
//   * y = (x − ch) − cl in f32 for rows, ch + cl = m + L as two floats (see shiftRow); in f64 for
//     columns. Rows in f64 reach the same max error, at a higher cost (docs/kernels.md).
//   * T < 2^−80 (every other element more than 55 below the max): the f32 exps of the terms may be
//     subnormal with only absolute accuracy, so T is recomputed in f64 by a scalar slow path
//     (tinyBelowSum), once per such row.
// Special values (as PyTorch): NaN anywhere → the row is NaN (its d = x − m is NaN, so T and L are);
// +Infinity → the row is NaN (m = +Inf, d = inf − inf); a row of −Infinity → NaN; −Infinity among
// finite values → −Infinity. A NaN may be dropped from m by pmax (see softmax.ts); its d still is NaN.

import { expShiftJ } from '../math/exp-f32x4-rr2-p6';
import { expNegLo_f64x2_rr2_p11, expNeg_f64x2_rr2_p11 } from '../math/exp-f64x2-rr2-p11';
import { log1pPos_f64x2_atanh_p7 } from '../math/log1p-f64x2-atanh-p7';
import { promoteHigh, promoteLow } from '../simd';
import { twoDiffLo, twoSumErr } from '../math/eft';
import { colsWalk, expDiff, laneMask, loadCols, rowMax, rowSum64, storeCols } from './axis';
import { expMaxShift, lastShiftCount, shiftDomain, shiftFits, shiftSum } from './softmax';

/**
 * exp(x − m) (expDiff, d = fl(x − m)) where isMax is false, 0 where it is true: the terms of T, the
 * sum over the x below the max, element type T.
 */
@inline function expBelow<T>(x: v128, mv: v128, d: v128, isMax: v128): v128 {
  return v128.andnot(expDiff<T>(x, mv, d), isMax);
}

/** The number of maxima found by the last belowSum. */
let maxCount: i32 = 0;

/** T = sum of exp(p[i] − m) over p[i] < m, in f64; sets maxCount to the number of p[i] − m == 0. */
function belowSum(p: usize, n: i32, m: f32): f64 {
  const mv = f32x4.splat(m);
  const zero = f32x4.splat(0);
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let cnt = i32x4.splat(0);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const x0 = v128.load(p + o);
    const x1 = v128.load(p + o, 16);
    const d0 = f32x4.sub(x0, mv);
    const d1 = f32x4.sub(x1, mv);
    const z0 = f32x4.eq(d0, zero);
    const z1 = f32x4.eq(d1, zero);
    const e0 = expBelow<f32>(x0, mv, d0, z0);
    const e1 = expBelow<f32>(x1, mv, d1, z1);
    cnt = i32x4.add(cnt, i32x4.add(z0, z1)); // each true lane is −1
    a0 = f64x2.add(a0, promoteLow(e0));
    a1 = f64x2.add(a1, promoteHigh(e0));
    a2 = f64x2.add(a2, promoteLow(e1));
    a3 = f64x2.add(a3, promoteHigh(e1));
  }
  for (; i < n; i += 4) {
    const k = min(4, n - i);
    const x = loadCols<f32>(p + (<usize>i << 2), k);
    const d = f32x4.sub(x, mv);
    const valid = laneMask(k);
    const z = v128.and(f32x4.eq(d, zero), valid);
    const e = v128.and(expBelow<f32>(x, mv, d, z), valid);
    cnt = i32x4.add(cnt, z);
    a0 = f64x2.add(a0, promoteLow(e));
    a1 = f64x2.add(a1, promoteHigh(e));
  }
  const c = i32x4.add(cnt, i32x4.shuffle(cnt, cnt, 2, 3, 0, 1));
  maxCount = -(i32x4.extract_lane(c, 0) + i32x4.extract_lane(c, 1));
  const a = f64x2.add(f64x2.add(a0, a1), f64x2.add(a2, a3));
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

/**
 * belowSum for the rows that shiftFits admits (softmax.ts): the terms are exp(x − M),
 * M = j·ln2 >= m (softmax.ts's shiftSum: the reduction of x itself, no two-sum), and T = (their
 * sum)/exp(m − M), the one factor in f64 (computed first: its latency overlaps the loop). Same maxCount.
 */
function belowSumShift(p: usize, n: i32, m: f32): f64 {
  const j = expShiftJ(m);
  const eM = expMaxShift(m, j);
  const t = shiftSum(p, 0, n, m, j, f64x2.splat(0), false) / eM;
  maxCount = lastShiftCount();
  return t;
}


/**
 * The slow path for a row (or column: stride in bytes) whose T is below 2^−80: T again, each term
 * exp(x − m) in f64 (x − m in f64 is good to 2^−53, and nothing is subnormal in f64 before x − m < −708).
 */
function tinyBelowSum(p: usize, n: i32, stride: usize, m: f32): f64 {
  let t: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f32>(p + <usize>i * stride);
    if (x != m) t += f64x2.extract_lane(expNeg_f64x2_rr2_p11(f64x2.splat(<f64>x - <f64>m)), 0);
  }
  return t;
}

const TINY: f64 = reinterpret<f64>(0x3AF0000000000000); // 2^−80

/**
 * L = log(c + T) = log1p((c − 1) + T) for lanes of c (maxima counts) and T (f64x2): log1p(T) exactly
 * when c is 1 (see the header). c = 0 comes only with a NaN T (a NaN or +Infinity in the line).
 */
function logNorm2(t: v128, c: v128): v128 {
  return log1pPos_f64x2_atanh_p7(f64x2.add(f64x2.sub(c, f64x2.splat(1)), t));
}
@inline function logNorm(t: f64, c: i32): f64 {
  return f64x2.extract_lane(logNorm2(f64x2.splat(t), f64x2.splat(<f64>c)), 0);
}

/** Whether a lane has one maximum and T below 2^−80 (the slow path's case). */
@inline function tinyLane(t: v128, c: v128): bool {
  return v128.any_true(v128.and(f64x2.eq(c, f64x2.splat(1)), f64x2.lt(t, f64x2.splat(TINY))));
}

/** L of one column (lane j of t, c; p: its first element, stride in bytes), with the slow path. */
function colNorm(t: v128, c: v128, j: i32, p: usize, len: i32, stride: usize, m: f32): f64 {
  let tj = j == 0 ? f64x2.extract_lane(t, 0) : f64x2.extract_lane(t, 1);
  const cj = <i32>(j == 0 ? f64x2.extract_lane(c, 0) : f64x2.extract_lane(c, 1));
  if (cj == 1 && tj < TINY) tj = tinyBelowSum(p, len, stride, m);
  return logNorm(tj, cj);
}

/** y = (x − m) − L for four lanes, in f64; l0 / l1 are L for lanes 0, 1 and 2, 3. */
@inline function shift(x: v128, m0: v128, m1: v128, l0: v128, l1: v128): v128 {
  const y0 = f64x2.sub(f64x2.sub(promoteLow(x), m0), l0);
  const y1 = f64x2.sub(f64x2.sub(promoteHigh(x), m1), l1);
  return i32x4.shuffle(f32x4.demote_f64x2_zero(y0), f32x4.demote_f64x2_zero(y1), 0, 1, 4, 5);
}

/**
 * q[i] = (p[i] − ch) − cl, ch + cl = m + L to ~2^−48 (two f32s): two f32 subtractions a vector.
 * Where x − ch rounds, |x − ch| >= |ch|/2 (Sterbenz) dwarfs cl, so y is within an ULP; where it
 * is exact (x near the max, y near −L), y = (x − ch) − cl rounds once.
 */
function shiftRow(p: usize, q: usize, n: i32, m: f32, l: f64): void {
  const ch = <f32>(<f64>m + l);
  const hv = f32x4.splat(ch);
  // (m − ch) is exact in f64 (two f32s); adding l after it keeps an L far below m's f64 ULP
  const lv = f32x4.splat(<f32>((<f64>m - <f64>ch) + l));
  let i = 0;
  for (; i + 16 <= n; i += 16) {
    const o = <usize>i << 2;
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o), hv), lv));
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o, 16), hv), lv), 16);
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o, 32), hv), lv), 32);
    v128.store(q + o, f32x4.sub(f32x4.sub(v128.load(p + o, 48), hv), lv), 48);
  }
  for (; i < n; i += 4) {
    const k = min(4, n - i);
    storeCols<f32>(q + (<usize>i << 2), f32x4.sub(f32x4.sub(loadCols<f32>(p + (<usize>i << 2), k), hv), lv), k);
  }
}

/** log-softmax of `rows` contiguous rows of `len` elements: max, sum, shift. */
export function log_softmax_rows_f32(src: usize, dst: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = src + ((<usize>r * <usize>len) << 2);
    const q = dst + ((<usize>r * <usize>len) << 2);
    const m = rowMax<f32>(p, len);
    let t = shiftFits(len, m) ? belowSumShift(p, len, m) : belowSum(p, len, m);
    const c = maxCount;
    if (c == 1 && t < TINY) t = tinyBelowSum(p, len, 4, m);
    shiftRow(p, q, len, m, logNorm(t, c));
  }
}

// ---- the passes of a row too long for the scratch region (the wrapper combines them) ----

export function log_softmax_max_f32(p: usize, n: i32): f32 {
  return rowMax<f32>(p, n);
}

/**
 * T of a chunk: the sum of exp(p[i] − m) over p[i] < m, in f64; the row kernel's shifted sum when the
 * row's max m is in shiftDomain (each chunk then pays the per-row setup: one scalar f64 exp a chunk
 * of thousands), its two-sum otherwise.
 */
export function log_softmax_sumexp_f32(p: usize, n: i32, m: f32): f64 {
  return shiftDomain(m) ? belowSumShift(p, n, m) : belowSum(p, n, m);
}

/** The number of p[i] == m in the chunk that the last log_softmax_sumexp_f32 summed. */
export function log_softmax_count_f32(): i32 {
  return maxCount;
}

/** q[i] = (p[i] − m) − L, with L from the wrapper (log1p(T) or log(c + T)). */
export function log_softmax_shift_f32(p: usize, q: usize, n: i32, m: f32, l: f64): void {
  shiftRow(p, q, n, m, l);
}

// ---- a strided axis: L of each pair of columns (LogSoftmaxCols's normaliser, at the end) ----

/**
 * L (f64x2) of two columns of a group, from their T (t) and maxima counts (c, f64x2), with the slow
 * path for a tiny T (see tinyBelowSum): p, m0 / p + 4, m1 are the two columns' first elements and maxima.
 * Once per two columns, so out of line: inlined in a block's eight calls it only adds module size.
 */
function normPair(t: v128, c: v128, p: usize, len: i32, stride: usize, m0: f32, m1: f32, k: i32): v128 {
  if (!tinyLane(t, c)) return logNorm2(t, c);
  return f64x2(k > 0 ? colNorm(t, c, 0, p, len, stride, m0) : 0, k > 1 ? colNorm(t, c, 1, p + 4, len, stride, m1) : 0);
}

/** The maxima counts of lanes 0, 1 (lo) and 2, 3 (hi) of cnt (each true lane −1) as f64x2. */
@inline function countsLo(cnt: v128): v128 {
  return f64x2.convert_low_i32x4_s(i32x4.neg(cnt));
}
@inline function countsHi(cnt: v128): v128 {
  return f64x2.convert_low_i32x4_s(i32x4.neg(i32x4.shuffle(cnt, cnt, 2, 3, 2, 3)));
}

// ---- f64x2: the same passes in double ----
//
// As above with expNegLo_f64x2_rr2_p11; T is a compensated sum; y = (d − L) + lo with d + lo = x − m
// exactly (d − L has no cancellation: both <= 0). The slow path is for T < 2^−960 (every other element
// more than 665 below the max), where the f64 terms may be subnormal: tinyBelowSum64.

const TINY64: f64 = reinterpret<f64>(0x03F0000000000000); // 2^−960
const SHIFT: f64 = 600; // exp(d + 600) does not underflow for d > −1300; d + 600 is exact for d < −600
const E_SHIFT: f64 = reinterpret<f64>(0x09D4DD4D0D12C071); // exp(−600) = 2.6503965530043108e−261, correctly rounded

/**
 * The slow path for a row (or column: stride in bytes) whose T is below 2^−960: T = exp(−600)·sum of
 * exp(d + 600 + lo), scalar. Every d here is below −665, where d + 600 is exact (d's ULP is
 * a multiple of that of d + 600), and nothing underflows before d < −1300; the product by exp(−600)
 * rounds once, subnormal results included.
 */
function tinyBelowSum64(p: usize, n: i32, stride: usize, m: f64): f64 {
  let t: f64 = 0;
  for (let i = 0; i < n; i++) {
    const x = load<f64>(p + <usize>i * stride);
    const d = x - m;
    if (d == 0 || d < -1400) continue;
    const bb = d - x;
    const lo = x - (d - bb) + (-m - bb);
    t += f64x2.extract_lane(expNegLo_f64x2_rr2_p11(f64x2.splat(d + SHIFT), f64x2.splat(lo)), 0);
  }
  return t * E_SHIFT;
}

/** L of a row or column in f64, with the slow path. */
function norm64(t: f64, c: i32, p: usize, len: i32, stride: usize, m: f64): f64 {
  if (c == 1 && t < TINY64) return tinyBelowSum64(p, len, stride, m); // log1p(T) = T here
  return logNorm(t, c);
}

/** y = (d − L) + lo, lo masked to 0 where it is NaN (d infinite or NaN). */
@inline function shift64(x: v128, mv: v128, lv: v128): v128 {
  const d = f64x2.sub(x, mv);
  const lo = twoDiffLo<f64>(x, mv, d);
  return f64x2.add(f64x2.sub(d, lv), v128.andnot(lo, f64x2.ne(lo, lo)));
}

function shiftRow64(p: usize, q: usize, n: i32, m: f64, l: f64): void {
  const mv = f64x2.splat(m);
  const lv = f64x2.splat(l);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    const y0 = shift64(v128.load(p + o), mv, lv);
    const y1 = shift64(v128.load(p + o, 16), mv, lv);
    v128.store(q + o, y0);
    v128.store(q + o, y1, 16);
  }
  for (; i < n; i += 2) {
    const k = min(2, n - i);
    storeCols<f64>(q + (<usize>i << 3), shift64(loadCols<f64>(p + (<usize>i << 3), k), mv, lv), k);
  }
}

export function log_softmax_rows_f64(src: usize, dst: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = src + ((<usize>r * <usize>len) << 3);
    const q = dst + ((<usize>r * <usize>len) << 3);
    const m = rowMax<f64>(p, len);
    const t = rowSum64<LogSoftmaxOp<f64>>(p, 0, len, m);
    shiftRow64(p, q, len, m, norm64(t, maxCount, p, len, 8, m));
  }
}

export function log_softmax_max_f64(p: usize, n: i32): f64 {
  return rowMax<f64>(p, n);
}

export function log_softmax_sumexp_f64(p: usize, n: i32, m: f64): f64 {
  return rowSum64<LogSoftmaxOp<f64>>(p, 0, n, m);
}

export function log_softmax_count_f64(): i32 {
  return maxCount;
}

export function log_softmax_shift_f64(p: usize, q: usize, n: i32, m: f64, l: f64): void {
  shiftRow64(p, q, n, m, l);
}

/** L (f64x2) of two columns from their T (t) and maxima counts (cnt, i64x2 of −count), with the slow path (out of line, as normPair). */
function normPair64(t: v128, cnt: v128, p: usize, len: i32, stride: usize, mv: v128, k: i32): v128 {
  const cf = f64x2(<f64>-i64x2.extract_lane(cnt, 0), <f64>-i64x2.extract_lane(cnt, 1));
  if (!v128.any_true(v128.and(f64x2.eq(cf, f64x2.splat(1)), f64x2.lt(t, f64x2.splat(TINY64))))) return logNorm2(t, cf);
  const l0 = norm64(f64x2.extract_lane(t, 0), <i32>f64x2.extract_lane(cf, 0), p, len, stride, f64x2.extract_lane(mv, 0));
  const l1 = k > 1 ? norm64(f64x2.extract_lane(t, 1), <i32>f64x2.extract_lane(cf, 1), p + 8, len, stride, f64x2.extract_lane(mv, 1)) : 0;
  return f64x2(l0, l1);
}

// ---- the op for axis.ts's passes: the f64 rows' T, and the columns of a strided axis ----

/**
 * log-softmax as the op of rowSum64 and colsWalk: the terms are exp(x − m) over the x below the max,
 * and the maxima are counted (maxCount, for the rows); L comes from normPair / normPair64 (log per
 * column, with the slow path); the output is (x − m) − L in f64 (f32: rounded once to f32). T, the f64
 * row sum, is finished as its lanes' sum plus their compensations.
 */
@final class LogSoftmaxOp<T> {
  @inline get stores(): bool {
    return false;
  }
  @inline get counts(): bool {
    return true;
  }
  @inline term(x: v128, m: v128, d: v128, z: v128): v128 {
    return expBelow<T>(x, m, d, z);
  }
  @inline norm(s: v128, n: v128, half: i32, m: v128, p: usize, len: i32, stride: usize, valid: i32): v128 {
    if (sizeof<T>() == 8) return normPair64(s, n, p, len, stride, m, valid);
    return half == 0
      ? normPair(s, countsLo(n), p, len, stride, f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1), valid)
      : normPair(s, countsHi(n), p, len, stride, f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3), valid);
  }
  @inline out(x: v128, mlo: v128, mhi: v128, l0: v128, l1: v128): v128 {
    return sizeof<T>() == 4 ? shift(x, mlo, mhi, l0, l1) : shift64(x, mlo, l0);
  }
  @inline count(c: i32): void {
    maxCount = c;
  }
  @inline finish(s: v128, c: v128): f64 {
    return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1) + (f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1));
  }
}

/** log-softmax down each of `cols` columns, `len` rows `ld` elements apart (a strided axis, or a gathered block). */
export function log_softmax_cols_f32(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  colsWalk<f32, LogSoftmaxOp<f32>>(src, dst, len, cols, ld);
}
export function log_softmax_cols_f64(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  colsWalk<f64, LogSoftmaxOp<f64>>(src, dst, len, cols, ld);
}
