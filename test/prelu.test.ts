// prelu(x, slopes, { shape, axis }) and preluGrad(x, dy, slopes, options) → { dx, dslopes }, on both
// backends: every layout the wasm path distinguishes (one slope; long runs of one channel through
// leaky_relu; short runs through a pattern of slopes, tiled when a period fits a chunk and cut into
// pieces when it does not), against a reference computed in double; special values; out and in
// place; and bad input.
import { describe, expect, it } from 'vitest';
import { prelu, preluGrad, REGISTRY } from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';
import { expectSame } from './support/compare';
import { uniform } from './support/inputs';
import * as dd from './reference/dd.mjs';

type F = Float32Array | Float64Array;
type Ctor = new (n: number | ArrayLike<number>) => F;

/** [outer, channels, inner] of shape along axis (as the API resolves it). */
function view(shape: number[], axis: number) {
  const k = axis < 0 ? axis + shape.length : axis;
  const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);
  return [prod(shape.slice(0, k)), shape[k]!, prod(shape.slice(k + 1))] as const;
}

function refForward(x: F, s: F, shape: number[], axis: number): F {
  const [outer, C, inner] = view(shape, axis);
  const y = new (x.constructor as Ctor)(x.length);
  for (let o = 0, i = 0; o < outer; o++) {
    for (let c = 0; c < C; c++) {
      const sl = s[s.length === 1 ? 0 : c]!;
      for (let k = 0; k < inner; k++, i++) y[i] = x[i]! < 0 ? sl * x[i]! : x[i]!;
    }
  }
  return y;
}

/** dx exactly; dslopes as double-double sums, with the sum of |terms| and the count per slope. */
function refGrad(x: F, dy: F, s: F, shape: number[], axis: number) {
  const [outer, C, inner] = view(shape, axis);
  const dx = new (x.constructor as Ctor)(x.length);
  const sums: [number, number][] = Array.from({ length: s.length }, () => [0, 0]);
  const mags = new Float64Array(s.length);
  const counts = new Float64Array(s.length);
  for (let o = 0, i = 0; o < outer; o++) {
    for (let c = 0; c < C; c++) {
      const j = s.length === 1 ? 0 : c;
      for (let k = 0; k < inner; k++, i++) {
        const v = x[i]!;
        const d = dy[i]!;
        dx[i] = v > 0 ? d : v === v ? d * s[j]! : NaN;
        if (v > 0) continue;
        const t: [number, number] = Number.isFinite(v * d) && v !== 0 ? (dd.twoProd(v, d) as [number, number]) : [v * d, 0];
        const acc = sums[j]!;
        sums[j] = Number.isFinite(t[0]) && Number.isFinite(acc[0]) ? (dd.add(acc, t) as [number, number]) : [acc[0] + t[0], 0];
        mags[j]! += Math.abs(v * d);
        counts[j]! += 1;
      }
    }
  }
  return { dx, dslopes: sums.map(dd.toNumber), mags, counts };
}

const ulpOf = (v: number, single: boolean) => {
  const a = Math.abs(v);
  if (a === 0) return single ? 2 ** -149 : 2 ** -1074;
  const e = Math.floor(Math.log2(a));
  return single ? 2 ** Math.max(e - 23, -149) : 2 ** Math.max(e - 52, -1074);
};

function expectSameBits(got: F, want: F, what: string) {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Number.isNaN(want[i]!)) expect(got[i], `${what} at ${i}`).toBeNaN();
    else if (!Object.is(got[i], want[i])) expect.fail(`${what} at ${i}: got ${got[i]}, want ${want[i]}`);
  }
}

/** dslopes within one ULP of the exact sum, plus a double-precision sum's error bound. */
function expectSlopes(got: F, ref: ReturnType<typeof refGrad>, single: boolean, what: string) {
  for (let j = 0; j < got.length; j++) {
    const want = ref.dslopes[j]!;
    if (Number.isNaN(want)) {
      expect(got[j], `${what} dslopes[${j}]`).toBeNaN();
      continue;
    }
    const tol = ulpOf(want, single) + (ref.counts[j]! + 2) * 2 ** -53 * ref.mags[j]!;
    expect(Math.abs(got[j]! - want), `${what} dslopes[${j}]: got ${got[j]}, want ${want}`).toBeLessThanOrEqual(tol);
  }
}

