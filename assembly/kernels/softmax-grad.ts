// The derivatives of softmax and log-softmax along an axis, from the forward OUTPUT y (as PyTorch's
// _softmax_backward_data and _log_softmax_backward_data), f32x4:
//
//   softmaxGrad:    dx = y · (dy − s),      s = sum(y · dy) along the axis
//   logSoftmaxGrad: dx = dy − exp(y) · s,   s = sum(dy) along the axis
//
// Two passes per row: the sum s, then dx. Same layouts as the forward kernels: contiguous rows, a
// gathered block of columns, and the two passes of a row too long for the scratch region (the wrapper
// keeps the running sum in linear memory between chunks, as a double-double).
// Accuracy:
//   * s is a compensated sum in f64 (Knuth's two-sum per addition, the errors summed apart) of terms
//     that are exact in f64 (y·dy of two floats has 48 significant bits), and is carried as hi + lo:
//     it is s to about 2^−100 relative, whatever the length of the row or the cancellation in it.
//   * softmaxGrad: (dy − hi) − lo in f64 (dy − hi is exact where they are close, by Sterbenz), times y
//     in f64, rounded once to f32: within 1 ULP of the exact y·(dy − s) of the given y and dy, also
//     where dy ≈ s and dx cancels to a few digits (a relative bound holds down to |dy − s| of about
//     2^−45·|s|).
//   * logSoftmaxGrad: exp(y) is exp-f32x4-rr2-p6 (about 1 ULP), the rest in f64 and rounded once. Where
//     dy ≈ exp(y)·s, dx cancels and exp's rounding dominates: the error is then bounded by about 1 ULP of
//     exp(y)·|s| <= 2·max|dy| (absolute), not relative to dx; the registry's bound says both.
// Special values: a NaN in dy (or in y for softmaxGrad) makes s and the whole line NaN, as in PyTorch;
// a NaN in y of logSoftmaxGrad makes that dx NaN only. y = −Infinity (log-softmax of −Infinity) gives
// exp(y) = 0 and dx = dy. y > 0 (not a log-softmax output, but defined) takes a scalar f64 exp
// (expAnyLanes) for that vector, since the vector exp is for arguments <= 0 only.

import { expNeg_f32x4_rr2_p6 } from '../math/exp-f32x4-rr2-p6';
import { loadCols, promoteHigh, promoteLow, storeCols } from './softmax';

