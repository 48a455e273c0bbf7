// Helpers of the exp family's JS twins (src/backends/js.ts): constants, the subnormal tail of c·exp(u),
// and the rational of tanhshrink.

// PyTorch's SELU constants; scale·alpha = 1.7580993408473768599… rounded once from its decimal value
// (the product of the two rounded doubles would be off by up to 1.5 half-ULPs more).
export const SELU_SCALE = 1.0507009873554804934193349852946;
export const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;

/**
 * c·exp(u) for u < −700, where exp(u) alone would be subnormal (or 0) and lose the bits that c·exp(u)
 * still has: exp(u/2)·c·exp(u/2), rounded into the subnormal range only by the last product. NaN stays
 * NaN; u below −1500 gives ±0.
 */
export function expTail(u: number, c: number): number {
  if (u < -1500) return 0 * c;
  const h = Math.exp(0.5 * u);
  return h * c * h;
}

/**
 * g(w) = (x − tanh x)/x³ at w = x² in [0, 2.25]: a [3/4] rational, relative error 2.3e-17 as stored (fit
 * 'tanhshrink-f64-rat34' of scripts/fit-exp-family.mjs), scaled by 3 so that both leading coefficients
 * are exact (P(0) = 1, Q(0) = 3: no rounding of 1/3). Shared by tanhshrink (x³·g) and its derivative
 * (tanh x = x·(1 − w·g)); assembly/kernels/tanh.ts has the same constants.
 */
export function tanhshrinkRatio(w: number): number {
  const p = 1 + w * (0.070481906809488098 + w * (0.0011139184350276933 + w * 0.0000037674567624482253));
  const q = 3 + w * (1.4114457204284641 + w * (0.082205757762186138 + w * (0.0011992189930799316 + w * 0.0000038521973993942427)));
  return p / q;
}

const SPLIT = 134217729; // 2^27 + 1 (Veltkamp)

/**
 * a − tanh(a) for 0 <= a < 1.5: x³·g(x²) with x³ to about 2^-104 (Dekker's exact products a·a and
 * a·w, no fused multiply-add in JS), so that only g and the last product round: max 2 ULP in f64
 * (x³ rounded twice would give 4).
 */
export function tanhshrinkSmall(a: number): number {
  const w = a * a;
  const t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  const wl = ah * ah - w + 2 * ah * al + al * al; // a·a = w + wl exactly
  const c = a * w;
  const u = SPLIT * w;
  const wh = u - (u - w);
  const wl2 = w - wh;
  const cl = ah * wh - c + ah * wl2 + al * wh + al * wl2; // a·w = c + cl exactly
  return (c + (cl + a * wl)) * tanhshrinkRatio(w);
}

/**
 * The rounding error of u = fl(v / alpha), as (v − u·alpha)/alpha with u·alpha split exactly (Dekker):
 * exp's condition number is |u|, so exp(u) alone would be off by up to |u|/2 ULP (60 ULP at u = −110).
 * For |u| <= 2^990. v and alpha are first scaled by a power of two into [2^−900, 2^900] (alpha's split
 * overflows beyond 2^996 and loses its low products to underflow at a subnormal alpha); where v·σ
 * underflows, |u| < 2^−1300 and the correction is nothing anyway.
 */
export function quotientLo(v: number, alpha: number, u: number): number {
  const m = Math.abs(alpha);
  const sigma = m > 2 ** 900 ? 2 ** -600 : m < 2 ** -900 ? 2 ** 600 : 1;
  const as = alpha * sigma;
  const t = SPLIT * u;
  const uh = t - (t - u);
  const ul = u - uh;
  const a = SPLIT * as;
  const ah = a - (a - as);
  const al = as - ah;
  const p = u * as;
  const e = uh * ah - p + uh * al + ul * ah + ul * al; // u·as = p + e exactly
  return (v * sigma - p - e) / as;
}
