// A pool of workers over one shared WebAssembly.Memory, and the async API over it: every function of
// the registry, with the same arguments, options, errors and results as the synchronous one.
//
// A call is validated by the synchronous function itself (dispatch.ts hands the checked call over
// instead of running it), so a bad argument rejects with the same TypeError/RangeError before any
// worker is involved. Short calls then run right here, synchronously; the others are cut into parts
// (plan.ts) that the workers run with the calling thread's own code, so the bits are the same.
//
// Where the arrays live decides what is copied:
// * pool buffers (pool.allocate) are read and written in place by every worker;
// * arrays over any other SharedArrayBuffer are streamed by the workers themselves, in parallel,
//   through their scratch regions;
// * ordinary arrays live where no other thread can read them: this thread copies them into a shared
//   staging buffer (and the results back), one memcpy each way.
// Where memory cannot be shared (a page that is not crossOriginIsolated), the pool is one worker over
// its own memory, sent copies of the arrays: the calling thread stays free, no faster.

import * as sync from '../index';
import { _pool, backendInfo, ACTIVATIONS } from '../index';
import type { ChannelGradient, Elementwise, Gradient } from '../dispatch';
import type { Resolved } from '../dispatch';
import type { FloatArray, OutOption } from '../types';
import { checkAllocate, Heap, PoolBuffer } from './heap';
import { host, type Host, type Spawned } from './host';
import { plan } from './plan';
import type { FromWorker, Locator, Task } from './protocol';
import { sharedVariant } from './shared-module';

export { PoolBuffer };

/** The options of createPool. */
export interface PoolOptions {
  /**
   * Worker threads (1 to 256). Where memory cannot be shared between threads (see PoolInfo.reason),
   * the pool has one worker whatever this says.
   * @default the available cores: os.availableParallelism() in Node, navigator.hardwareConcurrency in browsers
   */
  threads?: number;
  /**
   * Calls on fewer elements than this run on the calling thread, synchronously, as the synchronous API
   * (a round trip to the workers costs more than they save). 0 sends every call to the workers.
   * @default 65536
   */
  inlineBelow?: number;
  /**
   * Each worker's part of a call is at least about this many elements (fewer parts than threads for
   * calls shorter than threads × minPart).
   * @default 32768
   */
  minPart?: number;
  /**
   * Bytes the shared memory may grow to (pool.allocate's buffers, the workers' scratch regions); a
   * shared memory is reserved at its maximum. Rounded up to 64 KiB pages; at most 4 GiB.
   * @default 1 GiB
   */
  maxMemory?: number;
}

/** What createPool got, as pool.info() reports it. */
export interface PoolInfo {
  /** Worker threads (0: every call runs on the calling thread; see reason). */
  readonly threads: number;
  /** Whether the workers share one memory with each other and with this thread. */
  readonly shared: boolean;
  /** Why there are fewer threads than asked, or no shared memory; absent when neither. */
  readonly reason?: string;
  /** Whether the workers have the relaxed-SIMD kernels, for calls the synchronous API would run on them. */
  readonly relaxedSimd: boolean;
  /** Calls on fewer elements run on the calling thread. */
  readonly inlineBelow: number;
  /** Bytes the shared memory may grow to (0 when not shared). */
  readonly maxMemory: number;
}

type Arity<F> = F extends (...a: infer A) => unknown ? Required<A>['length'] : never;
/** The promise-returning form of a synchronous activation function (never for any other export). */
export type Async<F> =
  Arity<F> extends 4
    ? F extends ChannelGradient<infer O>
      ? <T extends FloatArray>(x: T, dy: T, slopes: T, options?: O & OutOption<T>) => Promise<{ dx: T; dslopes: T }>
      : never
    : Arity<F> extends 3
      ? F extends Gradient<infer O>
        ? <T extends FloatArray>(x: T, second: T, options?: O & OutOption<T>) => Promise<T>
        : never
      : Arity<F> extends 2
        ? F extends Elementwise<infer O>
          ? <T extends FloatArray>(x: T, options?: O & OutOption<T>) => Promise<T>
          : never
        : never;

