// Two builds of the package in one process, rounds interleaved (alternating which goes first): ns per
// call of a few functions and sizes, and their ratio. For a change that should cost no speed (issue
// 12's split into one module per activation: docs/benchmarks.md).
//   node bench/ab-builds.mjs /path/to/old/dist/index.js [/path/to/new/dist/index.js] [--cases sigmoid:1e5,eluGrad:1003,softmax:1e6:1000] [--plain]
// (fn:n, or fn:n:len for an axis function on rows of len)
// (build the old one in a clone: git clone . /tmp/old && cd /tmp/old && git checkout REV && npm ci && npm run build)
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const plainOnly = args.includes('--plain') && args.splice(args.indexOf('--plain'), 1).length > 0; // relaxed SIMD off in both
const at = args.indexOf('--cases');
const custom = at >= 0 ? args.splice(at, 2)[1].split(',').map((c) => { const [fn, n, len] = c.split(':'); return [fn, Number(n), len && Number(len)]; }) : undefined;
const [oldPath, newPath = new URL('../dist/index.js', import.meta.url).pathname] = args;
if (!oldPath) throw new Error('usage: node bench/ab-builds.mjs OLD/dist/index.js [NEW/dist/index.js]');
const oldLib = await import(pathToFileURL(path.resolve(oldPath)).href);
const newLib = await import(pathToFileURL(path.resolve(newPath)).href);
if (plainOnly) for (const lib of [oldLib, newLib]) lib.setBackend('wasm', { relaxedSimd: false });
const cases = [];
for (const [fn, n, len] of custom ?? [['sigmoid', 8], ['sigmoid', 1000], ['sigmoid', 1e6], ['relu', 8], ['relu', 1000], ['relu', 1e6], ['softmax', 1000], ['gelu', 1e5], ['sigmoidGrad', 1000], ['sigmoid', 13], ['elu', 1003], ['tanhGrad', 1003], ['gelu', 1003], ['softplus', 1e5]]) {
  const x = new Float32Array(n).map((_, i) => ((i * 7919) % 1000) / 125 - 4);
  const out = new Float32Array(n);
  const opts = len ? { out, shape: [n / len, len] } : { out };
  const mk = (lib) => (fn.endsWith('Grad') ? () => lib[fn](x, x, opts) : () => lib[fn](x, opts));
  const label = len ? `${fn} n=${n} rows of ${len}` : `${fn} n=${n}`;
  cases.push({ label, n, old: mk(oldLib), neu: mk(newLib) });
}
function time(f, reps) { const t = process.hrtime.bigint(); for (let i = 0; i < reps; i++) f(); return Number(process.hrtime.bigint() - t) / reps; }
console.log(`node ${process.version} (V8 ${process.versions.v8}); ns per call, best of 15 interleaved rounds`);
for (const c of cases) {
  const reps = Math.max(3, Math.round(2e6 / (c.n + 50)));
  c.old(); c.neu();
  let bo = Infinity, bn = Infinity;
  for (let r = 0; r < 15; r++) { if (r % 2) { bo = Math.min(bo, time(c.old, reps)); bn = Math.min(bn, time(c.neu, reps)); } else { bn = Math.min(bn, time(c.neu, reps)); bo = Math.min(bo, time(c.old, reps)); } }
  console.log(`${c.label.padEnd(34)} old ${bo.toFixed(1).padStart(10)}  new ${bn.toFixed(1).padStart(10)}  new/old ${(bn / bo).toFixed(3)}`);
}
