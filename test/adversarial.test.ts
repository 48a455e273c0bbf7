// The reproductions of issue 13's audit (defects 3, 4, 7, 8, 10, 11; the buffer defects 5 and 6 are in
// test/buffers.test.ts), each as the auditor tried it and then across its class: every function kind,
// both element types, both backends (and automatic choice where the backend decides). Each one is
// either computed exactly as on ordinary, separate arrays, or refused with a TypeError/RangeError that
// names the argument, leaving every array as it was.
import { afterEach, describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, allocate, setBackend, type ActivationSpec } from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';
import { uniform } from './support/inputs';

type F = Float32Array | Float64Array;
type Any = (...args: unknown[]) => unknown;
const fn = (name: string) => (lib as unknown as Record<string, Any>)[name]!;

const held: { free(): void }[] = [];
const alloc = (n: number, t: Float32ArrayConstructor | Float64ArrayConstructor = Float32Array) => {
  const b = allocate(n, t as Float32ArrayConstructor);
  held.push(b);
  return b;
};
afterEach(() => {
  held.splice(0).forEach((b) => b.free());
  setBackend('auto');
});
/**
 * Grows wasm memory (detaching every view taken before) by a page or so: allocates from the end of b,
 * the buffer allocated last (at the top of the heap: afterEach frees the rest), to just past the end
 * of memory.
 */
const growMemory = (b: { array: F }) => alloc((b.array.buffer.byteLength - b.array.byteOffset - b.array.byteLength) / 4 + 16);

/** Bits of an array, for exact comparisons (NaN payloads and the sign of zero included). */
const bits = (a: F) => Array.from(a instanceof Float32Array ? new Uint32Array(a.slice().buffer) : new BigUint64Array(a.slice().buffer), String);

/**
 * One call per function kind, on (x, second input, out) arrays of one length n: second is dy (or, for
 * prelu, the slopes: length-1 arrays are not companions, so prelu takes n slopes along a [1, n] shape
 * with axis 1, one per element).
 */
