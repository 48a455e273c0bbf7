// Derivatives <name>Grad(x, dy, options?) = dy · f'(x), for every registry entry that has one, on
// both backends: against the analytic float64 derivative within the documented ULP bound, the analytic
// derivative itself against central differences, kinks by PyTorch's convention, and bad input.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, type ActivationSpec } from '../dist/index.js';
import { BACKENDS, RELAXED_PROJECT, itIf, testedHere, useBackend } from './support/backends';
import { expectEvery, expectSame } from './support/compare';
import { SPECIALS, randomBits32, sample, uniform } from './support/inputs';
import { GRAD_REFERENCE, REFERENCE } from './reference/f64.mjs';
import { GRAD_REFERENCE_DD, gradTimes } from './reference/f64-dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';
import { randomBits64 } from './support/inputs';

type Grad = (x: unknown, dy: unknown, o?: unknown) => Float32Array | Float64Array;
const WITH_GRAD = ACTIVATIONS.filter((s) => s.kind === 'elementwise' && s.grad);
const gradOf = (s: ActivationSpec) => (lib as unknown as Record<string, Grad>)[`${s.name}Grad`]!;
/** The kernel arguments of the default options, rounded to f32 (a name list's default is passed as its index). */
const defaults = (s: ActivationSpec) => defaults64(s).map(Math.fround);
const defaults64 = (s: ActivationSpec) =>
  s.params.map((p) => (typeof p.default === 'string' ? (p.kind as readonly string[]).indexOf(p.default) : p.default));

// In the relaxed project, only the tests that reach the side module's kernels (testedHere); the
// references, and the checks of arguments (made before any kernel runs), in the node project.
itIf(!RELAXED_PROJECT)('every derivative is exported and has a reference', () => {
  for (const s of WITH_GRAD) {
    expect(gradOf(s), `${s.name}Grad`).toBeTypeOf('function');
    expect(GRAD_REFERENCE[s.name], s.name).toBeTypeOf('function');
    expect(GRAD_REFERENCE_DD[s.name], s.name).toBeTypeOf('function');
  }
});

