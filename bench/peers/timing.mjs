// tinybench wrapper: one Bench per row, a time budget that shrinks as arrays grow so the full
// matrix fits in a few minutes, and batching of small calls so samples are well above timer
// resolution. Rows report the median, which a noisy shared 2-core machine disturbs least.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Bench } from 'tinybench';

// A full GC before each row, so a row is not charged for collecting the previous row's garbage
// (at 1e7 an end-to-end row leaves ~40 MB per call behind). The package script runs plain `node`,
// so expose gc at runtime rather than with --expose-gc.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc');

/**
 * Budgets per array size. time/warmupTime in ms; iterations/warmupIterations are minimums (tinybench
 * keeps sampling until both the time and the count are met). At 1e7 one call moves 80 MB, so a
 * fixed handful of calls replaces the time budget.
 */
function budgetFor(n, quick) {
  if (n >= 1e7) return quick ? { time: 0, iterations: 2, warmupTime: 0, warmupIterations: 1 } : { time: 0, iterations: 7, warmupTime: 0, warmupIterations: 1 };
  if (n >= 1e6) return quick ? { time: 40, iterations: 3, warmupTime: 10, warmupIterations: 1 } : { time: 200, iterations: 8, warmupTime: 40, warmupIterations: 2 };
  // Small calls get a long warmup: tf.js runs a lot of JS per op (composites especially) and keeps
  // getting faster for a few thousand calls as V8 tiers it up; a short warmup would charge it for that.
  return quick ? { time: 40, iterations: 5, warmupTime: 20, warmupIterations: 2 } : { time: 150, iterations: 20, warmupTime: 150, warmupIterations: 5 };
}

/** Calls per sample: enough elements per sample that timer overhead and resolution vanish. */
function callsPerSample(n) {
  return Math.max(1, Math.round(1e5 / n));
}

/**
 * Time row.run() for arrays of n elements.
 * @returns {{ msPerCall: number, rme: number, samples: number }} median ms per call
 */
export async function timeRow(row, n, { quick = false } = {}) {
  const budget = budgetFor(n, quick);
  const bench = new Bench({ ...budget, throws: true });
  const calls = callsPerSample(n);
  const fn = row.async
    ? async () => {
        const start = bench.now();
        for (let i = 0; i < calls; i++) await row.run();
        const elapsed = bench.now() - start;
        return { overriddenDuration: elapsed / calls, overriddenIterationCost: elapsed };
      }
    : () => {
        const start = bench.now();
        for (let i = 0; i < calls; i++) row.run();
        const elapsed = bench.now() - start;
        return { overriddenDuration: elapsed / calls, overriddenIterationCost: elapsed };
      };
  bench.add(row.impl, fn, { async: Boolean(row.async) });
  gc();
  await bench.run();
  const { result } = bench.tasks[0];
  if (result.state !== 'completed') throw new Error(`${row.impl}: ${result.state} ${result.error?.message ?? ''}`);
  return { msPerCall: result.latency.p50, rme: result.latency.rme, samples: result.latency.samplesCount };
}

/**
 * The ratio time(row) / time(floorRow), measured interleaved: each round takes one sample of each (the
 * order alternating between rounds), a sample being `calls` back-to-back calls after one untimed call,
 * so that each side runs with its own buffers in cache. Returned: the median of the per-round ratios.
 * The copy floor on this shared machine switches between two speeds (0.063 and 0.080 ns/element at
 * 1e6, with the other vCPU's load); timed minutes apart, or even just before and after a row, a row can
 * land in the other mode than its floor and read 1.3x where, interleaved, it reads 1.05x. Both rows
 * must be synchronous.
 */
export function pairedRatio(row, floorRow, n, { quick = false } = {}) {
  const calls = Math.max(2, Math.round(2e5 / n));
  const rounds = n >= 1e7 ? (quick ? 5 : 15) : quick ? 15 : 61;
  const sample = (r) => {
    r.run();
    const start = performance.now();
    for (let i = 0; i < calls; i++) r.run();
    return performance.now() - start;
  };
  gc();
  const ratios = [];
  for (let k = 0; k < rounds; k++) {
    let a;
    let b;
    if (k & 1) {
      b = sample(floorRow);
      a = sample(row);
    } else {
      a = sample(row);
      b = sample(floorRow);
    }
    ratios.push(a / b);
  }
  ratios.sort((a, b) => a - b);
  return { ratio: ratios[rounds >> 1], rounds, calls };
}

/**
 * pairedRatio for rows that may be async (onnxruntime's session.run): the same rounds and median, each
 * call awaited. Used where a ratio involves an async row; for two synchronous rows pairedRatio avoids
 * the await per call.
 */
export async function pairedRatioAsync(row, floorRow, n, { quick = false } = {}) {
  const calls = Math.max(2, Math.round(2e5 / n));
  const rounds = n >= 1e7 ? (quick ? 5 : 15) : quick ? 15 : 61;
  const sample = async (r) => {
    await r.run();
    const start = performance.now();
    for (let i = 0; i < calls; i++) await r.run();
    return performance.now() - start;
  };
  gc();
  const ratios = [];
  for (let k = 0; k < rounds; k++) {
    let a;
    let b;
    if (k & 1) {
      b = await sample(floorRow);
      a = await sample(row);
    } else {
      a = await sample(row);
      b = await sample(floorRow);
    }
    ratios.push(a / b);
  }
  ratios.sort((a, b) => a - b);
  return { ratio: ratios[rounds >> 1], rounds, calls };
}

export function describeBudgets(sizes, quick) {
  return Object.fromEntries(sizes.map((n) => [n, { ...budgetFor(n, quick), callsPerSample: callsPerSample(n) }]));
}

/**
 * Run a row untimed for about `ms`. Used once per library before anything is measured: onnxruntime's
 * and tf.js's JS call paths take thousands of calls to reach V8's optimizing tier (ort's first
 * session.run calls cost 10x the steady state), more than a per-row warmup should have to absorb.
 */
export async function warmUp(row, ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 50; i++) await row.run();
  }
}
