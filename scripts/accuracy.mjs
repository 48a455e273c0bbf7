// Accuracy sweep: the max error in ULP of every activation on both backends, printed as docs/accuracy.md's
// table. Elementwise f32 functions are checked on EVERY float32 in [-30, 30] (about 2.2e9 values;
// beyond, every function here is saturated or linear, and the random-bit-pattern tests cover it),
// the axis functions (softmax, logSoftmax …) on random rows of 10 to 10,000 elements and on peaked rows.
//
//   node scripts/accuracy.mjs            full sweep (two worker threads; a few minutes)
//   node scripts/accuracy.mjs --quick    every 64th float only (seconds), for development
//   node scripts/accuracy.mjs --stride 8 every 8th float (a sample of 270 million per function)
//   node scripts/accuracy.mjs --only sigmoid,tanh

import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import os from 'node:os';

const args = process.argv.slice(2);
const strideAt = args.indexOf('--stride');
const STRIDE = strideAt >= 0 ? Number(args[strideAt + 1]) : args.includes('--quick') ? 64 : 1;
const onlyArg = args.indexOf('--only');
const ONLY = onlyArg >= 0 ? args[onlyArg + 1].split(',') : undefined;
const LIMIT = 30;
const CHUNK = 1 << 20;

async function load() {
  const lib = await import('../dist/index.js');
  const { REFERENCE, GRAD_REFERENCE, AXIS_REFERENCE, AXIS_GRAD_REFERENCE } = await import('../test/reference/f64.mjs');
  const { ulp32 } = await import('../test/support/ulp.mjs');
  return { lib, REFERENCE, GRAD_REFERENCE, AXIS_REFERENCE, AXIS_GRAD_REFERENCE, ulp32 };
}

/** f32 bit patterns [lo, hi) as a sweep of the positive half-line; negatives by flipping the sign. */
async function sweepWorker({ name, grad, backend, lo, hi, stride }) {
  const { lib, REFERENCE, GRAD_REFERENCE, ulp32 } = await load();
  lib.setBackend(backend);
  const spec = lib.REGISTRY[name];
  const bound = grad ? spec.grad.bound.f32 : spec.bound.f32;
  const p = spec.params.map((q) => Math.fround(typeof q.default === 'string' ? q.kind.indexOf(q.default) : q.default));
  // Derivatives are swept with dy cycling through 1, 1.125, … 1.75, so the product by dy rounds too.
  const dy = new Float32Array(CHUNK).map((_, i) => 1 + (i % 7) / 8);
  const ref = grad ? (x, q, i) => dy[i] * GRAD_REFERENCE[name](x, q) : (x, q) => REFERENCE[name](x, q);
  const fn = grad ? (x, o) => lib[`${name}Grad`](x, dy.subarray(0, x.length), o) : lib[name];
  const bits = new Uint32Array(CHUNK);
  const x = new Float32Array(bits.buffer);
  const out = new Float32Array(CHUNK);
  let worst = { ulp: 0, x: 0, got: 0, want: 0 };
  for (let start = lo; start < hi; start += CHUNK * stride) {
    const n = Math.min(CHUNK, Math.ceil((hi - start) / stride));
    for (const sign of [0, 0x80000000]) {
      for (let i = 0; i < n; i++) bits[i] = (start + i * stride) | sign;
      const xs = x.subarray(0, n);
      const y = fn(xs, { out: out.subarray(0, n) });
      for (let i = 0; i < n; i++) {
        const want = Math.fround(ref(xs[i], p, i));
        let e = ulp32(y[i], want);
        if (bound.abs !== undefined && Math.abs(y[i] - want) <= bound.abs) e = 0;
        if (e > worst.ulp) worst = { ulp: e, x: xs[i], got: y[i], want };
      }
    }
  }
  return worst;
}

/**
 * An axis function on random rows of 10 to 10,000 elements at scales 1, 10 and 100, and on peaked rows
 * (one element 30 or 100 above the others: the max's result of logSoftmax is then −log1p(tiny)).
 */
