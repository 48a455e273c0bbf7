// Float64 references for f32 results, shared by the tests (test/*.test.ts) and the accuracy sweep
// (scripts/accuracy.mjs). Each is accurate to ~1e-15 relative, so rounding it to f32 gives the
// correctly rounded result (up to rare double-rounding ties, well inside every bound).
// Keyed by registry name; the suites fail if an entry of the registry has no reference here.

/** @type {Record<string, (x: number, p: readonly number[]) => number>} */
export const REFERENCE = {
  step: (x) => (x >= 0 ? 1 : x < 0 ? 0 : NaN),
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  tanh: (x) => Math.tanh(x),
  relu: (x) => (x > 0 ? x : x <= 0 ? 0 : NaN),
  leakyRelu: (x, [alpha]) => (x < 0 ? alpha * x : x),
  // --- catalogue: piecewise ---
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

  // --- catalogue: exp family ---

  // --- catalogue: log family and gelu ---

};

/**
 * Analytic derivatives f'(x; p) in double, keyed by registry name (the tests also check each against
 * central differences of REFERENCE, so a wrong formula here cannot hide).
 * @type {Record<string, (x: number, p: readonly number[]) => number>}
 */
export const GRAD_REFERENCE = {
  sigmoid: (x) => {
    const e = Math.exp(-Math.abs(x));
    return e / ((1 + e) * (1 + e));
  },
  // --- catalogue: piecewise ---
  relu: (x) => (x > 0 ? 1 : x <= 0 ? 0 : NaN),
  leakyRelu: (x, [a]) => (x > 0 ? 1 : x <= 0 ? a : NaN),
  step: (x) => (x === x ? 0 : NaN),
  relu6: (x) => (x > 0 && x < 6 ? 1 : x === x ? 0 : NaN),
  hardTanh: (x, [lo, hi]) => (x > lo && x < hi ? 1 : x === x ? 0 : NaN),
  hardSigmoid: (x, [a, b]) => {
    const s = Math.fround(1 / a);
    const o = Math.fround(b / a);
    return x > -o && x + o < s ? a : x === x ? 0 : NaN; // f32: x + o is exact in double
  },
  hardSwish: (x) => (x < -3 ? 0 : x <= 3 ? x / 3 + 0.5 : x > 3 ? 1 : NaN),
  softsign: (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
  hardShrink: (x, [l]) => (Math.abs(x) <= l ? 0 : x === x ? 1 : NaN),
  softShrink: (x, [l]) => (Math.abs(x) <= l ? 0 : x === x ? 1 : NaN),
  threshold: (x, [t]) => (x > t ? 1 : x <= t ? 0 : NaN),

  // --- catalogue: exp family ---

  // --- catalogue: log family and gelu ---

};

/**
 * Softmax of one row in double (max first, then exp and a plain double sum).
 * @param {ArrayLike<number>} row
 * @returns {number[]}
 */
export function softmaxRow(row) {
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
export function logSoftmaxRow(row) {
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

/** References of the axis functions, keyed by registry name: one row in, one row out. */
/** @type {Record<string, (row: ArrayLike<number>) => number[]>} */
export const AXIS_REFERENCE = {
  softmax: softmaxRow,
  // --- catalogue: axis ---
  logSoftmax: logSoftmaxRow,
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
 * Derivatives of the axis functions from the forward output y, keyed by registry name: (y row, dy row)
 * → dx row, in double, for float32 y and dy (whose products are exact in double).
 * @type {Record<string, (y: ArrayLike<number>, dy: ArrayLike<number>) => number[]>}
 */
export const AXIS_GRAD_REFERENCE = {
  softmax: (y, dy) => {
    const [hi, lo] = sumPair(y.length, (i) => y[i] * dy[i]);
    return Array.from(y, (v, i) => v * (dy[i] - hi - lo));
  },
  // --- catalogue: axis ---
  logSoftmax: (y, dy) => {
    const [hi] = sumPair(dy.length, (i) => dy[i]);
    return Array.from(y, (v, i) => dy[i] - Math.exp(v) * hi);
  },
};