// Layouts: [shape, axis, slopes length]. The f32 chunk is 4096 elements, the f64 chunk 2048; runs of
// 256 elements or more go through leaky_relu.
const LAYOUTS: [string, number[], number | undefined, 'one' | 'all'][] = [
  ['1-d, one slope', [1000], undefined, 'one'],
  ['1-d, a slope per element (axis 0, a period longer than a chunk)', [10_007], undefined, 'all'],
  ['[N, C] rows of 3 channels: tiled pattern with a partial last group', [3001, 3], undefined, 'all'],
  ['[N, C] with C = 5000: a period cut into pieces, inner 1', [3, 5000], undefined, 'all'],
  ['NCHW with short runs (inner 20)', [2, 3, 4, 5], undefined, 'all'],
  ['NCHW with runs of 300 (leaky_relu per run)', [2, 3, 300], undefined, 'all'],
  ['runs of 1000 across chunk boundaries', [4, 7, 1000], 1, 'all'],
  ['runs of 255, a period of 25,500: pieces filled run by run', [3, 100, 255], 1, 'all'],
  ['channels-last, axis -1', [5, 6, 7], -1, 'all'],
  ['axis 0 of a 3-d shape', [6, 5, 4], 0, 'all'],
  ['one slope on an N-d shape', [3, 4, 5], undefined, 'one'],
  ['an empty outer dimension', [0, 4], undefined, 'all'],
];

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  for (const type of ['f32', 'f64'] as const) {
    const T = (type === 'f32' ? Float32Array : Float64Array) as unknown as Ctor;
    const single = type === 'f32';

    describe(`${type}`, () => {
      it.each(LAYOUTS)('%s: forward and gradient equal the reference', (_what, shape, axis, which) => {
        const n = shape.reduce((a, b) => a * b, 1);
        const channels = view(shape, axis ?? (shape.length >= 2 ? 1 : 0))[1];
        const x = uniform(n, -4, 4, n + 1, type);
        const s = new T(uniform(which === 'one' ? 1 : channels, -0.5, 1.5, n + 2, type));
        const dy = uniform(n, -2, 2, n + 3, type);
        const opts = { shape, ...(axis === undefined ? {} : { axis }) };
        const ax = axis ?? (shape.length >= 2 ? 1 : 0);
        const [xc, sc, dc] = [x.slice(), s.slice(), dy.slice()];
        expectSameBits(prelu(x, s, opts), refForward(x, s, shape, ax), 'y');
        const { dx, dslopes } = preluGrad(x, dy, s, opts);
        const ref = refGrad(x, dy, s, shape, ax);
        expectSameBits(dx, ref.dx, 'dx');
        expect(dslopes).toBeInstanceOf(x.constructor);
        expect(dslopes.length).toBe(s.length);
        expectSlopes(dslopes, ref, single, 'dslopes');
        expectSame(x, xc, 'x untouched');
        expectSame(s, sc, 'slopes untouched');
        expectSame(dy, dc, 'dy untouched');
      });

      it('special values: NaN stays NaN (and makes its channel’s dslope NaN), ±Infinity, ±0', () => {
        const x = new T([NaN, -Infinity, Infinity, -0, 0, -1e-30, 5, -2, 3, -1]);
        const s = new T([0.25, 0.5]);
        const shape = [5, 2];
        const y = prelu(x, s, { shape, axis: 1 });
        expectSameBits(y, refForward(x, s, shape, 1), 'y');
        expect(Object.is(y[3], -0)).toBe(true); // x < 0 is false for −0: x itself
        expect(y[1]).toBe(-Infinity * 0.5);
        const dy = new T(10).fill(1);
        const { dx, dslopes } = preluGrad(x, dy, s, { shape, axis: 1 });
        expect(dx[0]).toBeNaN();
        expect(Array.from(dx.subarray(1))).toEqual([0.5, 1, 0.5, 0.25, 0.5, 1, 0.5, 1, 0.5]);
        expect(dslopes[0]).toBeNaN(); // channel 0 holds the NaN
        expect(dslopes[1]).toBe(-Infinity); // −Infinity · 1
      });

      it('PyTorch conventions: dx at 0 is slope·dy; dslopes counts x <= 0 only', () => {
        const x = new T([0, 2, -3]);
        const dy = new T([4, 5, 6]);
        const { dx, dslopes } = preluGrad(x, dy, new T([0.25]));
        expect(Array.from(dx)).toEqual([1, 5, 1.5]);
        expect(Array.from(dslopes)).toEqual([-18]);
      });

      it('out, in place (out === x for prelu, out === dy for preluGrad) and subarray views', () => {
        const shape = [3, 4, 50];
        const x = uniform(600, -3, 3, 9, type);
        const s = new T([0.1, 0.2, 0.3, 0.4]);
        const want = prelu(x, s, { shape });
        const out = new T(600);
        expect(prelu(x, s, { shape, out })).toBe(out);
        expect(out).toEqual(want);
        const inPlace = x.slice();
        expect(prelu(inPlace, s, { shape, out: inPlace })).toBe(inPlace);
        expect(inPlace).toEqual(want);
        const buf = uniform(610, -3, 3, 9, type);
        const before = buf.slice();
        const v = buf.subarray(5, 605);
        prelu(v, s, { shape, out: v });
        expect(v).toEqual(prelu(before.subarray(5, 605), s, { shape }));
        expect(buf.subarray(0, 5)).toEqual(before.subarray(0, 5));
        expect(buf.subarray(605)).toEqual(before.subarray(605));
        const dy = uniform(600, -1, 1, 10, type);
        const g = preluGrad(x, dy, s, { shape });
        const dyc = dy.slice();
        const r = preluGrad(x, dyc, s, { shape, out: dyc });
        expect(r.dx).toBe(dyc);
        expect(dyc).toEqual(g.dx);
        expect(r.dslopes).toEqual(g.dslopes);
      });
    });
  }

  describe('bad input: errors name the argument, nothing is written', () => {
    const x = () => new Float32Array([-2, -1, 0, 1, 2, 3]);
    const s3 = new Float32Array([0.1, 0.2, 0.3]);

    it('x and slopes must be float arrays of the same type', () => {
      expect(() => prelu([1, 2] as never, s3)).toThrow(/^x must be a Float32Array or Float64Array/);
      expect(() => prelu(x(), [0.1] as never)).toThrow(TypeError);
      expect(() => prelu(x(), new Float64Array([0.1]) as never)).toThrow(/slopes of prelu must be a Float32Array like x, got a Float64Array/);
      expect(() => prelu(x(), undefined as never)).toThrow(TypeError);
      expect(() => preluGrad(x(), x(), new Int32Array(1) as never)).toThrow(/slopes of preluGrad must be a Float32Array/);
    });

    it('slopes of the wrong length: RangeError naming the channel count', () => {
      expect(() => prelu(x(), s3)).toThrow(/slopes must have length 1 or 6/); // 1-d: axis 0
      expect(() => prelu(x(), new Float32Array(2), { shape: [2, 3] })).toThrow(/slopes must have length 1 or 3/);
      expect(() => prelu(x(), new Float32Array(2), { shape: [2, 3] })).toThrow(RangeError);
      expect(prelu(x(), new Float32Array(2), { shape: [2, 3], axis: 0 }).length).toBe(6);
      expect(prelu(x(), new Float32Array([0.5]), { shape: [2, 3] }).length).toBe(6);
    });

    it('shape and axis are checked; unknown options refused', () => {
      expect(() => prelu(x(), s3, { shape: [4, 2] })).toThrow(/options\.shape \[4, 2\] has 8 elements but x has 6/);
      expect(() => prelu(x(), s3, { shape: [2, 3], axis: 2 })).toThrow(/options\.axis 2 is out of range/);
      expect(() => prelu(x(), s3, { shape: [2, 3], axis: 0.5 })).toThrow(TypeError);
      expect(() => prelu(x(), s3, { shape: 6 as never })).toThrow(TypeError);
      expect(() => prelu(x(), s3, { shape: [2, 3], alpha: 1 } as never)).toThrow(/options\.alpha is not an option of prelu/);
      expect(() => prelu(x(), s3, 5 as never)).toThrow(/options of prelu must be an object/);
      expect(() => preluGrad(x(), x(), s3, { shape: [2, 3], bogus: 1 } as never)).toThrow(/not an option of preluGrad/);
    });

    it('out and dy are checked; a failed call writes nothing and the next call works', () => {
      const input = x();
      const before = input.slice();
      expect(() => prelu(input, s3, { shape: [2, 3], out: new Float32Array(5) })).toThrow(/options\.out must have length 6/);
      expect(() => prelu(input, s3, { shape: [2, 3], out: new Float64Array(6) as never })).toThrow(TypeError);
      const buf = new Float32Array(8);
      buf.set(input);
      expect(() => prelu(buf.subarray(0, 6), s3, { shape: [2, 3], out: buf.subarray(2, 8) })).toThrow(/overlaps/);
      expect(() => preluGrad(input, new Float32Array(5), s3, { shape: [2, 3] })).toThrow(/dy must have length 6/);
      expect(() => preluGrad(input, new Float64Array(6) as never, s3, { shape: [2, 3] })).toThrow(/^dy must be a Float32Array/);
      expect(input).toEqual(before);
      expect(Array.from(prelu(input, s3, { shape: [2, 3] }))).toEqual([Math.fround(-2 * Math.fround(0.1)), Math.fround(-1 * Math.fround(0.2)), 0, 1, 2, 3]);
    });
  });
});

it('prelu is registered with its own kind, so the elementwise and axis suites skip it', () => {
  expect(REGISTRY.prelu.kind).toBe('channel');
});
