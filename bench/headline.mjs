// The headline comparison, what `npm run bench` runs (about a minute): the seed's six functions and
// gelu on 1e6 float32 elements, ours against @tensorflow/tfjs-backend-wasm, onnxruntime-web, a plain
// JS loop and the copy floor, with each one's max error in ULP on the same inputs, and the runtime
// named. It reuses bench/peers.mjs's rows, budgets and checks (bench/peers/); `npm run bench --
// --full` runs the full table (bench/run.mjs) and `npm run bench:peers` the full peer comparison.
//
//   npm run bench                      build, then this
//   node bench/headline.mjs [--save] [--quick]
//
// Writes bench/out/headline.{json,md} (git-ignored), or with --save bench/results/ (committed).
// Timings are tinybench medians; the two ratios (ours against the fastest peer, zero-copy against the
// copy floor) are measured interleaved (pairedRatio: the median of per-round ratios), which is what
// to read on a shared, noisy machine.

import os from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { AXIS_REFERENCE, REFERENCE } from '../test/reference/f64.mjs';
import { ulp32 } from '../test/support/ulp.mjs';
import { makeInput } from './input.mjs';
import { resultsDir } from './out.mjs';
import { CATALOGUE, ROW, inputDims, oursOptions } from './peers/catalogue.mjs';
import { nodeEnv } from './peers/env-node.mjs';
import { initOrt, ortRows } from './peers/ort.mjs';
import { loadOurs, oursRows } from './peers/ours.mjs';
import { plainRows } from './peers/plain.mjs';
import { measureError } from './peers/reference.mjs';
import { initTfjs, tfjsRows } from './peers/tfjs.mjs';
import { pairedRatio, timeRow, warmUp } from './peers/timing.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  options: {
    full: { type: 'boolean', default: false }, // handled by bench/main.mjs
    save: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
  },
});

const N = 1e6;
const FNS = ['step', 'sigmoid', 'tanh', 'relu', 'leakyRelu', 'softmax', 'gelu'];
const IMPLS = ['ours', 'ours (out)', 'ours zero-copy', 'plain JS', 'tfjs e2e', 'ort e2e'];
const PEERS = ['tfjs e2e', 'ort e2e'];
const LABEL = { ours: 'ours fn(x)', 'ours (out)': 'ours, out', 'ours zero-copy': 'zero-copy', 'plain JS': 'plain JS', 'tfjs e2e': 'tfjs e2e', 'ort e2e': 'ort e2e' };

const entries = FNS.map((key) => CATALOGUE.find((e) => e.key === key));

