// Builds the public functions from registry entries: validate once, pick the backend, run.

import { activeWasm, pinnedBackend } from './backend';
import type { WasmBackend } from './backends/wasm';
import type { ActivationSpec, GradSpec, AxisBinaryTwin, AxisSpec, AxisTwin, BinaryTwin, ChannelSpec, ElementwiseSpec, ElementwiseTwin } from './spec';
import type { AxisView, FloatArray, OutOption, Size } from './types';
import { describe } from './errors';
import { typedArrayTag } from './intrinsics';
import {
  checkArray, checkCompanion, checkOptions, checkOut, floatSize, fresh, readAxis, readShape, resolveAxis, resolveParam, unaliased,
} from './validate';

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

/**
 * The wasm backend (with spec's kernels) if it should run on x: when wasm is pinned, or under automatic
 * choice unless x is shorter than the kernel's crossover `below` (its description's jsBelow, set only
 * where the js twin gives the same bits: only then may the length pick the backend).
 */
function wasmFor(spec: ActivationSpec, below: GradSpec['jsBelow'], x: FloatArray): WasmBackend | undefined {
  const p = pinnedBackend();
  if (p === 'js') return undefined;
  if (p === undefined && below !== undefined && x.length < (x.BYTES_PER_ELEMENT === 4 ? below.f32 : below.f64)) return undefined;
  return activeWasm(spec);
}

function runElementwise(spec: ActivationSpec, kernel: string, twin: ElementwiseTwin, x: FloatArray, out: FloatArray, params: readonly number[]): void {
  const w = wasmFor(spec, spec.jsBelow, x);
  const k = w?.kernel(kernel, x);
  if (hand) return hand({ kind: 'elementwise', kernel, inputs: [x], out, params, wasm: !!k });
  if (k) w!.elementwise(k, x, out, params);
  else twin(x, out, x.length, params[0] ?? 0, params[1] ?? 0);
}

function runBinary(spec: ActivationSpec, kernel: string, twin: BinaryTwin, a: FloatArray, b: FloatArray, out: FloatArray, params: readonly number[]): void {
  const w = wasmFor(spec, spec.grad?.jsBelow, a);
  const k = w?.kernel(kernel, a);
  if (hand) return hand({ kind: 'binary', kernel, inputs: [a, b], out, params, wasm: !!k });
  if (k) w!.binary(k, a, b, out, params);
  else twin(a, b, out, a.length, params[0] ?? 0, params[1] ?? 0);
}

function runAxis(spec: AxisSpec, kernel: string, twin: AxisTwin, x: FloatArray, out: FloatArray, view: AxisView): void {
  const w = wasmFor(spec, undefined, x);
  const k = w && spec.axisKernels(w, kernel, x);
  if (hand) return hand({ kind: 'axis', kernel, inputs: [x], out, params: NONE, view, wasm: !!k });
  if (k) w!.axis(k, [x], out, view);
  else twin(x, out, view);
}

export type Elementwise<O> = <T extends FloatArray>(x: T, options?: O & OutOption<T>) => T;

// Every public function below follows validate.ts's order: x's type; every option read once and
// checked; then the arrays, each replaced by a fresh view of its memory; then the work. A shape with
// a zero dimension has no element, however large the others: nothing runs.

export function elementwise<O>(spec: ElementwiseSpec): Elementwise<O> {
  const known = ['out', ...spec.params.map((p) => p.name)];
  return (<T extends FloatArray>(x: T, options?: O & OutOption<T>): T => {
    const size = floatSize(x, 'x');
    const opts = checkOptions(options, spec.name, known);
    const outArg = opts.out;
    const ps = params(spec, opts, size);
    const a = checkArray(x, size, 'x');
    if (outArg === undefined) {
      const out = fresh(size, a.length);
      runElementwise(spec, spec.kernel, spec.js, a, out, ps);
      return out as T;
    }
    const out = checkOut(outArg, size, x, a);
    runElementwise(spec, spec.kernel, spec.js, unaliased(out, a), out, ps);
    return outArg as T;
  }) as Elementwise<O>;
}

