// Side-by-side benchmark of wasm-activations against TensorFlow.js (wasm backend, XNNPACK) and
// onnxruntime-web (wasm EP), in one Node process, on the same float32 inputs.
//
//   npm run bench:peers                    build, then run every size (1e3,1e5,1e6,1e7)
//   node bench/peers.mjs [flags]           run against the existing dist/
//
// Flags:
//   --sizes 1e3,1e5     sizes to run (multiples of 1000, for softmax rows of 1000)
//   --quick             small time budgets, for iterating on the bench itself (numbers are rough)
//   --fns sigmoid,relu  only these catalogue keys (see bench/peers/catalogue.mjs)
//   --lib path.mjs      benchmark another build of our API instead of dist/index.js
//   --save              write bench/results/peers.{json,svg} (committed) instead of bench/out/ (git-ignored)
//   --no-write          print only
//
// Every row's output is checked against a float64 reference on the actual input before it is
// timed; a row more than 1e-2 relative off is marked WRONG and excluded from "fastest peer".
// Rows, their timing definitions and the peers' setup live in bench/peers/.

import os from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { CATALOGUE, ROW, inputDims, oursOptions } from './peers/catalogue.mjs';
import { renderChart } from './peers/chart.mjs';
import { initOrt, ortRows } from './peers/ort.mjs';
import { loadOurs, oursRows } from './peers/ours.mjs';
import { elementwiseReference, measureError } from './peers/reference.mjs';
import { COPY_FLOOR, FLOOR_FNS, IMPL_ORDER, sizeLabel, sizeTable, summarize } from './peers/report.mjs';
import { initTfjs, tfjsRows } from './peers/tfjs.mjs';
import { describeBudgets, pairedRatio, timeRow, warmUp } from './peers/timing.mjs';
import { makeInput } from './input.mjs';
import { resultsDir } from './out.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1e3,1e5,1e6,1e7' },
    quick: { type: 'boolean', default: false },
    fns: { type: 'string' },
    lib: { type: 'string', default: path.join(here, '..', 'dist', 'index.js') },
    save: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});

const sizes = args.sizes.split(',').map(Number);
for (const n of sizes) {
  if (!Number.isInteger(n) || n <= 0 || n % 1000 !== 0) throw new Error(`--sizes: ${n} is not a positive multiple of 1000`);
}
const wanted = args.fns ? new Set(args.fns.split(',')) : null;
for (const key of wanted ?? []) {
  if (!CATALOGUE.some((e) => e.key === key)) throw new Error(`--fns: no catalogue entry "${key}" (keys: ${CATALOGUE.map((e) => e.key).join(', ')})`);
}


function reference(entry, x) {
  return entry.kind === 'rows' ? entry.reference(x) : elementwiseReference(entry.reference, x);
}

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown CPU',
  cores: os.cpus().length,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1),
  node: process.version,
  date: new Date().toISOString(),
  // Other work on a shared 2-core box skews timings; the load average says how much to trust a run.
  loadavgAtStart: os.loadavg().map((v) => +v.toFixed(2)),
};

const ours = await loadOurs(args.lib);
const tfjs = await initTfjs();
const ort = await initOrt();

