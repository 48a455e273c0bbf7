// Buffers in the pool's shared memory: every worker reads and writes them in place.
//
// The same first-fit free list of 64-byte blocks as the synchronous API's zero-copy buffers
// (src/free-list.ts), over another memory, with one addition that threads need: a block a call in
// flight uses is pinned, and free() returns it to the free list only when the last such call has
// settled, so a worker never writes into memory that has meanwhile been handed to another buffer.
//
// A shared memory that grows detaches nothing: its old buffers keep their old length and still alias
// the same memory, so an old view stays valid (it only cannot reach the new pages); `buf.array` is
// re-made over the memory's current buffer whenever that is a new one.

import { _pool } from '../index';
import { FreeList } from '../free-list';

type Ctor = Float32ArrayConstructor | Float64ArrayConstructor;
type FloatArray = Float32Array | Float64Array;

const PAGE = 65536;

interface Block {
  start: number;
  size: number;
  /** Calls in flight that use it. */
  pins: number;
  /** free() was called while pinned: released when the last pin goes. */
  freed: boolean;
  /** A staging copy of a call's ordinary array, not a user's buffer: no user view may claim it. */
  staging: boolean;
}

export class Heap {
  /** Every buffer of this memory that JS has seen: a view of any of them lives in the pool's memory. */
  readonly buffers = new WeakSet<ArrayBufferLike>();
  private readonly list: FreeList<Block>;

  constructor(
    readonly memory: WebAssembly.Memory,
    base: number,
  ) {
    this.list = new FreeList(base);
    this.buffer();
  }

  /** The memory's current buffer (noted, so that views of it are known to be the pool's). */
  buffer(): ArrayBufferLike {
    const b = this.memory.buffer;
    this.buffers.add(b);
    return b;
  }

  owns(a: FloatArray): boolean {
    return this.buffers.has(a.buffer);
  }

  take(bytes: number, staging = false): Block {
    const grow = (end: number) => {
      const have = this.memory.buffer.byteLength;
      if (end <= have) return;
      try {
        this.memory.grow(Math.ceil((end - have) / PAGE));
      } catch {
        throw new RangeError(`pool.allocate: the pool's memory cannot grow to ${end} bytes (its maximum is createPool's maxMemory option)`);
      }
      this.buffer();
    };
    return this.list.take(bytes, grow, (b) => ({ ...b, pins: 0, freed: false, staging }));
  }

  /** Returns the block to the free list, at once or when its last pin goes. */
  release(block: Block): void {
    block.freed = true;
    if (block.pins === 0) this.list.release(block);
  }

  /** The live buffer holding every byte of a (a view of this memory), or undefined if there is none. */
  blockOf(a: FloatArray): Block | undefined {
    const lo = a.byteOffset;
    const hi = lo + a.byteLength;
    for (const b of this.list.live) if (!b.freed && !b.staging && lo >= b.start && hi <= b.start + b.size) return b;
    return undefined;
  }

  pin(b: Block): void {
    b.pins++;
  }

  unpin(b: Block): void {
    if (--b.pins === 0 && b.freed) this.list.release(b);
  }
}

/** A typed array in the pool's memory (shared), or, for a pool over unshared memory, an ordinary one. */
export class PoolBuffer<T extends FloatArray = FloatArray> {
  #heap: Heap | undefined;
  #block: Block | undefined;
  #view: T | undefined;
  #freed = false;
  readonly length: number;
  readonly type: Ctor;

  /** @internal use pool.allocate() */
  constructor(length: number, type: Ctor, heap: Heap | undefined) {
    this.length = length;
    this.type = type;
    this.#heap = heap;
    if (heap) this.#block = heap.take(length * type.BYTES_PER_ELEMENT);
    else this.#view = new type(length) as T;
  }

  /** The elements: a view of the pool's memory, re-made when the memory has grown. */
  get array(): T {
    if (this.#freed) throw new Error('PoolBuffer used after free()');
    const heap = this.#heap;
    if (!heap) return this.#view!;
    const buffer = heap.memory.buffer;
    if (!this.#view || this.#view.buffer !== buffer) {
      heap.buffers.add(buffer);
      this.#view = new this.type(buffer, this.#block!.start, this.length) as T;
    }
    return this.#view;
  }

  get freed(): boolean {
    return this.#freed;
  }

  /** Return the memory (once no call in flight uses it); the buffer and its views must not be used afterwards. Idempotent. */
  free(): void {
    if (this.#freed) return;
    this.#freed = true;
    if (this.#heap) this.#heap.release(this.#block!);
    this.#view = undefined;
  }

  [Symbol.dispose](): void {
    this.free();
  }
}

export function checkAllocate(length: unknown, type: unknown): void {
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw new RangeError(`pool.allocate: length must be a non-negative integer, got ${_pool.describe(length)}`);
  }
  if (type !== Float32Array && type !== Float64Array) {
    throw new TypeError(`pool.allocate: type must be Float32Array or Float64Array, got ${_pool.describe(type)}`);
  }
}
