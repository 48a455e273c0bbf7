// softmax along rows (contiguous) and along columns (a strided axis, gathered into a block), f32x4.
//
//   m = max(x) (NaN-propagating f32x4.max), d = x − m <= 0, y = exp(d) / sum(exp(d)).
// Accuracy, on rows of up to 10,000 elements within 4 ULP (peers reach 38 ULP on 1000-wide rows):
//   * x − m is rounded in f32, and exp(d)'s relative error grows with |d|·(rounding of d) — up to |d|
//     ULP. A two-sum recovers that rounding error exactly and exp-f32x4-rr2-p6 adds it to its reduced
//     argument, so exp sees x − m exactly.
//   * The sum is accumulated in f64 (two f64x2 accumulators), so it does not drift on long rows.
//   * y = e · f32(1/sum): exp ~1 ULP, the reciprocal and the product one rounding each.
// Special values (as PyTorch): a NaN anywhere makes the row NaN (m is NaN, so every d is); +Infinity
// in a row gives inf − inf = NaN, so the row is NaN; a row of −Infinity is NaN likewise; −Infinity
// among finite values gives 0. Huge finite values never overflow: d = x − m may be −Infinity, which
// exp maps to 0 (the two-sum's correction is masked to 0 wherever d < −104, where exp is 0 anyway).

import { expNegLo_f32x4_rr2_p6 } from '../math/exp-f32x4-rr2-p6';
import { loadPartial, storePartial } from '../map';

/** Lane index < k: the valid lanes of a partial last vector. */
@inline function laneMask(k: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(k));
}

/** exp(x − m) with the exact difference (two-sum correction), x, m as f32x4, result <= 1. */
@inline function expMinusMax(x: v128, m: v128): v128 {
  const d = f32x4.sub(x, m);
  // Two-sum: d + lo == x − m exactly (Knuth); needs no ordering of |x| and |m|.
  const bb = f32x4.sub(d, x);
  let lo = f32x4.add(f32x4.sub(x, f32x4.sub(d, bb)), f32x4.sub(f32x4.neg(m), bb));
  lo = v128.andnot(lo, f32x4.lt(d, f32x4.splat(-104.0))); // NaN where d = −Inf; exp is 0 there
  return expNegLo_f32x4_rr2_p6(d, lo);
}

/** Add the four lanes of e to the f64 accumulators (lanes 0,1 → acc0; 2,3 → acc1). */
@inline function promoteLow(e: v128): v128 {
  return f64x2.promote_low_f32x4(e);
}
@inline function promoteHigh(e: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(e, e, 2, 3, 2, 3));
}

// ---- contiguous rows ----

/** max of p[0..n), NaN if any element is NaN, −Infinity for n = 0. */
export function softmax_max_f32(p: usize, n: i32): f32 {
  let acc = f32x4.splat(-Infinity);
  let i = 0;
  for (; i + 4 <= n; i += 4) acc = f32x4.max(acc, v128.load(p + (<usize>i << 2)));
  let m = max(max(f32x4.extract_lane(acc, 0), f32x4.extract_lane(acc, 1)), max(f32x4.extract_lane(acc, 2), f32x4.extract_lane(acc, 3)));
  for (; i < n; i++) m = max(m, load<f32>(p + (<usize>i << 2)));
  return m;
}

/** sum of exp(p[i] − m) in f64; with store, also writes exp(p[i] − m) to q[i]. */
@inline function expSum(p: usize, q: usize, n: i32, m: f32, store: bool): f64 {
  const mv = f32x4.splat(m);
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const e = expMinusMax(v128.load(p + (<usize>i << 2)), mv);
    if (store) v128.store(q + (<usize>i << 2), e);
    a0 = f64x2.add(a0, promoteLow(e));
    a1 = f64x2.add(a1, promoteHigh(e));
  }
  if (i < n) {
    const e = v128.and(expMinusMax(loadPartial<f32>(p + (<usize>i << 2), n - i), mv), laneMask(n - i));
    if (store) storePartial<f32>(q + (<usize>i << 2), e, n - i);
    a0 = f64x2.add(a0, promoteLow(e));
    a1 = f64x2.add(a1, promoteHigh(e));
  }
  const a = f64x2.add(a0, a1);
  return f64x2.extract_lane(a, 0) + f64x2.extract_lane(a, 1);
}

