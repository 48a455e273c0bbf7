// Which views of wasm memory a function accepts (the lifetime rules of buffers.ts): a leaf module, so
// that validation needs nothing of the backend or the allocator. buffers.ts registers what it hands
// out and the buffers a grow detached; validate.ts asks.

/** One allocation: its views are accepted while `live` holds; free() clears it, for good. */
export interface Allocation {
  live: boolean;
}

/**
 * Every view a buffer handed out (`array`, `subarray`), with its allocation. A view absent from here,
 * or whose allocation was freed, is refused; a new allocation of the same region has a new record, so
 * reuse cannot revive an old view.
 */
export const views = new WeakMap<object, Allocation>();

/** Old memory buffers detached by a grow: a view of one of them is a use after grow. */
export const detached = new WeakSet<ArrayBufferLike>();

/** The module memory's current buffer, set by buffers.ts when it first allocates (before, no view of wasm memory was handed out). */
let memoryBuffer: (() => ArrayBufferLike | undefined) | undefined;

export function watchMemory(current: () => ArrayBufferLike | undefined): void {
  memoryBuffer = current;
}

/**
 * Throws if `v` (an array argument whose buffer, read from its internal slot, is `buffer`) is a view
 * of the module's current memory that no live buffer handed out: a view of a freed buffer (even where
 * the region now belongs to another), or one the caller made. Called by every function on each array
 * argument, after the view was made (so a detached view never gets here).
 */
export function checkWasmView(v: unknown, buffer: ArrayBufferLike, argument: string): void {
  if (memoryBuffer === undefined) return; // nothing was ever allocated: no view of wasm memory was handed out
  if (buffer !== memoryBuffer()) return;
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
