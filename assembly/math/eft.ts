// Error-free transformations over SIMD lanes: the exact rounding error of a sum, a difference or a
// product, for the kernels that carry it along (compensated sums, exact differences fed to exp's
// reduction, products in double-double).

/** Keeps 26 significant bits of an f64: the product of two such halves is exact. */
export const HI26: i64 = 0xFFFFFFFFF8000000 as i64;

/** The rounding error of s = fl(a + t), f64x2 (Knuth's two-sum, any order): a + t == s + err exactly. */
@inline export function twoSumErr(a: v128, t: v128, s: v128): v128 {
  const b = f64x2.sub(s, a);
  return f64x2.add(f64x2.sub(a, f64x2.sub(s, b)), f64x2.sub(t, b));
}

/** The rounding error lo of d = fl(x − m), element type T: d + lo == x − m exactly (two-sum). */
@inline export function twoDiffLo<T>(x: v128, m: v128, d: v128): v128 {
  const bb = v128.sub<T>(d, x);
  return v128.add<T>(v128.sub<T>(x, v128.sub<T>(d, bb)), v128.sub<T>(v128.neg<T>(m), bb));
}

/**
 * a·b − fl(a·b) = a·b − p over f64x2 (Dekker), both operands split into 26-bit halves by masking (no
 * overflow, unlike Veltkamp's split by a multiplication; finite a·b).
 */
@inline export function mulErr64(a: v128, b: v128, p: v128): v128 {
  const ah = v128.and(a, i64x2.splat(HI26));
  const al = f64x2.sub(a, ah);
  const bh = v128.and(b, i64x2.splat(HI26));
  const bl = f64x2.sub(b, bh);
  const e = f64x2.add(f64x2.sub(f64x2.mul(ah, bh), p), f64x2.add(f64x2.mul(ah, bl), f64x2.mul(al, bh)));
  return f64x2.add(e, f64x2.mul(al, bl));
}
