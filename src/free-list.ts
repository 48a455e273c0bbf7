// The allocator of both kinds of buffer in a wasm memory: the synchronous API's zero-copy buffers
// (buffers.ts, in the module's own memory) and the pool's (pool/heap.ts, in its shared memory).
// A first-fit free list of 64-byte-aligned blocks (a cache line) above a base address; freed
// neighbours coalesce, and a free block at the top returns to the top, so that a large request after
// freeing the top blocks starts there instead of above it (memory then grows only by what it lacks).
// How memory grows, and what a failure to grow says, is the caller's.

export const ALIGN = 64;

export interface Block {
  start: number;
  size: number;
}

export class FreeList<B extends Block> {
  /** Blocks in use, sorted by start. */
  readonly live: B[] = [];
  /** Free blocks, sorted by start. */
  private readonly free: Block[] = [];
  /** The first byte above every block, in use or free. */
  private end: number;

  constructor(base: number) {
    this.end = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** The top: where a request that no free block fits starts. */
  get top(): number {
    return this.end;
  }

  /**
   * A block of at least `bytes` (one ALIGN at least), first fit, else from the top, after
   * `grow(end)` made the memory reach `end` (it throws to refuse). `make` adds the caller's fields.
   */
  take(bytes: number, grow: (end: number) => void, make: (b: Block) => B): B {
    const size = Math.max(ALIGN, Math.ceil(bytes / ALIGN) * ALIGN);
    const i = this.free.findIndex((b) => b.size >= size);
    let start: number;
    if (i >= 0) {
      const b = this.free[i]!;
      start = b.start;
      if (b.size === size) this.free.splice(i, 1);
      else {
        b.start += size;
        b.size -= size;
      }
    } else {
      start = this.end;
      grow(start + size);
      this.end = start + size;
    }
    const block = make({ start, size });
    let j = this.live.length;
    while (j > 0 && this.live[j - 1]!.start > start) j--;
    this.live.splice(j, 0, block);
    return block;
  }

  /** Returns a block in use to the free list. */
  release(block: B): void {
    const i = this.live.indexOf(block);
    if (i < 0) return;
    this.live.splice(i, 1);
    const free = this.free;
    let j = free.findIndex((f) => f.start > block.start);
    if (j < 0) j = free.length;
    free.splice(j, 0, { start: block.start, size: block.size });
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
    const last = free[free.length - 1]!;
    if (last.start + last.size === this.end) {
      this.end = last.start;
      free.pop();
    }
  }
}
