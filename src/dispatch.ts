// Builds the public functions from registry entries: validate once, pick the backend, run.

import { activeWasm, pinnedBackend } from './backend';
import type { WasmBackend } from './backends/wasm';
import { AUTO_JS_BELOW_F32, AUTO_JS_BELOW_F64, AUTO_ROWS_JS_BELOW_F32, AUTO_ROWS_JS_BELOW_F64, AUTO_STRIDED_JS_BELOW_F32, AUTO_STRIDED_JS_BELOW_F64 } from './backends/crossover';
import * as js from './backends/js';
import * as pjs from './backends/piecewise-js';
import { describe } from './errors';
import type { ActivationSpec, AxisSpec, ChannelSpec, ElementwiseSpec } from './registry';
import type { FloatArray, OutOption } from './types';
import { checkArray, checkCompanion, checkOptions, checkOut, isFloatArray, resolveAxis, resolveParam, type AxisView } from './validate';

type Ctor = new (n: number) => FloatArray;

/**
 * A validated call as the worker pool (src/pool/) receives it: every argument checked and resolved
 * exactly as for the synchronous call, and whether that call would run on wasm (else on js).
 */
export interface Resolved {
  readonly kind: 'elementwise' | 'binary' | 'axis' | 'axisBinary' | 'prelu' | 'preluGrad';
  readonly kernel: string;
  /** x; x and dy (y and dy for an axis derivative); x and slopes; x, dy and slopes. */
  readonly inputs: readonly FloatArray[];
  readonly out: FloatArray;
  readonly params: readonly number[];
  readonly view?: AxisView;
  /** preluGrad's per-channel sums (the caller turns them into dslopes). */
  readonly acc?: Float64Array;
  readonly wasm: boolean;
}

/** While set (by handOff), the functions built here validate, then give it their call instead of running it. */
let hand: ((call: Resolved) => void) | undefined;

/**
 * Runs `fn` (a call of a public function) with its computation handed to `to`: the same validation,
 * the same errors, and the same result object, left unwritten. The pool's way to reuse the
 * synchronous API's checks before it touches a worker.
 */
export function handOff<R>(fn: () => R, to: (call: Resolved) => void): R {
  hand = to;
  try {
    return fn();
  } finally {
    hand = undefined;
  }
}

/** A new array of x's type and length. */
export const like = (x: FloatArray): FloatArray => new (x.constructor as Ctor)(x.length);

/**
 * The wasm backend if it should run `kernel` on x: when wasm is pinned, or under automatic choice
 * unless x is short enough for the js twin to be faster and that twin gives the same bits (see
 * crossover.ts: only then may the length pick the backend).
 */
function wasmFor(kernel: string, x: FloatArray): WasmBackend | undefined {
  const p = pinnedBackend();
  if (p === 'js') return undefined;
  if (p === undefined && x.length < ((x.BYTES_PER_ELEMENT === 4 ? AUTO_JS_BELOW_F32 : AUTO_JS_BELOW_F64)[kernel] ?? 0)) return undefined;
  return activeWasm();
}

export function runElementwise(kernel: string, x: FloatArray, out: FloatArray, params: readonly number[]): void {
  const w = wasmFor(kernel, x);
  const k = w?.kernel(kernel, x);
  if (hand) return hand({ kind: 'elementwise', kernel, inputs: [x], out, params, wasm: !!k });
  if (k) w!.elementwise(k, x, out, params);
  else js.elementwise[kernel]!(x, out, x.length, params[0] ?? 0, params[1] ?? 0);
}

export function runBinary(kernel: string, a: FloatArray, b: FloatArray, out: FloatArray, params: readonly number[]): void {
  const w = wasmFor(kernel, a);
  const k = w?.kernel(kernel, a);
  if (hand) return hand({ kind: 'binary', kernel, inputs: [a, b], out, params, wasm: !!k });
  if (k) w!.binary(k, a, b, out, params);
  else js.binary[kernel]!(a, b, out, a.length, params[0] ?? 0, params[1] ?? 0);
}

/**
 * wasmFor for an axis function: under automatic choice, also js for lines too short to repay wasm's
 * per-line work (few columns along a strided axis, or short contiguous rows; see crossover.ts).
 */
function wasmForAxis(kernel: string, x: FloatArray, view: AxisView): WasmBackend | undefined {
  if (pinnedBackend() === undefined) {
    const f32 = x.BYTES_PER_ELEMENT === 4;
    const short = view.inner > 1
      ? view.inner < ((f32 ? AUTO_STRIDED_JS_BELOW_F32 : AUTO_STRIDED_JS_BELOW_F64)[kernel] ?? 0)
      : view.len < ((f32 ? AUTO_ROWS_JS_BELOW_F32 : AUTO_ROWS_JS_BELOW_F64)[kernel] ?? 0);
    if (short) return undefined;
  }
  return wasmFor(kernel, x);
}

