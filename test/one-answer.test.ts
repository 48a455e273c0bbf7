// One answer per input (issue 13): under one backend setting (automatic choice, or a pinned backend) and
// one relaxed-SIMD setting, every function of the registry gives each element the same bits whether it
// is computed alone, inside arrays of many lengths and offsets (subarrays of a longer buffer), in place,
// or in zero-copy buffers; axis functions give a line (a row, or a column of a strided axis) the same bits
// alone, among any number of other lines, at any offset and in place. NaN counts as one value (its
// payload is not an answer). Not checked, because it does not hold on wasm: a line along a strided axis
// against the same numbers as a contiguous row (the wasm kernels sum a column in another order than a
// row; docs/one-answer.md). The relaxed projects of
// vitest.config.ts run this file too, fused and unfused.
//
// The automatic choice may switch to js for short arrays only where the js twin gives wasm's bits
// (the kernels whose description has a jsBelow crossover): checked at the end, over every input of the pool.
import { afterAll, describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, allocate, setBackend, type ActivationSpec } from '../dist/index.js';
import { RELAXED_PROJECT, describeIf, itIf, testedHere } from './support/backends';
import { SPECIALS, rng } from './support/inputs';

type F = Float32Array | Float64Array;
type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
type Call = (x: F, dy: F, out?: F) => F;

const TYPES: readonly Ctor[] = [Float32Array, Float64Array];
/** Lengths around every vector, unrolled-loop and chunk boundary (chunks: 4096 f32, 2048 f64). */
const LENGTHS = [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 47, 48, 63, 64, 65, 96, 127, 129, 191, 255, 257, 383, 511, 1023, 2049, 4097, 6000];
const MODES = ['auto', 'wasm', 'js'] as const;

afterAll(() => setBackend('auto'));

/** The kernels automatic choice may run on js for short arrays: those with a crossover (jsBelow) in their description. */
const SAME_BITS = new Set(ACTIVATIONS.flatMap((s) => [...(s.jsBelow ? [s.kernel] : []), ...(s.grad?.jsBelow ? [s.grad.kernel] : [])]));

/** The same bits, NaN with any payload counting as one value. */
const same = (a: number, b: number) => Object.is(a, b) || (a !== a && b !== b);

/** A pool of inputs: random bit patterns, a band where every function varies, specials. */
function pool(T: Ctor, n: number, seed: number): F {
  const r = rng(seed);
  const a = new T(n);
  const bits = T === Float32Array ? new Uint32Array(a.buffer) : new Uint32Array(a.buffer);
  for (let i = 0; i < bits.length; i++) bits[i] = (r() * 2 ** 32) >>> 0;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(a[i]!) || i % 4 !== 0) a[i] = (r() - 0.5) * (i % 3 === 0 ? 60 : 12);
    if (i % 16 === 5) a[i] = Math.abs(a[i]! * 2 ** 30) > 1e300 ? 0 : a[i]! * 2 ** -30;
  }
  a.set(SPECIALS.slice(0, Math.min(SPECIALS.length, n)), 0);
  return a;
}

/** Each elementwise function and derivative of the registry, with its default options and a second set. */
function elementwiseCases(): { name: string; kernel: string; call: Call }[] {
  const out: { name: string; kernel: string; call: Call }[] = [];
  const fns = lib as unknown as Record<string, (...a: unknown[]) => F>;
  const optionSets = (s: ActivationSpec): Record<string, unknown>[] => {
    if (s.params.length === 0) return [{}];
    const other: Record<string, unknown> = {};
    for (const p of s.params) {
      if (Array.isArray(p.kind)) other[p.name] = p.kind.at(-1);
      else other[p.name] = p.name === 'max' ? 2.5 : p.name === 'min' ? -0.7 : p.kind === 'finite' ? 0.37 : 1.7;
    }
    return [{}, other];
  };
  for (const s of ACTIVATIONS) {
    if (s.kind !== 'elementwise') continue;
    for (const o of optionSets(s)) {
      const tag = `${JSON.stringify(o)}`;
      out.push({ name: `${s.name} ${tag}`, kernel: s.kernel, call: (x, _dy, dst) => fns[s.name]!(x, dst ? { ...o, out: dst } : o) });
      if (s.grad) out.push({ name: `${s.name}Grad ${tag}`, kernel: s.grad.kernel, call: (x, dy, dst) => fns[`${s.name}Grad`]!(x, dy, dst ? { ...o, out: dst } : o) });
    }
  }
  return out;
}

