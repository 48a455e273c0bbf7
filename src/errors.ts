// Errors name the argument at fault. Subclasses keep `instanceof TypeError/RangeError` true and add
// structured fields where a caller may want them (ky's style).

import { F32, F64, typedArrayTag } from './intrinsics';

/** `options.out` (or another array argument) has a different length from `x`. */
export class LengthMismatchError extends RangeError {
  override name = 'LengthMismatchError';
  constructor(
    readonly argument: string,
    readonly expected: number,
    readonly actual: number,
  ) {
    super(`${argument} must have length ${expected} (the length of x), got ${actual}`);
  }
}

/** Human-readable kind of a value, for error messages. Runs no code of the value's own but for a Proxy's traps. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'function') return 'a function';
  if (typeof v !== 'object') return `${typeof v} ${String(v)}`;
  const tag = typedArrayTag(v);
  if (tag !== undefined) return `a ${tag}`;
  if (Array.isArray(v)) return 'an Array';
  for (const T of [F32, F64]) {
    let imitates = false;
    try {
      imitates = Object.prototype.isPrototypeOf.call(T.prototype, v);
    } catch {
      // a Proxy whose getPrototypeOf trap throws
    }
    if (imitates) return `an object that is not a ${T.name} but inherits from ${T.name}.prototype (a Proxy, or made with Object.create); pass the typed array itself`;
  }
  let s: string;
  try {
    s = Object.prototype.toString.call(v);
  } catch {
    s = '[object ?]';
  }
  return `an object (${s})`;
}
