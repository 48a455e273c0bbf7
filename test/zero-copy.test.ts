// Zero-copy on every path of the wasm backend: a function given arrays that live in the module's
// memory (allocate()) reads and writes them in place, whatever the function and its shape (long rows,
// strided axes, prelu's channel runs and patterns, derivatives), and a mix of buffers and ordinary
// arrays copies only the ordinary ones (but for a strided axis whose slab exceeds the scratch region,
// where a mix gathers blocks of every array). Each mix must give bit for bit the result of ordinary arrays, and the
// all-buffers call must not copy at all (no TypedArray.prototype.set of an argument).
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as lib from '../dist/index.js';
import { allocate, setBackend } from '../dist/index.js';
import { expectSame, firstDiff } from './support/compare';
import { uniform } from './support/inputs';

type F = Float32Array | Float64Array;
const held: { free(): void }[] = [];
afterEach(() => {
  held.splice(0).forEach((b) => b.free());
  setBackend('auto');
});

/** Copies of the arrays in wasm memory, all allocated before any view is taken (an allocate may grow memory). */
function inWasm(arrays: F[]): F[] {
  const bufs = arrays.map((a) => allocate(a.length, a.constructor as Float32ArrayConstructor));
  held.push(...bufs);
  return bufs.map((b, i) => {
    b.array.set(arrays[i]!);
    return b.array;
  });
}

/** Whether typed arrays a and b share any byte. */
const overlaps = (a: ArrayBufferView, b: ArrayBufferView) =>
  a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;

/**
 * Runs call(args..., out) with every mix of ordinary arrays and buffers for the array arguments and
 * out, and compares each with the all-ordinary result (and what call returns besides, e.g. dslopes).
 * In the all-buffers call, no TypedArray.prototype.set may copy from or into an argument or out.
 */
function everyMix(inputs: F[], call: (args: F[], out: F) => unknown): void {
  const like = () => new (inputs[0]!.constructor as Float32ArrayConstructor)(inputs[0]!.length);
  const expected = like();
  const extra = call(inputs.map((a) => a.slice()), expected);
  const k = inputs.length + 1;
  for (let mask = 1; mask < 1 << k; mask++) {
    const plain = [...inputs, like()].map((a) => a.slice());
    const bufs = inWasm(plain.filter((_, i) => mask & (1 << i)));
    const all = plain.map((a, i) => (mask & (1 << i) ? bufs.shift()! : a));
    const originals = all.map((a) => a.slice());
    const out = all.pop()!;
    const args = all;
    const set = vi.spyOn(Object.getPrototypeOf(Float32Array.prototype), 'set');
    let got: unknown;
    let copies: number;
    try {
      got = call(args, out);
      copies = set.mock.calls.filter(([src], i) => {
        const dst = set.mock.contexts[i] as ArrayBufferView;
        return [...args, out].some((a) => overlaps(a, dst) || (ArrayBuffer.isView(src) && overlaps(a, src)));
      }).length;
    } finally {
      set.mockRestore(); // (also clears the recorded calls)
    }
    if (mask === (1 << k) - 1) expect(copies, 'copies of an argument in an all-buffers call').toBe(0);
    // The control: with ordinary inputs (longer than the plain-loop copy limit), the spy sees their copies.
    if (mask === 1 << inputs.length && inputs[0]!.length > 32) expect(copies, 'copies seen with ordinary inputs').toBeGreaterThan(0);
    expectSame(out, expected, `mix ${mask.toString(2)}`);
    args.forEach((a, i) => expectSame(a, originals[i]!, `input ${i} unchanged, mix ${mask.toString(2)}`));
    // What the call returns: out itself, or (preluGrad) the dslopes as an array.
    if (extra !== undefined) expectSame(got as ArrayLike<number>, extra as ArrayLike<number>, `result, mix ${mask.toString(2)}`);
  }
}

