// The derivatives of softmax and log-softmax along an axis, from the forward OUTPUT y (as PyTorch's
// _softmax_backward_data and _log_softmax_backward_data), f32x4 and f64x2:
//
//   softmaxGrad:    dx = y · (dy − s),      s = sum(y · dy) along the axis
//   logSoftmaxGrad: dx = dy − exp(y) · s,   s = sum(dy) along the axis
//
// Two passes per line: the sum s, then dx. Same layouts as the forward kernels: contiguous rows, a
// gathered block of columns, and the two passes of a line too long for the scratch region (the wrapper
// keeps the running sum in linear memory between chunks, as a double-double).
// Accuracy:
//   * s is a compensated sum in f64 (Knuth's two-sum per addition, the errors summed apart) of exact
//     terms — y·dy of two floats is exact in f64; of two doubles, Dekker's two-product adds the
//     product's rounding error to the compensation — carried as hi + lo: about n·2^−106 of sum|terms|.
//   * softmaxGrad: (dy − hi) − lo in f64 (dy − hi is exact where they are close, by Sterbenz), times y:
//     f32 results are the exact y·(dy − s) of the given y, dy rounded once (0 ULP measured); f64 within
//     2 ULP, except where dy and s agree to 2^−60 and closer, where dx is below the sum's resolution
//     (an absolute error of about n·2^−54 ULP of max|dy|).
//   * logSoftmaxGrad: exp(y)·s with expNegLoMul_f64x2_rr2_p11, one rounding, also for f32 data (whose
//     y promotes exactly); dx = dy − that, rounded once. Where dy ≈ exp(y)·s, dx cancels and the
//     product's own rounding (2^−53 relative) is what remains: absolute, a few ULP of max|dy| in f64,
//     far below an ULP of max|dy| in f32. The registry's bounds say both.
// Special values: a NaN in dy (or in y for softmaxGrad) makes s and the whole line NaN, as in PyTorch;
// a NaN in y of logSoftmaxGrad makes that dx NaN only. y = −Infinity (log-softmax of −Infinity) gives
// exp(y) = 0 and dx = dy. y > 0 (not a log-softmax output, but defined) takes exp(y) = 1/exp(−y) for
// that vector (expTimesAny: three roundings instead of one), since the vector exp is for arguments <= 0.

import { expNegMul_f64x2_rr2_p11, expNeg_f64x2_rr2_p11 } from '../math/exp-f64x2-rr2-p11';
import { demote2, promoteHigh, promoteLow } from '../simd';
import { twoSumErr } from '../math/eft';
import { loadCols, storeCols } from './axis';

const SPLIT: f64 = 134217729; // 2^27 + 1 (Veltkamp)

/** The rounding error of p = fl(a·b), f64x2 (Dekker); 0 where it is not finite (a split overflowed). */
@inline function prodErr64(a: v128, b: v128, p: v128): v128 {
  const sp = f64x2.splat(SPLIT);
  let t = f64x2.mul(a, sp);
  const ah = f64x2.sub(t, f64x2.sub(t, a));
  const al = f64x2.sub(a, ah);
  t = f64x2.mul(b, sp);
  const bh = f64x2.sub(t, f64x2.sub(t, b));
  const bl = f64x2.sub(b, bh);
  const e = f64x2.add(
    f64x2.add(f64x2.add(f64x2.sub(f64x2.mul(ah, bh), p), f64x2.mul(ah, bl)), f64x2.mul(al, bh)),
    f64x2.mul(al, bl),
  );
  return v128.andnot(e, f64x2.ne(e, e));
}

// ---- exp(y)·s for logSoftmaxGrad ----

/** Per line: whether s suits expNegLoMul (|s| in (2^−958, 2^960), or 0); else exp(y)·s is two roundings. */
let mulOK: bool = true;

const S_MIN: f64 = reinterpret<f64>(0x0410000000000000); // 2^−958
const S_MAX: f64 = reinterpret<f64>(0x7BF0000000000000); // 2^960

@inline function setMulOK(h0: f64, h1: f64): void {
  const a = abs(h0);
  const b = abs(h1);
  mulOK = (a == 0 || (a > S_MIN && a < S_MAX)) && (b == 0 || (b > S_MIN && b < S_MAX));
}

