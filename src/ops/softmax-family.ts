// The softmax family's host code on wasm: which kernels an axis function runs (its rows and strided
// columns kernels, walked by WasmBackend.axis), and the passes of a line longer than the scratch
// region, which only this family knows (softmax's three passes, log-softmax's count and shift with
// its tiny-sum slow path, and the derivatives' reduce and apply).

import { CHUNK_BYTES, type AxisKernels, type Kernel, type WasmBackend } from '../backends/wasm';
import type { AxisView, FloatArray } from '../types';
import type { AxisSpec } from '../spec';
import * as twin from '../backends/js';
import { fusedModule } from '../backends/module';
import softmaxWasm from '../../build/modules/softmax.wasm';
import logSoftmaxWasm from '../../build/modules/logSoftmax.wasm';

/** How a line longer than the scratch region runs, per axis kernel stem. */
const LONG: Record<string, (k: Record<string, Kernel>, f32: boolean) => AxisKernels['long']> = {
  softmax: (k) => (w, [x], out) => softmaxLong(w, k, x!, out),
  softmin: (k) => (w, [x], out) => softmaxLong(w, k, x!, out),
  log_softmax: (k, f32) => (w, [x], out) => logSoftmaxLong(w, k, f32, x!, out),
  softmax_grad: (k) => (w, [a, b], out) => gradLong(w, k, a!, b!, out),
  log_softmax_grad: (k) => (w, [a, b], out) => gradLong(w, k, a!, b!, out),
  softmin_grad: (k) => (w, [a, b], out) => gradLong(w, k, a!, b!, out),
};

// The passes (kernel stem suffixes) and their parameter counts of a line too long for scratch (checked
// at load: src/backends/kernels.ts), per stem; each description names its own (a plain name, which a
// bundler can drop with the description, where a property read it could not).
const SOFTMAX_PASSES = { max: 2, sumexp: 4, rescale: 4 };
const LOG_SOFTMAX_PASSES = { max: 2, sumexp: 3, count: 0, shift: 5 };
const GRAD_PASSES = { reduce: 4, apply: 6 };
export const LONG_ROW_KERNELS: Record<string, Record<string, number>> = {
  softmax: SOFTMAX_PASSES,
  log_softmax: LOG_SOFTMAX_PASSES,
  softmax_grad: GRAD_PASSES,
  log_softmax_grad: GRAD_PASSES,
  softmin: SOFTMAX_PASSES,
  softmin_grad: GRAD_PASSES,
};

const cache = new WeakMap<WasmBackend, { f32: Map<string, AxisKernels | undefined>; f64: Map<string, AxisKernels | undefined> }>();

/** The kernels of axis function `stem` for x's type on this backend, if its module has them (resolved once per backend). */
export function axisKernels(w: WasmBackend, stem: string, x: FloatArray): AxisKernels | undefined {
  let c = cache.get(w);
  if (!c) cache.set(w, (c = { f32: new Map(), f64: new Map() }));
  const f32 = x.BYTES_PER_ELEMENT === 4;
  const byStem = f32 ? c.f32 : c.f64;
  if (byStem.has(stem)) return byStem.get(stem);
  const rows = w.kernel(`${stem}_rows`, x);
  const cols = w.kernel(`${stem}_cols`, x);
  const passes: Record<string, Kernel> = {};
  for (const pass of Object.keys(LONG_ROW_KERNELS[stem] ?? {})) passes[pass] = w.kernel(`${stem}_${pass}`, x)!;
  const k = rows && cols && LONG[stem] ? { rows, cols, long: LONG[stem](passes, f32) } : undefined;
  byStem.set(stem, k);
  return k;
}

/** Runs axis function `stem` (one input: x; its derivative: y and dy) on wasm; false if the module lacks it. */
export function runAxisWasm(w: WasmBackend, stem: string, ins: readonly FloatArray[], out: FloatArray, view: AxisView): boolean {
  const k = axisKernels(w, stem, ins[0]!);
  if (!k) return false;
  w.axis(k, ins, out, view);
  return true;
}

/**
 * softmax (and softmin, whose max and sumexp passes negate x first) over a row longer than the scratch region, chunk by chunk: the max; then the terms
 * exp(x − M), written to out, and their sum (`sumexp`); then y = term/sum (`rescale`, over out).
 * Writing the terms to out, where the last pass scales them, spares that pass an exp per element;
 * writing into out is safe because out is x itself or does not overlap it. Chunks fill the scratch
 * region (64 Ki floats), not CHUNK_BYTES: a row's three passes make three calls per chunk, and small
 * chunks cost 10% on zero-copy buffers. Every mix of zero-copy buffers and ordinary arrays takes these
 * same chunks, so that they agree bit for bit (the sums' order).
 */
