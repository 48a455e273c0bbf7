// Helpers of the oracles (test/oracles/<family>.mjs) that more than one family uses, in double and in
// double-double (on ../reference/dd.mjs); and gradTimes / toNumber, with which the tests turn a
// double-double reference into the double they compare with.

import * as dd from '../reference/dd.mjs';

export const ONE = [1, 0];
export const TWO = [2, 0];

// ---- double ----

/** σ(v) without overflow. */
export const sigma = (v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));

// ---- double-double ----

/** a·b as dd; outside the range where Veltkamp's split is exact, the product is beyond rounding anyway. */
export const prod = (a, b) => (Math.abs(a * b) > 1e290 || Math.abs(a * b) < 1e-290 ? [a * b, 0] : dd.twoProd(a, b));

/** m·2^k as a double-double, the power applied in two steps (2^k alone may overflow or underflow). */
export function scale(m, k) {
  const k1 = Math.trunc(k / 2);
  return dd.ldexp(dd.ldexp(m, k1), k - k1);
}

/** x·2^k for a dd x, in steps of at most 2^±1000 so that no power of two overflows or underflows on its own. */
export function ldexp2(x, k) {
  for (; k > 1000; k -= 1000) x = dd.ldexp(x, 1000);
  for (; k < -1000; k += 1000) x = dd.ldexp(x, -1000);
  return dd.ldexp(x, k);
}

/** The double nearest to (hi + lo)·2^k, also where it is subnormal (ties to even). */
export function roundScaled(x, k) {
  const v = ldexp2(x, k);
  if (!(Math.abs(v[0]) < 2 ** -1021) || v[0] === 0) {
    // Normal (or 0, ±Infinity, NaN): rounded before scaling, since x's low part may underflow when scaled.
    const r = dd.toNumber(x);
    return Number.isFinite(r) ? ldexp2([r, 0], k)[0] : dd.toNumber(v);
  }
  // Subnormal: count steps of 2^-1074 in the exactly scaled value and round that to an integer.
  const t = ldexp2(x, k + 1074); // exact: |t| < 2^53
  let n = Math.round(t[0]);
  const frac = t[0] - n + t[1]; // t[0] − n is exact (|t[0]| < 2^53, n its neighbour)
  if (frac > 0.5 || (frac === 0.5 && n % 2 !== 0)) n += 1;
  else if (frac < -0.5 || (frac === -0.5 && n % 2 !== 0)) n -= 1;
  const r = n * 2 ** -1074;
  return r === 0 && (x[0] < 0 || Object.is(x[0], -0)) ? -0 : r;
}

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
