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
  elu: (x, [alpha]) => (x > 0 ? 1 : alpha * Math.exp(x)),
  selu: (x) => 1.0507009873554804934193349852946 * (x > 0 ? 1 : 1.6732632423543772848170429916717 * Math.exp(x)),
  celu: (x, [alpha]) => (x > 0 ? 1 : Math.exp(x / alpha)),
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

/** References of the axis functions, keyed by registry name: one row in, one row out. */
export const AXIS_REFERENCE = {
  softmax: softmaxRow,
  // --- catalogue: axis ---
};
