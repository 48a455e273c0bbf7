// The passes along an axis that softmax and log-softmax share (softmax.ts, log-softmax.ts), for element
// type T (f32: f32x4, f64: f64x2):
//   * rowMax: the max of a contiguous row; rowSum64: the compensated sum of the op's terms over an f64 row;
//   * colsWalk: down the columns of a strided axis (`len` rows `ld` elements apart), three passes per
//     group of columns: the max of each column, the sum of the op's terms, the output.
// The op is a class K (softmax.ts's SoftmaxOp, log-softmax.ts's LogSoftmaxOp; see colsBlock and
// rowSum64), so that the passes, their accumulators and their unrolling are written once.
//
// Columns are independent lanes: lanes/2 or 4 columns go per vector, and a partial last group needs no
// masking: its extra lanes are computed and never stored (nor loaded: loadCols reads k lanes). Whole
// blocks of four vectors of columns go first (colsBlock: a 64-byte cache line of each row per step, so
// that rows 4 KiB apart do not fight over a few L1 sets), then one vector at a time (colsGroup), every
// lane computed exactly as in a block, in the same order.
//
// Sums are in f64: f32 terms as two f64x2 halves of each vector (lanes 0, 1 and 2, 3), each an f64 sum
// (exact terms, 2^−53 a step); f64 terms as a compensated sum (a two-sum per addition, the errors summed
// apart), so that its error stays far below an ULP on columns of any length.
//
// Special values: pmax may drop a NaN from a column's max m (pmax(acc, x) keeps acc when x is NaN), but
// every pass after it computes x − m, which is NaN for that x, so the column's sum and every output of
// it is NaN, as PyTorch gives.

import { loadPartial, storePartial } from '../map';
import { expNegLo_f32x4_rr2_p6 } from '../math/exp-f32x4-rr2-p6';
import { expNegLo_f64x2_rr2_p11 } from '../math/exp-f64x2-rr2-p11';
import { twoDiffLo, twoSumErr } from '../math/eft';
import { promoteHigh, promoteLow } from '../simd';

/** Load / store the first k (1 to all) lanes at p, element type T (other lanes load as 0). */
@inline export function loadCols<T>(p: usize, k: i32): v128 {
  return k == 16 / sizeof<T>() ? v128.load(p) : loadPartial<T>(p, k);
}
@inline export function storeCols<T>(p: usize, v: v128, k: i32): void {
  if (k == 16 / sizeof<T>()) v128.store(p, v);
  else storePartial<T>(p, v, k);
}

/** Lane index < k: the valid lanes of a partial last f32x4. */
@inline export function laneMask(k: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(k));
}

/**
 * exp(x − m) <= 1 from d = fl(x − m) and its rounding error (twoDiffLo), so that exp sees x − m
 * exactly: without it exp(d)'s relative error grows with |d|·(rounding of d), up to |d| ULP. The
 * correction is masked to 0 where d is below exp's underflow (−104 in f32, −746 in f64), where exp is
 * 0 anyway and the correction of d = −Infinity would be NaN.
 */
@inline export function expDiff<T>(x: v128, m: v128, d: v128): v128 {
  if (sizeof<T>() == 4) return expNegLo_f32x4_rr2_p6(d, v128.andnot(twoDiffLo<f32>(x, m, d), f32x4.lt(d, f32x4.splat(-104.0))));
  return expNegLo_f64x2_rr2_p11(d, v128.andnot(twoDiffLo<f64>(x, m, d), f64x2.lt(d, f64x2.splat(-746.0))));
}

/** Lane 0 only (a row's odd last f64), as a mask. */
const LANE0: v128 = i64x2(-1, 0);

/** −Infinity in the lanes >= k of a partial last f32x4, so that it cannot win a max. */
@inline function padMax(v: v128, k: i32): v128 {
  return v128.bitselect(v, f32x4.splat(-Infinity), laneMask(k));
}

/**
 * max of p[0..n), −Infinity for n = 0, element type T: pmax (one maxps; the NaN-exact max is ~8
 * instructions and a loop-carried chain) into four independent accumulators. A NaN may be dropped
 * (see the header).
 */
