// Near-minimax polynomial fitting (Lawson's iteratively reweighted least squares), so that every
// polynomial in assembly/math/ can be regenerated and checked:   node scripts/fit-poly.mjs <name>
//
// A fit approximates g(r) = sum c_k r^k (k = 0..degree) on [a, b], minimising max |w(r)·(g(r) − target(r))|.
// The kernels' polynomials are written as "the exact leading terms + r^m · g(r)", so target and w
// below already fold in the leading terms and the relative-error weight of the final function.

// Fits that double cannot do (the float64 cores; the rationals) run in double-double: an entry with a
// `dd` spec goes to scripts/math-probe/fit-dd.mjs (Householder least squares in double-double, targets
// from test/reference/dd.mjs) and prints its coefficients as f32 or f64 bit patterns.
import { runDD } from './math-probe/fit-dd.mjs';
import * as D from '../test/reference/dd.mjs';

/** Solve the dense system A x = y by Gaussian elimination with partial pivoting (small n). */
function solve(A, y) {
  const n = y.length;
  const M = A.map((row, i) => [...row, y[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/**
 * @param {{target:(r:number)=>number, weight:(r:number)=>number, a:number, b:number, degree:number,
 *          powers?: number[], points?: number, iterations?: number}} spec
 *   powers: which powers of r the polynomial has (default 0..degree; e.g. [0,2,4] for an even one).
 * @returns {{coeffs:number[], maxErr:number}} coefficients in powers order, max weighted error.
 */
export function fit({ target, weight, a, b, degree, powers, points = 4000, iterations = 60 }) {
  powers ??= Array.from({ length: degree + 1 }, (_, k) => k);
  // Chebyshev-distributed sample points cluster at the ends, where the minimax error peaks.
  const xs = Array.from({ length: points }, (_, i) => (a + b) / 2 + ((b - a) / 2) * Math.cos((Math.PI * (i + 0.5)) / points));
  const ws = xs.map(weight);
  const ts = xs.map(target);
  let lw = new Array(points).fill(1 / points);
  let coeffs = [];
  let maxErr = Infinity;
  for (let it = 0; it < iterations; it++) {
    const m = powers.length;
    const A = Array.from({ length: m }, () => new Array(m).fill(0));
    const y = new Array(m).fill(0);
    for (let i = 0; i < points; i++) {
      const wi = lw[i] * ws[i] * ws[i];
      const basis = powers.map((p) => xs[i] ** p);
      for (let r = 0; r < m; r++) {
        y[r] += wi * basis[r] * ts[i];
        for (let c = 0; c < m; c++) A[r][c] += wi * basis[r] * basis[c];
      }
    }
    coeffs = solve(A, y);
    const errs = xs.map((x, i) => Math.abs(ws[i] * (powers.reduce((s, p, k) => s + coeffs[k] * x ** p, 0) - ts[i])));
    maxErr = Math.max(...errs);
    // Lawson's update: weight each point by its error, so the fit levels the error towards equioscillation.
    const tot = errs.reduce((s, e, i) => s + lw[i] * e, 0);
    lw = lw.map((l, i) => (l * errs[i]) / tot);
  }
  return { coeffs, maxErr };
}

const f32 = Math.fround;
const hex32 = (v) => {
  const b = new DataView(new ArrayBuffer(4));
  b.setFloat32(0, v);
  return '0x' + b.getUint32(0).toString(16).toUpperCase().padStart(8, '0');
};

// The fits the kernels use. Each names the file whose constants it produced.
export const FITS = {
  // assembly/kernels/gelu.ts (f64 derivative of the exact GELU): the Mills ratio R(a) = Φ(−a)/φ(a) =
  // 1/(a + B(a)), B(a) = 1/R(a) − a ≈ P9(a)/Q10(a) on [0, 38.61], error relative to a + B (the
  // denominator it is added into). gelu'(x) = Φ(x) + x·φ(x) needs Φ(−a) − a·φ(a) = φ(a)·(1 − a(a + B))/(a + B),
  // whose bracket cancels at a = 0.7518: there B's error is damped by a/(a + B), not amplified by exp's.
  'gelu-mills-f64-b910': {
    dd: {
      a: 0, b: 38.61, p: 9, q: 10, precision: 'f64', points: 1500, iterations: 60,
      target: (a) => D.sub(D.div([1, 0], D.mul(D.mul(D.SQRT_PI, D.SQRT1_2), D.erfcx(D.mulD(D.SQRT1_2, a)))), [a, 0]),
      weight: (a) => D.toNumber(D.mul(D.mul(D.SQRT_PI, D.SQRT1_2), D.erfcx(D.mulD(D.SQRT1_2, a)))),
    },
  },
  // assembly/math/log1p-f32x4-unit-p10.ts: log1p(e) = e + e^2·g(e) on e in [0, 1] (softplus(−|x|), e = exp(−|x|)),
  // relative error of log1p. 150 Lawson iterations: the 60 default stop at 2.0e−8 on this interval.
  // assembly/math/log1p-f64x2-unit-atanh-p7.ts: log1p(e) for e in [0, 1] reduced by one select to f in [−0.25, 0.5]
  // (f = e or (e − 1)/2), log(1 + f) = 2·atanh(s), s = f/(2 + f) in [−1/7, 1/5]: 2·atanh(s) − 2s ≈ s·z·g(z),
  // z = s² in [0, 0.04], error relative to 2·atanh(s) (the form of 'log1p-f64-atanh-p7' on a wider z).
  'log1p-unit-f64-atanh-p7': {
    dd: {
      a: 0, b: 0.04, p: 6, precision: 'f64', points: 500, iterations: 30,
      target: (z) => {
        const s = D.sqrt([z, 0]);
        const at2 = D.log1p(D.div(D.mulD(s, 2), D.sub([1, 0], s)));
        return D.div(D.sub(at2, D.mulD(s, 2)), D.mul(s, [z, 0]));
      },
      weight: (z) => z / 2,
    },
  },
  'log1p-unit-f32-p10': {
    a: 0, b: 1, degree: 8, iterations: 150,
    target: (e) => (e === 0 ? -0.5 : (Math.log1p(e) - e) / (e * e)),
    weight: (e) => (e === 0 ? 0 : (e * e) / Math.log1p(e)),
  },
  // assembly/math/exp-f32x4-rr2-p6.ts: exp(r) = 1 + r + r^2·g(r), |r| <= ln2/2, relative error of exp.
  'exp-f32-p6': {
    a: -Math.LN2 / 2, b: Math.LN2 / 2, degree: 4,
    target: (r) => (r === 0 ? 0.5 : (Math.expm1(r) - r) / (r * r)),
    weight: (r) => (r * r) / Math.exp(r),
  },
  // assembly/math/expm1-f32x4-rr2-p6.ts: expm1(r) = r + r^2·g(r), |r| <= ln2/2, relative error of expm1.
  'expm1-f32-p6': {
    a: -Math.LN2 / 2, b: Math.LN2 / 2, degree: 4,
    target: (r) => (r === 0 ? 0.5 : (Math.expm1(r) - r) / (r * r)),
    weight: (r) => (r === 0 ? 0 : (r * r) / Math.abs(Math.expm1(r))),
  },
  // assembly/math/log1p-f32x4-p10.ts: log1p(f) = f + f^2·g(f), f = m − 1 in [√½ − 1, √2 − 1], relative error.
  'log1p-f32-p10': {
    a: Math.SQRT1_2 - 1, b: Math.SQRT2 - 1, degree: 8,
    target: (f) => (f === 0 ? -0.5 : (Math.log1p(f) - f) / (f * f)),
    weight: (f) => (f === 0 ? 0 : (f * f) / Math.abs(Math.log1p(f))),
  },
  // assembly/math/erfc-f32x4-f64x2-rat45.ts (evaluated in f64): erfcx(z) = exp(z^2)·erfc(z) ≈ P4(z)/Q5(z)
  // on [0, 10.1] (erfc(z) rounds to 0 in f32 beyond 10.06), relative error.
  'erfc-f32-f64-rat45': {
    dd: {
      a: 0, b: 10.1, p: 4, q: 5, precision: 'f64', result: 'f32', points: 1000, iterations: 30,
      target: (z) => D.erfcx(z), weight: (z) => 1 / D.toNumber(D.erfcx(z)),
    },
  },
  // Same file, erfc(x/√2) (the normal distribution's tail, for exact GELU): erfcx(x/√2) ≈ P4(x)/Q5(x) on
  // [0, 10.1·√2], so that the kernel never rounds x/√2.
  'erfc-sqrthalf-f32-f64-rat45': {
    dd: {
      a: 0, b: 14.3, p: 4, q: 5, precision: 'f64', result: 'f32', points: 1000, iterations: 30,
      target: (x) => D.erfcx(D.mulD(D.SQRT1_2, x)), weight: (x) => 1 / D.toNumber(D.erfcx(D.mulD(D.SQRT1_2, x))),
    },
  },
  // Same file, exp(−z²) in f64 arithmetic to f32 accuracy: exp(r) = 1 + r + r^2·g(r), g of degree 4,
  // |r| <= ln2/2, relative error of exp.
  'erfc-f32-f64-exp-p6': {
    dd: {
      a: -Math.LN2 / 2, b: Math.LN2 / 2, p: 4, precision: 'f64', result: 'f32', points: 400, iterations: 30,
      target: (r) => D.div(D.sub(D.expm1(r), [r, 0]), D.sqr([r, 0])), weight: (r) => (r * r) / Math.exp(r),
    },
  },
  // Same file, erf(x) for |x| < 0.5 (where 1 − erfc(|x|) would lose relative accuracy):
  // erf(x) = x + x·g(x²), g of degree 4 in r = x² on [0, 0.25] (the leading 1 kept exact: g(0) = 2/√π − 1
  // rounds 8× less than 2/√π would), relative error of erf.
  'erf-small-f32-p9': {
    dd: {
      a: 0, b: 0.25, p: 4, precision: 'f32', points: 400, iterations: 20,
      target: (r) => { const x = D.sqrt([r, 0]); return D.sub(D.div(D.erf(x), x), [1, 0]); },
      weight: (r) => { const x = D.sqrt([r, 0]); return D.toNumber(D.div(x, D.erf(x))); },
    },
  },
  // assembly/math/exp-f64x2-rr2-p11.ts: exp(r) = 1 + r + r^2·g(r), g of degree 9, |r| <= ln2/2 (widened by
  // 2^-14 for the caller's low-part correction, e.g. erfc's split of z²), relative error of exp.
  'exp-f64-p11': {
    dd: {
      a: -Math.LN2 / 2 - 2 ** -14, b: Math.LN2 / 2 + 2 ** -14, p: 9, precision: 'f64', points: 600, iterations: 30,
      target: (r) => D.div(D.sub(D.expm1(r), [r, 0]), D.sqr([r, 0])), weight: (r) => (r * r) / Math.exp(r),
    },
  },
  // assembly/math/expm1-f64x2-rr2-p11.ts: expm1(r) = r + r^2·g(r), g of degree 9, |r| <= ln2/2, relative
  // error of expm1.
  'expm1-f64-p11': {
    dd: {
      a: -Math.LN2 / 2, b: Math.LN2 / 2, p: 9, precision: 'f64', points: 600, iterations: 30,
      target: (r) => D.div(D.sub(D.expm1(r), [r, 0]), D.sqr([r, 0])), weight: (r) => (r * r) / Math.abs(Math.expm1(r)),
    },
  },
  // assembly/math/log1p-f64x2-atanh-p7.ts: log(1+f) = 2·atanh(s), s = f/(2+f), |s| <= (√2−1)/(√2+1);
  // 2·atanh(s) = 2s + s·z·g(z), z = s^2, g of degree 6 (fdlibm's Lg1…Lg7), error relative to 2·atanh(s).
  'log1p-f64-atanh-p7': {
    dd: {
      a: 0, b: ((Math.SQRT2 - 1) / (Math.SQRT2 + 1)) ** 2, p: 6, precision: 'f64', points: 500, iterations: 30,
      target: (z) => {
        const s = D.sqrt([z, 0]);
        const at2 = D.log1p(D.div(D.mulD(s, 2), D.sub([1, 0], s))); // 2·atanh(s) = log((1+s)/(1−s))
        return D.div(D.sub(at2, D.mulD(s, 2)), D.mul(s, [z, 0]));
      },
      weight: (z) => z / 2,
    },
  },
  // assembly/math/erfc-f64x2-a89.ts: erfc(z) = exp(−z²)/(√π·z + A(z)) for z >= 0.75, A(z) = 1/erfcx(z) − √π·z
  // (A(0.75) = 0.64 falling to √π/(2z) at infinity) ≈ P8(z)/Q9(z) on [0.75, 27.3] (erfc rounds to 0 in
  // f64 beyond 27.23); the error that matters is A's relative to the denominator: weight erfcx(z).
  'erfc-f64-a89': {
    dd: {
      a: 0.75, b: 27.3, p: 8, q: 9, precision: 'f64', points: 1000, iterations: 30,
      target: (z) => D.sub(D.div([1, 0], D.erfcx(z)), D.mulD(D.SQRT_PI, z)), weight: (z) => D.toNumber(D.erfcx(z)),
    },
  },
  // Same file, erfc(a/√2) = exp(−a²/2)/(√(π/2)·a + A(a)), A(a) = 1/erfcx(a/√2) − √(π/2)·a on
  // [0.75·√2, 27.3·√2].
  'erfc-sqrthalf-f64-a89': {
    dd: {
      a: 0.75 * Math.SQRT2, b: 38.61, p: 8, q: 9, precision: 'f64', points: 1000, iterations: 30,
      target: (a) => D.sub(D.div([1, 0], D.erfcx(D.mulD(D.SQRT1_2, a))), D.mulD(D.mul(D.SQRT_PI, D.SQRT1_2), a)),
      weight: (a) => D.toNumber(D.erfcx(D.mulD(D.SQRT1_2, a))),
    },
  },
  // Same file, erf(x) for |x| < 0.75 (and erfc(z) = 1 − erf(z) for z < 0.75): erf(x) = x + x·g(x²), g of
  // degree 10 in r = x² on [0, 0.5625]; weight x/min(erf, erfc), the stricter of the two uses.
  'erf-small-f64-p21': {
    dd: {
      a: 0, b: 0.5625, p: 10, precision: 'f64', points: 400, iterations: 20,
      target: (r) => { const x = D.sqrt([r, 0]); return D.sub(D.div(D.erf(x), x), [1, 0]); },
      weight: (r) => { const x = D.sqrt([r, 0]); const e = D.toNumber(D.erf(x)); return D.toNumber(x) / Math.min(e, 1 - e); },
    },
  },
  // Same file, erf(a/√2) for a < 0.75·√2 (erfc(a/√2) = 1 − erf(a/√2) there) without rounding a/√2:
  // erf(a/√2) = a·√(2/π) + a·h(a²), h of degree 10 in r = a² on [0, 1.125]; weight a/erfc(a/√2).
  'erf-sqrthalf-small-f64-p21': {
    dd: {
      a: 0, b: 1.125, p: 10, precision: 'f64', points: 400, iterations: 20,
      target: (r) => {
        const a = D.sqrt([r, 0]);
        return D.sub(D.div(D.erf(D.mul(a, D.SQRT1_2)), a), D.div(D.SQRT1_2, D.div(D.SQRT_PI, [2, 0])));
      },
      weight: (r) => { const a = D.sqrt([r, 0]); return D.toNumber(D.div(a, D.erfc(D.mul(a, D.SQRT1_2)))); },
    },
  },
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(FITS);
  for (const name of names) {
    const spec = FITS[name];
    if (spec.dd) {
      runDD(name, spec.dd);
      continue;
    }
    const { coeffs, maxErr } = fit(spec);
    console.log(`${name}: max weighted error ${maxErr.toExponential(3)} (${(maxErr / 2 ** -24).toFixed(3)} f32 half-ULPs)`);
    coeffs.forEach((c, k) => console.log(`  c${k}: ${c.toPrecision(17)}  f32 ${hex32(f32(c))} = ${f32(c).toPrecision(9)}`));
  }
}