/** Two f64x2 as one f32x4 (lanes 0, 1 from lo; 2, 3 from hi), each rounded once. */
@inline function demote2(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** softmaxGrad: terms y·dy (exact in f64), dx = y·((dy − hi) − lo). */
@final class SoftmaxGrad32 {
  @inline termLo(y: v128, dy: v128): v128 {
    return f64x2.mul(promoteLow(y), promoteLow(dy));
  }
  @inline termHi(y: v128, dy: v128): v128 {
    return f64x2.mul(promoteHigh(y), promoteHigh(dy));
  }
  @inline apply(y: v128, dy: v128, h0: v128, l0: v128, h1: v128, l1: v128): v128 {
    const r0 = f64x2.mul(promoteLow(y), f64x2.sub(f64x2.sub(promoteLow(dy), h0), l0));
    const r1 = f64x2.mul(promoteHigh(y), f64x2.sub(f64x2.sub(promoteHigh(dy), h1), l1));
    return demote2(r0, r1);
  }
}

/** exp(y) lane by lane in f64, for a vector with a lane y > 0 (outside the vector exp's domain). */
function expAnyLanes(y: v128): v128 {
  let e = f32x4.splat(0);
  e = f32x4.replace_lane(e, 0, <f32>Math.exp(<f64>f32x4.extract_lane(y, 0)));
  e = f32x4.replace_lane(e, 1, <f32>Math.exp(<f64>f32x4.extract_lane(y, 1)));
  e = f32x4.replace_lane(e, 2, <f32>Math.exp(<f64>f32x4.extract_lane(y, 2)));
  e = f32x4.replace_lane(e, 3, <f32>Math.exp(<f64>f32x4.extract_lane(y, 3)));
  return e;
}

/** exp(y) for a log-softmax output (y <= 0; NaN passes; −Infinity gives 0). */
@inline function expY(y: v128): v128 {
  return v128.any_true(f32x4.gt(y, f32x4.splat(0))) ? expAnyLanes(y) : expNeg_f32x4_rr2_p6(y);
}

/** logSoftmaxGrad: terms dy, dx = dy − exp(y)·hi (lo is below f64's rounding of the product). */
@final class LogSoftmaxGrad32 {
  @inline termLo(y: v128, dy: v128): v128 {
    return promoteLow(dy);
  }
  @inline termHi(y: v128, dy: v128): v128 {
    return promoteHigh(dy);
  }
  @inline apply(y: v128, dy: v128, h0: v128, l0: v128, h1: v128, l1: v128): v128 {
    const e = expY(y);
    const r0 = f64x2.sub(promoteLow(dy), f64x2.mul(promoteLow(e), h0));
    const r1 = f64x2.sub(promoteHigh(dy), f64x2.mul(promoteHigh(e), h1));
    return demote2(r0, r1);
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

/** The four lanes of (acc, comp) pairs a0/c0 (lanes 0, 1) and a1/c1 (lanes 2, 3) as (sumHi, sumLo). */
function finishSum(a0: v128, c0: v128, a1: v128, c1: v128): void {
  setSum(f64x2.extract_lane(a0, 0), f64x2.extract_lane(a0, 1), f64x2.extract_lane(c0, 0) + f64x2.extract_lane(c0, 1));
  const h = sumHi;
  const l = sumLo;
  setSum(f64x2.extract_lane(a1, 0), f64x2.extract_lane(a1, 1), f64x2.extract_lane(c1, 0) + f64x2.extract_lane(c1, 1));
  setSum(h, sumHi, l + sumLo);
}

/** sum of K's terms over p[0..n), q[0..n), as (sumHi, sumLo). */
@inline function rowSum<K>(p: usize, q: usize, n: i32): void {
  const k = changetype<K>(0);
  let a0 = f64x2.splat(0);
  let a1 = a0;
  let a2 = a0;
  let a3 = a0;
  let c0 = a0;
  let c1 = a0;
  let c2 = a0;
  let c3 = a0;
  let i = 0;
  // Two-sum per addition, lane-wise: s = a + t exactly as s + err.
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const y0 = v128.load(p + o);
    const d0 = v128.load(q + o);
    const y1 = v128.load(p + o, 16);
    const d1 = v128.load(q + o, 16);
    const t0 = k.termLo(y0, d0);
    const t1 = k.termHi(y0, d0);
    const t2 = k.termLo(y1, d1);
    const t3 = k.termHi(y1, d1);
    const s0 = f64x2.add(a0, t0);
    const s1 = f64x2.add(a1, t1);
    const s2 = f64x2.add(a2, t2);
    const s3 = f64x2.add(a3, t3);
    const b0 = f64x2.sub(s0, a0);
    const b1 = f64x2.sub(s1, a1);
    const b2 = f64x2.sub(s2, a2);
    const b3 = f64x2.sub(s3, a3);
    c0 = f64x2.add(c0, f64x2.add(f64x2.sub(a0, f64x2.sub(s0, b0)), f64x2.sub(t0, b0)));
    c1 = f64x2.add(c1, f64x2.add(f64x2.sub(a1, f64x2.sub(s1, b1)), f64x2.sub(t1, b1)));
    c2 = f64x2.add(c2, f64x2.add(f64x2.sub(a2, f64x2.sub(s2, b2)), f64x2.sub(t2, b2)));
    c3 = f64x2.add(c3, f64x2.add(f64x2.sub(a3, f64x2.sub(s3, b3)), f64x2.sub(t3, b3)));
    a0 = s0;
    a1 = s1;
    a2 = s2;
    a3 = s3;
  }
  for (; i < n; i += 4) {
    const w = min(4, n - i); // lanes past w load as 0, and every term of a 0 is 0
    const y = loadCols(p + (<usize>i << 2), w);
    const d = loadCols(q + (<usize>i << 2), w);
    const t0 = k.termLo(y, d);
    const t1 = k.termHi(y, d);
    const s0 = f64x2.add(a0, t0);
    const s1 = f64x2.add(a1, t1);
    const b0 = f64x2.sub(s0, a0);
    const b1 = f64x2.sub(s1, a1);
    c0 = f64x2.add(c0, f64x2.add(f64x2.sub(a0, f64x2.sub(s0, b0)), f64x2.sub(t0, b0)));
    c1 = f64x2.add(c1, f64x2.add(f64x2.sub(a1, f64x2.sub(s1, b1)), f64x2.sub(t1, b1)));
    a0 = s0;
    a1 = s1;
  }
  // Fold accumulators 2, 3 into 0, 1 (two-sums again), then the lanes.
  let s = f64x2.add(a0, a2);
  let b = f64x2.sub(s, a0);
  c0 = f64x2.add(f64x2.add(c0, c2), f64x2.add(f64x2.sub(a0, f64x2.sub(s, b)), f64x2.sub(a2, b)));
  a0 = s;
  s = f64x2.add(a1, a3);
  b = f64x2.sub(s, a1);
  c1 = f64x2.add(f64x2.add(c1, c3), f64x2.add(f64x2.sub(a1, f64x2.sub(s, b)), f64x2.sub(a3, b)));
  a1 = s;
  finishSum(a0, c0, a1, c1);
}

/** r[i] = K.apply(p[i], q[i]) with s = hi + lo. */
@inline function rowApply<K>(p: usize, q: usize, r: usize, n: i32, hi: f64, lo: f64): void {
  const k = changetype<K>(0);
  const h = f64x2.splat(hi);
  const l = f64x2.splat(lo);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    const v0 = k.apply(v128.load(p + o), v128.load(q + o), h, l, h, l);
    const v1 = k.apply(v128.load(p + o, 16), v128.load(q + o, 16), h, l, h, l);
    v128.store(r + o, v0);
    v128.store(r + o, v1, 16);
  }
  for (; i < n; i += 4) {
    const w = min(4, n - i);
    const o = <usize>i << 2;
    storeCols(r + o, k.apply(loadCols(p + o, w), loadCols(q + o, w), h, l, h, l), w);
  }
}

@inline function rows<K>(a: usize, b: usize, dst: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = (<usize>r * <usize>len) << 2;
    rowSum<K>(a + o, b + o, len);
    rowApply<K>(a + o, b + o, dst + o, len, sumHi, sumLo);
  }
}

