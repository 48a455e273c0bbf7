// log-softmax along rows (contiguous) and along columns (a gathered strided axis), f32x4.
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
//     columns. Rows in f64 measured the same max with fewer 1-ULP outputs (1.6% against 4.5%), and
//     were 14% slower on V8 11.3 (0.87 against 1.0 ns/element on rows of 1000; the shifted exp took 1.46 to 1.0).
//   * T < 2^−80 (every other element more than 55 below the max): the f32 exps of the terms may be
//     subnormal with only absolute accuracy, so T is recomputed in f64 by a scalar slow path
//     (tinyBelowSum), once per such row.
// Special values (as PyTorch): NaN anywhere → the row is NaN (its d = x − m is NaN, so T and L are);
// +Infinity → the row is NaN (m = +Inf, d = inf − inf); a row of −Infinity → NaN; −Infinity among
// finite values → −Infinity. A NaN may be dropped from m by pmax (see softmax.ts); its d still is NaN.

import { loadPartial, storePartial } from '../map';
import { expNegLo_f32x4_rr2_p6, expShiftJ } from '../math/exp-f32x4-rr2-p6';
import { expNegLo_f64x2_rr2_p11, expNeg_f64x2_rr2_p11 } from '../math/exp-f64x2-rr2-p11';
import { log1pPos_f64x2_atanh_p7 } from '../math/log1p-f64x2-atanh-p7';
import {
  expMaxShift, laneMask, lastShiftCount, loadCols, promoteHigh, promoteLow, rowMax, shiftDomain, shiftFits, shiftSum, storeCols, twoDiffLo, twoDiffLo64,
  twoSumErr,
} from './softmax';

/** exp(d) and whether d == 0, for d = x − m: the sum takes the first where the second is false. */
@inline function expBelow(x: v128, mv: v128, d: v128, isMax: v128): v128 {
  const lo = v128.andnot(twoDiffLo(x, mv, d), f32x4.lt(d, f32x4.splat(-104.0)));
  return v128.andnot(expNegLo_f32x4_rr2_p6(d, lo), isMax);
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
    const e0 = expBelow(x0, mv, d0, z0);
    const e1 = expBelow(x1, mv, d1, z1);
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
    const e = v128.and(expBelow(x, mv, d, z), valid);
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

// ---- a strided axis: a block of `len` rows × `cols` columns, log-softmax down each column ----

/**
 * L (f64x2) of two columns of a group, from their T (t) and maxima counts (c, f64x2), with the slow
 * path for a tiny T (see tinyBelowSum): p, m0 / p + 4, m1 are the two columns' first elements and maxima.
 * Once per two columns, so out of line: inlined in logSoftmaxCols16's eight calls it cost 560 bytes
 * of gzipped bundle and no measurable time.
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

/**
 * log_softmax_cols_f32's passes for 16 columns at once (four f32x4, a 64-byte cache line of each row;
 * four columns at a time, a row stride of 4 KiB kept a column's rows in a few L1 sets: 2.2x slower on V8 11.3),
 * every lane computed exactly as four columns at a time are, in the same order.
 */
@inline function logSoftmaxCols16(p0: usize, q0: usize, len: i32, stride: usize): void {
  const zero = f32x4.splat(0);
  let m0 = f32x4.splat(-Infinity);
  let m1 = m0;
  let m2 = m0;
  let m3 = m0;
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    m0 = f32x4.pmax(m0, v128.load(p));
    m1 = f32x4.pmax(m1, v128.load(p, 16));
    m2 = f32x4.pmax(m2, v128.load(p, 32));
    m3 = f32x4.pmax(m3, v128.load(p, 48));
  }
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let a4 = a0;
  let a5 = a0;
  let a6 = a0;
  let a7 = a0;
  let n0 = i32x4.splat(0);
  let n1 = n0;
  let n2 = n0;
  let n3 = n0;
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    const x0 = v128.load(p);
    const x1 = v128.load(p, 16);
    const x2 = v128.load(p, 32);
    const x3 = v128.load(p, 48);
    const d0 = f32x4.sub(x0, m0);
    const d1 = f32x4.sub(x1, m1);
    const d2 = f32x4.sub(x2, m2);
    const d3 = f32x4.sub(x3, m3);
    const z0 = f32x4.eq(d0, zero);
    const z1 = f32x4.eq(d1, zero);
    const z2 = f32x4.eq(d2, zero);
    const z3 = f32x4.eq(d3, zero);
    const e0 = expBelow(x0, m0, d0, z0);
    const e1 = expBelow(x1, m1, d1, z1);
    const e2 = expBelow(x2, m2, d2, z2);
    const e3 = expBelow(x3, m3, d3, z3);
    n0 = i32x4.add(n0, z0);
    n1 = i32x4.add(n1, z1);
    n2 = i32x4.add(n2, z2);
    n3 = i32x4.add(n3, z3);
    a0 = f64x2.add(a0, promoteLow(e0));
    a1 = f64x2.add(a1, promoteHigh(e0));
    a2 = f64x2.add(a2, promoteLow(e1));
    a3 = f64x2.add(a3, promoteHigh(e1));
    a4 = f64x2.add(a4, promoteLow(e2));
    a5 = f64x2.add(a5, promoteHigh(e2));
    a6 = f64x2.add(a6, promoteLow(e3));
    a7 = f64x2.add(a7, promoteHigh(e3));
  }
  const l0 = normPair(a0, countsLo(n0), p0, len, stride, f32x4.extract_lane(m0, 0), f32x4.extract_lane(m0, 1), 2);
  const l1 = normPair(a1, countsHi(n0), p0 + 8, len, stride, f32x4.extract_lane(m0, 2), f32x4.extract_lane(m0, 3), 2);
  const l2 = normPair(a2, countsLo(n1), p0 + 16, len, stride, f32x4.extract_lane(m1, 0), f32x4.extract_lane(m1, 1), 2);
  const l3 = normPair(a3, countsHi(n1), p0 + 24, len, stride, f32x4.extract_lane(m1, 2), f32x4.extract_lane(m1, 3), 2);
  const l4 = normPair(a4, countsLo(n2), p0 + 32, len, stride, f32x4.extract_lane(m2, 0), f32x4.extract_lane(m2, 1), 2);
  const l5 = normPair(a5, countsHi(n2), p0 + 40, len, stride, f32x4.extract_lane(m2, 2), f32x4.extract_lane(m2, 3), 2);
  const l6 = normPair(a6, countsLo(n3), p0 + 48, len, stride, f32x4.extract_lane(m3, 0), f32x4.extract_lane(m3, 1), 2);
  const l7 = normPair(a7, countsHi(n3), p0 + 56, len, stride, f32x4.extract_lane(m3, 2), f32x4.extract_lane(m3, 3), 2);
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    const q = q0 + <usize>r * stride;
    v128.store(q, shift(v128.load(p), promoteLow(m0), promoteHigh(m0), l0, l1));
    v128.store(q, shift(v128.load(p, 16), promoteLow(m1), promoteHigh(m1), l2, l3), 16);
    v128.store(q, shift(v128.load(p, 32), promoteLow(m2), promoteHigh(m2), l4, l5), 32);
    v128.store(q, shift(v128.load(p, 48), promoteLow(m3), promoteHigh(m3), l6, l7), 48);
  }
}