export function rowMax<T>(p: usize, n: i32): T {
  const lanes = 16 / sizeof<T>();
  let a0 = v128.splat<T>(-Infinity);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let i = 0;
  for (; i + 4 * lanes <= n; i += 4 * lanes) {
    const q = p + (<usize>i << alignof<T>());
    a0 = v128.pmax<T>(a0, v128.load(q));
    a1 = v128.pmax<T>(a1, v128.load(q, 16));
    a2 = v128.pmax<T>(a2, v128.load(q, 32));
    a3 = v128.pmax<T>(a3, v128.load(q, 48));
  }
  for (; i + lanes <= n; i += lanes) a0 = v128.pmax<T>(a0, v128.load(p + (<usize>i << alignof<T>())));
  const a = v128.pmax<T>(v128.pmax<T>(a0, a1), v128.pmax<T>(a2, a3));
  if (sizeof<T>() == 4) {
    let b = i < n ? v128.pmax<T>(a, padMax(loadPartial<f32>(p + (<usize>i << 2), n - i), n - i)) : a;
    b = f32x4.pmax(b, i32x4.shuffle(b, b, 2, 3, 0, 1));
    return <T>max(f32x4.extract_lane(b, 0), f32x4.extract_lane(b, 1));
  } else {
    let m = max(f64x2.extract_lane(a, 0), f64x2.extract_lane(a, 1));
    if (i < n) {
      const x = load<f64>(p + (<usize>i << 3));
      m = x > m ? x : m;
    }
    return <T>m;
  }
}

/**
 * The compensated sum (a two-sum per addition, the errors summed apart) of the op K's terms over a
 * contiguous f64 row p[0..n) of max m: two vectors per iteration, each with its own sum and
 * compensation, then the odd last element. K as for colsBlock (below), plus count(c), which receives
 * the number of elements equal to m where K counts, and finish(s, c), which turns the sum and the
 * compensation (f64x2 each) into the result.
 */
export function rowSum64<K>(p: usize, q: usize, n: i32, m: f64): f64 {
  const k = changetype<K>(0);
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
    const d0 = f64x2.sub(x0, mv);
    const z0 = k.counts ? f64x2.eq(d0, zero) : zero;
    const e0 = k.term(x0, mv, d0, z0);
    const x1 = v128.load(p + o, 16);
    const d1 = f64x2.sub(x1, mv);
    const z1 = k.counts ? f64x2.eq(d1, zero) : zero;
    const e1 = k.term(x1, mv, d1, z1);
    if (k.stores) {
      v128.store(q + o, e0);
      v128.store(q + o, e1, 16);
    }
    if (k.counts) cnt = i64x2.add(cnt, i64x2.add(z0, z1));
    const s0 = f64x2.add(a0, e0);
    const s1 = f64x2.add(a1, e1);
    c0 = f64x2.add(c0, twoSumErr(a0, e0, s0));
    c1 = f64x2.add(c1, twoSumErr(a1, e1, s1));
    a0 = s0;
    a1 = s1;
  }
  for (; i < n; i += 2) {
    const w = min(2, n - i);
    const x = loadCols<f64>(p + (<usize>i << 3), w);
    const d = f64x2.sub(x, mv);
    const valid = w == 2 ? i64x2.splat(-1) : LANE0;
    const z = k.counts ? v128.and(f64x2.eq(d, zero), valid) : zero;
    const e = v128.and(k.term(x, mv, d, z), valid);
    if (k.stores) storeCols<f64>(q + (<usize>i << 3), e, w);
    if (k.counts) cnt = i64x2.add(cnt, z);
    const s0 = f64x2.add(a0, e);
    c0 = f64x2.add(c0, twoSumErr(a0, e, s0));
    a0 = s0;
  }
  if (k.counts) k.count(-<i32>(i64x2.extract_lane(cnt, 0) + i64x2.extract_lane(cnt, 1)));
  const s = f64x2.add(a0, a1);
  return k.finish(s, f64x2.add(f64x2.add(c0, c1), twoSumErr(a0, a1, s)));
}

// ---- down the columns of a strided axis ----

/**
 * The two f64x2 accumulators (a, b) of a vector of terms e: f32, the sums of its lanes 0, 1 (a) and
 * 2, 3 (b); f64, a compensated sum: a the sum and b its compensation. The new a is sumA(a, e), and
 * then b = sumB(a, b, e, new a).
 */
