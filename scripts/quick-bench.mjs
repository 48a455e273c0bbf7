// Development aid: ns/element of a few functions on 1e6 elements, beside the copy floor, all timed
// interleaved in one process (each round times every case once) and reported as the minimum over 100
// rounds: on a shared machine, other processes preempt ours for milliseconds at a time, which a median
// of few rounds does not filter out. Run with --no-liftoff: wasm tiers up to TurboFan in the
// background, and on a loaded machine that can take long enough to time the baseline code instead.
//
//   node --no-liftoff scripts/quick-bench.mjs silu,elu [f64] [grad] [js] [normal]
//     f64     Float64Array (default Float32Array)
//     grad    the derivatives (dy = 1.25)
//     js      the js backend (default wasm)
//     normal  standard normal inputs (default: uniform in [-8, 8], as bench/run.mjs)
import * as lib from '../dist/index.js';

const names = process.argv[2].split(',');
const T = process.argv.includes('f64') ? Float64Array : Float32Array;
const grad = process.argv.includes('grad');
const n = 1e6;
let seed = 12345;
const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
const x = process.argv.includes('normal')
  ? new T(n).map(() => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd()))
  : new T(n).map(() => rnd() * 16 - 8);
const dy = new T(n).fill(1.25);
const out = new T(n);
lib.setBackend(process.argv.includes('js') ? 'js' : 'wasm');

const c32 = new Float32Array(n);
const o32 = new Float32Array(n);
const cases = [
  ['copy', () => out.set(x)],
  ['copy(f32)', () => o32.set(c32)],
];
for (const name of names) {
  const fn = grad ? () => lib[`${name}Grad`](x, dy, { out }) : () => lib[name](x, { out });
  cases.push([`${name}${grad ? 'Grad' : ''}`, fn]);
}
const best = cases.map(() => Infinity);
for (let r = 0; r < 100; r++) {
  cases.forEach(([, f], k) => {
    const t0 = process.hrtime.bigint();
    f();
    best[k] = Math.min(best[k], Number(process.hrtime.bigint() - t0) / n);
  });
}
const copy32 = best[1];
console.log(cases.map(([name], k) => `${name} ${best[k].toFixed(3)}${k > 1 ? ` (${(best[k] / copy32).toFixed(1)}x f32 copy)` : ''}`).join(' | '));
