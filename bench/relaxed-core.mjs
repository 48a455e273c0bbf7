// Relaxed-SIMD kernels against the main module's, end to end through the public API (f32, with `out`,
// so no allocation), interleaved in one process. Plain module (no Node imports): bench/run.mjs runs it
// in Node, bench/relaxed.mjs in Chromium. Returns [] where the runtime has no relaxed SIMD.

const N = 1e6;
const ROW = 1000;

export async function relaxedVsPlain(lib, { rounds = 15, reps = 6 } = {}) {
  lib.setBackend('wasm', { relaxedSimd: true });
  if (!lib.backendInfo().relaxedSimd) {
    lib.setBackend('auto');
    return [];
  }
  const x = new Float32Array(N);
  let s = 12345;
  for (let i = 0; i < N; i++) x[i] = ((s = (s * 1103515245 + 12345) >>> 0) / 4294967296) * 16 - 8; // [-8, 8], as run.mjs
  const dy = x.map((v) => v / 8);
  const out = new Float32Array(N);
  const rows = { shape: [N / ROW, ROW], out };
  const cases = [
    ['sigmoid', () => lib.sigmoid(x, { out })],
    ['tanh', () => lib.tanh(x, { out })],
    ['silu', () => lib.silu(x, { out })],
    ['elu', () => lib.elu(x, { out })],
    ['softmax (rows of 1000)', () => lib.softmax(x, rows)],
    ['logSoftmax (rows of 1000)', () => lib.logSoftmax(x, rows)],
    ['sigmoidGrad', () => lib.sigmoidGrad(x, dy, { out })],
    ['siluGrad', () => lib.siluGrad(x, dy, { out })],
  ];
  const time = (on, fn) => {
    lib.setBackend('wasm', { relaxedSimd: on });
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    return ((performance.now() - t0) * 1e6) / (reps * N); // ns per element
  };
  const warm = performance.now();
  while (performance.now() - warm < 1000) for (const [, fn] of cases) (time(true, fn), time(false, fn));
  const median = (v) => v.sort((a, b) => a - b)[v.length >> 1];
  const result = [];
  for (const [name, fn] of cases) {
    const on = [], off = [];
    for (let r = 0; r < rounds; r++) {
      if (r & 1) (on.push(time(true, fn)), off.push(time(false, fn)));
      else (off.push(time(false, fn)), on.push(time(true, fn)));
    }
    const plain = median(off), relaxed = median(on);
    result.push({ name, plain, relaxed, speedup: plain / relaxed });
  }
  lib.setBackend('auto', { relaxedSimd: true });
  return result;
}

export function formatRelaxed(rows, where) {
  const lines = [`relaxed SIMD vs plain kernels, ${where}, f32, n = 1e6 with out (ns/element, medians):`];
  for (const r of rows) lines.push(`  ${r.name.padEnd(26)} plain ${r.plain.toFixed(3)}  relaxed ${r.relaxed.toFixed(3)}  ${r.speedup.toFixed(2)}x`);
  return lines.join('\n');
}