function softmaxLong(w: WasmBackend, k: Record<string, Kernel>, x: FloatArray, out: FloatArray): void {
  const chunk = w.scratchBytes / x.BYTES_PER_ELEMENT;
  const s = w.scratch;
  const heap = w.heap(x);
  const n = x.length;
  const xo = w.owns(x);
  const oo = w.owns(out);
  const m = rowMax(w, k.max!, heap, x, xo, chunk);
  let sum = 0;
  for (let i = 0; i < n; i += chunk) {
    const c = Math.min(chunk, n - i);
    sum += k.sumexp!(w.input(heap, x, xo, i, c, s), w.output(out, oo, i, s), c, m);
    w.flush(heap, out, oo, i, c, s);
  }
  for (let i = 0; i < n; i += chunk) {
    const c = Math.min(chunk, n - i);
    k.rescale!(w.input(heap, out, oo, i, c, s), w.output(out, oo, i, s), c, sum);
    w.flush(heap, out, oo, i, c, s);
  }
}

/**
 * log-softmax over a row longer than the scratch region, in the chunks of softmaxLong: the max; then
 * T (the sum of exp(x − max) over x < max, compensated across chunks) and the number of maxima; then
 * y = (x − max) − L (`shift`). L = log1p(T) when there is one maximum, so that y keeps relative
 * accuracy at a peaked row's max; where T is so small that the kernel's terms may be subnormal (f32:
 * T < 2^−80; f64: T < 2^−960), T is recomputed here (as the kernels' own slow paths do).
 */
function logSoftmaxLong(w: WasmBackend, k: Record<string, Kernel>, f32: boolean, x: FloatArray, out: FloatArray): void {
  const chunk = w.scratchBytes / x.BYTES_PER_ELEMENT;
  const s = w.scratch;
  const heap = w.heap(x);
  const n = x.length;
  const xo = w.owns(x);
  const oo = w.owns(out);
  const m = rowMax(w, k.max!, heap, x, xo, chunk);
  let sum = 0;
  let comp = 0;
  let count = 0;
  for (let i = 0; i < n; i += chunk) {
    const c = Math.min(chunk, n - i);
    const e = k.sumexp!(w.input(heap, x, xo, i, c, s), c, m);
    count += k.count!();
    const u = sum + e;
    comp += Math.abs(sum) >= Math.abs(e) ? sum - u + e : e - u + sum;
    sum = u;
  }
  sum += comp;
  let l = count === 1 ? Math.log1p(sum) : Math.log(count + sum);
  if (count === 1 && sum < (f32 ? 2 ** -80 : 2 ** -960)) l = tinyBelowSum(x, m);
  for (let i = 0; i < n; i += chunk) {
    const c = Math.min(chunk, n - i);
    k.shift!(w.input(heap, x, xo, i, c, s), w.output(out, oo, i, s), c, m, l);
    w.flush(heap, out, oo, i, c, s);
  }
}

/** The max of a long row, chunk by chunk (NaN wins). */
function rowMax(w: WasmBackend, max: Kernel, heap: FloatArray, x: FloatArray, xo: boolean, chunk: number): number {
  const n = x.length;
  let m = -Infinity;
  for (let i = 0; i < n; i += chunk) {
    const c = Math.min(chunk, n - i);
    const mi = max(w.input(heap, x, xo, i, c, w.scratch), c);
    m = mi > m || mi !== mi ? mi : m;
  }
  return m;
}

/**
 * log-softmax's T = sum of exp(x − m) over x < m for a row whose T is tiny (then log1p(T) = T): as
 * exp(−600)·sum of exp(d + 600)·(1 + lo), d + lo = x − m exactly (two-sum); d + 600 is exact wherever
 * T is this small (every d < −665), and nothing underflows before the one final product.
 */
function tinyBelowSum(x: FloatArray, m: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const d = v - m;
    if (d === 0 || d < -1400) continue;
    const bb = d - v;
    const lo = v - (d - bb) + (-m - bb);
    const e = Math.exp(d + 600);
    s += e + e * lo;
  }
  return s * Math.exp(-600);
}

/**
 * A line of an axis derivative longer than the scratch region: the sum chunk by chunk (the kernel
 * adds each chunk's into a double-double kept in linear memory after the two chunks), then dx.
 */
function gradLong(w: WasmBackend, k: Record<string, Kernel>, a: FloatArray, b: FloatArray, out: FloatArray): void {
  const bpe = a.BYTES_PER_ELEMENT;
  const chunk = CHUNK_BYTES / bpe;
  const sa = w.scratch;
  const sb = sa + CHUNK_BYTES;
  const acc = sb + CHUNK_BYTES;
  const heap = w.heap(a);
  const n = a.length;
  const ao = w.owns(a);
  const bo = w.owns(b);
  const oo = w.owns(out);
  const sum = new Float64Array(w.buffer(), acc, 2);
  sum.fill(0);
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    k.reduce!(w.input(heap, a, ao, i, m, sa), w.input(heap, b, bo, i, m, sb), m, acc);
  }
  const [hi, lo] = [sum[0]!, sum[1]!];
  for (let i = 0; i < n; i += chunk) {
    const m = Math.min(chunk, n - i);
    k.apply!(w.input(heap, a, ao, i, m, sa), w.input(heap, b, bo, i, m, sb), w.output(out, oo, i, sa), m, hi, lo);
    w.flush(heap, out, oo, i, m, sa);
  }
}

