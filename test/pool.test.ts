// The worker pool (wasm-activations/pool): every function of the registry through the async API gives
// bit for bit the synchronous call's result, whatever the thread count, the split, and where the arrays
// live (ordinary, pool buffers, other SharedArrayBuffers, in place); bad input rejects as the
// synchronous call throws, before any worker is involved; the pool survives a worker's death, rejects
// after terminate(), and leaves Node free to exit when idle.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as lib from '../dist/index.js';
import { ACTIVATIONS, backendInfo } from '../dist/index.js';
import { createPool, type Pool } from '../dist/pool.js';
import { rng, SPECIALS } from './support/inputs';

type F = Float32Array | Float64Array;
type Fn = (...args: unknown[]) => unknown;
const api = lib as unknown as Record<string, Fn>;
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The first element whose bits differ, or -1; a NaN matches any NaN. The sign of a NaN that a kernel
 * computes (a row holding both NaN and +Infinity, say) is not even the same from one synchronous call
 * to the next: V8's baseline compiler (Liftoff) and its optimizing one give opposite signs there, so
 * the same call changes it when its function tiers up (seen on Node 20: once in 1868 such rows; never
 * with --liftoff-only or --no-liftoff). Every other bit must match.
 */
function firstDiff(a: F, b: F): number {
  const w = a.BYTES_PER_ELEMENT === 4;
  const ua = w ? new Uint32Array(a.buffer, a.byteOffset, a.length) : new BigUint64Array(a.buffer, a.byteOffset, a.length);
  const ub = w ? new Uint32Array(b.buffer, b.byteOffset, b.length) : new BigUint64Array(b.buffer, b.byteOffset, b.length);
  if (a.length !== b.length) return 0;
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return i;
  return -1;
}

const hex = (a: F, i: number) => {
  const v = new DataView(a.buffer, a.byteOffset + i * a.BYTES_PER_ELEMENT, a.BYTES_PER_ELEMENT);
  return a.BYTES_PER_ELEMENT === 4 ? v.getUint32(0, true).toString(16) : v.getBigUint64(0, true).toString(16);
};

function expectSameBits(got: F, want: F, what: string): void {
  const i = firstDiff(got, want);
  if (i < 0) return;
  expect(i, `${what}: element ${i} is ${got[i]} (0x${hex(got, i)}), the synchronous call gives ${want[i]} (0x${hex(want, i)})`).toBe(-1);
}

/** n values: mostly in [-12, 12], with the special values and wider random ones sprinkled in. */
function values(n: number, f64: boolean, r: () => number): F {
  const a = f64 ? new Float64Array(n) : new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = r();
    a[i] = u < 0.08 ? SPECIALS[Math.floor(r() * SPECIALS.length)]! : u < 0.15 ? (r() - 0.5) * 400 : (r() - 0.5) * 24;
  }
  return a;
}

/** Options other than the defaults, from the registry: each numeric default times 0.75, the other name of a choice. */
function variant(spec: (typeof ACTIVATIONS)[number]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const p of spec.params) o[p.name] = typeof p.kind === 'string' ? (p.default as number) * 0.75 : p.kind.find((k) => k !== p.default);
  return o;
}

interface Case {
  name: string;
  args: unknown[];
  /** Indices of args that are arrays the call reads, and the index of the options object. */
  arrays: number[];
  optionsAt: number;
}

/** Every public function of the registry (and derivative) with arguments for an array of n elements. */
function cases(n: number, f64: boolean, seed: number): Case[] {
  const r = rng(seed);
  const out: Case[] = [];
  for (const spec of ACTIVATIONS) {
    const x = values(n, f64, r);
    const dy = values(n, f64, r);
    if (spec.kind === 'elementwise') {
      const opts = r() < 0.5 || spec.params.length === 0 ? {} : variant(spec);
      out.push({ name: spec.name, args: [x, { ...opts }], arrays: [0], optionsAt: 1 });
      out.push({ name: `${spec.name}Grad`, args: [x, dy, { ...opts }], arrays: [0, 1], optionsAt: 2 });
    } else if (spec.kind === 'axis') {
      const { shape, axis } = axisShape(n, r);
      const y = api[spec.name]!(x, { shape, axis }) as F; // a forward output, as the derivative takes
      out.push({ name: spec.name, args: [x, { shape, axis }], arrays: [0], optionsAt: 1 });
      out.push({ name: `${spec.name}Grad`, args: [y, dy, { shape, axis }], arrays: [0, 1], optionsAt: 2 });
    } else {
      const { shape, axis } = axisShape(n, r);
      const d = shape.length === 1 ? 0 : (axis + shape.length) % shape.length;
      const channels = r() < 0.3 ? 1 : shape[d]!;
      const slopes = values(channels, f64, r).map((v) => (Number.isFinite(v) ? v / 10 : 0.25)) as F;
      out.push({ name: spec.name, args: [x, slopes, { shape, axis }], arrays: [0, 1], optionsAt: 2 });
      out.push({ name: `${spec.name}Grad`, args: [x, dy, slopes, { shape, axis }], arrays: [0, 1, 2], optionsAt: 3 });
    }
  }
  return out;
}

