// The SIMD WebAssembly backend's transport: streaming of the caller's arrays through the
// module's fixed scratch region (assembly/memory.ts), so that inputs of any length run in bounded
// memory. Views of the module's memory are re-made whenever memory has grown (a grow detaches the old
// buffer; see WasmBackend.buffer()) and never kept across a call that may grow memory.

import type { AxisView, FloatArray } from '../types';

/** A wasm export: pointers into linear memory, lengths and parameters in, a number (or nothing) out. */
export type Kernel = (...args: number[]) => number;

/**
 * What WasmBackend.axis runs for one axis function and element type: its kernel of contiguous rows,
 * its kernel down strided columns, and its passes over one line longer than the scratch region (the
 * family's host code: src/ops/).
 */
export interface AxisKernels {
  readonly rows: Kernel;
  readonly cols: Kernel;
  long(w: WasmBackend, ins: readonly FloatArray[], out: FloatArray): void;
}
interface Exports {
  readonly memory: WebAssembly.Memory;
  scratch(): number;
  heap_base(): number;
  readonly SCRATCH_BYTES: WebAssembly.Global;
  readonly [kernel: string]: unknown;
}

/**
 * Elements per chunk for elementwise kernels: 16 KiB per operand. Chunks of 4–16 KiB measured best
 * here (the copies in and out stay in L1/L2 beside the compute); 1 MiB chunks were slower.
 */
export const CHUNK_BYTES = 16 * 1024;


export class WasmBackend {
  readonly name = 'wasm' as const;
  private readonly ex: Exports;
  /** Byte address of this backend's scratch region, and its length in bytes. */
  readonly scratch: number;
  readonly scratchBytes: number;
  /** Kernels by stem, per element type: resolved once, not by building export names at every call. */
  private readonly kernels: { readonly f32: Record<string, Kernel>; readonly f64: Record<string, Kernel> };
  /** The memory's buffer when last read, and views of it (see buffer()). */
  private viewsOf: ArrayBuffer | undefined;
  private view32 = new Float32Array(0);
  private view64 = new Float64Array(0);

  /**
   * `core`: the core module's instance (the memory, its scratch region, the madd probe); kernels join
   * with add() as their modules load. `scratch`: the byte address of this backend's scratch region
   * (SCRATCH_BYTES long), if not the module's own: each thread of a pool over one shared memory
   * streams through a region of its own.
   */
  constructor(core: WebAssembly.Instance, scratch?: number) {
    this.ex = core.exports as unknown as Exports;
    this.scratch = scratch ?? this.ex.scratch();
    this.scratchBytes = this.ex.SCRATCH_BYTES.value as number;
    this.kernels = { f32: Object.create(null), f64: Object.create(null) };
    this.add(core.exports);
  }

  /** Adds a module's kernels (over this memory), in place of any of the same name. */
  add(exports: WebAssembly.Exports): void {
    for (const [name, v] of Object.entries(exports)) {
      if (typeof v !== 'function') continue;
      if (name.endsWith('_f32')) this.kernels.f32[name.slice(0, -4)] = v as Kernel;
      if (name.endsWith('_f64')) this.kernels.f64[name.slice(0, -4)] = v as Kernel;
    }
  }

  get memory(): WebAssembly.Memory {
    return this.ex.memory;
  }

  /** First byte after the module's static data and scratch region: where zero-copy buffers start. */
  get heapBase(): number {
    return this.ex.heap_base();
  }

  /**
   * Whether this module's f32 multiply-adds are fused (one rounding) on this engine: the probe returns
   * −2^−46 fused, 0 as a product then a sum (assembly/math/madd.ts). Always false for the plain core
   * module, whose kernels use no multiply-add.
   */
  maddFused(): boolean {
    const probe = this.kernels.f32.madd_probe;
    return probe !== undefined && probe(1 + 2 ** -23, 1 - 2 ** -23, -1) !== 0;
  }

  /** The kernel `<stem>_<f32|f64>` for x's type, if this module has one. */
  kernel(stem: string, x: FloatArray): Kernel | undefined {
    return (x.BYTES_PER_ELEMENT === 4 ? this.kernels.f32 : this.kernels.f64)[stem];
  }

