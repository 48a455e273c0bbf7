// Small lane helpers shared by the kernels. v128.op<T> (AssemblyScript's generic SIMD builtins: T = f32
// gives f32x4.op, f64 gives f64x2.op) covers the arithmetic; these are the bit tricks and the moves
// between f32x4 and f64x2 that it does not.

const ABS32: i32 = 0x7fffffff;
const ABS64: i64 = 0x7fffffffffffffff;

/** |x| in every lane of element type T: the sign bit cleared (one and; NaN stays NaN). */
@inline export function absBits<T>(x: v128): v128 {
  if (sizeof<T>() == 8) return v128.and(x, i64x2.splat(ABS64));
  return v128.and(x, i32x4.splat(ABS32));
}

/** Lanes 0, 1 of an f32x4 as an f64x2 (exact). */
@inline export function promoteLow(v: v128): v128 {
  return f64x2.promote_low_f32x4(v);
}

/** Lanes 2, 3 of an f32x4 as an f64x2 (exact). */
@inline export function promoteHigh(v: v128): v128 {
  return f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}

/** Lanes 0, 1 (h = 0) or 2, 3 (h = 1, a constant) of an f32x4 as an f64x2 (exact). */
@inline export function half64(v: v128, h: i32): v128 {
  return h == 0 ? f64x2.promote_low_f32x4(v) : f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1));
}

/** Two f64x2 rounded to f32 and joined into one f32x4: lanes 0, 1 from lo, 2, 3 from hi. */
@inline export function demote2(lo: v128, hi: v128): v128 {
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** Sign mask of each f64 lane (all-ones where the sign bit is set), without i64x2.shr_s (emulated on x64). */
@inline export function signMask64(x: v128): v128 {
  const s = i32x4.shr_s(x, 31); // the high word of each lane carries the sign
  return i32x4.shuffle(s, s, 1, 1, 3, 3);
}
