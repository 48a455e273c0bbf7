// Oracle of the softmax family (src/ops/softmax-family.ts), functions along an axis: formula-level
// references of one row, keyed by registry name. AXIS_REFERENCE (row → row) and AXIS_GRAD_REFERENCE
// ((y row, dy row) → dx row, from the forward output y) in double, for f32 results; AXIS_REFERENCE_DD
// and AXIS_GRAD_REFERENCE_DD in double-double (../reference/dd.mjs), for f64 results, each element
// rounded once to double.

import * as dd from '../reference/dd.mjs';
import { prod } from './shared.mjs';

/**
 * Softmax of one row in double (max first, then exp and a plain double sum).
 * @param {ArrayLike<number>} row
 * @returns {number[]}
 */
function softmaxRow(row) {
  let m = -Infinity;
  for (let i = 0; i < row.length; i++) m = Number.isNaN(row[i]) || row[i] > m ? row[i] : m;
  if (Number.isNaN(m)) return Array.from(row, () => NaN);
  const e = Array.from(row, (v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/**
 * Log-softmax of one row in double: T = sum of exp(x − m) over x < m and c = the number of maxima, so
 * that at a peaked row's max y = −log1p(T) keeps every digit.
 * @param {ArrayLike<number>} row
 * @returns {number[]}
 */
function logSoftmaxRow(row) {
  let m = -Infinity;
  for (let i = 0; i < row.length; i++) m = Number.isNaN(row[i]) || row[i] > m ? row[i] : m;
  if (Number.isNaN(m)) return Array.from(row, () => NaN);
  let t = 0;
  let c = 0;
  for (let i = 0; i < row.length; i++) {
    const d = row[i] - m;
    if (d === 0) c++;
    else t += Math.exp(d); // NaN for +Infinity − +Infinity or a row of −Infinity: the row is NaN
  }
  const l = c === 1 ? Math.log1p(t) : Math.log(c + t);
  return Array.from(row, (v) => v - m - l);
}

/** @type {Record<string, (row: ArrayLike<number>) => number[]>} */
export const AXIS_REFERENCE = {
  softmax: softmaxRow,
  logSoftmax: logSoftmaxRow,
  softmin: (row) => softmaxRow(Array.from(row, (v) => -v)), // negation is exact
};

/**
 * sum of terms(i) for i < n as a pair [hi, lo] (two-sum per addition, errors summed apart): for terms
 * exact in double (products of two floats, or floats), about 2^−100 relative.
 */
function sumPair(n, term) {
  let s = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const p = term(i);
    const t = s + p;
    const bb = t - s;
    e += s - (t - bb) + (p - bb);
    s = t;
  }
  const hi = s + e;
  return [hi, e - (hi - s)];
}

/**
 * Derivatives from the forward output y: (y row, dy row) → dx row, in double, for float32 y and dy
 * (whose products are exact in double).
 * @type {Record<string, (y: ArrayLike<number>, dy: ArrayLike<number>) => number[]>}
 */
export const AXIS_GRAD_REFERENCE = {
  softmax: (y, dy) => {
    const [hi, lo] = sumPair(y.length, (i) => y[i] * dy[i]);
    return Array.from(y, (v, i) => v * (dy[i] - hi - lo));
  },
  logSoftmax: (y, dy) => {
    const [hi] = sumPair(dy.length, (i) => dy[i]);
    return Array.from(y, (v, i) => dy[i] - Math.exp(v) * hi);
  },
  softmin: (y, dy) => {
    const [hi, lo] = sumPair(y.length, (i) => y[i] * dy[i]);
    return Array.from(y, (v, i) => -v * (dy[i] - hi - lo));
  },
};

// ---- double-double: one row in, one row out, each element rounded once to double ----

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
  softmin: (row) => AXIS_REFERENCE_DD.softmax(Array.from(row, (v) => -v)), // negation is exact
};

/** @type {Record<string, (y: ArrayLike<number>, dy: ArrayLike<number>) => number[]>} */
export const AXIS_GRAD_REFERENCE_DD = {
  softmax: (y, dy) => {
    let s = [0, 0];
    for (let i = 0; i < y.length; i++) s = dd.add(s, prod(y[i], dy[i]));
    return Array.from(y, (v, i) => dd.toNumber(dd.mulD(dd.sub([dy[i], 0], s), v)));
  },
  logSoftmax: (y, dy) => {
    let s = [0, 0];
    for (let i = 0; i < dy.length; i++) s = dd.add(s, [dy[i], 0]);
    return Array.from(y, (v, i) => {
      const e = v > 700 ? [Math.exp(v), 0] : v === -Infinity ? [0, 0] : dd.exp([v, 0]);
      return dd.toNumber(dd.sub([dy[i], 0], dd.mul(e, s)));
    });
  },
  softmin: (y, dy) => {
    let s = [0, 0];
    for (let i = 0; i < y.length; i++) s = dd.add(s, prod(y[i], dy[i]));
    return Array.from(y, (v, i) => dd.toNumber(dd.mulD(dd.sub(s, [dy[i], 0]), v)));
  },
};