  /**
   * The memory's current ArrayBuffer. Reading `memory.buffer` is a call into the runtime (~25 ns in
   * V8), so it is kept; a grow (ours in buffers.ts, or any other) detaches the kept buffer, whose
   * byteLength then reads 0, and the next use fetches the new one. Linear memory never shrinks to 0
   * bytes (the scratch region lives in it), so a 0 byteLength always means detached.
   */
  buffer(): ArrayBuffer {
    const b = this.viewsOf;
    if (b !== undefined && b.byteLength !== 0) return b;
    const buffer = this.ex.memory.buffer;
    this.viewsOf = buffer;
    this.view32 = new Float32Array(buffer);
    this.view64 = new Float64Array(buffer);
    return buffer;
  }

  /**
   * Forgets the kept buffer. A shared memory that grows detaches nothing (its old buffer keeps its old
   * length), so a thread over one calls this when the memory's buffer is a new one.
   */
  refresh(): void {
    this.viewsOf = undefined;
  }

  /**
   * A view of linear memory of x's type, re-made whenever memory has grown (see buffer()), so no view
   * is ever used after a grow. Nothing between this call and the copies it serves can grow memory.
   */
  heap(x: FloatArray): FloatArray {
    this.buffer();
    return x.BYTES_PER_ELEMENT === 4 ? this.view32 : this.view64;
  }

  /** Whether an array already lives in this module's memory (a zero-copy buffer). */
  owns(a: FloatArray): boolean {
    return a.buffer === this.buffer();
  }

  /**
   * Byte address of a's element i for a kernel to read: in `a` itself when it lives in linear memory
   * (`own`: a zero-copy buffer, read in place), else the scratch slot at byte `slot`, into which a's
   * elements [i, i + m) are copied first. Every streaming path below goes through this and output(),
   * so any mix of zero-copy buffers and ordinary arrays copies only the ordinary ones.
   */
  input(heap: FloatArray, a: FloatArray, own: boolean, i: number, m: number, slot: number): number {
    if (own) return a.byteOffset + i * a.BYTES_PER_ELEMENT;
    copyIn(heap, slot / a.BYTES_PER_ELEMENT, a, i, m);
    return slot;
  }

  /** Byte address where a kernel writes out's element i: in place for a zero-copy buffer, else `slot` (then flush()). */
  output(out: FloatArray, own: boolean, i: number, slot: number): number {
    return own ? out.byteOffset + i * out.BYTES_PER_ELEMENT : slot;
  }

  /** Copies out's elements [i, i + m) from the scratch slot a kernel wrote them to, unless written in place. */
  flush(heap: FloatArray, out: FloatArray, own: boolean, i: number, m: number, slot: number): void {
    if (!own) copyOut(heap, slot / out.BYTES_PER_ELEMENT, out, i, m);
  }

