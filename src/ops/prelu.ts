// prelu's host code on wasm: per-channel slopes along an axis (outer × channels × inner). Long runs
// of one channel go through leaky_relu with that channel's slope; shorter ones pair x with a pattern
// of per-element slopes built in scratch (the prelu kernel), and the derivative sums x·dy per channel.

import { CHUNK_BYTES, type WasmBackend } from '../backends/wasm';
import type { AxisView, FloatArray } from '../types';
import type { ChannelSpec, SpecBase } from '../spec';
import * as pjs from '../backends/piecewise-js';
import { LEAKY_RELU_WASM } from './piecewise';

/**
 * Runs of one channel (inner elements) are at least this long: each goes through leaky_relu with
 * that channel's slope; shorter runs pair x with a pattern of per-element slopes instead.
 */
export const PRELU_RUN = 256;

/** The per-element slopes of positions [a, b) of one period (channels × inner), at element `at`. */
function slopePattern(heap: FloatArray, at: number, slopes: FloatArray, inner: number, a: number, b: number): void {
  if (inner === 1) {
    heap.set(slopes.subarray(a, b), at);
    return;
  }
  for (let c = Math.floor(a / inner); c * inner < b; c++) {
    heap.fill(slopes[c]!, at + Math.max(a, c * inner) - a, at + Math.min(b, (c + 1) * inner) - a);
  }
}

/**
 * The pieces of the pattern case: `period` elements repeat `outer` times. A period that fits a
 * chunk is tiled (k periods per call); a longer one is cut into near-equal pieces, each streamed for
 * every row while its pattern stays in place. Calls visit(i, m, a): m elements of x from i, at
 * offset a of the (tiled) pattern.
 */
function pieces(outer: number, period: number, chunk: number, build: (a: number, b: number, tiles: number) => void, visit: (i: number, m: number, a: number) => void, done?: (a: number, b: number) => void): void {
  if (period <= chunk) {
    const tiles = Math.floor(chunk / period);
    build(0, period, Math.min(tiles, outer));
    for (let o = 0; o < outer; o += tiles) visit(o * period, Math.min(tiles, outer - o) * period, 0);
    done?.(0, period);
    return;
  }
  const count = Math.ceil(period / chunk);
  const size = Math.ceil(period / count);
  for (let a = 0; a < period; a += size) {
    const b = Math.min(period, a + size);
    build(a, b, 1);
    for (let o = 0; o < outer; o++) visit(o * period + a, b - a, a);
    done?.(a, b);
  }
}

export function preluWasm(w: WasmBackend, x: FloatArray, slopes: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
  if (slopes.length === 1) {
    w.elementwise(w.kernel('leaky_relu', x)!, x, out, [slopes[0]!]);
    return;
  }
  const bpe = x.BYTES_PER_ELEMENT;
  const chunk = CHUNK_BYTES / bpe;
  const s = w.scratch;
  const heap = w.heap(x);
  const n = x.length;
  const xo = w.owns(x);
  const oo = w.owns(out);
  if (inner >= PRELU_RUN) {
    const leaky = w.kernel('leaky_relu', x)!;
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      const px = w.input(heap, x, xo, i, m, s);
      const po = w.output(out, oo, i, s);
      for (let j = i; j < i + m; ) {
        const r = Math.floor(j / inner);
        const end = Math.min((r + 1) * inner, i + m);
        const off = (j - i) * bpe;
        leaky(px + off, po + off, end - j, slopes[r % len]!);
        j = end;
      }
      w.flush(heap, out, oo, i, m, s);
    }
    return;
  }
  const fn = w.kernel('prelu', x)!;
  const pat = s + CHUNK_BYTES;
  const patAt = pat / bpe;
  pieces(
    outer,
    len * inner,
    chunk,
    (a, b, tiles) => {
      slopePattern(heap, patAt, slopes, inner, a, b);
      for (let k = 1; k < tiles; k++) heap.copyWithin(patAt + k * (b - a), patAt, patAt + (b - a));
    },
    (i, m) => {
      fn(w.input(heap, x, xo, i, m, s), pat, w.output(out, oo, i, s), m);
      w.flush(heap, out, oo, i, m, s);
    },
  );
}