/** A random 1-, 2- or 3-d shape of n elements and an axis: rows, strided axes with few or many slabs. */
function axisShape(n: number, r: () => number): { shape: number[]; axis: number } {
  const divisors = (m: number) => Array.from({ length: m }, (_, i) => i + 1).filter((d) => m % d === 0);
  const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)]!;
  const k = r();
  if (k < 0.2) return { shape: [n], axis: 0 };
  const a = pick(divisors(n));
  if (k < 0.6) return { shape: [a, n / a], axis: r() < 0.5 ? -1 : 0 };
  const b = pick(divisors(n / a));
  return { shape: [a, b, n / a / b], axis: pick([0, 1, 2, -1]) };
}

type Placement = 'ordinary' | 'pool' | 'shared' | 'in place' | 'pool in place';
const PLACEMENTS: Placement[] = ['ordinary', 'pool', 'shared', 'in place', 'pool in place'];

/**
 * Runs case c on the pool with its arrays placed as asked, and the synchronous call on copies;
 * compares every output bit for bit.
 */
async function check(pool: Pool, c: Case, where: Placement, what: string): Promise<void> {
  const sync = api[c.name]!;
  const want = sync(...c.args) as F | { dx: F; dslopes: F };
  const held: { free(): void }[] = [];
  try {
    const args = c.args.slice();
    const copyOf = (a: F): F => {
      if (where === 'pool' || where === 'pool in place') {
        const b = pool.allocate(a.length, a.constructor as Float32ArrayConstructor);
        held.push(b);
        return b.array; // views taken before the next allocate may be of an older (still valid) buffer
      }
      if (where === 'shared') {
        const s = new (a.constructor as new (b: SharedArrayBuffer) => F)(new SharedArrayBuffer(a.byteLength));
        return s;
      }
      return a.slice();
    };
    const copies = c.arrays.map((i) => copyOf(c.args[i] as F));
    c.arrays.forEach((i, k) => {
      copies[k]!.set(c.args[i] as F);
      args[i] = copies[k];
    });
    const opts = { ...(args[c.optionsAt] as object) } as Record<string, unknown>;
    const inPlace = where === 'in place' || where === 'pool in place';
    let outArray: F | undefined;
    if (inPlace) outArray = args[0] as F;
    else if (where !== 'ordinary') outArray = copyOf(c.args[0] as F);
    if (outArray) opts.out = outArray;
    args[c.optionsAt] = opts;
    const got = (await (pool as unknown as Record<string, Fn>)[c.name]!(...args)) as F | { dx: F; dslopes: F };
    if (c.name === 'preluGrad') {
      const g = got as { dx: F; dslopes: F };
      const w = want as { dx: F; dslopes: F };
      expectSameBits(g.dx, w.dx, `${what} dx`);
      expectSameBits(g.dslopes, w.dslopes, `${what} dslopes`);
      return;
    }
    if (outArray) expect(got).toBe(outArray);
    expectSameBits(got as F, want as F, what);
    // The inputs the call does not write are left as they were.
    c.arrays.forEach((i, k) => {
      if (!(inPlace && k === 0)) expectSameBits(args[i] as F, c.args[i] as F, `${what}: input ${k} unchanged`);
    });
  } finally {
    held.forEach((b) => b.free());
  }
}

