// The one loop strategy shared by every elementwise kernel.
//
// A kernel is a @final class whose @inline `apply` maps one v128 of lanes; `mapUnary<T, K>` inlines it
// into a loop of four vectors per iteration (16 floats or 8 doubles: independent chains that fill the
// SIMD pipes), then a loop of single vectors that also takes the tail: the same vector code on a
// zero-padded last vector, storing only the valid lanes, so (1) the last elements agree bit for bit with
// the body and (2) nothing past src[n) / dst[n) is read or written, which matters for zero-copy buffers
// that end exactly at the caller's data. The tail shares the single vectors' inlined body rather than
// having its own (one copy of the kernel fewer in the module; the branch runs at most four times a call).
//
// mapUnaryWide / mapUnaryPWide: the same with eight vectors (32 floats, 16 doubles) per iteration and
// pointer increments, for the kernels of a few instructions per vector (relu, leakyRelu, step, relu6,
// hardTanh), whose loop overhead is a large share. Used only there, because every instantiation adds to
// the bundle and the compute-bound kernels gain little from more unrolling.
//
// Parameters (alpha, …) are passed to `apply(x, a, b)` as v128 arguments by mapUnaryP / mapBinaryP,
// i.e. locals of the loop: a v128 module global read inside a loop is a load per vector on V8 11.3 and
// 12.4 (Node 20, 22), which do not hoist it. mapUnary and mapUnaryWide are mapUnaryP and mapUnaryPWide
// for a kernel without parameters (NoParams); mapBinary keeps its own loop, which Binaryen schedules
// better than mapBinaryP's through the adapter (docs/kernels.md).
//
// Constants need no such care in the source: scripts/hoist-constants.mjs, run on the built module,
// loads every constant a loop uses into a local before the loop (V8 13.6+, Node 24, 26 and Chromium,
// would otherwise rebuild each at every use). Measurements behind these choices, by V8 version:
// docs/kernels.md, "One loop strategy" and "Constants and Turboshaft".

/** The argument for a parameter a kernel does not use. */
export const NONE: v128 = i64x2.splat(0);

/** A kernel without parameters as one with them (unused): the loops below are written for the latter. */
@final class NoParams<K> {
  @inline apply(x: v128, a: v128, b: v128): v128 {
    return changetype<K>(0).apply(x);
  }
}

/** Load the first `k` (1 ≤ k < lanes) elements at `p`; the other lanes are 0. */
@inline export function loadPartial<T>(p: usize, k: i32): v128 {
  if (sizeof<T>() == 8) return v128.load64_zero(p);
  let v = v128.load32_zero(p);
  if (k > 1) v = v128.load32_lane(p, v, 1, 4);
  if (k > 2) v = v128.load32_lane(p, v, 2, 8);
  return v;
}

/** Store the first `k` (1 ≤ k < lanes) lanes of `v` at `p`. */
@inline export function storePartial<T>(p: usize, v: v128, k: i32): void {
  if (sizeof<T>() == 8) {
    v128.store64_lane(p, v, 0);
    return;
  }
  v128.store32_lane(p, v, 0);
  if (k > 1) v128.store32_lane(p, v, 1, 4);
  if (k > 2) v128.store32_lane(p, v, 2, 8);
}

/** dst[i] = K.apply(src[i]) for i < n, element type T (f32 or f64). dst may equal src. */
@inline export function mapUnary<T, K>(src: usize, dst: usize, n: i32): void {
  mapUnaryP<T, NoParams<K>>(src, dst, n, NONE, NONE);
}

/**
 * mapUnary with one vector per iteration, for a long kernel (~200 machine instructions a vector, e.g.
 * gelu's exact form): inlined four times such a body spills heavily (16 xmm registers), inlined once it
 * keeps its values in registers.
 */
@inline export function mapUnaryOne<T, K>(src: usize, dst: usize, n: i32): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  let i = 0;
  for (; i + lanes <= n; i += lanes) {
    v128.store(dst + (<usize>i << alignof<T>()), k.apply(v128.load(src + (<usize>i << alignof<T>()))));
  }
  if (i < n) {
    const p = src + (<usize>i << alignof<T>());
    storePartial<T>(dst + (<usize>i << alignof<T>()), k.apply(loadPartial<T>(p, n - i)), n - i);
  }
}

