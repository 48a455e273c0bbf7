// Error-free transformations of doubles shared by the js twins: Dekker's two-product with Veltkamp's
// split (JavaScript has no fused multiply-add). Where a twin reuses a split's halves across several
// products, it writes the split out inline instead (a helper returning two doubles would allocate).

/** 2^27 + 1: Veltkamp's splitting constant for doubles. */
export const SPLIT = 134217729;

/**
 * The rounding error of p = fl(a·b): a·b − p exactly (Dekker's two-product with Veltkamp's split, since
 * JavaScript has no fused multiply-add). Valid while |a|, |b| < 2^996 and a·b does not underflow.
 */
export function twoProdErr(a: number, b: number, p: number): number {
  let q = SPLIT * a;
  const ah = q - (q - a);
  const al = a - ah;
  q = SPLIT * b;
  const bh = q - (q - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}
