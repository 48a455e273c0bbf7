// Oracle of the exp family (src/ops/exp-family.ts): formula-level references of each function and of
// its derivative, keyed by registry name. REFERENCE / GRAD_REFERENCE in double, for f32 results
// (rounding them to f32 gives the correctly rounded result); REFERENCE_DD / GRAD_REFERENCE_DD in
// double-double (../reference/dd.mjs), for f64 results.
//
// Results that fall in the subnormal range are returned rounded once from their full-precision value
// (roundScaled), and derivatives that may be subnormal as { m, k } (f'(x) = m·2^k, see gradTimes in
// shared.mjs), so that dy·f'(x) is rounded once too: a dd pair whose high part is already a rounded
// subnormal would put an error of up to half a subnormal step (times |dy|) into the reference itself.

import * as dd from '../reference/dd.mjs';
import { ONE, TWO, ldexp2, roundScaled, scale } from './shared.mjs';

/** @type {Record<string, (x: number, p: readonly number[]) => number>} */
export const REFERENCE = {
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  tanh: (x) => Math.tanh(x),
  elu: (x, [alpha]) => (x > 0 ? x : alpha * Math.expm1(x)),
  selu: (x) => 1.0507009873554804934193349852946 * (x > 0 ? x : 1.6732632423543772848170429916717 * Math.expm1(x)),
  celu: (x, [alpha]) => (x > 0 ? x : alpha * Math.expm1(x / alpha)),
  silu: (x) => (x === -Infinity ? -0 : x < 0 ? (x * Math.exp(x)) / (1 + Math.exp(x)) : x / (1 + Math.exp(-x))),
  // x − tanh(x) cancels near 0: there the series (Horner in x², so that tiny x keeps its sign), whose
  // terms beyond x⁹ are far below a double ULP.
  tanhshrink: (x) => {
    const w = x * x;
    return Math.abs(x) < 0.01 ? x * w * (1 / 3 - w * (2 / 15 - w * (17 / 315 - (w * 62) / 2835))) : x - Math.tanh(x);
  },
};

/**
 * Analytic derivatives f'(x; p) in double (the tests also check each against central differences of
 * REFERENCE, so a wrong formula here cannot hide).
 * @type {Record<string, (x: number, p: readonly number[]) => number>}
 */