/**
 * The options as kernel arguments, each read once. Parameters are rounded to the array's type, as
 * PyTorch casts them to the tensor's dtype, and checked after rounding: both backends then compute
 * the same f32 products (leakyRelu is exact: fround(fround(alpha)·x)).
 */
function params(spec: ActivationSpec, opts: Record<string, unknown>, size: Size): readonly number[] {
  const ps = spec.params;
  if (ps.length === 0) return NONE;
  const values: number[] = [];
  for (const p of ps) values.push(resolveParam(p, opts[p.name], size));
  spec.check?.(values);
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
    const size = floatSize(x, 'x');
    const opts = checkOptions(options, fn, known);
    const outArg = opts.out;
    const ps = params(spec, opts, size);
    const a = checkArray(x, size, 'x');
    const d = dy === x ? a : checkCompanion(dy, a, size, 'dy');
    if (outArg === undefined) {
      const out = fresh(size, a.length);
      runBinary(spec, grad.kernel, grad.js, a, d, out, ps);
      return out as T;
    }
    const out = checkOut(outArg, size, x, a, dy, d);
    runBinary(spec, grad.kernel, grad.js, unaliased(out, a), unaliased(out, d), out, ps);
    return outArg as T;
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
  const known = ['out', 'shape', 'axis'];
  return (<T extends FloatArray>(x: T, options?: AxisOptions & OutOption<T>): T => {
    const size = floatSize(x, 'x');
    const opts = checkOptions(options, spec.name, known);
    const outArg = opts.out;
    const dims = readShape(opts.shape);
    const axis = readAxis(opts.axis);
    const a = checkArray(x, size, 'x');
    const out = outArg === undefined ? fresh(size, a.length) : checkOut(outArg, size, x, a);
    const view = resolveAxis(dims, axis, a.length);
    if (a.length > 0) runAxis(spec, spec.kernel, spec.js, outArg === undefined ? a : unaliased(out, a), out, view);
    return (outArg ?? out) as T;
  }) as Elementwise<AxisOptions>;
}

function runAxisBinary(spec: AxisSpec, kernel: string, twin: AxisBinaryTwin, a: FloatArray, b: FloatArray, out: FloatArray, view: AxisView): void {
  const w = wasmFor(spec, undefined, a);
  const k = w && spec.axisKernels(w, kernel, a);
  if (hand) return hand({ kind: 'axisBinary', kernel, inputs: [a, b], out, params: NONE, view, wasm: !!k });
  if (k) w!.axis(k, [a, b], out, view);
  else twin(a, b, out, view);
}

/**
 * `<name>Grad(y, dy, { shape, axis })` of an axis function: dx from the forward OUTPUT y and the
 * incoming gradient dy, as PyTorch's backward takes them (the registry's `grad` gives kernel and
 * formula). y and dy must have the same type and length; out may be y or dy (in place).
 */
