// The elementwise activations, driven by the registry, on both backends: shapes of the call
// (lengths around the vector width, in place, out), special values, and the documented ULP bound
// on random bit patterns over the whole f32 range and on a dense band around 0.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, type ActivationSpec } from '../dist/index.js';
import { BACKENDS, RELAXED_PROJECT, itIf, testedHere, useBackend } from './support/backends';
import { expectEvery, expectSame } from './support/compare';
import { SPECIALS, randomBits32, sample, uniform } from './support/inputs';
import { REFERENCE } from './reference/f64.mjs';
import { REFERENCE_DD, toNumber } from './reference/f64-dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';
import { randomBits64 } from './support/inputs';

type Fn = (x: Float32Array | Float64Array, o?: object) => Float32Array | Float64Array;
const ELEMENTWISE = ACTIVATIONS.filter((s) => s.kind === 'elementwise');
const fnOf = (s: ActivationSpec) => (lib as unknown as Record<string, Fn>)[s.name]!;
/** The kernel arguments of the default options (a name list's default is passed as its index). */
const defaults = (s: ActivationSpec) =>
  s.params.map((p) => (typeof p.default === 'string' ? (p.kind as readonly string[]).indexOf(p.default) : p.default));

/** Reference rounded to f32, with parameters rounded to f32 as the API documents. */
function ref32(s: ActivationSpec, x: number, p = defaults(s).map(Math.fround)): number {
  return Math.fround(REFERENCE[s.name]!(x, p));
}

/** Max ULP error of fn over xs (and where); fails loudly on any NaN mismatch. */
function maxError(s: ActivationSpec, xs: Float32Array) {
  const y = fnOf(s)(xs);
  let worst = { ulp: 0, x: 0, got: 0, want: 0 };
  for (let i = 0; i < xs.length; i++) {
    const want = ref32(s, xs[i]!);
    const got = y[i]!;
    let e = ulp32(got, want);
    if (s.bound.f32.abs !== undefined && Math.abs(got - want) <= s.bound.f32.abs) e = 0;
    if (e > worst.ulp) worst = { ulp: e, x: xs[i]!, got, want };
  }
  return worst;
}

