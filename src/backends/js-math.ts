// Scalar double-precision helpers for the JS twins of the log family and GELU (src/backends/js.ts):
// the normal distribution's tail Φ(−a) with relative accuracy down to the underflow (V8 has no
// Math.erf), the tanh-GELU argument in double-double, and an exp that keeps a product's relative
// accuracy where exp alone would be subnormal. Each is accurate enough that the f64 results meet their
// bounds (measured against the double-double references in test/reference/f64-dd.mjs); the f32 results
// are the same double computations rounded once on the store.
//
// Error-free transformations (Dekker, Knuth) are written out inline where a split's halves serve
// several products (a helper returning two doubles would allocate or go through module state in the
// hot loops); a plain two-product is eft.ts's twoProdErr.
import { SPLIT, twoProdErr } from './eft';
import { mulExpDeep, mulExpDeepDD } from './js-exp-family';

/** ln2 = LN2_HI + LN2_LO with LN2_HI's low 21 bits zero (fdlibm's split): k·LN2_HI is exact for |k| < 2^20. */
const LN2_HI = 0.6931471803691238;
const LN2_LO = 1.9082149292705877e-10;
/** 64·LN2_HI: added to an argument in [−1024, −512] it is exact (both are multiples of 2^-43 there). */
const SHIFT_HI = 64 * LN2_HI;
const SHIFT_LO = 64 * LN2_LO;
const TWO_M64 = 2 ** -64;
/** Below this exponent exp(s) is within reach of the subnormal range: scale by 2^64 and back. */
const SCALE_BELOW = -700;


/**
 * (m + ml)·exp(s + sl), rounded once also where exp(s) is subnormal (s < −708) but the product is not:
 * there exp(s + 64 ln2) is used and the exact power 2^-64 applied last. Requires s <= 0, and ml, sl low
 * parts (|ml| <= 2^-40·|m|, |sl| <= 2^-40); m finite.
 */
export function mulExp(m: number, ml: number, s: number, sl: number): number {
  if (s < SCALE_BELOW) {
    const e = Math.exp(s + SHIFT_HI);
    return (m * e + (ml * e + m * (e * (sl + SHIFT_LO)))) * TWO_M64;
  }
  const e = Math.exp(s);
  return m * e + (ml * e + m * (e * sl));
}

// ---------------------------------------------------------------------------------------------------
// Φ(−a) = ½·erfc(a/√2) and φ(a) for a >= 0, relative accuracy to the underflow.
//
// erfc(z) = t·Q(t)·exp(−z²), t = 2/(2 + z), Q(t) = Σ_{k<30} c_k T_k(2t − 1) − c_0/2 ∈ [0.28, 1] (the
// scaled erfcx(z)/t: Chebyshev coefficients from `node scripts/fit-erfc-cheb.mjs 64 Q`, truncation
// error 2e−19). With z = a/√2:
//   Φ(−a) = ½·t·Q·E,  φ(a) = E/√(2π),  E = exp(−a²/2)
// so both share one exp, whose argument −a²/2 is split exactly from a (a rounded z = a/√2 squared
// would cost 2z²·2^-53 relative: 1400 ULP at a = 38). t, 2t − 1, the leading terms c_0/2 + c_1·y and
// the products are carried in double-double; the result's error is exp's (under 1 ULP) plus the last
// roundings. The GELU derivative's Φ(−a) − a·φ(a) = E·(½tQ − a/√(2π)) cancels only inside the bracket,
// where the terms are good to 2^-60: no exp error is amplified there.
// ---------------------------------------------------------------------------------------------------