/** Bits of f's result for each element alone; then the same elements inside longer arrays must agree. */
function checkElementwise(T: Ctor, call: Call, what: string) {
  const n = 700;
  const x = pool(T, n, 11);
  const dy = pool(T, n, 12).map((v) => (Number.isFinite(v) && Math.abs(v) < 1e30 ? v : 1.5));
  const alone = new T(n);
  for (let i = 0; i < n; i++) alone[i] = call(x.subarray(i, i + 1), dy.subarray(i, i + 1))[0]!;
  const fail = (how: string, i: number, got: number) =>
    expect.fail(`${what}: ${how}: element ${i} (x = ${x[i]}, dy = ${dy[i]}) gives ${got}, alone ${alone[i]}`);
  // Inside arrays: a long buffer holds the pool repeated; windows of every length at many offsets.
  const reps = Math.ceil((6000 + 40) / n) + 1;
  const bx = new T(n * reps);
  const bd = new T(n * reps);
  for (let k = 0; k < reps; k++) {
    bx.set(x, k * n);
    bd.set(dy, k * n);
  }
  let offset = 0;
  for (const len of LENGTHS) {
    for (const shift of [0, 1, 3]) {
      offset = (offset + 97 * len + shift) % n;
      const wx = bx.subarray(offset, offset + len);
      const wd = bd.subarray(offset, offset + len);
      const y = call(wx, wd);
      for (let j = 0; j < len; j++) if (!same(y[j]!, alone[(offset + j) % n]!)) fail(`length ${len} at offset ${offset}`, (offset + j) % n, y[j]!);
    }
  }
  // In place (out = x), for one long and one short length.
  for (const len of [5, 3000]) {
    const wx = bx.slice(13, 13 + len);
    call(wx, bd.subarray(13, 13 + len), wx);
    for (let j = 0; j < len; j++) if (!same(wx[j]!, alone[(13 + j) % n]!)) fail(`in place, length ${len}`, (13 + j) % n, wx[j]!);
  }
  // Zero-copy buffers in the module's memory (where wasm can run: not on the pinned js backend's runtime without wasm).
  const len = 1500;
  const bufX = allocate(len, T as Float64ArrayConstructor);
  const bufD = allocate(len, T as Float64ArrayConstructor);
  try {
    bufX.array.set(bx.subarray(29, 29 + len));
    bufD.array.set(bd.subarray(29, 29 + len));
    const y = call(bufX.array, bufD.array, bufX.array);
    for (let j = 0; j < len; j++) if (!same(y[j]!, alone[(29 + j) % n]!)) fail('zero-copy, in place', (29 + j) % n, y[j]!);
  } finally {
    bufX.free();
    bufD.free();
  }
}

const suffix = (T: Ctor) => (T === Float32Array ? 'f32' : 'f64');
/** The elementwise cases whose kernel is tested in this project on type T (testedHere). */
const casesHere = (T: Ctor) => elementwiseCases().filter((c) => testedHere(`${c.kernel}_${suffix(T)}`));