export function softmax_sumexp_f32(p: usize, n: i32, m: f32): f64 {
  return expSum(p, 0, n, m, false);
}

/** q[i] = p[i] · s. */
@inline function scale(p: usize, q: usize, n: i32, s: f32): void {
  const sv = f32x4.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(q + (<usize>i << 2), f32x4.mul(v128.load(p + (<usize>i << 2)), sv));
  if (i < n) storePartial<f32>(q + (<usize>i << 2), f32x4.mul(loadPartial<f32>(p + (<usize>i << 2), n - i), sv), n - i);
}

/** One pass of a row too long for the scratch region: q[i] = exp(p[i] − m) · inv. */
export function softmax_scale_f32(p: usize, q: usize, n: i32, m: f32, inv: f32): void {
  const mv = f32x4.splat(m);
  const sv = f32x4.splat(inv);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(q + (<usize>i << 2), f32x4.mul(expMinusMax(v128.load(p + (<usize>i << 2)), mv), sv));
  if (i < n) {
    const e = expMinusMax(loadPartial<f32>(p + (<usize>i << 2), n - i), mv);
    storePartial<f32>(q + (<usize>i << 2), f32x4.mul(e, sv), n - i);
  }
}

/** softmax of `rows` contiguous rows of `len` elements: three passes over each row, in cache. */
export function softmax_rows_f32(src: usize, dst: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const p = src + ((<usize>r * <usize>len) << 2);
    const q = dst + ((<usize>r * <usize>len) << 2);
    const m = softmax_max_f32(p, len);
    const sum = expSum(p, q, len, m, true);
    scale(q, q, len, <f32>(1.0 / sum));
  }
}

// ---- a strided axis: a block of `len` rows × `cols` columns, softmax down each column ----

/**
 * softmax down each column of a row-major block [len × cols] (the wrapper gathers it from an axis
 * that is not the last). Columns are independent lanes, so four columns go per f32x4 and a partial
 * last group needs no masking: its extra lanes are computed and never stored.
 */
export function softmax_cols_f32(src: usize, dst: usize, len: i32, cols: i32): void {
  const stride = <usize>cols << 2;
  for (let c = 0; c < cols; c += 4) {
    const k = min(4, cols - c);
    const p0 = src + (<usize>c << 2);
    const q0 = dst + (<usize>c << 2);
    let mv = f32x4.splat(-Infinity);
    for (let r = 0; r < len; r++) {
      const x = k == 4 ? v128.load(p0 + <usize>r * stride) : loadPartial<f32>(p0 + <usize>r * stride, k);
      mv = f32x4.max(mv, x);
    }
    let a0 = f64x2.splat(0);
    let a1 = f64x2.splat(0);
    for (let r = 0; r < len; r++) {
      const x = k == 4 ? v128.load(p0 + <usize>r * stride) : loadPartial<f32>(p0 + <usize>r * stride, k);
      const e = expMinusMax(x, mv);
      if (k == 4) v128.store(q0 + <usize>r * stride, e);
      else storePartial<f32>(q0 + <usize>r * stride, e, k);
      a0 = f64x2.add(a0, promoteLow(e));
      a1 = f64x2.add(a1, promoteHigh(e));
    }
    const inv = i32x4.shuffle(
      f32x4.demote_f64x2_zero(f64x2.div(f64x2.splat(1.0), a0)),
      f32x4.demote_f64x2_zero(f64x2.div(f64x2.splat(1.0), a1)),
      0, 1, 4, 5,
    );
    for (let r = 0; r < len; r++) {
      const q = q0 + <usize>r * stride;
      if (k == 4) v128.store(q, f32x4.mul(v128.load(q), inv));
      else storePartial<f32>(q, f32x4.mul(loadPartial<f32>(q, k), inv), k);
    }
  }
}
