// Functions along an axis (softmax …), driven by the registry, on both backends: rows of every length
// around the vector width and beyond the scratch region, any axis of an N-d array, PyTorch's special
// values, and the documented ULP bound on long rows.
import { describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, type ActivationSpec } from '../dist/index.js';
import { BACKENDS, RELAXED_PROJECT, describeIf, itIf, testedHere, useBackend } from './support/backends';
import { rng, uniform } from './support/inputs';
import { AXIS_GRAD_REFERENCE, AXIS_REFERENCE } from './reference/f64.mjs';
import { AXIS_GRAD_REFERENCE_DD, AXIS_REFERENCE_DD } from './reference/f64-dd.mjs';
import { ulp32, ulp64 } from './support/ulp.mjs';

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
  const line = new Float64Array(len); // (every f32 and f64 value is exact in it)
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) {
      const first = o * len * inner + c;
      for (let r = 0; r < len; r++) line[r] = x[first + r * inner]!;
      const row = AXIS_REFERENCE[name]!(line);
      for (let r = 0; r < len; r++) y[first + r * inner] = row[r]!;
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

// In the relaxed project, only the tests that reach the side module's kernels (testedHere: its f32
// softmax and logSoftmax, not their derivatives); the references are checked in the node project.
itIf(!RELAXED_PROJECT)('every axis function has a reference', () => {
  for (const s of AXIS) expect(AXIS_REFERENCE[s.name], s.name).toBeTypeOf('function');
});

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe.each(AXIS.filter((s) => testedHere(`${s.kernel}_rows_f32`)).map((s) => [s.name, s] as const))('%s', (name, s) => {
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

    // Rows of 64 and more whose max is within ±240 take the f32 kernels' shifted exp (exp(x − j·ln2),
    // no two-sum); beyond, the two-sum path. Both sides of that edge, peaked rows (one element far above
    // the rest: the sum is almost all the maximum's term) and rows of equal values (every element a
    // maximum), each within the bound.
    it.each([0, 239.9, 240, 240.01, -240, -240.01, 500, -1000, 1e6])('rows of 64 to 257 around a max of %d, peaked and flat', (top) => {
      for (const len of [64, 65, 100, 257]) {
        const x = uniform(3 * len, top - 60, top - 0.5, len) as Float32Array;
        x[5] = top; // row 0: the max, and the other maxima equal to it
        x[len + 7] = top; // row 1: peaked
        for (let i = len; i < 2 * len; i++) if (i !== len + 7) x[i] = Math.fround(top - 30 - (i % 7));
        x.fill(top, 2 * len + 3, 2 * len + 40); // row 2: 37 maxima
        expectWithin(fn(x, { shape: [3, len] }) as Float32Array, reference(name, x, [3, len], -1), bound, `len ${len}, max ${top}`);
        const flat = new Float32Array(len).fill(top);
        expectWithin(fn(flat) as Float32Array, reference(name, flat, [len], -1), bound, `flat, len ${len}, max ${top}`);
      }
    });

    it('a row longer than the scratch region (100,003 elements) streams in passes', () => {
      const x = uniform(100_003, -30, 30, 5) as Float32Array;
      expectWithin(fn(x) as Float32Array, reference(name, x, [100_003], -1), bound, 'long row');
    });

    // Rows longer than the scratch region go through the wrapper's passes, chunk by chunk (64 Ki floats),
    // which take the shifted or the two-sum terms by the whole row's max, as the row kernels do: the
    // same edge, a row whose maxima fall in its first and last chunks, a peaked row whose max is in its
    // second chunk, a flat row (every element a maximum), and the special values.
    it.each([0, 240, 240.01, -240.01, -1000, 1e6])('rows longer than the scratch region around a max of %d: random, peaked, flat', (top) => {
      const len = 70_001;
      const x = uniform(3 * len, top - 60, top - 0.5, 9) as Float32Array;
      x[5] = top;
      x[len - 3] = top;
      for (let i = len; i < 2 * len; i++) x[i] = Math.fround(top - 30 - (i % 7));
      x[len + 66_000] = top;
      x.fill(top, 2 * len);
      expectWithin(fn(x, { shape: [3, len] }) as Float32Array, reference(name, x, [3, len], -1), bound, `max ${top}`);
    });

    it('special values in a row longer than the scratch region: as in short rows', () => {
      const len = 70_001;
      const base = uniform(len, -5, 5, 4) as Float32Array;
      const cases = [['NaN', 66_000, NaN], ['+Infinity', 66_001, Infinity], ['−Infinity first', 3, -Infinity], ['−Infinity last', len - 1, -Infinity]] as const;
      for (const [what, at, v] of cases) {
        const x = base.slice();
        x[at] = v;
        const y = fn(x) as Float32Array;
        // softmax: NaN or +Infinity makes the row NaN (softmin, the softmax of −x: NaN or −Infinity)
        expect(y.some(Number.isNaN), what).toBe(reference(name, x, [len], -1).some(Number.isNaN));
        expectWithin(y, reference(name, x, [len], -1), bound, what);
      }
      expect(Array.from(fn(new Float32Array(len).fill(-Infinity))).every(Number.isNaN)).toBe(true);
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

    // A strided axis runs 16 columns at a time (a cache line of each row), the rest 4 at a time:
    // columns in both, peaked (for logSoftmax a T below 2^−80: its slow path), or holding a NaN,
    // +Infinity or −Infinity, each of which must touch its own column only.
    it('along a strided axis: peaked and special columns, in the 16-wide groups and the rest', () => {
      const [rows, cols] = [40, 37]; // two groups of 16, then 4 + 1; T of the peaked columns ~1e−25, 1e−30
      const x = uniform(rows * cols, -5, 5, 21) as Float32Array;
      const at = (r: number, c: number) => r * cols + c;
      for (const [r, c, v] of [[3, 2, 64], [8, 15, 75], [7, 34, 64], [5, 17, NaN], [9, 35, NaN], [11, 20, Infinity], [0, 36, -Infinity], [39, 5, -Infinity]]) x[at(r!, c!)] = v!;
      const y = fn(x, { shape: [rows, cols], axis: 0 }) as Float32Array;
      const want = reference(name, x, [rows, cols], 0);
      expectWithin(y, want, bound, 'columns');
      // NaN columns: 17 and 35 (a NaN), and 20 (softmax: +Infinity) or 36 and 5 (softmin: −Infinity)
      const nanCols = new Set(Array.from({ length: cols }, (_, c) => c).filter((c) => Number.isNaN(want[at(0, c)]!)));
      expect([17, 35].every((c) => nanCols.has(c))).toBe(true);
      for (let c = 0; c < cols; c++) {
        for (let r = 0; r < rows; r++) expect(Number.isNaN(y[at(r, c)]!), `column ${c}`).toBe(nanCols.has(c));
      }
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

    itIf(testedHere(`${s.kernel}_rows_f64`))('Float64Array rows are computed in double', () => {
      const x = uniform(1000, -30, 30, 3, 'f64') as Float64Array;
      const y = fn(x);
      expect(y).toBeInstanceOf(Float64Array);
      const want = reference(name, x, [1000], -1);
      for (let i = 0; i < 1000; i++) expect(Math.abs(y[i]! - want[i]!)).toBeLessThanOrEqual(Math.abs(want[i]!) * 1e-13);
    });
  });

  describeIf(testedHere('softmax_rows_f32'))('softmax special values (as PyTorch)', () => {
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
    it('the same in rows of 64 and more (the shifted-exp path)', () => {
      const row = (fill: number, at: Record<number, number>) => Array.from({ length: 100 }, (_, i) => at[i] ?? fill);
      const y = sm(row(1, { 3: -Infinity, 70: -Infinity, 50: 2 }));
      expect([y[3], y[70]]).toEqual([0, 0]);
      expect(y[50]! / y[0]!).toBeCloseTo(Math.E, 6);
      expect(sm(row(1, { 99: NaN })).every(Number.isNaN)).toBe(true);
      expect(sm(row(1, { 64: Infinity })).every(Number.isNaN)).toBe(true);
      expect(sm(row(-Infinity, {})).every(Number.isNaN)).toBe(true);
      expect(sm(row(-3e38, { 0: 3e38 }))).toEqual(row(0, { 0: 1 }));
      const flat = sm(row(200, { 1: -200 }));
      expect(flat[1]).toBe(0);
      expect(flat.filter((v, i) => i !== 1 && v !== flat[0])).toEqual([]);
      expect(ulp32(flat[0]!, Math.fround(1 / 99))).toBeLessThanOrEqual(ACTIVATIONS.find((s) => s.name === 'softmax')!.bound.f32.ulp);
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

// ---- derivatives <name>Grad(y, dy, { shape, axis }) from the forward output y, and f64 results ----

type Grad = (y: unknown, dy: unknown, o?: object) => Float32Array | Float64Array;
const WITH_GRAD = AXIS.filter((s) => s.grad);
const gradOf = (s: ActivationSpec) => (lib as unknown as Record<string, Grad>)[`${s.name}Grad`]!;

/** The index lists of every line along `axis` of a row-major array of `shape`. */
function linesOf(shape: number[], axis: number): number[][] {
  const k = axis < 0 ? axis + shape.length : axis;
  const len = shape[k]!;
  const inner = shape.slice(k + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, k).reduce((a, b) => a * b, 1);
  const out: number[][] = [];
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < inner; c++) out.push(Array.from({ length: len }, (_, r) => o * len * inner + r * inner + c));
  }
  return out;
}

/** The spacing of floats (f32 or f64) at |v|: what one ULP of v is worth. */
function ulpOf(v: number, f64: boolean): number {
  const a = Math.abs(v);
  const [p, min] = f64 ? [52, 2 ** -1074] : [23, 2 ** -149];
  if (!(a > 0) || !Number.isFinite(a)) return min;
  return Math.max(min, 2 ** (Math.floor(Math.log2(a)) - p));
}

/**
 * The worst error of dx against the exact dx of (y, dy) along `axis`, in ULP, with the bound's dyUlp
 * rule: an error within dyUlp ULP of the line's largest |dy| counts as 0.
 */
function gradError(
  name: string, y: Float32Array | Float64Array, dy: Float32Array | Float64Array, dx: Float32Array | Float64Array,
  shape: number[], axis: number, bound: { ulp: number; dyUlp?: number },
) {
  const f64 = y instanceof Float64Array;
  const ref = f64 ? AXIS_GRAD_REFERENCE_DD[name]! : AXIS_GRAD_REFERENCE[name]!;
  let w = { ulp: 0, at: -1, got: 0, want: 0 };
  for (const idx of linesOf(shape, axis)) {
    const want = ref(idx.map((i) => y[i]!), idx.map((i) => dy[i]!));
    const maxDy = idx.reduce((m, i) => Math.max(m, Math.abs(dy[i]!)), 0);
    idx.forEach((i, r) => {
      const wv = f64 ? want[r]! : Math.fround(want[r]!);
      let e = f64 ? ulp64(dx[i]!, wv) : ulp32(dx[i]!, wv);
      if (bound.dyUlp !== undefined && Math.abs(dx[i]! - wv) <= bound.dyUlp * ulpOf(maxDy, f64)) e = 0;
      if (e > w.ulp) w = { ulp: e, at: i, got: dx[i]!, want: wv };
    });
  }
  return w;
}

itIf(!RELAXED_PROJECT)('every axis derivative is exported and has references', () => {
  for (const s of WITH_GRAD) {
    expect(gradOf(s), `${s.name}Grad`).toBeTypeOf('function');
    expect(AXIS_GRAD_REFERENCE[s.name], s.name).toBeTypeOf('function');
    expect(AXIS_GRAD_REFERENCE_DD[s.name], s.name).toBeTypeOf('function');
  }
  for (const s of AXIS) expect(AXIS_REFERENCE_DD[s.name], s.name).toBeTypeOf('function');
});

describe.each((RELAXED_PROJECT ? [] : WITH_GRAD).map((s) => [s.name, s] as const))('%sGrad: the reference', (name) => {
  it('is the vector-Jacobian product of the forward reference (central differences)', () => {
    const r = rng(11);
    for (let trial = 0; trial < 50; trial++) {
      const len = 1 + (trial % 7);
      const x = Array.from({ length: len }, () => r() * 8 - 4);
      const dy = Array.from({ length: len }, () => r() * 2 - 1);
      const f = (v: number[]) => AXIS_REFERENCE[name]!(v).reduce((a, b, i) => a + b * dy[i]!, 0);
      const want = AXIS_GRAD_REFERENCE[name]!(AXIS_REFERENCE[name]!(x), dy);
      for (let i = 0; i < len; i++) {
        const h = 1e-5;
        const xp = x.slice();
        const xm = x.slice();
        xp[i]! += h;
        xm[i]! -= h;
        expect(Math.abs((f(xp) - f(xm)) / (2 * h) - want[i]!)).toBeLessThan(1e-8);
      }
    }
  });
});

describe.each(BACKENDS)('%s backend', (backend) => {
  useBackend(backend);

  describe.each(WITH_GRAD.filter((s) => testedHere(`${s.grad!.kernel}_rows_f32`)).map((s) => [s.name, s] as const))('%sGrad', (name, s) => {
    const grad = gradOf(s);
    const fwd = fnOf(s);
    const bound = s.grad!.bound;
    /** y = the forward output of random x, dy random in [−3, 3]. */
    const inputs = (n: number, seed: number, type: 'f32' | 'f64' = 'f32', shape = [n], axis = -1) => {
      const x = uniform(n, -10, 10, seed, type);
      return { y: fwd(x, { shape, axis }), dy: uniform(n, -3, 3, seed + 1, type) };
    };

    it.each([1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 1000, 10_000])(`one line of %i: within ${bound.f32.ulp} ULP`, (len) => {
      const { y, dy } = inputs(len, len);
      const [yc, dc] = [y.slice(), dy.slice()];
      const dx = grad(y, dy);
      expect(y).toEqual(yc);
      expect(dy).toEqual(dc);
      const w = gradError(name, y, dy, dx, [len], -1, bound.f32);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(bound.f32.ulp);
    });

    it.each([
      [[300, 100], -1],
      [[2, 3, 4], 0],
      [[2, 3, 4], 1],
      [[3, 5, 2, 7], 1],
      [[4, 33], 0],
      [[1, 1, 1], 2],
      [[100_003], 0], // a line longer than a half of the scratch region: two passes, chunk by chunk
      [[2, 40_000, 3], 1], // a strided axis longer than a half of the scratch region
    ])('shape %j along axis %i', (shape, axis) => {
      const n = shape.reduce((a, b) => a * b, 1);
      const { y, dy } = inputs(n, n + axis, 'f32', shape, axis);
      const w = gradError(name, y, dy, grad(y, dy, { shape, axis }), shape, axis, bound.f32);
      expect(w.ulp, JSON.stringify(w)).toBeLessThanOrEqual(bound.f32.ulp);
    });

    it('in place over y or over dy, with out, and on subarray views', () => {
      const shape = [3, 4, 5];
      const { y, dy } = inputs(60, 8, 'f32', shape, 1);
      const want = grad(y, dy, { shape, axis: 1 });
      const y1 = y.slice();
      expect(grad(y1, dy, { shape, axis: 1, out: y1 })).toBe(y1);
      expect(y1).toEqual(want);
      const d1 = dy.slice();
      expect(grad(y, d1, { shape, axis: 1, out: d1 })).toBe(d1);
      expect(d1).toEqual(want);
      const buf = new Float32Array(130);
      buf.set(y, 5);
      buf.set(dy, 70);
      const [yv, dv] = [buf.subarray(5, 65), buf.subarray(70, 130)];
      grad(yv, dv, { shape, axis: 1, out: dv });
      expect(dv).toEqual(want);
      expect(yv).toEqual(y);
      expect(buf.subarray(0, 5)).toEqual(new Float32Array(5));
    });

    it('empty shapes give empty results', () => {
      expect(grad(new Float32Array(0), new Float32Array(0)).length).toBe(0);
      expect(grad(new Float32Array(0), new Float32Array(0), { shape: [0, 5], axis: 1 }).length).toBe(0);
    });

    it('bad input: y or dy of another type or length, bad shape or out', () => {
      const y = new Float32Array(4);
      expect(() => grad(y, new Float64Array(4))).toThrow(TypeError);
      expect(() => grad(y, new Float64Array(4))).toThrow(/^dy must be a Float32Array/);
      expect(() => grad(y, new Float32Array(3))).toThrow(/dy must have length 4/);
      expect(() => grad(new Float64Array(4), new Float32Array(4))).toThrow(/^dy must be a Float64Array/);
      expect(() => grad([1, 2], new Float32Array(2))).toThrow(/^y must be a Float32Array or Float64Array/);
      expect(() => grad(y, [1, 2, 3, 4])).toThrow(/^dy must be/);
      expect(() => grad(y, new Float32Array(4), { out: new Float32Array(5) })).toThrow(RangeError);
      expect(() => grad(y, new Float32Array(4), { shape: [3] })).toThrow(/options.shape/);
      expect(() => grad(y, new Float32Array(4), { axis: 1 })).toThrow(/options.axis/);
      expect(() => grad(y, new Float32Array(4), { alpha: 1 })).toThrow(new RegExp(`not an option of ${name}Grad`));
      const buf = new Float32Array(8);
      expect(() => grad(buf.subarray(0, 4), new Float32Array(4), { out: buf.subarray(2, 6) })).toThrow(/overlaps/);
    });

    it('NaN in dy makes its line NaN, and only that line', () => {
      const { y, dy } = inputs(6, 3, 'f32', [2, 3]);
      dy[1] = NaN;
      const dx = grad(y, dy, { shape: [2, 3] });
      expect(Array.from(dx.subarray(0, 3)).every(Number.isNaN)).toBe(true);
      expect(Array.from(dx.subarray(3)).some(Number.isNaN)).toBe(false);
    });

    it.each(['f32', 'f64'] as const)('%s: adversarial dy: constant, one-hot, huge spread, solved so that dx cancels', (type) => {
      const b = bound[type];
      const r = rng(type === 'f32' ? 61 : 62);
      for (const len of [2, 3, 17, 1000]) {
        const shape = [40, len];
        const n = 40 * len;
        const { y } = inputs(n, len, type, shape);
        const dy = (type === 'f32' ? new Float32Array(n) : new Float64Array(n)).map((_, i) => {
          const row = Math.floor(i / len);
          return row % 4 === 0 ? 1.5 : row % 4 === 1 ? (i % len === 0 ? 1 : r() * 1e-3) : (r() - 0.5) * 10 ** (r() * 8 - 4);
        });
        // Rows 3, 7, …: one dy solved so that its dx cancels (dy = sum(y·dy) for softmax, exp(y)·sum(dy)
        // for logSoftmax): the reference's dx there is affine in that dy, a + b·dy.
        for (let row = 3; row < 40; row += 4) {
          const [lo, at] = [row * len, row % len];
          const dxAt = (t: number) => {
            const d = Array.from(dy.subarray(lo, lo + len));
            d[at] = t;
            return AXIS_GRAD_REFERENCE[name]!(y.subarray(lo, lo + len), d)[at]!;
          };
          const a = dxAt(0);
          const b = dxAt(1) - a;
          if (b !== 0 && Number.isFinite(a / b)) dy[lo + at] = -a / b;
        }
        const w = gradError(name, y, dy, grad(y, dy, { shape }), shape, -1, b);
        expect(w.ulp, `len ${len}: ${JSON.stringify(w)}`).toBeLessThanOrEqual(b.ulp);
      }
    });

    it(`Float64Array: within ${bound.f64.ulp} ULP of a double-double reference`, () => {
      // [20000]: a line longer than a half of the scratch region in f64 (two passes, chunk by chunk).
      for (const [shape, axis] of [[[20, 1000], -1], [[3, 7], 1], [[50, 9], 0], [[17], 0], [[20_000], 0], [[2, 20_000, 2], 1]] as const) {
        const n = shape.reduce((a: number, b: number) => a * b, 1);
        const { y, dy } = inputs(n, 40 + n, 'f64', [...shape], axis);
        const dx = grad(y, dy, { shape, axis });
        expect(dx).toBeInstanceOf(Float64Array);
        const w = gradError(name, y, dy, dx, [...shape], axis, bound.f64);
        expect(w.ulp, `${shape} axis ${axis}: ${JSON.stringify(w)}`).toBeLessThanOrEqual(bound.f64.ulp);
      }
    });
  });

  describe.each(AXIS.filter((s) => testedHere(`${s.kernel}_rows_f64`)).map((s) => [s.name, s] as const))('%s on Float64Array', (name, s) => {
    const fn = fnOf(s);
    it(`random and peaked rows, any axis: within ${s.bound.f64.ulp} ULP of a double-double reference`, () => {
      const cases: [number[], number, number][] = [
        [[20, 1000], -1, 1], [[3, 70], 0, 10], [[2, 5, 3], 1, 30], [[10, 100], -1, 100],
        [[40_000], 0, 20], [[2, 40_000, 2], 1, 20], // longer than the scratch region in f64: passes
        [[30, 19], 0, 700], // 8 columns at a time, then 2 + 1, at the f64 exp's range
      ];
      let worst = { ulp: 0, where: '' };
      for (const [shape, axis, scale] of cases) {
        const n = shape.reduce((a, b) => a * b, 1);
        const x = uniform(n, -scale, scale, n, 'f64') as Float64Array;
        if (scale === 30) x[4] = 200; // a peaked line: logSoftmax's max is then −log1p(tiny)
        if (scale === 100) x[7] = 900; // every other element of its row > 745 below: subnormal terms
        if (scale === 700) {
          // peaked columns 3, 6 (the rest of it in [−5, 5]: T ~ 4e−302, below 2^−960, logSoftmax's f64 slow path) and 17
          for (let r = 0; r < 30; r++) x[r * 19 + 6] = (r % 11) - 5;
          [[3, 900], [19 * 4 + 6, 700], [19 * 9 + 17, 1500]].forEach(([i, v]) => (x[i!] = v!));
        }
        const y = fn(x, { shape, axis });
        for (const idx of linesOf(shape, axis)) {
          const want = AXIS_REFERENCE_DD[name]!(idx.map((i) => x[i]!));
          idx.forEach((i, r) => {
            const e = ulp64(y[i]!, want[r]!);
            if (e > worst.ulp) worst = { ulp: e, where: `${shape} axis ${axis} scale ${scale}: got ${y[i]}, want ${want[r]}` };
          });
        }
      }
      expect(worst.ulp, worst.where).toBeLessThanOrEqual(s.bound.f64.ulp);
    });
  });

  describe.each(AXIS.filter((s) => testedHere(`${s.kernel}_rows_f64`)).map((s) => [s.name, s] as const))('%s special values on Float64Array (as PyTorch)', (name, s) => {
    const fn = fnOf(s);
    const f = (row: number[], shape?: number[], axis?: number) => Array.from(fn(new Float64Array(row), { shape, axis }));
    it('a NaN makes its line NaN, and only that line; infinities as the reference; a line of equal infinities is NaN', () => {
      for (const [shape, axis, bad] of [[[2, 3], -1, 1], [[3, 2], 0, 2]] as const) {
        const x = [1, 2, 3, 1, 2, 3];
        x[bad] = NaN;
        const y = f(x, [...shape], axis);
        const lines = linesOf([...shape], axis);
        for (const idx of lines) expect(idx.map((i) => Number.isNaN(y[i]!))).toEqual(idx.map(() => idx.includes(bad)));
      }
      // an infinity whose term is exp(Infinity − Infinity) makes the line NaN: softmax's +Infinity,
      // softmin's −Infinity; a line of equal infinities is NaN for both
      for (const row of [[Infinity, 0], [-Infinity, 0], [-Infinity, -Infinity], [Infinity, Infinity]]) {
        expect(f(row).map(Number.isNaN), `${row}`).toEqual(AXIS_REFERENCE_DD[name]!(row).map(Number.isNaN));
      }
      expect(f([-Infinity, -Infinity]).every(Number.isNaN)).toBe(true);
      expect(f([Infinity, Infinity]).every(Number.isNaN)).toBe(true);
    });
    it('−Infinity among finite values; huge values never overflow', () => {
      const want = AXIS_REFERENCE_DD[name]!;
      for (const row of [[-Infinity, 0, 1], [1e300, -1e300], [1e308, 1e308, -1e308], [-7]]) {
        const [got, w] = [f(row), want(row)];
        got.forEach((v, i) => expect(ulp64(v, w[i]!), `${row} → ${got}, want ${w}`).toBeLessThanOrEqual(s.bound.f64.ulp));
      }
    });
  });

  describeIf(testedHere('log_softmax_rows_f32'))('logSoftmax special values (as PyTorch)', () => {
    const ls = (row: number[]) => Array.from(lib.logSoftmax(new Float32Array(row)));
    it('huge inputs never overflow; a peaked row keeps relative accuracy at its max', () => {
      expect(ls([1000, 1000])).toEqual([Math.fround(-Math.LN2), Math.fround(-Math.LN2)]);
      expect(ls([-1000, 1e30])).toEqual([Math.fround(-1e30), 0]);
      expect(ls([-3e38, 3e38])).toEqual([-Infinity, 0]); // −6e38 is beyond f32
      const y = ls([40, 0, 0]); // y[0] = −log1p(2e^−40) = −8.5e−18
      expect(ulp32(y[0]!, Math.fround(-Math.log1p(2 * Math.exp(-40))))).toBe(0);
      const tiny = ls([100, 0]); // −log1p(e^−100) = −3.7e−44, a subnormal f32
      expect(ulp32(tiny[0]!, Math.fround(-Math.exp(-100)))).toBeLessThanOrEqual(1);
    });
    it('a NaN or +Infinity makes the row NaN; −Infinity gives −Infinity', () => {
      const y = lib.logSoftmax(new Float32Array([1, NaN, 3, 1, 2, 3]), { shape: [2, 3] });
      expect(Array.from(y.subarray(0, 3)).every(Number.isNaN)).toBe(true);
      expect(Array.from(y.subarray(3)).some(Number.isNaN)).toBe(false);
      expect(ls([Infinity, 0]).every(Number.isNaN)).toBe(true);
      expect(ls([-Infinity, -Infinity]).every(Number.isNaN)).toBe(true);
      expect(ls([-Infinity, 0])).toEqual([-Infinity, 0]);
      expect(ls([-7])).toEqual([0]);
    });
  });

  describeIf(testedHere('softmax_grad_rows_f32') || testedHere('log_softmax_grad_rows_f32'))('axis derivatives: special values', () => {
    it('softmaxGrad: NaN in y makes the line NaN; logSoftmaxGrad: only that element', () => {
      const dy = new Float32Array([1, 2, 3]);
      expect(Array.from(lib.softmaxGrad(new Float32Array([0.2, NaN, 0.3]), dy)).every(Number.isNaN)).toBe(true);
      const g = Array.from(lib.logSoftmaxGrad(new Float32Array([-1, NaN, -2]), dy));
      expect(g.map(Number.isNaN)).toEqual([false, true, false]);
    });
    it('logSoftmaxGrad: y = −Infinity (the output for −Infinity) gives dx = dy; y > 0 is still exp(y)', () => {
      const g = lib.logSoftmaxGrad(new Float32Array([-Infinity, 0, 2, -1]), new Float32Array([0.5, 1, -1, 2]));
      expect(g[0]).toBe(0.5);
      expect(g[1]).toBe(1 - 2.5);
      expect(ulp32(g[2]!, Math.fround(-1 - Math.exp(2) * 2.5))).toBeLessThanOrEqual(1);
    });
    it('softmaxGrad of a one-hot y is 0; uniform dy gives 0 (the sum of y is 1)', () => {
      expect(Array.from(lib.softmaxGrad(new Float32Array([0, 1, 0]), new Float32Array([4, 5, 6])))).toEqual([-0, 0, 0]); // 0·(4 − 5)
      const y = lib.softmax(new Float32Array([1, 2, 3, 4]));
      const dx = lib.softmaxGrad(y, new Float32Array(4).fill(3));
      for (const v of dx) expect(Math.abs(v)).toBeLessThan(1e-6);
    });
  });
});