type Sync = typeof sync;
/** Every activation function of the package (and its derivative), returning a promise. */
export type PoolFunctions = { readonly [K in keyof Sync as Async<Sync[K]> extends never ? never : K]: Async<Sync[K]> };

export interface Pool extends PoolFunctions {
  /** What the pool got: threads, shared memory, and why not if not. */
  info(): PoolInfo;
  /**
   * `length` elements of `type` (Float32Array by default) in the pool's shared memory, zeroed: every
   * worker reads and writes them in place. Where the pool is not shared, an ordinary array (copied to
   * the worker at each call). Free with `buf.free()` or `using`.
   */
  allocate(length: number, type?: Float32ArrayConstructor): PoolBuffer<Float32Array>;
  allocate(length: number, type: Float64ArrayConstructor): PoolBuffer<Float64Array>;
  /** Ends the workers and frees the memory. Calls in flight and later calls reject. Idempotent. */
  terminate(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const asyncDispose: typeof Symbol.asyncDispose = (Symbol as { asyncDispose?: typeof Symbol.asyncDispose }).asyncDispose ?? (Symbol.for('Symbol.asyncDispose') as typeof Symbol.asyncDispose);

const PAGE = 65536;
/** How long createPool waits for its workers to start. */
const START_MS = 30_000;
const DEFAULTS = { inlineBelow: 65536, minPart: 32768, maxMemory: 2 ** 30 };

/** The public functions the pool offers: the registry's, their derivatives, and their other names (swish). */
function functions(): Map<string, (...args: unknown[]) => unknown> {
  const api = sync as unknown as Record<string, unknown>;
  const fns = new Set<unknown>();
  for (const spec of ACTIVATIONS) {
    fns.add(api[spec.name]);
    if (spec.grad) fns.add(api[`${spec.name}Grad`]);
  }
  const out = new Map<string, (...args: unknown[]) => unknown>();
  for (const [name, v] of Object.entries(api)) if (typeof v === 'function' && fns.has(v)) out.set(name, v as (...args: unknown[]) => unknown);
  return out;
}

function checkOptions(o: unknown): Required<PoolOptions> & { threadsGiven: boolean } {
  if (o !== undefined && (o === null || typeof o !== 'object' || Array.isArray(o))) {
    throw new TypeError(`createPool: options must be an object, got ${_pool.describe(o)}`);
  }
  const opts = (o ?? {}) as Record<string, unknown>;
  const known = ['threads', 'inlineBelow', 'minPart', 'maxMemory'];
  for (const k of Object.keys(opts)) if (!known.includes(k)) throw new TypeError(`createPool: unknown option ${JSON.stringify(k)} (its options: ${known.join(', ')})`);
  const int = (name: string, lo: number, hi: number, d: number) => {
    const v = opts[name];
    if (v === undefined) return d;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`createPool: options.${name} must be an integer, got ${_pool.describe(v)}`);
    if (v < lo || v > hi) throw new RangeError(`createPool: options.${name} must be between ${lo} and ${hi}, got ${v}`);
    return v;
  };
  return {
    threads: int('threads', 1, 256, 0),
    threadsGiven: opts.threads !== undefined,
    inlineBelow: int('inlineBelow', 0, 2 ** 53 - 1, DEFAULTS.inlineBelow),
    minPart: int('minPart', 1, 2 ** 53 - 1, DEFAULTS.minPart),
    maxMemory: int('maxMemory', PAGE, 2 ** 32, DEFAULTS.maxMemory),
  };
}

interface Waiting {
  resolve(m: Extract<FromWorker, { type: 'done' }>): void;
  reject(e: Error): void;
}

/** One worker slot: its scratch region survives the worker, which is replaced if it dies. */
class Thread {
  port: Spawned | undefined;
  readonly waiting = new Map<number, Waiting>();
  ready!: Promise<void>;
  /** Rejects `ready` (the pool ends while this worker starts: calls waiting for it go on and reject). */
  abandon: (e: Error) => void = () => {};
  /** Its worker has said ready (and, on the web, is watched for an end that fires no event): calls go to it. */
  up = false;
  /** Deaths in a row without reaching ready: a worker that cannot start is not restarted forever. */
  failures = 0;
  constructor(readonly slot: number, readonly scratch: number | undefined) {}
}

let nextId = 1;

class PoolImpl {
  private readonly threads: Thread[] = [];
  private terminated = false;
  private inFlight = 0;
  private turn = 0;
  private heap: Heap | undefined;
  private relaxed = false;
  private reason: string | undefined;
  private readonly shared: boolean;

