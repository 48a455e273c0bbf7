// Derivatives at the edges of their domain, on both backends (issue 13): celuGrad with alpha not a
// power of two where x/alpha is clamped, with extreme alphas (subnormal, near the largest float), and
// preluGrad's dslopes where dy is ±Infinity or NaN at positions that are not summed.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { BACKENDS, itIf, testedHere, useBackend } from './support/backends';
import { SPECIALS, randomBits32, rng, sample, uniform } from './support/inputs';
import { GRAD_REFERENCE } from './reference/f64.mjs';
import { GRAD_REFERENCE_DD, REFERENCE_DD, gradTimes, toNumber } from './reference/f64-dd.mjs';
import * as dd from './reference/dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';

const celuBound = lib.REGISTRY.celu.grad.bound;

/** Max ULP error of celuGrad(x, dy, { alpha }) against the references, f32 (double) and f64 (double-double). */
function celuGradErrors(alpha: number, x32: Float32Array, x64: Float64Array) {
  const dy32 = uniform(x32.length, -3, 3, 5) as Float32Array;
  const dy64 = uniform(x64.length, -3, 3, 6, 'f64') as Float64Array;
  const a32 = Math.fround(alpha);
  // (an alpha that no f32 can hold is refused on Float32Array, so the f64-only cases pass no f32 input)
  const g32 = x32.length > 0 ? lib.celuGrad(x32, dy32, { alpha }) : new Float32Array(0);
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
    const x32 = new Float32Array([...randomBits32(sample(20_000), 3), ...scaledInputs(a32, sample(20_000), 4)]);
    const x64 = new Float64Array(scaledInputs(alpha, sample(20_000, 4), 7));
    const { w32, w64 } = celuGradErrors(alpha, x32, x64);
    expect(w32.e, JSON.stringify(w32)).toBeLessThanOrEqual(celuBound.f32.ulp);
    expect(w64.e, JSON.stringify(w64)).toBeLessThanOrEqual(celuBound.f64.ulp);
  });

  // In the relaxed project, only the tests that reach the side module's kernels (testedHere).
  itIf(testedHere('celu_grad_f64')).each([1.7e308, 1e300, 2 ** 1000 * 1.5, 1e-300, 3e-310, 5e-324 * 3])('celuGrad on Float64Array with alpha = %s: within the bound', (alpha) => {
    const x64 = new Float64Array(scaledInputs(alpha, sample(20_000, 4), 9));
    const { w64 } = celuGradErrors(alpha, new Float32Array(0), x64);
    expect(w64.e, JSON.stringify(w64)).toBeLessThanOrEqual(celuBound.f64.ulp);
  });

  itIf(testedHere('prelu_grad_f32') || testedHere('prelu_grad_f64'))('preluGrad: dy = ±Infinity or NaN where x > 0 does not reach dslopes (issue 13 defect 2)', () => {
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

// --- Derivatives for any finite dy (issue 13 defect 9): dy·f'(x) where f'(x) is far below the smallest
// normal float while the product is not (|dy| up to the largest float), and f'(x) beyond the largest
// (celu with alpha < 0) with tiny dy. Every elementwise derivative, both types, both backends, against the
// registry's bound; the absolute allowance of silu', mish' and gelu' (near their zero, as the registry's
// formulas say) counts as abs·|dy| there and nowhere else.

const ZERO_NEAR: Record<string, number> = { silu: -1.2785, mish: -1.19, gelu: -0.75 };

function withGrad() {
  return lib.ACTIVATIONS.filter((s) => s.kind === 'elementwise' && s.grad);
}

/** x: random bit patterns, the tails where f' underflows, a band; dy: ±(1..2)·2^e, e over [emin, emax]. */
function hugeDyInputs(single: boolean, n: number, seed: number, emax: number) {
  const r = rng(seed);
  const T = single ? Float32Array : Float64Array;
  const x = new T(n);
  const dy = new T(n);
  const tail = single ? 200 : 1600;
  const bits = single ? randomBits32(n, seed) : null;
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    x[i] = k === 0 && bits ? bits[i]! : k === 0 ? (r() < 0.5 ? -1 : 1) * 2 ** (-1000 + 2000 * r()) : k === 1 ? (r() * 2 - 1) * tail : k === 2 ? -(60 + r() * (single ? 140 : 1540)) : (r() * 2 - 1) * 30;
    const e = single ? emax - Math.floor(r() * 60) : emax - Math.floor(r() * 400);
    dy[i] = (r() < 0.5 ? -1 : 1) * (1 + r()) * 2 ** e;
  }
  return { x, dy };
}

describe.each(BACKENDS)('%s backend: derivatives for any finite dy', (backend) => {
  useBackend(backend);

  it('the reproductions: sigmoidGrad f32 at x = 100, 110 with dy = 1e30', () => {
    const y = lib.sigmoidGrad(Float32Array.of(100, 110), Float32Array.of(1e30, 1e30));
    expect(ulp32(y[0]!, Math.fround(1e30 * GRAD_REFERENCE.sigmoid!(100, [])))).toBeLessThanOrEqual(3);
    expect(ulp32(y[1]!, Math.fround(1e30 * GRAD_REFERENCE.sigmoid!(110, [])))).toBeLessThanOrEqual(3);
    expect(y[1]).toBeGreaterThan(1.6e-18);
  });

  it('celuGrad with alpha < 0: exp(x/alpha) beyond the range, dy tiny or 0; x = -Infinity takes the limit +Infinity', () => {
    expect(Array.from(lib.celuGrad(Float32Array.of(-100, -100, -Infinity, -Infinity), Float32Array.of(1e-30, 0, 0, 1), { alpha: -1 }))).toEqual([Math.fround(1e-30 * Math.exp(100)), 0, NaN, Infinity]);
    const y = lib.celuGrad(Float64Array.of(-1000, -1400, -1460, -1000, -Infinity), Float64Array.of(1e-300, 5e-324, 5e-324, 0, 0), { alpha: -1 });
    expect(ulp64(y[0]!, gradTimes(GRAD_REFERENCE_DD.celu!(-1000, [-1]), 1e-300))).toBeLessThanOrEqual(3);
    expect(ulp64(y[1]!, gradTimes(GRAD_REFERENCE_DD.celu!(-1400, [-1]), 5e-324))).toBeLessThanOrEqual(3);
    expect(y[2]).toBe(Infinity);
    expect(y[3]).toBe(0);
    expect(y[4]).toBeNaN();
  });

  // In the relaxed project, the f32 derivatives only (testedHere: the side module has no f64 kernel).
  it.each((['f32', 'f64'] as const).filter((t) => withGrad().some((s) => testedHere(`${s.grad!.kernel}_${t}`))))('%s: every derivative within its bound with |dy| up to the largest float, x over the whole range and the tails', (type) => {
    const single = type === 'f32';
    const ulp = single ? ulp32 : ulp64;
    for (const s of withGrad()) {
      const p = s.params.map((q) => (typeof q.default === 'string' ? (q.kind as readonly string[]).indexOf(q.default) : q.default));
      const ps = single ? p.map(Math.fround) : p;
      const emax = single ? 127 : 1023;
      const { x, dy } = hugeDyInputs(single, sample(16_000, single ? 8 : 4), 50 + s.name.length, emax);
      const y = (lib as unknown as Record<string, (a: unknown, b: unknown) => Float32Array | Float64Array>)[`${s.name}Grad`]!(x, dy);
      const bound = s.grad!.bound[type];
      let w = { e: 0, x: 0, dy: 0, got: 0, want: 0 };
      for (let i = 0; i < x.length; i++) {
        const want = single ? Math.fround(dy[i]! * GRAD_REFERENCE[s.name]!(x[i]!, ps)) : gradTimes(GRAD_REFERENCE_DD[s.name]!(x[i]!, ps), dy[i]!);
        let e = ulp(y[i]!, want);
        const z = ZERO_NEAR[s.name];
        if (bound.abs !== undefined && z !== undefined && Math.abs(x[i]! - z) < 0.5 && Math.abs(y[i]! - want) <= bound.abs * Math.abs(dy[i]!)) e = 0;
        if (e > w.e) w = { e, x: x[i]!, dy: dy[i]!, got: y[i]!, want };
      }
      expect(w.e, `${s.name}Grad ${type}: ${JSON.stringify(w)}`).toBeLessThanOrEqual(bound.ulp);
    }
  });

  // gelu's other form (the loop above takes the defaults): its f64 tail (v < −600, x < −21.4) and, for
  // the exact form above, a > 37 and |dy| > 2^950 form dy·f'(x) with exp's power of two apart.
  it.each((['f32', 'f64'] as const).filter((t) => testedHere(`gelu_grad_${t}`)))('%s: geluGrad, tanh form, within its bound with |dy| up to the largest float', (type) => {
    const single = type === 'f32';
    const ulp = single ? ulp32 : ulp64;
    const tanh = (lib.REGISTRY.gelu.params[0]!.kind as readonly string[]).indexOf('tanh');
    for (const [lo, hi] of [[-31, 31], [-27, -20]] as const) {
      const { dy } = hugeDyInputs(single, sample(16_000, single ? 8 : 4), 91, single ? 127 : 1023);
      const r = rng(92);
      const xs = Array.from(dy, () => lo + (hi - lo) * r());
      const x = single ? Float32Array.from(xs) : Float64Array.from(xs);
      const y = lib.geluGrad(x, dy, { approximate: 'tanh' });
      const bound = lib.REGISTRY.gelu.grad!.bound[type];
      let w = { e: 0, x: 0, dy: 0, got: 0, want: 0 };
      for (let i = 0; i < x.length; i++) {
        const want = single ? Math.fround(dy[i]! * GRAD_REFERENCE.gelu!(x[i]!, [tanh])) : gradTimes(GRAD_REFERENCE_DD.gelu!(x[i]!, [tanh]), dy[i]!);
        let e = ulp(y[i]!, want);
        if (bound.abs !== undefined && Math.abs(x[i]! - ZERO_NEAR.gelu!) < 0.5 && Math.abs(y[i]! - want) <= bound.abs * Math.abs(dy[i]!)) e = 0;
        if (e > w.e) w = { e, x: x[i]!, dy: dy[i]!, got: y[i]!, want };
      }
      expect(w.e, `geluGrad tanh ${type} x in [${lo}, ${hi}]: ${JSON.stringify(w)}`).toBeLessThanOrEqual(bound.ulp);
    }
  });
});

// Classes found by the differential fuzzer (npm run fuzz -- --survey), each at its cause.
describe.each(BACKENDS)('%s backend: fuzz survey classes', (backend) => {
  useBackend(backend);
  const pow = (d: number) => 2 ** d;

  itIf(testedHere('elu_grad_f32'))('eluGrad f32 with a tiny alpha: alpha·exp(x) below the normals, dy·alpha·exp(x) not (was 0)', () => {
    const x = Float32Array.of(-1.7032945156097412, -0.5, -60, -100, 0);
    const dy = Float32Array.of(-61319772277160540000, 3e38, 1e30, 3e38, 1e30);
    for (const alpha of [-1.401298464324817e-45, 1e-40, -(2 ** -40)]) {
      const y = lib.eluGrad(x, dy, { alpha });
      const a = Math.fround(alpha);
      for (let i = 0; i < x.length; i++) {
        const want = Math.fround(dy[i]! * GRAD_REFERENCE.elu!(x[i]!, [a]));
        expect(ulp32(y[i]!, want), `alpha ${alpha}, x ${x[i]}: ${y[i]} vs ${want}`).toBeLessThanOrEqual(lib.REGISTRY.elu.grad!.bound.f32.ulp);
      }
    }
  });

  itIf(testedHere('elu_grad_f64'))('eluGrad f64 with alpha beyond 2^±11: no subnormal alpha·exp(x), no overflow of dy·alpha before exp (was 0 / -Infinity)', () => {
    const x = Float64Array.of(-690, -1, -750, -800, -0.5, -720, 0);
    const dy = Float64Array.of(1e30, 1, 1e300, 5e301, 1e-300, 1e302, 3);
    for (const alpha of [1e-30, -1e-30, -1e30, 1e30, 5e-324, -1e300, 2 ** -12]) {
      const y = lib.eluGrad(x, dy, { alpha });
      for (let i = 0; i < x.length; i++) {
        // the double-double reference splits dy: a huge dy scaled by 2^-600 and the result back (exact)
        const s = Math.abs(dy[i]!) > 1e200 ? 600 : 0;
        const want = gradTimes(GRAD_REFERENCE_DD.elu!(x[i]!, [alpha]), dy[i]! * pow(-s)) * pow(s);
        expect(ulp64(y[i]!, want), `alpha ${alpha}, x ${x[i]}, dy ${dy[i]}: ${y[i]} vs ${want}`).toBeLessThanOrEqual(lib.REGISTRY.elu.grad!.bound.f64.ulp);
      }
    }
    expect(lib.eluGrad(Float64Array.of(-800), Float64Array.of(5e301), { alpha: -1e30 })[0]).toBeLessThan(0); // finite, -1.9e-16
    expect(Number.isFinite(lib.eluGrad(Float64Array.of(-800), Float64Array.of(5e301), { alpha: -1e30 })[0])).toBe(true);
  });

  itIf(testedHere('celu_f64'))('celu f64 with alpha < 0: within the registry bound for x/alpha in [1, 700], finite beyond exp\'s range while |alpha|·e^(x/alpha) is', () => {
    const bound = lib.REGISTRY.celu.bound.f64.ulp;
    const r = rng(77);
    for (const alpha of [-3, -0.1, -0.01, -1, -1e-20, -7.5]) {
      const u = Float64Array.from({ length: 4000 }, (_, i) => (i < 4 ? [1, 3.7733512, 2.5, 700][i]! : 1 + 699 * r() ** 3));
      const x = u.map((v) => v * alpha);
      const y = lib.celu(x, { alpha });
      let worst = { e: 0, x: 0, got: 0, want: 0 };
      for (let i = 0; i < x.length; i++) {
        const want = toNumber(REFERENCE_DD.celu!(x[i]!, [alpha]));
        const e = ulp64(y[i]!, want);
        if (e > worst.e) worst = { e, x: x[i]!, got: y[i]!, want };
      }
      expect(worst.e, `alpha ${alpha}: ${JSON.stringify(worst)}`).toBeLessThanOrEqual(bound);
    }
    // alpha·exp(x/alpha) beyond x/alpha = 709.78 (js gave -Infinity) and beyond 1240 (the kernel's old clamp)
    for (const [x, alpha] of [[-7.108783256262541, -0.01], [-1.3e-297, -1e-300], [-1300 * 5e-324, -5e-324]] as const) {
      const v = dd.add(dd.div([x, 0], [alpha, 0]), dd.log([-alpha, 0]));
      const want = -dd.toNumber(dd.mul(dd.exp(dd.sub(v, [20, 0])), dd.exp([20, 0])));
      const got = lib.celu(Float64Array.of(x), { alpha })[0]!;
      expect(ulp64(got, want), `celu(${x}, alpha ${alpha}) = ${got}, want ${want}`).toBeLessThanOrEqual(bound);
    }
    expect(lib.celu(Float64Array.of(-13, -Infinity, -1e308), { alpha: -0.01 })).toEqual(Float64Array.of(-Infinity, -Infinity, -Infinity));
  });

  itIf(testedHere('softplus_f64'))('softplus / softplusGrad f64 with extreme beta: x = -1.8e308 at beta = 1e-30 gives 0, a huge beta·x with its rounding error no NaN', () => {
    expect(lib.softplus(Float64Array.of(-1.7976931348623157e308), { beta: 1e-30 })[0]).toBe(0);
    expect(lib.softplusGrad(Float64Array.of(-1.7976931348623157e308), Float64Array.of(3), { beta: 1e-30 })[0]).toBe(0);
    const g = lib.softplusGrad(Float64Array.of(-8.060227911919355, -4.8643591441214085), Float64Array.of(1e30, -2.1276323031634092), { beta: 1e20, threshold: -20 });
    expect(Array.from(g)).toEqual([0, -0]); // dy·σ(−8e20): far below the smallest double
  });

  itIf(testedHere('softplus_f32'))('softplus f32 with beta below 2^-40: e/beta in the tail, where e·2^64 is below the f32 normals (was 0)', () => {
    const x = Float32Array.of(-1.494374772862265e32, -1e32, -1.3e32, -2e32);
    const y = lib.softplus(x, { beta: 1e-30 });
    const b = Math.fround(1e-30);
    for (let i = 0; i < x.length; i++) {
      const want = Math.fround(Math.exp(x[i]! * b) / b); // log1p(e) = e here; x·b exact in double
      expect(ulp32(y[i]!, want), `softplus(${x[i]}) = ${y[i]}, want ${want}`).toBeLessThanOrEqual(lib.REGISTRY.softplus.bound.f32.ulp);
    }
    expect(y[0]).toBeGreaterThan(1.2e-35);
    // x·beta above a threshold below the tail: x itself
    expect(lib.softplus(Float32Array.of(-3.4028234663852886e38), { beta: 1e-30, threshold: -1e30 })[0]).toBe(-3.4028234663852886e38);
  });

  itIf(testedHere('prelu_grad_f32') || testedHere('prelu_grad_f64'))('preluGrad: a channel sum beyond the type\'s range is ±Infinity (the sum of finite terms rounded)', () => {
    const f64 = lib.preluGrad(Float64Array.of(-1.5e308, -1.5e308, 2), Float64Array.of(-1, -1, 5), Float64Array.of(0.5));
    expect(f64.dslopes[0]).toBe(Infinity);
    const f32 = lib.preluGrad(Float32Array.of(-3e38, -3e38, 1), Float32Array.of(3e38, 3e38, 1), Float32Array.of(0.5));
    expect(f32.dslopes[0]).toBe(-Infinity);
    const both = lib.preluGrad(Float64Array.of(-1e300, -1e300), Float64Array.of(1e10, -1e10), Float64Array.of(0.5));
    expect(both.dslopes[0]).toBeNaN(); // -Infinity + Infinity
  });

  itIf(testedHere('tanhshrink_f64'))('tanhshrink / tanhshrinkGrad f64 where the a³·g form and t·t lost (4 and 4.5 ULP)', () => {
    const x = Float64Array.of(1.0085770953446627, -1.0085770953446627, 0.885, 0.95, 1.4);
    const y = lib.tanhshrink(x);
    const dy = Float64Array.of(7.51, -3, 7.51, 1, 2);
    const g = lib.tanhshrinkGrad(x, dy);
    for (let i = 0; i < x.length; i++) {
      expect(ulp64(y[i]!, toNumber(REFERENCE_DD.tanhshrink!(x[i]!, [])))).toBeLessThanOrEqual(lib.REGISTRY.tanhshrink.bound.f64.ulp);
      expect(ulp64(g[i]!, gradTimes(GRAD_REFERENCE_DD.tanhshrink!(x[i]!, []), dy[i]!))).toBeLessThanOrEqual(lib.REGISTRY.tanhshrink.grad!.bound.f64.ulp);
    }
    // tiny x, huge dy: dy·x·x is normal where x² is not
    expect(lib.tanhshrinkGrad(Float64Array.of(-2.3205694269406333e-165), Float64Array.of(4.7024120288797525e305))[0]).toBeGreaterThan(2.5e-24);
  });

  it('celuGrad alpha < 0 at x/alpha beyond the double range: dy = 0 gives ±0, any other dy ±Infinity (the reference agrees)', () => {
    const y = lib.celuGrad(Float64Array.of(-16.00222835317254, -1.7976931348623157e308, -1.7976931348623157e308), Float64Array.of(-0, 1e-30, -17), { alpha: -1e-20 });
    expect(Object.is(y[0], -0)).toBe(true);
    expect(y[1]).toBe(Infinity);
    expect(y[2]).toBe(-Infinity);
  });
});
