// Near-minimax polynomial and rational fits in double-double arithmetic, for the fits that plain double
// cannot do well (every float64 core, and the rational ones of the float32 cores). Used by the FITS
// entries of scripts/fit-poly.mjs that name it; run them with   node scripts/fit-poly.mjs <name>.
//
// Method: Lawson's iteratively reweighted least squares (as fit() in fit-poly.mjs), but
//   - every step is in double-double (~106 bits), and each least-squares step is a Householder QR, not
//     the normal equations, so the fit's condition number is not squared;
//   - P and Q are solved for in the Chebyshev basis of [a, b] and converted to powers of r in
//     double-double at the end;
//   - rationals P(r)/Q(r), Q(r) = 1 + q_1 r + … (Loeb's linearisation): each step minimises the weighted
//     residual (P − g·Q)/Q_previous, which tends to the true weighted error P/Q − g as Q settles;
//   - targets are double-double functions (test/reference/dd.mjs), so the fit sees g to ~2^-100.
// The error reported is recomputed after rounding every coefficient to the precision the kernel stores
// (f32 or f64), in double-double: it is the error of the constants that are actually in the file.

import * as D from '../../test/reference/dd.mjs';

const asDD = (v) => (typeof v === 'number' ? [v, 0] : v);

/**
 * Least squares: the x minimising |A x − y| (A: rows × n, dd entries), by Householder QR in
 * double-double (no normal equations, so the condition number is not squared).
 */
function lstsqDD(A, y) {
  const rows = A.length;
  const n = A[0].length;
  const M = A.map((row, i) => [...row, y[i]]);
  for (let j = 0; j < n; j++) {
    let s2 = [0, 0];
    for (let i = j; i < rows; i++) s2 = D.add(s2, D.sqr(M[i][j]));
    const s = D.sqrt(s2);
    const alpha = M[j][j][0] >= 0 ? D.neg(s) : s;
    const v = [];
    for (let i = j; i < rows; i++) v.push(M[i][j]);
    v[0] = D.sub(v[0], alpha);
    let vn2 = [0, 0];
    for (const e of v) vn2 = D.add(vn2, D.sqr(e));
    if (vn2[0] === 0) continue;
    for (let k = j; k <= n; k++) {
      let dot = [0, 0];
      for (let i = j; i < rows; i++) dot = D.add(dot, D.mul(v[i - j], M[i][k]));
      const f = D.div(D.mulD(dot, 2), vn2);
      for (let i = j; i < rows; i++) M[i][k] = D.sub(M[i][k], D.mul(f, v[i - j]));
    }
  }
  const x = new Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let t = M[r][n];
    for (let k = r + 1; k < n; k++) t = D.sub(t, D.mul(M[r][k], x[k]));
    x[r] = D.div(t, M[r][r]);
  }
  return x;
}

/** Horner in double-double: sum c_k r^k. */
export function hornerDD(coeffs, r) {
  r = asDD(r);
  let s = asDD(coeffs[coeffs.length - 1]);
  for (let k = coeffs.length - 2; k >= 0; k--) s = D.add(D.mul(s, r), asDD(coeffs[k]));
  return s;
}

const round = { f32: Math.fround, f64: (v) => v };

/** Coefficients (in r, double-double) of T_0 … T_n (Chebyshev polynomials) of t = alpha·r + beta. */
function chebToMonomial(n, alpha, beta) {
  const mulT = (c) => {
    // (alpha·r + beta)·c(r)
    const out = Array.from({ length: c.length + 1 }, () => [0, 0]);
    c.forEach((v, k) => {
      out[k] = D.add(out[k], D.mul(v, beta));
      out[k + 1] = D.add(out[k + 1], D.mul(v, alpha));
    });
    return out;
  };
  const T = [[[1, 0]], [beta, alpha]];
  for (let k = 1; k < n; k++) {
    const a = mulT(T[k]).map((v) => D.mulD(v, 2));
    T.push(a.map((v, i) => (i < T[k - 1].length ? D.sub(v, T[k - 1][i]) : v)));
  }
  return T.slice(0, n + 1);
}

/**
 * @param {object} spec
 *   a, b        the interval of r.
 *   p           degree of P (its coefficients are p_0 … p_p).
 *   q           degree of Q (default 0: a polynomial); Q = 1 + q_1 r + … + q_q r^q.
 *   target(r)   g(r) as a double-double (or a number where a double is exact enough).
 *   weight(r)   w(r) >= 0, a double: the fit minimises max |w·(P/Q − g)|.
 *   precision   'f32' or 'f64': what the coefficients are rounded to for the reported error.
 *   result      (runDD only) 'f32' or 'f64', the kernel's result type, for the half-ULP figure (default
 *               precision: f32 results computed in f64 arithmetic say 'f32').
 *   points, iterations: sample count (Chebyshev nodes on [a, b]) and Lawson steps.
 * P and Q are solved for in the Chebyshev basis of [a, b] (well conditioned), then converted to powers
 * of r in double-double and normalised so that Q(0) = 1.
 * @returns {{ P: number[], Q: number[], maxErr: number, maxErrRounded: number, at: number }}
 *   P and Q (Q[0] = 1) rounded to the precision; maxErr of the unrounded fit; maxErrRounded of the
 *   rounded one and the r where it peaks.
 */
