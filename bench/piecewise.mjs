// Benchmarks bench/run.mjs does not cover for the piecewise family: the derivatives <name>Grad, and
// prelu / preluGrad on the layouts its wasm path distinguishes (one slope; long runs of one channel;
// short runs paired with a pattern of slopes). Same conventions as bench/run.mjs: medians of tinybench
// samples beside the copy floor (Float32Array.prototype.set of n elements) measured in the same run.
//
//   npm run build && node bench/piecewise.mjs [--n 1e6] [--types f32,f64] [--time 150] [--only grads|prelu]

import { Bench } from 'tinybench';
import * as lib from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const N = Number(opt('n', '1e6'));
const TYPES = opt('types', 'f32,f64').split(',');
const TIME = Number(opt('time', '150'));
const ONLY = opt('only', '');

function input(n, Type, lo = -8, hi = 8, seed = 12345) {
  let s = seed;
  const a = new Type(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = lo + (s / 4294967296) * (hi - lo);
  }
  return a;
}

const GRADS = ['relu', 'leakyRelu', 'step', 'relu6', 'hardTanh', 'hardSigmoid', 'hardSwish', 'softsign', 'hardShrink', 'softShrink', 'threshold'];
const LAYOUTS = [
  ['one slope', [N]],
  ['NCHW, runs of 1000 (leaky_relu per run)', [N / 1e5, 100, 1000]],
  ['NCHW, runs of 49 (pattern)', [Math.floor(N / 4900), 100, 49]],
  ['[N, C], C = 1000 (pattern)', [N / 1000, 1000]],
  ['channels-last, C = 4, axis -1 (pattern)', [N / 4, 4], -1],
];

const bench = new Bench({ time: TIME, warmupTime: 30, warmupIterations: 5 });
const x32 = input(N, Float32Array);
const copyOut = new Float32Array(N);
bench.add('copy', () => copyOut.set(x32));
const cases = [];
for (const type of TYPES) {
  const Type = type === 'f32' ? Float32Array : Float64Array;
  const x = input(N, Type);
  const dy = input(N, Type, -2, 2, 777);
  const out = new Type(N);
  if (ONLY !== 'prelu') {
    for (const name of GRADS) {
      for (const backend of ['wasm', 'js']) {
        const key = `${name}Grad ${type} ${backend}`;
        bench.add(key, () => lib[`${name}Grad`](x, dy, { out }), { beforeAll: () => lib.setBackend(backend) });
        cases.push({ label: `${name}Grad`, type, backend, key });
      }
    }
  }
  if (ONLY !== 'grads') {
    for (const [what, shape, axis] of LAYOUTS) {
      const n = shape.reduce((a, b) => a * b, 1);
      const xs = x.subarray(0, n);
      const channels = shape.length === 1 ? 1 : shape.at(axis ?? 1);
      const slopes = input(channels, Type, 0, 0.5, 99);
      const o = { shape, ...(axis === undefined ? {} : { axis }), out: out.subarray(0, n) };
      for (const backend of ['wasm', 'js']) {
        const k1 = `prelu ${what} ${type} ${backend}`;
        bench.add(k1, () => lib.prelu(xs, slopes, o), { beforeAll: () => lib.setBackend(backend) });
        cases.push({ label: `prelu: ${what}`, type, backend, key: k1, n });
        const k2 = `preluGrad ${what} ${type} ${backend}`;
        bench.add(k2, () => lib.preluGrad(xs, dy.subarray(0, n), slopes, o), { beforeAll: () => lib.setBackend(backend) });
        cases.push({ label: `preluGrad: ${what}`, type, backend, key: k2, n });
      }
    }
  }
}
await bench.run();
lib.setBackend('auto');
const ns = new Map(bench.tasks.map((t) => [t.name, t.result.latency.p50 * 1e6]));
const copy = ns.get('copy') / N;
console.log(`n = ${N.toExponential(0)}: copy floor (Float32Array.prototype.set) ${copy.toFixed(3)} ns/elem`);
console.log('| function | type | wasm ns/elem | × copy floor | js ns/elem | wasm speedup over js |');
console.log('|---|---|---|---|---|---|');
const rows = new Map();
for (const c of cases) {
  const k = `${c.label} ${c.type}`;
  rows.set(k, { ...(rows.get(k) ?? {}), [c.backend]: ns.get(c.key) / (c.n ?? N), label: c.label, type: c.type });
}
for (const r of rows.values()) {
  console.log(`| ${r.label} | ${r.type} | ${r.wasm.toFixed(3)} | ${(r.wasm / copy).toFixed(1)} | ${r.js.toFixed(3)} | ${(r.js / r.wasm).toFixed(2)}× |`);
}