/** log-softmax down each column of `cols` columns, `len` rows `ld` elements apart, four columns per f32x4. */
export function log_softmax_cols_f32(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  const stride = <usize>ld << 2;
  const zero = f32x4.splat(0);
  let c = 0;
  for (; c + 16 <= cols; c += 16) logSoftmaxCols16(src + (<usize>c << 2), dst + (<usize>c << 2), len, stride);
  for (; c < cols; c += 4) {
    const k = min(4, cols - c);
    const p0 = src + (<usize>c << 2);
    const q0 = dst + (<usize>c << 2);
    let mv = f32x4.splat(-Infinity);
    for (let r = 0; r < len; r++) mv = f32x4.pmax(mv, loadCols<f32>(p0 + <usize>r * stride, k));
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    let cnt = i32x4.splat(0);
    for (let r = 0; r < len; r++) {
      const x = loadCols<f32>(p0 + <usize>r * stride, k);
      const d = f32x4.sub(x, mv);
      const z = f32x4.eq(d, zero);
      const e = expBelow(x, mv, d, z);
      cnt = i32x4.add(cnt, z);
      a0 = f64x2.add(a0, promoteLow(e));
      a1 = f64x2.add(a1, promoteHigh(e));
    }
    // L per lane, once per column (a log per column, not per element); lanes >= k unused.
    const lv0 = normPair(a0, countsLo(cnt), p0, len, stride, f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1), k);
    const lv1 = normPair(a1, countsHi(cnt), p0 + 8, len, stride, f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3), k - 2);
    const m0 = promoteLow(mv);
    const m1 = promoteHigh(mv);
    for (let r = 0; r < len; r++) {
      storeCols<f32>(q0 + <usize>r * stride, shift(loadCols<f32>(p0 + <usize>r * stride, k), m0, m1, lv0, lv1), k);
    }
  }
}

// ---- f64x2: the same passes in double ----
//
// As above with expNegLo_f64x2_rr2_p11; T is a compensated sum; y = (d − L) + lo with d + lo = x − m
// exactly (d − L has no cancellation: both <= 0). The slow path is for T < 2^−960 (every other element
// more than 665 below the max), where the f64 terms may be subnormal: tinyBelowSum64.