/**
 * exp(y)·s for a vector with a lane y > 0 (not a log-softmax output, outside the vector exp's domain):
 * exp(y) = 1 / exp(−y) in those lanes (exp(−y) = 0 beyond 745 gives +Infinity), three roundings.
 */
function expTimesAny(y: v128, s: v128): v128 {
  const en = expNeg_f64x2_rr2_p11(v128.or(y, f64x2.splat(-0.0))); // exp(−|y|); NaN passes
  return f64x2.mul(v128.bitselect(f64x2.div(f64x2.splat(1), en), en, f64x2.gt(y, f64x2.splat(0))), s);
}

/** exp(y)·s in two roundings, for a line whose s does not suit expNegLoMul (see mulOK). */
function expTimesPlain(y: v128, s: v128): v128 {
  return f64x2.mul(expNeg_f64x2_rr2_p11(y), s);
}

/** exp(y)·s, f64x2 (NaN passes, −Infinity gives 0). The rare cases are out of line (code size). */
@inline function expTimes(y: v128, s: v128): v128 {
  if (v128.any_true(f64x2.gt(y, f64x2.splat(0)))) return expTimesAny(y, s);
  return mulOK ? expNegMul_f64x2_rr2_p11(y, s) : expTimesPlain(y, s);
}

// ---- the functions: terms of the sum and dx, per vector; h0/l0 is s for lanes 0, 1 (f64: the whole
//      vector) and h1/l1 for lanes 2, 3 (f32 only) ----

@final class SoftmaxGrad32 {
  @inline get exact(): bool {
    return true;
  }
  @inline termLo(y: v128, dy: v128): v128 {
    return f64x2.mul(promoteLow(y), promoteLow(dy));
  }
  @inline termHi(y: v128, dy: v128): v128 {
    return f64x2.mul(promoteHigh(y), promoteHigh(dy));
  }
  @inline errLo(y: v128, dy: v128, t: v128): v128 {
    return t;
  }
  @inline apply(y: v128, dy: v128, h0: v128, l0: v128, h1: v128, l1: v128): v128 {
    const r0 = f64x2.mul(promoteLow(y), f64x2.sub(f64x2.sub(promoteLow(dy), h0), l0));
    const r1 = f64x2.mul(promoteHigh(y), f64x2.sub(f64x2.sub(promoteHigh(dy), h1), l1));
    return demote2(r0, r1);
  }
}

@final class LogSoftmaxGrad32 {
  @inline get exact(): bool {
    return true;
  }
  @inline termLo(y: v128, dy: v128): v128 {
    return promoteLow(dy);
  }
  @inline termHi(y: v128, dy: v128): v128 {
    return promoteHigh(dy);
  }
  @inline errLo(y: v128, dy: v128, t: v128): v128 {
    return t;
  }
  @inline apply(y: v128, dy: v128, h0: v128, l0: v128, h1: v128, l1: v128): v128 {
    const r0 = f64x2.sub(promoteLow(dy), expTimes(promoteLow(y), h0));
    const r1 = f64x2.sub(promoteHigh(dy), expTimes(promoteHigh(y), h1));
    return demote2(r0, r1);
  }
}

@final class SoftmaxGrad64 {
  @inline get exact(): bool {
    return false;
  }
  @inline termLo(y: v128, dy: v128): v128 {
    return f64x2.mul(y, dy);
  }
  @inline termHi(y: v128, dy: v128): v128 {
    return f64x2.splat(0);
  }
  @inline errLo(y: v128, dy: v128, t: v128): v128 {
    return prodErr64(y, dy, t);
  }
  @inline apply(y: v128, dy: v128, h0: v128, l0: v128, h1: v128, l1: v128): v128 {
    return f64x2.mul(y, f64x2.sub(f64x2.sub(dy, h0), l0));
  }
}

@final class LogSoftmaxGrad64 {
  @inline get exact(): bool {
    return true;
  }
  @inline termLo(y: v128, dy: v128): v128 {
    return dy;
  }
  @inline termHi(y: v128, dy: v128): v128 {
    return f64x2.splat(0);
  }
  @inline errLo(y: v128, dy: v128, t: v128): v128 {
    return t;
  }
  @inline apply(y: v128, dy: v128, h0: v128, l0: v128, h1: v128, l1: v128): v128 {
    return f64x2.sub(dy, expTimes(y, h0));
  }
}

