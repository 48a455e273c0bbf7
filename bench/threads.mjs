// The worker pool against one thread: `npm run bench -- --threads` (or node bench/threads.mjs).
//
// For relu (cheap: a memory-bound copy), sigmoid (mid), gelu (exact, expensive) and softmax over rows of
// 1000, at 1e5, 1e6 and 1e7 Float32 elements, three ways:
//   sync  the synchronous call on the calling thread (the package's own single-thread speed);
//   1T    a pool of 1 worker;
//   2T    a pool of 2 workers (or --threads-max N);
// with pool buffers (pool.allocate: every worker reads and writes in place) and with ordinary arrays
// (the calling thread copies them into shared memory and back). Beside them: the copy floor
// (Float32Array.prototype.set, single thread) and a pool call's round trip.
//
// The machine is shared: every (function, size, placement) is measured in R rounds, and in each round
// sync, 1T and 2T run one after the other, in an order that rotates from round to round. Each
// measurement is the median time per call of calls repeated for at least --time ms. The tables give the
// median over rounds of the per-round ratio, and its range (min–max) over the rounds: the spread; and
// the ratio of each configuration's best round, the nearest this run came to a quiet machine. The
// load average before and after says what else ran.
//
//   node bench/threads.mjs [--sizes 1e5,1e6,1e7] [--rounds 5] [--time 150] [--threads-max 2] [--save]
//
// Writes bench/out/threads.json (git-ignored); with --save, bench/results/threads.json.

import os from 'node:os';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as lib from '../dist/index.js';
import { createPool } from '../dist/pool.js';
import { resultsDir } from './out.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const SIZES = opt('sizes', '1e5,1e6,1e7').split(',').map(Number);
const ROUNDS = Number(opt('rounds', '5'));
const TIME = Number(opt('time', '150'));
const MAX = Number(opt('threads-max', '2'));
const ROW = 1000;

const FUNCTIONS = {
  relu: (f, x, out) => f.relu(x, { out }),
  sigmoid: (f, x, out) => f.sigmoid(x, { out }),
  'gelu (exact)': (f, x, out) => f.gelu(x, { out }),
  [`softmax, rows of ${ROW}`]: (f, x, out) => f.softmax(x, { shape: [x.length / ROW, ROW], out }),
};

/** Inputs in [-8, 8], fixed seed (as bench/run.mjs). */
function input(n) {
  let s = 12345;
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = (s / 4294967296) * 16 - 8;
  }
  return a;
}

/**
 * Median time per call (ms) of `call`, repeated for at least TIME ms (and 3 times). `cores`: the CPU
 * time this process got (every thread) over the wall time of those calls. Linux schedules by session
 * (autogroup) first: while other sessions keep the cores busy, a process gets its share whatever its
 * thread count, and 2 threads cannot beat 1. This says how much it got.
 */
async function timeIt(call, cores) {
  await call(); // one untimed call: a pool's workers tier up the kernel on their own first use
  const t = [];
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const until = wall0 + TIME;
  while (t.length < 3 || performance.now() < until) {
    const t0 = performance.now();
    await call();
    t.push(performance.now() - t0);
  }
  const cpu = process.cpuUsage(cpu0);
  if (cores) cores.push((cpu.user + cpu.system) / 1e3 / (performance.now() - wall0));
  t.sort((a, b) => a - b);
  return t[t.length >> 1];
}

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const cores = os.availableParallelism?.() ?? os.cpus().length;
const load0 = os.loadavg();
console.log(`wasm-activations thread benchmark: ${cpu}, ${cores} cores (os.availableParallelism), Node ${process.version}`);
console.log(`load average before: ${load0.map((v) => v.toFixed(2)).join(', ')}; ${ROUNDS} rounds, >= ${TIME} ms per measurement\n`);
if (MAX > cores) console.log(`note: ${MAX} threads on ${cores} cores\n`);

lib.init();
const counts = [...new Set([1, MAX])];
const pools = Object.fromEntries(await Promise.all(counts.map(async (k) => [k, await createPool({ threads: k, inlineBelow: 0 })])));
for (const [k, p] of Object.entries(pools)) if (p.info().threads !== Number(k)) throw new Error(`asked ${k} threads, got ${JSON.stringify(p.info())}`);

