// Double-double references for f64 results (about 106 bits, see dd.mjs), keyed by registry name:
// rounding them to double gives the correctly rounded result, so a kernel's error in f64 ULP is its
// own. Forward functions in REFERENCE_DD, derivatives f'(x) in GRAD_REFERENCE_DD; each returns a dd
// pair [hi, lo], so that dy · f'(x) can be formed before the one final rounding.

import * as dd from './dd.mjs';
import { EXP_FAMILY_DD, EXP_FAMILY_GRAD_DD, roundScaled } from './exp-family-dd.mjs';

const ONE = [1, 0];
const TWO = [2, 0];
/** exp(−|x|) as dd (never overflows; 0 beyond the double range's reach). */
const expNegAbs = (x) => (Math.abs(x) > 750 ? [0, 0] : dd.exp([-Math.abs(x), 0]));
/** a·b as dd; outside the range where Veltkamp's split is exact, the product is beyond rounding anyway. */
const prod = (a, b) => (Math.abs(a * b) > 1e290 || Math.abs(a * b) < 1e-290 ? [a * b, 0] : dd.twoProd(a, b));

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const REFERENCE_DD = {
  step: (x) => [x >= 0 ? 1 : x < 0 ? 0 : NaN, 0],
  relu: (x) => [x > 0 ? x : x <= 0 ? 0 : NaN, 0],
  leakyRelu: (x, [alpha]) => (x < 0 ? prod(alpha, x) : [x, 0]),
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
  // --- catalogue: piecewise ---
  relu6: (x) => [x > 0 ? (x < 6 ? x : 6) : x <= 0 ? 0 : NaN, 0],
  hardTanh: (x, [lo, hi]) => [x < lo ? lo : x > hi ? hi : x, 0],
  hardSigmoid: (x, [a, b]) => {
    // alpha·x + beta as (x + o) / s, with s = 1/alpha and o = beta/alpha rounded to double as the API does
    const s = 1 / a;
    const o = b / a;
    if (!Number.isFinite(x)) return [x > 0 ? 1 : x < 0 ? 0 : NaN, 0];
    const u = dd.div(dd.twoSum(x, o), [s, 0]);
    return u[0] <= 0 ? [0, 0] : dd.cmp(u, ONE) >= 0 ? ONE : u;
  },
  hardSwish: (x) => {
    if (x !== x) return [NaN, 0];
    if (x <= -3) return [-0, 0];
    if (x >= 3) return [x, 0];
    return dd.div(dd.mulD(dd.twoSum(x, 3), x), [6, 0]);
  },
  softsign: (x) => {
    if (x !== x) return [NaN, 0];
    if (!Number.isFinite(x)) return [Math.sign(x), 0];
    return dd.div([x, 0], dd.twoSum(1, Math.abs(x)));
  },
  hardShrink: (x, [l]) => [x >= -l && x <= l ? 0 : x, 0],
  softShrink: (x, [l]) => (!Number.isFinite(x) ? [x, 0] : x > l ? dd.twoSum(x, -l) : x < -l ? dd.twoSum(x, l) : [0, 0]),
  threshold: (x, [t, v]) => [x > t ? x : x <= t ? v : NaN, 0],

  // --- catalogue: exp family ---
  ...EXP_FAMILY_DD,

  // --- catalogue: log family and gelu ---

};

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const GRAD_REFERENCE_DD = {
  sigmoid: (x) => {
    if (x !== x) return [NaN, 0];
    const e = expNegAbs(x);
    const d = dd.add(ONE, e);
    return dd.div(e, dd.mul(d, d));
  },
  // --- catalogue: piecewise ---
  relu: (x) => [x > 0 ? 1 : x <= 0 ? 0 : NaN, 0],
  leakyRelu: (x, [a]) => [x > 0 ? 1 : x <= 0 ? a : NaN, 0],
  step: (x) => [x === x ? 0 : NaN, 0],
  relu6: (x) => [x > 0 && x < 6 ? 1 : x === x ? 0 : NaN, 0],
  hardTanh: (x, [lo, hi]) => [x > lo && x < hi ? 1 : x === x ? 0 : NaN, 0],
  hardSigmoid: (x, [a, b]) => {
    if (x !== x) return [NaN, 0];
    const s = 1 / a;
    const o = b / a;
    if (!Number.isFinite(x)) return [0, 0];
    return x > -o && dd.cmp(dd.twoSum(x, o), [s, 0]) < 0 ? [a, 0] : [0, 0];
  },
  hardSwish: (x) => {
    if (x !== x) return [NaN, 0];
    if (x < -3) return [0, 0];
    if (x > 3) return ONE;
    return dd.div(dd.twoSum(x, 1.5), [3, 0]);
  },
  softsign: (x) => {
    if (x !== x) return [NaN, 0];
    if (!Number.isFinite(x)) return [0, 0];
    const d = dd.twoSum(1, Math.abs(x));
    return dd.div(ONE, dd.mul(d, d));
  },
  hardShrink: (x, [l]) => [Math.abs(x) <= l ? 0 : x === x ? 1 : NaN, 0],
  softShrink: (x, [l]) => [Math.abs(x) <= l ? 0 : x === x ? 1 : NaN, 0],
  threshold: (x, [t]) => [x > t ? 1 : x <= t ? 0 : NaN, 0],

  // --- catalogue: exp family ---
  ...EXP_FAMILY_GRAD_DD,

  // --- catalogue: log family and gelu ---

};

/** dy · f'(x) rounded once to double; f'(x) a dd pair, or { m, k } for m·2^k where it may be subnormal. */
export const gradTimes = (g, dy) => (Array.isArray(g) ? dd.toNumber(dd.mul(g, [dy, 0])) : roundScaled(dd.mul(g.m, [dy, 0]), g.k));
export const toNumber = dd.toNumber;