function axisSweep(lib, name, rowRef, ulp32, backend) {
  lib.setBackend(backend);
  let worst = { ulp: 0, len: 0, got: 0, want: 0 };
  let seed = 1;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const cases = [];
  for (const len of [10, 100, 1000, 10000]) for (const scale of [1, 10, 100]) cases.push({ len, scale, peak: 0 });
  for (const len of [10, 1000]) for (const peak of [30, 100]) cases.push({ len, scale: 10, peak });
  for (const { len, scale, peak } of cases) {
    const rows = Math.max(1, Math.floor(20000 / len));
    const x = new Float32Array(rows * len).map(() => (rnd() * 2 - 1) * scale);
    if (peak) for (let r = 0; r < rows; r++) x[r * len + Math.floor(rnd() * len)] = scale + peak;
    const y = lib[name](x, { shape: [rows, len] });
    for (let r = 0; r < rows; r++) {
      const want = rowRef(x.subarray(r * len, (r + 1) * len));
      for (let i = 0; i < len; i++) {
        const e = ulp32(y[r * len + i], Math.fround(want[i]));
        if (e > worst.ulp) worst = { ulp: e, len, scale: peak ? `${scale}, peak +${peak}` : scale, got: y[r * len + i], want: Math.fround(want[i]) };
      }
    }
  }
  return worst;
}

/**
 * An axis derivative <name>Grad(y, dy) with y = <name>(x) on the rows of axisSweep, and dy uniform in
 * [−3, 3], constant (the sum cancels), one-hot, and with one dy per row solved so that its dx cancels.
 * An error within the bound's dyUlp ULP of the row's max|dy| counts as 0 (see ErrorBound).
 */
function axisGradSweep(lib, name, gradRef, bound, ulp32, backend) {
  lib.setBackend(backend);
  let worst = { ulp: 0, len: 0, got: 0, want: 0 };
  let seed = 2;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296);
  const ulpOf = (v) => 2 ** (Math.floor(Math.log2(Math.abs(v) || 2 ** -149)) - 23);
  for (const len of [10, 100, 1000, 10000]) {
    for (const scale of [1, 10, 100]) {
      for (const kind of ['uniform', 'constant', 'one-hot', 'cancelling']) {
        const rows = Math.max(1, Math.floor(5000 / len));
        const x = new Float32Array(rows * len).map(() => (rnd() * 2 - 1) * scale);
        const y = lib[name](x, { shape: [rows, len] });
        const dy = new Float32Array(rows * len).map((_, i) =>
          kind === 'constant' ? 1.5 : kind === 'one-hot' ? (i % len === 0 ? 1 : rnd() * 1e-3) : rnd() * 6 - 3);
        if (kind === 'cancelling') {
          for (let r = 0; r < rows; r++) {
            // one dy solved so that its dx cancels: the reference's dx there is affine in it, a + b·dy
            const [lo, at] = [r * len, Math.floor(rnd() * len)];
            const dxAt = (t) => {
              const d = Array.from(dy.subarray(lo, lo + len));
              d[at] = t;
              return gradRef(y.subarray(lo, lo + len), d)[at];
            };
            const a = dxAt(0);
            const b = dxAt(1) - a;
            if (b !== 0 && Number.isFinite(a / b)) dy[lo + at] = -a / b;
          }
        }
        const dx = lib[`${name}Grad`](y, dy, { shape: [rows, len] });
        for (let r = 0; r < rows; r++) {
          const [yr, dr] = [y.subarray(r * len, (r + 1) * len), dy.subarray(r * len, (r + 1) * len)];
          const want = gradRef(yr, dr);
          const maxDy = dr.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
          for (let i = 0; i < len; i++) {
            const [got, w] = [dx[r * len + i], Math.fround(want[i])];
            let e = ulp32(got, w);
            if (bound.dyUlp !== undefined && Math.abs(got - w) <= bound.dyUlp * ulpOf(maxDy)) e = 0;
            if (e > worst.ulp) worst = { ulp: e, len, scale: `${scale}, dy ${kind}`, got, want: w };
          }
        }
      }
    }
  }
  return worst;
}

