// Functions along an axis (softmax …), driven by the registry, on both backends: rows of every length
// around the vector width and beyond the scratch region, any axis of an N-d array, PyTorch's special
// values, and the documented ULP bound on long rows.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, type ActivationSpec } from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';
import { rng, uniform } from './support/inputs';
import { AXIS_REFERENCE } from './reference/f64.mjs';
import { ulp32 } from './support/ulp.mjs';

type Fn = (x: Float32Array | Float64Array, o?: object) => Float32Array | Float64Array;
const AXIS = ACTIVATIONS.filter((s) => s.kind === 'axis');
const fnOf = (s: ActivationSpec) => (lib as unknown as Record<string, Fn>)[s.name]!;

/** Reference along `axis` of a row-major array: gather each line, apply the row reference, scatter. */
function reference(name: string, x: ArrayLike<number>, shape: number[], axis: number): Float64Array {
  const k = axis < 0 ? axis + shape.length : axis;
  const len = shape[k]!;
  const inner = shape.slice(k + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, k).reduce((a, b) => a * b, 1);
  const y = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      const idx = Array.from({ length: len }, (_, r) => o * len * inner + r * inner + c);
      const row = AXIS_REFERENCE[name](idx.map((i) => x[i]!));
      idx.forEach((i, r) => (y[i] = row[r]!));
    }
  }
  return y;
}

function expectWithin(y: Float32Array, want: Float64Array, bound: number, what: string) {
  let worst = 0;
  let at = -1;
  for (let i = 0; i < y.length; i++) {
    const e = ulp32(y[i]!, Math.fround(want[i]!));
    if (e > worst) [worst, at] = [e, i];
  }
  expect(worst, `${what}: ${worst} ULP at ${at} (got ${y[at]}, want ${want[at]})`).toBeLessThanOrEqual(bound);
}

it('every axis function has a reference', () => {
  for (const s of AXIS) expect(AXIS_REFERENCE[s.name], s.name).toBeTypeOf('function');
});

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe.each(AXIS.map((s) => [s.name, s] as const))('%s', (name, s) => {
    const fn = fnOf(s);
    const bound = s.bound.f32.ulp;

    it.each([1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 1000, 10_000])('one row of %i', (len) => {
      const x = uniform(len, -10, 10, len) as Float32Array;
      const copy = x.slice();
      const y = fn(x) as Float32Array;
      expect(x).toEqual(copy);
      expectWithin(y, reference(name, x, [len], -1), bound, `len ${len}`);
    });

    it('rows of 10,000 with a wide spread (scale 100): within the bound', () => {
      const x = uniform(30_000, -100, 100, 77) as Float32Array;
      expectWithin(fn(x, { shape: [3, 10_000] }) as Float32Array, reference(name, x, [3, 10_000], -1), bound, 'scale 100');
    });

    it('a row longer than the scratch region (100,003 elements) streams in passes', () => {
      const x = uniform(100_003, -30, 30, 5) as Float32Array;
      expectWithin(fn(x) as Float32Array, reference(name, x, [100_003], -1), bound, 'long row');
    });

    it.each([
      [[2, 3, 4], 0],
      [[2, 3, 4], 1],
      [[2, 3, 4], -1],
      [[3, 5, 2, 7], 1],
      [[4, 33], 0],
      [[1, 1, 1], 2],
      [[2, 70_000, 3], 1], // a strided axis longer than the scratch region
    ])('shape %j along axis %i', (shape, axis) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = uniform(n, -20, 20, n + axis) as Float32Array;
      const y = fn(x, { shape, axis }) as Float32Array;
      expectWithin(y, reference(name, x, shape, axis), bound, `shape ${shape} axis ${axis}`);
    });

    it('in place, with out, and on a subarray view', () => {
      const x = uniform(60, -5, 5, 8) as Float32Array;
      const want = fn(x, { shape: [3, 4, 5], axis: 1 });
      const inPlace = x.slice();
      expect(fn(inPlace, { shape: [3, 4, 5], axis: 1, out: inPlace })).toBe(inPlace);
      expect(inPlace).toEqual(want);
      const buf = new Float32Array(70);
      buf.set(x, 5);
      const view = buf.subarray(5, 65);
      fn(view, { shape: [3, 4, 5], axis: 1, out: view });
      expect(view).toEqual(want);
      expect(buf.subarray(0, 5)).toEqual(new Float32Array(5));
    });

    it('empty shapes give empty results', () => {
      expect(fn(new Float32Array(0)).length).toBe(0);
      expect(fn(new Float32Array(0), { shape: [0, 5], axis: 1 }).length).toBe(0);
      expect(fn(new Float32Array(0), { shape: [5, 0], axis: 0 }).length).toBe(0);
    });

    it('Float64Array rows are computed in double', () => {
      const x = uniform(1000, -30, 30, 3, 'f64') as Float64Array;
      const y = fn(x);
      expect(y).toBeInstanceOf(Float64Array);
      const want = reference(name, x, [1000], -1);
      for (let i = 0; i < 1000; i++) expect(Math.abs(y[i]! - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 1e-13);
    });
  });

  describe('softmax special values (as PyTorch)', () => {
    const sm = (row: number[]) => Array.from(lib.softmax(new Float32Array(row)));
    it('huge inputs never overflow', () => {
      expect(sm([1000, 1001]).map((v) => +v.toFixed(6))).toEqual([0.268941, 0.731059]);
      expect(sm([-1000, 1e30])).toEqual([0, 1]);
      expect(sm([3e38, -3e38, 3e38])).toEqual([0.5, 0, 0.5]);
      expect(sm([100, 100])).toEqual([0.5, 0.5]);
    });
    it('a NaN anywhere makes the row NaN, and only that row', () => {
      const y = lib.softmax(new Float32Array([1, NaN, 3, 1, 2, 3]), { shape: [2, 3] });
      expect(Array.from(y.subarray(0, 3)).every(Number.isNaN)).toBe(true);
      expect(Array.from(y.subarray(3)).some(Number.isNaN)).toBe(false);
      expect(sm([1, 2, 3, 4, 5, NaN]).every(Number.isNaN)).toBe(true);
    });
    it('-Infinity gives 0; +Infinity or a row of -Infinity gives NaN (inf - inf)', () => {
      expect(sm([-Infinity, 0])).toEqual([0, 1]);
      expect(sm([Infinity, 0]).every(Number.isNaN)).toBe(true);
      expect(sm([-Infinity, -Infinity]).every(Number.isNaN)).toBe(true);
    });
    it('rows of one element are 1; sums are 1 within the bound', () => {
      expect(sm([-7])).toEqual([1]);
      const r = rng(3);
      const x = new Float32Array(4000).map(() => r() * 40 - 20);
      const y = lib.softmax(x, { shape: [4, 1000] });
      for (let row = 0; row < 4; row++) {
        const s = y.subarray(row * 1000, row * 1000 + 1000).reduce((a, b) => a + b, 0);
        expect(Math.abs(s - 1)).toBeLessThan(1e-5);
      }
    });
  });
});
