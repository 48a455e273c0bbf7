// Double-double references for f64 results (about 106 bits, see dd.mjs), keyed by registry name:
// rounding them to double gives the correctly rounded result, so a kernel's error in f64 ULP is its
// own. Forward functions in REFERENCE_DD, derivatives f'(x) in GRAD_REFERENCE_DD; each returns a dd
// pair [hi, lo], so that dy · f'(x) can be formed before the one final rounding.

import * as dd from './dd.mjs';

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

  // --- catalogue: log family and gelu ---

};

/** dy · f'(x) rounded once to double. */
export const gradTimes = (g, dy) => dd.toNumber(dd.mul(g, [dy, 0]));
export const toNumber = dd.toNumber;

// ---- axis functions: one row in, one row out, each element rounded once to double ----

/** exp(d) as dd for a dd d <= 0 (0 below the double range, NaN for NaN). */
const expNeg = (d) => (d[0] !== d[0] ? [NaN, 0] : d[0] < -746 ? [0, 0] : dd.exp(d));

/** The row's max (NaN if any element is NaN) and each x − max as an exact dd (two-sum). */
function diffs(row) {
  let m = -Infinity;
  for (const v of row) m = v !== v || v > m ? v : m;
  return { m, d: Array.from(row, (v) => (Number.isFinite(v - m) ? dd.twoSum(v, -m) : [v - m, 0])) };
}

/** @type {Record<string, (row: ArrayLike<number>) => number[]>} */
export const AXIS_REFERENCE_DD = {
  softmax: (row) => {
    const { m, d } = diffs(row);
    if (m !== m) return Array.from(row, () => NaN);
    const e = d.map(expNeg);
    const s = e.reduce((a, b) => dd.add(a, b), [0, 0]);
    return e.map((v) => dd.toNumber(dd.div(v, s)));
  },
  // --- catalogue: axis ---
  logSoftmax: (row) => {
    const { m, d } = diffs(row);
    if (m !== m) return Array.from(row, () => NaN);
    let t = [0, 0];
    let c = 0;
    for (const v of d) {
      if (v[0] === 0) c++;
      else t = dd.add(t, expNeg(v));
    }
    if (t[0] !== t[0]) return Array.from(row, () => NaN);
    const l = c === 1 ? dd.log1p(t) : dd.log(dd.add([c, 0], t));
    return d.map((v) => (Number.isFinite(v[0]) ? dd.toNumber(dd.sub(v, l)) : v[0] - l[0]));
  },
};

/** @type {Record<string, (y: ArrayLike<number>, dy: ArrayLike<number>) => number[]>} */
export const AXIS_GRAD_REFERENCE_DD = {
  softmax: (y, dy) => {
    let s = [0, 0];
    for (let i = 0; i < y.length; i++) s = dd.add(s, prod(y[i], dy[i]));
    return Array.from(y, (v, i) => dd.toNumber(dd.mulD(dd.sub([dy[i], 0], s), v)));
  },
  // --- catalogue: axis ---
  logSoftmax: (y, dy) => {
    let s = [0, 0];
    for (let i = 0; i < dy.length; i++) s = dd.add(s, [dy[i], 0]);
    return Array.from(y, (v, i) => {
      const e = v > 700 ? [Math.exp(v), 0] : v === -Infinity ? [0, 0] : dd.exp([v, 0]);
      return dd.toNumber(dd.sub([dy[i], 0], dd.mul(e, s)));
    });
  },
};