const CALLS: readonly { name: string; inputs: number; call: (x: F, second: F, out?: F) => unknown }[] = [
  { name: 'sigmoid', inputs: 1, call: (x, _s, out) => lib.sigmoid(x, { out }) },
  { name: 'celu', inputs: 1, call: (x, _s, out) => lib.celu(x, { alpha: 0.7, out }) },
  { name: 'sigmoidGrad', inputs: 2, call: (x, dy, out) => lib.sigmoidGrad(x, dy, { out }) },
  { name: 'softmax', inputs: 1, call: (x, _s, out) => lib.softmax(x, { shape: [x.length / 8, 8], out }) },
  { name: 'logSoftmax axis 0', inputs: 1, call: (x, _s, out) => lib.logSoftmax(x, { shape: [x.length / 8, 8], axis: 0, out }) },
  { name: 'softmaxGrad', inputs: 2, call: (x, dy, out) => lib.softmaxGrad(x, dy, { shape: [x.length / 8, 8], out }) },
  { name: 'prelu', inputs: 2, call: (x, s, out) => lib.prelu(x, s, { shape: [1, x.length], out }) },
  { name: 'preluGrad', inputs: 2, call: (x, dy, out) => lib.preluGrad(x, dy, dy, { shape: [1, x.length], out }).dx },
];

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe('defect 3: out overlapping an input through another SharedArrayBuffer object', () => {
    // x at element 1 of the memory; out at element 1 + shift of the same memory, through another
    // SharedArrayBuffer object. Shifts of ±1 are the audit's case (each chunk the kernel writes would
    // overwrite inputs of the next); 0 is in place through the alias.
    const n = 10_000; // several wasm chunks, and beyond every js/wasm crossover
    for (const T of [Float32Array, Float64Array]) {
      for (const { name, inputs, call } of CALLS) {
        it(`${T.name} ${name}: structuredClone alias and a shared Memory across grow(), out shifted by -1, 0, +1`, () => {
          const bpe = T.BYTES_PER_ELEMENT;
          for (const how of ['structuredClone', 'grow'] as const) {
            for (const shift of [-1, 0, 1]) {
              let first: ArrayBuffer, second: ArrayBuffer; // (SharedArrayBuffers: TypeScript's typed-array constructors take ArrayBuffer)
              if (how === 'structuredClone') {
                first = new SharedArrayBuffer((n + 2) * bpe * 2) as unknown as ArrayBuffer;
                second = structuredClone(first);
              } else {
                const mem = new WebAssembly.Memory({ initial: 4, maximum: 8, shared: true });
                first = mem.buffer as ArrayBuffer;
                mem.grow(1);
                second = mem.buffer as ArrayBuffer;
              }
              expect(second).not.toBe(first);
              const all = new T(first);
              const values = uniform(all.length, -9, 9, 5 + shift, bpe === 4 ? 'f32' : 'f64');
              all.set(values);
              const x = new T(first, bpe, n);
              const other = new T(first, (n + 2) * bpe, n); // dy or slopes, apart from x
              const want = call(x.slice(), other.slice()) as F;
              const out = new T(second, (1 + shift) * bpe, n);
              expect(call(x, other, out)).toBe(out);
              expect(bits(out), `${how}, shift ${shift}`).toEqual(bits(want));
              if (inputs === 2) expect(bits(other)).toEqual(bits(new T(values.subarray(n + 2, 2 * n + 2))));
            }
          }
        });
      }
    }

    it('the same SharedArrayBuffer object: a partial overlap is still refused, nothing written', () => {
      const sab = new SharedArrayBuffer(4 * 101);
      const all = new Float32Array(sab).fill(3);
      expect(() => lib.sigmoid(new Float32Array(sab, 0, 100), { out: new Float32Array(sab, 4, 100) })).toThrow(/options\.out overlaps/);
      expect(all.every((v) => v === 3)).toBe(true);
    });
  });

  describe('defect 4: options are read once, before any array is examined', () => {
    it('a getter that grows wasm memory detaches the zero-copy x it was given: TypeError naming x', () => {
      const b = alloc(1000);
      b.array.fill(1);
      let reads = 0;
      const options = {
        get alpha() {
          reads++;
          growMemory(b); // b's earlier view is detached
          return 0.5;
        },
      };
      expect(() => lib.leakyRelu(b.array, options)).toThrow(TypeError);
      expect(reads).toBe(1);
      expect(() => lib.leakyRelu(b.array, options)).toThrow(/^x is a view of wasm memory detached when memory grew/);
      expect(b.array.every((v) => v === 1)).toBe(true);
      expect(Array.from(lib.leakyRelu(b.array, { alpha: 0.5 }).subarray(0, 3))).toEqual([1, 1, 1]);
    });

    it('a getter that transfers x.buffer: TypeError naming x, not an array of zeros', () => {
      const x = new Float32Array(1000).fill(1);
      const options = {
        get alpha() {
          structuredClone(x.buffer, { transfer: [x.buffer] });
          return 0.5;
        },
      };
      expect(() => lib.leakyRelu(x, options)).toThrow(/^x is a view of a detached ArrayBuffer/);
    });

    it('a getter that shrinks a resizable buffer: the call sees the shrunk array, whole', () => {
      // Resizable buffers are ES2024 (Node 20 has them); the project's lib is ES2022.
      const ab = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer & { resize(n: number): void })(4000, { maxByteLength: 8000 });
      const x = new Float32Array(ab).fill(-2);
      const y = lib.leakyRelu(x, {
        get alpha() {
          ab.resize(400);
          return 0.5;
        },
      });
      expect(y.length).toBe(100);
      expect(y.every((v) => v === -1)).toBe(true);
    });

    it('a getter that detaches a zero-copy out: TypeError naming options.out', () => {
      const o = alloc(100);
      const x = new Float32Array(100).fill(1);
      const out = o.array;
      expect(() =>
        lib.leakyRelu(x, {
          out,
          get alpha() {
            growMemory(o);
            return 0.5;
          },
        }),
      ).toThrow(/^options\.out is a view of wasm memory detached when memory grew/);
    });

    it('a getter of out, shape or axis runs once too, and before the arrays: a shape getter detaching x is caught', () => {
      const x = new Float32Array(8).fill(1);
      expect(() =>
        lib.softmax(x, {
          get shape() {
            structuredClone(x.buffer, { transfer: [x.buffer] });
            return [2, 4];
          },
        }),
      ).toThrow(/^x is a view of a detached ArrayBuffer/);
    });

    // Every option of every function, given as a getter that counts its reads and returns a value
    // that differs on a second read (so a second read would also change the result).
    it.each(ACTIVATIONS.map((s) => [s.name, s] as const))('%s: each option, and each of its derivative, is read exactly once', (_name, s: ActivationSpec) => {
      const valid: Record<string, unknown> = { out: undefined, shape: [2, 4], axis: -1 };
      for (const p of s.params) valid[p.name] = p.name === 'max' ? 2 : p.default;
      const names = s.kind === 'elementwise' ? ['out', ...s.params.map((p) => p.name)] : ['out', 'shape', 'axis'];
      const x = uniform(8, -3, 3, 1) as Float32Array;
      const calls: [string, (o: object) => unknown][] =
        s.kind === 'channel'
          ? [[s.name, (o) => lib.prelu(x, new Float32Array([0.25]), o)], [`${s.name}Grad`, (o) => lib.preluGrad(x, x, new Float32Array([0.25]), o)]]
          : [[s.name, (o) => fn(s.name)(x, o)], ...(s.grad ? ([[`${s.name}Grad`, (o: object) => fn(`${s.name}Grad`)(s.kind === 'axis' ? lib.softmax(x) : x, x, o)]] as [string, (o: object) => unknown][]) : [])];
      for (const [name, call] of calls) {
        const reads: Record<string, number> = {};
        const options = {};
        for (const k of names) {
          reads[k] = 0;
          Object.defineProperty(options, k, {
            enumerable: true,
            get() {
              reads[k]!++;
              if (reads[k]! > 1) return k === 'out' ? new Float32Array(1) : 'changed';
              return k === 'out' ? new Float32Array(8) : valid[k];
            },
          });
        }
        call(options);
        for (const k of names) expect(reads[k], `${name}: options.${k}`).toBe(1);
      }
    });
  });

  describe('defect 7: a zero dimension returns at once, however large the others', () => {
    const shapes = [
      [[2 ** 31, 2 ** 31, 0], -1],
      [[2 ** 31, 2 ** 31, 0], 1],
      [[0, 2 ** 40], 0],
      [[2 ** 40, 0, 2 ** 40], 0],
      [[2 ** 52, 0], -1],
    ] as const;
    it.each(shapes)('shape %j axis %i: softmax, logSoftmax, their derivatives, prelu and preluGrad, on this backend and under automatic choice', (shape, axis) => {
      for (const choice of [backend, 'auto'] as const) {
        setBackend(choice);
        for (const T of [Float32Array, Float64Array]) {
          const e = new T(0);
          const o = { shape: [...shape], axis };
          for (const name of ['softmax', 'logSoftmax']) {
            expect((fn(name)(e, o) as F).length).toBe(0);
            expect((fn(`${name}Grad`)(e, e, { ...o, out: new T(0) }) as F).length).toBe(0);
          }
          expect(lib.prelu(e, new T(1), o).length).toBe(0);
          expect(lib.preluGrad(e, e, new T([0.5]), o).dslopes.length).toBe(1);
        }
      }
    }, 10_000);
  });

  describe('defect 8: parameters are checked after rounding to the array type', () => {
    it('the reproductions: celu alpha 1e-50, softplus beta 1e39, elu alpha 1e39 on a Float32Array', () => {
      const x = Float32Array.of(-1, -0, 0, 1);
      expect(() => lib.celu(x, { alpha: 1e-50 })).toThrow(RangeError);
      expect(() => lib.celu(x, { alpha: 1e-50 })).toThrow(/^options\.alpha must not be 0 \(1e-50 rounds to 0 in a Float32Array\)/);
      expect(() => lib.softplus(x, { beta: 1e39 })).toThrow(/^options\.beta must be finite in the array's type/);
      expect(() => lib.elu(x, { alpha: 1e39 })).toThrow(/^options\.alpha must be finite in the array's type/);
      // The same values are valid parameters of a Float64Array.
      const x64 = Float64Array.from(x);
      expect(Array.from(lib.celu(x64, { alpha: 1e-50 }))).toEqual([-1e-50, -0, 0, 1]);
      expect(Array.from(lib.softplus(x64, { beta: 1e39 }))).toEqual([0, Math.log(2) / 1e39, Math.log(2) / 1e39, 1]);
      const e = lib.elu(x64, { alpha: 1e39 });
      expect(e[0]! / (1e39 * Math.expm1(-1))).toBeCloseTo(1, 14);
      expect(Array.from(e.subarray(1))).toEqual([-0, 0, 1]);
    });

    // Every numeric parameter of every function, on a Float32Array: beyond ±3.4028235677973366e38
    // (which rounds to Infinity) refused; ±FLT_MAX accepted (where the kind and the function's own
    // constraints allow it); below half the smallest subnormal (which rounds to ±0) refused where 0 is.
    // The derivatives share the forward function's checks.
    const FLT_MAX = 3.4028234663852886e38;
    const numeric = ACTIVATIONS.flatMap((s) => s.params.filter((p) => typeof p.kind === 'string').map((p) => [`${s.name}.${p.name}`, s, p] as const));
    it.each(numeric)('%s', (_label, s, p) => {
      const x = Float32Array.of(-1, 0, 1);
      const calls = [(o: object) => fn(s.name)(x, o), ...(s.grad ? [(o: object) => fn(`${s.name}Grad`)(x, x, o)] : [])];
      // The other parameters where the function's constraint needs them (hardTanh: min <= max;
      // hardSigmoid: beta/alpha below 3.4e38).
      const others: Record<string, number> =
        s.name === 'hardTanh' ? (p.name === 'min' ? { max: FLT_MAX } : { min: -FLT_MAX }) : s.name === 'hardSigmoid' && p.name === 'beta' ? { alpha: 2 } : {};
      const nonNegative = p.kind === 'positive' || s.name === 'hardShrink' || s.name === 'softShrink';
      for (const call of calls) {
        for (const v of [1e39, -1e39, 3.4028235677973366e38, -3.5e38]) {
          expect(() => call({ [p.name]: v }), `${p.name} = ${v}`).toThrow(new RegExp(`^options\\.${p.name} must be finite in the array's type`));
        }
        for (const v of nonNegative ? [FLT_MAX] : [FLT_MAX, -FLT_MAX]) {
          expect(() => call({ ...others, [p.name]: v }), `${p.name} = ${v}`).not.toThrow();
        }
        if (p.kind === 'positive' || p.kind === 'nonzero') {
          for (const v of [1e-50, -1e-50, 7e-46]) {
            expect(() => call({ [p.name]: v }), `${p.name} = ${v}`).toThrow(new RegExp(`^options\\.${p.name} must (not be 0|be > 0)`));
          }
        }
      }
    });
  });

  describe('defect 10: array arguments are read through the built-in getters, never the object\'s own', () => {
    class Lying extends Float32Array {}
    for (const [k, v] of [['length', 1 << 20], ['byteOffset', 0]] as const) Object.defineProperty(Lying.prototype, k, { get: () => v });

    it('a subclass whose length and byteOffset lie: the result is computed on its real elements', () => {
      const buf = new Float32Array(16).fill(-1);
      const x = new Lying(buf.buffer, 16, 4);
      x.set([-2, -1, 1, 2]);
      const y = lib.relu(x);
      expect(Array.from(y)).toEqual([0, 0, 1, 2]);
      const out = new Lying(new ArrayBuffer(64), 32, 4);
      expect(lib.relu(x, { out })).toBe(out);
      expect(Array.from(new Float32Array(out.buffer))).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0]);
      expect(Array.from(buf)).toEqual([-1, -1, -1, -1, -2, -1, 1, 2, -1, -1, -1, -1, -1, -1, -1, -1]);
    });

    it('own length, byteOffset and buffer getters on a zero-copy view: the kernel stays inside it', () => {
      for (const prop of ['length', 'byteOffset', 'buffer']) {
        const b = alloc(64);
        const neighbour = alloc(64);
        neighbour.array.fill(-7);
        const v = b.array;
        v.fill(-1);
        const lie =
          prop === 'length' ? () => 1 << 20 : prop === 'byteOffset' ? () => neighbour.array.byteOffset : () => new ArrayBuffer(1 << 20);
        Object.defineProperty(v, prop, { get: lie });
        expect(lib.relu(v, { out: v })).toBe(v);
        expect(lib.sigmoidGrad(v, v, { out: v })).toBe(v);
        expect(b.subarray(0).every((e) => e === 0), prop).toBe(true); // a fresh view: v's getters lie
        expect(neighbour.array.every((e) => e === -7), prop).toBe(true);
      }
    });

    it('a subclass whose constructor or species runs code is never called to make the result', () => {
      let called = 0;
      class Loud extends Float64Array {}
      Object.defineProperty(Loud, Symbol.species, {
        get() {
          called++;
          return Float64Array;
        },
      });
      const x = new Loud(40).fill(2);
      called = 0;
      const y = lib.softmax(x, { shape: [4, 10] });
      expect(called).toBe(0);
      expect(y).toBeInstanceOf(Float64Array);
      expect(y[0]).toBe(0.1);
    });
  });

  describe('defect 11: every error names its argument', () => {
    it('a Proxy of a Float32Array, and an object made from Float32Array.prototype', () => {
      const fakes = [new Proxy(new Float32Array(4), {}), Object.create(Float32Array.prototype)];
      for (const f of fakes) {
        expect(() => lib.sigmoid(f)).toThrow(TypeError);
        expect(() => lib.sigmoid(f)).toThrow(/^x must be a Float32Array or Float64Array, got an object that is not a Float32Array but inherits from Float32Array\.prototype/);
        expect(() => lib.sigmoidGrad(new Float32Array(4), f)).toThrow(/^dy must be a Float32Array like x, got an object that is not a Float32Array/);
        expect(() => lib.sigmoid(new Float32Array(4), { out: f })).toThrow(/^options\.out must be a Float32Array like x/);
        expect(() => lib.prelu(new Float32Array(4), f)).toThrow(/^slopes of prelu must be a Float32Array like x/);
        expect(() => lib.softmaxGrad(f, new Float32Array(4))).toThrow(/^y must be a Float32Array or Float64Array/);
      }
    });
  });
});

describe('defect 11: allocate beyond what wasm memory can hold', () => {
  it.each([2 ** 31, 2 ** 32, 2 ** 53, Number.MAX_SAFE_INTEGER])('allocate(%d): RangeError naming length, and the allocator still works', (n) => {
    expect(() => allocate(n)).toThrow(RangeError);
    expect(() => allocate(n)).toThrow(new RegExp(`^allocate: length ${n} \\(Float32Array, \\d+ bytes\\) does not fit in wasm memory`));
    expect(() => allocate(n, Float64Array)).toThrow(/^allocate: length/);
    const b = alloc(10);
    expect(b.array.length).toBe(10);
  });
});