export function runAxis(kernel: string, x: FloatArray, out: FloatArray, view: AxisView): void {
  const w = wasmForAxis(kernel, x, view);
  if (hand) return hand({ kind: 'axis', kernel, inputs: [x], out, params: NONE, view, wasm: !!w?.rowsKernel(kernel, x) });
  if (w && w.rowsKernel(kernel, x)) w.axis(kernel, x, out, view);
  else js.axis[kernel]!(x, out, view);
}

export type Elementwise<O> = <T extends FloatArray>(x: T, options?: O & OutOption<T>) => T;

export function elementwise<O>(spec: ElementwiseSpec): Elementwise<O> {
  const known = ['out', ...spec.params.map((p) => p.name)];
  return (<T extends FloatArray>(x: T, options?: O & OutOption<T>): T => {
    const a = checkArray(x, 'x');
    const opts = checkOptions(options, spec.name, known);
    const out = checkOut(opts.out, a) ?? like(a);
    runElementwise(spec.kernel, a, out, params(spec, opts, a));
    return out as T;
  }) as Elementwise<O>;
}

/**
 * The options as kernel arguments. Parameters are rounded to the array's type, as PyTorch casts them
 * to the tensor's dtype: both backends then compute the same f32 products (leakyRelu is exact:
 * fround(fround(alpha)·x)).
 */
function params(spec: ActivationSpec, opts: Record<string, unknown>, a: FloatArray): readonly number[] {
  const ps = spec.params;
  if (ps.length === 0) return NONE;
  const values: number[] = [];
  for (const p of ps) values.push(resolveParam(p, opts[p.name]));
  spec.check?.(values);
  if (a.BYTES_PER_ELEMENT === 4) for (let i = 0; i < values.length; i++) values[i] = Math.fround(values[i]!);
  return values;
}
const NONE: readonly number[] = [];

export type Gradient<O> = <T extends FloatArray>(x: T, dy: T, options?: O & OutOption<T>) => T;

/** `<name>Grad(x, dy, options?)`: dx = dy · f'(x), with the forward function's options. */
export function gradient<O>(spec: ElementwiseSpec): Gradient<O> {
  const grad = spec.grad!;
  const fn = `${spec.name}Grad`;
  const known = ['out', ...spec.params.map((p) => p.name)];
  return (<T extends FloatArray>(x: T, dy: T, options?: O & OutOption<T>): T => {
    const a = checkArray(x, 'x');
    const d = checkCompanion(dy, a, 'dy');
    const opts = checkOptions(options, fn, known);
    const out = checkOut(opts.out, a, d) ?? like(a);
    runBinary(grad.kernel, a, d, out, params(spec, opts, a));
    return out as T;
  }) as Gradient<O>;
}

export interface AxisOptions {
  /**
   * Dimensions of x as a row-major N-d array; their product must be x.length.
   * @default [x.length]
   */
  shape?: readonly number[];
  /**
   * The axis to normalise along; negative counts from the end (−1 is the last).
   * @default -1
   */
  axis?: number;
}

export function alongAxis(spec: AxisSpec): Elementwise<AxisOptions> {
  const known = ['out', 'shape', 'axis', ...spec.params.map((p) => p.name)];
  return (<T extends FloatArray>(x: T, options?: AxisOptions & OutOption<T>): T => {
    const a = checkArray(x, 'x');
    const opts = checkOptions(options, spec.name, known);
    const out = checkOut(opts.out, a) ?? like(a);
    const view = resolveAxis(opts.shape, opts.axis, a.length);
    runAxis(spec.kernel, a, out, view);
    return out as T;
  }) as Elementwise<AxisOptions>;
}

export function runAxisBinary(kernel: string, a: FloatArray, b: FloatArray, out: FloatArray, view: AxisView): void {
  const w = wasmForAxis(kernel, a, view);
  if (hand) return hand({ kind: 'axisBinary', kernel, inputs: [a, b], out, params: NONE, view, wasm: !!w?.rowsKernel(kernel, a) });
  if (w && w.rowsKernel(kernel, a)) w.axisBinary(kernel, a, b, out, view);
  else js.axisBinary[kernel]!(a, b, out, view);
}

/**
 * `<name>Grad(y, dy, { shape, axis })` of an axis function: dx from the forward OUTPUT y and the
 * incoming gradient dy, as PyTorch's backward takes them (the registry's `grad` gives kernel and
 * formula). y and dy must have the same type and length; out may be y or dy (in place).
 */
