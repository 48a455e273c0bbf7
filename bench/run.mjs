// The main benchmark: every activation × sizes × element type × backend, beside the copy floor
// (Float32Array.prototype.set of the same size) measured in the same run. Prints million elements
// per second, the time as a multiple of the copy floor's, and the speedup of wasm over js.
//
//   npm run bench -- --full            (builds first)
//   node bench/run.mjs --sizes 1e6 --only sigmoid,softmax --types f32 --time 200
//
// Writes bench/out/bench.json (git-ignored); with --save, bench/results/bench.json (committed).
//
// Where the runtime has relaxed SIMD (Node 22+; Node 20 with --experimental-wasm-relaxed-simd), the
// wasm column is the relaxed-SIMD kernels' for the f32 exp-based functions, and a last table compares
// them with the plain ones (bench/relaxed.mjs does the same in Chromium).
//
// Figures are medians of tinybench samples; this machine is shared and noisy, so read the ratios
// (measured seconds apart in one process), not the absolute figures.

import os from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Bench } from 'tinybench';
import * as lib from '../dist/index.js';
import { resultsDir } from './out.mjs';
import { formatRelaxed, relaxedVsPlain } from './relaxed-core.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SIZES = opt('sizes', '1e3,1e5,1e6').split(',').map(Number);
const ONLY = opt('only', '') ? opt('only').split(',') : undefined;
const TYPES = opt('types', 'f32,f64').split(',');
const TIME = Number(opt('time', '120'));
const SOFTMAX_ROW = 1000;

/** Inputs in [-8, 8] (where every activation does real work: no saturation shortcut), fixed seed. */
function input(n, Type) {
  let s = 12345;
  const a = new Type(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = (s / 4294967296) * 16 - 8;
  }
  return a;
}

/** Per-channel slopes for prelu-like functions: 100 channels (the bench's shape is [n/100, 100]). */
const slopes = (Type) => new Type(100).map((_, i) => 0.01 + i / 1000);

/** Options per call: rows of 1000 for the axis functions. */
function callOptions(spec, n) {
  return spec.kind === 'axis' ? { shape: [n / SOFTMAX_ROW, SOFTMAX_ROW] } : {};
}

const ns = (task) => task.result.latency.p50 * 1e6; // ms → ns, median of the samples

async function measure(n) {
  // A long warmup: V8 tiers wasm up from Liftoff to TurboFan while it runs, and the table is about
  // steady-state code, not the first calls.
  const bench = new Bench({ time: TIME, warmupTime: 150, warmupIterations: 10 });
  const x32 = input(n, Float32Array);
  const out32 = new Float32Array(n);
  bench.add('copy', () => out32.set(x32), { async: false });
  // A plain loop, the bar the js backend must clear.
  bench.add('plain sigmoid loop', () => {
    for (let i = 0; i < n; i++) out32[i] = 1 / (1 + Math.exp(-x32[i]));
  }, { async: false });
  const cases = [];
  for (const spec of lib.ACTIVATIONS) {
    if (spec.kind === 'axis' && n % SOFTMAX_ROW) continue;
    for (const type of TYPES) {
      const Type = type === 'f32' ? Float32Array : Float64Array;
      const x = input(n, Type);
      const dy = input(n, Type);
      const out = new Type(n);
      const o = { ...callOptions(spec, n), out };
      // Forward, and the derivative where there is one: (x, dy) elementwise, (y, dy) along an axis.
      const calls = [[spec.name, () => lib[spec.name](x, o)]];
      if (spec.kind === 'channel') calls[0][1] = () => lib[spec.name](x, slopes(Type), { shape: [n / 100, 100], out });
      if (spec.grad && typeof lib[`${spec.name}Grad`] === 'function' && spec.kind !== 'channel') {
        calls.push([`${spec.name}Grad`, () => lib[`${spec.name}Grad`](x, dy, o)]);
      }
      for (const [name, call] of calls) {
        if (ONLY && !ONLY.includes(name) && !ONLY.includes(spec.name)) continue;
        for (const backend of ['wasm', 'js']) {
          const key = `${name} ${type} ${backend}`;
          bench.add(key, call, { async: false, beforeAll: () => lib.setBackend(backend) });
          cases.push({ name, type, backend, key });
        }
      }
    }
  }
  // Progress on stderr: one line rewritten on a terminal, nothing extra in a log.
  let done = 0;
  if (process.stderr.isTTY) {
    bench.addEventListener('cycle', (e) => process.stderr.write(`\r\x1b[K  n = ${n.toExponential(0)}: ${++done}/${bench.tasks.length} ${e.task?.name ?? ''}`));
  }
  await bench.run();
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  lib.setBackend('auto');
  const byName = new Map(bench.tasks.map((t) => [t.name, ns(t)]));
  return { copy: byName.get('copy'), plain: byName.get('plain sigmoid loop'), cases: cases.map((c) => ({ ...c, ns: byName.get(c.key) })) };
}

const fmt = (v, d = 1) => (v >= 100 ? v.toFixed(0) : v.toFixed(d));
const results = { machine: `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} vCPUs, Node ${process.version}`, date: new Date().toISOString(), sizes: {} };
console.log(`wasm-activations benchmark: ${results.machine}\n`);
for (const [i, n] of SIZES.entries()) {
  if (!process.stderr.isTTY) process.stderr.write(`measuring n = ${n.toExponential(0)} (${i + 1} of ${SIZES.length})…\n`);
  const r = await measure(n);
  results.sizes[n] = r;
  const mps = (t) => fmt((n / t) * 1e3, 0); // elements per ns × 1e3 = Melem/s
  console.log(`n = ${n.toExponential(0)}: copy floor (Float32Array.prototype.set) ${(r.copy / n).toFixed(3)} ns/elem = ${mps(r.copy)} Melem/s; plain 1/(1+Math.exp(-x)) loop ${mps(r.plain)} Melem/s`);
  console.log('| function | type | wasm ns/elem | wasm Melem/s | × copy floor | js Melem/s | js × copy floor | wasm speedup over js |');
  console.log('|---|---|---|---|---|---|---|---|');
  const rows = new Map();
  for (const c of r.cases) {
    const k = `${c.name} ${c.type}`;
    rows.set(k, { ...(rows.get(k) ?? {}), [c.backend]: c.ns, name: c.name, type: c.type });
  }
  for (const row of rows.values()) {
    console.log(`| ${row.name} | ${row.type} | ${(row.wasm / n).toFixed(3)} | ${mps(row.wasm)} | ${fmt(row.wasm / r.copy)} | ${mps(row.js)} | ${fmt(row.js / r.copy)} | ${fmt(row.js / row.wasm, 2)}× |`);
  }
  console.log('');
}
results.relaxed = await relaxedVsPlain(lib);
console.log(results.relaxed.length ? formatRelaxed(results.relaxed, `Node ${process.version}`) : `relaxed SIMD: not in this runtime (Node ${process.version}); node --experimental-wasm-relaxed-simd bench/run.mjs, or node bench/relaxed.mjs for Chromium`);
const file = path.join(resultsDir(args.includes('--save')), 'bench.json');
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nwrote ${path.relative(process.cwd(), file)}`);
