// Zero-copy buffers: functions run on arrays in the module's memory with no copy; the lifetime rules
// (re-read .array after an allocate that grows memory; nothing after free) are enforced with errors.
import { afterEach, describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { allocate, relu, setBackend, sigmoid, sigmoidGrad, softmax } from '../dist/index.js';
import { uniform } from './support/inputs';

const held: { free(): void }[] = [];
const alloc = ((n: number, t?: Float32ArrayConstructor | Float64ArrayConstructor) => {
  const b = allocate(n, t as Float32ArrayConstructor);
  held.push(b);
  return b;
}) as typeof allocate;
afterEach(() => {
  held.splice(0).forEach((b) => b.free());
  setBackend('auto');
});

describe.each(['wasm', 'js'] as const)('%s backend', (backend) => {
  it('gives zeroed arrays of the requested type whose results equal those of ordinary arrays', () => {
    setBackend(backend);
    const x = uniform(1003, -9, 9, 1) as Float32Array;
    const a = alloc(1003);
    expect(a.array).toBeInstanceOf(Float32Array);
    expect(a.array.every((v) => v === 0)).toBe(true);
    a.array.set(x);
    const out = alloc(1003);
    expect(sigmoid(a.array, { out: out.array })).toBe(out.array);
    expect(out.array).toEqual(sigmoid(x));
    sigmoid(a.array, { out: a.array });
    expect(a.array).toEqual(sigmoid(x));
    const d = alloc(7, Float64Array);
    expect(d.array).toBeInstanceOf(Float64Array);
    d.array.set([1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(softmax(d.array))).toEqual(Array.from(softmax(new Float64Array([1, 2, 3, 4, 5, 6, 7]))));
    // Axis functions on buffers: rows run in place of the scratch copies.
    const rows = alloc(4000);
    const probs = alloc(4000);
    const logits = uniform(4000, -20, 20, 3) as Float32Array;
    rows.array.set(logits);
    lib.softmax(rows.array, { shape: [4, 1000], out: probs.array });
    expect(probs.array).toEqual(lib.softmax(logits, { shape: [4, 1000] }));
    lib.softmax(rows.array, { shape: [4, 1000], out: rows.array });
    expect(rows.array).toEqual(probs.array);
    const dy = alloc(1003);
    dy.array.fill(1);
    expect(sigmoidGrad(x, dy.array)).toEqual(sigmoidGrad(x, new Float32Array(1003).fill(1)));
  });
});

it('a view kept across a memory grow is refused with a TypeError, the fresh view works', () => {
  const a = alloc(16);
  const stale = a.array;
  stale.fill(-1);
  alloc(8_000_000); // 32 MB: grows memory, detaching the old buffer
  expect(stale.length).toBe(0);
  expect(() => relu(stale)).toThrow(TypeError);
  expect(() => relu(stale)).toThrow(/detached when memory grew/);
  expect(() => relu(new Float32Array(0), { out: stale })).toThrow(/options\.out is a view of wasm memory detached/);
  expect(Array.from(relu(a.array))).toEqual(new Array(16).fill(0)); // contents survived the grow
});

it('ordinary arrays keep working across a grow: the backend re-makes its cached views of memory', () => {
  setBackend('wasm');
  const x = uniform(1000, -9, 9, 5) as Float32Array;
  const before = sigmoid(x); // caches the memory buffer, the heap views and the scratch region
  const grad = sigmoidGrad(x, x);
  alloc(16);
  alloc(8_000_000); // grows memory: each cached view is now of a detached buffer
  expect(sigmoid(x)).toEqual(before);
  expect(sigmoidGrad(x, x)).toEqual(grad);
  const b = alloc(1000);
  b.array.set(x);
  expect(sigmoid(b.array)).toEqual(before); // a fresh view after the grow runs in place of a copy
});

it('use after free: .array throws, kept views are refused, free is idempotent, memory is reused', () => {
  const a = alloc(100);
  const view = a.array;
  const offset = view.byteOffset;
  a.free();
  expect(a.freed).toBe(true);
  expect(() => a.array).toThrow(/used after free/);
  expect(() => sigmoid(view)).toThrow(RangeError);
  expect(() => sigmoid(view)).toThrow(/freed wasm memory/);
  a.free();
  const b = alloc(100);
  expect(b.array.byteOffset).toBe(offset);
  expect(sigmoid(b.array).length).toBe(100);
});

it('Symbol.dispose frees (for `using`)', () => {
  const a = allocate(4);
  a[Symbol.dispose]();
  expect(a.freed).toBe(true);
});

it('bad arguments', () => {
  expect(() => allocate(-1)).toThrow(RangeError);
  expect(() => allocate(1.5)).toThrow(/length must be a non-negative integer/);
  expect(() => allocate(4, Int32Array as never)).toThrow(TypeError);
});

it('many buffers of mixed sizes: no overlap, freed neighbours coalesce', () => {
  const bufs = Array.from({ length: 50 }, (_, i) => allocate(1 + ((i * 37) % 300)));
  bufs.forEach((b, i) => b.array.fill(i));
  bufs.forEach((b, i) => expect(b.array.every((v) => v === i)).toBe(true));
  const offsets = bufs.map((b) => b.array.byteOffset);
  const ends = bufs.map((b) => b.array.byteOffset + b.array.byteLength);
  for (let i = 0; i < 50; i++) for (let j = i + 1; j < 50; j++) expect(ends[i]! <= offsets[j]! || ends[j]! <= offsets[i]!).toBe(true);
  bufs.filter((_, i) => i % 2).forEach((b) => b.free());
  bufs.filter((_, i) => i % 2 === 0).forEach((b) => b.free());
  // Only a coalesced free region can hold all of them again at the lowest offset.
  const total = ends.reduce((a, b) => Math.max(a, b)) - Math.min(...offsets);
  const big = alloc(total / 4);
  expect(big.array.byteOffset).toBe(Math.min(...offsets));
});

describe('issue 13, defect 5: a view of freed memory is refused even after its region was reused', () => {
  it('the reproduction: relu(stale, { out: stale }) after allocate handed the region to b2', () => {
    const b1 = allocate(256);
    const stale = b1.array;
    b1.free();
    const b2 = alloc(256);
    expect(b2.array.byteOffset).toBe(stale.byteOffset); // the region was reused
    b2.array.fill(-5);
    expect(() => relu(stale, { out: stale })).toThrow(RangeError);
    expect(() => relu(stale, { out: stale })).toThrow(/^x is a view of freed wasm memory/);
    expect(b2.array.every((v) => v === -5)).toBe(true);
  });

  it('every array argument is checked: x, y, dy, slopes and out, on both backends', () => {
    for (const backend of ['wasm', 'js'] as const) {
      setBackend(backend);
      const b1 = allocate(8);
      const stale = b1.array;
      b1.free();
      const live = alloc(8);
      live.array.fill(-5);
      expect(live.array.byteOffset).toBe(stale.byteOffset);
      const x = new Float32Array(8).fill(1);
      const cases: [string, () => unknown][] = [
        ['x', () => lib.sigmoid(stale)],
        ['options.out', () => lib.sigmoid(x, { out: stale })],
        ['x', () => lib.sigmoidGrad(stale, x)],
        ['dy', () => lib.sigmoidGrad(x, stale)],
        ['options.out', () => lib.sigmoidGrad(x, x, { out: stale })],
        ['y', () => lib.softmaxGrad(stale, x)],
        ['dy', () => lib.logSoftmaxGrad(x, stale)],
        ['options.out', () => lib.softmax(x, { out: stale, shape: [2, 4], axis: 0 })],
        ['x', () => lib.prelu(stale, Float32Array.of(0.5))],
        ['slopes', () => lib.prelu(x, stale)],
        ['slopes', () => lib.prelu(x, stale.subarray(0, 1))],
        ['options.out', () => lib.prelu(x, Float32Array.of(0.5), { out: stale })],
        ['x', () => lib.preluGrad(stale, x, Float32Array.of(0.5))],
        ['dy', () => lib.preluGrad(x, stale, Float32Array.of(0.5))],
        ['slopes', () => lib.preluGrad(x, x, stale)],
        ['options.out', () => lib.preluGrad(x, x, Float32Array.of(0.5), { out: stale })],
      ];
      for (const [argument, call] of cases) {
        expect(call, `${backend}: ${argument}`).toThrow(RangeError);
        expect(call, `${backend}: ${argument}`).toThrow(new RegExp(`^${argument.replace('.', '\\.')} is a view of (freed wasm memory|wasm memory that no live buffer handed out)`));
      }
      expect(live.array.every((v) => v === -5)).toBe(true);
      live.free();
    }
  });

  it('views the caller made of wasm memory are refused; buf.subarray(begin, end) gives one that is accepted', () => {
    const b = alloc(16);
    b.array.set(Array.from({ length: 16 }, (_, i) => i - 8));
    expect(() => relu(b.array.subarray(2, 6))).toThrow(/^x is a view of wasm memory that no live buffer handed out: pass buf\.array or buf\.subarray/);
    expect(() => relu(new Float32Array(b.array.buffer, b.array.byteOffset, 16))).toThrow(RangeError);
    const part = b.subarray(2, 6);
    expect(Array.from(part)).toEqual([-6, -5, -4, -3]);
    expect(relu(part, { out: part })).toBe(part);
    expect(Array.from(b.array)).toEqual([-8, -7, 0, 0, 0, 0, ...Array.from({ length: 10 }, (_, i) => i - 2)]);
    expect(b.subarray(16).length).toBe(0);
    expect(b.subarray(3).length).toBe(13);
    for (const [begin, end] of [[-1, 4], [0, 17], [5, 4], [0.5, 2], [NaN, 2], ['1', 2]] as const) {
      expect(() => b.subarray(begin as number, end), `${begin}, ${end}`).toThrow(RangeError);
    }
    b.free();
    expect(() => b.subarray(0, 1)).toThrow(/used after free/);
    expect(() => relu(part)).toThrow(/^x is a view of freed wasm memory/);
  });
});

describe('issue 13, defect 6: the allocator internals are not exported and validate their arguments', () => {
  it('WasmBuffer is a type only, and its constructor (reachable as buf.constructor) refuses every call', () => {
    expect((lib as Record<string, unknown>).WasmBuffer).toBeUndefined();
    const Ctor = alloc(1).constructor as new (...args: unknown[]) => unknown;
    for (const length of [NaN, undefined, 1.5, '8', -0.5, 8]) {
      expect(() => new Ctor(length, Float32Array), String(length)).toThrow(TypeError);
      expect(() => new Ctor(length, Float32Array), String(length)).toThrow(/^WasmBuffer cannot be constructed directly: use allocate/);
    }
  });

  it('after those attempts, buffers do not overlap each other or the scratch region', () => {
    const Ctor = alloc(1).constructor as new (...args: unknown[]) => unknown;
    expect(() => new Ctor(NaN, Float32Array)).toThrow(TypeError);
    const a = alloc(60_000);
    const b = alloc(1000);
    expect(a.array.byteOffset + a.array.byteLength <= b.array.byteOffset || b.array.byteOffset + b.array.byteLength <= a.array.byteOffset).toBe(true);
    a.array.fill(3);
    b.array.fill(4);
    setBackend('wasm');
    sigmoid(new Float32Array(5000)); // streams through the scratch region
    expect(a.array.every((v) => v === 3)).toBe(true);
    expect(b.array.every((v) => v === 4)).toBe(true);
  });
});

// The README's lifetime rules, one test per rule, each for every array argument it names.
describe("README's zero-copy lifetime rules, as written", () => {
  /** One call per array argument: [argument name, call with v in that place]. */
  const ARGS: [string, (v: Float32Array) => unknown][] = [
    ['x', (v) => lib.sigmoid(v)],
    ['y', (v) => lib.softmaxGrad(v, new Float32Array(v.length))],
    ['dy', (v) => lib.sigmoidGrad(new Float32Array(v.length), v)],
    ['slopes', (v) => lib.prelu(new Float32Array(v.length), v)],
    ['options.out', (v) => lib.sigmoid(new Float32Array(v.length), { out: v })],
  ];
  const refused = (call: () => unknown, type: typeof TypeError | typeof RangeError, argument: string, what: RegExp) => {
    expect(call, argument).toThrow(type);
    expect(call, argument).toThrow(new RegExp(`^${argument.replace('.', '\\.')} is a view of ${what.source}`));
  };

  it('a view detached by a later allocate() is a TypeError naming the argument; buf.array read again works', () => {
    for (const backend of ['wasm', 'js'] as const) {
      setBackend(backend);
      for (const [argument, call] of ARGS) {
        const b = alloc(8);
        const old = b.array;
        const size = old.buffer.byteLength;
        alloc((size - old.byteOffset - old.byteLength) / 4 + 16); // b is at the top of the heap: past the end of memory
        expect(old.length).toBe(0);
        expect(b.array.buffer.byteLength).toBeLessThan(size + 2 ** 20); // a page or two, not a doubling
        refused(() => call(old), TypeError, argument, /wasm memory detached when memory grew/);
        expect(() => call(b.array), argument).not.toThrow();
        expect(b.array).toBe(b.array); // re-made only when memory moved
      }
    }
  });

  it('only views a live buffer handed out are accepted: buf.array and buf.subarray(begin, end); views you made, and views of freed buffers (also after reuse), are a RangeError naming the argument', () => {
    for (const backend of ['wasm', 'js'] as const) {
      setBackend(backend);
      for (const [argument, call] of ARGS) {
        const b = alloc(8);
        expect(() => call(b.array), argument).not.toThrow();
        expect(() => call(b.subarray(0, 8)), argument).not.toThrow();
        expect(b.subarray(2).length).toBe(6);
        refused(() => call(b.array.subarray(0, 8)), RangeError, argument, /wasm memory that no live buffer handed out/);
        refused(() => call(new Float32Array(b.array.buffer, b.array.byteOffset, 8)), RangeError, argument, /wasm memory that no live buffer handed out/);
        const [whole, part] = [b.array, b.subarray(0, 8)];
        b.free();
        refused(() => call(whole), RangeError, argument, /freed wasm memory/);
        refused(() => call(part), RangeError, argument, /freed wasm memory/);
        const reuse = alloc(8);
        expect(reuse.array.byteOffset).toBe(whole.byteOffset);
        refused(() => call(whole), RangeError, argument, /freed wasm memory/);
        refused(() => call(part), RangeError, argument, /freed wasm memory/);
        expect(() => call(reuse.array), argument).not.toThrow();
      }
    }
  });

  it('free() is idempotent, Symbol.dispose frees, and afterwards buf.array and buf.subarray() throw', () => {
    const b = allocate(4);
    b.free();
    b.free();
    expect(b.freed).toBe(true);
    expect(() => b.array).toThrow(/used after free/);
    expect(() => b.subarray(0, 1)).toThrow(/used after free/);
    const d = allocate(4);
    d[Symbol.dispose]();
    expect(d.freed).toBe(true);
    expect(() => d.array).toThrow(/used after free/);
  });

  it('allocate(length) that cannot fit is a RangeError naming the length; the buffers already allocated are unaffected', () => {
    const b = alloc(100);
    b.array.fill(2);
    const before = b.array.byteOffset;
    for (const n of [2 ** 31, 2 ** 53]) expect(() => allocate(n)).toThrow(new RegExp(`^allocate: length ${n} `));
    expect(b.array.byteOffset).toBe(before);
    expect(b.array.every((v) => v === 2)).toBe(true);
    expect(relu(b.array)[0]).toBe(2);
  });

  it('memory is reused after free()', () => {
    const a = allocate(1000);
    const at = a.array.byteOffset;
    a.free();
    expect(alloc(1000).array.byteOffset).toBe(at);
  });

  it('buffers come from allocate() only: WasmBuffer is a type, its constructor throws a TypeError', () => {
    expect((lib as Record<string, unknown>).WasmBuffer).toBeUndefined();
    const Ctor = alloc(1).constructor as new (...args: unknown[]) => unknown;
    expect(() => new Ctor(8, Float32Array)).toThrow(TypeError);
  });
});
