// The messages between the pool (src/pool/index.ts) and its workers (src/pool/worker.ts).

/** Where a part's array lives, as a worker finds it. */
export type Locator =
  /** In the pool's shared memory, at byte `ptr` (a pool buffer, read and written in place). */
  | { readonly at: 'mem'; readonly ptr: number; readonly length: number }
  /** In another SharedArrayBuffer (the caller's, or a staging copy of an ordinary array). */
  | { readonly at: 'sab'; readonly buffer: SharedArrayBuffer; readonly byteOffset: number; readonly length: number }
  /** A copy sent with the message (a pool over unshared memory); `out` comes back in the reply. */
  | { readonly at: 'copy'; readonly array: Float32Array | Float64Array };

export interface AxisPart {
  readonly outer: number;
  readonly len: number;
  readonly inner: number;
}

export interface Task {
  readonly type: 'task';
  readonly id: number;
  readonly kind: 'elementwise' | 'binary' | 'axis' | 'axisBinary' | 'prelu' | 'preluGrad';
  readonly kernel: string;
  readonly f64: boolean;
  readonly inputs: readonly Locator[];
  readonly out: Locator;
  readonly params: readonly number[];
  /** Elements [start, end) of every array (elementwise, rows, slabs; all of them for columns). */
  readonly start: number;
  readonly end: number;
  /** The part's view (axis, prelu): of the elements [start, end), or, with `cols`, of the whole arrays. */
  readonly view?: AxisPart;
  /** A strided axis split by columns: this part's columns [c0, c1) of every outer slab. */
  readonly cols?: readonly [number, number];
  /**
   * The backend the synchronous call would run this call on, so that the bits are its bits: js (the
   * twins; short rows, js pinned), wasm, or wasm with the relaxed-SIMD kernels.
   */
  readonly backend: 'js' | 'wasm' | 'relaxed';
}

export interface Init {
  readonly type: 'init';
  /** The core module first (its memory, scratch and data), then every activation's module over its memory. */
  readonly modules: readonly WebAssembly.Module[];
  /** The relaxed-SIMD core, then the relaxed-SIMD modules (their f32 kernels in place of the plain ones). */
  readonly relaxed?: readonly WebAssembly.Module[];
  /** The shared memory (absent: the module's own memory, unshared). */
  readonly memory?: WebAssembly.Memory;
  /** This worker's scratch region (shared memory); absent: the module's own. */
  readonly scratch?: number;
}

/** A test's way to make a worker die as a crash would: it exits without replying. */
export interface Die {
  readonly type: 'die';
}

export type ToWorker = Init | Task | Die;

export type FromWorker =
  /** lock: the Web Lock the worker holds while it lives (the web, where there are Web Locks). */
  | { readonly type: 'ready'; readonly relaxed: boolean; readonly lock?: string }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'done'; readonly id: number; readonly out?: Float32Array | Float64Array; readonly acc?: Float64Array }
  | { readonly type: 'error'; readonly id: number; readonly name: string; readonly message: string };