describe.each((RELAXED_PROJECT ? [] : WITH_GRAD).map((s) => [s.name, s] as const))('%s: the analytic reference', (name, s) => {
  it('matches central differences of the forward reference', () => {
    const f = REFERENCE[name]!;
    const p = defaults(s);
    expectEvery(2000, (i) => {
      const x = -12 + (24 * i) / 1999 + 1e-3; // avoids the kinks at exact integers
      const h = 1e-6 * Math.max(1, Math.abs(x));
      const numeric = (f(x + h, p) - f(x - h, p)) / (2 * h);
      const analytic = GRAD_REFERENCE[name]!(x, p);
      return Math.abs(numeric - analytic) <= 1e-6 * Math.max(1, Math.abs(numeric)) ? undefined : `x=${x}: analytic ${analytic}, central difference ${numeric}`;
    }, 'within 1e-6 (relative above 1) of central differences');
  });
});

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe.each(WITH_GRAD.filter((s) => testedHere(`${s.grad!.kernel}_f32`)).map((s) => [s.name, s] as const))('%sGrad', (name, s) => {
    const grad = gradOf(s);
    const bound = s.grad!.bound.f32.ulp;
    const ref = (x: number, dy: number) => Math.fround(dy * GRAD_REFERENCE[name]!(x, defaults(s)));
    /** ULP error, 0 where the documented absolute allowance (near a zero of f') covers it. */
    const err = (got: number, want: number) => {
      const abs = s.grad!.bound.f32.abs;
      return abs !== undefined && Math.abs(got - want) <= abs ? 0 : ulp32(got, want);
    };

    function worst(x: Float32Array, dy: Float32Array) {
      const y = grad(x, dy);
      let w = { ulp: 0, x: 0, dy: 0, got: 0, want: 0 };
      for (let i = 0; i < x.length; i++) {
        const want = ref(x[i]!, dy[i]!);
        let e = ulp32(y[i]!, want);
        if (s.grad!.bound.f32.abs !== undefined && Math.abs(y[i]! - want) <= s.grad!.bound.f32.abs) e = 0;
        if (e > w.ulp) w = { ulp: e, x: x[i]!, dy: dy[i]!, got: y[i]!, want };
      }
      return w;
    }

    it(`random bit patterns and a dense band, random dy: within ${bound} ULP`, () => {
      for (const [x, seed] of [[randomBits32(sample(200_000), 21), 1], [uniform(sample(200_000), -20, 20, 22) as Float32Array, 2]] as const) {
        const dy = uniform(x.length, -3, 3, seed + 100) as Float32Array;
        const w = worst(x, dy);
        expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(bound);
      }
    });

    it.each([0, 1, 3, 4, 5, 9, 4099])('length %i, dy untouched, out and in place', (n) => {
      const x = uniform(n, -6, 6, n) as Float32Array;
      const dy = uniform(n, -2, 2, n + 1) as Float32Array;
      const [xc, dc] = [x.slice(), dy.slice()];
      const y = grad(x, dy);
      expectSame(x, xc, 'x untouched');
      expectSame(dy, dc, 'dy untouched');
      expectEvery(n, (i) => (err(y[i]!, ref(x[i]!, dy[i]!)) <= bound ? undefined : `x=${x[i]}, dy=${dy[i]}: got ${y[i]}, want ${ref(x[i]!, dy[i]!)}`), `within ${bound} ULP`);
      const inPlace = dy.slice();
      expect(grad(x, inPlace, { out: inPlace })).toBe(inPlace);
      expectSame(inPlace, y, 'in place');
    });

    it('special values: NaN in x or dy propagates', () => {
      const x = new Float32Array(SPECIALS);
      const y = grad(x, new Float32Array(x.length).fill(1));
      for (let i = 0; i < x.length; i++) {
        const want = ref(x[i]!, 1);
        if (Number.isNaN(want)) expect(y[i]).toBeNaN();
        else expect(err(y[i]!, want), `x=${x[i]}`).toBeLessThanOrEqual(bound);
      }
      expect(grad(new Float32Array([1]), new Float32Array([NaN]))[0]).toBeNaN();
    });

    itIf(testedHere(`${s.grad!.kernel}_f64`))(`Float64Array: within ${s.grad!.bound.f64.ulp} ULP of a double-double reference`, () => {
      const p = defaults64(s);
      const x = new Float64Array([...randomBits64(sample(15_000, 4), 41), ...(uniform(sample(15_000, 4), -20, 20, 42, 'f64') as Float64Array), ...SPECIALS]);
      const dy = uniform(x.length, -3, 3, 43, 'f64') as Float64Array;
      const y = grad(x, dy);
      expect(y).toBeInstanceOf(Float64Array);
      let w = { ulp: 0, x: 0, got: 0, want: 0 };
      for (let i = 0; i < x.length; i++) {
        const want = gradTimes(GRAD_REFERENCE_DD[name]!(x[i]!, p), dy[i]!);
        let e = ulp64(y[i]!, want);
        if (s.grad!.bound.f64.abs !== undefined && Math.abs(y[i]! - want) <= s.grad!.bound.f64.abs) e = 0;
        if (e > w.ulp) w = { ulp: e, x: x[i]!, got: y[i]!, want };
      }
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(s.grad!.bound.f64.ulp);
    });

    itIf(!RELAXED_PROJECT)('bad input: dy of another type or length, x not a float array', () => {
      const x = new Float32Array(4);
      expect(() => grad(x, new Float64Array(4))).toThrow(/^dy must be a Float32Array/);
      expect(() => grad(x, new Float32Array(3))).toThrow(/dy must have length 4/);
      expect(() => grad([1, 2], new Float32Array(2))).toThrow(/^x must be/);
      expect(() => grad(x, new Float32Array(4), { out: new Float32Array(5) })).toThrow(RangeError);
    });
  });
});
