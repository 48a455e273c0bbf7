// Builds the public functions from registry entries: validate once, pick the backend, run.

import { activeWasm } from './backend';
import * as js from './backends/js';
import type { AxisSpec, ElementwiseSpec } from './registry';
import type { FloatArray, OutOption } from './types';
import { checkArray, checkOptions, checkOut, resolveAxis, resolveParam, type AxisView } from './validate';

type Ctor = new (n: number) => FloatArray;

/** A new array of x's type and length. */
export const like = (x: FloatArray): FloatArray => new (x.constructor as Ctor)(x.length);

export function runElementwise(kernel: string, x: FloatArray, out: FloatArray, params: readonly number[]): void {
  const w = activeWasm();
  const k = w?.kernel(kernel, x);
  if (w && k) w.elementwise(k, x, out, params);
  else js.elementwise[kernel]!(x, out, x.length, params[0] ?? 0, params[1] ?? 0);
}

export function runAxis(kernel: string, x: FloatArray, out: FloatArray, view: AxisView): void {
  const w = activeWasm();
  if (w && w.kernel(`${kernel}_rows`, x)) w.axis(kernel, x, out, view);
  else js.axis[kernel]!(x, out, view);
}

export type Elementwise<O> = <T extends FloatArray>(x: T, options?: O & OutOption<T>) => T;

export function elementwise<O>(spec: ElementwiseSpec): Elementwise<O> {
  const known = ['out', ...spec.params.map((p) => p.name)];
  return (<T extends FloatArray>(x: T, options?: O & OutOption<T>): T => {
    const a = checkArray(x, 'x');
    const opts = checkOptions(options, spec.name, known);
    const out = checkOut(opts.out, a) ?? like(a);
    // Parameters are rounded to the array's type, as PyTorch casts them to the tensor's dtype: both
    // backends then compute the same f32 products (leakyRelu is exact: fround(fround(alpha)·x)).
    const round = a.BYTES_PER_ELEMENT === 4 ? Math.fround : (v: number) => v;
    const params = spec.params.map((p) => round(resolveParam(p, opts[p.name])));
    runElementwise(spec.kernel, a, out, params);
    return out as T;
  }) as Elementwise<O>;
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
