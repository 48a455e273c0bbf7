// GELU beyond what the registry-driven suites cover: they run every function with its default options
// only, so approximate: 'tanh' is checked here (f32 against the float64 reference, f64 against the
// double-double one, forward and derivative, both backends), and so is the negative tail in relative
// terms — where the derivative's `abs` allowance (meant for its zero near x = −0.75) would otherwise
// accept any relative error.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';
import { SPECIALS, randomBits32, randomBits64, sample, uniform } from './support/inputs';
import { GRAD_REFERENCE, REFERENCE } from './reference/f64.mjs';
import { GRAD_REFERENCE_DD, REFERENCE_DD, gradTimes, toNumber } from './reference/f64-dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';

const spec = lib.REGISTRY.gelu;
const MODES = [
  ['none', 0],
  ['tanh', 1],
] as const;

type Worst = { ulp: number; x: number; got: number; want: number };
const none: Worst = { ulp: 0, x: 0, got: 0, want: 0 };

/** Max error of y against want(i), ULP of the type; `abs` accepts an absolute error (undefined: none). */
function worst(xs: ArrayLike<number>, y: ArrayLike<number>, want: (i: number) => number, f64: boolean, abs?: number): Worst {
  let w = none;
  for (let i = 0; i < xs.length; i++) {
    const wi = want(i);
    let e = f64 ? ulp64(y[i]!, wi) : ulp32(y[i]!, wi);
    if (abs !== undefined && Math.abs(y[i]! - wi) <= abs) e = 0;
    if (e > w.ulp) w = { ulp: e, x: xs[i]!, got: y[i]!, want: wi };
  }
  return w;
}

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe.each(MODES)("approximate: '%s'", (approximate, k) => {
    const o = { approximate } as const;

    it(`f32: random bit patterns, the band [-20, 20] and tiny |x|, within ${spec.bound.f32.ulp} ULP`, () => {
      const nt = sample(50_000);
      const tiny = new Float32Array(nt).map((_, i) => (i % 2 ? -1 : 1) * 2 ** (-40 + (i / nt) * 40));
      for (const xs of [randomBits32(sample(200_000), 51), uniform(sample(200_000), -20, 20, 52) as Float32Array, tiny]) {
        const y = lib.gelu(xs, o);
        const w = worst(xs, y, (i) => Math.fround(REFERENCE.gelu!(xs[i]!, [k])), false);
        expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(spec.bound.f32.ulp);
      }
    });

    it(`f32 derivative: random x and dy, within ${spec.grad.bound.f32.ulp} ULP (abs ${spec.grad.bound.f32.abs})`, () => {
      for (const xs of [randomBits32(sample(100_000), 53), uniform(sample(200_000), -20, 20, 54) as Float32Array]) {
        const dy = uniform(xs.length, -3, 3, 55) as Float32Array;
        const y = lib.geluGrad(xs, dy, o);
        const w = worst(xs, y, (i) => Math.fround(dy[i]! * GRAD_REFERENCE.gelu!(xs[i]!, [k])), false, spec.grad.bound.f32.abs);
        expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(spec.grad.bound.f32.ulp);
      }
    });

    it(`f64: within ${spec.bound.f64.ulp} ULP of the double-double reference, forward and derivative`, () => {
      const xs = new Float64Array([...randomBits64(sample(15_000, 4), 56), ...(uniform(sample(15_000, 4), -40, 40, 57, 'f64') as Float64Array), ...SPECIALS]);
      const y = lib.gelu(xs, o);
      let w = worst(xs, y, (i) => toNumber(REFERENCE_DD.gelu!(xs[i]!, [k])), true);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(spec.bound.f64.ulp);
      const dy = uniform(xs.length, -3, 3, 58, 'f64') as Float64Array;
      const g = lib.geluGrad(xs, dy, o);
      w = worst(xs, g, (i) => gradTimes(GRAD_REFERENCE_DD.gelu!(xs[i]!, [k]), dy[i]!), true, spec.grad.bound.f64.abs);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(spec.grad.bound.f64.ulp);
    });

    it('the negative tail keeps relative accuracy (no abs allowance), down to the underflow', () => {
      // f32: gelu(−13) = −7.9e−38 is normal although Φ(−13) = 6.1e−39 is not; f64 reaches x ≈ −38 (exact
      // form) and −21 (tanh form).
      const lo32 = k === 0 ? -14.5 : -10.4;
      const lo64 = k === 0 ? -38.5 : -21.5;
      const x32 = uniform(sample(100_000), lo32, -1, 59) as Float32Array;
      const dy32 = uniform(x32.length, 0.5, 2, 60) as Float32Array;
      let w = worst(x32, lib.gelu(x32, o), (i) => Math.fround(REFERENCE.gelu!(x32[i]!, [k])), false);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(spec.bound.f32.ulp);
      // the derivative is away from its zero below x = −1.2
      const g32 = x32.map((v) => Math.min(v, -1.2));
      w = worst(g32, lib.geluGrad(g32, dy32, o), (i) => Math.fround(dy32[i]! * GRAD_REFERENCE.gelu!(g32[i]!, [k])), false);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(spec.grad.bound.f32.ulp);
      const x64 = uniform(sample(20_000, 4), lo64, -1.2, 61, 'f64') as Float64Array;
      const dy64 = uniform(x64.length, 0.5, 2, 62, 'f64') as Float64Array;
      w = worst(x64, lib.gelu(x64, o), (i) => toNumber(REFERENCE_DD.gelu!(x64[i]!, [k])), true);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(spec.bound.f64.ulp);
      w = worst(x64, lib.geluGrad(x64, dy64, o), (i) => gradTimes(GRAD_REFERENCE_DD.gelu!(x64[i]!, [k]), dy64[i]!), true);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(spec.grad.bound.f64.ulp);
    });

    it('gelu(−10) is −7.6e−23 (exact) / −1.2e−37 (tanh), not 0; gelu(−13) in f32 is normal and accurate', () => {
      const y = lib.gelu(new Float32Array([-10, -13]), o);
      expect(ulp32(y[0]!, Math.fround(REFERENCE.gelu!(-10, [k])))).toBeLessThanOrEqual(spec.bound.f32.ulp);
      expect(y[0]).toBeLessThan(0);
      if (k === 0) {
        expect(y[0]).toBeCloseTo(-7.619853024160523e-23, 30);
        expect(y[1]).toBeLessThan(-1.17549435e-38); // normal
        expect(ulp32(y[1]!, Math.fround(REFERENCE.gelu!(-13, [0])))).toBeLessThanOrEqual(spec.bound.f32.ulp);
      } else {
        expect(y[1]).toBe(-0); // v(−13) = −178: x·σ(v) underflows
      }
      const z = lib.gelu(new Float64Array([-10]), o);
      expect(ulp64(z[0]!, toNumber(REFERENCE_DD.gelu!(-10, [k])))).toBeLessThanOrEqual(spec.bound.f64.ulp);
    });

    it('special values: gelu(−Infinity) = −0, gelu(+Infinity) = +Infinity, NaN stays NaN, ±0 keep their sign', () => {
      for (const T of [Float32Array, Float64Array]) {
        const y = lib.gelu(new T([-Infinity, Infinity, NaN, 0, -0, -1e30, 1e30]), o);
        expect(Object.is(y[0], -0)).toBe(true);
        expect(y[1]).toBe(Infinity);
        expect(y[2]).toBeNaN();
        expect(Object.is(y[3], 0)).toBe(true);
        expect(Object.is(y[4], -0)).toBe(true);
        expect(Object.is(y[5], -0)).toBe(true);
        expect(y[6]).toBe(T === Float32Array ? Math.fround(1e30) : 1e30);
        const g = lib.geluGrad(new T([-Infinity, Infinity, NaN, 0, 1]), new T([1, 1, 1, 1, NaN]), o);
        expect(Object.is(g[0], -0)).toBe(true); // gelu' -> 0 from below
        expect(g[1]).toBe(1);
        expect(g[2]).toBeNaN();
        expect(g[3]).toBe(0.5);
        expect(g[4]).toBeNaN();
      }
    });
  });

  it("the two forms differ as documented: at x = −1, −0.158655 ('none') and −0.158808 ('tanh')", () => {
    const x = new Float64Array([-1]);
    expect(lib.gelu(x)[0]).toBeCloseTo(-0.158655253931457, 15);
    expect(lib.gelu(x, { approximate: 'tanh' })[0]).toBeCloseTo(-0.15880800939172324, 15);
    expect(() => lib.gelu(x, { approximate: 'erf' as 'none' })).toThrow(/options\.approximate must be one of 'none', 'tanh'/);
  });
});