export const GRAD_REFERENCE = {
  sigmoid: (x) => {
    const e = Math.exp(-Math.abs(x));
    return e / ((1 + e) * (1 + e));
  },
  elu: (x, [alpha]) => (x > 0 ? 1 : alpha * Math.exp(x)),
  selu: (x) => 1.0507009873554804934193349852946 * (x > 0 ? 1 : 1.6732632423543772848170429916717 * Math.exp(x)),
  // alpha < 0: exp(x/alpha) beyond the double range stands in as 1e300 (dy·f' overflows f32 for any
  // dy ≠ 0, and is 0 for dy = 0: f' is finite for finite x); at x = −Infinity the limit +Infinity.
  celu: (x, [alpha]) => (x > 0 ? 1 : x === -Infinity ? (alpha > 0 ? 0 : Infinity) : Math.min(Math.exp(x / alpha), 1e300)),
  silu: (x) => {
    if (x === -Infinity || x === Infinity) return x > 0 ? 1 : 0; // the limits (the formula gives NaN)
    const s = x < 0 ? Math.exp(x) / (1 + Math.exp(x)) : 1 / (1 + Math.exp(-x));
    const t = x < 0 ? 1 / (1 + Math.exp(x)) : Math.exp(-x) / (1 + Math.exp(-x)); // 1 − s without cancelling
    return s * (1 + x * t);
  },
  tanh: (x) => {
    const e = Math.exp(-2 * Math.abs(x));
    return (4 * e) / ((1 + e) * (1 + e));
  },
  tanhshrink: (x) => Math.tanh(x) ** 2,
};

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const REFERENCE_DD = {
  sigmoid: (x) => {
    if (x !== x) return [NaN, 0];
    const e = expNegAbs(x);
    const f = dd.div(e, dd.add(ONE, e)); // sigmoid(−|x|)
    return x < 0 ? f : dd.sub(ONE, f);
  },
  tanh: (x) => {
    if (x !== x) return [NaN, 0];
    if (x === 0) return [x, 0];
    if (Math.abs(x) > 40) return [Math.sign(x), 0]; // 1 − tanh < 2^-115
    const em = dd.expm1([-2 * Math.abs(x), 0]);
    const t = dd.div(dd.neg(em), dd.add(TWO, em));
    return x < 0 ? dd.neg(t) : t;
  },
  elu: (x, [alpha]) => {
    if (x !== x) return [NaN, 0];
    if (x > 0) return [x, 0];
    if (x === 0) return [alpha * x, 0];
    return mulD(expm1([x, 0]), alpha);
  },
  selu: (x) => {
    if (x !== x) return [NaN, 0];
    if (x === 0) return [x, 0];
    if (x > 1e300) return [SELU_SCALE[0] * x, 0];
    return x > 0 ? dd.mul(SELU_SCALE, [x, 0]) : dd.mul(SELU_SCALE_ALPHA, expm1([x, 0]));
  },
  celu: (x, [alpha]) => {
    if (x !== x) return [NaN, 0];
    if (x > 0) return [x, 0];
    if (x === 0) return [-0, 0]; // alpha · expm1(−0/alpha) = −0 for either sign of alpha
    if (x === -Infinity) return [alpha > 0 ? -alpha : -Infinity, 0];
    const u = quotient(x, alpha);
    if (u[0] > 710) return [-Infinity, 0];
    return mulD(expm1(u), alpha);
  },
  silu: (x) => {
    if (x !== x) return [NaN, 0];
    if (x > 800 || x === 0) return [x, 0]; // x·(1 − σ(−x)), 1 − σ(−x) within 2^-1100 of 1
    if (x < -800) return [-0, 0]; // |x|·exp(x) < 2^-1100
    // x > 0: x / (1 + e), e = exp(−x); x < 0: x·e / (1 + e), e = exp(x) = m·2^k, rounded once at the end.
    const { m, k } = dd.exp2k([-Math.abs(x), 0]);
    const den = dd.add(ONE, ldexp2(m, k));
    if (x > 0) return dd.div([x, 0], den);
    return [roundScaled(dd.div(dd.mulD(m, x), den), k), 0];
  },
  tanhshrink: (x) => {
    if (x !== x) return [NaN, 0];
    if (x === 0) return [x, 0];
    const a = Math.abs(x);
    let r;
    if (a < 0.25) r = tanhshrinkSeries(a);
    else if (a > 1e300) r = [a, 0];
    else if (a > 40) r = dd.add([a, 0], [-1, 0]); // 1 − tanh(a) < 2^-115
    else r = dd.sub([a, 0], tanhDD(a));
    return x < 0 ? dd.neg(r) : r;
  },
};

/**
 * f'(x) as dd, or as { m, k } (f'(x) = m·2^k) where it may be subnormal.
 * @type {Record<string, (x: number, p: readonly number[]) => [number, number] | { m: [number, number], k: number }>}
 */
