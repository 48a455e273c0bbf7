// Measures, per kernel and element type, the array length below which the js backend beats wasm (the
// wasm call's fixed cost: copies, the call), and prints each as a description's `jsBelow` (src/ops/).
// Automatic choice uses it only where the description has one: where the js twin gives the kernel's
// bits (test/one-answer.test.ts); for every other kernel, and for the axis functions' short lines,
// the figures say what running on wasm at every length costs short arrays (docs/one-answer.md).
//   node bench/crossover.mjs [--only sigmoid,relu]
// Each length is timed on both pinned backends, alternating, taking the best of several rounds.

import * as lib from '../dist/index.js';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const ONLY = onlyAt >= 0 ? args[onlyAt + 1].split(',') : undefined;
const LENGTHS = [1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 1024];

/** Best of 5 rounds of `reps` calls (after reps / 7 warm-up calls), in ns per call. */
function time(f, reps = 2000) {
  for (let i = 0; i < Math.ceil(reps / 7); i++) f();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < reps; i++) f();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / reps);
  }
  return best;
}

const rows = [];
for (const T of [Float32Array, Float64Array]) {
for (const spec of lib.ACTIVATIONS) {
  if (ONLY && !ONLY.includes(spec.name)) continue;
  const cases = [{ kernel: spec.kernel, call: (x, out) => lib[spec.name](x, { out }) }];
  if (spec.grad && spec.kind === 'elementwise') {
    cases.push({ kernel: spec.grad.kernel, call: (x, out) => lib[`${spec.name}Grad`](x, x, { out }) });
  }
  if (spec.kind === 'channel') {
    // prelu with 4 channels (n of them for n < 4) along axis 1 of [1, c, n / c]: the slope-pattern path.
    const channel = (x, out) => {
      const c = Math.min(4, x.length);
      return { slopes: new x.constructor(c).fill(0.25), options: { shape: [1, c, x.length / c], out } };
    };
    cases[0].call = (x, out) => { const { slopes, options } = channel(x, out); lib[spec.name](x, slopes, options); };
    cases.push({ kernel: spec.grad.kernel, call: (x, out) => { const { slopes, options } = channel(x, out); lib[`${spec.name}Grad`](x, x, slopes, options); } });
  } else if (spec.kind !== 'elementwise' && spec.kind !== 'axis') continue;
  for (const { kernel, call } of cases) {
    // The crossover is the smallest length from which wasm is at least as fast at every longer length
    // tested: one noisy sample cannot pull it down.
    const wasmWins = LENGTHS.map((n) => {
      const x = new T(n).map((_, i) => ((i * 7919) % 1000) / 125 - 4);
      const out = new T(n);
      let w = Infinity, j = Infinity;
      for (let round = 0; round < 2; round++) {
        lib.setBackend('wasm');
        w = Math.min(w, time(() => call(x, out)));
        lib.setBackend('js');
        j = Math.min(j, time(() => call(x, out)));
      }
      return w <= j;
    });
    let from = LENGTHS.length;
    while (from > 0 && wasmWins[from - 1]) from--;
    const crossover = from < LENGTHS.length ? LENGTHS[from] : LENGTHS.at(-1) * 2;
    rows.push([T, kernel, crossover]);
    console.error(`${kernel} ${T.name}: wasm is as fast as js from n = ${crossover}`);
  }
}
}
// Axis functions on many short lines. Along a strided axis (not the last: inner > 1) the wasm backend
// gathers blocks of columns through the scratch region, which costs most when the columns are few;
// contiguous rows cost a kernel call's fixed work per row. For each, the smallest number of columns
// (strided: shape [len, inner], axis 0) or row length (rows: shape [rows, len]) from which wasm is at
// least as fast for every count tested (10, 100, 1000) and every larger size.
const INNERS = [2, 4, 8, 16, 32, 64, 128, 256];
const ROW_LENS = [2, 3, 4, 6, 8, 12, 16, 24, 32];
const lines = { strided: [], rows: [] };
for (const T of [Float32Array, Float64Array]) {
  for (const spec of lib.ACTIVATIONS) {
    if (spec.kind !== 'axis' || (ONLY && !ONLY.includes(spec.name))) continue;
    for (const [kernel, grad] of [[spec.kernel, false], [spec.grad.kernel, true]]) {
      for (const [layout, sizes, shapeOf] of [
        ['strided', INNERS, (count, k) => ({ shape: [count, k], axis: 0 })],
        ['rows', ROW_LENS, (count, k) => ({ shape: [count, k] })],
      ]) {
        const wins = sizes.map((k) =>
          [10, 100, 1000].every((count) => {
            const n = count * k;
            const x = new T(n).map((_, i) => ((i * 7919) % 1000) / 125 - 4);
            const y = grad ? lib[spec.name](x, shapeOf(count, k)) : x;
            const o = { ...shapeOf(count, k), out: new T(n) };
            const call = grad ? () => lib[`${spec.name}Grad`](y, x, o) : () => lib[spec.name](x, o);
            const reps = Math.max(4, Math.round(4e5 / n));
            let w = Infinity, j = Infinity;
            for (let round = 0; round < 2; round++) {
              lib.setBackend('wasm');
              w = Math.min(w, time(call, reps));
              lib.setBackend('js');
              j = Math.min(j, time(call, reps));
            }
            return w <= j;
          }),
        );
        let from = sizes.length;
        while (from > 0 && wins[from - 1]) from--;
        const crossover = from < sizes.length ? sizes[from] : sizes.at(-1) * 2;
        lines[layout].push([T, kernel, crossover]);
        console.error(`${kernel} ${T.name}, ${layout}: wasm is as fast as js from ${crossover} ${layout === 'rows' ? 'elements per row' : 'columns'}`);
      }
    }
  }
}
lib.setBackend('auto');
for (const [layout, what] of [['strided', 'columns'], ['rows', 'elements per row']]) {
  console.log(`axis functions, ${layout}: js is faster below (${what}):`);
  const by = new Map();
  for (const [T, k, n] of lines[layout]) by.set(k, { ...by.get(k), [T === Float32Array ? 'f32' : 'f64']: n });
  for (const [k, v] of by) console.log(`  ${k}: { f32: ${v.f32}, f64: ${v.f64} }`);
}
// A kernel shared by two functions (hardShrink and softShrink derivatives) keeps the larger length.
const table = new Map();
for (const [T, k, n] of rows) {
  const t = T === Float32Array ? 'f32' : 'f64';
  const v = table.get(k) ?? {};
  v[t] = Math.max(n, v[t] ?? 0);
  table.set(k, v);
}
console.log('elementwise and channel kernels (a description\'s jsBelow, used where the js twin gives the kernel\'s bits):');
for (const [k, v] of table) console.log(`  ${k}: jsBelow: { f32: ${v.f32}, f64: ${v.f64} },`);