// In the relaxed project, only the tests that reach the side module's kernels (testedHere): its f32
// kernels on wasm and under automatic choice; the js backend runs none of them.
describe.each(MODES.filter((m) => m !== 'js' || !RELAXED_PROJECT))('backend %s', (mode) => {
  describe.each(TYPES.filter((T) => casesHere(T).length > 0).map((T) => [T.name, T] as const))('%s', (_, T) => {
    it.each(casesHere(T).map((c) => [c.name, c] as const))('%s: each element the same alone, inside arrays of every length and offset, in place, zero-copy', (_, c) => {
      setBackend(mode);
      checkElementwise(T, c.call, `${mode} ${T.name} ${c.name}`);
    });

    itIf(testedHere(`prelu_${suffix(T)}`) || testedHere(`prelu_grad_${suffix(T)}`))('prelu and preluGrad’s dx: each element the same alone (with its slope) and inside arrays of any shape', () => {
      setBackend(mode);
      const n = 400;
      const x = pool(T, n, 21);
      const dy = pool(T, n, 22).map((v) => (Number.isFinite(v) ? v : 0.5));
      const slopesOf = (c: number) => [0.25, -1.5, 3, 0][c % 4]!;
      for (const [outer, C, inner] of [[1, 4, 100], [100, 4, 1], [5, 4, 20], [2, 4, 50], [1, 1, 400], [4, 4, 25]] as const) {
        const slopes = new T(C).map((_, c) => slopesOf(c));
        const y = lib.prelu(x, slopes, { shape: [outer, C, inner], axis: 1 });
        const g = lib.preluGrad(x, dy, slopes, { shape: [outer, C, inner], axis: 1 });
        for (let i = 0; i < n; i++) {
          const c = Math.floor(i / inner) % C;
          const s = new T([slopesOf(c)]);
          const y1 = lib.prelu(x.subarray(i, i + 1), s)[0]!;
          const g1 = lib.preluGrad(x.subarray(i, i + 1), dy.subarray(i, i + 1), s).dx[0]!;
          if (!same(y[i]!, y1)) expect.fail(`prelu [${outer}, ${C}, ${inner}] element ${i} (x = ${x[i]}): ${y[i]} vs alone ${y1}`);
          if (!same(g.dx[i]!, g1)) expect.fail(`preluGrad dx [${outer}, ${C}, ${inner}] element ${i}: ${g.dx[i]} vs alone ${g1}`);
        }
      }
    });

    it.each(ACTIVATIONS.filter((s) => s.kind === 'axis' && testedHere(`${s.kernel}_rows_${suffix(T)}`)).map((s) => [s.name, s] as const))(
      '%s and its derivative: a line the same alone, among other lines, at any offset and in place; along a strided axis, whatever the number of lines',
      (name) => {
        setBackend(mode);
        const fwd = (lib as unknown as Record<string, (x: F, o: object) => F>)[name]!;
        const grad = (lib as unknown as Record<string, (y: F, dy: F, o: object) => F>)[`${name}Grad`]!;
        const r = rng(31);
        for (const len of [1, 2, 3, 4, 5, 8, 13, 16, 17, 33, 63, 64, 100]) {
          const rows = 40;
          const x = new T(rows * len).map(() => (r() - 0.5) * 30);
          x[3] = NaN; // a NaN row
          x[len * 7] = 5000; // a peaked row
          const dy = new T(rows * len).map(() => (r() - 0.5) * 4);
          const alone = (k: number) => {
            const y = fwd(x.slice(k * len, (k + 1) * len), { shape: [1, len] });
            return { y, dx: grad(y, dy.slice(k * len, (k + 1) * len), { shape: [1, len] }) };
          };
          const want = Array.from({ length: rows }, (_, k) => alone(k));
          const check = (got: F, w: F, k: number, at: (j: number) => number, how: string) => {
            for (let j = 0; j < len; j++) {
              if (!same(got[at(j)]!, w[j]!)) expect.fail(`${name} (${how}), lines of ${len}: line ${k} element ${j}: ${got[at(j)]} vs ${w[j]}`);
            }
          };
          // contiguous rows: several counts and offsets (subarrays of a longer buffer), and in place
          for (const [first, count] of [[0, rows], [1, 7], [5, 1], [2, 19], [3, 37]] as const) {
            const y = fwd(x.subarray(first * len, (first + count) * len), { shape: [count, len] });
            const ys = new T(count * len); // the derivative's y: the rows alone() used
            for (let k = 0; k < count; k++) ys.set(want[first + k]!.y, k * len);
            const dx = grad(ys, dy.subarray(first * len, (first + count) * len), { shape: [count, len] });
            for (let k = 0; k < count; k++) {
              check(y, want[first + k]!.y, first + k, (j) => k * len + j, `y, ${count} rows from row ${first}`);
              check(dx, want[first + k]!.dx, first + k, (j) => k * len + j, `dx, ${count} rows from row ${first}`);
            }
          }
          const xi = x.slice();
          fwd(xi, { shape: [rows, len], out: xi });
          for (let k = 0; k < rows; k++) check(xi, want[k]!.y, k, (j) => k * len + j, 'y, in place');
          // A strided axis: line k is column k of a [len, cols] array (axis 0), alone among 2 columns
          // and inside every other number of columns (the kernels run groups of 16, 8, 4, 2 columns).
          const strided = (cols: number, k0: number) => {
            const xt = new T(cols * len);
            const yt = new T(cols * len);
            const dt = new T(cols * len);
            for (let c = 0; c < cols; c++) {
              for (let j = 0; j < len; j++) {
                xt[j * cols + c] = x[((k0 + c) % rows) * len + j]!;
                yt[j * cols + c] = want[(k0 + c) % rows]!.y[j]!;
                dt[j * cols + c] = dy[((k0 + c) % rows) * len + j]!;
              }
            }
            return { y: fwd(xt, { shape: [len, cols], axis: 0 }), dx: grad(yt, dt, { shape: [len, cols], axis: 0 }) };
          };
          const base = Array.from({ length: rows }, (_, k) => {
            const t = strided(2, k);
            return { y: t.y.filter((_, i) => i % 2 === 0), dx: t.dx.filter((_, i) => i % 2 === 0) };
          });
          for (const [cols, k0] of [[3, 1], [5, 0], [16, 3], [17, 20], [24, 9], [33, 4], [40, 0]] as const) {
            const t = strided(cols, k0);
            for (let c = 0; c < cols; c++) {
              const k = (k0 + c) % rows;
              check(t.y, base[k]!.y, k, (j) => j * cols + c, `y along axis 0 of ${cols} columns vs 2`);
              check(t.dx, base[k]!.dx, k, (j) => j * cols + c, `dx along axis 0 of ${cols} columns vs 2`);
            }
          }
        }
      },
    );
  });
});