const SQRT1_2_HI = 0.7071067811865476;
const SQRT1_2_LO = -4.833646656726457e-17;
/** 1/√(2π) */
const INV_SQRT_2PI_HI = 0.3989422804014327;
const INV_SQRT_2PI_LO = -2.49232720227773e-17;
const C0_HALF_HI = 1.1540674772329393 / 2;
const C0_HALF_LO = 3.452637181552442e-17 / 2;
const C1_HI = 0.3554369212704985;
const C1_LO = 1.3570971030883944e-17;
/** c_2 … c_29 (c_0, c_1 above in double-double). */
const C = [
  0.06509515882878653, 0.003671142395836639, -0.0011128447433526325, -0.0001607582991537808,
  0.00003278031574173137, 0.000005442441645505016, -0.0000015154665553171482, -1.4297608181169865e-7,
  8.234608827419493e-8, -1.2962846852306563e-9, -4.154721631015199e-9, 6.347058278362811e-10,
  1.4320822712256225e-10, -6.160390105204585e-11, 2.0612138554721714e-12, 3.5714931488477026e-12,
  -8.586422843251781e-13, -6.145600213790789e-14, 7.418725748596774e-14, -1.2895042755033875e-14,
  -2.358726385709104e-15, 1.572934938167084e-15, -2.2782966239397917e-16, -6.312330450902742e-17,
  3.59167635332549e-17, -5.049809151263722e-18, -1.532454109924225e-18, 8.903345275333118e-19,
];
/** Beyond this a, Φ(−a) and φ(a) are below 2^-1075·2^-64: every product with them rounds to ±0. */
export const PHI_A_MAX = 40;
/** The derivative's tail: dy·(Φ(−a) − a·φ(a)) < 2^1024·2^−2270 beyond, 0 for any finite dy. */
const PHI_GRAD_A_MAX = 56;

/**
 * The pieces of Φ(−a) for a in [0, PHI_A_MAX], filled by phiNegParts (read right after the call):
 * h + l = ½·t·Q (double-double), and E = exp(s + sl) with s + sl = −a²/2 exactly.
 */
export const phi = { h: 0, l: 0, s: 0, sl: 0 };

export function phiNegParts(a: number): void {
  // z = a/√2 in double-double
  let q = SPLIT * a;
  const ah = q - (q - a);
  const al = a - ah;
  const zh = a * SQRT1_2_HI;
  q = SPLIT * SQRT1_2_HI;
  const sh = q - (q - SQRT1_2_HI);
  const sl = SQRT1_2_HI - sh;
  const zl = ah * sh - zh + ah * sl + al * sh + al * sl + a * SQRT1_2_LO;
  // u = 2 + z (two-sum), t = 2/u with its residual
  const uh = 2 + zh;
  let bb = uh - 2;
  const ul = 2 - (uh - bb) + (zh - bb) + zl;
  const th = 2 / uh;
  q = SPLIT * th;
  const thh = q - (q - th);
  const thl = th - thh;
  q = SPLIT * uh;
  const uhh = q - (q - uh);
  const uhl = uh - uhh;
  const pr = th * uh;
  const pre = thh * uhh - pr + thh * uhl + thl * uhh + thl * uhl;
  const tl = (2 - pr - pre - th * ul) / uh;
  // y = 2t − 1 (two-sum)
  const t2 = 2 * th;
  const yh = t2 - 1;
  bb = yh - t2;
  const yl = t2 - (yh - bb) + (-1 - bb) + 2 * tl;
  // Clenshaw for Σ_{k>=2} c_k T_k(y): |.| < 0.07, so double is plenty
  const y2 = 2 * yh;
  let b1 = 0;
  let b2 = 0;
  for (let k = 27; k >= 0; k--) {
    const b = y2 * b1 - b2 + C[k]!;
    b2 = b1;
    b1 = b;
  }
  const tail = yh * (y2 * b1 - b2) - b1;
  // Q = c0/2 + c1·y + tail in double-double
  const cy = C1_HI * yh;
  const cye = twoProdErr(C1_HI, yh, cy) + C1_HI * yl + C1_LO * yh;
  let qh = C0_HALF_HI + cy;
  bb = qh - C0_HALF_HI;
  let ql = C0_HALF_HI - (qh - bb) + (cy - bb) + cye + C0_HALF_LO;
  const q2 = qh + tail;
  bb = q2 - qh;
  ql += qh - (q2 - bb) + (tail - bb);
  qh = q2;
  // ½·t·Q in double-double
  q = SPLIT * qh;
  const qhh = q - (q - qh);
  const qhl = qh - qhh;
  const tq = th * qh;
  phi.h = 0.5 * tq;
  phi.l = 0.5 * (thh * qhh - tq + thh * qhl + thl * qhh + thl * qhl + th * ql + tl * qh);
  // −a²/2 exactly
  const a2 = a * a;
  phi.s = -0.5 * a2;
  phi.sl = -0.5 * (ah * ah - a2 + 2 * ah * al + al * al);
}

