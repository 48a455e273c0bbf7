// The piecewise family's own promises, beyond the registry-driven suites: kinks by PyTorch's
// convention, parameter checks across options, alternative parameters (ONNX's hardSigmoid), exact
// bounds of hardSigmoid's linear region, and the saturated ends.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';
import * as dd from './reference/dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';

type F = Float32Array | Float64Array;
type Fn = (x: F, o?: object) => F;
type Grad = (x: F, dy: F, o?: object) => F;
const fn = (name: string) => (lib as unknown as Record<string, Fn>)[name]!;
const grad = (name: string) => (lib as unknown as Record<string, Grad>)[`${name}Grad`]!;
const TYPES = [
  ['f32', Float32Array],
  ['f64', Float64Array],
] as const;

/** f'(x) with dy = 1 at each x. */
const slopes = (name: string, T: (typeof TYPES)[number][1], xs: number[], o?: object) => Array.from(grad(name)(new T(xs), new T(xs.length).fill(1), o));

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe.each(TYPES)('%s', (_t, T) => {
    it('kinks follow PyTorch', () => {
      expect(slopes('relu', T, [-1, -0, 0, 1])).toEqual([0, 0, 0, 1]);
      expect(slopes('leakyRelu', T, [-1, 0, 1], { alpha: 0.5 })).toEqual([0.5, 0.5, 1]);
      expect(slopes('relu6', T, [-1, 0, 3, 6, 7])).toEqual([0, 0, 1, 0, 0]);
      expect(slopes('hardTanh', T, [-2, -1, 0, 1, 2])).toEqual([0, 0, 1, 0, 0]);
      expect(slopes('hardTanh', T, [-3, -2, 0, 5, 6], { min: -2, max: 5 })).toEqual([0, 0, 1, 0, 0]);
      expect(slopes('hardSigmoid', T, [-4, -3, -2.9, 0, 2.9, 3, 4])).toEqual([0, 0, 1, 1, 1, 0, 0].map((v) => v * (T === Float32Array ? Math.fround(1 / 6) : 1 / 6)));
      expect(Array.from(fn('hardSigmoid')(new T([-3, -2.5, 3])))).toEqual([0, T === Float32Array ? Math.fround(0.5 / 6) : 0.5 / 6, 1]); // (x + 3) / 6
      expect(slopes('hardSwish', T, [-4, -3, -1.5, 0, 3, 4])).toEqual([0, -0.5, 0, 0.5, 1.5, 1]);
      expect(slopes('hardShrink', T, [-1, -0.5, 0, 0.5, 1])).toEqual([1, 0, 0, 0, 1]);
      expect(slopes('softShrink', T, [-1, -0.5, 0, 0.5, 1])).toEqual([1, 0, 0, 0, 1]);
      expect(slopes('step', T, [-1, 0, 1]).map((v) => v + 0)).toEqual([0, 0, 0]);
      expect(slopes('threshold', T, [0.5, 1, 2])).toEqual([0, 0, 1]);
      expect(slopes('threshold', T, [-1, 0, 2], { threshold: 0, value: 5 })).toEqual([0, 0, 1]);
    });

    it('derivatives: NaN in x gives NaN; dy · 0 is a product (NaN or ±Infinity in dy gives NaN)', () => {
      for (const name of ['relu', 'leakyRelu', 'step', 'relu6', 'hardTanh', 'hardSigmoid', 'hardSwish', 'softsign', 'hardShrink', 'softShrink', 'threshold']) {
        const y = grad(name)(new T([NaN, -10, -10, 10]), new T([1, NaN, Infinity, 2]));
        expect(y[0], `${name}: NaN in x`).toBeNaN();
        expect(y[1], `${name}: NaN in dy`).toBeNaN();
      }
      expect(grad('relu')(new T([-1]), new T([Infinity]))[0]).toBeNaN();
      expect(grad('step')(new T([-1, 2]), new T([-3, 3])).map((v) => v + 0)).toEqual(new T([0, 0]));
    });

    it('saturated and special ends', () => {
      expect(Array.from(fn('relu6')(new T([-Infinity, -0, 0, 5.5, 6, 1e30, Infinity, NaN])))).toEqual([0, 0, 0, 5.5, 6, 6, 6, NaN]);
      expect(Object.is(fn('relu6')(new T([-0]))[0], 0)).toBe(true); // +0, as relu
      expect(Object.is(fn('hardTanh')(new T([-0]), { min: 0, max: 6 })[0], -0)).toBe(true); // clamp keeps x
      expect(Array.from(fn('hardSwish')(new T([-Infinity, -3, 3, 1e38, Infinity])))).toEqual([-0, -0, 3, T === Float32Array ? Math.fround(1e38) : 1e38, Infinity]);
      expect(Object.is(fn('hardSwish')(new T([-5]))[0], -0)).toBe(true);
      expect(Array.from(fn('softsign')(new T([-Infinity, -1, 0, 1, Infinity])))).toEqual([-1, -0.5, 0, 0.5, 1]);
      expect(Array.from(grad('softsign')(new T([-Infinity, 0, 1, Infinity]), new T([1, 1, 1, 1])))).toEqual([0, 1, 0.25, 0]);
      expect(Array.from(fn('hardSigmoid')(new T([-Infinity, -3, 0, 3, Infinity, NaN])))).toEqual([0, 0, 0.5, 1, 1, NaN]);
      expect(Array.from(fn('softShrink')(new T([-Infinity, -1, -0.5, 0.25, 0.5, 2, Infinity])))).toEqual([-Infinity, -0.5, 0, 0, 0, 1.5, Infinity]);
      expect(Array.from(fn('hardShrink')(new T([-1, -0.5, 0.25, 0.5, 0.75])))).toEqual([-1, 0, 0, 0, 0.75]);
      expect(Array.from(fn('threshold')(new T([-Infinity, 0.5, 1, 1.5, Infinity, NaN])))).toEqual([0, 0, 0, 1.5, Infinity, NaN]);
      expect(Array.from(fn('threshold')(new T([-1, 0, -0, 2]), { threshold: 0, value: -7 }))).toEqual([-7, -7, -7, 2]);
    });

    it('hardSigmoid: alpha 0.2 gives the ONNX / Keras 2 / tfjs-layers form', () => {
      const r = (v: number) => (T === Float32Array ? Math.fround(v) : v);
      const a = r(0.2);
      const xs = [-3, -2.5, -1, 0, 1, 2.5, 3];
      const want = xs.map((x) => r(Math.max(0, Math.min(1, a * x + 0.5))));
      expect(Array.from(fn('hardSigmoid')(new T(xs), { alpha: 0.2 }))).toEqual(want);
      // Kinks where 0.2·x + 0.5 crosses 0 and 1, at ±2.5 (in f32 alpha = fround(0.2) moves them by an ULP or so).
      expect(slopes('hardSigmoid', T, [-3, -2, 0, 2, 3], { alpha: 0.2 })).toEqual([0, a, a, a, 0]);
    });

    it('hardSigmoid: (x + beta/alpha) / (1/alpha), and the derivative switches exactly at its kinks', () => {
      const single = T === Float32Array;
      const round = single ? Math.fround : (v: number) => v;
      for (const [alpha, beta] of [[1 / 6, 0.5], [0.2, 0.5], [0.3, 0.25], [1e-3, 0.999], [7, -2]] as [number, number][]) {
        const a = round(alpha);
        const s = round(1 / a);
        const o = round(round(beta) / a);
        // Exact classification: 0 < x + o < s, in double-double.
        const inside = (x: number) => x > -o && dd.cmp(dd.twoSum(x, o), [s, 0]) < 0;
        for (const x0 of [-o, s - o]) {
          const step = Math.max(Math.abs(x0), 2 ** -100) * (single ? 2 ** -23 : 2 ** -52);
          const xs = new T(81).map((_, i) => x0 + (i - 40) * step);
          const g = grad('hardSigmoid')(xs, new T(81).fill(1), { alpha, beta });
          const y = fn('hardSigmoid')(xs, { alpha, beta });
          for (let i = 0; i < 81; i++) {
            expect(g[i], `alpha ${alpha}, beta ${beta}, x = ${xs[i]}`).toBe(inside(xs[i]!) ? a : 0);
            const want = round(Math.min(1, Math.max(0, dd.toNumber(dd.div(dd.twoSum(xs[i]!, o), [s, 0])))));
            expect((single ? ulp32 : ulp64)(y[i]!, want), `x = ${xs[i]}: got ${y[i]}, want ${want}`).toBeLessThanOrEqual(1);
          }
        }
      }
      expect(() => fn('hardSigmoid')(new T(1), { alpha: -0.2 })).toThrow(/options\.alpha must be > 0/);
      // Checked after rounding to the array's type: in f32, 1e-300 is 0; 1e-39 (a subnormal) is not,
      // but its reciprocal is beyond the f32 range.
      if (single) {
        expect(() => fn('hardSigmoid')(new T(1), { alpha: 1e-300 })).toThrow(/options\.alpha must be > 0, got 1e-300 \(1e-300 rounds to 0 in a Float32Array\)/);
        expect(() => fn('hardSigmoid')(new T(1), { alpha: 1e-39 })).toThrow(/options\.alpha \(1\.00000\d*e-39\) is too small/);
      } else {
        expect(() => fn('hardSigmoid')(new T(1), { alpha: 1e-300 })).toThrow(/options\.alpha \(1e-300\) is too small/);
      }
    });

    it('parameters checked across options: min <= max, lambd >= 0', () => {
      const x = new T([-2, 0, 2]);
      expect(() => fn('hardTanh')(x, { min: 1, max: -1 })).toThrow(RangeError);
      expect(() => fn('hardTanh')(x, { min: 1, max: -1 })).toThrow(/options\.min \(1\) must be <= options\.max \(-1\)/);
      expect(() => fn('hardTanh')(x, { max: -2 })).toThrow(/options\.min \(-1\) must be <= options\.max \(-2\)/);
      expect(() => grad('hardTanh')(x, x, { min: 3 })).toThrow(/options\.min/);
      expect(Array.from(fn('hardTanh')(x, { min: 0.5, max: 0.5 }))).toEqual([0.5, 0.5, 0.5]);
      for (const name of ['hardShrink', 'softShrink']) {
        expect(() => fn(name)(x, { lambd: -0.1 })).toThrow(/options\.lambd must be >= 0, got -0\.1/);
        expect(() => grad(name)(x, x, { lambd: -1 })).toThrow(RangeError);
        expect(Array.from(fn(name)(x, { lambd: 0 }))).toEqual([-2, 0, 2]);
      }
    });
  });

  it('f32 parameters are rounded to f32 first (as PyTorch casts them): hardTanh bounds, shrink lambd', () => {
    const lo = Math.fround(-0.1);
    expect(lib.hardTanh(new Float32Array([-1]), { min: -0.1 })[0]).toBe(lo);
    expect(lib.softShrink(new Float32Array([1]), { lambd: 0.1 })[0]).toBe(Math.fround(1 - Math.fround(0.1)));
    expect(lib.hardTanh(new Float64Array([-1]), { min: -0.1 })[0]).toBe(-0.1);
  });
});
