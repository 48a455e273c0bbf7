// Oracle of gelu (src/ops/gelu.ts; p[0] is the index of `approximate`: 0 'none', 1 'tanh'):
// formula-level references of the function and of its derivative, keyed by registry name.
// REFERENCE / GRAD_REFERENCE in double, for f32 results (rounding them to f32 gives the correctly
// rounded result; for f32 inputs, x² is exact in double); REFERENCE_DD / GRAD_REFERENCE_DD in
// double-double (../reference/dd.mjs), for f64 results, each a dd pair [hi, lo], or { m, k } for m·2^k
// where it may be subnormal (see gradTimes in shared.mjs), so that dy · f'(x) is rounded once.

import * as dd from '../reference/dd.mjs';
import { ONE, scale, sigma } from './shared.mjs';

/** @type {Record<string, (x: number, p: readonly number[]) => number>} */
export const REFERENCE = {
  gelu: (x, [approximate]) => {
    // Tiny |x|: gelu(x) = x/2 + c·x² + …, c > 0 (1/√(2π) or √(2/π)/2), which double cannot hold next to
    // x/2; where x/2 is an f32 rounding tie (x = ±2^-149) the next term decides it: nudge by 2^-40.
    if (Math.abs(x) < 1e-30) return x * 0.5 * (1 + Math.sign(x) * 2 ** -40);
    if (approximate === 1) return x === Infinity ? x : x < -30 ? -0 : x * sigma(geluV(x));
    return x === Infinity ? x : x < -40 ? -0 : x * Phi(x);
  },
};

/**
 * The analytic derivative f'(x; p) in double (the tests also check it against central differences of
 * REFERENCE, so a wrong formula here cannot hide).
 * @type {Record<string, (x: number, p: readonly number[]) => number>}
 */
export const GRAD_REFERENCE = {
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

/** @type {Record<string, (x: number, p: readonly number[]) => [number, number]>} */
export const REFERENCE_DD = {
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

/**
 * f'(x) as dd, or as { m, k } (f'(x) = m·2^k) where it may be subnormal.
 * @type {Record<string, (x: number, p: readonly number[]) => [number, number] | { m: [number, number], k: number }>}
 */
export const GRAD_REFERENCE_DD = {
  gelu: (x, [approximate]) => {
    if (x !== x) return [NaN, 0];
    if (approximate === 1) {
      if (x > 30 || x < -40) return [x > 0 ? 1 : 0, 0]; // x < −40: v < −4600
      // σ(v) + x·v'·σ(v)σ(−v), e = exp(−|v|): σ(v)σ(−v) = e/(1 + e)²
      const v = geluVDD(x);
      const slope = dd.mul(K1_DD, dd.add(ONE, dd.mulD(dd.mul(KAPPA_DD, dd.sqr([x, 0])), 3))); // v' = K1(1 + 3κx²)
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
    const xphi = dd.mulD(dd.mul(g.m, INV_SQRT_2PI_DD), x);
    if (x < 0) return { m: dd.add(dd.ldexp(phiNeg, c.k - g.k), xphi), k: g.k };
    return dd.add(dd.sub(ONE, scale(phiNeg, c.k)), scale(xphi, g.k));
  },
};

// ---- double helpers (used by the entries above when called, after this module has loaded) ----

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

// ---- double-double helpers ----

const K1_DD = dd.div(dd.TWO_OVER_SQRT_PI, dd.SQRT1_2); // 2√(2/π)
const KAPPA_DD = dd.div([44715, 0], [1e6, 0]); // 0.044715
const INV_SQRT_2PI_DD = dd.mulD(dd.mul(dd.TWO_OVER_SQRT_PI, dd.SQRT1_2), 0.5);
/** v = 2√(2/π)(x + 0.044715x³) = K1·x·(1 + κx²), |x| <= 30. */
const geluVDD = (x) => dd.mulD(dd.mul(K1_DD, dd.add(ONE, dd.mul(KAPPA_DD, dd.sqr([x, 0])))), x);