describe('pool: the same bits as the synchronous call', () => {
  const pools: Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.terminate()));
  });

  it('the pool offers every function of the registry, its derivative and its other names, and nothing else', async () => {
    const pool = await createPool({ threads: 1 });
    pools.push(pool);
    const registry = new Set<unknown>(ACTIVATIONS.flatMap((s) => [api[s.name], s.grad ? api[`${s.name}Grad`] : undefined]).filter(Boolean));
    const expected = Object.keys(api).filter((k) => registry.has(api[k])).sort();
    const fns = Object.keys(pool).filter((k) => typeof (pool as unknown as Record<string, unknown>)[k] === 'function');
    expect(fns.filter((k) => !['info', 'allocate', 'terminate'].includes(k)).sort()).toEqual(expected);
    expect(expected).toContain('swish');
    expect(expected.length).toBe(2 * ACTIVATIONS.length + 2);
  });

  for (const threads of [1, 2, 3, 4]) {
    it(`${threads} thread(s): every function, f32 and f64, random lengths and shapes, every placement`, async () => {
      // Every call goes to the workers (inlineBelow 0), cut into parts of as few as 16 elements.
      const pool = await createPool({ threads, inlineBelow: 0, minPart: 16 });
      pools.push(pool);
      expect(pool.info()).toMatchObject({ threads, shared: true });
      const r = rng(100 + threads);
      let k = 0;
      for (let round = 0; round < 3; round++) {
        for (const f64 of [false, true]) {
          const n = 1 + Math.floor(r() * 3000);
          for (const c of cases(n, f64, 1000 * threads + 10 * round + (f64 ? 1 : 0))) {
            const where = PLACEMENTS[k++ % PLACEMENTS.length]!;
            await check(pool, c, where, `${c.name} ${f64 ? 'f64' : 'f32'} n=${n} ${JSON.stringify(c.args[c.optionsAt])} ${where}, ${threads} threads`);
          }
        }
      }
    });
  }

  it('long arrays: chunks through the scratch regions, rows longer than a scratch region, strided columns, 3 threads', async () => {
    const pool = await createPool({ threads: 3, inlineBelow: 0, minPart: 1024 });
    pools.push(pool);
    const r = rng(7);
    for (const f64 of [false, true]) {
      const T = f64 ? Float64Array : Float32Array;
      const cap = (256 * 1024) / T.BYTES_PER_ELEMENT; // elements of one scratch region
      const x = values(3 * cap + 78, f64, r);
      const dy = values(x.length, f64, r);
      for (const name of ['sigmoid', 'gelu', 'relu', 'softplus']) {
        await check(pool, { name, args: [x, {}], arrays: [0], optionsAt: 1 }, 'ordinary', `${name} n=${x.length}`);
        await check(pool, { name: `${name}Grad`, args: [x, dy, {}], arrays: [0, 1], optionsAt: 2 }, 'pool', `${name}Grad n=${x.length}`);
      }
      const shapes = [
        { shape: [3, x.length / 3], axis: -1 }, // rows longer than a scratch region: the long-row passes
        { shape: [x.length], axis: 0 },
        { shape: [1, cap + 5, 3], axis: 1 }, // a strided axis longer than a scratch region, by columns
        { shape: [2, 500, 96], axis: 1 }, // fewer slabs than threads: blocks of columns
        { shape: [40, 50, 24], axis: 1 }, // slabs
      ];
      for (const { shape, axis } of shapes) {
        const m = shape.reduce((a, b) => a * b, 1);
        const xs = x.subarray(0, m);
        const ds = dy.subarray(0, m);
        for (const name of ['softmax', 'logSoftmax']) {
          const y = api[name]!(xs, { shape, axis }) as F;
          for (const where of ['ordinary', 'pool'] as Placement[]) {
            await check(pool, { name, args: [xs, { shape, axis }], arrays: [0], optionsAt: 1 }, where, `${name} ${JSON.stringify(shape)} axis ${axis} ${where}`);
            await check(pool, { name: `${name}Grad`, args: [y, ds, { shape, axis }], arrays: [0, 1], optionsAt: 2 }, where, `${name}Grad ${JSON.stringify(shape)} axis ${axis} ${where}`);
          }
        }
      }
      const slopes = new T([0.1, -0.2, 0.3, 0.25]);
      await check(pool, { name: 'prelu', args: [x.subarray(0, 4 * 9000), slopes, { shape: [9000, 4], axis: -1 }], arrays: [0, 1], optionsAt: 2 }, 'shared', 'prelu');
      await check(pool, { name: 'preluGrad', args: [x.subarray(0, 4 * 9000), dy.subarray(0, 4 * 9000), slopes, { shape: [9000, 4], axis: -1 }], arrays: [0, 1, 2], optionsAt: 3 }, 'ordinary', 'preluGrad');
    }
  });

  it('the workers run the relaxed-SIMD kernels exactly when the synchronous call would (setBackend\'s relaxedSimd, per call)', async () => {
    const pool = await createPool({ threads: 2, inlineBelow: 0, minPart: 8 });
    pools.push(pool);
    // Inputs where sigmoid's fused and unfused kernels differ (src/backends/relaxed.ts, FUSED_PROBE), repeated.
    const probe = [-19.91, -19.77, -19.73, -19.71, -19.67, -19.66, -19.65, -19.6];
    const x = new Float32Array(64).map((_, i) => probe[i % probe.length]!);
    const before = backendInfo().relaxedSimd;
    try {
      for (const relaxedSimd of [true, false]) {
        lib.setBackend('auto', { relaxedSimd });
        expectSameBits((await pool.sigmoid(x)) as F, lib.sigmoid(x) as F, `sigmoid, relaxedSimd ${relaxedSimd}`);
      }
      lib.setBackend('auto', { relaxedSimd: true });
      if (process.env.EXPECT_RELAXED_SIMD) {
        // The relaxed project: the side module is in use here, so it must be in the workers too.
        expect(backendInfo().relaxedSimd).toBe(true);
        expect(pool.info().relaxedSimd).toBe(true);
        const fused = (await pool.sigmoid(x)) as F;
        lib.setBackend('auto', { relaxedSimd: false });
        expect(firstDiff(fused, (await pool.sigmoid(x)) as F)).toBeGreaterThanOrEqual(0); // the fused bits differ
      }
    } finally {
      lib.setBackend('auto', { relaxedSimd: before });
    }
  });

  it('calls below inlineBelow run on the calling thread with the same results (and settle at once)', async () => {
    const pool = await createPool({ threads: 2 });
    pools.push(pool);
    expect(pool.info().inlineBelow).toBeGreaterThan(1000);
    const x = values(1000, false, rng(3));
    const p = pool.tanh(x);
    let settled = false;
    p.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(true); // no round trip to a worker
    expectSameBits(await p, lib.tanh(x), 'tanh inline');
  });
});