export function axisGradient(spec: AxisSpec): Gradient<AxisOptions> {
  const grad = spec.grad!;
  const fn = `${spec.name}Grad`;
  const known = ['out', 'shape', 'axis', ...spec.params.map((p) => p.name)];
  return (<T extends FloatArray>(y: T, dy: T, options?: AxisOptions & OutOption<T>): T => {
    const a = checkArray(y, 'y');
    const d = checkCompanion(dy, a, 'dy', 'y');
    const opts = checkOptions(options, fn, known);
    // The first argument is y here: an out of the wrong type or length is measured against y.
    if (opts.out !== undefined) checkCompanion(opts.out, a, 'options.out', 'y');
    const out = checkOut(opts.out, a, d) ?? like(a);
    const view = resolveAxis(opts.shape, opts.axis, a.length);
    runAxisBinary(grad.kernel, a, d, out, view);
    return out as T;
  }) as Gradient<AxisOptions>;
}

export interface ChannelOptions {
  /**
   * Dimensions of x as a row-major N-d array; their product must be x.length.
   * @default [x.length]
   */
  shape?: readonly number[];
  /**
   * The channel axis, along which the slopes vary; negative counts from the end (−1 is the last,
   * for channels-last layouts).
   * @default 1 (0 for a 1-d shape), as PyTorch
   */
  axis?: number;
}

/** fn(x, slopes, options?): one slope per channel, or a single slope for every element. */
export type Channelwise<O> = <T extends FloatArray>(x: T, slopes: T, options?: O & OutOption<T>) => T;
/** fn(x, dy, slopes, options?) → { dx, dslopes }: `out` receives dx; dslopes is a new array like slopes. */
export type ChannelGradient<O> = <T extends FloatArray>(x: T, dy: T, slopes: T, options?: O & OutOption<T>) => { dx: T; dslopes: T };

/** The view along the channel axis, and the slopes checked against it. */
function resolveChannel(spec: ChannelSpec, a: FloatArray, slopes: unknown, opts: Record<string, unknown>): { view: AxisView; s: FloatArray } {
  const shape = opts.shape;
  const dims = Array.isArray(shape) || ArrayBuffer.isView(shape) ? (shape as ArrayLike<unknown>).length : 1;
  const view = resolveAxis(shape, opts.axis === undefined ? (dims >= 2 ? 1 : 0) : opts.axis, a.length);
  const tag = (a as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag];
  if (!isFloatArray(slopes) || (slopes as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag] !== tag) {
    throw new TypeError(`slopes of ${spec.name} must be a ${tag} like x, got ${describe(slopes)}`);
  }
  if (slopes.length !== 1 && slopes.length !== view.len) {
    throw new RangeError(`slopes must have length 1 or ${view.len} (the size of the channel axis), got ${slopes.length}`);
  }
  return { view, s: slopes };
}

export function channelwise<O>(spec: ChannelSpec): Channelwise<O> {
  const known = ['out', 'shape', 'axis'];
  return (<T extends FloatArray>(x: T, slopes: T, options?: O & OutOption<T>): T => {
    const a = checkArray(x, 'x');
    const opts = checkOptions(options, spec.name, known);
    const { view, s } = resolveChannel(spec, a, slopes, opts);
    const out = checkOut(opts.out, a, s) ?? like(a);
    const w = wasmFor(spec.kernel, a);
    if (a.length === 0) return out as T;
    if (hand) hand({ kind: 'prelu', kernel: spec.kernel, inputs: [a, s], out, params: NONE, view, wasm: !!w?.kernel(spec.kernel, a) });
    else if (w && w.kernel(spec.kernel, a)) w.prelu(a, s, out, view);
    else pjs.prelu(a, s, out, view);
    return out as T;
  }) as Channelwise<O>;
}

export function channelGradient<O>(spec: ChannelSpec): ChannelGradient<O> {
  const known = ['out', 'shape', 'axis'];
  const fn = `${spec.name}Grad`;
  return (<T extends FloatArray>(x: T, dy: T, slopes: T, options?: O & OutOption<T>): { dx: T; dslopes: T } => {
    const a = checkArray(x, 'x');
    const d = checkCompanion(dy, a, 'dy');
    const opts = checkOptions(options, fn, known);
    const { view, s } = resolveChannel({ ...spec, name: fn }, a, slopes, opts);
    const dx = checkOut(opts.out, a, d, s) ?? like(a);
    const acc = new Float64Array(s.length);
    const w = wasmFor(spec.grad!.kernel, a);
    if (a.length > 0 && hand) {
      hand({ kind: 'preluGrad', kernel: spec.grad!.kernel, inputs: [a, d, s], out: dx, params: NONE, view, acc, wasm: !!w?.kernel(`${spec.grad!.kernel}_run`, a) });
    } else if (a.length > 0) {
      if (w && w.kernel(`${spec.grad!.kernel}_run`, a)) w.preluGrad(a, d, s, dx, acc, view);
      else pjs.preluGrad(a, d, s, dx, acc, view);
    }
    const dslopes = new (a.constructor as Ctor)(s.length);
    dslopes.set(acc);
    return { dx: dx as T, dslopes: dslopes as T };
  }) as ChannelGradient<O>;
}
