// The fits of the exp family's kernels (tanh, tanhshrink), so that their constants can be regenerated
// and checked:   node scripts/fit-exp-family.mjs [name …]
//
// g(w) = (x − tanh x)/x³ at w = x², the factor tanhshrink's small-|x| branch multiplies x³ by (and
// tanh(x) = x − x³·g for the derivative and tanh f64's small branch): analytic in w, its nearest
// singularities at w = −π²/4 (tanh's poles at ±iπ/2), so a low-degree rational fits [0, 2.25] (x < 1.5).
// Weight 1/g: relative error. Fitted with scripts/math-probe/fit-dd.mjs (Lawson/Loeb in double-double),
// target from the double-double reference of test/oracles/exp-family.mjs.
//
// The kernels store the f64 rationals scaled by 3 (P(0) = 1, Q(0) = 3, both exact), which the
// 'scaled' lines print with their error after rounding; the f32 kernel's g − 1/3 form is derived
// the same way from 'tanhshrink-f32-rat22' (see assembly/kernels/tanhshrink.ts).

import { fitDD } from './math-probe/fit-dd.mjs';
import * as D from '../test/reference/dd.mjs';
import { REFERENCE_DD } from '../test/oracles/exp-family.mjs';

/** g(w) as dd (w > 0), from the dd tanhshrink reference; g(0) = 1/3. */
function g(w) {
  if (w === 0) return D.div([1, 0], [3, 0]);
  const x = Math.sqrt(w);
  const xdd = D.sqrt([w, 0]); // x to dd precision, so that x³ matches w exactly
  const r = REFERENCE_DD.tanhshrink(x, []);
  // r is for the double x; correct to the dd x = √w: d(x − tanh x)/dx = tanh²x, Δx = xdd − x.
  const dx = D.sub(xdd, [x, 0]);
  const t = D.sub([x, 0], r); // tanh(x)
  const rc = D.add(r, D.mul(D.mul(t, t), dx));
  return D.div(rc, D.mul(D.mul(xdd, xdd), xdd));
}

export const FITS = {
  // assembly/kernels/tanh.ts (TSH_*), tanhshrink.ts (f64), src/backends/js-exp-family.ts: [3/4] on [0, 2.25].
  'tanhshrink-f64-rat34': { a: 0, b: 2.25, p: 3, q: 4, precision: 'f64', points: 600, iterations: 30, target: g, weight: (w) => 1 / D.toNumber(g(w)) },
  // assembly/kernels/tanhshrink.ts (f32 kernels, evaluated in f64; and the f32 g − 1/3 form): [2/2] on [0, 2.25].
  'tanhshrink-f32-rat22': { a: 0, b: 2.25, p: 2, q: 2, precision: 'f64', points: 600, iterations: 30, target: g, weight: (w) => 1 / D.toNumber(g(w)) },
};

const hex = (v) => {
  const b = new DataView(new ArrayBuffer(8));
  b.setFloat64(0, v);
  return '0x' + b.getBigUint64(0).toString(16).toUpperCase().padStart(16, '0');
};

if (import.meta.url === `file://${process.argv[1]}`) {
  const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(FITS);
  for (const name of names) {
    const spec = FITS[name];
    const { P, Q, maxErr, maxErrRounded, at } = fitDD(spec);
    console.log(`${name}: relative error ${maxErr.toExponential(3)}; with f64 coefficients ${maxErrRounded.toExponential(3)} at w = ${at}`);
    P.forEach((c, j) => console.log(`  p${j}: ${hex(c)} = ${c.toPrecision(17)}`));
    Q.slice(1).forEach((c, j) => console.log(`  q${j + 1}: ${hex(c)} = ${c.toPrecision(17)}`));
    // Scaled by 3: P(0) = 1 and Q(0) = 3 exact; error of the scaled, rounded coefficients.
    const P3 = P.map((c, j) => (j ? 3 * c : 1));
    const Q3 = Q.map((c, j) => (j ? 3 * c : 3));
    let worst = 0;
    for (let i = 0; i <= 4000; i++) {
      const w = (spec.b * i) / 4000;
      const ev = (C) => C.reduceRight((s, c) => D.add(D.mul(s, [w, 0]), [c, 0]), [0, 0]);
      const gw = g(w);
      worst = Math.max(worst, Math.abs(D.toNumber(D.sub(D.div(ev(P3), ev(Q3)), gw)) / D.toNumber(gw)));
    }
    console.log(`  scaled by 3 (P(0) = 1, Q(0) = 3): relative error ${worst.toExponential(3)}`);
    P3.slice(1).forEach((c, j) => console.log(`    P${j + 1}: ${hex(c)} = ${c.toPrecision(17)}`));
    Q3.slice(1).forEach((c, j) => console.log(`    Q${j + 1}: ${hex(c)} = ${c.toPrecision(17)}`));
  }
}