describe('pool: bad input', () => {
  let pool: Pool;
  beforeAll(async () => {
    pool = await createPool({ threads: 2, inlineBelow: 0 });
  });
  afterAll(() => pool.terminate());

  /** The error the synchronous call throws for these arguments. */
  function thrown(name: string, args: unknown[]): Error {
    try {
      api[name]!(...args);
    } catch (e) {
      return e as Error;
    }
    throw new Error(`${name} accepted ${String(args)}`);
  }

  const x = new Float32Array(100_000).fill(0.5);
  const BAD: [string, unknown[]][] = [
    ['sigmoid', [new Int32Array(4)]],
    ['sigmoid', [[1, 2, 3]]],
    ['sigmoid', [x, { out: new Float64Array(x.length) }]],
    ['sigmoid', [x, { out: new Float32Array(3) }]],
    ['sigmoid', [x, { out: x.subarray(1) }]],
    ['leakyRelu', [x, { alpha: NaN }]],
    ['leakyRelu', [x, { negative_slope: 0.1 }]],
    ['hardTanh', [x, { min: 2, max: 1 }]],
    ['gelu', [x, { approximate: 'erf' }]],
    ['sigmoidGrad', [x, new Float32Array(3)]],
    ['softmax', [x, { shape: [3, 3] }]],
    ['softmax', [x, { shape: [100, 1000], axis: 2 }]],
    ['softmaxGrad', [x, new Float64Array(x.length), { shape: [100_000] }]],
    ['prelu', [x, new Float32Array(7), { shape: [1000, 100] }]],
    ['preluGrad', [x, x, new Float64Array(1)]],
    ['relu', [x, 'options']],
  ];

  it('rejects with the synchronous call\'s error (same class, same message) and leaves the input unchanged', async () => {
    for (const [name, args] of BAD) {
      const want = thrown(name, args);
      const err = await ((pool as unknown as Record<string, Fn>)[name]!(...args) as Promise<unknown>).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, `${name}(${args.length} args)`).toBeInstanceOf(want.constructor);
      expect((err as Error).message).toBe(want.message);
    }
    expect(x.every((v) => v === 0.5)).toBe(true);
  });

  it('rejects before any worker is involved: even while every worker is busy with a long call', async () => {
    const big = new Float64Array(4_000_000).fill(-1.5);
    const long = pool.gelu(big, { out: big }); // seconds of work on both workers here
    let longDone = false;
    long.then(() => (longDone = true));
    for (const [name, args] of BAD) {
      await expect((pool as unknown as Record<string, Fn>)[name]!(...args)).rejects.toThrow();
    }
    expect(longDone).toBe(false);
    await long;
  });

  it('refuses a freed pool buffer (RangeError), and pool.allocate checks its arguments', async () => {
    const b = pool.allocate(100_000);
    const view = b.array;
    b.free();
    expect(() => b.array).toThrow(/after free/);
    await expect(pool.relu(view)).rejects.toThrow(RangeError);
    await expect(pool.relu(new Float32Array(100_000), { out: view })).rejects.toThrow(/freed pool memory/);
    expect(() => pool.allocate(-1)).toThrow(RangeError);
    expect(() => pool.allocate(10, Int32Array as unknown as Float32ArrayConstructor)).toThrow(TypeError);
  });

  it('createPool checks its options', async () => {
    await expect(createPool({ threads: 0 })).rejects.toThrow(RangeError);
    await expect(createPool({ threads: 1.5 })).rejects.toThrow(TypeError);
    await expect(createPool({ treads: 2 } as object)).rejects.toThrow(/unknown option "treads"/);
    await expect(createPool(null as unknown as object)).rejects.toThrow(TypeError);
  });
});