export const GRAD_REFERENCE_DD = {
  sigmoid: (x) => {
    if (x !== x) return [NaN, 0];
    if (Math.abs(x) > 1600) return [0, 0]; // exp(−1600)·2^1024 < 2^-1200
    const { m, k } = dd.exp2k([-Math.abs(x), 0]); // e = m·2^k
    const d = dd.add(ONE, scale(m, k));
    return { m: dd.div(m, dd.mul(d, d)), k };
  },
  elu: (x, [alpha]) => (x !== x ? [NaN, 0] : x > 0 ? ONE : cExp([alpha, 0], [x, 0])),
  selu: (x) => (x !== x ? [NaN, 0] : x > 0 ? SELU_SCALE : cExp(SELU_SCALE_ALPHA, [x, 0])),
  celu: (x, [alpha]) => {
    if (x !== x) return [NaN, 0];
    if (x > 0) return ONE;
    if (x === -Infinity) return alpha > 0 ? [0, 0] : [Infinity, 0];
    const u = quotient(x, alpha);
    // alpha < 0: exp(u) is finite for finite x, however large: dy·exp(u) is ±Infinity for dy ≠ 0 and 0
    // for dy = 0 (beyond u = 3000 a stand-in 2^5000 gives exactly that)
    return u[0] > 3000 ? { m: ONE, k: 5000 } : cExp(ONE, u);
  },
  silu: (x) => {
    if (x !== x) return [NaN, 0];
    if (x > 800) return ONE;
    // σ(x)(1 + x(1 − σ(x))) = e(1 + e + x)/(1 + e)² (x < 0, e = exp(x)) or (1 + e + x·e)/(1 + e)² (x >= 0,
    // e = exp(−x)); for x < 0 as { m, k } with e = m·2^k.
    if (x < -1600) return [0, 0];
    const { m, k } = dd.exp2k([-Math.abs(x), 0]);
    const e = ldexp2(m, k);
    const d = dd.add(ONE, e);
    const d2 = dd.mul(d, d);
    if (x >= 0) return dd.div(dd.add(d, dd.mulD(e, x)), d2);
    return { m: dd.div(dd.mul(m, dd.add(d, [x, 0])), d2), k };
  },
  tanh: (x) => {
    if (x !== x) return [NaN, 0];
    if (Math.abs(x) > 800) return [0, 0]; // 4·exp(−1600)·2^1024 is far below the smallest double
    const { m, k } = dd.exp2k([-2 * Math.abs(x), 0]);
    const d = dd.add(ONE, ldexp2(m, k));
    return { m: dd.div(dd.mulD(m, 4), dd.mul(d, d)), k };
  },
  tanhshrink: (x) => {
    if (x !== x) return [NaN, 0];
    if (x === 0 || !Number.isFinite(x)) return [x === 0 ? 0 : 1, 0];
    // tanh² as { m, k } with tanh(x) scaled by x's power of two: x² of a tiny x underflows, dy·x² need not
    const e = Math.min(0, Math.max(-1074, Math.floor(Math.log2(Math.abs(x)))));
    const t = ldexp2(tanhDD(x), -e);
    return { m: dd.mul(t, t), k: 2 * e };
  },
};

// ---- double-double helpers (used by the entries above when called, after this module has loaded) ----

/** exp(−|x|) as dd (never overflows; 0 beyond the double range's reach). */
const expNegAbs = (x) => (Math.abs(x) > 750 ? [0, 0] : dd.exp([-Math.abs(x), 0]));

/**
 * a·b for a dd a and a double b, also where Veltkamp's split would overflow or underflow: a huge a
 * (celu's expm1(x/alpha) for a tiny negative alpha) is split scaled by 2^-600 (exact).
 */
function mulD(a, b) {
  if (Math.abs(a[0]) > 1e290 && Math.abs(a[0] * b) <= 1e290) return dd.ldexp(dd.mulD(dd.ldexp(a, -600), b), 600);
  return Math.abs(a[0] * b) > 1e290 || Math.abs(a[0] * b) < 1e-290 ? [a[0] * b, 0] : dd.mulD(a, b);
}

/** A decimal string as dd: its digits as a BigInt split into two doubles, then divided by 10 per digit. */
function ddFromDecimal(str) {
  const [ip, fp = ''] = str.split('.');
  const digits = BigInt(ip + fp);
  const hi = Number(digits);
  let v = dd.add([hi, 0], [Number(digits - BigInt(hi)), 0]);
  for (let i = 0; i < fp.length; i++) v = dd.div(v, [10, 0]);
  return v;
}

// PyTorch's SELU constants, from the decimal strings of its documentation.
const SELU_ALPHA = ddFromDecimal('1.6732632423543772848170429916717');
const SELU_SCALE = ddFromDecimal('1.0507009873554804934193349852946');
const SELU_SCALE_ALPHA = dd.mul(SELU_SCALE, SELU_ALPHA);

/** expm1 of a dd u, also for subnormal and huge negative u (where dd.expm1's reductions do not reach). */
const expm1 = (u) => (Math.abs(u[0]) < 1e-200 ? u : u[0] < -800 ? [-1, 0] : dd.expm1(u));

