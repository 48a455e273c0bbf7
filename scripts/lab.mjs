// The explorer's three experiments in the terminal, for people who don't open a browser: the same
// module (explorer/lab.js) and the same seed as the page, so the numbers are the page's.
//
//   npm run lab                      (builds first)
//   node scripts/lab.mjs --seed 7    (another seed: other data, other initial weights)
//   node scripts/lab.mjs --only vanishing,dying
//
// 1. Non-linearity: final loss and accuracy on XOR per activation, linear (none) included.
// 2. Vanishing gradients: every layer's gradient norm at initialisation and after training, for a
//    20-layer MLP with sigmoid, tanh and relu, and the first/last ratio.
// 3. Dying ReLU: the fraction of dead hidden units over training, relu against leakyRelu, elu, gelu.

import { existsSync } from 'node:fs';
import { dying, nonlinearity, vanishing } from '../explorer/lab.js';

if (!existsSync(new URL('../dist/index.js', import.meta.url))) {
  console.error('dist/index.js is missing: run `npm run build` first (or `npm run lab`, which builds).');
  process.exit(1);
}
const lib = await import('../dist/index.js');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const seed = Number(arg('seed', 1));
if (!Number.isInteger(seed)) {
  console.error(`--seed must be an integer, got ${arg('seed')}`);
  process.exit(1);
}
const EXPERIMENTS = ['nonlinearity', 'vanishing', 'dying'];
const only = arg('only', EXPERIMENTS.join(',')).split(',');
for (const o of only) {
  if (!EXPERIMENTS.includes(o)) {
    console.error(`--only: unknown experiment ${o} (one of ${EXPERIMENTS.join(', ')})`);
    process.exit(1);
  }
}

// A progress line on stderr while an experiment runs (only on a terminal, so piped output stays clean).
const progress = (label) =>
  process.stderr.isTTY
    ? (f) => {
        process.stderr.write(`\r  ${label} ${'█'.repeat(Math.round(f * 30)).padEnd(30, '·')} ${(100 * f).toFixed(0).padStart(3)}%`);
        if (f === 1) process.stderr.write('\r\x1b[K');
      }
    : undefined;
const pct = (v) => `${(100 * v).toFixed(1)}%`;
const exp = (v) => v.toExponential(1);
const pad = (s, n) => String(s).padStart(n);
const loss = (v) => (v < 1e-3 ? v.toExponential(1) : v.toFixed(4));

const backend = lib.getBackend();
console.log(`wasm-activations lab: node ${process.version}, ${backend} backend (automatic choice), seed ${seed}`);
console.log('Activations and their derivatives are the package\'s own functions on Float32Array; matrix products are plain JS.');
const t0 = performance.now();

if (only.includes('nonlinearity')) {
  const r = await nonlinearity(lib, { seed }, progress('non-linearity'));
  const o = r.options;
  console.log(`\n1. Non-linearity: a 2-${o.hidden}-1 network on XOR (${o.points} points), ${o.epochs} epochs of full-batch Adam (lr ${o.lr})`);
  console.log('   Without an activation the network is one straight line: its loss stays at chance, ln 2 = 0.693.');
  console.log(`   ${'activation'.padEnd(11)} ${pad('final loss', 10)} ${pad('accuracy', 9)}`);
  for (const run of r.runs) console.log(`   ${run.activation.padEnd(11)} ${pad(loss(run.finalLoss), 10)} ${pad(pct(run.accuracy), 9)}`);
}

if (only.includes('vanishing')) {
  const r = await vanishing(lib, { seed }, progress('vanishing gradients'));
  const o = r.options;
  console.log(`\n2. Vanishing gradients: a ${o.depth}-layer MLP (width ${o.width}) on XOR, ${o.steps} steps of minibatch SGD (lr ${o.lr}, batch ${o.batch})`);
  console.log('   ‖dL/dW‖ of each layer over the whole training set, at initialisation and after training (sigmoid and tanh: Glorot init, relu: He).');
  const w = 20;
  console.log(`   ${'layer'.padEnd(10)}${r.runs.map((run) => pad(`${run.activation} init → end`, w)).join('')}`);
  for (let l = 0; l < o.depth; l++) {
    const name = l === 0 ? '1 (first)' : l === o.depth - 1 ? `${l + 1} (last)` : String(l + 1);
    console.log(`   ${name.padEnd(10)}${r.runs.map((run) => pad(`${exp(run.init[l])} → ${exp(run.end[l])}`, w)).join('')}`);
  }
  console.log(`   ${'first/last'.padEnd(10)}${r.runs.map((run) => pad(`${exp(run.ratioInit)} → ${exp(run.ratioEnd)}`, w)).join('')}`);
  console.log(`   ${'loss'.padEnd(10)}${r.runs.map((run) => pad(`${run.lossInit.toFixed(3)} → ${run.lossEnd.toFixed(3)}`, w)).join('')}`);
}

if (only.includes('dying')) {
  const r = await dying(lib, { seed }, progress('dying ReLU'));
  const o = r.options;
  console.log(`\n3. Dying ReLU: a 2-${o.hidden}-${o.hidden}-1 network on XOR, hidden biases set to ${o.biasShift}, ${o.steps} steps of full-batch Adam (lr ${o.lr})`);
  console.log('   Dead: a hidden unit whose input is below zero on every training point. relu passes it no gradient, so its weights stop\n   learning: it comes back only if the layer below it shifts (for the first layer, whose inputs are the data, never).');
  const steps = [0, 1, 5, 10, 20, 50, 100, o.steps].filter((s, i, a) => s <= o.steps && a.indexOf(s) === i);
  console.log(`   ${'step'.padEnd(10)}${r.runs.map((run) => pad(run.activation, 11)).join('')}`);
  for (const s of steps) console.log(`   ${String(s).padEnd(10)}${r.runs.map((run) => pad(pct(run.dead[s]), 11)).join('')}`);
  console.log(`   ${'final loss'.padEnd(10)}${r.runs.map((run) => pad(loss(run.finalLoss), 11)).join('')}`);
}

console.log(`\n(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
