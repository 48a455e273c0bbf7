// Helpers of the exp family's JS twins (src/backends/js.ts): constants, the subnormal tail of c·exp(u),
// and the rational of tanhshrink.

import { SPLIT, twoProdErr } from './eft';

// PyTorch's SELU constants; scale·alpha = 1.7580993408473768599… rounded once from its decimal value
// (the product of the two rounded doubles would be off by up to 1.5 half-ULPs more).
export const SELU_SCALE = 1.0507009873554804934193349852946;
export const SELU_SCALE_ALPHA = 1.7580993408473768599402175208123;

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
  const p = u * as;
  const e = twoProdErr(u, as, p); // u·as = p + e exactly
  return (v * sigma - p - e) / as;
}

/**
 * tanh²(a) for 0 <= a < 0.9: t = a − tanhshrinkSmall(a) carried as t + tl (the subtraction's error,
 * exact: a >= its operand), then t² = p + pe (Dekker) + 2·t·tl, rounded once. (t·t from the rounded t
 * doubled t's error and rounded twice more: dy·t·t reached 4.5 ULP at a = 0.885.)
 */
export function tanhSquaredSmall(a: number): number {
  const s = tanhshrinkSmall(a);
  const t = a - s;
  const tl = a - t - s;
  const c = SPLIT * t;
  const th = c - (c - t);
  const tlo = t - th;
  const p = t * t;
  const pe = th * th - p + 2 * th * tlo + tlo * tlo; // t·t = p + pe exactly
  return p + (pe + 2 * t * tl);
}

const LN2_HI = 0.6931471803691238; // 0x3FE62E42FEE00000: n·LN2_HI is exact for |n| < 2^21
const LN2_LO = 1.9082149292705877e-10;

/** [m, e] with v = m·2^e, m in [1, 2) (v finite, nonzero); the scaling in two exact steps. */
function frexp(v: number): [number, number] {
  const e = Math.max(-1074, Math.floor(Math.log2(Math.abs(v))));
  const h = Math.trunc(-e / 2);
  return [v * 2 ** h * 2 ** (-e - h), e];
}

/** m·2^e rounded once: m·2^e directly where that is normal (or overflows), else through 2^64. */
function ldexpOnce(m: number, e: number): number {
  if (e >= -1022) return e > 1023 ? m * 2 ** 1023 * 2 ** (e - 1023) : m * 2 ** e;
  if (e < -1200) return m * 0;
  return m * 2 ** (e + 200) * 2 ** -200; // m·2^(e + 200) is normal (m >= 1/4): exact; the last product rounds
}

/**
 * dy·c·exp(v + vlo) for any finite dy and c, also where exp(v) is beyond the double range (v < −708 or
 * v > 709) while the product is not: exp(v) = 2^n·exp(r), and the powers of two of dy, c and exp are
 * added as integers, so that only dy's and c's mantissas times exp(r) round (twice) before the one
 * rounding of the result. v clamped to ±3000 (beyond, every product over- or underflows); v = −Infinity
 * gives dy·c·0 (NaN for an infinite dy), NaN anywhere gives NaN.
 */
export function mulExpDeep(dy: number, c: number, v: number, vlo: number): number {
  if (v === -Infinity) return dy * c * 0;
  if (!(dy !== 0 && c !== 0 && Number.isFinite(dy) && Number.isFinite(c) && v === v)) return dy * c * (v === v ? Number.MIN_VALUE : v);
  const vc = v < -3000 ? -3000 : v > 3000 ? 3000 : v;
  const n = Math.round(vc * Math.LOG2E);
  // vlo belongs to v: where v is clamped it is not the clamped argument's (and may be huge: the rounding
  // error of beta·x = −8e20 is 2^15, whose exp would overflow q and make the result Infinity·0 = NaN).
  const q = Math.exp(vc - n * LN2_HI - n * LN2_LO + (vc === v ? vlo : 0));
  const [dm, de] = frexp(dy);
  const [cm, ce] = frexp(c);
  return ldexpOnce(dm * cm * q, de + ce + n);
}

/**
 * dy·(ch + cl)·exp(v + vlo), the factor in double-double (|cl| <= ulp(ch)/2): mulExpDeep with the
 * mantissa product dm·cm carried exactly (Dekker) and cl's share added, rounded once before the last
 * rounding. For GELU's derivative in its tail, where the factor is a difference that must keep its
 * low part.
 */
export function mulExpDeepDD(dy: number, ch: number, cl: number, v: number, vlo: number): number {
  if (!(dy !== 0 && ch !== 0 && Number.isFinite(dy) && Number.isFinite(ch) && v === v && v !== -Infinity)) return mulExpDeep(dy, ch, v, vlo);
  const vc = v < -3000 ? -3000 : v > 3000 ? 3000 : v;
  const n = Math.round(vc * Math.LOG2E);
  const q = Math.exp(vc - n * LN2_HI - n * LN2_LO + (vc === v ? vlo : 0));
  const [dm, de] = frexp(dy);
  const [cm, ce] = frexp(ch);
  const h = dm * cm;
  const hl = twoProdErr(dm, cm, h) + dm * ((cl / ch) * cm); // dm·cm = h + … exactly, plus cl's share
  return ldexpOnce(h * q + hl * q, de + ce + n);
}
