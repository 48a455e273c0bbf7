// Zero-copy buffers: typed arrays that live in the wasm module's linear memory, so that any function
// runs on them with no copy in or out (`sigmoid(buf.array, { out: buf.array })`).
//
// Lifetime rules (the README states them as users see them; test/buffers.test.ts checks each):
// * `buf.array` is a fresh view each time memory has moved: read it again after any allocate(),
//   which may grow memory. A view kept across a grow is detached by the runtime; every function
//   refuses such a view with a TypeError instead of silently seeing an empty array.
// * A view of wasm memory is accepted only if it is one that a live buffer handed out (`buf.array`,
//   `buf.subarray(…)`): each is registered with its allocation's record, which free() marks dead. A
//   stale view cannot be told from a new buffer's by its address once the region is reused, so the
//   registry decides, not the address; views made by the caller (`buf.array.subarray(…)`,
//   `new Float32Array(buf.array.buffer, …)`) are refused, since nothing could refuse them after free.
// * `buf.free()` (or `using buf = allocate(…)`) returns the memory; afterwards `buf.array` throws, and
//   every function refuses the views it handed out with a RangeError.
// Memory is handed out in 64-byte-aligned blocks (a cache line) by a first-fit free list above the
// module's static data and scratch region (free-list.ts, the pool's allocator too).

import { wasmInstance } from './backend';
import type { WasmBackend } from './backends/wasm';
import { describe } from './errors';
import { FreeList, type Block } from './free-list';
import { F32, F64, bufferOf } from './intrinsics';
import type { FloatArray } from './types';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

// Symbol.dispose is declared by TypeScript's lib esnext.disposable (TS 5.2+); declaring it here keeps
// the published .d.ts compiling for users whose lib lacks it.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}
const PAGE = 65536;

/** Old memory buffers detached by a grow: a view of one of them is a use after grow. */
const detached = new WeakSet<ArrayBufferLike>();
/** The module's heap, above its static data and scratch region (made with the backend). */
let heap: FreeList<Block> | undefined;

function backend(): WasmBackend {
  const w = wasmInstance();
  if (!w) throw new Error('allocate: zero-copy buffers need the wasm backend, which this runtime cannot run');
  heap ??= new FreeList(w.heapBase);
  return w;
}

/** Bytes a wasm32 memory can address: 65,536 pages of 64 KiB. */
const MAX_BYTES = 2 ** 32;

function take(bytes: number, length: number, type: string): Block {
  const mem = backend().memory;
  const list = heap!;
  return list.take(
    bytes,
    (end) => {
      if (end > MAX_BYTES) {
        throw new RangeError(`allocate: length ${length} (${type}, ${bytes} bytes) does not fit in wasm memory, which holds at most 4 GiB (${MAX_BYTES - list.top} bytes are left above the buffers in use)`);
      }
      if (end <= mem.buffer.byteLength) return;
      const old = mem.buffer;
      try {
        mem.grow(Math.ceil((end - old.byteLength) / PAGE));
      } catch (e) {
        throw new RangeError(`allocate: length ${length} (${type}, ${bytes} bytes): the runtime could not grow wasm memory to ${end} bytes (${(e as Error).message})`);
      }
      detached.add(old);
    },
    (b) => b,
  );
}

/** One allocation: its views are accepted while `live` holds; free() clears it, for good. */
interface Allocation {
  live: boolean;
}

/**
 * Every view a buffer handed out (`array`, `subarray`), with its allocation. A view absent from here,
 * or whose allocation was freed, is refused; a new allocation of the same region has a new record, so
 * reuse cannot revive an old view.
 */
const views = new WeakMap<object, Allocation>();

/** Proof that a WasmBuffer is made by allocate(): the constructor refuses anything else. */
const TOKEN = Symbol('allocate');

/** A typed array in the wasm module's memory. Made by allocate() only. */
export class WasmBuffer<T extends FloatArray = FloatArray> {
  #block: Block | undefined;
  #view: T | undefined;
  readonly #allocation: Allocation = { live: true };
  readonly length: number;
  readonly type: Ctor;

  /** @internal use allocate(); called otherwise, it throws a TypeError. */
  constructor(token: typeof TOKEN, length: number, type: Ctor) {
    if (token !== TOKEN) throw new TypeError('WasmBuffer cannot be constructed directly: use allocate(length, type)');
    this.length = length;
    this.type = type;
    this.#block = take(length * type.BYTES_PER_ELEMENT, length, type.name);
  }