describe('pool: memory', () => {
  it('buffers allocated before and after the shared memory grows are read in place by every worker', async () => {
    const pool = await createPool({ threads: 2, inlineBelow: 0, minPart: 64, maxMemory: 256 * 2 ** 20 });
    try {
      const n = 1 << 20; // 4 MiB of f32 per buffer: the memory grows at most allocations
      const r = rng(11);
      const early = pool.allocate(n);
      const first = early.array;
      const x = values(n, false, r);
      first.set(x);
      const bufs = Array.from({ length: 12 }, () => pool.allocate(n));
      expect(early.array.buffer).not.toBe(first.buffer); // grown: a new, longer buffer
      expect(first.length).toBe(n); // the old view still sees its elements (a shared memory detaches nothing)
      for (const b of [early, ...bufs]) {
        if (b !== early) b.array.set(x);
        await pool.sigmoid(b.array, { out: b.array });
        expectSameBits(b.array, lib.sigmoid(x) as F, 'sigmoid after growth');
      }
      const late = pool.allocate(n);
      late.array.set(x);
      await pool.softmax(late.array, { shape: [1024, 1024], axis: 0, out: early.array });
      expectSameBits(early.array, lib.softmax(x, { shape: [1024, 1024], axis: 0 }) as F, 'softmax between two buffers');
      expect(() => pool.allocate(64 * n)).toThrow(/maxMemory/);
    } finally {
      await pool.terminate();
    }
  });

  it('ordinary arrays too large to stage in the pool\'s memory (maxMemory) go through a SharedArrayBuffer instead, with the same bits', async () => {
    const pool = await createPool({ threads: 2, inlineBelow: 0, maxMemory: 4 * 2 ** 20 });
    try {
      const x = values(3_000_000, false, rng(12)); // 12 MB: more than the whole memory may hold
      expectSameBits((await pool.sigmoid(x)) as F, lib.sigmoid(x) as F, 'sigmoid, staged outside the memory');
      const y = x.slice();
      await pool.softmax(y, { shape: [3000, 1000], axis: 0, out: y });
      expectSameBits(y, lib.softmax(x, { shape: [3000, 1000], axis: 0 }) as F, 'softmax in place, staged outside the memory');
    } finally {
      await pool.terminate();
    }
  });

  it('a buffer freed while a call uses it is not handed out again until that call has ended', async () => {
    const pool = await createPool({ threads: 2, inlineBelow: 0 });
    try {
      const a = pool.allocate(2_000_000, Float64Array);
      a.array.fill(-2);
      const at = a.array.byteOffset;
      const call = pool.gelu(a.array, { out: a.array });
      a.free();
      const b = pool.allocate(2_000_000, Float64Array); // must not be a's memory: the call still writes there
      expect(b.array.byteOffset).not.toBe(at);
      await call;
      const c = pool.allocate(2_000_000, Float64Array); // now it may
      expect(c.array.byteOffset).toBe(at);
      expect(c.array.every((v) => v === 0)).toBe(true); // zeroed
    } finally {
      await pool.terminate();
    }
  });
});

