// softmin along rows (contiguous) and down the columns of a strided axis, f32x4 and f64x2:
//
//   softmin(x) = softmax(−x)   (PyTorch's torch.nn.functional.softmin).
//
// Negation is exact, so each line is negated into the destination (a row at a time, in cache; a
// block of columns before its walk) and softmax's own kernels run there in place: softmin's results
// are softmax's of −x bit for bit, on every path (rows, columns, the passes of a row too long for the
// scratch region), and so are its special values, mirrored: a NaN or −Infinity anywhere makes the
// line NaN, +Infinity among finite values gives 0. Max error: softmax's (2.1 ULP f32, 2 ULP f64
// measured; see softmax.ts). The destination is the output or the wrapper's scratch, never a
// zero-copy input, so writing −x there leaves the input unmodified.
// The derivative (softmin_grad_*) is in softmax-grad.ts: −(softmax's), with the negation in its
// last operation.

import { storeCols } from './axis';
import { loadPartial } from '../map';
import {
  softmax_cols_f32, softmax_cols_f64, softmax_rescale_f32, softmax_rescale_f64, softmax_rows_f32, softmax_rows_f64,
  softmax_sumexp_f32, softmax_sumexp_f64,
} from './softmax';
import {
  softmax_grad_apply_f32, softmax_grad_apply_f64, softmax_grad_cols_f32, softmax_grad_cols_f64, softmax_grad_reduce_f32,
  softmax_grad_reduce_f64, softmax_grad_rows_f32, softmax_grad_rows_f64,
} from './softmax-grad';

/** q[i] = −p[i] for i < n, element type T (q may be p). One vector per iteration: a pass over a line in cache. */
function negate<T>(p: usize, q: usize, n: i32): void {
  const lanes = 16 / sizeof<T>();
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    const o = <usize>i << alignof<T>();
    v128.store(q + o, v128.neg<T>(v128.load(p + o)));
  }
  if (i < n) {
    const o = <usize>i << alignof<T>();
    storeCols<T>(q + o, v128.neg<T>(loadPartial<T>(p + o, n - i)), n - i);
  }
}

/** max of −p[0..n) (a NaN may be dropped, as rowMax's), −Infinity for n = 0. Long rows only. */
function negMax<T>(p: usize, n: i32): T {
  const lanes = 16 / sizeof<T>();
  let a = v128.splat<T>(-Infinity);
  let i = 0;
  for (; i + lanes <= n; i += lanes) a = v128.pmax<T>(a, v128.neg<T>(v128.load(p + (<usize>i << alignof<T>()))));
  let m: T;
  if (sizeof<T>() == 4) {
    m = <T>max(max(f32x4.extract_lane(a, 0), f32x4.extract_lane(a, 1)), max(f32x4.extract_lane(a, 2), f32x4.extract_lane(a, 3)));
  } else {
    m = <T>max(f64x2.extract_lane(a, 0), f64x2.extract_lane(a, 1));
  }
  for (; i < n; i++) {
    const v = -load<T>(p + (<usize>i << alignof<T>()));
    m = v > m ? v : m;
  }
  return m;
}

/** softmin of `rows` contiguous rows of `len` elements: each row negated into dst, then softmax there. */
export function softmin_rows_f32(src: usize, dst: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = (<usize>r * <usize>len) << 2;
    negate<f32>(src + o, dst + o, len);
    softmax_rows_f32(dst + o, dst + o, 1, len);
  }
}
export function softmin_rows_f64(src: usize, dst: usize, rows: i32, len: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = (<usize>r * <usize>len) << 3;
    negate<f64>(src + o, dst + o, len);
    softmax_rows_f64(dst + o, dst + o, 1, len);
  }
}