// Registered where a kernel with a crossover is tested (testedHere): the side module has none of them.
describeIf([...SAME_BITS].some((k) => testedHere(`${k}_f32`)))('automatic choice switches by length only between backends that agree bit for bit', () => {
  it('every SAME_BITS kernel: js gives wasm’s bits on the whole pool, both types, every option set', () => {
    const kernels = new Set<string>();
    for (const T of TYPES) {
      for (const c of elementwiseCases()) {
        const s = ACTIVATIONS.find((a) => a.name === c.name.split(' ')[0]!.replace(/Grad$/, ''))!;
        const kernel = c.name.includes('Grad ') ? s.grad!.kernel : s.kernel;
        if (!SAME_BITS.has(kernel)) continue;
        kernels.add(kernel);
        const x = pool(T, 20_000, 41);
        const dy = pool(T, 20_000, 42);
        setBackend('wasm');
        const w = c.call(x, dy);
        setBackend('js');
        const j = c.call(x, dy);
        for (let i = 0; i < x.length; i++) if (!same(w[i]!, j[i]!)) expect.fail(`${T.name} ${c.name}: x = ${x[i]}, dy = ${dy[i]}: wasm ${w[i]}, js ${j[i]}`);
      }
    }
    // prelu is a channel function: its forward on both backends, all its paths
    for (const T of TYPES) {
      const x = pool(T, 4000, 43);
      for (const shape of [[1, 4, 1000], [1000, 4, 1], [10, 4, 100]]) {
        const slopes = new T([0.25, -1.5, 3, 0]);
        setBackend('wasm');
        const w = lib.prelu(x, slopes, { shape, axis: 1 });
        setBackend('js');
        const j = lib.prelu(x, slopes, { shape, axis: 1 });
        for (let i = 0; i < x.length; i++) if (!same(w[i]!, j[i]!)) expect.fail(`prelu ${T.name} ${shape}: x = ${x[i]}: wasm ${w[i]}, js ${j[i]}`);
      }
    }
    kernels.add('prelu');
    expect([...SAME_BITS].filter((k) => !kernels.has(k)), 'SAME_BITS names a kernel no case checked').toEqual([]);
  });
});