/** exp(d) for d = x − m (two-sum exact), 0 where isMax. */
@inline function expBelow64(x: v128, mv: v128, d: v128, isMax: v128): v128 {
  const lo = v128.andnot(twoDiffLo64(x, mv, d), f64x2.lt(d, f64x2.splat(-746.0)));
  return v128.andnot(expNegLo_f64x2_rr2_p11(d, lo), isMax);
}

const LANE0: v128 = i64x2(-1, 0);

/** T = sum of exp(p[i] − m) over p[i] < m, compensated; sets maxCount. */
function belowSum64(p: usize, n: i32, m: f64): f64 {
  const mv = f64x2.splat(m);
  const zero = f64x2.splat(0);
  let a0 = zero;
  let a1 = zero;
  let c0 = zero;
  let c1 = zero;
  let cnt = i64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    const x0 = v128.load(p + o);
    const x1 = v128.load(p + o, 16);
    const d0 = f64x2.sub(x0, mv);
    const d1 = f64x2.sub(x1, mv);
    const z0 = f64x2.eq(d0, zero);
    const z1 = f64x2.eq(d1, zero);
    const e0 = expBelow64(x0, mv, d0, z0);
    const e1 = expBelow64(x1, mv, d1, z1);
    cnt = i64x2.add(cnt, i64x2.add(z0, z1));
    const s0 = f64x2.add(a0, e0);
    const s1 = f64x2.add(a1, e1);
    c0 = f64x2.add(c0, twoSumErr(a0, e0, s0));
    c1 = f64x2.add(c1, twoSumErr(a1, e1, s1));
    a0 = s0;
    a1 = s1;
  }
  for (; i < n; i += 2) {
    const k = min(2, n - i);
    const x = loadCols<f64>(p + (<usize>i << 3), k);
    const d = f64x2.sub(x, mv);
    const valid = k == 2 ? i64x2.splat(-1) : LANE0;
    const z = v128.and(f64x2.eq(d, zero), valid);
    const e = v128.and(expBelow64(x, mv, d, z), valid);
    cnt = i64x2.add(cnt, z);
    const s0 = f64x2.add(a0, e);
    c0 = f64x2.add(c0, twoSumErr(a0, e, s0));
    a0 = s0;
  }
  maxCount = -<i32>(i64x2.extract_lane(cnt, 0) + i64x2.extract_lane(cnt, 1));
  const s = f64x2.add(a0, a1);
  const c = f64x2.add(f64x2.add(c0, c1), twoSumErr(a0, a1, s));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1) + (f64x2.extract_lane(c, 0) + f64x2.extract_lane(c, 1));
}

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
  const lo = twoDiffLo64(x, mv, d);
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
    const t = belowSum64(p, len, m);
    shiftRow64(p, q, len, m, norm64(t, maxCount, p, len, 8, m));
  }
}

export function log_softmax_max_f64(p: usize, n: i32): f64 {
  return rowMax<f64>(p, n);
}

export function log_softmax_sumexp_f64(p: usize, n: i32, m: f64): f64 {
  return belowSum64(p, n, m);
}

export function log_softmax_count_f64(): i32 {
  return maxCount;
}

export function log_softmax_shift_f64(p: usize, q: usize, n: i32, m: f64, l: f64): void {
  shiftRow64(p, q, n, m, l);
}

/** log-softmax down each column of `cols` columns, `len` rows `ld` elements apart, two columns per f64x2. */
/** L (f64x2) of two columns from their T (t) and maxima counts (cnt, i64x2 of −count), with the slow path (out of line, as normPair). */
function normPair64(t: v128, cnt: v128, p: usize, len: i32, stride: usize, mv: v128, k: i32): v128 {
  const cf = f64x2(<f64>-i64x2.extract_lane(cnt, 0), <f64>-i64x2.extract_lane(cnt, 1));
  if (!v128.any_true(v128.and(f64x2.eq(cf, f64x2.splat(1)), f64x2.lt(t, f64x2.splat(TINY64))))) return logNorm2(t, cf);
  const l0 = norm64(f64x2.extract_lane(t, 0), <i32>f64x2.extract_lane(cf, 0), p, len, stride, f64x2.extract_lane(mv, 0));
  const l1 = k > 1 ? norm64(f64x2.extract_lane(t, 1), <i32>f64x2.extract_lane(cf, 1), p + 8, len, stride, f64x2.extract_lane(mv, 1)) : 0;
  return f64x2(l0, l1);
}

/**
 * log_softmax_cols_f64's passes for 8 columns at once (four f64x2, a 64-byte cache line of each row;
 * see softmax.ts's softmaxCols8x64), every lane computed exactly as two columns at a time are.
 */
