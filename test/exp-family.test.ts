// The exp family beyond what the registry-driven suites check: parameters other than the defaults
// (elu's and celu's alpha, also negative), the swish alias, accuracy just below 0 (where exp(x) − 1
// cancels), the tails, and the values at kinks and at ±Infinity.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { BACKENDS, useBackend } from './support/backends';
import { sample, uniform } from './support/inputs';
import { GRAD_REFERENCE, REFERENCE } from './reference/f64.mjs';
import { GRAD_REFERENCE_DD, REFERENCE_DD, gradTimes, toNumber } from './reference/f64-dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';

type Fn = (x: Float32Array | Float64Array, o?: object) => Float32Array | Float64Array;
type Grad = (x: Float32Array | Float64Array, dy: Float32Array | Float64Array, o?: object) => Float32Array | Float64Array;
const fn = (name: string) => (lib as unknown as Record<string, Fn>)[name]!;
const grad = (name: string) => (lib as unknown as Record<string, Grad>)[`${name}Grad`]!;

/** Inputs: a band over the interesting range, a dense band just below 0, and the tails. */
function inputs(): number[] {
  const xs = [...uniform(sample(20_000), -30, 5, 7)];
  const [nz, nt] = [sample(5_000), sample(2_000)];
  for (let i = 0; i < nz; i++) xs.push(-(2 ** (-40 + (i / nz) * 40)));
  for (let i = 0; i < nt; i++) xs.push(-87 - (i / nt) * 25);
  return xs;
}

