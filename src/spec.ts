// The shape of an activation's description (each family module in src/ops/ holds its own; registry.ts
// is their union): types only, so that validation and the backends can name them without importing
// any description.

import type { WasmModule } from './backends/module';
import type { AxisKernels, WasmBackend } from './backends/wasm';
import type { AxisView, FloatArray } from './types';

/** A js twin of an elementwise kernel: out[i] = f(x[i]; p0, p1) for i < n, computed in double. */
export type ElementwiseTwin = (x: FloatArray, out: FloatArray, n: number, p0: number, p1: number) => void;
/** A js twin of a derivative kernel: out[i] = dy[i] · f'(x[i]; p0, p1). */
export type BinaryTwin = (a: FloatArray, b: FloatArray, out: FloatArray, n: number, p0: number, p1: number) => void;
/** A js twin of an axis function along the view's axis. */
export type AxisTwin = (x: FloatArray, out: FloatArray, view: AxisView) => void;
/** A js twin of an axis function's derivative, from y and dy. */
export type AxisBinaryTwin = (a: FloatArray, b: FloatArray, out: FloatArray, view: AxisView) => void;
/** A js twin of a channel function (per-channel slopes along the view's axis). */
export type ChannelTwin = (x: FloatArray, slopes: FloatArray, out: FloatArray, view: AxisView) => void;
/** Its derivative: dx into dx, and acc[c] += the channel's sum for dslopes. */
export type ChannelGradTwin = (x: FloatArray, dy: FloatArray, slopes: FloatArray, dx: FloatArray, acc: Float64Array, view: AxisView) => void;

/** A numeric option, or one of a set of names (passed to kernels as its index). */
export interface ParamSpec {
  readonly name: string;
  readonly default: number | string;
  /**
   * 'finite': any finite number; 'positive': finite and > 0; 'nonzero': finite and ≠ 0; a string
   * list: one of those names.
   */
  readonly kind: 'finite' | 'positive' | 'nonzero' | readonly string[];
  readonly doc: string;
}

/**
 * The documented maximum error of a result against the exact value rounded to the array's type:
 * `ulp` units in the last place, or, where `abs` is given, an absolute error of at most `abs` is
 * also accepted (near a zero of the function, where ULPs are meaningless).
 */
export interface ErrorBound {
  readonly ulp: number;
  readonly abs?: number;
  /**
   * Axis derivatives: an absolute error of at most `dyUlp` ULP of the line's largest |dy| is also
   * accepted (where dx cancels to far below dy, e.g. dy ≈ exp(y)·sum(dy) in logSoftmaxGrad, and the
   * rounding of a transcendental term is no longer small relative to dx).
   */
  readonly dyUlp?: number;
}

export interface SpecBase {
  /** Public name: the exported function. */
  readonly name: string;
  /** Kernel stem shared by both backends. */
  readonly kernel: string;
  /** Its WebAssembly module (its kernels and its derivative's), over the core module's memory. */
  readonly wasm: WasmModule;
  /**
   * Only where the js twin gives the kernel's bits for every input (test/one-answer.test.ts checks):
   * the array length below which automatic backend choice runs the twin, faster there than a wasm
   * call's fixed cost (measured: node bench/crossover.mjs). Absent: wasm at every length, so that an
   * element's result never depends on the array's length.
   */
  readonly jsBelow?: { readonly f32: number; readonly f64: number };
  readonly params: readonly ParamSpec[];
  /** Definition, as the README shows it. */
  readonly formula: string;
  readonly bound: { readonly f32: ErrorBound; readonly f64: ErrorBound };
  /** Where the definition or default differs from tf.js / PyTorch, for the README. */
  readonly differs?: string;
  /**
   * The derivative, exported as `<name>Grad`. Elementwise: dx = dy · f'(x; params), kernel
   * `<kernel>_<type>(x, dy, dx, n, ...params)`. Axis functions take the forward output y instead of
   * x, as PyTorch's backward does.
   */
  readonly grad?: GradSpec;
  /** Checks across parameters (after each is resolved): throws a RangeError naming the options. */
  readonly check?: (params: readonly number[]) => void;
}

export interface GradSpec {
  readonly kernel: string;
  /**
   * The derivative's crossover, only where the js twin gives the kernel's bits for every input (test/one-answer.test.ts checks):
   * the array length below which automatic backend choice runs the twin, faster there than a wasm
   * call's fixed cost (measured: node bench/crossover.mjs). Absent: wasm at every length, so that an
   * element's result never depends on the array's length.
   */
  readonly jsBelow?: { readonly f32: number; readonly f64: number };
  /** How many of the function's parameters (the first ones) the derivative's kernel takes; default all. */
  readonly kernelParams?: number;
  /** The derivative's formula (and its convention at kinks), for the README. */
  readonly formula: string;
  readonly bound: { readonly f32: ErrorBound; readonly f64: ErrorBound };
}

/** y[i] = f(x[i]; params). */
export interface ElementwiseSpec extends SpecBase {
  readonly kind: 'elementwise';
  /** The js twin of the kernel. */
  readonly js: ElementwiseTwin;
  readonly grad?: GradSpec & { readonly js: BinaryTwin };
}

/** Normalised along one axis of a row-major N-d array (`shape`, `axis` options). */
export interface AxisSpec extends SpecBase {
  readonly kind: 'axis';
  readonly js: AxisTwin;
  /** The passes of a line too long for the scratch region: kernel suffix → parameter count (`<kernel>_<pass>`). */
  readonly longRow: Readonly<Record<string, number>>;
  /** The family's host code: the kernels WasmBackend.axis runs for kernel `stem` and x's type. */
  readonly axisKernels: (w: WasmBackend, stem: string, x: FloatArray) => AxisKernels | undefined;
  readonly grad?: GradSpec & { readonly js: AxisBinaryTwin; readonly longRow: Readonly<Record<string, number>> };
}

/**
 * Per-channel parameters along one axis of a row-major N-d array: fn(x, slopes, { shape, axis }) (prelu).
 * Suites that do not know a kind skip it.
 */
export interface ChannelSpec extends SpecBase {
  readonly kind: 'channel';
  readonly js: ChannelTwin;
  /** The family's host code on wasm (src/ops/prelu.ts). */
  readonly run: (w: WasmBackend, x: FloatArray, slopes: FloatArray, out: FloatArray, view: AxisView) => void;
  readonly grad?: GradSpec & {
    readonly js: ChannelGradTwin;
    readonly run: (w: WasmBackend, x: FloatArray, dy: FloatArray, slopes: FloatArray, dx: FloatArray, acc: Float64Array, view: AxisView) => void;
  };
}

export type ActivationSpec = ElementwiseSpec | AxisSpec | ChannelSpec;

