// One runtime's figures for bench/runtimes.mjs: ns/element of each kernel at n elements, f32, on the
// wasm backend, plain SIMD and (where the runtime has it) relaxed SIMD. Runs unchanged in Node, Bun,
// Deno and a browser page: it only needs the package and performance.now().
//
// Each case is timed on zero-copy buffers (allocate: the kernel alone, no copies), interleaved with the
// other cases of the same round, and reported as the median over the rounds.

/** The functions measured: the exp-based kernels (forward and derivative), relu, and softmax rows. */
export const CASES = [
  ...['sigmoid', 'tanh', 'elu', 'selu', 'celu', 'silu', 'softplus', 'mish', 'logSigmoid', 'gelu', 'gelu:tanh'].flatMap((f) => {
    const [name, form] = f.split(':');
    return [f, `${name}Grad${form ? `:${form}` : ''}`];
  }),
  'softmax', 'softmaxGrad', 'logSoftmax', 'logSoftmaxGrad', 'relu',
];

/** Runtime name and engine version, for the column head. */
export function runtimeName() {
  const g = globalThis;
  if (g.Bun) return `Bun ${g.Bun.version} (JavaScriptCore)`;
  if (g.Deno) return `Deno ${g.Deno.version.deno} (V8 ${g.Deno.version.v8})`;
  if (g.process?.versions?.node) return `Node ${g.process.versions.node.split('.').slice(0, 2).join('.')} (V8 ${g.process.versions.v8.split('.').slice(0, 2).join('.')})`;
  const ua = g.navigator?.userAgent ?? '';
  const chrome = /Chrome\/(\d+)/.exec(ua);
  // Chromium M ships V8 M/10 (a V8 branch per milestone: Chromium 156 has V8 15.6)
  if (chrome) return `Chromium ${chrome[1]} (V8 ${Math.floor(chrome[1] / 10)}.${chrome[1] % 10})`;
  const ff = /Firefox\/(\d+)/.exec(ua);
  if (ff) return `Firefox ${ff[1]} (SpiderMonkey)`;
  return ua || 'unknown';
}

/** The smallest step performance.now() takes, in ms (browsers coarsen it: Chromium 100 µs, 5 µs cross-origin isolated). */
export function timerTick() {
  let tick = Infinity;
  for (let k = 0; k < 50; k++) {
    const a = performance.now();
    let b = a;
    while (b === a) b = performance.now();
    tick = Math.min(tick, b - a);
  }
  return tick;
}

/**
 * @param lib the package (import * as lib from 'wasm-activations')
 * @param {{ n?: number, rounds?: number, only?: string[], stat?: 'median' | 'min' }} options
 * @returns {{ runtime: string, relaxedAvailable: boolean, rows: Record<string, { plain: number, relaxed?: number }> }}
 */
export function measure(lib, { n = 1e6, rounds = 15, only, stat = 'median' } = {}) {
  const cases = only ? CASES.filter((c) => only.includes(c.replace(/:.*/, '')) || only.includes(c)) : CASES;
  lib.setBackend('wasm', { relaxedSimd: true });
  const relaxedAvailable = lib.backendInfo().relaxedSimd;
  const x = lib.allocate(n, Float32Array);
  const dy = lib.allocate(n, Float32Array);
  const out = lib.allocate(n, Float32Array);
  let seed = 12345;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
  for (let i = 0; i < n; i++) {
    x.array[i] = rnd() * 16 - 8;
    dy.array[i] = rnd() * 2 - 1;
  }
  const rowShape = { shape: [n / 1000, 1000] };
  // softmax's derivatives take the forward output
  const y = lib.allocate(n, Float32Array);
  const ly = lib.allocate(n, Float32Array);
  lib.softmax(x.array, { ...rowShape, out: y.array });
  lib.logSoftmax(x.array, { ...rowShape, out: ly.array });
  const call = (c) => {
    const [name, form] = c.split(':');
    const o = form ? { approximate: form, out: out.array } : { out: out.array };
    switch (name) {
      case 'softmax': case 'logSoftmax': return () => lib[name](x.array, { ...rowShape, out: out.array });
      case 'softmaxGrad': return () => lib.softmaxGrad(y.array, dy.array, { ...rowShape, out: out.array });
      case 'logSoftmaxGrad': return () => lib.logSoftmaxGrad(ly.array, dy.array, { ...rowShape, out: out.array });
      default: return name.endsWith('Grad') ? () => lib[name](x.array, dy.array, o) : () => lib[name](x.array, o);
    }
  };
  const modes = relaxedAvailable ? [false, true] : [false];
  const fns = cases.flatMap((c) => modes.map((r) => ({ c, r, f: call(c), t: [], reps: 1 })));
  // Browsers may coarsen performance.now() (Firefox: 1 ms without cross-origin isolation), so each
  // sample times `reps` calls, enough for about 25 ticks of the clock (at least 5 ms).
  const sample = Math.max(5, 25 * timerTick());
  const run = (k) => {
    lib.setBackend('wasm', { relaxedSimd: k.r });
    const t0 = performance.now();
    for (let i = 0; i < k.reps; i++) k.f();
    return (performance.now() - t0) / k.reps;
  };
  // Warm-up: until each kernel has run for 300 ms or 40 times, so that every engine has tiered it up;
  // then the calls per sample, doubled until a sample lasts `sample` ms (a coarse clock reads a single
  // fast call as 0 ms, so one call's time cannot be trusted).
  for (const k of fns) {
    const t0 = performance.now();
    for (let i = 0; i < 40 && performance.now() - t0 < 300; i++) run(k);
    while (k.reps < 1 << 20 && run(k) * k.reps < sample) k.reps *= 2;
  }
  for (let r = 0; r < rounds; r++) for (const k of fns) k.t.push(run(k));
  const rows = {};
  for (const k of fns) {
    const s = k.t.sort((a, b) => a - b);
    const ns = ((stat === 'min' ? s[0] : s[s.length >> 1]) * 1e6) / n;
    (rows[k.c] ??= {})[k.r ? 'relaxed' : 'plain'] = ns;
  }
  for (const b of [x, dy, out, y, ly]) b.free();
  lib.setBackend('auto', { relaxedSimd: true });
  return { runtime: runtimeName(), relaxedAvailable, rows };
}
