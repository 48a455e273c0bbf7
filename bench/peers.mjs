// Side-by-side benchmark of wasm-activations against TensorFlow.js (wasm backend, XNNPACK) and
// onnxruntime-web (wasm EP), in one Node process or one Chromium page, on the same float32 inputs.
//
//   npm run bench:peers                    build, then run every size (1e3,1e5,1e6,1e7)
//   npm run bench:peers:chromium           the same in Chromium (--browser chromium)
//   node bench/peers.mjs [flags]           run against the existing dist/
//
// Flags:
//   --sizes 1e3,1e5     sizes to run (multiples of 1000, for softmax rows of 1000)
//   --quick             small time budgets, for iterating on the bench itself (numbers are rough)
//   --fns sigmoid,relu  only these catalogue keys (see bench/peers/catalogue.mjs)
//   --lib path.mjs      benchmark another build of our API instead of dist/index.js
//   --save              write bench/results/peers.{json,svg} (committed) instead of bench/out/ (git-ignored);
//                       with --browser, peers-chromium.{json,md,svg}
//   --no-write          print only
//   --browser chromium  run in a page of Debian's Chromium (bench/peers/chromium.mjs), the libraries
//                       loaded there from dist/ and node_modules/
//   --isolated          with --browser: serve the page cross-origin isolated (COOP/COEP), which
//                       refines performance.now() from 100 µs to 5 µs; every library stays on 1 thread
//
// Every row's output is checked against a float64 reference on the actual input before it is
// timed; a row more than 1e-2 relative off is marked WRONG and excluded from "fastest peer".
// Rows, their timing definitions and the peers' setup live in bench/peers/.

import os from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { CATALOGUE } from './peers/catalogue.mjs';
import { renderChart } from './peers/chart.mjs';
import { nodeEnv } from './peers/env-node.mjs';
import { markdownReport, sizeLabel } from './peers/report.mjs';
import { resultsJson, runPeers } from './peers/run.mjs';
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
    browser: { type: 'string' },
    isolated: { type: 'boolean', default: false },
  },
});

const sizes = args.sizes.split(',').map(Number);
for (const n of sizes) {
  if (!Number.isInteger(n) || n <= 0 || n % 1000 !== 0) throw new Error(`--sizes: ${n} is not a positive multiple of 1000`);
}
const fns = args.fns?.split(',');
for (const key of fns ?? []) {
  if (!CATALOGUE.some((e) => e.key === key)) throw new Error(`--fns: no catalogue entry "${key}" (keys: ${CATALOGUE.map((e) => e.key).join(', ')})`);
}
if (args.browser !== undefined && args.browser !== 'chromium') throw new Error(`--browser: only chromium is supported, not "${args.browser}"`);
if (!args.browser && args.isolated) throw new Error('--isolated goes with --browser chromium');

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
const options = { lib: args.lib, sizes, quick: args.quick, fns };

let run;
let stem;
if (args.browser) {
  const { runInChromium } = await import('./peers/chromium.mjs');
  const page = await runInChromium(options, { isolated: args.isolated, onStart: (info) => {
    Object.assign(machine, info);
    console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.os}, ${machine.runtime} (${info.crossOriginIsolated ? '' : 'not '}cross-origin isolated, performance.now() resolution ${+(info.timerResolutionMs * 1e3).toFixed(1)} µs), load average ${machine.loadavgAtStart.join(' ')}`);
  } });
  run = page.run;
  machine.wasmLoaded = page.info.wasmLoaded;
  console.log(`.wasm files the page loaded: ${page.info.wasmLoaded.join(', ')}`);
  stem = 'peers-chromium';
} else {
  console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}, load average ${machine.loadavgAtStart.join(' ')}`);
  run = await runPeers(nodeEnv, options);
  stem = 'peers';
}

if (!args['no-write']) {
  const dir = resultsDir(args.save);
  const chartSize = sizes.includes(1e6) ? 1e6 : Math.max(...sizes);
  machine.loadavgAtEnd = os.loadavg().map((v) => +v.toFixed(2));
  const json = resultsJson(run, { machine, sizes, quick: args.quick });
  const written = [`${stem}.json`, `${stem}.svg`];
  writeFileSync(path.join(dir, `${stem}.json`), JSON.stringify(json, null, 1) + '\n');
  writeFileSync(path.join(dir, `${stem}.svg`), renderChart(run.records, chartSize, machine));
  if (args.browser) {
    writeFileSync(path.join(dir, `${stem}.md`), markdownReport(json));
    written.push(`${stem}.md`);
  }
  console.log(`\nwrote ${written.map((f) => path.relative(process.cwd(), path.join(dir, f))).join(', ')} (chart at n=${sizeLabel(chartSize)})`);
}
console.log(`total ${run.seconds.toFixed(0)} s`);
