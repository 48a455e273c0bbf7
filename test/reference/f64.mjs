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

  // --- catalogue: log family and gelu ---
  softplus: (x, [beta, threshold]) => {
    const bx = x * beta; // exact for f32 x and beta
    if (Math.fround(bx) > threshold) return x; // the comparison in f32, as the f32 kernels make it
    return (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / beta;
  },
  logSigmoid: (x) => (x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x))),
  mish: (x) => (x === Infinity ? x : x < -1000 ? -0 : x * Math.tanh(Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))))),
  // p[0] is the index of `approximate`: 0 'none', 1 'tanh'
  gelu: (x, [approximate]) => {
    // Tiny |x|: gelu(x) = x/2 + c·x² + …, c > 0 (1/√(2π) or √(2/π)/2), which double cannot hold next to
    // x/2; where x/2 is an f32 rounding tie (x = ±2^-149) the next term decides it: nudge by 2^-40.
    if (Math.abs(x) < 1e-30) return x * 0.5 * (1 + Math.sign(x) * 2 ** -40);
    if (approximate === 1) return x === Infinity ? x : x < -30 ? -0 : x * sigma(geluV(x));
    return x === Infinity ? x : x < -40 ? -0 : x * Phi(x);
  },

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

  // --- catalogue: exp family ---
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

  // --- catalogue: log family and gelu ---
  softplus: (x, [beta, threshold]) => (Math.fround(x * beta) > threshold ? 1 : sigma(x * beta)),
  logSigmoid: (x) => sigma(-x),
  mish: (x) => {
    if (x > 40) return 1;
    if (x < -1000) return -0;
    const sp = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    const t = Math.tanh(sp);
    return t + x * sigma(x) * (1 - t * t);
  },
  gelu: (x, [approximate]) => {
    if (approximate === 1) {
      if (Math.abs(x) > 30) return x > 0 ? 1 : 0;
      const s = sigma(geluV(x));
      return s + x * s * (1 - s) * K1 * (1 + 3 * KAPPA * x * x);
    }
    if (Math.abs(x) > 40) return x > 0 ? 1 : 0;
    return Phi(x) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  },

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
  softmin: (y, dy) => {
    const [hi, lo] = sumPair(y.length, (i) => y[i] * dy[i]);
    return Array.from(y, (v, i) => -v * (dy[i] - hi - lo));
  },
};

// --- log family and gelu: helpers (double; for f32 inputs, x² and beta·x are exact in double).
// Used by REFERENCE and GRAD_REFERENCE above (only when called, so after this module has loaded).

/** σ(v) without overflow. */
const sigma = (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

/**
 * erfc(z)·exp(z²) for z >= 0, in double: the series of positive terms for erf below z = 2 (erfc = 1 − erf
 * loses at most 8 bits there: 1e−13 relative, ample for an f32 reference), Laplace's continued fraction
 * (modified Lentz) above.
 */
function erfcx(z) {
  if (z < 2) {
    let term = z;
    let sum = z;
    for (let n = 0; n < 200 && term > 1e-17 * sum; n++) {
      term *= (2 * z * z) / (2 * n + 3);
      sum += term;
    }
    return Math.exp(z * z) - (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc(z) = exp(−z²)/√π · 1/(z + (1/2)/(z + 1/(z + (3/2)/(z + 2/(z + …)))))
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let n = 1; n < 5000; n++) {
    const a = n / 2;
    d = z + a * d;
    d = 1 / (d === 0 ? tiny : d);
    c = z + a / c;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return 1 / (Math.sqrt(Math.PI) * f);
}

/** Φ(x), the standard normal CDF, relative accuracy in the lower tail (x² exact for f32 x). */
function Phi(x) {
  if (x !== x) return NaN;
  const a = Math.abs(x);
  const lower = a > 40 ? 0 : 0.5 * erfcx(a * Math.SQRT1_2) * Math.exp(-0.5 * a * a);
  return x < 0 ? lower : 1 - lower;
}
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const K1 = 2 * Math.sqrt(2 / Math.PI);
const KAPPA = 0.044715;
/** The tanh-GELU's 2u = 2√(2/π)(x + 0.044715x³) (double: |error| < 1e−13 where it matters). */
const geluV = (x) => K1 * x * (1 + KAPPA * x * x);