// Round trip: a call of 16 elements sent to the workers (inlineBelow 0), against the same call here.
const tiny = input(16);
const tinyOut = new Float32Array(16);
const roundTrip = {};
for (const k of counts) roundTrip[k] = (await timeIt(() => pools[k].sigmoid(tiny, { out: tinyOut }))) * 1e3;
const tinySync = (await timeIt(() => lib.sigmoid(tiny, { out: tinyOut }))) * 1e3;
console.log(`round trip of a 16-element call: ${counts.map((k) => `${k} worker(s) ${roundTrip[k].toFixed(1)} µs`).join(', ')}; the synchronous call ${tinySync.toFixed(2)} µs\n`);

const results = { machine: `${cpu}, ${cores} cores, Node ${process.version}`, date: new Date().toISOString(), load: { before: load0 }, roundTripUs: roundTrip, rows: [] };
const configs = ['sync', ...counts.map((k) => `${k}T`)];

for (const n of SIZES) {
  const x = input(n);
  const out = new Float32Array(n);
  const copies = [];
  const bufs = Object.fromEntries(counts.map((k) => [k, { x: pools[k].allocate(n), out: pools[k].allocate(n) }]));
  for (const k of counts) bufs[k].x.array.set(x);
  for (const [name, fn] of Object.entries(FUNCTIONS)) {
    if (name.startsWith('softmax') && n % ROW) continue;
    for (const placement of ['pool buffers', 'ordinary arrays']) {
      const run = {
        copy: () => out.set(x),
        sync: () => fn(lib, x, out),
        ...Object.fromEntries(counts.map((k) => [`${k}T`, placement === 'ordinary arrays' ? () => fn(pools[k], x, out) : () => fn(pools[k], bufs[k].x.array, bufs[k].out.array)])),
      };
      const rounds = [];
      for (let r = 0; r < ROUNDS; r++) {
        const order = configs.map((_, i) => configs[(i + r) % configs.length]);
        const ms = {};
        const got = {};
        for (const c of order) {
          const cores = [];
          ms[c] = await timeIt(run[c], cores);
          got[c] = cores[0];
        }
        ms.cores = got;
        ms.copy = await timeIt(run.copy);
        copies.push(ms.copy);
        rounds.push(ms);
      }
      const med = Object.fromEntries(configs.map((c) => [c, median(rounds.map((m) => m[c]))]));
      const cores = Object.fromEntries(configs.map((c) => [c, median(rounds.map((m) => m.cores[c]))]));
      const best = Object.fromEntries(configs.map((c) => [c, Math.min(...rounds.map((m) => m[c]))]));
      const ratio = (a, b) => rounds.map((m) => m[a] / m[b]);
      const row = { n, name, placement, ms: med, best, cores, rounds };
      if (MAX > 1) {
        row.speedup = { vs1T: ratio('1T', `${MAX}T`), vsSync: ratio('sync', `${MAX}T`) };
      }
      results.rows.push(row);
      if (!process.stdout.isTTY) process.stderr.write(`  ${n.toExponential(0)} ${name} ${placement}\n`);
    }
  }
  for (const k of counts) {
    bufs[k].x.free();
    bufs[k].out.free();
  }
  results.copy = { ...results.copy, [n]: { median: median(copies), best: Math.min(...copies) } };
}
results.load.after = os.loadavg();
await Promise.all(Object.values(pools).map((p) => p.terminate()));