  elementwise(fn: Kernel, x: FloatArray, out: FloatArray, params: readonly number[]): void {
    const n = x.length;
    const p0 = params[0] ?? 0;
    const p1 = params[1] ?? 0;
    const xo = this.owns(x);
    const oo = this.owns(out);
    if (xo && oo) {
      fn(x.byteOffset, out.byteOffset, n, p0, p1);
      return;
    }
    const chunk = CHUNK_BYTES / x.BYTES_PER_ELEMENT;
    const s = this.scratch;
    const heap = this.heap(x);
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      fn(this.input(heap, x, xo, i, m, s), this.output(out, oo, i, s), m, p0, p1);
      this.flush(heap, out, oo, i, m, s);
    }
  }

  /** Derivative kernels fn(a, b, dst, n, ...params): a and b stream through two halves of a chunk. */
  binary(fn: Kernel, a: FloatArray, b: FloatArray, out: FloatArray, params: readonly number[]): void {
    const n = a.length;
    const p0 = params[0] ?? 0;
    const p1 = params[1] ?? 0;
    const ao = this.owns(a);
    const bo = this.owns(b);
    const oo = this.owns(out);
    if (ao && bo && oo) {
      fn(a.byteOffset, b.byteOffset, out.byteOffset, n, p0, p1);
      return;
    }
    const chunk = CHUNK_BYTES / a.BYTES_PER_ELEMENT;
    const s = this.scratch;
    const sb = s + CHUNK_BYTES;
    const heap = this.heap(a);
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      fn(this.input(heap, a, ao, i, m, s), this.input(heap, b, bo, i, m, sb), this.output(out, oo, i, s), m, p0, p1);
      this.flush(heap, out, oo, i, m, s);
    }
  }

  /**
   * The one layout walker of the axis functions (the forward with one input, their
   * derivatives with two: y and dy), for an array seen as outer × len × inner along its axis:
   * - contiguous rows (inner = 1): `k.rows(...inputs, dst, rows, len)`, as many rows per call as fit
   *   the scratch region's share of each input (the whole region for one input, a half for two);
   * - a strided axis: `k.cols(...inputs, dst, len, cols, ld)` down `cols` columns `ld` elements apart,
   *   in place on zero-copy buffers, by whole slabs where they fit, else on blocks of len × cols
   *   gathered into scratch;
   * - a line longer than an input's share of scratch: `k.long(w, inputs, out)`, the family's passes
   *   over one contiguous line (a strided one is copied to a contiguous array first).
   * dst is out where every array is a zero-copy buffer, else the first input's scratch slot.
   */
  axis(k: AxisKernels, ins: readonly FloatArray[], out: FloatArray, { outer, len, inner }: AxisView): void {
    const a = ins[0]!;
    const b = ins[1];
    const bpe = a.BYTES_PER_ELEMENT;
    const part = b === undefined ? this.scratchBytes : this.scratchBytes / 2;
    const cap = part / bpe; // elements each input's share of scratch holds
    const sa = this.scratch;
    const sb = sa + part;
    const heap = this.heap(a);
    if (len === 0 || outer === 0 || inner === 0) return;
    const ao = this.owns(a);
    const bo = b !== undefined && this.owns(b);
    const oo = this.owns(out);
    const own = ao && oo && (b === undefined || bo);
    if (inner === 1) {
      if (len > cap) {
        for (let r = 0; r < outer; r++) {
          const [i, j] = [r * len, (r + 1) * len];
          k.long(this, b === undefined ? [a.subarray(i, j)] : [a.subarray(i, j), b.subarray(i, j)], out.subarray(i, j));
        }
        return;
      }
      if (own) {
        // Zero-copy buffers: the rows kernels read and write anywhere in memory.
        if (b === undefined) k.rows(a.byteOffset, out.byteOffset, outer, len);
        else k.rows(a.byteOffset, b.byteOffset, out.byteOffset, outer, len);
        return;
      }
      const rows = Math.floor(cap / len);
      for (let r = 0; r < outer; r += rows) {
        const m = Math.min(rows, outer - r) * len;
        const pa = this.input(heap, a, ao, r * len, m, sa);
        if (b === undefined) k.rows(pa, this.output(out, oo, r * len, sa), m / len, len);
        else k.rows(pa, this.input(heap, b, bo, r * len, m, sb), this.output(out, oo, r * len, sa), m / len, len);
        this.flush(heap, out, oo, r * len, m, sa);
      }
      return;
    }
    const slab = len * inner; // the elements of one outer index: contiguous
    if (len <= cap) {
      if (own) {
        // Zero-copy buffers: down the columns in place.
        for (let o = 0; o < outer; o++) {
          const d = o * slab * bpe;
          if (b === undefined) k.cols(a.byteOffset + d, out.byteOffset + d, len, inner, inner);
          else k.cols(a.byteOffset + d, b.byteOffset + d, out.byteOffset + d, len, inner, inner);
        }
        return;
      }
      if (slab <= cap) {
        // Whole slabs in one copy each way (several per copy when they fit), not a copy per row.
        const per = Math.floor(cap / slab);
        for (let o = 0; o < outer; o += per) {
          const m = Math.min(per, outer - o) * slab;
          const pa = this.input(heap, a, ao, o * slab, m, sa);
          const pb = b === undefined ? 0 : this.input(heap, b, bo, o * slab, m, sb);
          const q = this.output(out, oo, o * slab, sa);
          for (let j = 0; j < m; j += slab) {
            if (b === undefined) k.cols(pa + j * bpe, q + j * bpe, len, inner, inner);
            else k.cols(pa + j * bpe, pb + j * bpe, q + j * bpe, len, inner, inner);
          }
          this.flush(heap, out, oo, o * slab, m, sa);
        }
        return;
      }
    }
    // Otherwise gather blocks of len × cols (cols contiguous elements of each of the len rows).
    const cols = Math.min(inner, Math.floor(cap / len));
    const [at, bt] = [sa / bpe, sb / bpe];
    if (cols >= 1) {
      for (let o = 0; o < outer; o++) {
        for (let c = 0; c < inner; c += cols) {
          const w = Math.min(cols, inner - c);
          const base = o * slab + c;
          for (let r = 0; r < len; r++) {
            copyIn(heap, at + r * w, a, base + r * inner, w);
            if (b !== undefined) copyIn(heap, bt + r * w, b, base + r * inner, w);
          }
          if (b === undefined) k.cols(sa, sa, len, w, w);
          else k.cols(sa, sb, sa, len, w, w);
          for (let r = 0; r < len; r++) copyOut(heap, at + r * w, out, base + r * inner, w);
        }
      }
      return;
    }
    // A strided axis longer than an input's share of scratch: one column at a time through contiguous copies.
    const Ctor = a.constructor as { new (n: number): FloatArray };
    const lines = ins.map(() => new Ctor(len));
    const res = new Ctor(len);
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * slab + c;
        for (let i = 0; i < ins.length; i++) {
          const [line, src] = [lines[i]!, ins[i]!];
          for (let r = 0; r < len; r++) line[r] = src[base + r * inner]!;
        }
        k.long(this, lines, res);
        for (let r = 0; r < len; r++) out[base + r * inner] = res[r]!;
      }
    }
  }
}