// ---- the compensated sum ----

/** The result of the last rowSum / addition: s = sumHi + sumLo. */
let sumHi: f64 = 0;
let sumLo: f64 = 0;

/** (sumHi, sumLo) = a + b + e as a normalised pair (hi = fl(hi + lo)); a + b by a two-sum. */
@inline function setSum(a: f64, b: f64, e: f64): void {
  const s = a + b;
  const bb = s - a;
  const lo = (a - (s - bb)) + (b - bb) + e;
  sumHi = s + lo;
  sumLo = lo - (sumHi - s);
}

/** The lanes of (acc, comp) pairs a0/c0 and a1/c1 as (sumHi, sumLo). */
function finishSum(a0: v128, c0: v128, a1: v128, c1: v128): void {
  setSum(f64x2.extract_lane(a0, 0), f64x2.extract_lane(a0, 1), f64x2.extract_lane(c0, 0) + f64x2.extract_lane(c0, 1));
  const h = sumHi;
  const l = sumLo;
  setSum(f64x2.extract_lane(a1, 0), f64x2.extract_lane(a1, 1), f64x2.extract_lane(c1, 0) + f64x2.extract_lane(c1, 1));
  setSum(h, sumHi, l + sumLo);
}

/** c + the rounding error of a + t = s, + K's error of the term t (two-product) where it has one. */
@inline function comp<K>(c: v128, a: v128, t: v128, s: v128, y: v128, dy: v128): v128 {
  const k = changetype<K>(0);
  const e = twoSumErr(a, t, s);
  return f64x2.add(c, k.exact ? e : f64x2.add(e, k.errLo(y, dy, t)));
}

/** sum of K's terms over p[0..n), q[0..n) of element type T, as (sumHi, sumLo). */
function rowSum<T, K>(p: usize, q: usize, n: i32): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let c0 = a0;
  let c1 = a0;
  let c2 = a0;
  let c3 = a0;
  let i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    const o = <usize>i << alignof<T>();
    const y0 = v128.load(p + o);
    const d0 = v128.load(q + o);
    const y1 = v128.load(p + o, 16);
    const d1 = v128.load(q + o, 16);
    if (sizeof<T>() == 4) {
      const t0 = k.termLo(y0, d0);
      const t1 = k.termHi(y0, d0);
      const t2 = k.termLo(y1, d1);
      const t3 = k.termHi(y1, d1);
      const s0 = f64x2.add(a0, t0);
      const s1 = f64x2.add(a1, t1);
      const s2 = f64x2.add(a2, t2);
      const s3 = f64x2.add(a3, t3);
      c0 = comp<K>(c0, a0, t0, s0, y0, d0);
      c1 = comp<K>(c1, a1, t1, s1, y0, d0);
      c2 = comp<K>(c2, a2, t2, s2, y1, d1);
      c3 = comp<K>(c3, a3, t3, s3, y1, d1);
      a0 = s0;
      a1 = s1;
      a2 = s2;
      a3 = s3;
    } else {
      const t0 = k.termLo(y0, d0);
      const t1 = k.termLo(y1, d1);
      const s0 = f64x2.add(a0, t0);
      const s1 = f64x2.add(a1, t1);
      c0 = comp<K>(c0, a0, t0, s0, y0, d0);
      c1 = comp<K>(c1, a1, t1, s1, y1, d1);
      a0 = s0;
      a1 = s1;
    }
  }
  for (; i < n; i += lanes) {
    const w = min(lanes, n - i); // lanes past w load as 0, and every term of a 0 is 0
    const y = loadCols<T>(p + (<usize>i << alignof<T>()), w);
    const d = loadCols<T>(q + (<usize>i << alignof<T>()), w);
    const t0 = k.termLo(y, d);
    const s0 = f64x2.add(a0, t0);
    c0 = comp<K>(c0, a0, t0, s0, y, d);
    a0 = s0;
    if (sizeof<T>() == 4) {
      const t1 = k.termHi(y, d);
      const s1 = f64x2.add(a1, t1);
      c1 = comp<K>(c1, a1, t1, s1, y, d);
      a1 = s1;
    }
  }
  // Fold accumulators 2, 3 into 0, 1 (two-sums again), then the lanes.
  let s = f64x2.add(a0, a2);
  c0 = f64x2.add(f64x2.add(c0, c2), twoSumErr(a0, a2, s));
  a0 = s;
  s = f64x2.add(a1, a3);
  c1 = f64x2.add(f64x2.add(c1, c3), twoSumErr(a1, a3, s));
  a1 = s;
  finishSum(a0, c0, a1, c1);
}