/** (mh + ml)·(h + l) in double-double, low part in dd.lo. */
const dd = { lo: 0 };
function mulDD(mh: number, ml: number, h: number, l: number): number {
  const p = mh * h;
  dd.lo = twoProdErr(mh, h, p) + mh * l + ml * h;
  return p;
}

/** m·Φ(−a) for a >= 0, rounded once (also where Φ(−a) alone would be subnormal). */
export function mulPhiNeg(m: number, a: number): number {
  if (!(a <= PHI_A_MAX)) return a > PHI_A_MAX ? m * 0 : NaN;
  phiNegParts(a);
  const h = mulDD(m, 0, phi.h, phi.l);
  return mulExp(h, dd.lo, phi.s, phi.sl);
}

/**
 * m·d(a), d(a) = Φ(−a) − a·φ(a) = E·(½tQ − a/√(2π)) for a >= 0: the exact-GELU derivative is
 * gelu'(x) = x < 0 ? d(−x) : 1 − d(x). The bracket changes sign at a = 0.7518 (gelu's minimum).
 */
export function mulPhiNegMinusAPhi(m: number, a: number): number {
  if (!(a <= PHI_GRAD_A_MAX)) return a > PHI_GRAD_A_MAX ? -m * 0 : NaN;
  phiNegParts(a);
  const ka = mulDD(a, 0, INV_SQRT_2PI_HI, INV_SQRT_2PI_LO);
  const kal = dd.lo;
  const bh = phi.h - ka;
  const bb = bh - phi.h;
  const bl = phi.h - (bh - bb) + (-ka - bb) + phi.l - kal;
  // Beyond a = 37 exp(−a²/2) < 2^−987, and mulExp's 2^64 shift leaves it subnormal (from a = 39.7: 0)
  // while a large m still gives a normal result; above |m| = 2^950, m·b may overflow: the powers of
  // two apart (mulExpDeepDD), for any finite m.
  if (a > 37 || Math.abs(m) > 2 ** 950) return mulExpDeepDD(m, bh, bl, phi.s, phi.sl);
  const h = mulDD(m, 0, bh, bl);
  return mulExp(h, dd.lo, phi.s, phi.sl);
}

// ---------------------------------------------------------------------------------------------------
// tanh-GELU: gelu(x) = ½x(1 + tanh(u)) = x·σ(v), v = 2u = K1·x·(1 + c·x²), K1 = 2√(2/π), c = 0.044715.
// In the negative tail σ(v) ≈ exp(v), whose relative error is v's absolute error: v is formed in
// double-double (vh + vl, |error| < 2^-90·|v|), so that gelu(−20) keeps its 53 bits.
// ---------------------------------------------------------------------------------------------------

const K1_HI = 1.5957691216057308;
const K1_LO = -9.969308809110919e-17;
const KC_HI = 0.044715;
const KC_LO = 2.1960211427085595e-18;
/** K3 = K1·κ */
const K3_HI = 0.07135481627260025;
const K3_LO = -6.175149918155315e-19;
/** Beyond |x| = 30, σ(v) is 0 or 1 to far below an f64 ULP (|v| > 1900). */
export const TANH_X_MAX = 30;

/** v = K1·x·(1 + c·x²) in double-double for |x| <= TANH_X_MAX: returns vh, leaves vl in tanhV.lo. */
export const tanhV = { lo: 0 };
export function geluTanhArg(x: number): number {
  let q = SPLIT * x;
  const xh = q - (q - x);
  const xl = x - xh;
  // x² = p + pe
  const p = x * x;
  const pe = xh * xh - p + 2 * xh * xl + xl * xl;
  // c·x² = r + re
  const r = KC_HI * p;
  const re = twoProdErr(KC_HI, p, r) + KC_HI * pe + KC_LO * p;
  // w = 1 + c·x² (two-sum)
  const wh = 1 + r;
  let bb = wh - 1;
  const wl = 1 - (wh - bb) + (r - bb) + re;
  // m = x·w
  q = SPLIT * wh;
  const whh = q - (q - wh);
  const whl = wh - whh;
  const m = x * wh;
  const me = xh * whh - m + xh * whl + xl * whh + xl * whl + x * wl;
  // v = K1·m
  const v = K1_HI * m;
  tanhV.lo = twoProdErr(K1_HI, m, v) + K1_HI * me + K1_LO * m;
  return v;
}


