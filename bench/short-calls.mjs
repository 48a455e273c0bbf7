// What "one answer per input" costs short arrays: automatic choice runs every kernel whose js twin is
// not bit-identical to wasm (src/backends/crossover.ts, SAME_BITS) on wasm at every length, where it
// used to switch to js below the measured crossover. Prints, per kernel, element type and length below
// its crossover, ns per call on pinned js and pinned wasm (interleaved rounds: js, wasm, js, wasm …,
// best of each) and their ratio: what such a call now costs against before.
//   node bench/short-calls.mjs [--only sigmoid,gelu] [--lengths 1,8,32]

import { readFileSync } from 'node:fs';
import * as lib from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1].split(',') : undefined);
const ONLY = opt('--only');
const LENGTHS = (opt('--lengths') ?? ['1', '2', '4', '8', '16', '32', '64']).map(Number);

// The measured crossovers and SAME_BITS, read from src/backends/crossover.ts (Node 20 cannot import .ts).
const src = readFileSync(new URL('../src/backends/crossover.ts', import.meta.url), 'utf8');
const table = (name) => Object.fromEntries([...src.match(new RegExp(`export const ${name}\\b[^{]*\\{([^}]*)\\}`))[1].matchAll(/(\w+): (\d+)/g)].map((m) => [m[1], Number(m[2])]));
const JS_BELOW_F32 = table('JS_BELOW_F32');
const JS_BELOW_F64 = table('JS_BELOW_F64');
const DEFAULT = Number(src.match(/export const DEFAULT = (\d+)/)[1]);
const SAME_BITS = new Set([...src.match(/export const SAME_BITS[^[]*\[([^\]]*)\]/)[1].matchAll(/'(\w+)'/g)].map((m) => m[1]));

/** Best ns per call of `call` on pinned js and on pinned wasm, rounds alternating: [js, wasm]. */
function interleaved(call, reps = 1500, rounds = 7) {
  const best = { js: Infinity, wasm: Infinity };
  for (let r = -1; r < rounds; r++) {
    for (const b of ['js', 'wasm']) {
      lib.setBackend(b);
      const t = process.hrtime.bigint();
      for (let i = 0; i < reps; i++) call();
      if (r >= 0) best[b] = Math.min(best[b], Number(process.hrtime.bigint() - t) / reps); // round −1 warms up
    }
  }
  return [best.js, best.wasm];
}

console.log(`node ${process.version}; ns per call, best of 7 interleaved rounds; wasm/js = what automatic choice now costs a call of that length`);
console.log('kernel'.padEnd(20) + 'type  crossover  ' + LENGTHS.map((n) => `n=${n}`.padStart(16)).join(''));
const ratios = [];
for (const T of [Float32Array, Float64Array]) {
  const below = T === Float32Array ? JS_BELOW_F32 : JS_BELOW_F64;
  for (const spec of lib.ACTIVATIONS) {
    if (ONLY && !ONLY.includes(spec.name)) continue;
    if (spec.kind !== 'elementwise' && spec.kind !== 'axis') continue;
    const cases = [{ kernel: spec.kernel, call: (x, out) => lib[spec.name](x, { out }) }];
    if (spec.grad) cases.push({ kernel: spec.grad.kernel, call: (x, out) => lib[`${spec.name}Grad`](x, x, { out }) });
    for (const { kernel, call } of cases) {
      if (SAME_BITS.has(kernel)) continue;
      const crossover = below[kernel] ?? DEFAULT;
      const cells = [];
      for (const n of LENGTHS) {
        if (n >= crossover) {
          cells.push(''.padStart(16));
          continue;
        }
        const x = new T(n).map((_, i) => ((i * 7919) % 1000) / 125 - 4);
        const out = new T(n);
        const [j, w] = interleaved(() => call(x, out));
        ratios.push(w / j);
        cells.push(`${j.toFixed(0)}/${w.toFixed(0)} ${(w / j).toFixed(2)}x`.padStart(16));
      }
      console.log(`${kernel.padEnd(20)}${T === Float32Array ? 'f32' : 'f64'}   ${String(crossover).padStart(9)}  ${cells.join('')}`);
    }
  }
}
ratios.sort((a, b) => a - b);
const q = (p) => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))].toFixed(2);
console.log(`\n${ratios.length} (kernel, type, length) cells below their crossover: wasm/js median ${q(0.5)}x, 90th percentile ${q(0.9)}x, max ${q(1)}x`);
lib.setBackend('auto');
