// Zero-copy buffers: typed arrays that live in the wasm module's linear memory, so that any function
// runs on them with no copy in or out (`f(buf.array, { out: buf.array })` for any function f).
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
import { detached, views, watchMemory, type Allocation } from './views';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

// Symbol.dispose is declared by TypeScript's lib esnext.disposable (TS 5.2+); declaring it here keeps
// the published .d.ts compiling for users whose lib lacks it.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}
const PAGE = 65536;

/** The module's heap, above its static data and scratch region (made with the backend). */
let heap: FreeList<Block> | undefined;

function backend(): WasmBackend {
  const w = wasmInstance();
  if (!w) throw new Error('allocate: zero-copy buffers need the wasm backend, which this runtime cannot run');
  if (!heap) {
    heap = new FreeList(w.heapBase);
    watchMemory(() => wasmInstance()?.buffer());
  }
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
