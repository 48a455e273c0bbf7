// Argument checks shared by every function: each error names the argument at fault, and nothing is
// written before every check has passed, so a failed call leaves x and out untouched and the next
// call works.

import { checkWasmView } from './buffers';
import { LengthMismatchError, describe, optionHint } from './errors';
import type { ParamSpec } from './registry';
import type { FloatArray } from './types';

/** Float32Array or Float64Array, also from another realm (iframe, worker message). */
export function isFloatArray(v: unknown): v is FloatArray {
  if (v instanceof Float32Array || v instanceof Float64Array) return true;
  if (!ArrayBuffer.isView(v)) return false;
  const tag = (v as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag];
  return tag === 'Float32Array' || tag === 'Float64Array';
}

export function checkArray(v: unknown, argument: string): FloatArray {
  if (!isFloatArray(v)) throw new TypeError(`${argument} must be a Float32Array or Float64Array, got ${describe(v)}`);
  checkWasmView(v, argument);
  return v;
}

const tagOf = (a: FloatArray) => (a as unknown as { [Symbol.toStringTag]: string })[Symbol.toStringTag];

/** Whether `other` is a float array of x's type; the instanceof tests spare the common case the tag reads. */
function sameType(other: unknown, x: FloatArray): other is FloatArray {
  if (x instanceof Float32Array && other instanceof Float32Array) return true;
  if (x instanceof Float64Array && other instanceof Float64Array) return true;
  return isFloatArray(other) && tagOf(other) === tagOf(x);
}

/** `other` must be an array of x's type and length (argument names it in the message; base names x). */
export function checkCompanion(other: unknown, x: FloatArray, argument: string, base = 'x'): FloatArray {
  if (!sameType(other, x)) {
    throw new TypeError(`${argument} must be a ${tagOf(x)} like ${base}, got ${describe(other)}`);
  }
  checkWasmView(other, argument);
  if (other.length !== x.length) throw new LengthMismatchError(argument, x.length, other.length, base);
  return other;
}

/**
 * options.out, checked against x; undefined when absent. An out that shares memory with x without
 * being exactly x's elements would be read after it is written: refused rather than silently wrong.
 */
export function checkOut(out: unknown, x: FloatArray, ...inputs: FloatArray[]): FloatArray | undefined {
  if (out === undefined) return undefined;
  const o = checkCompanion(out, x, 'options.out');
  refuseOverlap(o, x);
  for (const input of inputs) refuseOverlap(o, input);
  return o;
}

function refuseOverlap(o: FloatArray, input: FloatArray): void {
  if (o.buffer !== input.buffer || (o.byteOffset === input.byteOffset && o.length === input.length)) return;
  const a0 = o.byteOffset, a1 = a0 + o.byteLength, b0 = input.byteOffset, b1 = b0 + input.byteLength;
  if (a0 < b1 && b0 < a1) {
    throw new RangeError('options.out overlaps an input array without being the same elements; pass out === x to compute in place, or a separate array');
  }
}

/** The options object: undefined or a plain object whose keys are all known. */
export function checkOptions(options: unknown, fn: string, known: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options) || ArrayBuffer.isView(options)) {
    throw new TypeError(`options of ${fn} must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`options.${key} is not an option of ${fn} (its options: ${known.join(', ')})${optionHint(key, fn, known)}`);
    }
  }
  return options as Record<string, unknown>;
}

/** The numeric value a kernel receives for a parameter: the option, checked, or its default. */
export function resolveParam(p: ParamSpec, value: unknown): number {
  const v = value === undefined ? p.default : value;
  if (typeof p.kind === 'string') {
    if (typeof v !== 'number') throw new TypeError(`options.${p.name} must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`options.${p.name} must be finite, got ${v}`);
    if (p.kind === 'positive' && !(v > 0)) throw new RangeError(`options.${p.name} must be > 0, got ${v}`);
    if (p.kind === 'nonzero' && v === 0) throw new RangeError(`options.${p.name} must not be 0`);
    return v;
  }
  const i = p.kind.indexOf(v as string);
  if (i < 0) throw new RangeError(`options.${p.name} must be one of ${p.kind.map((k) => `'${k}'`).join(', ')}, got ${describe(v)}`);
  return i;
}

/** A row-major array seen along one axis: outer × len × inner. */
export interface AxisView {
  readonly outer: number;
  readonly len: number;
  readonly inner: number;
}

/** options.shape (default [x.length]) and options.axis (default −1, negative counts from the end). */
export function resolveAxis(shape: unknown, axis: unknown, n: number): AxisView {
  // The common 1-d call (no shape; axis absent, 0 or -1) needs none of the general checks below.
  if (shape === undefined && (axis === undefined || axis === -1 || axis === 0)) return { outer: 1, len: n, inner: 1 };
  const dims = shape === undefined ? [n] : shape;
  if (!Array.isArray(dims) && !ArrayBuffer.isView(dims)) {
    throw new TypeError(`options.shape must be an array of integers, got ${describe(shape)}`);
  }
  const d = Array.from(dims as ArrayLike<unknown>);
  if (d.length === 0) throw new RangeError('options.shape must have at least one dimension');
  let product = 1;
  for (const [i, v] of d.entries()) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new RangeError(`options.shape[${i}] must be a non-negative integer, got ${describe(v)}`);
    }
    product *= v;
  }
  if (product !== n) throw new RangeError(`options.shape [${d.join(', ')}] has ${product} elements but x has ${n}`);
  const a = axis === undefined ? -1 : axis;
  if (typeof a !== 'number' || !Number.isInteger(a)) throw new TypeError(`options.axis must be an integer, got ${describe(axis)}`);
  if (a < -d.length || a >= d.length) {
    throw new RangeError(`options.axis ${a} is out of range for a ${d.length}-d shape (valid: ${-d.length} to ${d.length - 1})`);
  }
  const k = a < 0 ? a + d.length : a;
  const dn = d as number[];
  const prod = (s: number[]) => s.reduce((p, v) => p * v, 1);
  return { outer: prod(dn.slice(0, k)), len: dn[k]!, inner: prod(dn.slice(k + 1)) };
}
