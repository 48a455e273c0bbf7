// Differential fuzzing (issue 13): random calls of every function in the registry, run on the wasm
// backend, the js backend and under automatic choice, each result checked against the float64
// reference (f32 results) or the double-double reference (f64 results) within the function's
// documented bound, and each call repeated in a random layout (at an offset in a larger buffer, in
// place, in zero-copy buffers, with out through another SharedArrayBuffer object over the same
// memory, with options given as getters) that must give the same bits on the same backend. Bad
// parameters (including those that become 0 or Infinity when rounded to the array's type) must be
// refused naming the option, with nothing written; shapes with a zero dimension must return at once.
//
// Shared by test/fuzz.test.ts (a fixed seed and a bounded count, in `npm test`) and scripts/fuzz.mjs
// (`npm run fuzz`: a seed and a time budget).

import { AXIS_GRAD_REFERENCE, AXIS_REFERENCE, GRAD_REFERENCE, REFERENCE } from '../reference/f64.mjs';
import { AXIS_GRAD_REFERENCE_DD, AXIS_REFERENCE_DD, GRAD_REFERENCE_DD, REFERENCE_DD, gradTimes, toNumber } from '../reference/f64-dd.mjs';
import * as dd from '../reference/dd.mjs';
import { ulp32, ulp64 } from './ulp.mjs';
import { rng } from './rng.mjs';

const FLT_MAX = 3.4028234663852886e38;
const F32_SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 1.401298464324817e-45, -1.401298464324817e-45, 1.1754943508222875e-38, -1e-40, 1e-30, -1e-7, 0.5, -1, 3, -3, 6, 20, -20, 88.7, -88.7, 103.9, -104, 1e10, -1e30, FLT_MAX, -FLT_MAX];
const F64_SPECIALS = [NaN, Infinity, -Infinity, 0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, -1e-300, 1e-30, -1e-7, 0.5, -1, 3, -3, 6, 20, -20, 709, -709, 745, -745.2, 1e10, -1e30, 1e300, -1.7976931348623157e308];


/**
 * n values of the type, by mix: 'bits' (random f32 bit patterns, or f64 of random exponent up to
 * 2^emax), 'band' (uniform in ±20), 'tiny' (±2^-40..1), 'special' (the special values), 'mixed' (a
 * bit of each), 'huge' (dy up to ±1e30 in f32, ±FLT_MAX; in f64 as 'mixed': see hugeDy).
 */
function values(n, f32, mix, seed, emax = 12) {
  const r = rng(seed);
  const a = f32 ? new Float32Array(n) : new Float64Array(n);
  const u32 = new Uint32Array(1);
  const v32 = new Float32Array(u32.buffer);
  const specials = f32 ? F32_SPECIALS : F64_SPECIALS;
  const one = (m) => {
    if (m === 'bits') {
      if (f32) {
        u32[0] = (r() * 4294967296) >>> 0;
        return Number.isFinite(v32[0]) ? v32[0] : 0;
      }
      const e = -60 + Math.floor(r() * (emax + 60));
      return (r() < 0.5 ? -1 : 1) * (1 + r()) * 2 ** e;
    }
    if (m === 'band') return -20 + 40 * r();
    if (m === 'tiny') return (r() < 0.5 ? -1 : 1) * 2 ** (-40 * r());
    if (m === 'special') return specials[Math.floor(r() * specials.length)];
    if (m === 'huge') {
      const big = f32 ? [1e30, -1e30, FLT_MAX, -FLT_MAX, 1e20, -3e38] : [1e30, -1e30, 1e300, -1e300, 1e200];
      return r() < 0.5 ? big[Math.floor(r() * big.length)] : (-3 + 6 * r()) * 10 ** (r() * (f32 ? 30 : 300));
    }
    const ms = ['bits', 'band', 'tiny', 'special'];
    return one(ms[Math.floor(r() * (r() < 0.9 ? 3 : 4))]);
  };
  for (let i = 0; i < n; i++) a[i] = one(mix);
  return a;
}

const ulpOf = (v, f32) => {
  const a = Math.abs(v);
  if (!(a > 0) || a === Infinity) return f32 ? 2 ** -149 : 2 ** -1074;
  const e = Math.floor(Math.log2(a));
  return f32 ? 2 ** Math.max(e - 23, -149) : 2 ** Math.max(e - 52, -1074);
};

/** Whether got is want (NaN for NaN, else within bound ULP, or within bound.abs absolutely). */
function within(got, want, f32, bound, extraAbs = 0) {
  if (Number.isNaN(want) || Number.isNaN(got)) return Number.isNaN(want) && Number.isNaN(got);
  if (bound.abs !== undefined && Math.abs(got - want) <= bound.abs) return true;
  if (extraAbs > 0 && Math.abs(got - want) <= extraAbs) return true;
  return (f32 ? ulp32(got, want) : ulp64(got, want)) <= bound.ulp;
}