/**
 * x/alpha as dd, also for an alpha beyond Veltkamp's 2^996 or subnormal (both scaled by a power of two
 * first); beyond 2^20 in magnitude the double quotient (exp of it is 0 or overflows anyway).
 */
function quotient(x, alpha) {
  const q = x / alpha;
  if (!(Math.abs(q) < 2 ** 20)) return [q, 0];
  const m = Math.abs(alpha);
  const s = m > 2 ** 900 ? 2 ** -600 : m < 2 ** -900 ? 2 ** 600 : 1;
  if (Math.abs(x * s) < 2 ** -1000) return [q, 0]; // |q| < 2^-1100: its low part is nothing
  return dd.div([x * s, 0], [alpha * s, 0]);
}

/** c·exp(x) for a dd x <= 0 and a dd c, as { m, k } (never underflows). */
function cExp(c, x) {
  if (x[0] < -1600) return { m: [0, 0], k: 0 }; // exp(−1600)·2^1024 < 2^-1200 (and exp2k's reduction stays in range)
  const { m, k } = dd.exp2k(x);
  return { m: dd.mul(c, m), k };
}

/**
 * Taylor coefficients t_n of tanh x = Σ t_n x^(2n−1), t_n = 2^(2n)(2^(2n) − 1)·B_2n/(2n)!, as dd,
 * n = 1 … 40, from the Bernoulli numbers as exact BigInt rationals (Akiyama–Tanigawa).
 */
const TANH_TAYLOR = (() => {
  const gcd = (a, b) => {
    a = a < 0n ? -a : a;
    b = b < 0n ? -b : b;
    while (b) [a, b] = [b, a % b];
    return a;
  };
  const norm = ([p, q]) => {
    if (q < 0n) [p, q] = [-p, -q];
    const g = gcd(p, q) || 1n;
    return [p / g, q / g];
  };
  const B = [];
  const A = [];
  for (let m = 0; m <= 80; m++) {
    A[m] = [1n, BigInt(m + 1)];
    for (let j = m; j >= 1; j--) {
      const [a, b] = A[j - 1];
      const [c, d] = A[j];
      A[j - 1] = norm([(a * d - c * b) * BigInt(j), b * d]);
    }
    B[m] = A[0];
  }
  const toDD = ([p, q]) => {
    const neg = p < 0n;
    if (neg) p = -p;
    const v = (p << 300n) / q; // p/q · 2^300, truncated: far below 2^-106 relative
    const hi = Number(v);
    const r = dd.ldexp(dd.add([hi, 0], [Number(v - BigInt(hi)), 0]), -300);
    return neg ? dd.neg(r) : r;
  };
  const t = [[0, 0]];
  let fact = 1n;
  for (let n = 1; n <= 40; n++) {
    fact *= BigInt(2 * n - 1) * BigInt(2 * n);
    const p = 1n << BigInt(2 * n);
    t[n] = toDD(norm([p * (p - 1n) * B[2 * n][0], B[2 * n][1] * fact]));
  }
  return t;
})();

/** x − tanh(x) for 0 < x < 0.25: −Σ_{n>=2} t_n x^(2n−1), summed in dd until the terms vanish. */
function tanhshrinkSeries(x) {
  const w = dd.mul([x, 0], [x, 0]);
  let pw = dd.mul(w, [x, 0]);
  let sum = [0, 0];
  for (let n = 2; n <= 40; n++) {
    const term = dd.mul(TANH_TAYLOR[n], pw);
    sum = dd.sub(sum, term);
    if (Math.abs(term[0]) < 1e-40 * Math.abs(sum[0])) break;
    pw = dd.mul(pw, w);
  }
  return sum;
}

/** tanh(x) as dd (relative accuracy near 0 too). */
function tanhDD(x) {
  if (x === 0) return [x, 0];
  const a = Math.abs(x);
  let t;
  if (a < 0.25) t = dd.sub([a, 0], tanhshrinkSeries(a));
  else if (a > 40) t = ONE;
  else {
    const em = dd.expm1([-2 * a, 0]);
    t = dd.div(dd.neg(em), dd.add(TWO, em));
  }
  return x < 0 ? dd.neg(t) : t;
}