@inline function sumA<T>(a: v128, e: v128): v128 {
  return f64x2.add(a, sizeof<T>() == 4 ? promoteLow(e) : e);
}
@inline function sumB<T>(a: v128, b: v128, e: v128, s: v128): v128 {
  return f64x2.add(b, sizeof<T>() == 4 ? promoteHigh(e) : twoSumErr(a, e, s));
}
/** The count lanes, each true lane of z (−1) added: i32x4 for f32, i64x2 for f64. */
@inline function countAdd<T>(n: v128, z: v128): v128 {
  return sizeof<T>() == 4 ? i32x4.add(n, z) : i64x2.add(n, z);
}
/** A vector of maxima as the f64x2 that out() takes: f32, its lanes 0, 1 (lo) and 2, 3 (hi). */
@inline function maxLo<T>(m: v128): v128 {
  return sizeof<T>() == 4 ? promoteLow(m) : m;
}
@inline function maxHi<T>(m: v128): v128 {
  return sizeof<T>() == 4 ? promoteHigh(m) : m;
}

/**
 * The passes down four whole vectors of columns (64 bytes, a cache line of each row, per step), `len`
 * rows `stride` bytes apart, from p0 to q0 (which may be equal). K, the op, has (all inlined):
 *   stores            whether the sum pass writes its terms to q (the output pass then reads them back)
 *   counts            whether the sum pass counts the lanes equal to their column's max
 *   term(x, m, d, z)  the term of x in a column of max m, d = fl(x − m), z = (d == 0) where counts
 *   norm(s, n, half, m, p, len, stride, valid)
 *                     the normaliser (f64x2) of two columns from their sum s (f64x2), the count lanes n
 *                     of their vector, its maxima m (f32: the columns are its lanes 0, 1 for half 0 and
 *                     2, 3 for half 1), p their first element, `valid` of them (or more) in the data
 *   out(v, mlo, mhi, l0, l1)
 *                     the output of a vector from v (the stored term where stores, else x), its maxima
 *                     and its normalisers as f64x2 (f32: of lanes 0, 1 and 2, 3; f64: mlo and l0)
 */
@inline export function colsBlock<T, K>(p0: usize, q0: usize, len: i32, stride: usize): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  const zero = v128.splat<T>(0);
  let m0 = v128.splat<T>(-Infinity);
  let m1 = m0;
  let m2 = m0;
  let m3 = m0;
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    m0 = v128.pmax<T>(m0, v128.load(p));
    m1 = v128.pmax<T>(m1, v128.load(p, 16));
    m2 = v128.pmax<T>(m2, v128.load(p, 32));
    m3 = v128.pmax<T>(m3, v128.load(p, 48));
  }
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let b0 = a0;
  let b1 = a0;
  let b2 = a0;
  let b3 = a0;
  let n0 = i32x4.splat(0);
  let n1 = n0;
  let n2 = n0;
  let n3 = n0;
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    const q = q0 + <usize>r * stride;
    const x0 = v128.load(p);
    const d0 = v128.sub<T>(x0, m0);
    const z0 = k.counts ? v128.eq<T>(d0, zero) : zero;
    const e0 = k.term(x0, m0, d0, z0);
    const x1 = v128.load(p, 16);
    const d1 = v128.sub<T>(x1, m1);
    const z1 = k.counts ? v128.eq<T>(d1, zero) : zero;
    const e1 = k.term(x1, m1, d1, z1);
    const x2 = v128.load(p, 32);
    const d2 = v128.sub<T>(x2, m2);
    const z2 = k.counts ? v128.eq<T>(d2, zero) : zero;
    const e2 = k.term(x2, m2, d2, z2);
    const x3 = v128.load(p, 48);
    const d3 = v128.sub<T>(x3, m3);
    const z3 = k.counts ? v128.eq<T>(d3, zero) : zero;
    const e3 = k.term(x3, m3, d3, z3);
    if (k.stores) {
      v128.store(q, e0);
      v128.store(q, e1, 16);
      v128.store(q, e2, 32);
      v128.store(q, e3, 48);
    }
    if (k.counts) {
      n0 = countAdd<T>(n0, z0);
      n1 = countAdd<T>(n1, z1);
      n2 = countAdd<T>(n2, z2);
      n3 = countAdd<T>(n3, z3);
    }
    const s0 = sumA<T>(a0, e0);
    const s1 = sumA<T>(a1, e1);
    const s2 = sumA<T>(a2, e2);
    const s3 = sumA<T>(a3, e3);
    b0 = sumB<T>(a0, b0, e0, s0);
    b1 = sumB<T>(a1, b1, e1, s1);
    b2 = sumB<T>(a2, b2, e2, s2);
    b3 = sumB<T>(a3, b3, e3, s3);
    a0 = s0;
    a1 = s1;
    a2 = s2;
    a3 = s3;
  }
  // f32: a sum per half vector; f64: the compensated sum a + b per vector (h = l, unused)
  const f32 = sizeof<T>() == 4;
  const l0 = k.norm(f32 ? a0 : f64x2.add(a0, b0), n0, 0, m0, p0, len, stride, lanes);
  const l1 = k.norm(f32 ? a1 : f64x2.add(a1, b1), n1, 0, m1, p0 + 16, len, stride, lanes);
  const l2 = k.norm(f32 ? a2 : f64x2.add(a2, b2), n2, 0, m2, p0 + 32, len, stride, lanes);
  const l3 = k.norm(f32 ? a3 : f64x2.add(a3, b3), n3, 0, m3, p0 + 48, len, stride, lanes);
  const h0 = f32 ? k.norm(b0, n0, 1, m0, p0 + 8, len, stride, 2) : l0;
  const h1 = f32 ? k.norm(b1, n1, 1, m1, p0 + 24, len, stride, 2) : l1;
  const h2 = f32 ? k.norm(b2, n2, 1, m2, p0 + 40, len, stride, 2) : l2;
  const h3 = f32 ? k.norm(b3, n3, 1, m3, p0 + 56, len, stride, 2) : l3;
  // the maxima's f64 halves are formed in the loop, not kept: sixteen normalisers and maxima would not
  // fit in 16 xmm registers
  for (let r = 0; r < len; r++) {
    const p = p0 + <usize>r * stride;
    const q = q0 + <usize>r * stride;
    const s = k.stores ? q : p;
    v128.store(q, k.out(v128.load(s), maxLo<T>(m0), maxHi<T>(m0), l0, h0));
    v128.store(q, k.out(v128.load(s, 16), maxLo<T>(m1), maxHi<T>(m1), l1, h1), 16);
    v128.store(q, k.out(v128.load(s, 32), maxLo<T>(m2), maxHi<T>(m2), l2, h2), 32);
    v128.store(q, k.out(v128.load(s, 48), maxLo<T>(m3), maxHi<T>(m3), l3, h3), 48);
  }
}

