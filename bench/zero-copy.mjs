// Zero-copy buffers against the copy floor, measured interleaved in one process: for relu, leakyRelu,
// step, relu6 and hardTanh (f32), ns/element of
//   in→out     fn(a.array, { out: b.array }) on two buffers from allocate(), as bench/peers.mjs's
//              "ours zero-copy" row does (the input already in wasm memory)
//   in place   fn(c.array, { out: c.array }); c is refilled from x, untimed, before every sample
//              (leakyRelu in place would otherwise walk its negatives down into subnormals)
// beside the copy floor floorOut.set(x) (Float32Array.prototype.set, JS heap to JS heap, as in
// bench/peers.mjs), and two more copies for reference: the same copy into a fresh array each
// sample (fresh `out`), and b.array.set(a.array) (wasm memory to wasm memory, the buffers in→out uses).
//
// Every case takes one sample per round, in an order rotated each round, so that drift in the
// machine's speed spreads over all of them. A sample is the mean of `calls` back-to-back calls after
// `warm` untimed ones, so that each case runs with its own buffers in cache (as tinybench's
// back-to-back calls in bench/peers.mjs do) rather than paying for the previous case's evictions. Reported: the median ns/element of each case, and the
// ratio to the floor as the median of the per-round ratios (each against the floor sample of the
// same round) — the figure docs/benchmarks.md quotes.
//
//   npm run build && node bench/zero-copy.mjs [--n 1e6] [--rounds 300] [--calls 4] [--warm 2] [--lib dist/index.js,other/index.js]

import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { makeInput } from './input.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '1e6' },
    rounds: { type: 'string', default: '300' },
    calls: { type: 'string', default: '4' },
    warm: { type: 'string', default: '2' },
    lib: { type: 'string', default: path.join(here, '..', 'dist', 'index.js') },
    fns: { type: 'string', default: 'relu,leakyRelu,step,relu6,hardTanh' },
    'no-inplace': { type: 'boolean', default: false },
  },
});
const N = Number(args.n);
const ROUNDS = Number(args.rounds);
const CALLS = Number(args.calls);
const WARM = Number(args.warm);
const FNS = args.fns.split(',');

const x = makeInput(N);
const floorOut = new Float32Array(N);
const cases = [];
cases.push({ name: 'copy floor out.set(x)', floor: true, run: () => floorOut.set(x) });
let fresh;
cases.push({
  name: 'copy, fresh out each sample',
  before: () => {
    fresh = new Float32Array(N);
  },
  run: () => fresh.set(x),
});

const libs = [];
for (const [li, p] of args.lib.split(',').entries()) {
  const lib = await import(pathToFileURL(path.resolve(p)).href);
  await lib.init?.();
  await lib.setBackend?.('wasm');
  const tag = args.lib.includes(',') ? `[${li}] ` : '';
  const a = lib.allocate(N, Float32Array);
  const b = lib.allocate(N, Float32Array);
  const c = lib.allocate(N, Float32Array);
  a.array.set(x);
  libs.push({ lib, a, b, c });
  if (li === 0) cases.push({ name: 'copy wasm→wasm b.array.set(a.array)', run: () => b.array.set(a.array) });
  for (const fn of FNS) {
    const f = lib[fn];
    const outOpts = { out: undefined };
    cases.push({
      name: `${tag}${fn} in→out`,
      run: () => {
        outOpts.out = b.array;
        f(a.array, outOpts);
      },
    });
    if (!args['no-inplace']) {
      const inOpts = { out: undefined };
      cases.push({
        name: `${tag}${fn} in place`,
        before: () => c.array.set(x),
        run: () => {
          const v = c.array;
          inOpts.out = v;
          f(v, inOpts);
        },
      });
    }
  }
}

// Warm up: every case through V8's tiers.
for (let i = 0; i < 30; i++) for (const c of cases) {
  c.before?.();
  c.run();
}

const samples = cases.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (let j = 0; j < cases.length; j++) {
    const k = (j + r) % cases.length;
    const c = cases[k];
    c.before?.();
    for (let i = 0; i < WARM; i++) c.run();
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) c.run();
    samples[k].push(((performance.now() - t0) * 1e6) / (CALLS * N));
  }
}

const median = (v) => {
  const s = [...v].sort((p, q) => p - q);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const floorSamples = samples[0];
console.log(`n = ${N}, ${ROUNDS} rounds of ${WARM} untimed + ${CALLS} timed calls per case, Node ${process.version}`);
console.log(`${'case'.padEnd(40)} ${'ns/elem'.padStart(8)} ${'p25'.padStart(7)} ${'p75'.padStart(7)}  × floor`);
for (const [k, c] of cases.entries()) {
  const s = [...samples[k]].sort((p, q) => p - q);
  const ratio = median(samples[k].map((v, r) => v / floorSamples[r]));
  const q = (f) => s[Math.floor(f * (s.length - 1))].toFixed(4);
  console.log(`${c.name.padEnd(40)} ${median(s).toFixed(4).padStart(8)} ${q(0.25).padStart(7)} ${q(0.75).padStart(7)}  ${ratio.toFixed(3)}`);
}
