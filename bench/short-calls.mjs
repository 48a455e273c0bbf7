// What "one answer per input" costs short arrays: automatic choice runs every kernel whose js twin is
// not bit-identical to wasm (those without a jsBelow crossover in their description) on wasm at every
// length, where js would be faster for short arrays. Prints, per kernel, element type and length,
// ns per call on pinned js and pinned wasm (interleaved rounds: js, wasm, js, wasm …, best of each)
// and their ratio: what such a call costs against js.
//   node bench/short-calls.mjs [--only sigmoid,gelu] [--lengths 1,8,32]

import * as lib from '../dist/index.js';

const args = process.argv.slice(2);
const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1].split(',') : undefined);
const ONLY = opt('--only');
const LENGTHS = (opt('--lengths') ?? ['1', '2', '4', '8', '16', '32', '64']).map(Number);

/** The kernels that may run on js for short arrays: those whose description has a crossover. */
const SAME_BITS = new Set(lib.ACTIVATIONS.flatMap((s) => [...(s.jsBelow ? [s.kernel] : []), ...(s.grad?.jsBelow ? [s.grad.kernel] : [])]));

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
console.log('kernel'.padEnd(20) + 'type  ' + LENGTHS.map((n) => `n=${n}`.padStart(16)).join(''));
const ratios = [];
for (const T of [Float32Array, Float64Array]) {
  for (const spec of lib.ACTIVATIONS) {
    if (ONLY && !ONLY.includes(spec.name)) continue;
    if (spec.kind !== 'elementwise' && spec.kind !== 'axis') continue;
    const cases = [{ kernel: spec.kernel, call: (x, out) => lib[spec.name](x, { out }) }];
    if (spec.grad) cases.push({ kernel: spec.grad.kernel, call: (x, out) => lib[`${spec.name}Grad`](x, x, { out }) });
    for (const { kernel, call } of cases) {
      if (SAME_BITS.has(kernel)) continue;
      const cells = [];
      for (const n of LENGTHS) {
        const x = new T(n).map((_, i) => ((i * 7919) % 1000) / 125 - 4);
        const out = new T(n);
        const [j, w] = interleaved(() => call(x, out));
        ratios.push(w / j);
        cells.push(`${j.toFixed(0)}/${w.toFixed(0)} ${(w / j).toFixed(2)}x`.padStart(16));
      }
      console.log(`${kernel.padEnd(20)}${T === Float32Array ? 'f32' : 'f64'}   ${cells.join('')}`);
    }
  }
}
ratios.sort((a, b) => a - b);
const q = (p) => ratios[Math.min(ratios.length - 1, Math.floor(p * ratios.length))].toFixed(2);
console.log(`\n${ratios.length} (kernel, type, length) cells: wasm/js median ${q(0.5)}x, 90th percentile ${q(0.9)}x, max ${q(1)}x`);
lib.setBackend('auto');
