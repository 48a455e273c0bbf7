// The raw f32 kernels on Node 20, 22, 24 and 26 (and Bun, where installed), for a machine that is not
// quiet: each runtime's processes take turns (round by round), and each figure is the best over every
// round of 40-call batches, so that other load can only lengthen a sample, never shorten it. The
// exports are called directly on data in the module's memory (n = 16384, in cache: the kernels'
// compute, not the memory), plain SIMD and the relaxed side module, with the same build on every
// runtime. These are build/activations.wasm and build/activations-relaxed.wasm; what ships is the
// relaxed-SIMD build split per activation, its plain module made by unfusing
// (src/backends/unfuse.ts), which runs at these modules' speed (docs/deployment.md, "Size").
//
//   node bench/kernels-min.mjs [--rounds 3] [--only sigmoid,tanh] [--build build] [--no-bun]
//
// Last columns: Node 24's and Node 26's time over Node 22's (plain / relaxed). bench/runtimes.mjs is
// the full table, through the package's API, with Chromium, Firefox, Bun and Deno; it needs a quiet
// machine.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, nodeBinary } from '../scripts/runtimes.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** [label, export, kind, parameters]: kind 'map' (src, dst, n, …), 'grad' (x, dy, dst, n, …), 'rows' (src, dst, rows, len). */
const KERNELS = [
  ['sigmoid', 'sigmoid_f32', 'map', []],
  ['sigmoidGrad', 'sigmoid_grad_f32', 'grad', []],
  ['tanh', 'tanh_f32', 'map', []],
  ['tanhGrad', 'tanh_grad_f32', 'grad', []],
  ['elu', 'elu_f32', 'map', [1]],
  ['eluGrad', 'elu_grad_f32', 'grad', [1]],
  ['selu', 'selu_f32', 'map', []],
  ['seluGrad', 'selu_grad_f32', 'grad', []],
  ['celu', 'celu_f32', 'map', [1]],
  ['celuGrad', 'celu_grad_f32', 'grad', [1]],
  ['silu', 'silu_f32', 'map', []],
  ['siluGrad', 'silu_grad_f32', 'grad', []],
  ['softplus', 'softplus_f32', 'map', [1, 20]],
  ['softplusGrad', 'softplus_grad_f32', 'grad', [1, 20]],
  ['mish', 'mish_f32', 'map', []],
  ['mishGrad', 'mish_grad_f32', 'grad', []],
  ['logSigmoid', 'log_sigmoid_f32', 'map', []],
  ['logSigmoidGrad', 'log_sigmoid_grad_f32', 'grad', []],
  ['gelu', 'gelu_f32', 'map', [0]],
  ['geluGrad', 'gelu_grad_f32', 'grad', [0]],
  ['gelu (tanh)', 'gelu_f32', 'map', [1]],
  ['geluGrad (tanh)', 'gelu_grad_f32', 'grad', [1]],
  ['softmax, rows of 1024', 'softmax_rows_f32', 'rows', []],
  ['logSoftmax, rows of 1024', 'log_softmax_rows_f32', 'rows', []],
];

async function child(build, only) {
  const { instance } = await WebAssembly.instantiate(readFileSync(path.join(build, 'activations.wasm')), { env: { abort() {}, seed: () => 1 } });
  const ex = instance.exports;
  const n = 1 << 14;
  const base = ex.heap_base();
  const need = base + 12 * n + 64;
  if (ex.memory.buffer.byteLength < need) ex.memory.grow(Math.ceil((need - ex.memory.buffer.byteLength) / 65536));
  let rx = null;
  try {
    rx = (await WebAssembly.instantiate(readFileSync(path.join(build, 'activations-relaxed.wasm')), { env: { memory: ex.memory, abort() {}, seed: () => 1 } })).instance.exports;
  } catch {
    // no relaxed SIMD on this runtime: plain only
  }
  const x = new Float32Array(ex.memory.buffer, base, n);
  for (let i = 0; i < n; i++) x[i] = (i / n) * 16 - 8; // [-8, 8): every regime of every kernel
  new Float32Array(ex.memory.buffer, base + 4 * n, n).fill(1);
  const call = (fn, kind, p) =>
    kind === 'grad' ? fn(base, base + 4 * n, base + 8 * n, n, ...p) : kind === 'rows' ? fn(base, base + 8 * n, n / 1024, 1024) : fn(base, base + 8 * n, n, ...p);
  const batch = (fn, kind, p) => {
    const t = performance.now();
    for (let k = 0; k < 40; k++) call(fn, kind, p);
    return ((performance.now() - t) / 40 / n) * 1e6;
  };
  const out = {};
  for (const [label, name, kind, p] of KERNELS) {
    if (only && !only.includes(label)) continue;
    const fns = [ex[name], rx?.[name]];
    const best = fns.map((fn) => {
      if (!fn) return null;
      for (let w = 0; w < 20; w++) batch(fn, kind, p);
      return Infinity;
    });
    for (let r = 0; r < 30; r++) fns.forEach((fn, i) => fn && (best[i] = Math.min(best[i], batch(fn, kind, p))));
    out[label] = best;
  }
  process.stdout.write(JSON.stringify({ node: process.version, v8: process.versions.v8, bun: process.versions.bun, out }));
}

