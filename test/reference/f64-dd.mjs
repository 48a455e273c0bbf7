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
  softplus: (x, [beta, threshold]) => {
    if (x !== x) return [NaN, 0];
    if (x * beta > threshold) return [x, 0]; // the comparison in double, as the f64 kernels make it
    const bx = prod(x, beta); // beta·x exactly
    if (Math.abs(bx[0]) > 800) return bx[0] > 0 ? dd.div(bx, [beta, 0]) : [0, 0];
    if (bx[0] < -40) {
      // log1p(e) = e(1 − e/2 + …), e < 2^-57 (and dd.log1p loses bits on a subnormal e)
      const { m, k } = dd.exp2k(bx);
      return scale(dd.div(m, [beta, 0]), k);
    }
    const l = dd.log1p(expDD(bx[0] > 0 ? dd.neg(bx) : bx));
    return dd.div(bx[0] > 0 ? dd.add(bx, l) : l, [beta, 0]);
  },
  logSigmoid: (x) => {
    if (x !== x) return [NaN, 0];
    if (Math.abs(x) > 800) return x < 0 ? [x, 0] : [-0, 0];
    if (x > 40) return dd.neg(dd.exp([-x, 0])); // log1p(e) = e(1 − e/2 + …), e < 2^-57
    const l = dd.log1p(expDD([-Math.abs(x), 0]));
    return x < 0 ? dd.sub([x, 0], l) : dd.neg(l);
  },
  mish: (x) => {
    if (x !== x) return [NaN, 0];
    if (x > 40) return [x, 0]; // 1 − tanh(softplus(x)) < 2^-110
    if (x < -800) return [-0, 0];
    if (x < -40) {
      // tanh(softplus(x)) = e(1 + e/2)/(1 + e + e²/2) = e·(1 − e²/4 + …), e = exp(x) < 2^-57
      const { m, k } = dd.exp2k(x);
      return scale(dd.mulD(m, x), k);
    }
    const sp = softplusDD(x);
    const em = dd.expm1(dd.mulD(sp, 2));
    return dd.mulD(dd.div(em, dd.add(em, TWO)), x);
  },
  gelu: (x, [approximate]) => {
    if (x !== x) return [NaN, 0];
    if (approximate === 1) {
      if (Math.abs(x) > 30) return [x > 0 ? x : -0, 0];
      const v = geluVDD(x);
      const { m, k } = dd.exp2k(v[0] > 0 ? dd.neg(v) : v); // e = exp(−|v|) = m·2^k
      if (v[0] < 0) {
        // x·e/(1 + e)
        const e = scale(m, k);
        return k < -900 ? scale(dd.mulD(m, x), k) : dd.div(dd.mulD(e, x), dd.add(ONE, e));
      }
      return dd.div([x, 0], dd.add(ONE, scale(m, k)));
    }
    if (Math.abs(x) > 40) return [x > 0 ? x : -0, 0];
    const { m, k } = dd.erfc2k(dd.mulD(dd.SQRT1_2, Math.abs(x))); // erfc(|x|/√2) = m·2^k
    const lower = dd.mulD(m, 0.5); // Φ(−|x|) = lower·2^k
    return x < 0 ? scale(dd.mulD(lower, x), k) : dd.mulD(dd.sub(ONE, scale(lower, k)), x);
  },

};

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const GRAD_REFERENCE_DD = {
  sigmoid: (x) => {
    if (x !== x) return [NaN, 0];
    if (Math.abs(x) > 1600) return [0, 0]; // exp(−1600)·2^1024 < 2^-1200
    const { m, k } = dd.exp2k([-Math.abs(x), 0]); // e = m·2^k
    const d = dd.add(ONE, scale(m, k));
    return { m: dd.div(m, dd.mul(d, d)), k };
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
    // 1/d², d = 1 + |x| = ds·2^e: as { m, k }, so that |x| beyond 1e154 (d² overflows) and dy near 2^1024 still give dy/d²
    const e = Math.floor(Math.log2(1 + Math.abs(x)));
    const ds = dd.ldexp(dd.twoSum(1, Math.abs(x)), -e);
    return { m: dd.div(ONE, dd.mul(ds, ds)), k: -2 * e };
  },
  hardShrink: (x, [l]) => [Math.abs(x) <= l ? 0 : x === x ? 1 : NaN, 0],
  softShrink: (x, [l]) => [Math.abs(x) <= l ? 0 : x === x ? 1 : NaN, 0],
  threshold: (x, [t]) => [x > t ? 1 : x <= t ? 0 : NaN, 0],

  // --- catalogue: exp family ---
  ...EXP_FAMILY_GRAD_DD,

  // --- catalogue: log family and gelu ---
  softplus: (x, [beta, threshold]) => {
    if (x !== x) return [NaN, 0];
    if (x * beta > threshold) return ONE;
    const bx = prod(x, beta);
    if (bx[0] > 800) return ONE;
    return sigmoidNeg2k(bx);
  },
  logSigmoid: (x) => (x !== x ? [NaN, 0] : x < -800 ? ONE : sigmoidNeg2k([-x, 0])),
  mish: (x) => {
    if (x !== x) return [NaN, 0];
    if (x > 40) return ONE;
    if (x < -1600) return [-0, 0];
    if (x < -40) {
      // e·(1 + x) (1 + O(e)), e = exp(x), as { m, k }: dy near 2^1024 reaches x = −1450
      const { m, k } = dd.exp2k(x);
      return { m: dd.mulD(m, 1 + x), k };
    }
    // tanh(sp) + x·σ(x)·(1 − tanh(sp)²)
    const sp = softplusDD(x);
    const em = dd.expm1(dd.mulD(sp, 2));
    const t = dd.div(em, dd.add(em, TWO));
    return dd.add(t, dd.mulD(dd.mul(sigmoidDD([x, 0]), dd.sub(ONE, dd.sqr(t))), x));
  },
  gelu: (x, [approximate]) => {
    if (x !== x) return [NaN, 0];
    if (approximate === 1) {
      if (x > 30 || x < -40) return [x > 0 ? 1 : 0, 0]; // x < −40: v < −4600
      // σ(v) + x·v'·σ(v)σ(−v), e = exp(−|v|): σ(v)σ(−v) = e/(1 + e)²
      const v = geluVDD(x);
      const slope = dd.mul(K1, dd.add(ONE, dd.mulD(dd.mul(KAPPA, dd.sqr([x, 0])), 3))); // v' = K1(1 + 3κx²)
      const xs = dd.mulD(slope, x);
      const { m, k } = dd.exp2k(v[0] > 0 ? dd.neg(v) : v);
      if (v[0] < 0 && k < -900) return { m: dd.mul(m, dd.add(ONE, xs)), k }; // 1 + e = 1
      const e = scale(m, k);
      const s = dd.add(ONE, e);
      const pp = dd.div(e, dd.sqr(s));
      return dd.add(v[0] < 0 ? dd.div(e, s) : dd.div(ONE, s), dd.mul(xs, pp));
    }
    if (x > 40 || x < -60) return [x > 0 ? 1 : 0, 0]; // x < −60: exp(−x²/2) < 2^-2590
    // Φ(x) + x·φ(x); in the lower tail both scaled by the same power of two before the final rounding
    const a = Math.abs(x);
    const c = dd.erfc2k(dd.mulD(dd.SQRT1_2, a)); // Φ(−a) = ½·c.m·2^c.k
    const g = dd.exp2k(dd.mulD(dd.sqr([a, 0]), -0.5)); // exp(−a²/2) = g.m·2^g.k
    const phiNeg = dd.mulD(c.m, 0.5);
    const xphi = dd.mulD(dd.mul(g.m, INV_SQRT_2PI), x);
    if (x < 0) return { m: dd.add(dd.ldexp(phiNeg, c.k - g.k), xphi), k: g.k };
    return dd.add(dd.sub(ONE, scale(phiNeg, c.k)), scale(xphi, g.k));
  },

};