@inline function logSoftmaxCols8x64(p0: usize, q0: usize, len: i32, stride: usize): void {
  const zero = f64x2.splat(0);
  let m0 = f64x2.splat(-Infinity);
  let m1 = m0;
  let m2 = m0;
  let m3 = m0;
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    m0 = f64x2.pmax(m0, v128.load(p));
    m1 = f64x2.pmax(m1, v128.load(p, 16));
    m2 = f64x2.pmax(m2, v128.load(p, 32));
    m3 = f64x2.pmax(m3, v128.load(p, 48));
  }
  let a0 = zero;
  let a1 = zero;
  let a2 = zero;
  let a3 = zero;
  let c0 = zero;
  let c1 = zero;
  let c2 = zero;
  let c3 = zero;
  let n0 = i64x2.splat(0);
  let n1 = n0;
  let n2 = n0;
  let n3 = n0;
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    const x0 = v128.load(p);
    const x1 = v128.load(p, 16);
    const x2 = v128.load(p, 32);
    const x3 = v128.load(p, 48);
    const d0 = f64x2.sub(x0, m0);
    const d1 = f64x2.sub(x1, m1);
    const d2 = f64x2.sub(x2, m2);
    const d3 = f64x2.sub(x3, m3);
    const z0 = f64x2.eq(d0, zero);
    const z1 = f64x2.eq(d1, zero);
    const z2 = f64x2.eq(d2, zero);
    const z3 = f64x2.eq(d3, zero);
    const e0 = expBelow64(x0, m0, d0, z0);
    const e1 = expBelow64(x1, m1, d1, z1);
    const e2 = expBelow64(x2, m2, d2, z2);
    const e3 = expBelow64(x3, m3, d3, z3);
    n0 = i64x2.add(n0, z0);
    n1 = i64x2.add(n1, z1);
    n2 = i64x2.add(n2, z2);
    n3 = i64x2.add(n3, z3);
    const s0 = f64x2.add(a0, e0);
    const s1 = f64x2.add(a1, e1);
    const s2 = f64x2.add(a2, e2);
    const s3 = f64x2.add(a3, e3);
    c0 = f64x2.add(c0, twoSumErr(a0, e0, s0));
    c1 = f64x2.add(c1, twoSumErr(a1, e1, s1));
    c2 = f64x2.add(c2, twoSumErr(a2, e2, s2));
    c3 = f64x2.add(c3, twoSumErr(a3, e3, s3));
    a0 = s0;
    a1 = s1;
    a2 = s2;
    a3 = s3;
  }
  const l0 = normPair64(f64x2.add(a0, c0), n0, p0, len, stride, m0, 2);
  const l1 = normPair64(f64x2.add(a1, c1), n1, p0 + 16, len, stride, m1, 2);
  const l2 = normPair64(f64x2.add(a2, c2), n2, p0 + 32, len, stride, m2, 2);
  const l3 = normPair64(f64x2.add(a3, c3), n3, p0 + 48, len, stride, m3, 2);
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    const q = q0 + <usize>r * stride;
    v128.store(q, shift64(v128.load(p), m0, l0));
    v128.store(q, shift64(v128.load(p, 16), m1, l1), 16);
    v128.store(q, shift64(v128.load(p, 32), m2, l2), 32);
    v128.store(q, shift64(v128.load(p, 48), m3, l3), 48);
  }
}

export function log_softmax_cols_f64(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  const stride = <usize>ld << 3;
  const zero = f64x2.splat(0);
  let c = 0;
  for (; c + 8 <= cols; c += 8) logSoftmaxCols8x64(src + (<usize>c << 3), dst + (<usize>c << 3), len, stride);
  for (; c < cols; c += 2) {
    const k = min(2, cols - c);
    const p0 = src + (<usize>c << 3);
    const q0 = dst + (<usize>c << 3);
    let mv = f64x2.splat(-Infinity);
    for (let r = 0; r < len; r++) mv = f64x2.pmax(mv, loadCols<f64>(p0 + <usize>r * stride, k));
    let a = zero;
    let cc = zero;
    let cnt = i64x2.splat(0);
    for (let r = 0; r < len; r++) {
      const x = loadCols<f64>(p0 + <usize>r * stride, k);
      const d = f64x2.sub(x, mv);
      const z = f64x2.eq(d, zero);
      const e = expBelow64(x, mv, d, z);
      cnt = i64x2.add(cnt, z);
      const s = f64x2.add(a, e);
      cc = f64x2.add(cc, twoSumErr(a, e, s));
      a = s;
    }
    const lv = normPair64(f64x2.add(a, cc), cnt, p0, len, stride, mv, k);
    for (let r = 0; r < len; r++) {
      storeCols<f64>(q0 + <usize>r * stride, shift64(loadCols<f64>(p0 + <usize>r * stride, k), mv, lv), k);
    }
  }
}
