// Zero-copy buffers: typed arrays that live in the wasm module's linear memory, so that any function
// runs on them with no copy in or out (`sigmoid(buf.array, { out: buf.array })`).
//
// Lifetime rules (the README repeats them):
// * `buf.array` is a fresh view each time memory has moved: read it again after any allocate(),
//   which may grow memory. A view kept across a grow is detached by the runtime; every function
//   refuses such a view with a TypeError instead of silently seeing an empty array.
// * `buf.free()` (or `using buf = allocate(…)`) returns the memory; afterwards `buf.array` throws, and
//   every function refuses views of the freed range with a RangeError (it may belong to a new buffer).
// Memory is handed out in 64-byte-aligned blocks (a cache line) by a first-fit free list above the
// module's static data and scratch region; freed neighbours coalesce.

import { wasmInstance } from './backend';
import type { WasmBackend } from './backends/wasm';
import { describe } from './errors';
import type { FloatArray } from './types';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;

// Symbol.dispose is declared by TypeScript's lib esnext.disposable (TS 5.2+); declaring it here keeps
// the published .d.ts compiling for users whose lib lacks it.
declare global {
  interface SymbolConstructor {
    readonly dispose: unique symbol;
  }
}
const ALIGN = 64;
const PAGE = 65536;

interface Block {
  start: number;
  size: number;
}

/** Old memory buffers detached by a grow: a view of one of them is a use after grow. */
const detached = new WeakSet<ArrayBufferLike>();
/** Live allocations, sorted by start. */
const live: Block[] = [];
/** Free blocks, sorted by start. */
const free: Block[] = [];
let heapEnd = 0;

function backend(): WasmBackend {
  const w = wasmInstance();
  if (!w) throw new Error('allocate: zero-copy buffers need the wasm backend, which this runtime cannot run');
  if (heapEnd === 0) heapEnd = Math.ceil(w.heapBase / ALIGN) * ALIGN;
  return w;
}

function take(bytes: number): number {
  const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
  const i = free.findIndex((b) => b.size >= size);
  if (i >= 0) {
    const b = free[i]!;
    const start = b.start;
    if (b.size === size) free.splice(i, 1);
    else {
      b.start += size;
      b.size -= size;
    }
    return insertLive({ start, size });
  }
  const mem = backend().memory;
  const start = heapEnd;
  const end = start + size;
  if (end > mem.buffer.byteLength) {
    const old = mem.buffer;
    mem.grow(Math.ceil((end - old.byteLength) / PAGE));
    detached.add(old);
  }
  heapEnd = end;
  return insertLive({ start, size });
}

function insertLive(b: Block): number {
  let i = live.length;
  while (i > 0 && live[i - 1]!.start > b.start) i--;
  live.splice(i, 0, b);
  return b.start;
}

function release(start: number): void {
  const i = live.findIndex((b) => b.start === start);
  const [b] = live.splice(i, 1);
  let j = free.findIndex((f) => f.start > b!.start);
  if (j < 0) j = free.length;
  free.splice(j, 0, { ...b! });
  // Coalesce with the following and the preceding free block.
  const cur = free[j]!;
  const next = free[j + 1];
  if (next && cur.start + cur.size === next.start) {
    cur.size += next.size;
    free.splice(j + 1, 1);
  }
  const prev = free[j - 1];
  if (prev && prev.start + prev.size === cur.start) {
    prev.size += cur.size;
    free.splice(j, 1);
  }
}

/** A typed array in the wasm module's memory. */
export class WasmBuffer<T extends FloatArray = FloatArray> {
  #ptr: number;
  #view: T | undefined;
  readonly length: number;
  readonly type: Ctor;

  /** @internal use allocate() */
  constructor(length: number, type: Ctor) {
    this.length = length;
    this.type = type;
    this.#ptr = take(length * type.BYTES_PER_ELEMENT);
  }

  /** The elements, as a view of the module's memory (re-made after memory grew; see the lifetime rules). */
  get array(): T {
    if (this.#ptr < 0) throw new Error('WasmBuffer used after free()');
    const buffer = backend().buffer();
    if (!this.#view || this.#view.buffer !== buffer) this.#view = new this.type(buffer, this.#ptr, this.length) as T;
    return this.#view;
  }

  /** Whether free() has been called. */
  get freed(): boolean {
    return this.#ptr < 0;
  }

  /** Return the memory; the buffer and its views must not be used afterwards. Idempotent. */
  free(): void {
    if (this.#ptr < 0) return;
    release(this.#ptr);
    this.#ptr = -1;
    this.#view = undefined;
  }

  [Symbol.dispose](): void {
    this.free();
  }
}

/**
 * Allocate `length` elements of `type` (Float32Array by default) in the wasm module's memory, zeroed.
 * Functions given `buf.array` (as x, out or dy) run on it directly, with no copy. Free it with
 * `buf.free()`, or declare it with `using`.
 */
export function allocate(length: number, type?: Float32ArrayConstructor): WasmBuffer<Float32Array>;
export function allocate(length: number, type: Float64ArrayConstructor): WasmBuffer<Float64Array>;
export function allocate(length: number, type: Ctor = Float32Array): WasmBuffer {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new RangeError(`allocate: length must be a non-negative integer, got ${describe(length)}`);
  }
  if (type !== Float32Array && type !== Float64Array) {
    throw new TypeError(`allocate: type must be Float32Array or Float64Array, got ${describe(type)}`);
  }
  const buf = new WasmBuffer(length, type);
  buf.array.fill(0);
  return buf;
}

/**
 * Throws if `a` is a view of wasm memory that is no longer valid: detached by a grow, or inside no
 * live allocation (freed). Called by every function on each array argument.
 */
export function checkWasmView(a: FloatArray, argument: string): void {
  // A view of a detached buffer has length 0, so only empty arrays need the WeakSet lookup.
  if (a.length === 0 && detached.has(a.buffer)) {
    throw new TypeError(`${argument} is a view of wasm memory detached when memory grew (by a later allocate()); read buf.array again`);
  }
  if (heapEnd === 0) return; // nothing was ever allocated
  const w = wasmInstance();
  if (!w || a.byteLength === 0 || !w.owns(a)) return;
  const lo = a.byteOffset;
  const hi = lo + a.byteLength;
  for (const b of live) if (lo >= b.start && hi <= b.start + b.size) return;
  throw new RangeError(`${argument} is a view of freed wasm memory (a WasmBuffer used after free())`);
}