/**
 * dy · f'(x) rounded once to double; f'(x) a dd pair, or { m, k } for m·2^k where it may be subnormal
 * or beyond the double range. dy's power of two is taken out first, so that dy up to 2^1024 (beyond
 * Veltkamp's 2^996) and a product below the smallest normal (rounded by roundScaled) stay exact.
 */
export function gradTimes(g, dy) {
  const m = Array.isArray(g) ? g : g.m;
  const k = Array.isArray(g) ? 0 : g.k;
  if (!Number.isFinite(dy) || dy === 0 || !Number.isFinite(m[0]) || m[0] === 0) return m[0] * dy;
  const e = Math.max(-1022, Math.floor(Math.log2(Math.abs(dy))));
  return roundScaled(dd.mul(m, [dy * 2 ** -e, 0]), k + e); // dy·2^−e exact, in [2^−52, 4)
}
export const toNumber = dd.toNumber;

// --- log family and gelu: helpers (used by the entries above when called, after this module has loaded).

/** m·2^k as a double-double, the power applied in two steps (2^k alone may overflow or underflow). */
function scale(m, k) {
  const k1 = Math.trunc(k / 2);
  return dd.ldexp(dd.ldexp(m, k1), k - k1);
}
/** exp of a double-double <= 0 (0 below −800). */
const expDD = (x) => (x[0] < -800 ? [0, 0] : dd.exp(x));
/** σ(v) for a double-double v. */
function sigmoidDD(v) {
  const e = expDD(v[0] > 0 ? dd.neg(v) : v);
  const f = dd.div(e, dd.add(ONE, e));
  return v[0] < 0 ? f : dd.sub(ONE, f);
}
/** σ(v) for a double-double v, as { m, k } where v < 0 (e/(1 + e), e = exp(v) = m·2^k: never underflows). */
function sigmoidNeg2k(v) {
  if (v[0] >= 0) return sigmoidDD(v);
  if (v[0] < -1600) return [0, 0];
  const { m, k } = dd.exp2k(v);
  return { m: dd.div(m, dd.add(ONE, scale(m, k))), k };
}
/** softplus(x) = max(x, 0) + log1p(exp(−|x|)). */
function softplusDD(x) {
  const l = dd.log1p(expDD([-Math.abs(x), 0]));
  return x > 0 ? dd.add([x, 0], l) : l;
}
const K1 = dd.div(dd.TWO_OVER_SQRT_PI, dd.SQRT1_2); // 2√(2/π)
const KAPPA = dd.div([44715, 0], [1e6, 0]); // 0.044715
const INV_SQRT_2PI = dd.mulD(dd.mul(dd.TWO_OVER_SQRT_PI, dd.SQRT1_2), 0.5);
/** v = 2√(2/π)(x + 0.044715x³) = K1·x·(1 + κx²), |x| <= 30. */
const geluVDD = (x) => dd.mulD(dd.mul(K1, dd.add(ONE, dd.mul(KAPPA, dd.sqr([x, 0])))), x);

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
  softmin: (row) => AXIS_REFERENCE_DD.softmax(Array.from(row, (v) => -v)), // negation is exact
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
  softmin: (y, dy) => {
    let s = [0, 0];
    for (let i = 0; i < y.length; i++) s = dd.add(s, prod(y[i], dy[i]));
    return Array.from(y, (v, i) => dd.toNumber(dd.mulD(dd.sub(s, [dy[i], 0]), v)));
  },
};