// ---- progress: one line rewritten in place on a terminal, a line per function otherwise ----
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
let step = 0;
let steps = 0;
function progress(what) {
  step++;
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K  [${String(step).padStart(2)}/${steps}] ${what}  (${elapsed()})`);
}
function progressDone(what) {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  else process.stderr.write(`  ${what} (${elapsed()})\n`);
}

// ---- setup ----
const ours = await loadOurs(nodeEnv, path.join(here, '..', 'dist', 'index.js'));
const tfjs = await initTfjs(nodeEnv);
const ort = await initOrt(nodeEnv);
const { lib } = ours;

const runtime = `Node ${process.version} (V8 ${process.versions.v8})`;
const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
const machine = { runtime, node: process.version, v8: process.versions.v8, platform: `${os.platform()} ${os.arch()}`, cpu, cores: os.cpus().length, loadavgAtStart: +os.loadavg()[0].toFixed(2), date: new Date().toISOString() };
console.log(`wasm-activations ${ours.info.version}: headline benchmark, n = 1e6 float32, inputs uniform in [-8, 8), softmax along rows of ${ROW}`);
console.log(`runtime: ${runtime}, ${machine.platform}; ${cpu}, ${machine.cores} cores, load average ${machine.loadavgAtStart}`);
console.log(`ours: wasm SIMD, relaxed SIMD ${ours.info.relaxedSimd ? 'on' : 'off'}; peers: @tensorflow/tfjs-backend-wasm ${tfjs.info.backendWasm} (SIMD ${tfjs.info.simd ? 'on' : 'off'}, ${tfjs.info.threads} thread), onnxruntime-web ${ort.info.version} (wasm, 1 thread)\n`);

const x = makeInput(N);
const floorOut = new Float32Array(N);
const floorRow = { impl: 'copy floor', run: () => floorOut.set(x) };

// Build every row first, so the progress line knows the total.
const plan = [];
for (const entry of entries) {
  const dims = inputDims(entry, N);
  const rows = oursRows(ours, entry, x, oursOptions(entry, N)).filter((r) => IMPLS.includes(r.impl));
  rows.push(...plainRows(entry, x));
  rows.push(...(await tfjsRows(tfjs, entry, x, dims)).rows.filter((r) => IMPLS.includes(r.impl)));
  rows.push(...(await ortRows(ort, entry, x, dims)).rows);
  rows.sort((a, b) => IMPLS.indexOf(a.impl) - IMPLS.indexOf(b.impl));
  plan.push({ entry, rows });
}
// A step per row, the copy floor, and the two interleaved ratios per function.
steps = plan.reduce((s, p) => s + p.rows.length + 2, 1);

// Warm each library's call path before anything is measured (see warmUp): on the first entry's rows.
const warm = makeInput(ROW);
for (const row of [...oursRows(ours, entries[0], warm, oursOptions(entries[0], ROW)), ...(await tfjsRows(tfjs, entries[0], warm, [ROW])).rows, ...(await ortRows(ort, entries[0], warm, [ROW])).rows]) {
  await row.setup?.();
  await warmUp(row, args.quick ? 50 : 300);
  await row.teardown?.();
}

// ---- measure ----
function reference(entry) {
  if (entry.kind === 'rows') {
    const y = new Float64Array(N);
    for (let r = 0; r < N; r += ROW) y.set(AXIS_REFERENCE[entry.fn](x.subarray(r, r + ROW)), r);
    return y;
  }
  const spec = lib.REGISTRY[entry.fn];
  // Parameters as the API uses them: rounded to float32, the options' index for a name list.
  const params = spec.params.map((p) => {
    const v = entry.options?.[p.name] ?? p.default;
    return Array.isArray(p.kind) ? p.kind.indexOf(v) : Math.fround(v);
  });
  const f = REFERENCE[entry.fn];
  return Float64Array.from(x, (v) => f(v, params));
}

function maxUlp(y, ref) {
  let worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const e = ulp32(y[i], Math.fround(ref[i]));
    if (e > worst) worst = e;
  }
  return worst;
}

progress('copy floor');
const floor = await timeRow(floorRow, N, nodeEnv.clock, args);
const results = [];
for (const { entry, rows } of plan) {
  const ref = reference(entry);
  const res = { fn: entry.key, bound: lib.REGISTRY[entry.fn].bound.f32.ulp, rows: {} };
  const byImpl = {};
  const later = []; // the peers' teardowns wait for the interleaved ratio below (ort's releases its session)
  for (const row of rows) {
    progress(`${entry.key} · ${row.impl}`);
    await row.setup?.();
    try {
      const y = Float32Array.from(await row.result());
      const check = measureError(y, ref, entry.relFloor);
      const t = await timeRow(row, N, nodeEnv.clock, args);
      res.rows[row.impl] = { nsPerElement: (t.msPerCall * 1e6) / N, maxUlp: maxUlp(y, ref), check: check.grade, ...(row.note && { note: row.note }) };
      byImpl[row.impl] = row;
      // The zero-copy row against the copy floor, interleaved, while its buffers exist.
      if (row.impl === 'ours zero-copy') {
        progress(`${entry.key} · zero-copy ÷ copy floor`);
        res.zeroCopyOverFloor = (await pairedRatio(row, floorRow, N, nodeEnv.clock, args)).ratio;
      }
    } finally {
      if (PEERS.includes(row.impl)) later.push(row);
      else await row.teardown?.();
    }
  }
  // Ours fn(x) against the fastest correct peer end to end, interleaved: peer time ÷ ours.
  const peer = PEERS.filter((p) => res.rows[p] && res.rows[p].check !== 'WRONG').sort((a, b) => res.rows[a].nsPerElement - res.rows[b].nsPerElement)[0];
  progress(`${entry.key} · ours vs ${peer ?? 'no peer'}`);
  if (peer) res.fastestPeer = { impl: peer, speedup: (await pairedRatio(byImpl[peer], byImpl.ours, N, nodeEnv.clock, args)).ratio };
  for (const row of later) await row.teardown?.();
  results.push(res);
  progressDone(`${entry.key} done`);
}
machine.loadavgAtEnd = +os.loadavg()[0].toFixed(2);

// ---- report ----
const num = (v) => (v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));
const ulpText = (r) => (r === undefined ? '—' : r.check === 'WRONG' ? `${r.maxUlp} (wrong)` : r.maxUlp >= 1e4 ? r.maxUlp.toExponential(0) : String(r.maxUlp));

function table(header, rows, right) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (right[i] ? String(c).padStart(widths[i]) : String(c).padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const speedHeader = ['function', ...IMPLS.map((i) => LABEL[i]), 'zero-copy ÷ copy', 'ours vs fastest peer'];
const speedRows = results.map((r) => [
  r.fn,
  ...IMPLS.map((i) => (r.rows[i] ? num(r.rows[i].nsPerElement) + (r.rows[i].check === 'WRONG' ? '!' : '') : '—')),
  r.zeroCopyOverFloor === undefined ? '—' : `${r.zeroCopyOverFloor.toFixed(2)}×`,
  r.fastestPeer ? `${r.fastestPeer.speedup.toFixed(2)}× ${r.fastestPeer.speedup >= 1 ? 'faster' : 'slower'} (${r.fastestPeer.impl})` : '—',
]);
console.log('ns per element, median (lower is faster)');
console.log(table(speedHeader, speedRows, speedHeader.map((_, i) => i > 0 && i <= IMPLS.length + 1)));
console.log(`copy floor out.set(x): ${num((floor.msPerCall * 1e6) / N)} ns/element (a Float32Array copy of the same size: the memory-bandwidth bound)\n`);

const ulpImpls = ['ours', 'plain JS', 'tfjs e2e', 'ort e2e'];
const ulpHeader = ['function', 'ours', 'bound', 'plain JS', 'tfjs', 'ort'];
const ulpRows = results.map((r) => [r.fn, ulpText(r.rows.ours), r.bound, ...ulpImpls.slice(1).map((i) => ulpText(r.rows[i]))]);
console.log('max error in ULP against the float64 result rounded to float32, on the same 1e6 inputs');
console.log(table(ulpHeader, ulpRows, ulpHeader.map((_, i) => i > 0)));
console.log(`(ours: the documented bound is enforced by the tests over the whole float32 range; tfjs step(0) = 0 where ours is 1, and the inputs hold no 0)\n`);

console.log(
  'ours fn(x) allocates its result; ours, out writes into a preallocated array; zero-copy runs on allocate() buffers already in wasm memory;\n' +
    'plain JS is a for loop into a new Float32Array (gelu with Numerical Recipes\' erfc); tfjs e2e is tf.tensor + op + dataSync; ort e2e is\n' +
    'session.run of a one-node model. "ours vs fastest peer" and "zero-copy ÷ copy" are interleaved ratios (median of 61 paired rounds);\n' +
    'the machine may be shared, so read ratios rather than absolute figures. tf.js core has no gelu.',
);

// Markdown for the README's performance section (scripts/docs.mjs copies bench/results/headline.md there).
const md = [
  `Measured by \`npm run bench\` on **${runtime}**, ${machine.platform}, ${cpu} (${machine.cores} cores), relaxed SIMD ${ours.info.relaxedSimd ? 'on' : 'off'}: n = 1e6 float32 elements (softmax along rows of ${ROW}), ns per element, lower is faster.`,
  '',
  '| function | ours `fn(x)` | zero-copy | plain JS | tf.js (wasm) | onnxruntime-web | ours vs fastest peer | max ULP: ours (bound) | tf.js / ort ULP |',
  '|---|---|---|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.fn} | ${num(r.rows.ours?.nsPerElement)} | ${num(r.rows['ours zero-copy']?.nsPerElement)} | ${num(r.rows['plain JS']?.nsPerElement)} | ${num(r.rows['tfjs e2e']?.nsPerElement)} | ${num(r.rows['ort e2e']?.nsPerElement)} | ${r.fastestPeer ? `${r.fastestPeer.speedup.toFixed(2)}× (${r.fastestPeer.impl.replace(' e2e', '')})` : '—'} | ${ulpText(r.rows.ours)} (${r.bound}) | ${ulpText(r.rows['tfjs e2e'])} / ${ulpText(r.rows['ort e2e'])} |`,
  ),
  '',
  `Copy floor (\`out.set(x)\`, the memory bandwidth): ${num((floor.msPerCall * 1e6) / N)} ns/element. "zero-copy": input and output in \`allocate()\` buffers. "plain JS": a \`for\` loop. tf.js and onnxruntime-web end to end: from a Float32Array to a Float32Array, one thread. "ours vs fastest peer": interleaved ratio, > 1 is faster.`,
].join('\n');

const dir = resultsDir(args.save);
const json = {
  machine,
  versions: { ours: ours.info, tfjs: tfjs.info, ort: ort.info },
  config: { n: N, input: 'uniform [-8, 8), mulberry32 seed 0x5eed, float32', softmaxShape: `[n / ${ROW}, ${ROW}], last axis`, quick: args.quick },
  copyFloorNsPerElement: (floor.msPerCall * 1e6) / N,
  results,
};
writeFileSync(path.join(dir, 'headline.json'), JSON.stringify(json, null, 1) + '\n');
writeFileSync(path.join(dir, 'headline.md'), md + '\n');
console.log(`\nwrote ${path.relative(process.cwd(), dir)}/headline.{json,md}${args.save ? '' : ' (git-ignored; --save writes bench/results/)'}; measured in ${elapsed()}`);