/** Max error in ULP of name(x, {alpha}) and its derivative against the references, f32 and f64. */
function maxErrors(name: string, alpha: number) {
  const xs = inputs();
  const x32 = new Float32Array(xs);
  const x64 = new Float64Array(xs);
  const dy32 = uniform(xs.length, -3, 3, 8) as Float32Array;
  const dy64 = new Float64Array(dy32);
  const a32 = Math.fround(alpha);
  const y32 = fn(name)(x32, { alpha });
  const y64 = fn(name)(x64, { alpha });
  const g32 = grad(name)(x32, dy32, { alpha });
  const g64 = grad(name)(x64, dy64, { alpha });
  const worst = { f32: 0, f64: 0, grad32: 0, grad64: 0 };
  for (let i = 0; i < xs.length; i++) {
    worst.f32 = Math.max(worst.f32, ulp32(y32[i]!, Math.fround(REFERENCE[name]!(x32[i]!, [a32]))));
    worst.f64 = Math.max(worst.f64, ulp64(y64[i]!, toNumber(REFERENCE_DD[name]!(x64[i]!, [alpha]))));
    worst.grad32 = Math.max(worst.grad32, ulp32(g32[i]!, Math.fround(dy32[i]! * GRAD_REFERENCE[name]!(x32[i]!, [a32]))));
    worst.grad64 = Math.max(worst.grad64, ulp64(g64[i]!, gradTimes(GRAD_REFERENCE_DD[name]!(x64[i]!, [alpha]), dy64[i]!)));
  }
  return worst;
}

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  it('swish is silu and swishGrad is siluGrad (the same function objects)', () => {
    expect(lib.swish).toBe(lib.silu);
    expect(lib.swishGrad).toBe(lib.siluGrad);
  });

  it.each([0.5, 2, 1.7, 1e-3, 40])('elu with alpha = %s: within the documented bounds, f32 and f64', (alpha) => {
    const w = maxErrors('elu', alpha);
    const b = lib.REGISTRY.elu;
    expect(w.f32).toBeLessThanOrEqual(b.bound.f32.ulp);
    expect(w.f64).toBeLessThanOrEqual(b.bound.f64.ulp);
    expect(w.grad32).toBeLessThanOrEqual(b.grad.bound.f32.ulp);
    expect(w.grad64).toBeLessThanOrEqual(b.grad.bound.f64.ulp);
  });

  it.each([0.5, 2, 1.7, 1e-3, 40])('celu with alpha = %s: within the documented bounds, f32 and f64', (alpha) => {
    const w = maxErrors('celu', alpha);
    const b = lib.REGISTRY.celu;
    expect(w.f32).toBeLessThanOrEqual(b.bound.f32.ulp);
    expect(w.f64).toBeLessThanOrEqual(b.bound.f64.ulp);
    expect(w.grad32).toBeLessThanOrEqual(b.grad.bound.f32.ulp);
    expect(w.grad64).toBeLessThanOrEqual(b.grad.bound.f64.ulp);
  });

  it.each([-1, -0.5, -2.5])('elu and celu with a negative alpha = %s (allowed, as in PyTorch)', (alpha) => {
    const e = maxErrors('elu', alpha);
    expect(Math.max(e.f32, e.f64, e.grad32, e.grad64)).toBeLessThanOrEqual(3);
    // celu with alpha < 0 grows like −exp(|x/alpha|) for x < 0 (one rounding more: 4 ULP in f32).
    const c = maxErrors('celu', alpha);
    expect(c.f32).toBeLessThanOrEqual(4);
    expect(c.f64).toBeLessThanOrEqual(4);
    expect(Math.max(c.grad32, c.grad64)).toBeLessThanOrEqual(3);
    const y = lib.celu(new Float32Array([-2000, -Infinity, -0, 0]), { alpha });
    expect(Array.from(y)).toEqual([-Infinity, -Infinity, -0, 0]);
  });

  it('celu refuses alpha = 0 (RangeError), and with alpha = 1 equals elu bit for bit', () => {
    expect(() => lib.celu(new Float32Array(3), { alpha: 0 })).toThrow(RangeError);
    expect(() => lib.celuGrad(new Float32Array(3), new Float32Array(3), { alpha: -0 })).toThrow(/must not be 0/);
    for (const T of [Float32Array, Float64Array]) {
      const x = new T(uniform(5000, -20, 5, 3));
      expect(lib.celu(x)).toEqual(lib.elu(x));
    }
  });

  it('elu, selu, celu keep relative accuracy just below 0, where exp(x) − 1 cancels', () => {
    const n = sample(10_000);
    const x = new Float32Array(n).map((_, i) => -(2 ** (-30 + (i / n) * 30)));
    for (const name of ['elu', 'selu', 'celu']) {
      const y = fn(name)(x);
      const bound = lib.REGISTRY[name as 'elu'].bound.f32.ulp;
      for (let i = 0; i < x.length; i++) expect(ulp32(y[i]!, Math.fround(REFERENCE[name]!(x[i]!, [1])))).toBeLessThanOrEqual(bound);
    }
    expect(lib.elu(new Float32Array([-1e-7]))[0]).toBe(Math.fround(Math.expm1(Math.fround(-1e-7))));
  });

  it('zeros keep their sign; ±Infinity and NaN', () => {
    for (const T of [Float32Array, Float64Array]) {
      const x = new T([-0, 0, -Infinity, Infinity, NaN]);
      expect(Array.from(lib.elu(x))).toEqual([-0, 0, -1, Infinity, NaN]);
      // alpha <= 0: alpha·expm1(±0) takes alpha's sign too (the kernel for alpha > 0 returns x itself)
      expect(Array.from(lib.elu(x, { alpha: -2 }))).toEqual([0, -0, 2, Infinity, NaN]);
      expect(Array.from(lib.elu(x, { alpha: 0 }))).toEqual([-0, 0, -0, Infinity, NaN]);
      expect(Array.from(lib.celu(x, { alpha: 2 }))).toEqual([-0, 0, -2, Infinity, NaN]);
      expect(Array.from(lib.silu(x))).toEqual([-0, 0, -0, Infinity, NaN]);
      expect(Array.from(lib.tanhshrink(x))).toEqual([-0, 0, -Infinity, Infinity, NaN]);
      const s = lib.selu(x);
      expect(Object.is(s[0], -0) && Object.is(s[1], 0) && s[3] === Infinity && Number.isNaN(s[4])).toBe(true);
    }
  });

  it('selu uses PyTorch constants; its limit is −scale·alpha', () => {
    const y = lib.selu(new Float32Array([1, -Infinity, -100]));
    expect(y[0]).toBe(Math.fround(1.0507009873554805));
    expect(y[1]).toBe(Math.fround(-1.7580993408473766));
    expect(y[2]).toBe(Math.fround(-1.7580993408473766));
    const z = lib.selu(new Float64Array([1, -Infinity]));
    expect(ulp64(z[0]!, 1.0507009873554805)).toBeLessThanOrEqual(1);
    expect(ulp64(z[1]!, -1.7580993408473768)).toBeLessThanOrEqual(1);
  });

  it('silu keeps its negative tail: subnormal results to within an ULP, −0 beyond', () => {
    const x = new Float32Array([-100, -103, -105, -108, -112]);
    const y = lib.silu(x);
    for (let i = 0; i < x.length; i++) expect(ulp32(y[i]!, Math.fround(REFERENCE.silu!(x[i]!, [])))).toBeLessThanOrEqual(1);
    expect(y[0]).toBeLessThan(0);
    expect(Object.is(y[4], -0)).toBe(true);
    const y64 = lib.silu(new Float64Array([-700, -740, -750]));
    expect(ulp64(y64[0]!, -6.90177358063184e-302)).toBeLessThanOrEqual(2);
    expect(ulp64(y64[1]!, toNumber(REFERENCE_DD.silu!(-740, [])))).toBeLessThanOrEqual(1);
    expect(y64[2]).toBeLessThan(0);
  });

  it('derivatives at kinks follow PyTorch, and at ±Infinity take their limits', () => {
    for (const T of [Float32Array, Float64Array]) {
      const r = T === Float32Array ? Math.fround : (v: number) => v;
      const x = new T([0, -0]);
      const dy = new T([1, 1]);
      expect(Array.from(lib.eluGrad(x, dy, { alpha: 0.5 }))).toEqual([0.5, 0.5]);
      expect(Array.from(lib.celuGrad(x, dy, { alpha: 0.5 }))).toEqual([1, 1]);
      const s = lib.seluGrad(x, dy);
      expect(Math.abs(s[0]! - r(1.7580993408473766))).toBeLessThanOrEqual(r === Math.fround ? 2 ** -22 : 2 ** -51);
      const inf = new T([Infinity, -Infinity]);
      const two = new T([2, 2]);
      const sg = lib.siluGrad(inf, two);
      expect(sg[0]).toBe(2);
      expect(sg[1] === 0).toBe(true); // ±0: the limit, approached from below
      expect(Array.from(lib.tanhGrad(inf, two))).toEqual([0, 0]);
      expect(Array.from(lib.tanhshrinkGrad(inf, two))).toEqual([2, 2]);
      expect(Array.from(lib.eluGrad(inf, two))).toEqual([2, 0]);
    }
  });

  it('tanhshrink near 0: relative accuracy where x − tanh(x) cancels', () => {
    const x = new Float32Array([1e-3, -1e-3, 1e-2, 0.3, 1.4999, 1.5, 1e-13]);
    const y = lib.tanhshrink(x);
    for (let i = 0; i < x.length; i++) expect(ulp32(y[i]!, Math.fround(REFERENCE.tanhshrink!(x[i]!, [])))).toBeLessThanOrEqual(1);
  });

  it('tanhGrad keeps its subnormal tail: dy·4·exp(−2|x|) rounded once', () => {
    const x = new Float32Array([44, -45, 50, 51.5]);
    const dy = new Float32Array([3, -2.5, 1.75, 1]);
    const y = lib.tanhGrad(x, dy);
    for (let i = 0; i < x.length; i++) expect(ulp32(y[i]!, Math.fround(dy[i]! * GRAD_REFERENCE.tanh!(x[i]!, [])))).toBeLessThanOrEqual(1);
  });
});