describe.each(['f32', 'f64'] as const)('%s', (t) => {
  const u = (n: number, seed: number, lo = -9, hi = 9) => uniform(n, lo, hi, seed, t) as F;
  // Longer than the 256 KiB scratch region, so that the long-row passes run.
  const long = t === 'f32' ? 70_000 : 35_000;

  it('elementwise and derivative functions', () => {
    setBackend('wasm');
    for (const n of [5, 1003, 20_000]) {
      everyMix([u(n, 1)], ([x], out) => lib.elu(x!, { out }));
      everyMix([u(n, 2), u(n, 3)], ([x, dy], out) => lib.sigmoidGrad(x!, dy!, { out }));
    }
  });

  it('axis functions: rows that fit the scratch region, rows longer than it, and their derivatives', () => {
    setBackend('wasm');
    everyMix([u(3000, 4, -40, 40)], ([x], out) => lib.softmax(x!, { shape: [3, 1000], out }));
    everyMix([u(long, 5, -40, 40)], ([x], out) => lib.softmax(x!, { out }));
    everyMix([u(long, 6, -40, 40)], ([x], out) => lib.logSoftmax(x!, { out }));
    const y = lib.softmax(u(long, 7, -5, 5));
    everyMix([y, u(long, 8)], ([p, dy], out) => lib.softmaxGrad(p!, dy!, { out }));
    everyMix([u(3000, 9), u(3000, 10)], ([p, dy], out) => lib.logSoftmaxGrad(p!, dy!, { shape: [3, 1000], out }));
    // softmin negates each line into the destination (out, or scratch) and runs softmax's kernels there.
    everyMix([u(3000, 22, -40, 40)], ([x], out) => lib.softmin(x!, { shape: [3, 1000], out }));
    everyMix([u(long, 23, -40, 40)], ([x], out) => lib.softmin(x!, { out }));
    everyMix([lib.softmin(u(long, 24, -5, 5)), u(long, 25)], ([p, dy], out) => lib.softminGrad(p!, dy!, { out }));
  });

  it('axis functions along a strided axis: whole slabs, gathered blocks, and in place on buffers', () => {
    setBackend('wasm');
    // [3, 50, 7] axis 1: slabs of 350 that fit the scratch region; [200, 400] axis 0: a slab of 80,000
    // elements does not (f32: 65,536; f64: 32,768), so ordinary arrays go through gathered blocks.
    for (const [shape, axis] of [[[3, 50, 7], 1], [[200, 400], 0]] as const) {
      const n = shape.reduce((a: number, b: number) => a * b, 1);
      const o = { shape: [...shape], axis };
      everyMix([u(n, 15, -30, 30)], ([x], out) => lib.softmax(x!, { ...o, out }));
      everyMix([u(n, 16, -30, 30)], ([x], out) => lib.logSoftmax(x!, { ...o, out }));
      const y = lib.softmax(u(n, 17, -5, 5), o);
      everyMix([y, u(n, 18)], ([p, dy], out) => lib.softmaxGrad(p!, dy!, { ...o, out }));
      everyMix([lib.logSoftmax(u(n, 19, -5, 5), o), u(n, 20)], ([p, dy], out) => lib.logSoftmaxGrad(p!, dy!, { ...o, out }));
      everyMix([u(n, 26, -30, 30)], ([x], out) => lib.softmin(x!, { ...o, out }));
      everyMix([lib.softmin(u(n, 27, -5, 5), o), u(n, 28)], ([p, dy], out) => lib.softminGrad(p!, dy!, { ...o, out }));
    }
  });

  it('axis functions in place (out === x), on a buffer and on an ordinary array: long rows, gathered blocks', () => {
    setBackend('wasm');
    // softmax's long-row passes write the terms to out before the last pass rescales them: in place,
    // that overwrites x chunk by chunk, after the chunk was read.
    const cases = [[[long], -1], [[200, 400], 0]] as const;
    for (const name of ['softmax', 'logSoftmax', 'softmin'] as const) {
      for (const [shape, axis] of cases) {
        const n = shape.reduce((a: number, b: number) => a * b, 1);
        const x = u(n, 21, -30, 30);
        const o = { shape: [...shape], axis };
        const want = lib[name](x, o);
        const plain = x.slice();
        expect(lib[name](plain, { ...o, out: plain })).toBe(plain);
        expect(firstDiff(plain, want), `${name} ${shape} ordinary`).toBe(-1);
        const [buf] = inWasm([x]);
        expect(lib[name](buf!, { ...o, out: buf })).toBe(buf);
        expect(firstDiff(buf!, want), `${name} ${shape} buffer`).toBe(-1);
      }
    }
  });

  it('prelu and preluGrad: channel runs and slope patterns', () => {
    setBackend('wasm');
    const slopes = u(8, 11, -0.5, 0.5);
    for (const shape of [[2, 8, 300], [40, 8, 3]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      everyMix([u(n, 12)], ([x], out) => lib.prelu(x!, slopes, { shape, out }));
      // dslopes is part of the result: it must not depend on where the arrays live either.
      everyMix([u(n, 13), u(n, 14)], ([x, dy], out) => Array.from(lib.preluGrad(x!, dy!, slopes, { shape, out }).dslopes));
    }
  });
});
