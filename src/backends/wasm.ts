// The SIMD WebAssembly backend: instantiation, and streaming of the caller's arrays through the
// module's fixed scratch region (assembly/memory.ts), so that inputs of any length run in bounded
// memory. Views of the module's memory are re-made whenever memory has grown (a grow detaches the old
// buffer; see WasmBackend.buffer()) and never kept across a call that may grow memory.

import wasmBytes from '../../build/activations.wasm';
import type { AxisView } from '../validate';
import type { FloatArray } from '../types';

type Kernel = (...args: number[]) => number;
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
const CHUNK_BYTES = 16 * 1024;

/** The compiled module's bytes: also what feature detection validates (it uses SIMD throughout). */
export const bytes: Uint8Array<ArrayBuffer> = wasmBytes;

export class WasmBackend {
  readonly name = 'wasm' as const;
  private readonly ex: Exports;
  private readonly scratch: number;
  private readonly scratchBytes: number;
  /** Kernels by stem, per element type: resolved once, not by building export names at every call. */
  private readonly kernels: { readonly f32: Record<string, Kernel>; readonly f64: Record<string, Kernel> };
  /** The `<stem>_rows` kernels by stem: a name built at every call costs a string hash per lookup. */
  private readonly rowKernels: { readonly f32: Record<string, Kernel>; readonly f64: Record<string, Kernel> };
  /** The memory's buffer when last read, and views of it (see buffer()). */
  private viewsOf: ArrayBuffer | undefined;
  private view32 = new Float32Array(0);
  private view64 = new Float64Array(0);