// ---- the descriptions ----

/**
 * softmax's module also holds softmin's kernels, which are softmax's code on −x: one module for the
 * two (one copy of that code for an app that imports both; 1 kB more for one that imports softmax alone).
 */
const SOFTMAX_WASM = /* @__PURE__ */ fusedModule('softmax', softmaxWasm);

export const SOFTMAX = {
  name: 'softmax',
  kind: 'axis',
  kernel: 'softmax',
  wasm: SOFTMAX_WASM,
  js: twin.softmax,
  longRow: SOFTMAX_PASSES,
  axisKernels,
  params: [],
  formula: 'exp(x - max) / sum(exp(x - max)) along axis',
  bound: { f32: { ulp: 4 }, f64: { ulp: 4 } },
  differs: 'Any axis (tf.softmax refuses all but the last); a NaN or +Infinity anywhere makes the row NaN, as in PyTorch.',
  grad: {
    kernel: 'softmax_grad',
    js: twin.softmax_grad,
    longRow: GRAD_PASSES,
    formula: 'y · (dy − sum(y · dy)) along axis, from the output y (as PyTorch)',
    // f64: where dy ≈ sum(y·dy) to 2^−60 and closer, dx is below the compensated sum's resolution
    // (about n·2^−54 ULP of max|dy|: 2^−40 for lines of 10,000; 2.8e−16 measured).
    bound: { f32: { ulp: 1 }, f64: { ulp: 2, dyUlp: 9.094947017729282e-13 /* 2^-40 */ } },
  },
} as const satisfies AxisSpec;

export const LOG_SOFTMAX = {
  name: 'logSoftmax',
  kind: 'axis',
  kernel: 'log_softmax',
  wasm: /* @__PURE__ */ fusedModule('logSoftmax', logSoftmaxWasm),
  js: twin.log_softmax,
  longRow: LOG_SOFTMAX_PASSES,
  axisKernels,
  params: [],
  formula: '(x - max) - log(sum(exp(x - max))) along axis',
  bound: { f32: { ulp: 2 }, f64: { ulp: 3 } },
  differs: 'Any axis (tf.logSoftmax refuses all but the last); a NaN or +Infinity anywhere makes the row NaN and −Infinity gives −Infinity, as in PyTorch.',
  grad: {
    kernel: 'log_softmax_grad',
    js: twin.log_softmax_grad,
    longRow: GRAD_PASSES,
    formula: 'dy − exp(y) · sum(dy) along axis, from the output y (as PyTorch)',
    // Where dy ≈ exp(y)·sum(dy), dx cancels and the f64 rounding of exp(y)·sum(dy) remains: f32
    // within 2^−28 ULP of max|dy| (2^−29 measured), f64 within 4 ULP of max|dy| (3 measured).
    bound: { f32: { ulp: 1, dyUlp: 3.725290298461914e-9 /* 2^-28 */ }, f64: { ulp: 4, dyUlp: 4 } },
  },
} as const satisfies AxisSpec;

/** softmin's js twin: softmax of −x, negated into out (exact), then softmax's twin in place there. */
function softmin(x: FloatArray, out: FloatArray, view: AxisView): void {
  for (let i = 0; i < x.length; i++) out[i] = -x[i]!;
  twin.softmax(out, out, view);
}

/** softminGrad's js twin: −(softmaxGrad's dx), exact. */
function softminGrad(y: FloatArray, dy: FloatArray, out: FloatArray, view: AxisView): void {
  twin.softmax_grad(y, dy, out, view);
  for (let i = 0; i < out.length; i++) out[i] = -out[i]!;
}

export const SOFTMIN = {
  name: 'softmin',
  kind: 'axis',
  kernel: 'softmin',
  wasm: SOFTMAX_WASM,
  js: softmin,
  longRow: SOFTMAX_PASSES,
  axisKernels,
  params: [],
  formula: 'softmax(-x) along axis',
  // softmax's kernels on −x (negation is exact): softmax's results of −x bit for bit, so its bounds
  // (measured: 2 ULP f32, node scripts/accuracy.mjs; 2 ULP f64 on wasm, 3 on js, 1e6 outputs).
  bound: { f32: { ulp: 4 }, f64: { ulp: 4 } },
  differs: 'PyTorch\'s softmin (dim: any axis); tf.js has none. A NaN or −Infinity anywhere makes the row NaN, +Infinity gives 0 (softmax of −x).',
  grad: {
    kernel: 'softmin_grad',
    js: softminGrad,
    longRow: GRAD_PASSES,
    formula: '−y · (dy − sum(y · dy)) along axis, from the output y (as PyTorch)',
    // Exactly −softmaxGrad(y, dy): its bounds (see SOFTMAX).
    bound: { f32: { ulp: 1 }, f64: { ulp: 2, dyUlp: 9.094947017729282e-13 /* 2^-40 */ } },
  },
} as const satisfies AxisSpec;
