// Oracle of the log family (src/ops/log-family.ts): formula-level references of each function and of
// its derivative, keyed by registry name. REFERENCE / GRAD_REFERENCE in double, for f32 results
// (rounding them to f32 gives the correctly rounded result; for f32 inputs, beta·x is exact in
// double); REFERENCE_DD / GRAD_REFERENCE_DD in double-double (../reference/dd.mjs), for f64 results,
// each a dd pair [hi, lo], or { m, k } for m·2^k where it may be subnormal (see gradTimes in
// shared.mjs), so that dy · f'(x) is rounded once.

import * as dd from '../reference/dd.mjs';
import { ONE, TWO, prod, scale, sigma } from './shared.mjs';

/** @type {Record<string, (x: number, p: readonly number[]) => number>} */
export const REFERENCE = {
  softplus: (x, [beta, threshold]) => {
    const bx = x * beta; // exact for f32 x and beta
    if (Math.fround(bx) > threshold) return x; // the comparison in f32, as the f32 kernels make it
    return (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / beta;
  },
  logSigmoid: (x) => (x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x))),
  mish: (x) => (x === Infinity ? x : x < -1000 ? -0 : x * Math.tanh(Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))))),
};

/**
 * Analytic derivatives f'(x; p) in double (the tests also check each against central differences of
 * REFERENCE, so a wrong formula here cannot hide).
 * @type {Record<string, (x: number, p: readonly number[]) => number>}
 */
export const GRAD_REFERENCE = {
  softplus: (x, [beta, threshold]) => (Math.fround(x * beta) > threshold ? 1 : sigma(x * beta)),
  logSigmoid: (x) => sigma(-x),
  mish: (x) => {
    if (x > 40) return 1;
    if (x < -1000) return -0;
    const sp = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
    const t = Math.tanh(sp);
    return t + x * sigma(x) * (1 - t * t);
  },
};

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const REFERENCE_DD = {
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
};

/**
 * f'(x) as dd, or as { m, k } (f'(x) = m·2^k) where it may be subnormal.
 * @type {Record<string, (x: number, p: readonly number[]) => [number, number] | { m: [number, number], k: number }>}
 */
export const GRAD_REFERENCE_DD = {
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
};

// ---- double-double helpers (used by the entries above when called, after this module has loaded) ----

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
