// exp(x) for x <= 0 over f32x4, split into its two factors: s = 2^(n + 64 + k) and p = 2^−64·exp(r),
// so that a kernel can multiply other factors into p (or into s) before the one product that may land in
// the subnormal range. Same algorithm and coefficients as exp-f32x4-rr2-p6.ts (read its header):
//   z = x·log2(e) + MAGIC        the low mantissa bits of z hold n + 191, n = round(x/ln2)
//   s = 2^(n + 64 + k)           shl(z + k, 23) (k a small integer added to z's bits: free powers of two)
//   r = x − n·LN2_HI − n·LN2_LO  |r| <= ln2/2
//   p = 2^−64·(1 + r + r²·(C2 + … + C6·r⁴))   (fit 'exp-f32-p6', scripts/fit-poly.mjs)
//   exp(x)·2^k = s·p, and c·exp(x) = s·(p·c) or (s·c)·p, each rounded once at the end.
// Why: c·exp(x) with a subnormal exp(x) rounds exp(x) to a few bits first, then multiplies the error by c
// (silu(−100) = −100·exp(−100) would be off by tens of ULP, tanh'(45) = 4·exp(−90) by several).
//
// Domain: the caller clamps x to [EXP_SPLIT_X_MIN, 0] with pmax (NaN passes: then s and p are NaN or
// garbage, and the caller's result is NaN through p). At EXP_SPLIT_X_MIN = −110, n = −159 and s =
// 2^(−95 + k) is still a normal float for k >= −31; exp(−110)·110 < 2^−151 rounds to 0.
// Max error of s·p: as exp-f32x4-rr2-p6 (about 1 ULP: the polynomial 0.03 ULP, Horner's last two
// additions and the product one rounding each).

// The constants are the core's own (one definition: a refit of the core refits this file too).
import { madd_f32x4 } from './madd';
import { LOG2E, MAGIC, expPoly_f32x4_p6, expReduce_f32x4 } from './exp-f32x4-rr2-p6';

/** Lower end of the domain: callers clamp with f32x4.pmax(x, splat(EXP_SPLIT_X_MIN)). */
export const EXP_SPLIT_X_MIN: f32 = -110.0;

/** z = x·log2(e) + MAGIC for a clamped x: carries n for the two factors below. */
@inline export function expSplitZ_f32x4(x: v128): v128 {
  return madd_f32x4(x, f32x4.splat(LOG2E), f32x4.splat(MAGIC));
}

/** s = 2^(n + 64 + k). */
@inline export function expSplitScale_f32x4(z: v128, k: i32): v128 {
  return i32x4.shl(k == 0 ? z : i32x4.add(z, i32x4.splat(k)), 23);
}

/** p = 2^−64·exp(r), r = x − n·ln2 (x the same clamped x that z came from). */
@inline export function expSplitPoly_f32x4(x: v128, z: v128): v128 {
  return splitPoly(x, f32x4.splat(0), z, false);
}

/**
 * p = 2^−64·exp(r), r = x + xlo − n·ln2: as expSplitPoly_f32x4 for the argument x + xlo, where xlo
 * (|xlo| <= ulp(x)) is a correction the caller knows, such as the rounding error of a quotient:
 * exp(x + xlo) is then right even where exp's condition number |x| is large.
 */
@inline export function expSplitPolyLo_f32x4(x: v128, xlo: v128, z: v128): v128 {
  return splitPoly(x, xlo, z, true);
}

/** hasLo is a constant at every call: the xlo term is compiled only where there is one (expReduce_f32x4). */
@inline function splitPoly(x: v128, xlo: v128, z: v128, hasLo: bool): v128 {
  return expPoly_f32x4_p6(expReduce_f32x4(x, xlo, z, f32x4.splat(MAGIC), hasLo));
}
