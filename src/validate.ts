// Argument checks shared by every function: each error names the argument at fault, and nothing is
// written before every check has passed, so a failed call leaves x and out untouched and the next
// call works.
//
// Order, in every function: the type of x (its internal slot; nothing of the caller's runs), then
// every option read exactly once and checked (parameters after rounding to x's type), then the
// arrays. An option's getter therefore runs before any array is measured: whatever it does to an
// array (grow wasm memory, detach or shrink its buffer) is seen by the checks that follow, never
// after them. Each array is read through the built-in getters (intrinsics.ts) and replaced by a fresh
// view of the same memory, so the backends never call a getter or method of the caller's object.

import { LengthMismatchError, describe, optionHint } from './errors';
import { F32, F64, bufferOf, byteOffsetOf, isShared, lengthOf, typedArrayTag } from './intrinsics';
import type { ParamSpec } from './spec';
import type { AxisView, FloatArray, Size } from './types';
import { checkWasmView, wasmDetachedError } from './views';

export type { AxisView, Size } from './types';

/** Float32Array or Float64Array, also from another realm (iframe, worker message). */
export function isFloatArray(v: unknown): v is FloatArray {
  const tag = typedArrayTag(v);
  return tag === 'Float32Array' || tag === 'Float64Array';
}

/** x's element size; a TypeError naming the argument if it is not a Float32Array or Float64Array. */
export function floatSize(v: unknown, argument: string): Size {
  const tag = typedArrayTag(v);
  if (tag === 'Float32Array') return 4;
  if (tag === 'Float64Array') return 8;
  throw new TypeError(`${argument} must be a Float32Array or Float64Array, got ${describe(v)}`);
}

const nameOf = (size: Size) => (size === 4 ? 'Float32Array' : 'Float64Array');

/** A new zeroed array of the given type and length (the built-in constructor, never the caller's). */
export const fresh = (size: Size, n: number): FloatArray => (size === 4 ? new F32(n) : new F64(n));

/**
 * v (already known to be a float array of `size`) as a fresh view of the same memory, made from its
 * internal slots. A view of a detached buffer is refused (TypeError); a view of wasm memory must be
 * one a live zero-copy buffer handed out (buffers.ts).
 */
function viewOf(v: unknown, size: Size, argument: string): FloatArray {
  const buffer = bufferOf(v);
  const offset = byteOffsetOf(v);
  const length = lengthOf(v);
  let a: FloatArray;
  try {
    a = size === 4 ? new F32(buffer, offset, length) : new F64(buffer, offset, length);
  } catch {
    // The only way the slots' own values fail to make a view: the buffer was detached.
    throw wasmDetachedError(buffer, argument) ?? new TypeError(`${argument} is a view of a detached ArrayBuffer (transferred or detached after it was made)`);
  }
  checkWasmView(v, buffer, argument);
  return a;
}

/** x (or the first array argument) as a fresh view; its type was checked by floatSize. */
export function checkArray(v: unknown, size: Size, argument: string): FloatArray {
  return viewOf(v, size, argument);
}

/** `other` must be an array of x's type and length (argument names it in the message; base names x). */
export function checkCompanion(other: unknown, x: FloatArray, size: Size, argument: string, base = 'x'): FloatArray {
  if (typedArrayTag(other) !== nameOf(size)) {
    throw new TypeError(`${argument} must be a ${nameOf(size)} like ${base}, got ${describe(other)}`);
  }
  const o = viewOf(other, size, argument);
  if (o.length !== x.length) throw new LengthMismatchError(argument, x.length, o.length, base);
  return o;
}

/**
 * options.out (already read), checked against x (named `base` in messages: y for an axis derivative): a fresh view of it. out === x (the caller's object,
 * with view a) or out === y (a second input of x's length, with view b) is in place and shares that
 * view. An out that shares memory with x, y or `extra` without being exactly its elements would be
 * read after it is written: refused when both are views of one buffer. Views of two different
 * SharedArrayBuffers may be one memory that JS cannot compare: see unaliased().
 */
export function checkOut(out: unknown, size: Size, x: unknown, a: FloatArray, y?: unknown, b?: FloatArray, extra?: FloatArray, base = 'x'): FloatArray {
  const o = out === x ? a : b !== undefined && out === y ? b : checkCompanion(out, a, size, 'options.out', base);
  refuseOverlap(o, a);
  if (b !== undefined) refuseOverlap(o, b);
  if (extra !== undefined) refuseOverlap(o, extra);
  return o;
}

function refuseOverlap(o: FloatArray, input: FloatArray): void {
  if (o.buffer !== input.buffer || (o.byteOffset === input.byteOffset && o.length === input.length)) return;
  const a0 = o.byteOffset, a1 = a0 + o.byteLength, b0 = input.byteOffset, b1 = b0 + input.byteLength;
  if (a0 < b1 && b0 < a1) {
    throw new RangeError('options.out overlaps an input array without being the same elements; pass out === x to compute in place, or a separate array');
  }
}

