// Derivatives at the edges of their domain, on both backends (issue 13): celuGrad with alpha not a
// power of two where x/alpha is clamped, with extreme alphas (subnormal, near the largest float), and
// preluGrad's dslopes where dy is ±Infinity or NaN at positions that are not summed.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';
import { SPECIALS, randomBits32, rng, uniform } from './support/inputs';
import { GRAD_REFERENCE } from './reference/f64.mjs';
import { GRAD_REFERENCE_DD, gradTimes } from './reference/f64-dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';

const celuBound = lib.REGISTRY.celu.grad.bound;

/** Max ULP error of celuGrad(x, dy, { alpha }) against the references, f32 (double) and f64 (double-double). */
function celuGradErrors(alpha: number, x32: Float32Array, x64: Float64Array) {
  const dy32 = uniform(x32.length, -3, 3, 5) as Float32Array;
  const dy64 = uniform(x64.length, -3, 3, 6, 'f64') as Float64Array;
  const a32 = Math.fround(alpha);
  const g32 = lib.celuGrad(x32, dy32, { alpha });
  const g64 = lib.celuGrad(x64, dy64, { alpha });
  let w32 = { e: 0, x: 0, got: 0, want: 0 };
  let w64 = { e: 0, x: 0, got: 0, want: 0 };
  for (let i = 0; i < x32.length; i++) {
    const want = Math.fround(dy32[i]! * GRAD_REFERENCE.celu!(x32[i]!, [a32]));
    const e = ulp32(g32[i]!, want);
    if (e > w32.e) w32 = { e, x: x32[i]!, got: g32[i]!, want };
  }
  for (let i = 0; i < x64.length; i++) {
    const want = gradTimes(GRAD_REFERENCE_DD.celu!(x64[i]!, [alpha]), dy64[i]!);
    const e = ulp64(g64[i]!, want);
    if (e > w64.e) w64 = { e, x: x64[i]!, got: g64[i]!, want };
  }
  return { w32, w64 };
}

/** x = −alpha·t over t in [2^−30, 2^12] (log-uniform: x/alpha through exp's whole range and beyond), and specials. */
function scaledInputs(alpha: number, n: number, seed: number) {
  const r = rng(seed);
  const xs: number[] = [...SPECIALS];
  for (let i = 0; i < n; i++) xs.push(-Math.abs(alpha) * 2 ** (-30 + 42 * r()) * (1 + r()));
  return xs;
}

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  it('celuGrad with alpha = 3 at x/alpha beyond exp\'s range: 0, not Infinity or NaN (issue 13 defect 1)', () => {
    expect(Array.from(lib.celuGrad(Float32Array.of(-1e20, -Infinity), Float32Array.of(1, 1), { alpha: 3 }))).toEqual([0, 0]);
    expect(Array.from(lib.celuGrad(Float32Array.of(-10, -2, -0.5), Float32Array.of(1, 1, 1), { alpha: 1e-10 }))).toEqual([0, 0, 0]);
    expect(Array.from(lib.celuGrad(Float64Array.of(-1e50, -Infinity), Float64Array.of(1, 1), { alpha: 3 }))).toEqual([0, 0]);
    expect(Array.from(lib.celuGrad(Float64Array.of(-1e50), Float64Array.of(0), { alpha: 3 }))).toEqual([0]);
  });

  // Powers of two take the exact-quotient path; the others the corrected one, whose correction must
  // vanish where x/alpha is clamped. Subnormal and huge alphas also test the splits of alpha.
  it.each([3, 1e-10, 0.1, 1.7, 40, 1e30, 3e38, 4.2e-45, 1e-40, 0.5, 2 ** -140])('celuGrad with alpha = %s: within the bound over the whole range', (alpha) => {
    const a32 = Math.fround(alpha);
    const x32 = new Float32Array([...randomBits32(20_000, 3), ...scaledInputs(a32, 20_000, 4)]);
    const x64 = new Float64Array(scaledInputs(alpha, 20_000, 7));
    const { w32, w64 } = celuGradErrors(alpha, x32, x64);
    expect(w32.e, JSON.stringify(w32)).toBeLessThanOrEqual(celuBound.f32.ulp);
    expect(w64.e, JSON.stringify(w64)).toBeLessThanOrEqual(celuBound.f64.ulp);
  });

  it.each([1.7e308, 1e300, 2 ** 1000 * 1.5, 1e-300, 3e-310, 5e-324 * 3])('celuGrad on Float64Array with alpha = %s: within the bound', (alpha) => {
    const x64 = new Float64Array(scaledInputs(alpha, 20_000, 9));
    const { w64 } = celuGradErrors(alpha, new Float32Array(0), x64);
    expect(w64.e, JSON.stringify(w64)).toBeLessThanOrEqual(celuBound.f64.ulp);
  });

  it('preluGrad: dy = ±Infinity or NaN where x > 0 does not reach dslopes (issue 13 defect 2)', () => {
    for (const T of [Float32Array, Float64Array]) {
      expect(Array.from(lib.preluGrad(T.of(1, -1), T.of(Infinity, 1), T.of(0.25)).dslopes)).toEqual([-1]);
      // every wasm path: one slope (a run), long runs per channel, and a pattern of slopes
      for (const [shape, axis, slopes] of [[[64], 0, 1], [[2, 3, 40], 1, 3], [[8, 3], 1, 3], [[8, 3, 2], 1, 3]] as const) {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = new T(n).map((_, i) => (i % 3 === 0 ? 2 : -1));
        const dy = new T(n).map((_, i) => (i % 3 === 0 ? [Infinity, -Infinity, NaN][i % 9 / 3]! : 0.5));
        const g = lib.preluGrad(x, dy, new T(slopes).fill(0.25), { shape: [...shape], axis });
        for (const v of g.dslopes) expect(Number.isFinite(v), `${T.name} ${shape}: ${Array.from(g.dslopes)}`).toBe(true);
        const want = new Float64Array(slopes);
        const [outer, C, inner] = shape.length === 1 ? [1, 1, n] : [shape[0]!, shape[1]!, n / shape[0]! / shape[1]!];
        for (let o = 0, i = 0; o < outer; o++) for (let c = 0; c < C; c++) for (let k = 0; k < inner; k++, i++) if (x[i]! <= 0) want[slopes === 1 ? 0 : c]! += x[i]! * dy[i]!;
        expect(Array.from(g.dslopes)).toEqual(Array.from(want));
        // dx keeps the non-finite dy where x > 0 (slope 1)
        for (let i = 0; i < n; i += 3) expect(Object.is(g.dx[i], dy[i]) || (Number.isNaN(g.dx[i]!) && Number.isNaN(dy[i]!))).toBe(true);
      }
      // a NaN x is summed: NaN
      expect(lib.preluGrad(T.of(NaN, -1), T.of(1, 1), T.of(0.25)).dslopes[0]).toBeNaN();
    }
  });
});
