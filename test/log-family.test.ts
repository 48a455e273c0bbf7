// softplus, logSigmoid and mish beyond the registry-driven suites (which use default options only):
// softplus's beta and threshold, the tails that must neither overflow nor lose their relative accuracy,
// and mish's derivative below its zero, where the `abs` allowance would otherwise hide relative errors.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';
import { SPECIALS, randomBits32, randomBits64, sample, uniform } from './support/inputs';
import { GRAD_REFERENCE, REFERENCE } from './reference/f64.mjs';
import { GRAD_REFERENCE_DD, REFERENCE_DD, gradTimes, toNumber } from './reference/f64-dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';

type Worst = { ulp: number; x: number; got: number; want: number };

function worst(xs: ArrayLike<number>, y: ArrayLike<number>, want: (i: number) => number, f64: boolean, abs?: number): Worst {
  let w: Worst = { ulp: 0, x: 0, got: 0, want: 0 };
  for (let i = 0; i < xs.length; i++) {
    const wi = want(i);
    let e = f64 ? ulp64(y[i]!, wi) : ulp32(y[i]!, wi);
    if (abs !== undefined && Math.abs(y[i]! - wi) <= abs) e = 0;
    if (e > w.ulp) w = { ulp: e, x: xs[i]!, got: y[i]!, want: wi };
  }
  return w;
}