  /**
   * `scratch`: the byte address of this backend's scratch region (SCRATCH_BYTES long), if not the
   * module's own: each thread of a pool over one shared memory streams through a region of its own.
   */
  constructor(instance: WebAssembly.Instance, scratch?: number) {
    this.ex = instance.exports as unknown as Exports;
    this.scratch = scratch ?? this.ex.scratch();
    this.scratchBytes = this.ex.SCRATCH_BYTES.value as number;
    const f32: Record<string, Kernel> = Object.create(null);
    const f64: Record<string, Kernel> = Object.create(null);
    for (const [name, v] of Object.entries(instance.exports)) {
      if (typeof v !== 'function') continue;
      if (name.endsWith('_f32')) f32[name.slice(0, -4)] = v as Kernel;
      if (name.endsWith('_f64')) f64[name.slice(0, -4)] = v as Kernel;
    }
    this.kernels = { f32, f64 };
    const rows = (all: Record<string, Kernel>) => {
      const r: Record<string, Kernel> = Object.create(null);
      for (const name of Object.keys(all)) if (name.endsWith('_rows')) r[name.slice(0, -5)] = all[name]!;
      return r;
    };
    this.rowKernels = { f32: rows(f32), f64: rows(f64) };
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
   * −2^−46 fused, 0 as a product then a sum (assembly/math/madd.ts). Always false for the main module,
   * whose kernels use no multiply-add.
   */
  maddFused(): boolean {
    const probe = this.kernels.f32.madd_probe;
    return probe !== undefined && probe(1 + 2 ** -23, 1 - 2 ** -23, -1) !== 0;
  }

  /** The kernel `<stem>_<f32|f64>` for x's type, if this module has one. */
  kernel(stem: string, x: FloatArray): Kernel | undefined {
    return (x.BYTES_PER_ELEMENT === 4 ? this.kernels.f32 : this.kernels.f64)[stem];
  }

  /** The kernel `<stem>_rows_<f32|f64>` (axis functions) for x's type, if this module has one. */
  rowsKernel(stem: string, x: FloatArray): Kernel | undefined {
    return (x.BYTES_PER_ELEMENT === 4 ? this.rowKernels.f32 : this.rowKernels.f64)[stem];
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
  private heap(x: FloatArray): FloatArray {
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
  private input(heap: FloatArray, a: FloatArray, own: boolean, i: number, m: number, slot: number): number {
    if (own) return a.byteOffset + i * a.BYTES_PER_ELEMENT;
    copyIn(heap, slot / a.BYTES_PER_ELEMENT, a, i, m);
    return slot;
  }

  /** Byte address where a kernel writes out's element i: in place for a zero-copy buffer, else `slot` (then flush()). */
  private output(out: FloatArray, own: boolean, i: number, slot: number): number {
    return own ? out.byteOffset + i * out.BYTES_PER_ELEMENT : slot;
  }

  /** Copies out's elements [i, i + m) from the scratch slot a kernel wrote them to, unless written in place. */
  private flush(heap: FloatArray, out: FloatArray, own: boolean, i: number, m: number, slot: number): void {
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

  /** softmax-like kernels: `<stem>_rows`, `_cols`, and the three passes of a row too long to fit. */
  axis(stem: string, x: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
    const t = x.BYTES_PER_ELEMENT === 4 ? 'f32' : 'f64';
    const ex = this.ex as unknown as Record<string, Kernel>;
    const bpe = x.BYTES_PER_ELEMENT;
    const cap = this.scratchBytes / bpe; // elements the scratch region holds
    const s = this.scratch;
    const at = s / bpe;
    const heap = this.heap(x);
    if (len === 0 || outer === 0 || inner === 0) return;
    if (inner === 1) {
      const rowsFn = this.rowsKernel(stem, x)!;
      const xo = this.owns(x);
      const oo = this.owns(out);
      if (len <= cap && xo && oo) {
        // Zero-copy buffers: the rows kernels read src and write dst anywhere in memory.
        rowsFn(x.byteOffset, out.byteOffset, outer, len);
        return;
      }
      if (len <= cap) {
        const rows = Math.floor(cap / len);
        for (let r = 0; r < outer; r += rows) {
          const k = Math.min(rows, outer - r);
          rowsFn(this.input(heap, x, xo, r * len, k * len, s), this.output(out, oo, r * len, s), k, len);
          this.flush(heap, out, oo, r * len, k * len, s);
        }
      } else {
        for (let r = 0; r < outer; r++) this.longRow(stem, t, x.subarray(r * len, (r + 1) * len), out.subarray(r * len, (r + 1) * len));
      }
      return;
    }
    // A strided axis: the cols kernels run down `cols` columns whose rows are `ld` elements apart.
    const colsFn = ex[`${stem}_cols_${t}`]!;
    const slab = len * inner; // the elements of one outer index: contiguous
    if (len <= cap) {
      const xo = this.owns(x);
      const oo = this.owns(out);
      if (xo && oo) {
        // Zero-copy buffers: down the columns in place.
        for (let o = 0; o < outer; o++) colsFn(x.byteOffset + o * slab * bpe, out.byteOffset + o * slab * bpe, len, inner, inner);
        return;
      }
      if (slab <= cap) {
        // Whole slabs in one copy each way (several per copy when they fit), not a copy per row.
        const per = Math.floor(cap / slab);
        for (let o = 0; o < outer; o += per) {
          const k = Math.min(per, outer - o);
          const p = this.input(heap, x, xo, o * slab, k * slab, s);
          const q = this.output(out, oo, o * slab, s);
          for (let j = 0; j < k; j++) colsFn(p + j * slab * bpe, q + j * slab * bpe, len, inner, inner);
          this.flush(heap, out, oo, o * slab, k * slab, s);
        }
        return;
      }
    }
    // Otherwise gather blocks of len × cols (cols contiguous elements of each of the len rows).
    const cols = Math.min(inner, Math.floor(cap / len));
    if (cols >= 1) {
      for (let o = 0; o < outer; o++) {
        for (let c = 0; c < inner; c += cols) {
          const k = Math.min(cols, inner - c);
          const base = o * len * inner + c;
          for (let r = 0; r < len; r++) copyIn(heap, at + r * k, x, base + r * inner, k);
          colsFn(s, s, len, k, k);
          for (let r = 0; r < len; r++) copyOut(heap, at + r * k, out, base + r * inner, k);
        }
      }
      return;
    }
    // An axis longer than the scratch region, strided: one column at a time through a contiguous copy.
    const col = new (x.constructor as { new (n: number): FloatArray })(len);
    const res = new (x.constructor as { new (n: number): FloatArray })(len);
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * len * inner + c;
        for (let r = 0; r < len; r++) col[r] = x[base + r * inner]!;
        this.longRow(stem, t, col, res);
        for (let r = 0; r < len; r++) out[base + r * inner] = res[r]!;
      }
    }
  }

  /**
   * A row longer than the scratch region, chunk by chunk: the max; then softmax's terms exp(x − M),
   * written to out, and their sum (`_sumexp`), or, for log-softmax, T (the sum over x < max) and the
   * number of maxima; then softmax's y = term/sum (`_rescale`, over out) or log-softmax's
   * y = (x − max) − L (`_shift`). L = log1p(T) when there is one maximum, so that y keeps relative
   * accuracy at a peaked row's max; where T is so small that the kernel's terms may be subnormal
   * (f32: T < 2^−80; f64: T < 2^−960), T is recomputed here (as the kernels' own slow paths do).
   * Writing the terms to out, where the last pass scales them, spares that pass an exp per element
   * (f32, a row of 128000: 2.4 → 0.87 ns/element on zero-copy buffers, 2.6 → 1.09 with ordinary
   * arrays); writing into out is safe because out is x itself or does not overlap it. Chunks fill the
   * scratch region (64 Ki floats), not CHUNK_BYTES: a row's three passes make three calls per chunk,
   * and with 4 Ki chunks those cost 10% on zero-copy buffers. Every mix of zero-copy buffers and
   * ordinary arrays takes these same chunks, so that they agree bit for bit (the sums' order).
   */
  private longRow(stem: string, t: string, x: FloatArray, out: FloatArray): void {
    const ex = this.ex as unknown as Record<string, Kernel>;
    const chunk = this.scratchBytes / x.BYTES_PER_ELEMENT;
    const s = this.scratch;
    const heap = this.heap(x);
    const n = x.length;
    const xo = this.owns(x);
    const oo = this.owns(out);
    const chunkAt = (i: number, k: number) => this.input(heap, x, xo, i, k, s);
    let m = -Infinity;
    for (let i = 0; i < n; i += chunk) {
      const k = Math.min(chunk, n - i);
      const mi = ex[`${stem}_max_${t}`]!(chunkAt(i, k), k);
      m = mi > m || mi !== mi ? mi : m;
    }
    const log = ex[`${stem}_count_${t}`] !== undefined;
    let sum = 0;
    let comp = 0;
    let count = 0;
    for (let i = 0; i < n; i += chunk) {
      const k = Math.min(chunk, n - i);
      if (!log) {
        sum += ex[`${stem}_sumexp_${t}`]!(chunkAt(i, k), this.output(out, oo, i, s), k, m);
        this.flush(heap, out, oo, i, k, s);
        continue;
      }
      const e = ex[`${stem}_sumexp_${t}`]!(chunkAt(i, k), k, m);
      count += ex[`${stem}_count_${t}`]!();
      const u = sum + e;
      comp += Math.abs(sum) >= Math.abs(e) ? sum - u + e : e - u + sum;
      sum = u;
    }
    if (!log) {
      const rescale = ex[`${stem}_rescale_${t}`]!;
      for (let i = 0; i < n; i += chunk) {
        const k = Math.min(chunk, n - i);
        rescale(this.input(heap, out, oo, i, k, s), this.output(out, oo, i, s), k, sum);
        this.flush(heap, out, oo, i, k, s);
      }
      return;
    }
    sum += comp;
    const shift = ex[`${stem}_shift_${t}`]!;
    let l = count === 1 ? Math.log1p(sum) : Math.log(count + sum);
    if (count === 1 && sum < (t === 'f32' ? 2 ** -80 : 2 ** -960)) l = tinyBelowSum(x, m);
    for (let i = 0; i < n; i += chunk) {
      const k = Math.min(chunk, n - i);
      shift(chunkAt(i, k), this.output(out, oo, i, s), k, m, l);
      this.flush(heap, out, oo, i, k, s);
    }
  }

  // ---- prelu: per-channel slopes along an axis (outer × channels × inner) ----

  /**
   * Runs of one channel (inner elements) are at least this long: each goes through leaky_relu with
   * that channel's slope; shorter runs pair x with a pattern of per-element slopes instead.
   */
  static readonly PRELU_RUN = 256;

  /** The per-element slopes of positions [a, b) of one period (channels × inner), at element `at`. */
  private slopePattern(heap: FloatArray, at: number, slopes: FloatArray, inner: number, a: number, b: number): void {
    if (inner === 1) {
      heap.set(slopes.subarray(a, b), at);
      return;
    }
    for (let c = Math.floor(a / inner); c * inner < b; c++) {
      heap.fill(slopes[c]!, at + Math.max(a, c * inner) - a, at + Math.min(b, (c + 1) * inner) - a);
    }
  }

  /**
   * The pieces of the pattern case: `period` elements repeat `outer` times. A period that fits a
   * chunk is tiled (k periods per call); a longer one is cut into near-equal pieces, each streamed for
   * every row while its pattern stays in place. Calls visit(i, m, a): m elements of x from i, at
   * offset a of the (tiled) pattern.
   */
  private pieces(outer: number, period: number, chunk: number, build: (a: number, b: number, tiles: number) => void, visit: (i: number, m: number, a: number) => void, done?: (a: number, b: number) => void): void {
    if (period <= chunk) {
      const tiles = Math.floor(chunk / period);
      build(0, period, Math.min(tiles, outer));
      for (let o = 0; o < outer; o += tiles) visit(o * period, Math.min(tiles, outer - o) * period, 0);
      done?.(0, period);
      return;
    }
    const count = Math.ceil(period / chunk);
    const size = Math.ceil(period / count);
    for (let a = 0; a < period; a += size) {
      const b = Math.min(period, a + size);
      build(a, b, 1);
      for (let o = 0; o < outer; o++) visit(o * period + a, b - a, a);
      done?.(a, b);
    }
  }

  prelu(x: FloatArray, slopes: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
    const ex = this.ex as unknown as Record<string, Kernel>;
    const t = x.BYTES_PER_ELEMENT === 4 ? 'f32' : 'f64';
    if (slopes.length === 1) {
      this.elementwise(ex[`leaky_relu_${t}`]!, x, out, [slopes[0]!]);
      return;
    }
    const bpe = x.BYTES_PER_ELEMENT;
    const chunk = CHUNK_BYTES / bpe;
    const s = this.scratch;
    const heap = this.heap(x);
    const n = x.length;
    const xo = this.owns(x);
    const oo = this.owns(out);
    if (inner >= WasmBackend.PRELU_RUN) {
      const leaky = ex[`leaky_relu_${t}`]!;
      for (let i = 0; i < n; i += chunk) {
        const m = Math.min(chunk, n - i);
        const px = this.input(heap, x, xo, i, m, s);
        const po = this.output(out, oo, i, s);
        for (let j = i; j < i + m; ) {
          const r = Math.floor(j / inner);
          const end = Math.min((r + 1) * inner, i + m);
          const off = (j - i) * bpe;
          leaky(px + off, po + off, end - j, slopes[r % len]!);
          j = end;
        }
        this.flush(heap, out, oo, i, m, s);
      }
      return;
    }
    const fn = ex[`prelu_${t}`]!;
    const pat = s + CHUNK_BYTES;
    const patAt = pat / bpe;
    this.pieces(
      outer,
      len * inner,
      chunk,
      (a, b, tiles) => {
        this.slopePattern(heap, patAt, slopes, inner, a, b);
        for (let k = 1; k < tiles; k++) heap.copyWithin(patAt + k * (b - a), patAt, patAt + (b - a));
      },
      (i, m) => {
        fn(this.input(heap, x, xo, i, m, s), pat, this.output(out, oo, i, s), m);
        this.flush(heap, out, oo, i, m, s);
      },
    );
  }

  /** dx into dx (may be dy), and acc[c] += the channel's sum of x·dy over x <= 0, in double. */
  preluGrad(x: FloatArray, dy: FloatArray, slopes: FloatArray, dx: FloatArray, acc: Float64Array, { outer, len, inner }: AxisView): void {
    const ex = this.ex as unknown as Record<string, Kernel>;
    const t = x.BYTES_PER_ELEMENT === 4 ? 'f32' : 'f64';
    const bpe = x.BYTES_PER_ELEMENT;
    const chunk = CHUNK_BYTES / bpe;
    const s = this.scratch;
    const sd = s + CHUNK_BYTES;
    const heap = this.heap(x);
    const n = x.length;
    const one = slopes.length === 1;
    const xo = this.owns(x);
    const dyo = this.owns(dy);
    const dxo = this.owns(dx);
    if (one || inner >= WasmBackend.PRELU_RUN) {
      const run = ex[`prelu_grad_run_${t}`]!;
      const r0 = one ? n : inner; // one slope: the whole array is one run
      for (let i = 0; i < n; i += chunk) {
        const m = Math.min(chunk, n - i);
        const px = this.input(heap, x, xo, i, m, s);
        const pd = this.input(heap, dy, dyo, i, m, sd);
        const po = this.output(dx, dxo, i, s);
        for (let j = i; j < i + m; ) {
          const r = Math.floor(j / r0);
          const end = Math.min((r + 1) * r0, i + m);
          const c = one ? 0 : r % len;
          const off = (j - i) * bpe;
          acc[c]! += run(px + off, pd + off, po + off, end - j, slopes[c]!);
          j = end;
        }
        this.flush(heap, dx, dxo, i, m, s);
      }
      return;
    }
    const fn = ex[`prelu_grad_${t}`]!;
    const pat = s + 2 * CHUNK_BYTES;
    const patAt = pat / bpe;
    const accp = s + 3 * CHUNK_BYTES; // f64 sums per position of the (tiled) pattern: chunk doubles
    const accv = () => new Float64Array(this.buffer(), accp, chunk);
    let width = 0;
    this.pieces(
      outer,
      len * inner,
      chunk,
      (a, b, tiles) => {
        this.slopePattern(heap, patAt, slopes, inner, a, b);
        for (let k = 1; k < tiles; k++) heap.copyWithin(patAt + k * (b - a), patAt, patAt + (b - a));
        width = tiles * (b - a);
        accv().fill(0, 0, width);
      },
      (i, m) => {
        fn(this.input(heap, x, xo, i, m, s), this.input(heap, dy, dyo, i, m, sd), pat, this.output(dx, dxo, i, s), accp, 1, m);
        this.flush(heap, dx, dxo, i, m, s);
      },
      (a, b) => {
        // Fold the sums per position of the pattern into the sums per channel.
        const v = accv();
        const p = b - a;
        for (let base = 0; base < width; base += p) {
          if (inner === 1) {
            for (let k = 0; k < p; k++) acc[a + k]! += v[base + k]!;
            continue;
          }
          for (let j = a; j < b; ) {
            const c = Math.floor(j / inner);
            const end = Math.min(b, (c + 1) * inner);
            let sum = 0;
            for (; j < end; j++) sum += v[base + j - a]!;
            acc[c]! += sum;
          }
        }
      },
    );
  }

  /**
   * Axis derivatives `<stem>_rows / _cols / _reduce / _apply` of two inputs (y, dy) → dx, laid out as
   * axis() does, with the scratch region split in halves: y in the first, dy in the second, dx written
   * over y. A line longer than a half goes through longRowBinary.
   */
  axisBinary(stem: string, a: FloatArray, b: FloatArray, out: FloatArray, { outer, len, inner }: AxisView): void {
    const t = a.BYTES_PER_ELEMENT === 4 ? 'f32' : 'f64';
    const k = this.kernels[t];
    const bpe = a.BYTES_PER_ELEMENT;
    const half = this.scratchBytes / 2;
    const cap = half / bpe; // elements per half
    const sa = this.scratch;
    const sb = sa + half;
    const [at, bt] = [sa / bpe, sb / bpe];
    const heap = this.heap(a);
    if (len === 0 || outer === 0 || inner === 0) return;
    if (inner === 1) {
      if (len <= cap) {
        const rowsFn = this.rowsKernel(stem, a)!;
        const ao = this.owns(a);
        const bo = this.owns(b);
        const oo = this.owns(out);
        if (ao && bo && oo) {
          rowsFn(a.byteOffset, b.byteOffset, out.byteOffset, outer, len);
          return;
        }
        const rows = Math.floor(cap / len);
        for (let r = 0; r < outer; r += rows) {
          const m = Math.min(rows, outer - r) * len;
          rowsFn(this.input(heap, a, ao, r * len, m, sa), this.input(heap, b, bo, r * len, m, sb), this.output(out, oo, r * len, sa), m / len, len);
          this.flush(heap, out, oo, r * len, m, sa);
        }
      } else {
        for (let r = 0; r < outer; r++) {
          const [i, j] = [r * len, (r + 1) * len];
          this.longRowBinary(stem, t, a.subarray(i, j), b.subarray(i, j), out.subarray(i, j));
        }
      }
      return;
    }
    const colsFn = k[`${stem}_cols`]!;
    const slab = len * inner; // the elements of one outer index: contiguous
    if (len <= cap) {
      const ao = this.owns(a);
      const bo = this.owns(b);
      const oo = this.owns(out);
      if (ao && bo && oo) {
        // Zero-copy buffers: down the columns in place.
        for (let o = 0; o < outer; o++) {
          const d = o * slab * bpe;
          colsFn(a.byteOffset + d, b.byteOffset + d, out.byteOffset + d, len, inner, inner);
        }
        return;
      }
      if (slab <= cap) {
        // Whole slabs in one copy each way (several per copy when they fit), not a copy per row.
        const per = Math.floor(cap / slab);
        for (let o = 0; o < outer; o += per) {
          const m = Math.min(per, outer - o) * slab;
          const pa = this.input(heap, a, ao, o * slab, m, sa);
          const pb = this.input(heap, b, bo, o * slab, m, sb);
          const q = this.output(out, oo, o * slab, sa);
          for (let j = 0; j < m; j += slab) colsFn(pa + j * bpe, pb + j * bpe, q + j * bpe, len, inner, inner);
          this.flush(heap, out, oo, o * slab, m, sa);
        }
        return;
      }
    }
    const cols = Math.min(inner, Math.floor(cap / len));
    if (cols >= 1) {
      for (let o = 0; o < outer; o++) {
        for (let c = 0; c < inner; c += cols) {
          const w = Math.min(cols, inner - c);
          const base = o * len * inner + c;
          for (let r = 0; r < len; r++) {
            copyIn(heap, at + r * w, a, base + r * inner, w);
            copyIn(heap, bt + r * w, b, base + r * inner, w);
          }
          colsFn(sa, sb, sa, len, w, w);
          for (let r = 0; r < len; r++) copyOut(heap, at + r * w, out, base + r * inner, w);
        }
      }
      return;
    }
    // A strided axis longer than a half: one column at a time through contiguous copies.
    const Ctor = a.constructor as { new (n: number): FloatArray };
    const [ca, cb, res] = [new Ctor(len), new Ctor(len), new Ctor(len)];
    for (let o = 0; o < outer; o++) {
      for (let c = 0; c < inner; c++) {
        const base = o * len * inner + c;
        for (let r = 0; r < len; r++) {
          ca[r] = a[base + r * inner]!;
          cb[r] = b[base + r * inner]!;
        }
        this.longRowBinary(stem, t, ca, cb, res);
        for (let r = 0; r < len; r++) out[base + r * inner] = res[r]!;
      }
    }
  }

  /**
   * A line of an axis derivative longer than the scratch region: the sum chunk by chunk (the kernel
   * adds each chunk's into a double-double kept in linear memory after the two chunks), then dx.
   */
  private longRowBinary(stem: string, t: 'f32' | 'f64', a: FloatArray, b: FloatArray, out: FloatArray): void {
    const k = this.kernels[t];
    const bpe = a.BYTES_PER_ELEMENT;
    const chunk = CHUNK_BYTES / bpe;
    const sa = this.scratch;
    const sb = sa + CHUNK_BYTES;
    const acc = sb + CHUNK_BYTES;
    const heap = this.heap(a);
    const n = a.length;
    const ao = this.owns(a);
    const bo = this.owns(b);
    const oo = this.owns(out);
    const sum = new Float64Array(this.buffer(), acc, 2);
    sum.fill(0);
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      k[`${stem}_reduce`]!(this.input(heap, a, ao, i, m, sa), this.input(heap, b, bo, i, m, sb), m, acc);
    }
    const [hi, lo] = [sum[0]!, sum[1]!];
    for (let i = 0; i < n; i += chunk) {
      const m = Math.min(chunk, n - i);
      k[`${stem}_apply`]!(this.input(heap, a, ao, i, m, sa), this.input(heap, b, bo, i, m, sb), this.output(out, oo, i, sa), m, hi, lo);
      this.flush(heap, out, oo, i, m, sa);
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
function copyIn(heap: FloatArray, at: number, src: FloatArray, from: number, m: number): void {
  if (m <= SMALL && copyLoop(heap, at, src, from, m)) return;
  heap.set(from === 0 && m === src.length ? src : src.subarray(from, from + m), at);
}
function copyOut(heap: FloatArray, at: number, dst: FloatArray, from: number, m: number): void {
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

/**
 * log-softmax's T = sum of exp(x − m) over x < m for a row whose T is tiny (then log1p(T) = T): as
 * exp(−600)·sum of exp(d + 600)·(1 + lo), d + lo = x − m exactly (two-sum); d + 600 is exact wherever
 * T is this small (every d < −665), and nothing underflows before the one final product.
 */
function tinyBelowSum(x: FloatArray, m: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    const d = v - m;
    if (d === 0 || d < -1400) continue;
    const bb = d - v;
    const lo = v - (d - bb) + (-m - bb);
    const e = Math.exp(d + 600);
    s += e + e * lo;
  }
  return s * Math.exp(-600);
}

/** Whether this runtime validates our module (WebAssembly with SIMD). */
export function supported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    return false;
  }
}

/** Synchronous instantiation (may throw where the runtime limits synchronous compilation). */
export function instantiateSync(): WebAssembly.Instance {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {});
}

export async function instantiate(): Promise<WebAssembly.Instance> {
  const module = await WebAssembly.compile(bytes);
  return WebAssembly.instantiate(module, {});
}
