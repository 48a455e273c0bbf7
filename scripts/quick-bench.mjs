// Development aid: median ns/element of a few functions on 1e6 elements in [-8, 8], wasm backend,
// beside the copy floor measured in the same process.   node scripts/quick-bench.mjs silu,elu [f64] [grad]
import * as lib from '../dist/index.js';
const names = process.argv[2].split(',');
const T = process.argv.includes('f64') ? Float64Array : Float32Array;
const grad = process.argv.includes('grad');
const n = 1e6;
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
// bench/run.mjs's inputs (uniform in [-8, 8]), or with 'normal' standard normal ones (typical activations).
const x = process.argv.includes('normal')
  ? new T(n).map(() => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()))
  : new T(n).map(() => rnd() * 16 - 8);
const dy = new T(n).fill(1.25);
const out = new T(n);
lib.setBackend(process.argv.includes('js') ? 'js' : 'wasm');
// Interleaved: every round times each function once, so that load from other processes hits all alike.
const c32 = new Float32Array(n), o32 = new Float32Array(n);
const cases = [['copy', () => out.set(x)], ['copy(f32)', () => o32.set(c32)]];
if (process.argv.includes('nocopy')) cases.length = 0, cases.push(['sigmoid', () => lib.sigmoid(x, { out })], ['sigmoid', () => lib.sigmoid(x, { out })]);
for (const name of names) {
  const fn = grad ? () => lib[`${name}Grad`](x, dy, { out }) : () => lib[name](x, { out });
  cases.push([`${name}${grad ? 'Grad' : ''}`, fn]);
}
// The machine is shared (other processes preempt ours for milliseconds): the minimum over 100 rounds.
const med = cases.map(() => Infinity);
for (let b = 0; b < 5; b++) {
  const ts = cases.map(() => []);
  for (let r = 0; r < 20; r++) {
    cases.forEach(([, f], k) => {
      const t0 = process.hrtime.bigint();
      f();
      ts[k].push(Number(process.hrtime.bigint() - t0) / n);
    });
  }
  ts.forEach((t, k) => (med[k] = Math.min(med[k], ...t)));
}
const copy32 = med[1];
console.log(cases.map(([name], k) => `${name} ${med[k].toFixed(3)}${k > 1 ? ` (${(med[k] / copy32).toFixed(1)}x)` : ''}`).join(' | '));