const sp = lib.REGISTRY.softplus;

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe.each([
    { beta: 2, threshold: 20 },
    { beta: 0.5, threshold: 20 },
    { beta: 0.01, threshold: 1e6 }, // f32: exp(beta·x) subnormal while the result is normal
    { beta: 10, threshold: 5 },
    { beta: 1, threshold: 1 },
  ])('softplus %o', (o) => {
    const p32 = [Math.fround(o.beta), Math.fround(o.threshold)];
    const p64 = [o.beta, o.threshold];
    const span = 120 / o.beta;

    it(`f32 forward and derivative within ${sp.bound.f32.ulp} / ${sp.grad.bound.f32.ulp} ULP`, () => {
      for (const xs of [randomBits32(sample(100_000), 71), uniform(sample(100_000), -span, span, 72) as Float32Array]) {
        const dy = uniform(xs.length, -3, 3, 73) as Float32Array;
        let w = worst(xs, lib.softplus(xs, o), (i) => Math.fround(REFERENCE.softplus!(xs[i]!, p32)), false);
        expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(sp.bound.f32.ulp);
        w = worst(xs, lib.softplusGrad(xs, dy, o), (i) => Math.fround(dy[i]! * GRAD_REFERENCE.softplus!(xs[i]!, p32)), false);
        expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(sp.grad.bound.f32.ulp);
      }
    });

    it(`f64 forward and derivative within ${sp.bound.f64.ulp} / ${sp.grad.bound.f64.ulp} ULP`, () => {
      const xs = new Float64Array([...randomBits64(sample(10_000, 4), 74), ...(uniform(sample(10_000, 4), -8 * span, 8 * span, 75, 'f64') as Float64Array), ...SPECIALS]);
      const dy = uniform(xs.length, -3, 3, 76, 'f64') as Float64Array;
      let w = worst(xs, lib.softplus(xs, o), (i) => toNumber(REFERENCE_DD.softplus!(xs[i]!, p64)), true);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(sp.bound.f64.ulp);
      w = worst(xs, lib.softplusGrad(xs, dy, o), (i) => gradTimes(GRAD_REFERENCE_DD.softplus!(xs[i]!, p64), dy[i]!), true);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(sp.grad.bound.f64.ulp);
    });

    it('the threshold switches to x (derivative dy) where x·beta > threshold, compared in the array type', () => {
      const t = o.threshold / o.beta;
      const x = new Float32Array([t * 1.001, t * 2, 1e30, Infinity]);
      expect(Array.from(lib.softplus(x, o))).toEqual(Array.from(x));
      expect(Array.from(lib.softplusGrad(x, new Float32Array([2, 2, 2, 2]), o))).toEqual([2, 2, 2, 2]);
    });
  });

  it('tails: no overflow, no lost tail', () => {
    const f = (fn: (x: Float32Array) => Float32Array, v: number) => fn(new Float32Array([v]))[0]!;
    expect(ulp32(f(lib.softplus, -100), Math.fround(3.720075976020836e-44))).toBeLessThanOrEqual(1);
    expect(ulp32(f(lib.logSigmoid, 100), Math.fround(-3.720075976020836e-44))).toBeLessThanOrEqual(1);
    expect(f(lib.logSigmoid, -1e30)).toBe(Math.fround(-1e30));
    expect(f(lib.softplus, 1e30)).toBe(Math.fround(1e30));
    expect(f(lib.softplus, 88.8)).toBe(Math.fround(88.8)); // exp(88.8) would overflow
    expect(f(lib.softplus, -Infinity)).toBe(0);
    expect(Object.is(f(lib.logSigmoid, Infinity), -0)).toBe(true);
    expect(f(lib.logSigmoid, -Infinity)).toBe(-Infinity);
    expect(f(lib.mish, Infinity)).toBe(Infinity);
    expect(Object.is(f(lib.mish, -Infinity), -0)).toBe(true);
    // mish(−90) = −90·e^−90 = −7.3e−38 is normal while e^−90 is not
    expect(ulp32(f(lib.mish, -90), Math.fround(REFERENCE.mish!(-90, [])))).toBeLessThanOrEqual(lib.REGISTRY.mish.bound.f32.ulp);
    const d = lib.softplus(new Float64Array([-740, 740, -1e300]));
    expect(ulp64(d[0]!, toNumber(REFERENCE_DD.softplus!(-740, [1, 20])))).toBeLessThanOrEqual(sp.bound.f64.ulp);
    expect(d[1]).toBe(740);
    expect(d[2]).toBe(0);
  });

  it('the tails in relative terms (f32 over [−110, 110], f64 to the underflow), derivatives included', () => {
    const x32 = uniform(sample(200_000), -110, 110, 77) as Float32Array;
    const dy32 = uniform(x32.length, 0.5, 2, 78) as Float32Array;
    const x64 = new Float64Array([...(uniform(sample(20_000, 4), -760, 760, 79, 'f64') as Float64Array), ...(uniform(sample(5_000, 4), -745, -700, 80, 'f64') as Float64Array)]);
    const dy64 = uniform(x64.length, 0.5, 2, 81, 'f64') as Float64Array;
    // mish' has its zero at −1.19; away from it (|x + 1.19| > 0.3) no abs allowance is needed
    const away32 = x32.map((v) => (Math.abs(v + 1.19) < 0.3 ? -3 : v));
    const away64 = x64.map((v) => (Math.abs(v + 1.19) < 0.3 ? -3 : v));
    for (const name of ['softplus', 'logSigmoid', 'mish'] as const) {
      const s = lib.REGISTRY[name];
      const p = name === 'softplus' ? [1, 20] : [];
      const fn = lib[name] as (x: Float32Array | Float64Array) => Float32Array | Float64Array;
      const gr = lib[`${name}Grad`] as (x: Float32Array | Float64Array, dy: Float32Array | Float64Array) => Float32Array | Float64Array;
      let w = worst(x32, fn(x32), (i) => Math.fround(REFERENCE[name]!(x32[i]!, p)), false);
      expect(w.ulp, `${name} f32 ${JSON.stringify(w)}`).toBeLessThanOrEqual(s.bound.f32.ulp);
      w = worst(away32, gr(away32, dy32), (i) => Math.fround(dy32[i]! * GRAD_REFERENCE[name]!(away32[i]!, p)), false);
      expect(w.ulp, `${name}Grad f32 ${JSON.stringify(w)}`).toBeLessThanOrEqual(s.grad!.bound.f32.ulp);
      w = worst(x64, fn(x64), (i) => toNumber(REFERENCE_DD[name]!(x64[i]!, p)), true);
      expect(w.ulp, `${name} f64 ${JSON.stringify(w)}`).toBeLessThanOrEqual(s.bound.f64.ulp);
      w = worst(away64, gr(away64, dy64), (i) => gradTimes(GRAD_REFERENCE_DD[name]!(away64[i]!, p), dy64[i]!), true);
      expect(w.ulp, `${name}Grad f64 ${JSON.stringify(w)}`).toBeLessThanOrEqual(s.grad!.bound.f64.ulp);
    }
  });
});