/**
 * r[i] = K.apply(p[i], q[i]) with s = hi + lo, element type T: two vectors per iteration (two
 * independent chains: faster than one, docs/kernels.md), then single ones, the last partial.
 */
function rowApply<T, K>(p: usize, q: usize, r: usize, n: i32, hi: f64, lo: f64): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  const h = f64x2.splat(hi);
  const l = f64x2.splat(lo);
  setMulOK(hi, hi);
  let i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    const o = <usize>i << alignof<T>();
    const v0 = k.apply(v128.load(p + o), v128.load(q + o), h, l, h, l);
    const v1 = k.apply(v128.load(p + o, 16), v128.load(q + o, 16), h, l, h, l);
    v128.store(r + o, v0);
    v128.store(r + o, v1, 16);
  }
  for (; i < n; i += lanes) {
    const w = min(lanes, n - i);
    const o = <usize>i << alignof<T>();
    storeCols<T>(r + o, k.apply(loadCols<T>(p + o, w), loadCols<T>(q + o, w), h, l, h, l), w);
  }
}

@inline function rows<T, K>(a: usize, b: usize, dst: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = (<usize>r * <usize>len) << alignof<T>();
    rowSum<T, K>(a + o, b + o, len);
    rowApply<T, K>(a + o, b + o, dst + o, len, sumHi, sumLo);
  }
}

/** Adds this chunk's sum into the double-double at acc (the running sum of a long line). */
@inline function reduce<T, K>(a: usize, b: usize, n: i32, acc: usize): void {
  rowSum<T, K>(a, b, n);
  setSum(load<f64>(acc), sumHi, load<f64>(acc, 8) + sumLo);
  store<f64>(acc, sumHi);
  store<f64>(acc, sumLo, 8);
}

/** Per lane: hi = fl(a + c), and lo the rest (a two-sum: c may exceed a where the line cancels). */
@inline function pairHi(a: v128, c: v128): v128 {
  return f64x2.add(a, c);
}
@inline function pairLo(a: v128, c: v128, h: v128): v128 {
  return twoSumErr(a, c, h);
}

/** Sets (and returns) mulOK for a vector of columns whose sums are h0 (lanes 0, 1) and h1 (f32: lanes 2, 3). */
@inline function groupMulOK<T>(h0: v128, h1: v128): bool {
  setMulOK(f64x2.extract_lane(h0, 0), f64x2.extract_lane(h0, 1));
  if (sizeof<T>() == 4 && mulOK) setMulOK(f64x2.extract_lane(h1, 0), f64x2.extract_lane(h1, 1));
  return mulOK;
}

/**
 * cols for four whole vectors of columns at once (64 bytes, a cache line of each row, per step, so that
 * rows 4 KiB apart do not keep a column's rows in a few L1 sets, as one vector at a time does), every
 * lane computed exactly as one vector at a time is, in the same order, with each vector's own mulOK.
 */
