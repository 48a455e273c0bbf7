// Near-minimax polynomial fitting (Lawson's iteratively reweighted least squares), so that every
// polynomial in assembly/math/ can be regenerated and checked:   node scripts/fit-poly.mjs <name>
//
// A fit approximates g(r) = sum c_k r^k (k = 0..degree) on [a, b], minimising max |w(r)·(g(r) − target(r))|.
// The kernels' polynomials are written as "the exact leading terms + r^m · g(r)", so target and w
// below already fold in the leading terms and the relative-error weight of the final function.

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
  // assembly/math/log1p-f32x4-unit-p10.ts: log1p(e) = e + e^2·g(e) on e in [0, 1] (softplus(−|x|), e = exp(−|x|)),
  // relative error of log1p. 150 Lawson iterations: the 60 default stop at 2.0e−8 on this interval.
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
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(FITS);
  for (const name of names) {
    const spec = FITS[name];
    const { coeffs, maxErr } = fit(spec);
    console.log(`${name}: max weighted error ${maxErr.toExponential(3)} (${(maxErr / 2 ** -24).toFixed(3)} f32 half-ULPs)`);
    coeffs.forEach((c, k) => console.log(`  c${k}: ${c.toPrecision(17)}  f32 ${hex32(f32(c))} = ${f32(c).toPrecision(9)}`));
  }
}