  constructor(
    private readonly o: ReturnType<typeof checkOptions>,
    private readonly h: Host | undefined,
    private init: { modules: readonly WebAssembly.Module[]; relaxed?: readonly WebAssembly.Module[]; memory?: WebAssembly.Memory } | undefined,
  ) {
    this.shared = init?.memory !== undefined;
  }

  /** Starts `count` workers (scratch regions from `scratchAt`, SCRATCH_BYTES apart); resolves once all are ready. */
  async start(count: number, scratchAt: number | undefined, scratchBytes: number, why: string | undefined): Promise<void> {
    this.reason = why;
    for (let i = 0; i < count; i++) this.threads.push(new Thread(i, scratchAt === undefined ? undefined : scratchAt + i * scratchBytes));
    this.inFlight++; // createPool is waiting: the workers keep Node alive until they are ready
    for (const t of this.threads) this.spawn(t);
    // A worker that never answers (a runtime whose workers cannot reach this thread) must not leave
    // createPool pending for ever.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), START_MS)));
    const ready = await Promise.race([Promise.allSettled(this.threads.map((t) => t.ready)), late]);
    clearTimeout(timer);
    this.inFlight--;
    const failed = ready === 'late' ? `they did not answer within ${START_MS / 1000} s` : (ready.find((r) => r.status === 'rejected') as PromiseRejectedResult | undefined)?.reason?.message;
    if (failed !== undefined) {
      await this.end(new Error('pool: a worker failed to start'));
      this.threads.length = 0;
      this.terminated = false;
      this.reason = `workers could not start: ${failed}`;
      return;
    }
    this.idle();
  }

  get info(): PoolInfo {
    const threads = this.threads.length;
    return {
      threads,
      shared: threads > 0 && this.shared,
      ...(this.reason ? { reason: this.reason } : {}),
      relaxedSimd: threads > 0 && this.relaxed,
      inlineBelow: this.o.inlineBelow,
      maxMemory: threads > 0 && this.shared ? this.o.maxMemory : 0,
    };
  }

  private spawn(t: Thread): void {
    const h = this.h!;
    t.up = false;
    let onReady!: () => void;
    let onFail!: (e: Error) => void;
    t.ready = new Promise<void>((resolve, reject) => {
      onReady = resolve;
      onFail = reject;
    });
    t.ready.catch(() => {});
    t.abandon = onFail;
    let started = false;
    // The worker is gone (or given up on): its calls reject, and a new one takes the slot.
    const died = (why: string, startError = `the worker died: ${why}`) => {
      if (t.port !== port) return;
      clearTimeout(late);
      t.port = undefined;
      t.up = false;
      onFail(new Error(startError));
      const err = new Error(`wasm-activations pool: worker ${t.slot} died during this call (${why}); the pool has replaced it`);
      for (const w of t.waiting.values()) w.reject(err);
      t.waiting.clear();
      void port.terminate();
      if (this.terminated) return;
      if (!started && ++t.failures >= 3) return; // it cannot start: the slot stays empty
      this.spawn(t);
    };
    const port: Spawned = h.spawn(
      (m) => {
        if (m.type === 'ready') {
          started = true;
          clearTimeout(late);
          t.up = true;
          t.failures = 0;
          if (t.slot === 0) this.relaxed = m.relaxed;
          return onReady();
        }
        if (m.type === 'failed') return died(`it failed to start: ${m.message}`, m.message);
        const w = t.waiting.get(m.id);
        if (!w) return;
        t.waiting.delete(m.id);
        if (m.type === 'done') w.resolve(m);
        else w.reject(Object.assign(new Error(`pool worker: ${m.message}`), { name: m.name === 'Error' ? 'Error' : m.name }));
      },
      (why) => died(why),
    );
    // A worker that never says ready (one that ended before it could be watched, on the web) is
    // given up on, so that no call waits for it for ever.
    const late = setTimeout(() => died(`it did not say ready within ${START_MS / 1000} s`), START_MS);
    (late as { unref?(): void }).unref?.();
    t.port = port;
    const { modules, relaxed, memory } = this.init!;
    port.post({ type: 'init', modules, relaxed, memory, scratch: t.scratch });
    if (this.inFlight === 0) port.unref();
  }

