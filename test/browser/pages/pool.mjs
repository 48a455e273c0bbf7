// The worker pool in a page: pool.info() as the page gets it, the async results against the
// synchronous API's bit for bit (every function of the registry, f32 and f64, ordinary arrays and pool
// buffers), and whether the main thread keeps drawing frames while a long call runs on the pool.
import * as lib from '../../../dist/index.js';
import { createPool } from '../../../dist/pool.js';
import { publish } from './publish.mjs';

/** Deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index of the first element whose bits differ (a NaN matches any NaN; see test/pool.test.ts), or -1. */
function firstDiff(a, b) {
  if (a.length !== b.length) return 0;
  const w = a.BYTES_PER_ELEMENT === 4;
  const ua = w ? new Uint32Array(a.buffer, a.byteOffset, a.length) : new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const ub = w ? new Uint32Array(b.buffer, b.byteOffset, b.length) : new BigUint64Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}

/** Every function of the registry and its derivative, with arguments for n elements. */
function cases(n, T, r) {
  const vals = () => T.from({ length: n }, () => (r() < 0.02 ? [NaN, Infinity, -Infinity, -0][Math.floor(r() * 4)] : (r() - 0.5) * 24));
  const out = [];
  for (const spec of lib.ACTIVATIONS) {
    const x = vals();
    const dy = vals();
    const shape = [n / 100, 100];
    if (spec.kind === 'elementwise') {
      out.push([spec.name, [x, {}]], [`${spec.name}Grad`, [x, dy, {}]]);
    } else if (spec.kind === 'axis') {
      for (const axis of [-1, 0]) {
        const y = lib[spec.name](x, { shape, axis });
        out.push([spec.name, [x, { shape, axis }]], [`${spec.name}Grad`, [y, dy, { shape, axis }]]);
      }
    } else {
      const slopes = T.from({ length: 100 }, () => r() - 0.5);
      out.push([spec.name, [x, slopes, { shape, axis: 1 }]], [`${spec.name}Grad`, [x, dy, slopes, { shape, axis: 1 }]]);
    }
  }
  return out;
}

async function bits(pool) {
  const r = rng(42);
  const failures = [];
  let count = 0;
  for (const T of [Float32Array, Float64Array]) {
    for (const [name, args] of cases(6000, T, r)) {
      const want = lib[name](...args);
      for (const where of ['ordinary', 'pool']) {
        const held = [];
        const a = args.map((v) => {
          if (!ArrayBuffer.isView(v) || where === 'ordinary') return v;
          const b = pool.allocate(v.length, T);
          held.push(b);
          b.array.set(v);
          return b.array;
        });
        const got = await pool[name](...a);
        const pairs = name === 'preluGrad' ? [[got.dx, want.dx], [got.dslopes, want.dslopes]] : [[got, want]];
        for (const [g, w] of pairs) {
          const i = firstDiff(g, w);
          count++;
          if (i >= 0) failures.push(`${name} ${T.name} ${where}: element ${i} is ${g[i]}, the synchronous call gives ${w[i]}`);
        }
        held.forEach((b) => b.free());
      }
    }
  }
  return { count, failures };
}

/** Animation frames while `run` is pending: how many, and the longest gap between two. */
async function frames(run) {
  let count = 0;
  let last = performance.now();
  let longest = 0;
  let on = true;
  const tick = (t) => {
    count++;
    longest = Math.max(longest, t - last);
    last = t;
    if (on) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  await new Promise((r) => requestAnimationFrame(() => r())); // the counter is running
  count = 0;
  longest = 0;
  last = performance.now();
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  longest = Math.max(longest, performance.now() - last);
  on = false;
  return { ms, frames: count, longestGapMs: longest };
}

/**
 * A worker that ends without an error event (terminated behind the pool's back, or closed from inside,
 * as a crash would end it): the call it holds must reject, not hang, and the pool must keep serving
 * with the same number of threads and the synchronous bits. 20 s without an answer counts as a hang.
 */
async function deaths(pool) {
  const kill = pool[Symbol.for('wasm-activations/pool: kill a worker (tests)')];
  const big = new Float64Array(2_000_000).map((_, i) => ((i % 2001) - 1000) / 100);
  const x = new Float32Array(100_000).map((_, i) => Math.sin(i) * 10);
  const settle = (call) =>
    Promise.race([
      call.then(() => 'resolved', (e) => String(e.message)),
      new Promise((r) => setTimeout(() => r('hung: no answer within 20 s'), 20_000)),
    ]);
  const out = [];
  for (const how of ['terminated during the call', 'closed itself before the call reached it']) {
    let call;
    if (how.startsWith('terminated')) {
      call = pool.gelu(big);
      kill(0, true); // Worker.terminate() on the pool's worker object: no event reaches the page
    } else {
      await kill(0, false); // the worker calls close() on itself at this message, before the call's part
      call = pool.gelu(big);
    }
    const settled = await settle(call);
    const after = await settle(pool.sigmoid(x).then((y) => (firstDiff(y, lib.sigmoid(x)) === -1 ? undefined : Promise.reject(new Error('different bits')))));
    out.push({ how, settled, after, threads: pool.info().threads });
  }
  return out;
}

publish(async () => {
  if (new URLSearchParams(location.search).has('csp')) {
    // A Content-Security-Policy without worker-src blob: (the test serves one): no workers, calls on this thread.
    const pool = await createPool();
    const x = new Float32Array(200_000).map((_, i) => Math.sin(i));
    const y = await pool.sigmoid(x);
    return { info: pool.info(), crossOriginIsolated: globalThis.crossOriginIsolated, same: firstDiff(y, lib.sigmoid(x)) === -1 };
  }
  const t0 = performance.now();
  const pool = await createPool({ inlineBelow: 0, minPart: 256 });
  const createMs = performance.now() - t0;
  const info = pool.info();
  const checked = await bits(pool);
  const died = await deaths(pool);
  const big = new Float64Array(4_000_000).map((_, i) => ((i % 2001) - 1000) / 100);
  // Five calls in a row, as an app would make them: long enough to span many frames.
  const during = await frames(async () => {
    for (let k = 0; k < 5; k++) await pool.gelu(big);
  });
  const sync = await frames(async () => {
    for (let k = 0; k < 5; k++) lib.gelu(big);
  });
  await pool.terminate();
  const after = await pool.sigmoid(new Float32Array(4)).then(
    () => 'resolved',
    (e) => String(e.message),
  );
  return {
    info,
    crossOriginIsolated: globalThis.crossOriginIsolated,
    hardwareConcurrency: navigator.hardwareConcurrency,
    backendInfo: lib.backendInfo(),
    createMs,
    checked,
    died,
    during,
    sync,
    after,
  };
});