  /** The elements, as a view of the module's memory (re-made after memory grew; see the lifetime rules). */
  get array(): T {
    const block = this.#block;
    if (!block) throw new Error('WasmBuffer used after free()');
    const buffer = backend().buffer();
    const v = this.#view;
    if (!v || bufferOf(v) !== buffer) this.#view = this.#register(new this.type(buffer, block.start, this.length) as T);
    return this.#view!;
  }

  /**
   * Elements [begin, end) as a view of the module's memory that functions accept as long as this
   * buffer is live (a view made with `buf.array.subarray()` is refused: see the lifetime rules).
   * begin and end are integers with 0 <= begin <= end <= length; end defaults to length.
   */
  subarray(begin: number, end: number = this.length): T {
    for (const [name, v] of [['begin', begin], ['end', end]] as const) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > this.length) {
        throw new RangeError(`WasmBuffer.subarray: ${name} must be an integer from 0 to ${this.length}, got ${describe(v)}`);
      }
    }
    if (begin > end) throw new RangeError(`WasmBuffer.subarray: begin (${begin}) must be <= end (${end})`);
    const whole = this.array; // throws after free
    const bpe = this.type.BYTES_PER_ELEMENT;
    return this.#register(new this.type(bufferOf(whole) as ArrayBuffer, this.#block!.start + begin * bpe, end - begin) as T);
  }

  #register(v: T): T {
    views.set(v, this.#allocation);
    return v;
  }

  /** Whether free() has been called. */
  get freed(): boolean {
    return this.#block === undefined;
  }

  /** Return the memory; the buffer and its views must not be used afterwards. Idempotent. */
  free(): void {
    if (!this.#block) return;
    this.#allocation.live = false;
    heap!.release(this.#block);
    this.#block = undefined;
    this.#view = undefined;
  }

  [Symbol.dispose](): void {
    this.free();
  }
}

/**
 * Allocate `length` elements of `type` (Float32Array by default) in the wasm module's memory, zeroed.
 * Functions given `buf.array` (as x, out, dy or slopes) run on it directly, with no copy. Free it with
 * `buf.free()`, or declare it with `using`. A length whose bytes do not fit in wasm memory (4 GiB at
 * most, less where the runtime refuses to grow it) is a RangeError.
 */
export function allocate(length: number, type?: Float32ArrayConstructor): WasmBuffer<Float32Array>;
export function allocate(length: number, type: Float64ArrayConstructor): WasmBuffer<Float64Array>;
export function allocate(length: number, type: Ctor = F32): WasmBuffer {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new RangeError(`allocate: length must be a non-negative integer, got ${describe(length)}`);
  }
  if (type !== F32 && type !== F64) {
    throw new TypeError(`allocate: type must be Float32Array or Float64Array, got ${describe(type)}`);
  }
  const buf = new WasmBuffer(TOKEN, length, type);
  buf.array.fill(0);
  return buf;
}

/**
 * Throws if `v` (an array argument whose buffer, read from its internal slot, is `buffer`) is a view
 * of the module's current memory that no live buffer handed out: a view of a freed buffer (even where
 * the region now belongs to another), or one the caller made. Called by every function on each array
 * argument, after the view was made (so a detached view never gets here).
 */
export function checkWasmView(v: unknown, buffer: ArrayBufferLike, argument: string): void {
  if (!heap) return; // nothing was ever allocated: no view of wasm memory was handed out
  if (buffer !== wasmInstance()?.buffer()) return;
  const allocation = views.get(v as object);
  if (allocation?.live) return;
  if (allocation) throw new RangeError(`${argument} is a view of freed wasm memory (a WasmBuffer used after free())`);
  throw new RangeError(
    `${argument} is a view of wasm memory that no live buffer handed out: pass buf.array or buf.subarray(begin, end) of a live buffer (views made with .subarray() or new Float32Array(buf.array.buffer, …) are refused, as are views of freed buffers)`,
  );
}

/** The error for a view whose buffer is detached, if a grow of wasm memory detached it. */
export function wasmDetachedError(buffer: ArrayBufferLike, argument: string): TypeError | undefined {
  if (!detached.has(buffer)) return undefined;
  return new TypeError(`${argument} is a view of wasm memory detached when memory grew (by a later allocate()); read buf.array again`);
}