// In the relaxed project, only the tests that reach the side module's kernels (testedHere); the
// references are checked in the node project.
itIf(!RELAXED_PROJECT)('every elementwise activation has a reference', () => {
  for (const s of ELEMENTWISE) {
    expect(REFERENCE[s.name], s.name).toBeTypeOf('function');
    expect(REFERENCE_DD[s.name], s.name).toBeTypeOf('function');
  }
});

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe.each(ELEMENTWISE.filter((s) => testedHere(`${s.kernel}_f32`)).map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const fn = fnOf(s);

    it.each([0, 1, 3, 4, 5, 15, 16, 17, 19, 4099])('length %i: equals the reference, tail included', (n) => {
      const x = uniform(n, -8, 8, n + 7) as Float32Array;
      const copy = x.slice();
      const y = fn(x);
      expect(y).toBeInstanceOf(Float32Array);
      expect(y.length).toBe(n);
      expectSame(x, copy, 'input untouched');
      const bound = s.bound.f32.ulp;
      expectEvery(n, (i) => (ulp32(y[i]!, ref32(s, x[i]!)) <= bound ? undefined : `x=${x[i]}: got ${y[i]}, want ${ref32(s, x[i]!)}`), `within ${bound} ULP`);
    });

    it('writes into options.out and returns it; out === x computes in place', () => {
      const x = uniform(37, -5, 5, 3) as Float32Array;
      const expected = fn(x);
      const out = new Float32Array(37);
      expect(fn(x, { out })).toBe(out);
      expect(out).toEqual(expected);
      const inPlace = x.slice();
      expect(fn(inPlace, { out: inPlace })).toBe(inPlace);
      expect(inPlace).toEqual(expected);
    });

    it('works on subarray views at odd offsets without touching neighbours', () => {
      const buf = uniform(64, -5, 5, 9) as Float32Array;
      const before = buf.slice();
      const view = buf.subarray(3, 3 + 21);
      fn(view, { out: view });
      expect(buf.subarray(0, 3)).toEqual(before.subarray(0, 3));
      expect(buf.subarray(24)).toEqual(before.subarray(24));
      for (let i = 0; i < 21; i++) expect(ulp32(view[i]!, ref32(s, before[3 + i]!))).toBeLessThanOrEqual(s.bound.f32.ulp);
    });

    it('special values: NaN propagates, ±Infinity, ±0 (with sign), subnormals, saturation', () => {
      const x = new Float32Array(SPECIALS);
      const y = fn(x);
      for (let i = 0; i < x.length; i++) {
        const want = ref32(s, x[i]!);
        if (Number.isNaN(want)) expect(y[i], `x=${x[i]}`).toBeNaN();
        else if (want === 0) expect(Object.is(y[i], want) || (y[i] === 0 && !Object.is(want, -0) && !Object.is(y[i], -0)), `sign of zero at x=${x[i]}: got ${Object.is(y[i], -0) ? '-0' : y[i]}, want ${Object.is(want, -0) ? '-0' : want}`).toBe(true);
        else expect(ulp32(y[i]!, want), `x=${x[i]}: got ${y[i]}, want ${want}`).toBeLessThanOrEqual(s.bound.f32.ulp);
      }
    });

    it(`random bit patterns over the whole f32 range: within ${s.bound.f32.ulp} ULP`, () => {
      const w = maxError(s, randomBits32(sample(400_000), 11));
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(s.bound.f32.ulp);
    });

    it(`dense band [-20, 20] and tiny |x|: within ${s.bound.f32.ulp} ULP`, () => {
      const band = uniform(sample(400_000), -20, 20, 5) as Float32Array;
      const nt = sample(100_000);
      const tiny = new Float32Array(nt).map((_, i) => (i % 2 ? -1 : 1) * 2 ** (-40 + (i / nt) * 40));
      for (const xs of [band, tiny]) {
        const w = maxError(s, xs);
        expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(s.bound.f32.ulp);
      }
    });

    itIf(testedHere(`${s.kernel}_f64`))(`Float64Array: random values and specials, within ${s.bound.f64.ulp} ULP of a double-double reference`, () => {
      const p = defaults(s);
      const ref = REFERENCE_DD[s.name]!;
      const x = new Float64Array([...randomBits64(sample(20_000, 4), 31), ...(uniform(sample(20_000, 4), -20, 20, 32, 'f64') as Float64Array), ...SPECIALS, 1e-300, -1e-300, 5e-324, 700, -700, 745, -745, 1e300, -1e300]);
      const y = fn(x);
      expect(y).toBeInstanceOf(Float64Array);
      let w = { ulp: 0, x: 0, got: 0, want: 0 };
      for (let i = 0; i < x.length; i++) {
        const want = toNumber(ref(x[i]!, p));
        let e = ulp64(y[i]!, want);
        if (s.bound.f64.abs !== undefined && Math.abs(y[i]! - want) <= s.bound.f64.abs) e = 0;
        if (e > w.ulp) w = { ulp: e, x: x[i]!, got: y[i]!, want };
      }
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(s.bound.f64.ulp);
    });
  });

  itIf(testedHere('leaky_relu_f32'))('leakyRelu: alpha is honoured, exactly (rounded to f32 first, as PyTorch casts it)', () => {
    const x = new Float32Array([-3, -1e-30, -0, 0, 2.5, NaN, -Infinity]);
    const y = lib.leakyRelu(x, { alpha: 0.2 });
    const a = Math.fround(0.2);
    expect(Array.from(y)).toEqual([Math.fround(-3 * a), Math.fround(-1e-30 * a), -0, 0, 2.5, NaN, -Infinity]);
  });

  // The wasm kernel picks its form by alpha (pmax for 0 < alpha <= 1, pmin above 1, a select
  // otherwise): every form must give x < 0 ? alpha·x : x exactly, ±0 and ±Infinity included.
  itIf(testedHere('leaky_relu_f32')).each([-2, -0.5, 0, 1e-3, 0.01, 0.3, 1, 1.5, 7, 3e38])('leakyRelu with alpha %s: x < 0 ? alpha·x : x, bit for bit', (alpha) => {
    for (const T of [Float32Array, Float64Array]) {
      const round = T === Float32Array ? Math.fround : (v: number) => v;
      const xs = [...SPECIALS, ...uniform(200, -8, 8, 5, T === Float32Array ? 'f32' : 'f64')];
      const x = new T(xs);
      const y = lib.leakyRelu(x, { alpha });
      const a = round(alpha);
      expect(Array.from(y)).toEqual(Array.from(x, (v) => (v < 0 ? round(a * v) : v)));
    }
  });

  itIf(['leaky_relu_f32', 'step_f32', 'relu_f32', 'relu6_f32', 'hard_tanh_f32'].some(testedHere))('leakyRelu, step, relu, relu6, hardTanh return a NaN input bit for bit', () => {
    if (backend !== 'wasm') return; // JS numbers may quieten a signalling NaN; the kernels keep x's bits
    // Lengths below, at and above the wrapper's small-copy loop (32), and a chunk's tail (4096 + 3),
    // since the bits can be lost in the copies as well as in the kernels.
    const nans = [0x7fc00000, 0xffc00001, 0x7fc12345, 0x7f800001, 0xff800abc, 0xffffffff];
    for (const n of [1, 5, 6, 12, 31, 32, 33, 4099]) {
      const bits = new Uint32Array(n);
      for (let i = 0; i < bits.length; i++) bits[i] = nans[(i + n) % nans.length]!;
      const x = new Float32Array(bits.buffer);
      for (const [name, o] of [['leakyRelu', {}], ['leakyRelu', { alpha: 3 }], ['leakyRelu', { alpha: -1 }], ['step', {}], ['relu', {}], ['relu6', {}], ['hardTanh', {}]] as const) {
        const y = (lib as unknown as Record<string, Fn>)[name]!(x, o);
        expect(Array.from(new Uint32Array(y.buffer, y.byteOffset, y.length)), `${name} ${JSON.stringify(o)}, length ${n}`).toEqual(Array.from(bits));
      }
    }
  });

  itIf(testedHere('sigmoid_f32'))('sigmoid keeps subnormal results: sigmoid(-100) = 3.78e-44, not 0', () => {
    expect(lib.sigmoid(new Float32Array([-100]))[0]).toBe(Math.fround(3.783505853677006e-44));
  });

  itIf(testedHere('tanh_f32'))('tanh keeps relative accuracy near 0', () => {
    const y = lib.tanh(new Float32Array([1e-5, -1e-5, 1e-20]));
    expect(ulp32(y[0]!, Math.fround(Math.tanh(Math.fround(1e-5))))).toBeLessThanOrEqual(1);
    expect(ulp32(y[1]!, Math.fround(Math.tanh(Math.fround(-1e-5))))).toBeLessThanOrEqual(1);
    expect(y[2]).toBe(Math.fround(1e-20));
  });
});