@inline function cols4<T, K>(a: usize, b: usize, dst: usize, o0: usize, len: i32, stride: usize): void {
  const k = changetype<K>(0);
  const z = f64x2.splat(0);
  let a0 = z, a1 = z, a2 = z, a3 = z, a4 = z, a5 = z, a6 = z, a7 = z; // lanes 0, 1 (a0, a2 …) and 2, 3 of each vector
  let c0 = z, c1 = z, c2 = z, c3 = z, c4 = z, c5 = z, c6 = z, c7 = z;
  for (let r = 0; r < len; r++) {
    const o = o0 + <usize>r * stride;
    const y0 = v128.load(a + o);
    const d0 = v128.load(b + o);
    const y1 = v128.load(a + o, 16);
    const d1 = v128.load(b + o, 16);
    const y2 = v128.load(a + o, 32);
    const d2 = v128.load(b + o, 32);
    const y3 = v128.load(a + o, 48);
    const d3 = v128.load(b + o, 48);
    const t0 = k.termLo(y0, d0);
    const t2 = k.termLo(y1, d1);
    const t4 = k.termLo(y2, d2);
    const t6 = k.termLo(y3, d3);
    const s0 = f64x2.add(a0, t0);
    const s2 = f64x2.add(a2, t2);
    const s4 = f64x2.add(a4, t4);
    const s6 = f64x2.add(a6, t6);
    c0 = comp<K>(c0, a0, t0, s0, y0, d0);
    c2 = comp<K>(c2, a2, t2, s2, y1, d1);
    c4 = comp<K>(c4, a4, t4, s4, y2, d2);
    c6 = comp<K>(c6, a6, t6, s6, y3, d3);
    a0 = s0;
    a2 = s2;
    a4 = s4;
    a6 = s6;
    if (sizeof<T>() == 4) {
      const t1 = k.termHi(y0, d0);
      const t3 = k.termHi(y1, d1);
      const t5 = k.termHi(y2, d2);
      const t7 = k.termHi(y3, d3);
      const s1 = f64x2.add(a1, t1);
      const s3 = f64x2.add(a3, t3);
      const s5 = f64x2.add(a5, t5);
      const s7 = f64x2.add(a7, t7);
      c1 = comp<K>(c1, a1, t1, s1, y0, d0);
      c3 = comp<K>(c3, a3, t3, s3, y1, d1);
      c5 = comp<K>(c5, a5, t5, s5, y2, d2);
      c7 = comp<K>(c7, a7, t7, s7, y3, d3);
      a1 = s1;
      a3 = s3;
      a5 = s5;
      a7 = s7;
    }
  }
  const h0 = pairHi(a0, c0), h1 = pairHi(a1, c1), h2 = pairHi(a2, c2), h3 = pairHi(a3, c3);
  const h4 = pairHi(a4, c4), h5 = pairHi(a5, c5), h6 = pairHi(a6, c6), h7 = pairHi(a7, c7);
  const l0 = pairLo(a0, c0, h0), l1 = pairLo(a1, c1, h1), l2 = pairLo(a2, c2, h2), l3 = pairLo(a3, c3, h3);
  const l4 = pairLo(a4, c4, h4), l5 = pairLo(a5, c5, h5), l6 = pairLo(a6, c6, h6), l7 = pairLo(a7, c7, h7);
  const ok0 = groupMulOK<T>(h0, h1);
  const ok1 = groupMulOK<T>(h2, h3);
  const ok2 = groupMulOK<T>(h4, h5);
  const ok3 = groupMulOK<T>(h6, h7);
  for (let r = 0; r < len; r++) {
    const o = o0 + <usize>r * stride;
    mulOK = ok0;
    v128.store(dst + o, k.apply(v128.load(a + o), v128.load(b + o), h0, l0, h1, l1));
    mulOK = ok1;
    v128.store(dst + o, k.apply(v128.load(a + o, 16), v128.load(b + o, 16), h2, l2, h3, l3), 16);
    mulOK = ok2;
    v128.store(dst + o, k.apply(v128.load(a + o, 32), v128.load(b + o, 32), h4, l4, h5, l5), 32);
    mulOK = ok3;
    v128.store(dst + o, k.apply(v128.load(a + o, 48), v128.load(b + o, 48), h6, l6, h7, l7), 48);
  }
}

/**
 * Down each of `cols` columns of y and dy, `len` rows `ld` elements apart: four whole vectors of
 * columns at a time (cols4), then one vector at a time.
 */