async function main() {
  const { lib, AXIS_REFERENCE, AXIS_GRAD_REFERENCE, ulp32 } = await load();
  const hi = new Uint32Array(new Float32Array([LIMIT]).buffer)[0] + 1;
  const threads = Math.min(2, os.cpus().length);
  const rows = [];
  const t0 = Date.now();
  const jobs = [];
  for (const spec of lib.ACTIVATIONS) {
    if (ONLY && !ONLY.includes(spec.name)) continue;
    if (spec.kind !== 'elementwise' && spec.kind !== 'axis') continue; // prelu: test/prelu.test.ts
    jobs.push({ spec, grad: false });
    if (spec.grad && (spec.kind === 'elementwise' || spec.kind === 'axis')) jobs.push({ spec, grad: true });
  }
  for (const { spec, grad } of jobs) {
    const label = grad ? `${spec.name}Grad` : spec.name;
    const bound = grad ? spec.grad.bound.f32 : spec.bound.f32;
    for (const backend of ['wasm', 'js']) {
      let worst;
      if (spec.kind === 'elementwise') {
        const parts = Array.from({ length: threads }, (_, t) => {
          // Split [0, hi) into interleaved-by-size pieces so both threads get equal work.
          const lo = Math.floor((hi * t) / threads);
          const up = Math.floor((hi * (t + 1)) / threads);
          return new Promise((resolve, reject) => {
            const w = new Worker(new URL(import.meta.url), { workerData: { name: spec.name, grad, backend, lo, hi: up, stride: STRIDE } });
            w.once('message', resolve);
            w.once('error', reject);
          });
        });
        const results = await Promise.all(parts);
        worst = results.reduce((a, b) => (b.ulp > a.ulp ? b : a));
      } else if (grad) {
        worst = axisGradSweep(lib, spec.name, AXIS_GRAD_REFERENCE[spec.name], bound, ulp32, backend);
      } else {
        worst = axisSweep(lib, spec.name, AXIS_REFERENCE[spec.name], ulp32, backend);
      }
      const where = spec.kind === 'elementwise' ? `x = ${worst.x}` : `row of ${worst.len}, scale ${worst.scale}`;
      rows.push({ name: label, backend, bound: bound.ulp, ...worst, where });
      const ok = worst.ulp <= bound.ulp ? 'ok' : 'OVER BOUND';
      console.error(`${label.padEnd(16)} ${backend.padEnd(5)} max ${worst.ulp} ULP (bound ${bound.ulp}) ${ok}  ${worst.ulp ? `at ${where}: got ${worst.got}, want ${worst.want}` : ''}`);
    }
  }
  const domain = STRIDE === 1 ? 'every float32 in [-30, 30]' : `every ${STRIDE}th float32 in [-30, 30]`;
  console.log(`\nMax error, float32 (elementwise: ${domain}; axis functions: random rows of 10 to 10,000, and peaked rows; their derivatives also with adversarial dy), ${((Date.now() - t0) / 1000).toFixed(0)} s:\n`);
  console.log('| function | bound (ULP) | wasm (ULP) | js (ULP) | worst wasm case |');
  console.log('|---|---|---|---|---|');
  for (let i = 0; i < rows.length; i += 2) {
    const w = rows[i], j = rows[i + 1];
    console.log(`| ${w.name} | ${w.bound} | ${w.ulp} | ${j.ulp} | ${w.ulp ? `${w.where}: got ${w.got}, want ${w.want}` : 'exact'} |`);
  }
  const over = rows.filter((r) => r.ulp > r.bound);
  if (over.length) {
    console.error(`\n${over.length} result(s) over their documented bound`);
    process.exitCode = 1;
  }
}

if (isMainThread) await main();
else parentPort.postMessage(await sweepWorker(workerData));