/**
 * An input a kernel may read while it writes out: a copy of it if it lives in a SharedArrayBuffer
 * other than out's, since two SharedArrayBuffer objects may be the same memory (JS cannot tell), and a
 * kernel writing out chunk by chunk would read elements it already overwrote. The result is then
 * exactly that of the input read in full before out is written, overlapping or not.
 */
export function unaliased(out: FloatArray, input: FloatArray): FloatArray {
  const b = input.buffer;
  const ob = out.buffer;
  return b !== ob && isShared(ob) && isShared(b) ? input.slice() : input;
}

/**
 * The options object: {} when absent, else a plain object whose keys are all known. Its values are
 * read afterwards, each once, by the caller.
 */
export function checkOptions(options: unknown, fn: string, known: readonly string[]): Record<string, unknown> {
  if (options === undefined || options === null) return NO_OPTIONS;
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
const NO_OPTIONS: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);

/**
 * The value a kernel receives for a parameter: the option (already read) or its default, rounded to
 * x's type and checked after rounding, so that what is checked is what the kernel gets (a finite f32
 * parameter beyond ±3.4e38 would be Infinity, a nonzero one below 1.4e−45 would be 0).
 */
export function resolveParam(p: ParamSpec, value: unknown, size: Size): number {
  const v = value === undefined ? p.default : value;
  if (typeof p.kind === 'string') {
    if (typeof v !== 'number') throw new TypeError(`options.${p.name} must be a number, got ${describe(v)}`);
    if (!Number.isFinite(v)) throw new RangeError(`options.${p.name} must be finite, got ${v}`);
    const r = size === 4 ? Math.fround(v) : v;
    const rounded = r === v ? '' : ` (${v} rounds to ${r} in a Float32Array)`;
    if (!Number.isFinite(r)) throw new RangeError(`options.${p.name} must be finite in the array's type${rounded}`);
    if (p.kind === 'positive' && !(r > 0)) throw new RangeError(`options.${p.name} must be > 0, got ${v}${rounded}`);
    if (p.kind === 'nonzero' && r === 0) throw new RangeError(`options.${p.name} must not be 0${rounded}`);
    return r;
  }
  const i = p.kind.indexOf(v as string);
  if (i < 0) throw new RangeError(`options.${p.name} must be one of ${p.kind.map((k) => `'${k}'`).join(', ')}, got ${describe(v)}`);
  return i;
}

/**
 * options.shape (already read) copied and checked element by element, before any array is examined:
 * its elements are read once each, here. Undefined when absent.
 */
export function readShape(shape: unknown): number[] | undefined {
  if (shape === undefined) return undefined;
  if (!Array.isArray(shape) && !ArrayBuffer.isView(shape)) {
    throw new TypeError(`options.shape must be an array of integers, got ${describe(shape)}`);
  }
  const d = Array.from(shape as ArrayLike<unknown>);
  if (d.length === 0) throw new RangeError('options.shape must have at least one dimension');
  for (const [i, v] of d.entries()) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new RangeError(`options.shape[${i}] must be a non-negative integer, got ${describe(v)}`);
    }
  }
  return d as number[];
}

/** options.axis (already read): an integer or undefined; its range is checked against the shape later. */
export function readAxis(axis: unknown): number | undefined {
  if (axis !== undefined && (typeof axis !== 'number' || !Number.isInteger(axis))) {
    throw new TypeError(`options.axis must be an integer, got ${describe(axis)}`);
  }
  return axis;
}

/** The view along `axis` (default −1, negative counts from the end) of shape dims (default [n]). */
export function resolveAxis(dims: number[] | undefined, axis: number | undefined, n: number): AxisView {
  // The common 1-d call (no shape; axis absent, 0 or -1) needs none of the general checks below.
  if (dims === undefined && (axis === undefined || axis === -1 || axis === 0)) return { outer: 1, len: n, inner: 1 };
  const d = dims ?? [n];
  const product = d.reduce((p, v) => p * v, 1);
  if (product !== n) throw new RangeError(`options.shape [${d.join(', ')}] has ${product} elements but x has ${n}`);
  const a = axis ?? -1;
  if (a < -d.length || a >= d.length) {
    throw new RangeError(`options.axis ${a} is out of range for a ${d.length}-d shape (valid: ${-d.length} to ${d.length - 1})`);
  }
  const k = a < 0 ? a + d.length : a;
  const prod = (s: number[]) => s.reduce((p, v) => p * v, 1);
  return { outer: prod(d.slice(0, k)), len: d[k]!, inner: prod(d.slice(k + 1)) };
}