const bitsOf = (a) => (a instanceof Float32Array ? new Uint32Array(a.slice().buffer) : new BigUint64Array(a.slice().buffer));
function sameBits(a, b) {
  if (a.length !== b.length) return false;
  const [p, q] = [bitsOf(a), bitsOf(b)];
  for (let i = 0; i < p.length; i++) if (p[i] !== q[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}

/**
 * The double-double references split their operands (Veltkamp), which overflows beyond about 1e290:
 * there every function is saturated (a constant, 0, or x times a constant), and the double reference
 * is what the result rounds to; below, the double-double reference.
 */
const DD_LIMIT = 1e290;
function ref64(name, x, p) {
  if (Math.abs(x) > DD_LIMIT && Number.isFinite(x)) return REFERENCE[name](x, p);
  // celu where x/alpha is below 2^-60: alpha·expm1(x/alpha) = x(1 + x/(2·alpha) + …) rounds to x, which
  // the reference, forming x/alpha first, misses once that quotient is subnormal.
  if (name === 'celu' && x !== 0 && Math.abs(x / p[0]) < 2 ** -60) return x;
  // celu with alpha < 0 where x/alpha > 700: alpha·expm1(x/alpha) = -exp(x/alpha + log|alpha|) to far
  // below an ULP, finite up to where that exponent passes 709.78 (the reference stops at x/alpha = 710,
  // right only for |alpha| >= 1).
  if (name === 'celu' && p[0] < 0 && x / p[0] > 700) {
    const v = dd.add(dd.div([x, 0], [p[0], 0]), dd.log([-p[0], 0]));
    if (!(v[0] < 709.79)) return -Infinity;
    const r = dd.toNumber(dd.mul(dd.exp(dd.sub(v, [20, 0])), dd.exp([20, 0]))); // e^(v-20)·e^20: no overflow inside
    return -(r === r ? r : Infinity); // NaN: the product's split overflowed, past DBL_MAX
  }
  return toNumber(REFERENCE_DD[name](x, p));
}

/**
 * dy·f'(x) rounded once to double, also for infinite or huge dy and huge x (where gradTimes' products
 * would overflow in the split): infinite dy gives f'·dy as IEEE defines it; huge dy is scaled by 2^-600
 * first and the rounded result by 2^600 after (exact: the scaled result is far from the subnormals).
 */
function gradTimes64(name, x, p, dy) {
  // celu with alpha < 0: f'(x) = exp(x/alpha) overflows beyond x/alpha = 709.78, but it is finite for
  // every finite x (also beyond DD_LIMIT, where x/alpha may be 1e308): dy = 0 gives dy (±0), and a tiny
  // dy can still give a finite dy·f'(x): as sign(dy)·exp(x/alpha + log|dy|), in double-double.
  if (name === 'celu' && p[0] < 0 && Number.isFinite(x) && x / p[0] > 709 && Number.isFinite(dy)) {
    if (dy === 0) return dy;
    if (!(x / p[0] + Math.log(Math.abs(dy)) < 710)) return Math.sign(dy) * Infinity;
    // e^(v−20)·e^20: no overflow inside the double-double exp up to the double range's end (709.78)
    const v = dd.add(dd.div([x, 0], [p[0], 0]), dd.log([Math.abs(dy), 0]));
    const r = dd.toNumber(dd.mul(dd.exp(dd.sub(v, [20, 0])), dd.exp([20, 0])));
    return Math.sign(dy) * (r === r ? r : Infinity); // NaN: the product's split overflowed, past DBL_MAX
  }
  if (Math.abs(x) > DD_LIMIT && Number.isFinite(x)) return GRAD_REFERENCE[name](x, p) * dy;
  const g = GRAD_REFERENCE_DD[name](x, p);
  const hi = Array.isArray(g) ? g[0] : g.m[0] === 0 ? 0 : g.m[0] * 2 ** Math.max(g.k, -1074) || Math.sign(g.m[0]) * 2 ** -1074;
  if (!Number.isFinite(dy) || !Number.isFinite(hi)) return hi * dy;
  if (Math.abs(dy) > 2 ** 900 || Math.abs(hi * dy) > 2 ** 900) return gradTimes(Array.isArray(g) ? g : { m: g.m, k: g.k }, dy * 2 ** -600) * 2 ** 600;
  // A subnormal dy is split inexactly: scale it up, and the result down inside the one rounding.
  if (dy !== 0 && Math.abs(dy) < 2 ** -900) return gradTimes(Array.isArray(g) ? { m: g, k: -600 } : { m: g.m, k: g.k - 600 }, dy * 2 ** 600);
  return gradTimes(g, dy);
}

/** The high part of the f64 reference f'(x) (0 where it underflows). */
function gradHi64(name, x, p) {
  if (Math.abs(x) > DD_LIMIT) return GRAD_REFERENCE[name](x, p);
  const g = GRAD_REFERENCE_DD[name](x, p);
  return Array.isArray(g) ? g[0] : g.m[0] * 2 ** g.k;
}

const fmt = (v) => (Object.is(v, -0) ? '-0' : String(v));
const show = (a) => (a.length > 12 ? `[${Array.from(a.subarray(0, 12), fmt).join(', ')}, … (${a.length})]` : `[${Array.from(a, fmt).join(', ')}]`);

/**
 * The parameter values a case may draw, per kind: defaults, ordinary values, and extremes (tiny,
 * subnormal, huge, ±FLT_MAX and, for f32, values that round to 0 or to Infinity).
 */
function paramChoices(kind, f32) {
  // f64 parameters stay within 1e-30..1e30 in magnitude: beyond, the double-double references' splits
  // overflow (see DD_LIMIT) and would need references of their own.
  const huge = f32 ? [1e30, FLT_MAX, 1e39, 3.4028235677973366e38] : [1e20, 1e30];
  const tiny = f32 ? [1e-30, 1e-40, 1.401298464324817e-45, 1e-50] : [1e-20, 1e-30];
  const plain = [0.01, 0.1, 0.25, 1 / 3, 0.5, 1, 1.5, 2, 3, 6, 10, 20];
  const pos = [...plain, ...huge, ...tiny];
  if (kind === 'positive') return [...pos, 0, -1];
  if (kind === 'nonzero') return [...pos, ...pos.map((v) => -v), 0];
  return [...pos, ...pos.map((v) => -v), 0, -0];
}

/** What the library must do with these parameter values: the kernel arguments, or the error. */
function expectParams(spec, raw, f32) {
  const values = [];
  for (const [i, p] of spec.params.entries()) {
    const v = raw[i] === undefined ? p.default : raw[i];
    if (typeof p.kind !== 'string') {
      if (!p.kind.includes(v)) return { error: `options.${p.name}` };
      values.push(p.kind.indexOf(v));
      continue;
    }
    const r = f32 ? Math.fround(v) : v;
    if (!Number.isFinite(r) || (p.kind === 'positive' && !(r > 0)) || (p.kind === 'nonzero' && r === 0)) return { error: `options.${p.name}` };
    values.push(r);
  }
  try {
    spec.check?.(values);
  } catch (e) {
    return { error: String(e.message).match(/^options\.\w+/)?.[0] ?? 'options.' };
  }
  return { values };
}

/** The options object of a call: plain, or with each option a getter that counts its reads. */
function optionsOf(opts, getters) {
  if (!getters) return { options: opts, reads: undefined };
  const reads = {};
  const options = {};
  for (const [k, v] of Object.entries(opts)) {
    reads[k] = 0;
    Object.defineProperty(options, k, {
      enumerable: true,
      get() {
        reads[k]++;
        return v;
      },
    });
  }
  return { options, reads };
}

/**
 * The properties by name, each as [arbitrary, predicate]: fc.property(arbitrary, predicate) checks it;
 * the predicate throws an Error saying what went wrong, and where.
 * @param {typeof import('fast-check').default} fc
 * @param {typeof import('../../dist/index.js')} lib
 */
export function makeProperties(fc, lib) {
  const specs = lib.ACTIVATIONS;
  const elementwise = specs.filter((s) => s.kind === 'elementwise');
  const withGrad = elementwise.filter((s) => s.grad);
  const axis = specs.filter((s) => s.kind === 'axis');
  const fn = (name) => lib[name];
  const held = [];
  const freeAll = () => held.splice(0).forEach((b) => b.free());

  /**
   * Arrays placed per layout: 'plain' (fresh arrays), 'offset' (views at an odd offset of a larger
   * buffer, whose other elements must stay as they were), 'zeroCopy' (allocate()d buffers), 'sab'
   * (inputs in a SharedArrayBuffer, out through structuredClone of it, shifted against x by `shift`
   * elements). Returns the arrays and a check that nothing outside them changed.
   */
  function place(layout, inputs, f32, shift) {
    const T = f32 ? Float32Array : Float64Array;
    const n = inputs[0].length;
    if (layout === 'zeroCopy') {
      const bufs = [...inputs, null].map(() => lib.allocate(n, T));
      held.push(...bufs);
      // Every view is read after the last allocate (which may grow memory and detach earlier views).
      inputs.forEach((a, i) => bufs[i].array.set(a));
      return { args: inputs.map((_, i) => bufs[i].array), out: bufs[inputs.length].array, intact: () => true };
    }
    if (layout === 'offset') {
      const pad = 3;
      const whole = new T((n + pad) * (inputs.length + 1) + pad);
      whole.fill(-7.25);
      const at = (k) => whole.subarray(pad + k * (n + pad), pad + k * (n + pad) + n);
      inputs.forEach((a, k) => at(k).set(a));
      const out = at(inputs.length);
      const before = whole.slice();
      return {
        args: inputs.map((_, k) => at(k)),
        out,
        intact: () => {
          for (let i = 0; i < whole.length; i++) {
            const inside = (i - pad) % (n + pad) < n && i >= pad && i < pad + (inputs.length + 1) * (n + pad);
            if (!inside && !Object.is(whole[i], before[i])) return false;
          }
          return true;
        },
      };
    }
    // 'sab': x at element 1 (+ room for shifts), the other inputs after it, out over a clone.
    const bpe = T.BYTES_PER_ELEMENT;
    const total = (inputs.length + 1) * (n + 2) + 2;
    const sab = new SharedArrayBuffer(total * bpe);
    const whole = new T(sab);
    inputs.forEach((a, k) => whole.set(a, 1 + k * (n + 2)));
    const args = inputs.map((_, k) => new T(sab, (1 + k * (n + 2)) * bpe, n));
    const out = new T(structuredClone(sab), (1 + shift) * bpe, n);
    return { args, out, intact: () => true };
  }

  /**
   * Runs `call(args, out, options)` on each backend and checks: within the bound of the reference
   * (`check(result, backend)` returns an error message or ''), and the same bits in the layout.
   */
  function acrossBackends(c, inputs, opts, call, check, outIsArg = true) {
    const problems = [];
    const results = {};
    try {
      for (const backend of ['wasm', 'js', 'auto']) {
        lib.setBackend(backend);
        const copies = inputs.map((a) => a.slice());
        const plain = call(copies, undefined, opts);
        for (const [k, a] of copies.entries()) if (!sameBits(a, inputs[k])) problems.push(`${backend}: input ${k} was modified`);
        const msg = check(plain, backend);
        if (msg) problems.push(`${backend}: ${msg}`);
        results[backend] = plain;
        // The same call in the case's layout: the same bits.
        const got = inLayout(c, inputs, opts, call, outIsArg);
        if (got.problem) problems.push(`${backend}, layout ${c.layout}${c.layout === 'sab' ? ` shift ${c.shift}` : ''}${c.getters ? ' with getters' : ''}: ${got.problem}`);
        else if (!sameResult(got.result, plain)) problems.push(`${backend}, layout ${c.layout}${c.layout === 'sab' ? ` shift ${c.shift}` : ''}${c.getters ? ' with getters' : ''}: ${describeDiff(got.result, plain)}`);
        freeAll();
      }
    } finally {
      lib.setBackend('auto');
      freeAll();
    }
    if (problems.length) throw new Error(problems.join('\n'));
    return results;
  }

  const sameResult = (a, b) => (ArrayBuffer.isView(a) ? sameBits(a, b) : sameBits(a.dx, b.dx) && sameBits(a.dslopes, b.dslopes));
  function describeDiff(a, b) {
    const [p, q] = ArrayBuffer.isView(a) ? [a, b] : [a.dx, b.dx];
    for (let i = 0; i < q.length; i++) if (!Object.is(p[i], q[i]) && !(Number.isNaN(p[i]) && Number.isNaN(q[i]))) return `element ${i}: ${fmt(p[i])}, plain call ${fmt(q[i])}`;
    return `dslopes ${show(a.dslopes)}, plain call ${show(b.dslopes)}`;
  }

  /** The call in c's layout, with out (and options as getters when c.getters). */
  function inLayout(c, inputs, opts, call, outIsArg) {
    if (c.layout === 'inPlace') {
      // out === the first input (x or y); for derivatives of two inputs also out === dy, checked by the
      // 'inPlaceDy' layout.
      const copies = inputs.map((a) => a.slice());
      const k = c.inPlaceArg < inputs.length && outIsArg ? c.inPlaceArg : 0;
      const { options, reads } = optionsOf({ ...opts, out: copies[k] }, c.getters);
      const r = call(copies, copies[k], options);
      const once = readsOnce(reads);
      return once ? { problem: once } : { result: ArrayBuffer.isView(r) ? r.slice() : r };
    }
    const { args, out, intact } = place(c.layout, inputs, inputs[0] instanceof Float32Array, c.shift);
    const { options, reads } = optionsOf({ ...opts, out }, c.getters);
    const r = call(args, out, options);
    const once = readsOnce(reads);
    if (once) return { problem: once };
    if (ArrayBuffer.isView(r) && r !== out) return { problem: 'did not return options.out' };
    if (!intact()) return { problem: 'wrote outside its arrays' };
    return { result: ArrayBuffer.isView(r) ? r.slice() : { dx: r.dx.slice(), dslopes: r.dslopes } };
  }
  const readsOnce = (reads) => (reads ? Object.entries(reads).filter(([, n]) => n !== 1).map(([k, n]) => `options.${k} read ${n} times`).join(', ') : '');

  const layout = fc.record({
    layout: fc.constantFrom('offset', 'inPlace', 'zeroCopy', 'sab'),
    inPlaceArg: fc.nat(1),
    shift: fc.constantFrom(-1, 0, 1),
    getters: fc.boolean(),
  });
  const type = fc.constantFrom('f32', 'f64');
  const length = fc.oneof({ weight: 6, arbitrary: fc.nat(40) }, { weight: 3, arbitrary: fc.integer({ min: 41, max: 600 }) }, { weight: 1, arbitrary: fc.integer({ min: 4000, max: 9000 }) });
  const mix = fc.constantFrom('bits', 'band', 'tiny', 'special', 'mixed');
  /** Raw parameter values for spec: per parameter, undefined (the default) or one of its choices. */
  const paramsFor = (spec, f32) =>
    fc.tuple(...spec.params.map((p) => fc.option(typeof p.kind === 'string' ? fc.constantFrom(...paramChoices(p.kind, f32)) : fc.constantFrom(...p.kind, 'nonsense'), { nil: undefined, freq: 3 })));

  /** Calls with bad parameters: refused, naming the option, with nothing written; the next call works. */
  function expectRefused(expected, inputs, call, opts) {
    const copies = inputs.map((a) => a.slice());
    const out = inputs[0].slice().fill(5);
    let err;
    try {
      call(copies, out, { ...opts, out });
    } catch (e) {
      err = e;
    }
    if (!(err instanceof RangeError || err instanceof TypeError) || !String(err.message).startsWith(expected)) {
      throw new Error(`expected an error naming ${expected}, got ${err ? `${err.name}: ${err.message}` : 'none'}`);
    }
    copies.forEach((a, k) => {
      if (!sameBits(a, inputs[k])) throw new Error(`input ${k} changed by a refused call`);
    });
    if (!out.every((v) => v === 5)) throw new Error('out written by a refused call');
  }

  // ---- elementwise functions and their derivatives ----

  const elementwiseCase = (specsOf) =>
    fc
      .record({ fn: fc.constantFrom(...specsOf.map((s) => s.name)), type, length, mix, dyMix: fc.constantFrom('band', 'huge', 'special', 'mixed'), seed: fc.integer(), c: layout })
      .chain((r) => paramsFor(lib.REGISTRY[r.fn], r.type === 'f32').map((raw) => ({ ...r, raw })));

  const elementwiseProperty = [elementwiseCase(elementwise), (k) => {
    const spec = lib.REGISTRY[k.fn];
    const { raw } = k;
    const f32 = k.type === 'f32';
    const x = values(k.length, f32, k.mix, k.seed);
    const opts = {};
    spec.params.forEach((p, i) => raw[i] !== undefined && (opts[p.name] = raw[i]));
    const call = (args, out, o) => fn(spec.name)(args[0], o);
    const expect = expectParams(spec, raw, f32);
    if (expect.error) return expectRefused(expect.error, [x], call, opts);
    const bound = spec.bound[k.type];
    const want = Array.from(x, (v) => (f32 ? Math.fround(REFERENCE[spec.name](v, expect.values)) : ref64(spec.name, v, expect.values)));
    acrossBackends(k.c, [x], opts, call, (y) => {
      for (let i = 0; i < x.length; i++) if (!within(y[i], want[i], f32, bound)) return `${spec.name}(${fmt(x[i])}, ${JSON.stringify(opts)}) = ${fmt(y[i])}, reference ${fmt(want[i])} (bound ${bound.ulp} ULP)`;
      return '';
    });
  }];

  const gradientProperty = [elementwiseCase(withGrad), (k) => {
    const spec = lib.REGISTRY[k.fn];
    const { raw } = k;
    const f32 = k.type === 'f32';
    const x = values(k.length, f32, k.mix, k.seed);
    // dy: any finite value (the documented domain: dy·f'(x) for infinite dy depends on whether f'(x)
    // underflows, in the kernels and in the references alike), NaN included. f64: |dy| up to 1e30,
    // since the double-double references lose f'(x) below the double range (|x| > 700, or f'(x) = x²
    // for tiny x), which a huger dy would expose; gradientScaleProperty checks f64 dy up to 1e302.
    const dy = values(k.length, f32, !f32 && k.dyMix === 'huge' ? 'band' : k.dyMix, k.seed + 1).map((v) =>
      v === Infinity || v === -Infinity || (!f32 && Math.abs(v) > 1e30) ? Math.sign(v) * 1e30 : v,
    );
    const opts = {};
    spec.params.forEach((p, i) => raw[i] !== undefined && (opts[p.name] = raw[i]));
    const call = (args, out, o) => fn(`${spec.name}Grad`)(args[0], args[1], o);
    const expect = expectParams(spec, raw, f32);
    if (expect.error) return expectRefused(expect.error, [x, dy], call, opts);
    const bound = spec.grad.bound[k.type];
    const want = Array.from(x, (v, i) =>
      f32 ? Math.fround(dy[i] * GRAD_REFERENCE[spec.name](v, expect.values)) : gradTimes64(spec.name, v, expect.values, dy[i]),
    );
    // f64 where f'(x) is below 2^-960: the double-double reference cannot resolve it (its terms
    // underflow, or it returns 0), so there the result is only checked to be as small as the truth,
    // |result| <= |dy|·2^-959, and NaN exactly where the reference is NaN. (f32 has no such region: the
    // double reference's f'(x) underflows only where dy·f'(x) is far below the f32 subnormals.)
    const unresolved = (i) => !f32 && Number.isFinite(x[i]) && !(Math.abs(gradHi64(spec.name, x[i], expect.values)) >= 2 ** -960);
    acrossBackends(k.c, [x, dy], opts, call, (y) => {
      for (let i = 0; i < x.length; i++) {
        if (unresolved(i)) {
          if (Number.isNaN(want[i]) !== Number.isNaN(y[i]) || Math.abs(y[i]) > Math.abs(dy[i]) * 2 ** -959) return `${spec.name}Grad(${fmt(x[i])}, dy ${fmt(dy[i])}, ${JSON.stringify(opts)}) = ${fmt(y[i])}, but f'(x) < 2^-960`;
          continue;
        }
        // bound.abs is for |dy| <= 1 near a zero of f': it scales with dy.
        const abs = bound.abs === undefined ? undefined : bound.abs * Math.max(1, Math.abs(dy[i]));
        if (!within(y[i], want[i], f32, { ulp: bound.ulp, abs })) return `${spec.name}Grad(${fmt(x[i])}, dy ${fmt(dy[i])}, ${JSON.stringify(opts)}) = ${fmt(y[i])}, reference ${fmt(want[i])} (bound ${bound.ulp} ULP)`;
      }
      return '';
    });
  }];

  /**
   * f64 derivatives with huge dy, without a reference that would need f'(x) below the double range:
   * dy·2^s is computed as exactly as dy (a power of two scales the exact result exactly), so wherever
   * f'(x) is well inside the double range and the scaled exact result is a normal double, the result
   * for dy·2^s must be within the bound of 2^s times the reference for dy.
   */
  const gradientScaleProperty = [
    fc.record({ fn: fc.constantFrom(...withGrad.map((s) => s.name)), length, mix, seed: fc.integer(), s: fc.integer({ min: 60, max: 1000 }) }).chain((r) => paramsFor(lib.REGISTRY[r.fn], false).map((raw) => ({ ...r, raw }))),
    (k) => {
      const spec = lib.REGISTRY[k.fn];
    const { raw } = k;
      const expect = expectParams(spec, raw, false);
      if (expect.error) return;
      const x = values(k.length, false, k.mix, k.seed);
      const dy = values(k.length, false, 'band', k.seed + 1);
      const scale = 2 ** k.s;
      const big = dy.map((v) => v * scale);
      const bound = spec.grad.bound.f64;
      const opts = {};
      spec.params.forEach((p, i) => raw[i] !== undefined && (opts[p.name] = raw[i]));
      try {
        for (const backend of ['wasm', 'js']) {
          lib.setBackend(backend);
          const y = fn(`${spec.name}Grad`)(x, big, opts);
          for (let i = 0; i < x.length; i++) {
            const g = GRAD_REFERENCE_DD[spec.name](x[i], expect.values);
            const gHi = Array.isArray(g) ? g[0] : g.m[0] * 2 ** g.k;
            if (!(Math.abs(gHi) >= 2 ** -960) || !Number.isFinite(gHi)) continue;
            const w = gradTimes(g, dy[i]) * scale;
            if (!(Math.abs(w) >= 2 ** -1022 && Math.abs(w) < 1.7e308)) continue;
            const abs = bound.abs === undefined ? undefined : bound.abs * Math.abs(big[i]);
            if (!within(y[i], w, false, { ulp: bound.ulp, abs })) {
              throw new Error(`${backend}: ${spec.name}Grad(${fmt(x[i])}, dy ${fmt(big[i])}, ${JSON.stringify(opts)}) = ${fmt(y[i])}, want ${fmt(w)} (bound ${bound.ulp} ULP)`);
            }
          }
        }
      } finally {
        lib.setBackend('auto');
      }
    },
  ];

  // ---- along an axis ----

  /** A shape of 1–4 dimensions and an axis; a long line sometimes (beyond a wasm chunk and scratch half). */
  const shapeAxis = fc
    .oneof(
      { weight: 8, arbitrary: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 100, max: 5000 })) },
      { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 20, max: 200 }), fc.integer({ min: 1, max: 40 })) },
    )
    .chain((shape) => fc.integer({ min: -shape.length, max: shape.length - 1 }).map((axis) => ({ shape, axis })));

  /** The lines of a row-major shape along axis: index lists. */
  function lines(shape, axis) {
    const k = axis < 0 ? axis + shape.length : axis;
    const len = shape[k];
    const inner = shape.slice(k + 1).reduce((a, b) => a * b, 1);
    const outer = shape.slice(0, k).reduce((a, b) => a * b, 1);
    const out = [];
    for (let o = 0; o < outer; o++) for (let c = 0; c < inner; c++) out.push(Array.from({ length: len }, (_, r) => o * len * inner + r * inner + c));
    return out;
  }

  const axisProperty = [
    fc.record({ fn: fc.constantFrom(...axis.map((s) => s.name)), type, sa: shapeAxis, scale: fc.constantFrom(1, 10, 100, 1000), special: fc.nat(3), grad: fc.boolean(), dyMix: fc.constantFrom('band', 'huge', 'special'), seed: fc.integer(), c: layout }),
    (k) => {
      const spec = lib.REGISTRY[k.fn];
      const f32 = k.type === 'f32';
      const { shape, axis: ax } = k.sa;
      const n = shape.reduce((a, b) => a * b, 1);
      const r = rng(k.seed);
      const T = f32 ? Float32Array : Float64Array;
      const x = new T(n).map(() => (r() - 0.5) * 2 * k.scale);
      // A few special values (NaN, ±Infinity, huge): each makes or leaves its line as PyTorch does.
      for (let j = 0; j < k.special; j++) x[Math.floor(r() * n)] = (f32 ? F32_SPECIALS : F64_SPECIALS)[Math.floor(r() * 12)];
      const opts = { shape, axis: ax };
      const ls = lines(shape, ax);
      if (!k.grad) {
        const bound = spec.bound[k.type];
        const ref = f32 ? AXIS_REFERENCE[spec.name] : AXIS_REFERENCE_DD[spec.name];
        const want = new Float64Array(n);
        for (const idx of ls) ref(idx.map((i) => x[i])).forEach((v, j) => (want[idx[j]] = f32 ? Math.fround(v) : v));
        const call = (args, out, o) => fn(spec.name)(args[0], o);
        acrossBackends(k.c, [x], opts, call, (y) => {
          for (let i = 0; i < n; i++) if (!within(y[i], want[i], f32, bound)) return `${spec.name} shape ${JSON.stringify(shape)} axis ${ax}: element ${i} (x ${fmt(x[i])}) = ${fmt(y[i])}, reference ${fmt(want[i])}`;
          return '';
        });
        return;
      }
      // Derivative from the forward output y (computed in double and rounded), and dy.
      const y = new T(n);
      for (const idx of ls) AXIS_REFERENCE[spec.name](idx.map((i) => x[i])).forEach((v, j) => (y[idx[j]] = v));
      // dy: no ±Infinity, and in f64 nothing near the double range: the references sum in double
      // (f32) or double-double (f64), where an infinite or overflowing sum becomes NaN for the whole
      // line, while the exact line is ±Infinity in places.
      const dyAll = values(n, f32, !f32 && k.dyMix === 'huge' ? 'band' : k.dyMix, k.seed + 1);
      // Nor, in f64, a nonzero |dy| below 1e-200: the double-double reference forms products below
      // 1e-290 in plain double, which errs by more than the bound where a whole line is that small.
      const dy = dyAll.map((v) =>
        Number.isNaN(v) ? v : !Number.isFinite(v) || (!f32 && Math.abs(v) > 1e250) ? Math.sign(v) * 3 : !f32 && v !== 0 && Math.abs(v) < 1e-200 ? Math.sign(v) * 1e-200 : k.dyMix === 'band' ? v / 7 : v,
      );
      const bound = spec.grad.bound[k.type];
      const ref = f32 ? AXIS_GRAD_REFERENCE[spec.name] : AXIS_GRAD_REFERENCE_DD[spec.name];
      const want = new Float64Array(n);
      const maxDy = new Float64Array(n);
      for (const idx of ls) {
        const m = idx.reduce((a, i) => Math.max(a, Math.abs(dy[i])), 0);
        ref(idx.map((i) => y[i]), idx.map((i) => dy[i])).forEach((v, j) => {
          want[idx[j]] = f32 ? Math.fround(v) : v;
          maxDy[idx[j]] = m;
        });
      }
      const call = (args, out, o) => fn(`${spec.name}Grad`)(args[0], args[1], o);
      acrossBackends(k.c, [y, dy], opts, call, (dx) => {
        for (let i = 0; i < n; i++) {
          const extra = bound.dyUlp === undefined ? 0 : bound.dyUlp * ulpOf(maxDy[i], f32);
          if (!within(dx[i], want[i], f32, bound, extra)) return `${spec.name}Grad shape ${JSON.stringify(shape)} axis ${ax}: element ${i} (y ${fmt(y[i])}, dy ${fmt(dy[i])}) = ${fmt(dx[i])}, reference ${fmt(want[i])}`;
        }
        return '';
      });
    },
  ];

  // ---- prelu and preluGrad ----

  const preluProperty = [
    fc.record({ type, sa: shapeAxis, one: fc.boolean(), grad: fc.boolean(), mix, dyMix: fc.constantFrom('band', 'huge', 'special', 'mixed'), seed: fc.integer(), c: layout }),
    (k) => {
      const f32 = k.type === 'f32';
      const T = f32 ? Float32Array : Float64Array;
      const { shape, axis: ax } = k.sa;
      const n = shape.reduce((a, b) => a * b, 1);
      const kk = ax < 0 ? ax + shape.length : ax;
      const C = shape[kk];
      const x = values(n, f32, k.mix, k.seed);
      const s = values(k.one ? 1 : C, f32, 'band', k.seed + 2).map((v) => v / 10);
      const opts = { shape, axis: ax };
      const slopeAt = (i) => s[k.one ? 0 : Math.floor(i / shape.slice(kk + 1).reduce((a, b) => a * b, 1)) % C];
      const round = f32 ? Math.fround : (v) => v;
      if (!k.grad) {
        const want = Array.from(x, (v, i) => (v < 0 ? round(slopeAt(i) * v) : v));
        acrossBackends(k.c, [x], opts, (args, out, o) => lib.prelu(args[0], s, o), (y) => {
          for (let i = 0; i < n; i++) if (!within(y[i], want[i], f32, { ulp: 0 })) return `prelu element ${i} (x ${fmt(x[i])}, slope ${fmt(slopeAt(i))}) = ${fmt(y[i])}, want ${fmt(want[i])}`;
          return '';
        });
        return;
      }
      // f64 |dy| up to 1e200: beyond, sums of x·dy may overflow on the way in one summation order and
      // not in another (the double-double reference's), where "accumulated in double" has no one answer.
      const dy = values(n, f32, k.dyMix, k.seed + 1).map((v) => (!f32 && Number.isFinite(v) && Math.abs(v) > 1e200 ? Math.sign(v) * 1e200 : v));
      const wantDx = Array.from(x, (v, i) => (v > 0 ? dy[i] : v === v ? round(dy[i] * slopeAt(i)) : NaN));
      // dslopes[c]: the sum over x <= 0 of x·dy, as a double-double, with the sum of |x·dy| for the
      // double sum's error bound (as test/prelu.test.ts).
      const sums = Array.from(s, () => [0, 0]);
      const mags = new Float64Array(s.length);
      const counts = new Float64Array(s.length);
      for (let i = 0; i < n; i++) {
        if (x[i] > 0) continue;
        const j = k.one ? 0 : Math.floor(i / shape.slice(kk + 1).reduce((a, b) => a * b, 1)) % C;
        const p = x[i] * dy[i];
        // (Veltkamp's split overflows beyond about 1e290: there the product is not split.)
        const t = Number.isFinite(p) && x[i] !== 0 && Math.abs(x[i]) < 1e150 && Math.abs(dy[i]) < 1e150 && Math.abs(p) > 1e-290 ? dd.twoProd(x[i], dy[i]) : [p, 0];
        const added = Number.isFinite(t[0]) && Number.isFinite(sums[j][0]) ? dd.add(sums[j], t) : [NaN, NaN];
        // A sum that overflows: the double sum's ±Infinity (a two-sum's error term would be NaN).
        sums[j] = Number.isFinite(added[0]) && added[1] === added[1] ? added : [sums[j][0] + t[0], 0];
        mags[j] += Math.abs(p);
        counts[j] += 1;
      }
      // The exact sum (in double); the documented result is the double sum rounded to the array's type,
      // so anything the double sum's error bound allows, rounded: with cancellation among terms beyond
      // the f32 range (1.2e77 − 1.2e77 + … − 6.4e58) the double sum may be 0 where the exact sum rounds
      // to −Infinity in f32, and both are within the bound.
      const exactSlopes = sums.map((v) => dd.toNumber(v));
      const wantSlopes = exactSlopes.map(round);
      acrossBackends(
        k.c,
        [x, dy],
        opts,
        (args, out, o) => lib.preluGrad(args[0], args[1], s, o),
        (r) => {
          for (let i = 0; i < n; i++) if (!within(r.dx[i], wantDx[i], f32, { ulp: 0 })) return `preluGrad dx element ${i} (x ${fmt(x[i])}, dy ${fmt(dy[i])}) = ${fmt(r.dx[i])}, want ${fmt(wantDx[i])}`;
          for (let j = 0; j < s.length; j++) {
            const w = wantSlopes[j];
            const e = exactSlopes[j];
            const g = r.dslopes[j];
            if (Number.isNaN(e) || Number.isNaN(g) || !Number.isFinite(e)) {
              if (!Object.is(g, w) && !(Number.isNaN(w) && Number.isNaN(g))) return `preluGrad dslopes[${j}] = ${fmt(g)}, want ${fmt(w)}`;
              continue;
            }
            const tol = ulpOf(w, f32) + (counts[j] + 2) * 2 ** -53 * mags[j];
            if (!(g >= round(e - tol) && g <= round(e + tol))) return `preluGrad dslopes[${j}] = ${fmt(g)}, want ${fmt(w)} (tolerance ${tol})`;
          }
          return '';
        },
        true,
      );
    },
  ];

  // ---- degenerate shapes: a zero dimension beside huge ones returns at once ----

  const degenerateProperty = [
    fc.record({
      dims: fc.array(fc.constantFrom(1, 7, 2 ** 31, 2 ** 40, 2 ** 52), { minLength: 0, maxLength: 3 }),
      zeroAt: fc.nat(3),
      axisSeed: fc.nat(),
      type,
      backend: fc.constantFrom('wasm', 'js', 'auto'),
    }),
    (k) => {
      const shape = [...k.dims];
      shape.splice(Math.min(k.zeroAt, shape.length), 0, 0);
      const ax = (k.axisSeed % (2 * shape.length)) - shape.length;
      const T = k.type === 'f32' ? Float32Array : Float64Array;
      const e = new T(0);
      const o = { shape, axis: ax };
      try {
        lib.setBackend(k.backend);
        for (const s of axis) {
          if (fn(s.name)(e, o).length !== 0) throw new Error(`${s.name} ${JSON.stringify(o)}: not empty`);
          if (fn(`${s.name}Grad`)(e, e, o).length !== 0) throw new Error(`${s.name}Grad ${JSON.stringify(o)}: not empty`);
        }
        const C = shape[ax < 0 ? ax + shape.length : ax];
        const slopes = C <= 16 && C > 0 ? new T(C).fill(0.5) : new T([0.5]);
        if (lib.prelu(e, slopes, o).length !== 0) throw new Error(`prelu ${JSON.stringify(o)}: not empty`);
        const g = lib.preluGrad(e, e, slopes, o);
        if (g.dx.length !== 0 || g.dslopes.length !== slopes.length || !g.dslopes.every((v) => v === 0)) throw new Error(`preluGrad ${JSON.stringify(o)}: wrong`);
      } finally {
        lib.setBackend('auto');
      }
    },
  ];

  return {
    elementwise: elementwiseProperty,
    gradient: gradientProperty,
    'gradient-scale-f64': gradientScaleProperty,
    axis: axisProperty,
    prelu: preluProperty,
    degenerate: degenerateProperty,
  };
}