  private busy(): void {
    if (this.inFlight++ === 0) for (const t of this.threads) t.port?.ref();
  }

  private idle(): void {
    if (this.inFlight === 0) for (const t of this.threads) t.port?.unref();
  }

  async end(err: Error): Promise<void> {
    this.terminated = true;
    const ports: Spawned[] = [];
    for (const t of this.threads) {
      t.abandon(err);
      for (const w of t.waiting.values()) w.reject(err);
      t.waiting.clear();
      if (t.port) ports.push(t.port);
      t.port = undefined;
    }
    await Promise.all(ports.map((p) => p.terminate()));
    this.h?.dispose();
    // The modules and the memory go with the pool (pool buffers still held keep the memory alive).
    this.init = undefined;
    this.heap = undefined;
  }

  async terminate(): Promise<void> {
    if (this.terminated) return;
    await this.end(new Error('wasm-activations pool: terminated while this call was running'));
  }

  /** Tests: ends worker `slot` as a crash would, at once if it is up, else once it is. */
  kill(slot: number, abrupt: boolean): Promise<void> {
    const t = this.threads[slot];
    const act = () => {
      if (abrupt) void t?.port?.terminate();
      else t?.port?.post({ type: 'die' });
    };
    if (!t || t.up) return Promise.resolve(act());
    return t.ready.then(act, () => {});
  }

  allocate(length: unknown, type: unknown = Float32Array): PoolBuffer {
    if (this.terminated) throw new Error('pool.allocate: the pool was terminated');
    checkAllocate(length, type);
    const buf = new PoolBuffer(length as number, type as Float32ArrayConstructor, this.heap);
    buf.array.fill(0);
    return buf;
  }

  /** The shared memory and its heap, once made (createPool). */
  useHeap(heap: Heap): void {
    this.heap = heap;
  }