@inline function cols<T, K>(a: usize, b: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  const stride = <usize>ld << alignof<T>();
  let c0 = 0;
  for (; c0 + 4 * lanes <= cols; c0 += 4 * lanes) cols4<T, K>(a, b, dst, <usize>c0 << alignof<T>(), len, stride);
  for (let c = c0; c < cols; c += lanes) {
    const w = min(lanes, cols - c);
    const o0 = <usize>c << alignof<T>();
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let c0 = a0;
    let c1 = a0;
    for (let r = 0; r < len; r++) {
      const o = o0 + <usize>r * stride;
      const y = loadCols<T>(a + o, w);
      const d = loadCols<T>(b + o, w);
      const t0 = k.termLo(y, d);
      const s0 = f64x2.add(a0, t0);
      c0 = comp<K>(c0, a0, t0, s0, y, d);
      a0 = s0;
      if (sizeof<T>() == 4) {
        const t1 = k.termHi(y, d);
        const s1 = f64x2.add(a1, t1);
        c1 = comp<K>(c1, a1, t1, s1, y, d);
        a1 = s1;
      }
    }
    const h0 = pairHi(a0, c0);
    const h1 = pairHi(a1, c1);
    const l0 = pairLo(a0, c0, h0);
    const l1 = pairLo(a1, c1, h1);
    groupMulOK<T>(h0, h1);
    for (let r = 0; r < len; r++) {
      const o = o0 + <usize>r * stride;
      storeCols<T>(dst + o, k.apply(loadCols<T>(a + o, w), loadCols<T>(b + o, w), h0, l0, h1, l1), w);
    }
  }
}

// ---- exports: (y, dy) → dx; `a` is y, `b` is dy, dst may be either ----

export function softmax_grad_rows_f32(a: usize, b: usize, dst: usize, n: i32, len: i32): void {
  rows<f32, SoftmaxGrad32>(a, b, dst, n, len);
}
export function softmax_grad_cols_f32(a: usize, b: usize, dst: usize, len: i32, n: i32, ld: i32): void {
  cols<f32, SoftmaxGrad32>(a, b, dst, len, n, ld);
}
export function softmax_grad_reduce_f32(a: usize, b: usize, n: i32, acc: usize): void {
  reduce<f32, SoftmaxGrad32>(a, b, n, acc);
}
export function softmax_grad_apply_f32(a: usize, b: usize, dst: usize, n: i32, hi: f64, lo: f64): void {
  rowApply<f32, SoftmaxGrad32>(a, b, dst, n, hi, lo);
}

export function log_softmax_grad_rows_f32(a: usize, b: usize, dst: usize, n: i32, len: i32): void {
  rows<f32, LogSoftmaxGrad32>(a, b, dst, n, len);
}
export function log_softmax_grad_cols_f32(a: usize, b: usize, dst: usize, len: i32, n: i32, ld: i32): void {
  cols<f32, LogSoftmaxGrad32>(a, b, dst, len, n, ld);
}
export function log_softmax_grad_reduce_f32(a: usize, b: usize, n: i32, acc: usize): void {
  reduce<f32, LogSoftmaxGrad32>(a, b, n, acc);
}
export function log_softmax_grad_apply_f32(a: usize, b: usize, dst: usize, n: i32, hi: f64, lo: f64): void {
  rowApply<f32, LogSoftmaxGrad32>(a, b, dst, n, hi, lo);
}

export function softmax_grad_rows_f64(a: usize, b: usize, dst: usize, n: i32, len: i32): void {
  rows<f64, SoftmaxGrad64>(a, b, dst, n, len);
}
export function softmax_grad_cols_f64(a: usize, b: usize, dst: usize, len: i32, n: i32, ld: i32): void {
  cols<f64, SoftmaxGrad64>(a, b, dst, len, n, ld);
}
export function softmax_grad_reduce_f64(a: usize, b: usize, n: i32, acc: usize): void {
  reduce<f64, SoftmaxGrad64>(a, b, n, acc);
}
export function softmax_grad_apply_f64(a: usize, b: usize, dst: usize, n: i32, hi: f64, lo: f64): void {
  rowApply<f64, SoftmaxGrad64>(a, b, dst, n, hi, lo);
}

export function log_softmax_grad_rows_f64(a: usize, b: usize, dst: usize, n: i32, len: i32): void {
  rows<f64, LogSoftmaxGrad64>(a, b, dst, n, len);
}
export function log_softmax_grad_cols_f64(a: usize, b: usize, dst: usize, len: i32, n: i32, ld: i32): void {
  cols<f64, LogSoftmaxGrad64>(a, b, dst, len, n, ld);
}
export function log_softmax_grad_reduce_f64(a: usize, b: usize, n: i32, acc: usize): void {
  reduce<f64, LogSoftmaxGrad64>(a, b, n, acc);
}
export function log_softmax_grad_apply_f64(a: usize, b: usize, dst: usize, n: i32, hi: f64, lo: f64): void {
  rowApply<f64, LogSoftmaxGrad64>(a, b, dst, n, hi, lo);
}
