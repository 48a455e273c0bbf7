// exp(x) over f64x2, split into its two factors: s = 2^(n + 128 + k) and p = 2^−128·exp(r), so that a
// kernel can multiply other factors into p (or into s) before the one product that may land in the
// subnormal range, or invert s (2^−(n + 128)) for exp(−x). The f64 sibling of exp-f32x4-rr2-p6-split.ts;
// same algorithm and coefficients as exp-f64x2-rr2-p11.ts (read its header):
//   t = x·log2(e) + MAGIC        the low mantissa bits of t hold n + 1151, n = round(x/ln2)
//   s = 2^(n + 128 + k)          i64x2.shl(t + k, 52) (k a small integer added to t's bits)
//   r = x + xlo − n·LN2_HI − n·LN2_LO, |r| <= ln2/2 (LN2_HI has 21 trailing zeros: n·LN2_HI exact)
//   p = 2^−128·(1 + r + r²·(C2 + … + C11·r⁹))   (fit 'exp-f64-p11', relative error 1.05e−17)
//   exp(x)·2^k = s·p, and c·exp(x) = s·(p·c) or (s·c)·p, each rounded once at the end.
// The offset is 128 (not 64 as in the f32 core) so that x·exp(x) (silu) and c·exp(x) keep their
// subnormal results down to x = EXP64_SPLIT_X_MIN = −797 (n = −1150, s = 2^(−1022 + k)): beyond, every
// c·exp(x) with |c| < 2^140 rounds to 0.
// Domain: x in [EXP64_SPLIT_X_MIN, 620] (s = 2^(n + 128 + k) stays finite for n + k <= 895, so positive x
// work too: exp(200) = s·p for celu with a negative alpha); the caller clamps, with pmax/pmin so that
// NaN passes (through p). 1/s = 2^(−n − 128 − k) is available too (expSplitScaleInv_f64x2).
// Max error of s·p: as exp-f64x2-rr2-p11 (polynomial 0.09 ULP, Horner's last two additions and the
// product one rounding each: about 1 ULP).

// The core's constants and polynomial (one definition: a refit of the core refits this file too).
import { LOG2E, expPoly_f64x2_p11, expReduce_f64x2 } from './exp-f64x2-rr2-p11';

const MAGIC: f64 = 6755399441056895.0; // 0x4338_0000_0000_047F = 1.5·2^52 + 1023 + 128
/** t − this = n exactly, for a caller that needs n itself (n outside the scale's range). */
export const expSplitMagic_f64x2: f64 = MAGIC;
const TWO_M128: f64 = reinterpret<f64>(0x37F0000000000000); // 2^−128

/** Lower end of the domain: callers clamp with f64x2.pmax(x, splat(EXP64_SPLIT_X_MIN)). */
export const EXP64_SPLIT_X_MIN: f64 = -797.0;

/** t = x·log2(e) + MAGIC for a clamped x: carries n for the factors below. */
@inline export function expSplitT_f64x2(x: v128): v128 {
  return f64x2.add(f64x2.mul(x, f64x2.splat(LOG2E)), f64x2.splat(MAGIC));
}

/** s = 2^(n + 128 + k). */
@inline export function expSplitScale_f64x2(t: v128, k: i64): v128 {
  return i64x2.shl(k == 0 ? t : i64x2.add(t, i64x2.splat(k)), 52);
}

/**
 * 1/s = 2^(−n − 128 − k), for exp(−x) = (1/s)/p: the exponent field 2046 − (n + 1151 + k), from the low
 * bits of t (only the low 11 bits of the difference reach the exponent field; its top bit, the sign,
 * stays 0 for n + 1151 + k in [1, 2045]).
 */
@inline export function expSplitScaleInv_f64x2(t: v128, k: i64): v128 {
  return i64x2.shl(i64x2.sub(i64x2.splat(2046 - k), t), 52);
}

/** p = 2^−128·exp(r), r = x − n·ln2 (x the clamped x that t came from). */
@inline export function expSplitPoly_f64x2(x: v128, t: v128): v128 {
  return splitPoly(x, f64x2.splat(0), t, false);
}

/** p = 2^−128·exp(r), r = x + xlo − n·ln2, with xlo a small correction the caller knows exactly. */
@inline export function expSplitPolyLo_f64x2(x: v128, xlo: v128, t: v128): v128 {
  return splitPoly(x, xlo, t, true);
}

/**
 * hasLo is a constant at every call, so the xlo term is compiled only where there is one: binaryen
 * does not fold a vector subtraction of a zero constant (n·LN2_LO − 0 is n·LN2_LO exactly).
 */
@inline function splitPoly(x: v128, xlo: v128, t: v128, hasLo: bool): v128 {
  const r = expReduce_f64x2(x, xlo, f64x2.sub(t, f64x2.splat(MAGIC)), hasLo);
  let p = expPoly_f64x2_p11(r, TWO_M128);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(TWO_M128));
  return f64x2.add(f64x2.mul(p, r), f64x2.splat(TWO_M128));
}