/** dst[i] = K.apply2(a[i], b[i]) for i < n: the shape of every derivative (x, dy) → dx. */
@inline export function mapBinary<T, K>(a: usize, b: usize, dst: usize, n: i32): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  let i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    const o = <usize>i << alignof<T>();
    const r0 = k.apply2(v128.load(a + o), v128.load(b + o));
    const r1 = k.apply2(v128.load(a + o, 16), v128.load(b + o, 16));
    v128.store(dst + o, r0);
    v128.store(dst + o, r1, 16);
  }
  for (; i < n; i += lanes) {
    const o = <usize>i << alignof<T>();
    const m = n - i;
    const r = k.apply2(m >= lanes ? v128.load(a + o) : loadPartial<T>(a + o, m), m >= lanes ? v128.load(b + o) : loadPartial<T>(b + o, m));
    if (m >= lanes) v128.store(dst + o, r);
    else storePartial<T>(dst + o, r, m);
  }
}

/** dst[i] = K.apply(src[i], a, b) for i < n (T = f32 or f64). dst may equal src. */
@inline export function mapUnaryP<T, K>(src: usize, dst: usize, n: i32, a: v128, b: v128): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  let i = 0;
  for (; i + 4 * lanes <= n; i += 4 * lanes) {
    const p = src + (<usize>i << alignof<T>());
    const q = dst + (<usize>i << alignof<T>());
    const r0 = k.apply(v128.load(p), a, b);
    const r1 = k.apply(v128.load(p, 16), a, b);
    const r2 = k.apply(v128.load(p, 32), a, b);
    const r3 = k.apply(v128.load(p, 48), a, b);
    v128.store(q, r0);
    v128.store(q, r1, 16);
    v128.store(q, r2, 32);
    v128.store(q, r3, 48);
  }
  for (; i < n; i += lanes) {
    const p = src + (<usize>i << alignof<T>());
    const q = dst + (<usize>i << alignof<T>());
    const m = n - i;
    const r = k.apply(m >= lanes ? v128.load(p) : loadPartial<T>(p, m), a, b);
    if (m >= lanes) v128.store(q, r);
    else storePartial<T>(q, r, m);
  }
}

/** dst[i] = K.apply2(x[i], y[i], a, b, c) for i < n: derivatives (x, dy) → dx with parameters. */
@inline export function mapBinaryP<T, K>(x: usize, y: usize, dst: usize, n: i32, a: v128, b: v128, c: v128): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  let i = 0;
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    const o = <usize>i << alignof<T>();
    const r0 = k.apply2(v128.load(x + o), v128.load(y + o), a, b, c);
    const r1 = k.apply2(v128.load(x + o, 16), v128.load(y + o, 16), a, b, c);
    v128.store(dst + o, r0);
    v128.store(dst + o, r1, 16);
  }
  for (; i < n; i += lanes) {
    const o = <usize>i << alignof<T>();
    const m = n - i;
    const r = k.apply2(m >= lanes ? v128.load(x + o) : loadPartial<T>(x + o, m), m >= lanes ? v128.load(y + o) : loadPartial<T>(y + o, m), a, b, c);
    if (m >= lanes) v128.store(dst + o, r);
    else storePartial<T>(dst + o, r, m);
  }
}

/** mapUnary with eight vectors per iteration on pointers (see the header): for the cheapest kernels. */
@inline export function mapUnaryWide<T, K>(src: usize, dst: usize, n: i32): void {
  mapUnaryPWide<T, NoParams<K>>(src, dst, n, NONE, NONE);
}

/** mapUnaryP with eight vectors per iteration on pointers: for the cheapest kernels. */
@inline export function mapUnaryPWide<T, K>(src: usize, dst: usize, n: i32, a: v128, b: v128): void {
  const k = changetype<K>(0);
  const lanes = 16 / sizeof<T>();
  let p = src;
  let q = dst;
  const end8 = src + ((<usize>(n & ~(8 * lanes - 1))) << alignof<T>());
  for (; p < end8; p += 128, q += 128) {
    const r0 = k.apply(v128.load(p), a, b);
    const r1 = k.apply(v128.load(p, 16), a, b);
    const r2 = k.apply(v128.load(p, 32), a, b);
    const r3 = k.apply(v128.load(p, 48), a, b);
    const r4 = k.apply(v128.load(p, 64), a, b);
    const r5 = k.apply(v128.load(p, 80), a, b);
    const r6 = k.apply(v128.load(p, 96), a, b);
    const r7 = k.apply(v128.load(p, 112), a, b);
    v128.store(q, r0);
    v128.store(q, r1, 16);
    v128.store(q, r2, 32);
    v128.store(q, r3, 48);
    v128.store(q, r4, 64);
    v128.store(q, r5, 80);
    v128.store(q, r6, 96);
    v128.store(q, r7, 112);
  }
  for (let i = <i32>((p - src) >> alignof<T>()); i < n; i += lanes, p += 16, q += 16) {
    const m = n - i;
    const r = k.apply(m >= lanes ? v128.load(p) : loadPartial<T>(p, m), a, b);
    if (m >= lanes) v128.store(q, r);
    else storePartial<T>(q, r, m);
  }
}