/** softmin down each of `cols` columns, `len` rows `ld` elements apart: the block negated into dst, then softmax's walk there. */
export function softmin_cols_f32(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  for (let r = 0; r < len; r++) negate<f32>(src + ((<usize>r * <usize>ld) << 2), dst + ((<usize>r * <usize>ld) << 2), cols);
  softmax_cols_f32(dst, dst, len, cols, ld);
}
export function softmin_cols_f64(src: usize, dst: usize, len: i32, cols: i32, ld: i32): void {
  for (let r = 0; r < len; r++) negate<f64>(src + ((<usize>r * <usize>ld) << 3), dst + ((<usize>r * <usize>ld) << 3), cols);
  softmax_cols_f64(dst, dst, len, cols, ld);
}

// The passes of a row too long for the scratch region (src/ops/softmax-family.ts): the max of −x;
// the terms of −x, negated into q, then softmax's sumexp in place; softmax's rescale of the terms.

export function softmin_max_f32(p: usize, n: i32): f32 {
  return negMax<f32>(p, n);
}
export function softmin_max_f64(p: usize, n: i32): f64 {
  return negMax<f64>(p, n);
}
export function softmin_sumexp_f32(p: usize, q: usize, n: i32, m: f32): f64 {
  negate<f32>(p, q, n);
  return softmax_sumexp_f32(q, q, n, m);
}
export function softmin_sumexp_f64(p: usize, q: usize, n: i32, m: f64): f64 {
  negate<f64>(p, q, n);
  return softmax_sumexp_f64(q, q, n, m);
}
export function softmin_rescale_f32(p: usize, q: usize, n: i32, sum: f64): void {
  softmax_rescale_f32(p, q, n, sum);
}
export function softmin_rescale_f64(p: usize, q: usize, n: i32, sum: f64): void {
  softmax_rescale_f64(p, q, n, sum);
}

// ---- the derivative: (y, dy) → dx; `a` is y, `b` is dy, dst may be either ----

export function softmin_grad_rows_f32(a: usize, b: usize, dst: usize, n: i32, len: i32): void {
  for (let r = 0; r < n; r++) {
    const o = (<usize>r * <usize>len) << 2;
    softmax_grad_rows_f32(a + o, b + o, dst + o, 1, len);
    negate<f32>(dst + o, dst + o, len);
  }
}
export function softmin_grad_rows_f64(a: usize, b: usize, dst: usize, n: i32, len: i32): void {
  for (let r = 0; r < n; r++) {
    const o = (<usize>r * <usize>len) << 3;
    softmax_grad_rows_f64(a + o, b + o, dst + o, 1, len);
    negate<f64>(dst + o, dst + o, len);
  }
}
export function softmin_grad_cols_f32(a: usize, b: usize, dst: usize, len: i32, n: i32, ld: i32): void {
  softmax_grad_cols_f32(a, b, dst, len, n, ld);
  for (let r = 0; r < len; r++) negate<f32>(dst + ((<usize>r * <usize>ld) << 2), dst + ((<usize>r * <usize>ld) << 2), n);
}
export function softmin_grad_cols_f64(a: usize, b: usize, dst: usize, len: i32, n: i32, ld: i32): void {
  softmax_grad_cols_f64(a, b, dst, len, n, ld);
  for (let r = 0; r < len; r++) negate<f64>(dst + ((<usize>r * <usize>ld) << 3), dst + ((<usize>r * <usize>ld) << 3), n);
}
/** A long line's sum, chunk by chunk: softmax's, sum(y·dy). */
export function softmin_grad_reduce_f32(a: usize, b: usize, n: i32, acc: usize): void {
  softmax_grad_reduce_f32(a, b, n, acc);
}
export function softmin_grad_reduce_f64(a: usize, b: usize, n: i32, acc: usize): void {
  softmax_grad_reduce_f64(a, b, n, acc);
}
export function softmin_grad_apply_f32(a: usize, b: usize, dst: usize, n: i32, hi: f64, lo: f64): void {
  softmax_grad_apply_f32(a, b, dst, n, hi, lo);
  negate<f32>(dst, dst, n);
}
export function softmin_grad_apply_f64(a: usize, b: usize, dst: usize, n: i32, hi: f64, lo: f64): void {
  softmax_grad_apply_f64(a, b, dst, n, hi, lo);
  negate<f64>(dst, dst, n);
}