/** Adds this chunk's sum into the double-double at acc (the running sum of a long row). */
@inline function reduce<K>(a: usize, b: usize, n: i32, acc: usize): void {
  rowSum<K>(a, b, n);
  setSum(load<f64>(acc), sumHi, load<f64>(acc, 8) + sumLo);
  store<f64>(acc, sumHi);
  store<f64>(acc, sumLo, 8);
}

/** Down each column of row-major blocks [len × cols] of y and dy: four columns per vector. */
@inline function cols<K>(a: usize, b: usize, dst: usize, len: i32, cols: i32): void {
  const k = changetype<K>(0);
  const stride = <usize>cols << 2;
  for (let c = 0; c < cols; c += 4) {
    const w = min(4, cols - c);
    const o0 = <usize>c << 2;
    let a0 = f64x2.splat(0);
    let a1 = a0;
    let c0 = a0;
    let c1 = a0;
    for (let r = 0; r < len; r++) {
      const o = o0 + <usize>r * stride;
      const y = loadCols(a + o, w);
      const d = loadCols(b + o, w);
      const t0 = k.termLo(y, d);
      const t1 = k.termHi(y, d);
      const s0 = f64x2.add(a0, t0);
      const s1 = f64x2.add(a1, t1);
      const b0 = f64x2.sub(s0, a0);
      const b1 = f64x2.sub(s1, a1);
      c0 = f64x2.add(c0, f64x2.add(f64x2.sub(a0, f64x2.sub(s0, b0)), f64x2.sub(t0, b0)));
      c1 = f64x2.add(c1, f64x2.add(f64x2.sub(a1, f64x2.sub(s1, b1)), f64x2.sub(t1, b1)));
      a0 = s0;
      a1 = s1;
    }
    // Per lane: hi = fl(a + c), lo = the rest (a two-sum: c may exceed a where the column cancels).
    const h0 = f64x2.add(a0, c0);
    const h1 = f64x2.add(a1, c1);
    const g0 = f64x2.sub(h0, a0);
    const g1 = f64x2.sub(h1, a1);
    const l0 = f64x2.add(f64x2.sub(a0, f64x2.sub(h0, g0)), f64x2.sub(c0, g0));
    const l1 = f64x2.add(f64x2.sub(a1, f64x2.sub(h1, g1)), f64x2.sub(c1, g1));
    for (let r = 0; r < len; r++) {
      const o = o0 + <usize>r * stride;
      storeCols(dst + o, k.apply(loadCols(a + o, w), loadCols(b + o, w), h0, l0, h1, l1), w);
    }
  }
}

// ---- exports: (y, dy) → dx; `a` is y, `b` is dy, dst may be either ----

export function softmax_grad_rows_f32(a: usize, b: usize, dst: usize, n: i32, len: i32): void {
  rows<SoftmaxGrad32>(a, b, dst, n, len);
}
export function softmax_grad_cols_f32(a: usize, b: usize, dst: usize, len: i32, n: i32): void {
  cols<SoftmaxGrad32>(a, b, dst, len, n);
}
export function softmax_grad_reduce_f32(a: usize, b: usize, n: i32, acc: usize): void {
  reduce<SoftmaxGrad32>(a, b, n, acc);
}
export function softmax_grad_apply_f32(a: usize, b: usize, dst: usize, n: i32, hi: f64, lo: f64): void {
  rowApply<SoftmaxGrad32>(a, b, dst, n, hi, lo);
}

export function log_softmax_grad_rows_f32(a: usize, b: usize, dst: usize, n: i32, len: i32): void {
  rows<LogSoftmaxGrad32>(a, b, dst, n, len);
}
export function log_softmax_grad_cols_f32(a: usize, b: usize, dst: usize, len: i32, n: i32): void {
  cols<LogSoftmaxGrad32>(a, b, dst, len, n);
}
export function log_softmax_grad_reduce_f32(a: usize, b: usize, n: i32, acc: usize): void {
  reduce<LogSoftmaxGrad32>(a, b, n, acc);
}
export function log_softmax_grad_apply_f32(a: usize, b: usize, dst: usize, n: i32, hi: f64, lo: f64): void {
  rowApply<LogSoftmaxGrad32>(a, b, dst, n, hi, lo);
}