const fmt = (v) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const range = (a) => `${Math.min(...a).toFixed(2)}–${Math.max(...a).toFixed(2)}`;
for (const placement of ['pool buffers', 'ordinary arrays']) {
  console.log(`\n${placement}: ns per element (median over rounds), and ${MAX} threads against 1 (median of the per-round ratios, their range, and the ratio of the best times); the CPU time the process got per second of wall time (median)`);
  console.log(`| n | function | copy floor | sync | ${counts.map((k) => `${k}T`).join(' | ')} | ${MAX}T vs 1T | range | best | ${MAX}T vs sync | range | cores got: ${counts.map((k) => `${k}T`).join(', ')} |`);
  console.log(`|---|---|---|---|${counts.map(() => '---|').join('')}---|---|---|---|---|---|`);
  for (const r of results.rows.filter((x) => x.placement === placement)) {
    const per = (ms) => fmt((ms * 1e6) / r.n);
    const s = r.speedup;
    console.log(`| ${r.n.toExponential(0)} | ${r.name} | ${per(results.copy[r.n].median)} | ${per(r.ms.sync)} | ${counts.map((k) => per(r.ms[`${k}T`])).join(' | ')} | ${s ? `${median(s.vs1T).toFixed(2)}×` : ''} | ${s ? range(s.vs1T) : ''} | ${s ? `${(r.best['1T'] / r.best[`${MAX}T`]).toFixed(2)}×` : ''} | ${s ? `${median(s.vsSync).toFixed(2)}×` : ''} | ${s ? range(s.vsSync) : ''} | ${counts.map((k) => r.cores[`${k}T`].toFixed(2)).join(', ')} |`);
  }
}
// The model (docs/threads.md). Per element a call moves 8 bytes (4 read, 4 written) and computes for c ns
// on one thread. On p threads over pool buffers:
//   t(p) = max(c / p, 8 / min(p · B1, Bmax)) + round trip / n
// c: 1 worker on pool buffers at 1e6 (the arrays fit the 32 MiB L3 here), less the round trip; B1: one
// core's bandwidth, 8 bytes over the copy floor at the largest size (past the L3); Bmax: what the whole
// memory system sustains, an assumption per machine class (printed). With ordinary arrays the calling
// thread also copies them in and out, which no thread count shortens: t >= 2 · (copy floor).
// Each measured figure from its best round: the nearest this run came to a quiet machine.
const MACHINES = [
  ['here, 2 cores, if both are free', 2, Infinity],
  ['8-core desktop, 2 channels (60 GB/s)', 8, 60],
  ['32-core server socket, 8 channels (150 GB/s)', 32, 150],
];
const big = Math.max(...SIZES);
if (SIZES.includes(1e6) && results.copy[big]) {
  const b = (results.copy[big].best * 1e6) / big; // ns per element
  const B1 = 8 / b; // GB/s
  const rt = (roundTrip[MAX] ?? roundTrip[1]) * 1e3; // ns
  const model = { copyFloorNs: b, coreGBs: B1, roundTripNs: rt, machines: MACHINES, functions: {} };
  console.log(`\nmodel: copy floor ${b.toFixed(3)} ns/element at ${big.toExponential(0)} (best round): one core moves B1 = ${B1.toFixed(0)} GB/s; round trip ${(rt / 1e3).toFixed(1)} µs`);
  console.log(`predicted speedup of p threads over 1 on pool buffers at n = ${big.toExponential(0)}, and with ordinary arrays over the synchronous call's best (the copies' floor)`);
  console.log(`| function | c (ns/element) | 1 thread is | ${MACHINES.map(([m]) => m).join(' | ')} | ordinary arrays, any p | measured here, ${MAX} vs 1 (best) |`);
  console.log(`|---|---|---|${MACHINES.map(() => '---|').join('')}---|---|`);
  const t = (c, p, Bmax, n) => Math.max(c / p, 8 / Math.min(p * B1, Bmax)) + rt / n;
  for (const name of Object.keys(FUNCTIONS)) {
    const at = results.rows.find((r) => r.n === 1e6 && r.name === name && r.placement === 'pool buffers');
    const far = results.rows.find((r) => r.n === big && r.name === name && r.placement === 'pool buffers');
    const ord = results.rows.find((r) => r.n === big && r.name === name && r.placement === 'ordinary arrays');
    if (!at || !far || !ord) continue;
    const cNs = (at.best['1T'] * 1e6) / 1e6 - rt / 1e6;
    const one = t(cNs, 1, Infinity, big);
    const predicted = Object.fromEntries(MACHINES.map(([m, p, Bmax]) => [m, one / t(cNs, p, Bmax, big)]));
    const syncNs = (ord.best.sync * 1e6) / big;
    const ordinaryCeiling = syncNs / (2 * b);
    const measured = far.best[`${MAX}T`] ? far.best['1T'] / far.best[`${MAX}T`] : NaN;
    model.functions[name] = { c: cNs, boundAt1: cNs > b ? 'compute' : 'memory', predicted, ordinaryCeiling, measured };
    console.log(`| ${name} | ${cNs.toFixed(2)} | ${cNs > b ? 'compute-bound' : 'memory-bound'} | ${Object.values(predicted).map((v) => `${v.toFixed(1)}×`).join(' | ')} | ≤ ${ordinaryCeiling.toFixed(1)}× | ${measured.toFixed(2)}× |`);
  }
  results.model = model;
}
console.log(`\nload average after: ${results.load.after.map((v) => v.toFixed(2)).join(', ')}`);

const file = path.join(resultsDir(args.includes('--save')), 'threads.json');
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`written: ${path.relative(process.cwd(), file)}`);