export function fitDD({ a, b, p, q = 0, target, weight, precision = 'f64', points = 2000, iterations = 40 }) {
  const alpha = D.div([2, 0], D.sub([b, 0], [a, 0]));
  const beta = D.neg(D.div(D.add([a, 0], [b, 0]), D.sub([b, 0], [a, 0])));
  const xs = Array.from({ length: points }, (_, i) => (a + b) / 2 + ((b - a) / 2) * Math.cos((Math.PI * (i + 0.5)) / points));
  const gs = xs.map((x) => asDD(target(x)));
  const ws = xs.map(weight);
  const nT = Math.max(p, q);
  const Ts = xs.map((x) => {
    const t = D.add(D.mul(alpha, [x, 0]), beta);
    const T = [[1, 0], t];
    for (let k = 1; k < nT; k++) T.push(D.sub(D.mul(D.mulD(t, 2), T[k]), T[k - 1]));
    return T;
  });
  const m = p + 1 + q;
  let lw = new Array(points).fill(1 / points);
  let qPrev = new Array(points).fill([1, 0]);
  let best = null;
  for (let it = 0; it < iterations; it++) {
    const A = new Array(points);
    const y = new Array(points);
    for (let i = 0; i < points; i++) {
      const wi = D.div([Math.sqrt(lw[i]) * ws[i], 0], qPrev[i]);
      // Q = T_0 + sum_{j>=1} b_j T_j: residual P − g·Q = sum d_k T_k − g·sum b_j T_j − g.
      A[i] = [...Ts[i].slice(0, p + 1), ...Ts[i].slice(1, q + 1).map((v) => D.neg(D.mul(gs[i], v)))].map((v) => D.mul(wi, v));
      y[i] = D.mul(wi, gs[i]);
    }
    const d = lstsqDD(A, y);
    const errs = new Array(points);
    for (let i = 0; i < points; i++) {
      let P = [0, 0];
      for (let k = 0; k <= p; k++) P = D.add(P, D.mul(d[k], Ts[i][k]));
      let Q = [1, 0];
      for (let j = 1; j <= q; j++) Q = D.add(Q, D.mul(d[p + j], Ts[i][j]));
      qPrev[i] = Q;
      errs[i] = Math.abs(ws[i] * D.toNumber(D.sub(D.div(P, Q), gs[i])));
    }
    const maxErr = Math.max(...errs);
    if (process.env.FIT_DEBUG) console.log(it, maxErr);
    if (!best || maxErr < best.maxErr) best = { d, maxErr };
    const tot = errs.reduce((s, e, i) => s + lw[i] * e, 0);
    lw = lw.map((l, i) => Math.max((l * errs[i]) / tot, 1e-300));
  }
  // Convert to powers of r, normalise Q(0) = 1, round.
  const T = chebToMonomial(nT, alpha, beta);
  const mono = (coef) => {
    const out = Array.from({ length: coef.length }, () => [0, 0]);
    coef.forEach((c, k) => T[k].forEach((v, i) => (out[i] = D.add(out[i], D.mul(c, v)))));
    return out;
  };
  const Pm = mono(best.d.slice(0, p + 1));
  const Qm = mono([[1, 0], ...best.d.slice(p + 1)]);
  const q0 = Qm[0];
  const P = Pm.map((c) => round[precision](D.toNumber(D.div(c, q0))));
  const Q = Qm.map((c) => round[precision](D.toNumber(D.div(c, q0))));
  Q[0] = 1;
  // The error of the rounded coefficients, on a denser grid than the fit's.
  let maxErrRounded = 0;
  let at = a;
  const N = 4 * points;
  for (let i = 0; i <= N; i++) {
    const x = a + ((b - a) * i) / N;
    const w = weight(x);
    if (w === 0) continue;
    const e = Math.abs(w * D.toNumber(D.sub(D.div(hornerDD(P, x), hornerDD(Q, x)), asDD(target(x)))));
    if (e > maxErrRounded) (maxErrRounded = e), (at = x);
  }
  return { P, Q, maxErr: best.maxErr, maxErrRounded, at };
}

const hex = {
  f32: (v) => {
    const b = new DataView(new ArrayBuffer(4));
    b.setFloat32(0, v);
    return '0x' + b.getUint32(0).toString(16).toUpperCase().padStart(8, '0');
  },
  f64: (v) => {
    const b = new DataView(new ArrayBuffer(8));
    b.setFloat64(0, v);
    return '0x' + b.getBigUint64(0).toString(16).toUpperCase().padStart(16, '0');
  },
};

/** Run a fitDD spec and print its coefficients as the kernel files write them. */
export function runDD(name, spec) {
  const prec = spec.precision ?? 'f64';
  const res = spec.result ?? prec; // the precision of the kernel's result, for the half-ULP figure
  const { P, Q, maxErr, maxErrRounded, at } = fitDD(spec);
  const ulp = res === 'f32' ? 2 ** -24 : 2 ** -53;
  console.log(
    `${name}: max weighted error ${maxErr.toExponential(3)}; with ${prec} coefficients ` +
      `${maxErrRounded.toExponential(3)} at r = ${at} (${(maxErrRounded / ulp).toFixed(3)} ${res} half-ULPs)`,
  );
  const digits = prec === 'f32' ? 9 : 17;
  P.forEach((c, j) => console.log(`  ${spec.q ? 'p' : 'c'}${j}: ${hex[prec](c)} = ${c.toPrecision(digits)}`));
  Q.slice(1).forEach((c, j) => console.log(`  q${j + 1}: ${hex[prec](c)} = ${c.toPrecision(digits)}`));
}