/**
 * x·σ(v) for the tanh-GELU, |x| <= TANH_X_MAX, v = vh + vl from geluTanhArg: e = exp(−|v|), and
 * x·e/(1 + e) (v < 0) or x/(1 + e) (v >= 0) with the quotient corrected once (Dekker), so that exp's
 * error and one rounding are all that is left.
 */
export function geluTanhForward(x: number, vh: number, vl: number): number {
  if (x === 0) return x; // ±0 (the corrected quotient below would turn −0 into +0)
  if (vh < 0) {
    if (vh < SCALE_BELOW) return mulExp(x, 0, vh, vl); // 1 + e = 1
    const e = Math.exp(vh);
    const nh = mulDD(x, 0, e, e * vl);
    const nl = dd.lo;
    const dh = 1 + e;
    const dl = e - (dh - 1) + e * vl;
    return divDD(nh, nl, dh, dl);
  }
  const e = Math.exp(-vh);
  const dh = 1 + e;
  return divDD(x, 0, dh, e - (dh - 1) - e * vl);
}

/**
 * The tanh-GELU derivative σ(v) + k·σ(v)σ(−v), k = x·v' (|x| <= TANH_X_MAX), times m. For v < 0 it is
 * e/(1 + e)·(1 + k/(1 + e)), whose bracket changes sign at x = −0.7524: k, 1 + e, k/(1 + e) and the
 * bracket are formed in double-double so that only exp's error and the last roundings remain.
 */
export function geluTanhGradient(m: number, x: number, vh: number, vl: number): number {
  // v' = K1 + 3·K3·x² (K3 = K1·κ), k = x·v', all in double-double
  const p = mulDD(x, 0, x, 0);
  const pl = dd.lo;
  const r = mulDD(3 * K3_HI, 3 * K3_LO, p, pl);
  const rl = dd.lo;
  const sh = K1_HI + r;
  const bb = sh - K1_HI;
  const sl = K1_HI - (sh - bb) + (r - bb) + rl + K1_LO;
  const k = mulDD(x, 0, sh, sl);
  const kl = dd.lo;
  if (vh < 0) {
    if (vh < SCALE_BELOW) {
      // 1 + e = 1. Below −745 mulExp's 2^64 shift leaves exp(v) subnormal or 0 while m·(1 + k)·exp(v) is
      // normal down to v = −1460 for a large m, and above |m| = 2^1000 m·(1 + k) may overflow: the powers
      // of two apart there (mulExpDeep).
      return vh < -745 || Math.abs(m) > 2 ** 1000 ? mulExpDeep(m, 1 + k, vh, vl) : mulExp(m * (1 + k), 0, vh, vl);
    }
    const e = Math.exp(vh);
    const el = e * vl;
    const dh = 1 + e;
    const dl = e - (dh - 1) + el;
    const qh = divDD(k, kl, dh, dl);
    const ql = dd.lo;
    const ch = 1 + qh; // the bracket 1 + k/(1 + e)
    const cb = ch - 1;
    const cl = 1 - (ch - cb) + (qh - cb) + ql;
    const fh = divDD(e, el, dh, dl); // σ(v) = e/(1 + e)
    const fl = dd.lo;
    const gh = mulDD(fh, fl, ch, cl);
    const gl = dd.lo;
    return m * gh + m * gl;
  }
  // (1 + e + k·e)/(1 + e)²: positive terms. m·(s + k·e) may overflow where the quotient does not (the
  // bracket reaches 2^13): for |m| >= 2^960 m is scaled by 2^−64 and the result back, both exact.
  const e = Math.exp(-vh) * (1 - vl);
  const s = 1 + e;
  if (Math.abs(m) >= 2 ** 960) return (((m * 2 ** -64) * (s + k * e)) / (s * s)) * 2 ** 64;
  return (m * (s + k * e)) / (s * s);
}

/** (ah + al)/(bh + bl) in double-double (one Dekker correction), low part in dd.lo. */
function divDD(ah: number, al: number, bh: number, bl: number): number {
  const q = ah / bh;
  const p = mulDD(q, 0, bh, bl);
  const r = (ah - p - dd.lo + al) / bh;
  const h = q + r;
  dd.lo = r - (h - q);
  return h;
}