/** dx into dx (may be dy), and acc[c] += the channel's sum of x·dy over x <= 0, in double. */
export function preluGradWasm(w: WasmBackend, x: FloatArray, dy: FloatArray, slopes: FloatArray, dx: FloatArray, acc: Float64Array, { outer, len, inner }: AxisView): void {
  const bpe = x.BYTES_PER_ELEMENT;
  const chunk = CHUNK_BYTES / bpe;
  const s = w.scratch;
  const sd = s + CHUNK_BYTES;
  const heap = w.heap(x);
  const n = x.length;
  const one = slopes.length === 1;
  const xo = w.owns(x);
  const dyo = w.owns(dy);
  const dxo = w.owns(dx);
  if (one || inner >= PRELU_RUN) {
    const run = w.kernel('prelu_grad_run', x)!;
    const r0 = one ? n : inner; // one slope: the whole array is one run
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      const px = w.input(heap, x, xo, i, m, s);
      const pd = w.input(heap, dy, dyo, i, m, sd);
      const po = w.output(dx, dxo, i, s);
      for (let j = i; j < i + m; ) {
        const r = Math.floor(j / r0);
        const end = Math.min((r + 1) * r0, i + m);
        const c = one ? 0 : r % len;
        const off = (j - i) * bpe;
        acc[c]! += run(px + off, pd + off, po + off, end - j, slopes[c]!);
        j = end;
      }
      w.flush(heap, dx, dxo, i, m, s);
    }
    return;
  }
  const fn = w.kernel('prelu_grad', x)!;
  const pat = s + 2 * CHUNK_BYTES;
  const patAt = pat / bpe;
  const accp = s + 3 * CHUNK_BYTES; // f64 sums per position of the (tiled) pattern: chunk doubles
  const accv = () => new Float64Array(w.buffer(), accp, chunk);
  let width = 0;
  pieces(
    outer,
    len * inner,
    chunk,
    (a, b, tiles) => {
      slopePattern(heap, patAt, slopes, inner, a, b);
      for (let k = 1; k < tiles; k++) heap.copyWithin(patAt + k * (b - a), patAt, patAt + (b - a));
      width = tiles * (b - a);
      accv().fill(0, 0, width);
    },
    (i, m) => {
      fn(w.input(heap, x, xo, i, m, s), w.input(heap, dy, dyo, i, m, sd), pat, w.output(dx, dxo, i, s), accp, 1, m);
      w.flush(heap, dx, dxo, i, m, s);
    },
    (a, b) => {
      // Fold the sums per position of the pattern into the sums per channel.
      const v = accv();
      const p = b - a;
      for (let base = 0; base < width; base += p) {
        if (inner === 1) {
          for (let k = 0; k < p; k++) acc[a + k]! += v[base + k]!;
          continue;
        }
        for (let j = a; j < b; ) {
          const c = Math.floor(j / inner);
          const end = Math.min(b, (c + 1) * inner);
          let sum = 0;
          for (; j < end; j++) sum += v[base + j - a]!;
          acc[c]! += sum;
        }
      }
    },
  );
}

// ---- the description ----

const exact: SpecBase['bound'] = { f32: { ulp: 0 }, f64: { ulp: 0 } };

export const PRELU = {
  name: 'prelu',
  kind: 'channel',
  kernel: 'prelu',
  jsBelow: { f32: 512, f64: 1024 },
  wasm: LEAKY_RELU_WASM, // leakyRelu's module holds prelu's kernels (and leaky_relu, which prelu runs)
  js: pjs.prelu,
  run: preluWasm,
  params: [],
  formula: 'x < 0 ? slopes[c]·x : x, c the index along the channel axis (a single slope applies everywhere)',
  bound: exact,
  differs: "PyTorch's channel axis (1, or 0 for 1-D input, where PyTorch has one channel); ONNX, tf.js and Keras broadcast the slopes numpy-style over trailing axes: pass { axis: -1 } for channels-last.",
  grad: {
    kernel: 'prelu_grad',
    js: pjs.preluGrad,
    run: preluGradWasm,
    formula: 'dx = dy · (x > 0 ? 1 : slope) (the slope at 0, as PyTorch and tf.js); dslopes[c] = sum of x·dy over x <= 0 (NaN where x is NaN), summed in double',
    bound: exact,
  },
} as const satisfies ChannelSpec;