console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}, load average ${machine.loadavgAtStart.join(' ')}`);
console.log(`ours ${ours.info.version} (${ours.info.module}, relaxed SIMD ${ours.info.relaxedSimd ? "on" : "off"}); tfjs-core ${tfjs.info.core} + backend-wasm ${tfjs.info.backendWasm} (simd ${tfjs.info.simd}, threads ${tfjs.info.threads}); onnxruntime-web ${ort.info.version} (threads 1)`);
console.log(`sizes ${sizes.map(sizeLabel).join(', ')}${args.quick ? ' (--quick budgets: rough numbers)' : ''}\n`);

const entries = [];
const notes = [];
for (const entry of CATALOGUE) {
  if (wanted && !wanted.has(entry.key)) continue;
  if (typeof ours.lib[entry.fn] !== 'function') {
    notes.push(`skip ${entry.key}: our build has no ${entry.fn}() yet`);
    continue;
  }
  entries.push(entry);
}
// Activations our registry lists that the catalogue cannot benchmark yet: say so rather than silently omit.
for (const spec of ours.lib.ACTIVATIONS ?? []) {
  if (!CATALOGUE.some((e) => e.fn === spec.name)) notes.push(`our ${spec.name}() has no entry in bench/peers/catalogue.mjs yet`);
}
if (typeof ours.lib.allocate !== 'function') notes.push('no "ours zero-copy" rows: our build has no allocate() yet');
if (typeof ours.lib.setBackend !== 'function') notes.push('no "ours js" rows: our build has no setBackend()');
for (const note of notes) console.log(`note: ${note}`);
if (notes.length) console.log('');

const records = [];
const peerSkips = new Map();

function record(n, fn, row, timing, check) {
  const rec = {
    n,
    fn,
    impl: row.impl,
    ...(row.note && { note: row.note }),
    msPerCall: timing.msPerCall,
    nsPerElement: (timing.msPerCall * 1e6) / n,
    melemPerSec: n / (timing.msPerCall * 1e3),
    rme: timing.rme,
    samples: timing.samples,
    ...(check && { maxErr: check.maxErr, maxAbs: check.maxAbs, check: check.grade, wrong: check.wrong, ...(check.why && { why: check.why }) }),
  };
  records.push(rec);
  return rec;
}

const started = performance.now();

// Warm every library's call path on small arrays before the first measured row (see warmUp).
if (entries.length) {
  const entry = entries[0];
  const x = makeInput(ROW);
  const rows = oursRows(ours, entry, x, oursOptions(entry, ROW));
  rows.push(...(await tfjsRows(tfjs, entry, x, inputDims(entry, ROW))).rows);
  rows.push(...(await ortRows(ort, entry, x, inputDims(entry, ROW))).rows);
  for (const row of rows) {
    await row.setup?.();
    await warmUp(row, args.quick ? 50 : 400);
    await row.teardown?.();
  }
}

for (const n of sizes) {
  const x = makeInput(n);
  const sizeRecords = [];

  const floorOut = new Float32Array(n);
  const floorRow = { impl: 'Float32Array.set', note: 'out.set(x)', run: () => floorOut.set(x) };
  sizeRecords.push(record(n, COPY_FLOOR, floorRow, await timeRow(floorRow, n, args)));

  for (const entry of entries) {
    const dims = inputDims(entry, n);
    const ref = reference(entry, x);
    const rows = oursRows(ours, entry, x, oursOptions(entry, n));
    for (const [peer, build] of [['tfjs', tfjsRows], ['ort', ortRows]]) {
      const built = await build(peer === 'tfjs' ? tfjs : ort, entry, x, dims);
      rows.push(...built.rows);
      if (built.skipped) peerSkips.set(`${entry.key} / ${peer}`, built.skipped);
    }
    rows.sort((a, b) => IMPL_ORDER.indexOf(a.impl) - IMPL_ORDER.indexOf(b.impl));

    const fnRecords = [];
    for (const row of rows) {
      await row.setup?.();
      try {
        // Copy the result: some rows return views that the next call overwrites.
        const check = measureError(Float32Array.from(await row.result()), ref, entry.relFloor);
        const rec = record(n, entry.key, row, await timeRow(row, n, args), check);
        // The copy floor drifts with the load on the other vCPU by 10–20% over a run: the zero-copy
        // rows' ratio to it is measured with the two interleaved (see pairedRatio).
        if (row.impl === 'ours zero-copy' && FLOOR_FNS.includes(entry.key)) rec.floorRatio = pairedRatio(row, floorRow, n, args).ratio;
        fnRecords.push(rec);
      } catch (err) {
        peerSkips.set(`${entry.key} / ${row.impl} @${sizeLabel(n)}`, `failed: ${err.message.split('\n')[0]}`);
      } finally {
        await row.teardown?.();
      }
    }
    const base = fnRecords.find((r) => r.impl === 'ours');
    for (const r of fnRecords) if (base) r.ratio = r.msPerCall / base.msPerCall;
    sizeRecords.push(...fnRecords);
  }
  console.log(sizeTable(n, sizeRecords));
  console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s elapsed)\n`);
}

if (peerSkips.size) {
  console.log('rows not run:');
  for (const [what, why] of peerSkips) console.log(`  ${what}: ${why}`);
  console.log('');
}
const wrong = records.filter((r) => r.wrong);
if (wrong.length) {
  console.log('WRONG rows (output differs from the float64 reference):');
  for (const r of wrong) console.log(`  n=${sizeLabel(r.n)} ${r.fn} / ${r.impl}: maxErr ${r.maxErr}, maxAbs ${r.maxAbs}${r.why ? `, ${r.why}` : ''}`);
  console.log('');
}

const summary = summarize(records, sizes);
console.log('Summary\n' + summary.text);

if (!args['no-write']) {
  const dir = resultsDir(args.save);
  const chartSize = sizes.includes(1e6) ? 1e6 : Math.max(...sizes);
  machine.loadavgAtEnd = os.loadavg().map((v) => +v.toFixed(2));
  const json = {
    machine,
    versions: { ours: ours.info, tfjs: tfjs.info, ort: ort.info },
    config: {
      sizes,
      quick: args.quick,
      input: 'uniform [-8, 8), mulberry32 seed 0x5eed, float32',
      softmaxShape: '[n / 1000, 1000], last axis',
      budgets: describeBudgets(sizes, args.quick),
      statistic: 'median over samples; a sample is the mean of callsPerSample back-to-back calls',
    },
    definitions: {
      ours: 'fn(x, options): allocates and returns the result; the ratio baseline',
      'ours (out)': 'fn(x, { ...options, out }) into a preallocated Float32Array',
      'ours zero-copy': 'fn(a.array, { out: b.array }) on buffers from allocate(); input already in wasm memory',
      'ours js': 'same as ours with setBackend("js")',
      'tfjs e2e': 'tf.tensor(x) + op + dataSync() + dispose both',
      'tfjs op': 'op on an existing tensor + dispose of the result; the wasm backend runs the kernel synchronously inside the op call; no copy in or out',
      'ort e2e': 'await session.run({ x: new ort.Tensor(x) }) and read .data; copies in and out of the wasm heap',
      [COPY_FLOOR]: 'out.set(x): Float32Array copy of the same size, the memory-bandwidth floor',
      maxErr: 'max |y - ref| / max(|ref|, relFloor) with ref in float64: relative error, absolute below relFloor (1e-4; 1e-30 for softmax)',
      check: 'ok: maxErr <= 1e-5; approx: <= 1e-2; WRONG: above, or a NaN where the reference has none (or vice versa)',
    },
    notes: [...notes, ...[...peerSkips].map(([what, why]) => `${what}: ${why}`)],
    results: records,
    summary: summary.data,
  };
  writeFileSync(path.join(dir, 'peers.json'), JSON.stringify(json, null, 1) + '\n');
  writeFileSync(path.join(dir, 'peers.svg'), renderChart(records, chartSize, machine));
  console.log(`\nwrote ${path.relative(process.cwd(), dir)}/peers.json and peers.svg (chart at n=${sizeLabel(chartSize)})`);
}
console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
