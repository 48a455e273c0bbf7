// Oracle of the piecewise family (src/ops/piecewise.ts): formula-level references of each function and
// of its derivative, keyed by registry name. REFERENCE / GRAD_REFERENCE in double, for f32 results
// (rounding them to f32 gives the correctly rounded result); REFERENCE_DD / GRAD_REFERENCE_DD in
// double-double (../reference/dd.mjs), for f64 results: each a dd pair [hi, lo], or { m, k } for m·2^k
// (see gradTimes in shared.mjs), so that dy · f'(x) is rounded once.

import * as dd from '../reference/dd.mjs';
import { ONE, prod } from './shared.mjs';

/** @type {Record<string, (x: number, p: readonly number[]) => number>} */
export const REFERENCE = {
  step: (x) => (x >= 0 ? 1 : x < 0 ? 0 : NaN),
  relu: (x) => (x > 0 ? x : x <= 0 ? 0 : NaN),
  leakyRelu: (x, [alpha]) => (x < 0 ? alpha * x : x),
  relu6: (x) => (x > 0 ? (x < 6 ? x : 6) : x <= 0 ? 0 : NaN),
  hardTanh: (x, [lo, hi]) => (x < lo ? lo : x > hi ? hi : x),
  hardSigmoid: (x, [a, b]) => {
    // alpha·x + beta as (x + o) / s, with s = 1/alpha and o = beta/alpha rounded to f32 as the API does
    const s = Math.fround(1 / a);
    const o = Math.fround(b / a);
    const u = (x + o) / s;
    return u <= 0 ? 0 : u >= 1 ? 1 : u;
  },
  hardSwish: (x) => (x <= -3 ? -0 : x >= 3 ? x : (x * (x + 3)) / 6),
  softsign: (x) => (x === Infinity ? 1 : x === -Infinity ? -1 : x / (1 + Math.abs(x))),
  hardShrink: (x, [l]) => (x >= -l && x <= l ? 0 : x),
  softShrink: (x, [l]) => (x > l ? x - l : x < -l ? x + l : x === x ? 0 : NaN),
  threshold: (x, [t, v]) => (x > t ? x : x <= t ? v : NaN),
};

/**
 * Analytic derivatives f'(x; p) in double (the tests also check each against central differences of
 * REFERENCE, so a wrong formula here cannot hide).
 * @type {Record<string, (x: number, p: readonly number[]) => number>}
 */
export const GRAD_REFERENCE = {
  relu: (x) => (x > 0 ? 1 : x <= 0 ? 0 : NaN),
  leakyRelu: (x, [a]) => (x > 0 ? 1 : x <= 0 ? a : NaN),
  step: (x) => (x === x ? 0 : NaN),
  relu6: (x) => (x > 0 && x < 6 ? 1 : x === x ? 0 : NaN),
  hardTanh: (x, [lo, hi]) => (x > lo && x < hi ? 1 : x === x ? 0 : NaN),
  hardSigmoid: (x, [a, b]) => {
    const s = Math.fround(1 / a);
    const o = Math.fround(b / a);
    // The upper kink compared exactly: x + o rounds in double when x is tiny beside o (beta = 1: the
    // kink at 0).
    if (x !== x) return NaN;
    const t = x + o;
    const bb = t - o;
    const below = t < s || (t === s && o - (t - bb) + (x - bb) < 0); // two-sum: x + o = t + error
    return x > -o && below ? a : 0;
  },
  hardSwish: (x) => (x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : x > 3 ? 1 : NaN),
  softsign: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
  hardShrink: (x, [l]) => (Math.abs(x) <= l ? 0 : x === x ? 1 : NaN),
  softShrink: (x, [l]) => (Math.abs(x) <= l ? 0 : x === x ? 1 : NaN),
  threshold: (x, [t]) => (x > t ? 1 : x <= t ? 0 : NaN),
};

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const REFERENCE_DD = {
  step: (x) => [x >= 0 ? 1 : x < 0 ? 0 : NaN, 0],
  relu: (x) => [x > 0 ? x : x <= 0 ? 0 : NaN, 0],
  leakyRelu: (x, [alpha]) => (x < 0 ? prod(alpha, x) : [x, 0]),
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
};

/**
 * f'(x) as dd, or as { m, k } (f'(x) = m·2^k) where dy · f'(x) would otherwise leave the double range.
 * @type {Record<string, (x: number, p: readonly number[]) => [number, number] | { m: [number, number], k: number }>}
 */
export const GRAD_REFERENCE_DD = {
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
    // 1/d², d = 1 + |x| = ds·2^e: as { m, k }, so that |x| beyond 1e154 (d² overflows) and dy near 2^1024 still give dy/d²
    const e = Math.floor(Math.log2(1 + Math.abs(x)));
    const ds = dd.ldexp(dd.twoSum(1, Math.abs(x)), -e);
    return { m: dd.div(ONE, dd.mul(ds, ds)), k: -2 * e };
  },
  hardShrink: (x, [l]) => [Math.abs(x) <= l ? 0 : x === x ? 1 : NaN, 0],
  softShrink: (x, [l]) => [Math.abs(x) <= l ? 0 : x === x ? 1 : NaN, 0],
  threshold: (x, [t]) => [x > t ? 1 : x <= t ? 0 : NaN, 0],
};