/**
 * Copies between a caller's array and linear memory, bit for bit. Below SMALL elements a plain loop
 * beats creating a subarray view for TypedArray.prototype.set (~50 ns of fixed cost per view), but an
 * element read into a JS number may lose a NaN's bits (V8 quietens a signalling NaN when it widens an
 * f32 to a double, in some tiers and not others), so the loop stops at the first NaN and the copy is
 * redone by set(), which moves bytes. Every other value round-trips exactly.
 */
const SMALL = 32;
export function copyIn(heap: FloatArray, at: number, src: FloatArray, from: number, m: number): void {
  if (m <= SMALL && copyLoop(heap, at, src, from, m)) return;
  heap.set(from === 0 && m === src.length ? src : src.subarray(from, from + m), at);
}
export function copyOut(heap: FloatArray, at: number, dst: FloatArray, from: number, m: number): void {
  if (m <= SMALL && copyLoop(dst, from, heap, at, m)) return;
  dst.set(region(heap, at, m), from);
}
/** dst[at + k] = src[from + k] for k < m, unless an element is NaN: false then (and dst partly written). */
function copyLoop(dst: FloatArray, at: number, src: FloatArray, from: number, m: number): boolean {
  for (let k = 0; k < m; k++) {
    const v = src[from + k]!;
    if (v !== v) return false;
    dst[at + k] = v;
  }
  return true;
}

/**
 * heap.subarray(at, at + m), kept for the next call with the same region (a loop of calls on arrays of
 * one length, and every full chunk of a long array, reuse it). Keyed on the heap view itself, which is
 * re-made after a grow, so a view of a detached buffer is never returned.
 */
let lastHeap: FloatArray | undefined;
let lastAt = -1;
let lastRegion: FloatArray | undefined;
function region(heap: FloatArray, at: number, m: number): FloatArray {
  if (heap !== lastHeap || at !== lastAt || lastRegion!.length !== m) {
    lastHeap = heap;
    lastAt = at;
    lastRegion = heap.subarray(at, at + m);
  }
  return lastRegion!;
}