  call(name: string, fn: (...args: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
    if (this.terminated) return Promise.reject(new Error(`pool.${name}: the pool was terminated`));
    let call: Resolved | undefined;
    let result: unknown;
    try {
      result = _pool.handOff(() => fn(...args), (c) => (call = c));
    } catch (e) {
      return Promise.reject(e);
    }
    if (!call) return Promise.resolve(result); // nothing to compute (an empty array)
    const c = call as Resolved;
    const backend = !c.wasm ? 'js' : backendInfo().relaxedSimd ? 'relaxed' : 'wasm';
    // Workers that are up: a replacement gets calls once it is ready (before, its end might go unseen on
    // the web). Where none is up but one is starting (the only worker died), the call waits for it
    // rather than block the calling thread.
    const live = this.threads.filter((t) => t.port && t.up);
    const inline = c.out.length < this.o.inlineBelow || (backend === 'relaxed' && !this.relaxed);
    const starting = this.threads.filter((t) => t.port && !t.up);
    if (live.length === 0 && !inline && starting.length > 0) {
      this.busy();
      const up = Promise.race(starting.map((t) => t.ready)).catch(() => {});
      return up.then(() => {
        if (--this.inFlight === 0) this.idle();
        return this.call(name, fn, args);
      });
    }
    if (live.length === 0 || inline) {
      try {
        return Promise.resolve(fn(...args));
      } catch (e) {
        return Promise.reject(e);
      }
    }
    let prepared: ReturnType<PoolImpl['prepare']>;
    try {
      prepared = this.prepare(c);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.run(c, result, backend, live, prepared);
  }

  /**
   * Where each array is for the workers. Ordinary arrays of a shared pool get a staging copy in the
   * pool's memory (or, past its maximum, in a SharedArrayBuffer), filled and emptied by run(). Throws
   * (before any worker runs) on a view of a freed pool buffer.
   */
  private prepare(c: Resolved) {
    const heap = this.heap;
    const pinned: NonNullable<ReturnType<Heap['blockOf']>>[] = [];
    const staged: Staged[] = [];
    const names = c.kind === 'axisBinary' ? ['y', 'dy'] : c.kind === 'prelu' ? ['x', 'slopes'] : c.kind === 'preluGrad' ? ['x', 'dy', 'slopes'] : ['x', 'dy'];
    const locate = (a: FloatArray, arg: string, input: boolean): Locator => {
      if (!heap) {
        // Unshared: copies go with the message (a view is sent as its own elements, not its whole buffer).
        if (!input) return { at: 'copy', array: new (a.constructor as new (n: number) => FloatArray)(a.length) };
        return { at: 'copy', array: a.byteOffset === 0 && a.byteLength === a.buffer.byteLength ? a : a.slice() };
      }
      if (heap.owns(a)) {
        const b = heap.blockOf(a);
        if (!b) throw new RangeError(`${arg} is a view of freed pool memory (a PoolBuffer used after free())`);
        heap.pin(b);
        pinned.push(b);
        return { at: 'mem', ptr: a.byteOffset, length: a.length };
      }
      if (Object.prototype.toString.call(a.buffer) === '[object SharedArrayBuffer]') {
        return { at: 'sab', buffer: a.buffer as SharedArrayBuffer, byteOffset: a.byteOffset, length: a.length };
      }
      const s = this.stage(a, input);
      staged.push(s);
      return s.locator;
    };
    const seen = new Map<FloatArray, Locator>();
    const inputs: Locator[] = [];
    try {
      // Views of freed pool buffers are refused before anything is staged (staging takes free blocks).
      if (heap) {
        [...c.inputs, c.out].forEach((a, i) => {
          if (heap.owns(a) && !heap.blockOf(a)) throw new RangeError(`${i === c.inputs.length ? 'options.out' : names[i]} is a view of freed pool memory (a PoolBuffer used after free())`);
        });
      }
      c.inputs.forEach((a, i) => {
        const l = seen.get(a) ?? locate(a, names[i]!, true);
        seen.set(a, l);
        inputs.push(l);
      });
      let out = seen.get(c.out);
      if (out) {
        // In place: an ordinary array staged as an input is also copied back.
        const s = staged.find((s) => s.array === c.out);
        if (s) s.back = s.inPlace = true;
      } else out = locate(c.out, 'options.out', false);
      // prelu's slopes are read whole by every part.
      if (c.kind === 'prelu' || c.kind === 'preluGrad') for (const s of staged) if (s.array === c.inputs[c.inputs.length - 1]) s.whole = true;
      return { inputs, out, pinned, staged };
    } catch (e) {
      for (const b of pinned) heap!.unpin(b);
      for (const s of staged) s.release();
      throw e;
    }
  }

  /** A staging copy of ordinary array a (in the pool's memory if it has room, else a SharedArrayBuffer). */
  private stage(a: FloatArray, input: boolean): Staged {
    const T = a.constructor as new (b: ArrayBufferLike, o: number, n: number) => FloatArray;
    const heap = this.heap!;
    let block: ReturnType<Heap['take']> | undefined;
    try {
      block = heap.take(a.byteLength, true);
    } catch {
      block = undefined; // past maxMemory: a SharedArrayBuffer outside it, which the workers stream through their scratch
    }
    if (block) {
      const b = block;
      return {
        array: a,
        view: new T(heap.buffer(), b.start, a.length),
        locator: { at: 'mem', ptr: b.start, length: a.length },
        read: input,
        back: !input,
        inPlace: false,
        whole: false,
        copied: false,
        release: () => heap.release(b),
      };
    }
    const sab = new SharedArrayBuffer(Math.max(a.byteLength, 8));
    return {
      array: a,
      view: new T(sab, 0, a.length),
      locator: { at: 'sab', buffer: sab, byteOffset: 0, length: a.length },
      read: input,
      back: !input,
      inPlace: false,
      whole: false,
      copied: false,
      release: () => {},
    };
  }

  /**
   * Runs the parts. The calling thread copies each ordinary input's elements of a part into its staging
   * copy just before posting that part (so the first workers start while it copies the rest), and a
   * part's output back as soon as that part is done; where every part reads whole arrays (columns of a
   * strided axis, prelu's slopes) they are copied once, first, and an in-place result is copied back
   * only once every part has succeeded, so that a failed call leaves the caller's input as it was.
   */
  private async run(c: Resolved, result: unknown, backend: Task['backend'], live: Thread[], p: ReturnType<PoolImpl['prepare']>): Promise<unknown> {
    const f64 = c.out.BYTES_PER_ELEMENT === 8;
    const threads = this.heap ? live.length : 1;
    const parts = plan(c.kind, c.out.length, threads, this.o.minPart, c.view, c.kind === 'prelu' ? c.inputs[1]!.length : 1, backend !== 'js');
    const ranged = parts.every((part) => !part.cols);
    this.busy();
    const first = this.turn++;
    const replies = parts.map((part, k) => {
      const t = live[(first + k) % live.length]!;
      for (const s of p.staged) {
        if (!s.read) continue;
        if (ranged && !s.whole) s.view.set(s.array.subarray(part.start, part.end), part.start);
        else if (!s.copied) {
          s.view.set(s.array);
          s.copied = true;
        }
      }
      const task: Task = {
        type: 'task',
        id: nextId++,
        kind: c.kind,
        kernel: c.kernel,
        f64,
        inputs: p.inputs,
        out: p.out,
        params: c.params,
        start: part.start,
        end: part.end,
        view: part.view,
        cols: part.cols,
        backend,
      };
      return new Promise<Extract<FromWorker, { type: 'done' }>>((resolve, reject) => {
        if (!t.port) return reject(new Error(`wasm-activations pool: worker ${t.slot} died before this call reached it`));
        t.waiting.set(task.id, {
          resolve: (m) => {
            if (ranged) for (const s of p.staged) if (s.back && !s.inPlace) s.array.set(s.view.subarray(part.start, part.end), part.start);
            resolve(m);
          },
          reject,
        });
        const transfer = p.out.at === 'copy' && p.out !== p.inputs[0] ? [p.out.array.buffer as ArrayBuffer] : [];
        t.port.post(task, transfer);
      });
    });
    const settled = await Promise.allSettled(replies);
    for (const b of p.pinned) this.heap!.unpin(b);
    if (--this.inFlight === 0) this.idle();
    const failed = settled.find((s) => s.status === 'rejected') as PromiseRejectedResult | undefined;
    try {
      if (failed) throw failed.reason;
      for (const s of p.staged) if (s.back && (s.inPlace || !ranged)) s.array.set(s.view);
      const done = (settled as PromiseFulfilledResult<Extract<FromWorker, { type: 'done' }>>[]).map((s) => s.value);
      if (p.out.at === 'copy') c.out.set(done[0]!.out!);
      if (c.kind === 'preluGrad') (result as { dslopes: FloatArray }).dslopes.set(done[0]!.acc!);
      return result;
    } finally {
      for (const s of p.staged) s.release();
    }
  }
}

/** A staging copy of an ordinary array, for a shared pool's workers. */
interface Staged {
  readonly array: FloatArray;
  /** The copy (a view made when staged: a shared memory's older buffers stay valid as it grows). */
  readonly view: FloatArray;
  readonly locator: Locator;
  /** An input: copied in. */
  read: boolean;
  /** The output (or an input computed in place): copied back. */
  back: boolean;
  inPlace: boolean;
  /** Read whole by every part (prelu's slopes): copied once, first. */
  whole: boolean;
  copied: boolean;
  release(): void;
}

/**
 * A pool of worker threads over one shared WebAssembly.Memory, with every activation function as an
 * async method: `await pool.sigmoid(x, { out })`. Resolves even where threads are impossible, to a
 * pool that says why in info() (one worker over unshared memory in a page that is not
 * crossOriginIsolated; none, every call on the calling thread, where the runtime has no workers).
 * Node: idle workers do not keep the process alive.
 */
export async function createPool(options?: PoolOptions): Promise<Pool> {
  const o = checkOptions(options);
  const made = await make(o);
  const pool = Object.create(null) as Record<string | symbol, unknown>;
  for (const [name, fn] of functions()) pool[name] = (...args: unknown[]) => made.call(name, fn, args);
  pool.info = () => made.info;
  pool.allocate = (length: unknown, type?: unknown) => made.allocate(length, type);
  pool.terminate = () => made.terminate();
  pool[asyncDispose] = () => made.terminate();
  // For the tests only: make worker `slot` die, by exiting itself (after what it is running) or abruptly
  // (once it is up; the promise settles when the order is given).
  Object.defineProperty(pool, Symbol.for('wasm-activations/pool: kill a worker (tests)'), { value: (slot: number, abrupt: boolean) => made.kill(slot, abrupt) });
  return Object.freeze(pool) as unknown as Pool;
}

async function make(o: ReturnType<typeof checkOptions>): Promise<PoolImpl> {
  if (!_pool.supported()) return inline(o, 'this runtime does not validate WebAssembly SIMD modules');
  const h = await host();
  if (typeof h === 'string') return inline(o, h);
  // The core module, then every activation's; the relaxed-SIMD core, then the relaxed-SIMD modules.
  const plainBytes = [_pool.bytes, ..._pool.modules.map((m) => m.bytes)];
  const sideBytes = _pool.relaxedSupported() ? [_pool.relaxedBytes, ..._pool.modules.flatMap((m) => (m.relaxed ? [m.relaxed] : []))] : undefined;
  const compile = (list: readonly Uint8Array[]) => Promise.all(list.map((b) => WebAssembly.compile(b as Uint8Array<ArrayBuffer>)));
  if (h.unshared) {
    const modules = await compile(plainBytes);
    const relaxed = sideBytes && (await compile(sideBytes));
    const pool = new PoolImpl(o, h, { modules, relaxed });
    await pool.start(1, undefined, 0, o.threadsGiven && o.threads > 1 ? `1 thread, not ${o.threads}: ${h.unshared}` : h.unshared);
    return pool;
  }
  const maxPages = Math.ceil(o.maxMemory / PAGE);
  const shared = plainBytes.map((b) => sharedVariant(b, maxPages));
  const modules = await compile(shared.map((v) => v.bytes));
  const relaxed = sideBytes && (await compile(sideBytes.map((b) => sharedVariant(b, maxPages).bytes)));
  const threads = o.threads || h.cores;
  // The module's own static data and scratch region, then one scratch region per thread, then buffers.
  const memory = new WebAssembly.Memory({ initial: Math.max(...shared.map((v) => v.minPages)), maximum: maxPages, shared: true });
  const main = await WebAssembly.instantiate(modules[0]!, { env: { memory } });
  const ex = main.exports as { heap_base(): number; SCRATCH_BYTES: WebAssembly.Global };
  const scratchBytes = ex.SCRATCH_BYTES.value as number;
  const scratchAt = Math.ceil(ex.heap_base() / 64) * 64;
  const heapAt = scratchAt + threads * scratchBytes;
  if (heapAt > maxPages * PAGE) return inline(o, `maxMemory ${o.maxMemory} holds no ${threads} scratch regions of ${scratchBytes} bytes`);
  const have = memory.buffer.byteLength;
  if (heapAt > have) memory.grow(Math.ceil((heapAt - have) / PAGE));
  const pool = new PoolImpl(o, h, { modules, relaxed, memory });
  pool.useHeap(new Heap(memory, heapAt));
  await pool.start(threads, scratchAt, scratchBytes, undefined);
  return pool;
}

/** A pool without workers: every call runs on the calling thread. */
async function inline(o: ReturnType<typeof checkOptions>, reason: string): Promise<PoolImpl> {
  const pool = new PoolImpl(o, undefined, undefined);
  await pool.start(0, undefined, 0, reason);
  return pool;
}