function main() {
  const args = process.argv.slice(2);
  const opt = (name, dflt) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : dflt);
  const rounds = Number(opt('rounds', '3'));
  const only = opt('only', '');
  const build = path.resolve(REPO, opt('build', 'build'));
  const nodes = [['20', process.execPath]];
  for (const major of ['22', '24', '26']) {
    const bin = nodeBinary(major);
    if (existsSync(bin)) nodes.push([major, bin]);
    else console.log(`Node ${major} is not installed here (node scripts/runtimes.mjs): left out`);
  }
  // JavaScriptCore (Bun), where installed: its compiler reacts to the loop order quite unlike V8's
  // (docs/kernels.md, "Critical-path order"), so a change of order is checked there too.
  if (!args.includes('--no-bun')) {
    const bun = engines().find((e) => e.name === 'bun');
    if (bun) nodes.push(['bun', bun.bin]);
    else console.log('Bun is not installed here (node scripts/runtimes.mjs --engines): left out');
  }
  const best = {};
  const versions = {};
  for (let r = 0; r < rounds; r++) {
    for (const [major, bin] of nodes) {
      const name = major === 'bun' ? 'Bun' : `Node ${major}`;
      process.stderr.write(`\r  round ${r + 1}/${rounds}: ${name}   `);
      const res = spawnSync(bin, [fileURLToPath(import.meta.url), '--child', build, only], { encoding: 'utf8', maxBuffer: 1 << 24 });
      if (res.status !== 0) throw new Error(`${name}: ${res.stderr}`);
      const { node, v8, bun: bunVersion, out } = JSON.parse(res.stdout);
      versions[major] = bunVersion ? `Bun ${bunVersion} (JavaScriptCore)` : `Node ${node.slice(1)} (V8 ${v8.split('.').slice(0, 2).join('.')})`;
      for (const [label, v] of Object.entries(out)) {
        best[label] ??= {};
        best[label][major] = (best[label][major] ?? v).map((t, i) => (t === null ? null : Math.min(t, v[i])));
      }
    }
  }
  process.stderr.write('\n');
  const majors = nodes.map(([m]) => m);
  const cell = (v) => v.map((t) => (t === null ? '–' : t.toFixed(3))).join(' / ');
  const ratio = (a, b) => a.map((t, i) => (t === null || b[i] === null ? '–' : (t / b[i]).toFixed(2))).join(' / ');
  const ratios = ['24', '26'].filter((m) => majors.includes(m) && majors.includes('22'));
  console.log(`raw f32 kernels, ns/element at n = 16384 in cache, plain / relaxed SIMD; best of ${rounds} rounds × 30 batches of 40 calls\n`);
  console.log(`| kernel | ${majors.map((m) => versions[m]).join(' | ')} | ${ratios.map((m) => `Node ${m} ÷ Node 22`).join(' | ')} |`);
  console.log(`|---|${majors.map(() => '---|').join('')}${ratios.map(() => '---|').join('')}`);
  for (const [label, b] of Object.entries(best)) {
    console.log(`| ${label} | ${majors.map((m) => cell(b[m])).join(' | ')} | ${ratios.map((m) => ratio(b[m], b['22'])).join(' | ')} |`);
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4] ? process.argv[4].split(',') : null);
else main();