describe('pool: lifecycle and faults', () => {
  it('concurrent calls from several async tasks are all answered correctly', async () => {
    const pool = await createPool({ threads: 2, inlineBelow: 0, minPart: 500 });
    try {
      const r = rng(5);
      const jobs = Array.from({ length: 40 }, (_, i) => {
        const name = ['sigmoid', 'gelu', 'softmax', 'tanhGrad', 'logSoftmax'][i % 5]!;
        const x = values(2000 + i * 37, i % 2 === 1, r);
        const args = name === 'tanhGrad' ? [x, x] : name.includes('oftmax') ? [x, { shape: [1, x.length] }] : [x];
        return { name, args };
      });
      const got = await Promise.all(jobs.map((j) => (pool as unknown as Record<string, Fn>)[j.name]!(...j.args) as Promise<F>));
      jobs.forEach((j, i) => expectSameBits(got[i]!, api[j.name]!(...j.args) as F, `${j.name} #${i}`));
    } finally {
      await pool.terminate();
    }
  });

  it('terminate(): calls in flight and later calls reject clearly; terminate is idempotent; asyncDispose terminates', async () => {
    const pool = await createPool({ threads: 2, inlineBelow: 0 });
    const big = new Float64Array(3_000_000).fill(0.5);
    const inFlight = expect(pool.gelu(big)).rejects.toThrow(/terminated/);
    await pool.terminate();
    await inFlight;
    await expect(pool.sigmoid(new Float32Array(10))).rejects.toThrow(/terminated/);
    expect(() => pool.allocate(10)).toThrow(/terminated/);
    await pool.terminate();
    const other = await createPool({ threads: 1, inlineBelow: 0 });
    await other[Symbol.asyncDispose]();
    await expect(other.relu(new Float32Array(10))).rejects.toThrow(/terminated/);
  });

  it('a worker that dies rejects the call it was part of; the pool replaces it and keeps serving, with the same bits', async () => {
    const pool = await createPool({ threads: 2, inlineBelow: 0, minPart: 16 });
    const kill = (pool as unknown as Record<symbol, (slot: number, abrupt: boolean) => void>)[Symbol.for('wasm-activations/pool: kill a worker (tests)')]!;
    try {
      const x = values(200_000, false, rng(9));
      // The worker exits by itself (a crash) before it reaches the call's part.
      kill(0, false);
      await expect(pool.sigmoid(x)).rejects.toThrow(/worker 0 died/);
      expectSameBits((await pool.sigmoid(x)) as F, lib.sigmoid(x) as F, 'sigmoid after a worker died');
      // Ended abruptly while it holds its part of a long call (tens of ms of work: it cannot have finished).
      const big = new Float64Array(4_000_000).fill(-0.75);
      const call = pool.gelu(big);
      kill(1, true);
      await expect(call).rejects.toThrow(/worker 1 died/);
      const again = await Promise.all([pool.gelu(x), pool.softmax(x, { shape: [200, 1000] })]);
      expectSameBits(again[0] as F, lib.gelu(x) as F, 'gelu after');
      expectSameBits(again[1] as F, lib.softmax(x, { shape: [200, 1000] }) as F, 'softmax after');
      expect(pool.info().threads).toBe(2);
    } finally {
      await pool.terminate();
    }
  });

  it('Node exits by itself when a pool is left idle (its workers are unref\'d), after calls and with none', () => {
    const script = `
      import { createPool } from ${JSON.stringify(path.join(REPO, 'dist/pool.js'))};
      const pool = await createPool({ threads: 2, inlineBelow: 0 });
      const y = await pool.sigmoid(new Float32Array(100000).fill(1));
      await createPool({ threads: 1 });
      console.log('done', y[0].toFixed(4), pool.info().threads, pool.info().reason ?? '');
    `;
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(r.error, 'the process did not exit within 30 s').toBeUndefined();
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('done 0.7311 2');
    expect(r.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });
});
