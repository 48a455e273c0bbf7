// tinybench wrapper: one Bench per row, a time budget that shrinks as arrays grow so the full
// matrix fits in a few minutes, and batching of small calls so samples are well above timer
// resolution. Rows report the median, which a noisy shared 2-core machine disturbs least.
//
// Runs unchanged in Node and in a browser page: what differs (how to force a GC, how coarse the
// clock is) comes in `clock` from the environment adapter (env-node.mjs, env-page.mjs):
//   clock.gc()          a full GC, called before each row, so a row is not charged for collecting the
//                       previous row's garbage (at 1e7 an end-to-end row leaves ~40 MB per call behind)
//   clock.minSampleMs   0 where performance.now() is fine-grained (Node); in a page, where it is
//                       coarsened (Chromium: 100 µs without cross-origin isolation, 5 µs with), the
//                       shortest sample, so that a sample spans many ticks

import { Bench } from 'tinybench';

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
 * At least `calls`, and enough calls that one sample takes minSampleMs: grown by timing batches of
 * the row (which also warms it) until a batch lasts that long. With minSampleMs 0, `calls` as given.
 */
async function enoughCalls(row, calls, minSampleMs) {
  if (!(minSampleMs > 0)) return calls;
  for (;;) {
    const start = performance.now();
    if (row.async) for (let i = 0; i < calls; i++) await row.run();
    else for (let i = 0; i < calls; i++) row.run();
    const elapsed = performance.now() - start;
    if (elapsed >= minSampleMs) return calls;
    calls = Math.ceil(calls * (elapsed > 0 ? Math.min(10, (1.2 * minSampleMs) / elapsed) : 10));
  }
}

/**
 * Time row.run() for arrays of n elements.
 * @returns {{ msPerCall: number, rme: number, samples: number, calls: number }} median ms per call,
 *   and the calls per sample
 */
export async function timeRow(row, n, clock, { quick = false } = {}) {
  const budget = budgetFor(n, quick);
  const bench = new Bench({ ...budget, throws: true });
  const calls = await enoughCalls(row, callsPerSample(n), clock.minSampleMs);
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
  clock.gc();
  await bench.run();
  const { result } = bench.tasks[0];
  if (result.state !== 'completed') throw new Error(`${row.impl}: ${result.state} ${result.error?.message ?? ''}`);
  return { msPerCall: result.latency.p50, rme: result.latency.rme, samples: result.latency.samplesCount, calls };
}

/**
 * The ratio time(row) / time(floorRow), measured interleaved: each round takes one sample of each (the
 * order alternating between rounds), a sample being `calls` back-to-back calls after one untimed call,
 * so that each side runs with its own buffers in cache. Returned: the median of the per-round ratios.
 * The copy floor on this shared machine switches between two speeds (0.063 and 0.080 ns/element at
 * 1e6, with the other vCPU's load); timed minutes apart, or even just before and after a row, a row can
 * land in the other mode than its floor and read 1.3x where, interleaved, it reads 1.05x. An async
 * row (onnxruntime's session.run) has each call awaited; a synchronous one is called without an await.
 */
export async function pairedRatio(row, floorRow, n, clock, { quick = false } = {}) {
  // On a coarse clock, as many calls as the faster of the two needs for a sample of minSampleMs.
  const calls = await enoughCalls(floorRow, await enoughCalls(row, Math.max(2, Math.round(2e5 / n)), clock.minSampleMs), clock.minSampleMs);
  const rounds = n >= 1e7 ? (quick ? 5 : 15) : quick ? 15 : 61;
  const sample = async (r) => {
    if (r.async) {
      await r.run();
      const start = performance.now();
      for (let i = 0; i < calls; i++) await r.run();
      return performance.now() - start;
    }
    r.run();
    const start = performance.now();
    for (let i = 0; i < calls; i++) r.run();
    return performance.now() - start;
  };
  clock.gc();
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

/** The budgets, for the results file; on a coarse clock callsPerSample is a minimum (each record has its own). */
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
