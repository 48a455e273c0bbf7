// Development aid: the f64 checks of test/elementwise.test.ts and test/gradients.test.ts for a few
// functions, printing the worst cases (NaN shown as NaN) on both backends.
//   node scripts/check-f64.mjs elu,silu [--grad] [--n 20000]
import * as lib from '../dist/index.js';
import { REFERENCE_DD, GRAD_REFERENCE_DD, toNumber, gradTimes } from '../test/reference/f64-dd.mjs';
import { ulp64 } from '../test/support/ulp.mjs';
import { rng } from '../test/support/rng.mjs';

// The generators of test/support/inputs.ts (a .ts file, which node cannot import directly).
function randomBits64(n, seed = 1, emax = 12) {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = -60 + Math.floor(r() * (emax + 60));
    const m = 1 + r() + r() * 2 ** -26;
    out[i] = (r() < 0.5 ? -1 : 1) * m * 2 ** e;
  }
  return out;
}
function uniform(n, lo, hi, seed = 2) {
  const r = rng(seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = lo + (hi - lo) * r();
  return a;
}
const SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1.401298464324817e-45, -1.401298464324817e-45, 1.1754943508222875e-38, -1.1754943508222875e-38, 1e-40, -1e-40,
  1e-30, -1e-30, 1e-7, -1e-7, 1e-5, -1e-5, 0.5, -0.5, 1, -1, 2, -2, 3, -3, 6, -6, 9, -9, 10, -10, 17, -17, 20, -20,
  87, -87, 88.7, -88.7, 89, -89, 100, -100, 103.9, -103.9, 104, -104, 110, -110, 1e10, -1e10, 1e30, -1e30, 3.4028234663852886e38, -3.4028234663852886e38];

const args = process.argv.slice(2);
const names = (args[0] ?? '').split(',');
const grad = args.includes('--grad');
const ni = args.indexOf('--n');
const N = ni >= 0 ? Number(args[ni + 1]) : 20000;
for (const name of names) {
  const s = lib.REGISTRY[name];
  const p = s.params.map((q) => q.default);
  const x = new Float64Array([...randomBits64(N, 31), ...uniform(N, -20, 20, 32, 'f64'), ...randomBits64(N, 41), ...uniform(N, -20, 20, 42, 'f64'), ...SPECIALS, 1e-300, -1e-300, 5e-324, 700, -700, 745, -745, 1e300, -1e300]);
  const dy = uniform(x.length, -3, 3, 43, 'f64');
  const wants = Array.from(x, (v, i) => (grad ? gradTimes(GRAD_REFERENCE_DD[name](v, p), dy[i]) : toNumber(REFERENCE_DD[name](v, p))));
  for (const backend of ['wasm', 'js']) {
    lib.setBackend(backend);
    const y = grad ? lib[`${name}Grad`](x, dy) : lib[name](x);
    const bound = grad ? s.grad.bound.f64 : s.bound.f64;
    const errs = [];
    for (let i = 0; i < x.length; i++) {
      const want = wants[i];
      let e = ulp64(y[i], want);
      if (bound.abs !== undefined && Math.abs(y[i] - want) <= bound.abs) e = 0;
      errs.push({ e, x: x[i], got: y[i], want, dy: grad ? dy[i] : undefined });
    }
    errs.sort((a, b) => b.e - a.e);
    console.log(`${name}${grad ? 'Grad' : ''} f64 ${backend}: max ${errs[0].e} ULP (bound ${bound.ulp}${bound.abs ? `, abs ${bound.abs}` : ''})`);
    for (const w of errs.slice(0, 4)) if (w.e > 0) console.log(`   ${w.e} at x = ${w.x}${grad ? `, dy = ${w.dy}` : ''}: got ${w.got}, want ${w.want}`);
  }
}