export function axisGradient(spec: AxisSpec): Gradient<AxisOptions> {
  const grad = spec.grad!;
  const fn = `${spec.name}Grad`;
  const known = ['out', 'shape', 'axis'];
  return (<T extends FloatArray>(y: T, dy: T, options?: AxisOptions & OutOption<T>): T => {
    const size = floatSize(y, 'y');
    const opts = checkOptions(options, fn, known);
    const outArg = opts.out;
    const dims = readShape(opts.shape);
    const axis = readAxis(opts.axis);
    const a = checkArray(y, size, 'y');
    const d = dy === y ? a : checkCompanion(dy, a, size, 'dy', 'y');
    const out = outArg === undefined ? fresh(size, a.length) : checkOut(outArg, size, y, a, dy, d, undefined, 'y');
    const view = resolveAxis(dims, axis, a.length);
    if (a.length > 0) {
      if (outArg === undefined) runAxisBinary(spec, grad.kernel, grad.js, a, d, out, view);
      else runAxisBinary(spec, grad.kernel, grad.js, unaliased(out, a), unaliased(out, d), out, view);
    }
    return (outArg ?? out) as T;
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

/** The options of a channel function, read once each before any array is examined. */
function channelOptions(options: unknown, fn: string) {
  const opts = checkOptions(options, fn, ['out', 'shape', 'axis']);
  const outArg = opts.out;
  const dims = readShape(opts.shape);
  const axis = readAxis(opts.axis);
  return { outArg, dims, axis };
}

/** The view along the channel axis, and the slopes checked against it. */
function resolveChannel(fn: string, a: FloatArray, size: Size, slopes: unknown, dims: number[] | undefined, axis: number | undefined): { view: AxisView; s: FloatArray } {
  const view = resolveAxis(dims, axis ?? ((dims?.length ?? 1) >= 2 ? 1 : 0), a.length);
  const tag = size === 4 ? 'Float32Array' : 'Float64Array';
  if (typedArrayTag(slopes) !== tag) throw new TypeError(`slopes of ${fn} must be a ${tag} like x, got ${describe(slopes)}`);
  const s = checkArray(slopes, size, 'slopes');
  if (s.length !== 1 && s.length !== view.len) {
    throw new RangeError(`slopes must have length 1 or ${view.len} (the size of the channel axis), got ${s.length}`);
  }
  return { view, s };
}

export function channelwise<O>(spec: ChannelSpec): Channelwise<O> {
  return (<T extends FloatArray>(x: T, slopes: T, options?: O & OutOption<T>): T => {
    const size = floatSize(x, 'x');
    const { outArg, dims, axis } = channelOptions(options, spec.name);
    const a = checkArray(x, size, 'x');
    const { view, s } = resolveChannel(spec.name, a, size, slopes, dims, axis);
    const out = outArg === undefined ? fresh(size, a.length) : checkOut(outArg, size, x, a, undefined, undefined, s);
    if (a.length === 0) return (outArg ?? out) as T;
    const [xi, si] = outArg === undefined ? [a, s] : [unaliased(out, a), unaliased(out, s)];
    const w = wasmFor(spec, spec.jsBelow, a);
    if (hand) hand({ kind: 'prelu', kernel: spec.kernel, inputs: [xi, si], out, params: NONE, view, wasm: !!w?.kernel(spec.kernel, a) });
    else if (w && w.kernel(spec.kernel, a)) spec.run(w, xi, si, out, view);
    else spec.js(xi, si, out, view);
    return (outArg ?? out) as T;
  }) as Channelwise<O>;
}

export function channelGradient<O>(spec: ChannelSpec): ChannelGradient<O> {
  const fn = `${spec.name}Grad`;
  return (<T extends FloatArray>(x: T, dy: T, slopes: T, options?: O & OutOption<T>): { dx: T; dslopes: T } => {
    const size = floatSize(x, 'x');
    const { outArg, dims, axis } = channelOptions(options, fn);
    const a = checkArray(x, size, 'x');
    const d = dy === x ? a : checkCompanion(dy, a, size, 'dy');
    const { view, s } = resolveChannel(fn, a, size, slopes, dims, axis);
    const dx = outArg === undefined ? fresh(size, a.length) : checkOut(outArg, size, x, a, dy, d, s);
    const acc = new Float64Array(s.length);
    if (a.length > 0) {
      const [xi, di, si] = outArg === undefined ? [a, d, s] : [unaliased(dx, a), unaliased(dx, d), unaliased(dx, s)];
      const w = wasmFor(spec, spec.grad!.jsBelow, a);
      if (hand) hand({ kind: 'preluGrad', kernel: spec.grad!.kernel, inputs: [xi, di, si], out: dx, params: NONE, view, acc, wasm: !!w?.kernel(`${spec.grad!.kernel}_run`, a) });
      else if (w && w.kernel(`${spec.grad!.kernel}_run`, a)) spec.grad!.run(w, xi, di, si, dx, acc, view);
      else spec.grad!.js(xi, di, si, dx, acc, view);
    }
    const dslopes = fresh(size, s.length);
    dslopes.set(acc);
    return { dx: (outArg ?? dx) as T, dslopes: dslopes as T };
  }) as ChannelGradient<O>;
}