/** colsBlock's passes for one vector of columns, the first w (1 to all lanes) of them in the data. */
@inline export function colsGroup<T, K>(p0: usize, q0: usize, len: i32, stride: usize, w: i32): void {
  const k = changetype<K>(0);
  const zero = v128.splat<T>(0);
  let mv = v128.splat<T>(-Infinity);
  for (let r = 0; r < len; r++) mv = v128.pmax<T>(mv, loadCols<T>(p0 + <usize>r * stride, w));
  let a = f64x2.splat(0);
  let b = a;
  let n = i32x4.splat(0);
  for (let r = 0; r < len; r++) {
    const x = loadCols<T>(p0 + <usize>r * stride, w);
    const d = v128.sub<T>(x, mv);
    const z = k.counts ? v128.eq<T>(d, zero) : zero;
    const e = k.term(x, mv, d, z);
    if (k.stores) storeCols<T>(q0 + <usize>r * stride, e, w);
    if (k.counts) n = countAdd<T>(n, z);
    const s = sumA<T>(a, e);
    b = sumB<T>(a, b, e, s);
    a = s;
  }
  const f32 = sizeof<T>() == 4;
  const l = k.norm(f32 ? a : f64x2.add(a, b), n, 0, mv, p0, len, stride, w);
  const h = f32 ? k.norm(b, n, 1, mv, p0 + 8, len, stride, w - 2) : l;
  const mlo = maxLo<T>(mv);
  const mhi = maxHi<T>(mv);
  for (let r = 0; r < len; r++) {
    const q = q0 + <usize>r * stride;
    storeCols<T>(q, k.out(loadCols<T>(k.stores ? q : p0 + <usize>r * stride, w), mlo, mhi, l, h), w);
  }
}

/** The op K down each of `cols` columns, `len` rows `ld` elements apart: blocks, then single vectors. */
@inline export function colsWalk<T, K>(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  const lanes = 16 / sizeof<T>();
  const stride = <usize>ld << alignof<T>();
  let c = 0;
  for (; c + 4 * lanes <= cols; c += 4 * lanes) colsBlock<T, K>(src + (<usize>c << alignof<T>()), dst + (<usize>c << alignof<T>()), len, stride);
  for (; c < cols; c += lanes) colsGroup<T, K>(src + (<usize>c << alignof<T>()), dst + (<usize>c << alignof<T>()), len, stride, min(lanes, cols - c));
}
