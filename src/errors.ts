// Errors name the argument at fault. Subclasses keep `instanceof TypeError/RangeError` true and add
// structured fields where a caller may want them (ky's style).

import { F32, F64, typedArrayTag } from './intrinsics';
import { OPTION_ALIASES } from './aliases';

/** `options.out` (or another array argument) has a different length from `x` (or from `y`, the first argument of an axis derivative). */
export class LengthMismatchError extends RangeError {
  override name = 'LengthMismatchError';
  constructor(
    readonly argument: string,
    readonly expected: number,
    readonly actual: number,
    of = 'x',
  ) {
    super(`${argument} must have length ${expected} (the length of ${of}), got ${actual}`);
  }
}

/** "an Int32Array", "a Uint8Array" (said "you-int"): the article a name takes when read aloud. */
const withArticle = (name: string) => `${/^([aeio]|u(?!int|ni))/i.test(name) ? 'an' : 'a'} ${name}`;

/**
 * Human-readable kind of a value, for error messages: "an Int32Array", "undefined", "a function".
 * Runs no code of the value's own but for a Proxy's traps.
 */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'function') {
    // the name as an own data property (a getter would be the caller's code)
    const name = Object.getOwnPropertyDescriptor(v, 'name')?.value;
    return typeof name === 'string' && name ? `the function ${name}` : 'a function';
  }
  if (typeof v === 'symbol') return `the symbol ${String(v)}`;
  if (typeof v !== 'object') return `the ${typeof v} ${String(v)}`;
  const tag = typedArrayTag(v);
  if (tag !== undefined) return withArticle(tag);
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
    s = Object.prototype.toString.call(v).slice(8, -1);
  } catch {
    s = '?';
  }
  return s === 'Object' ? 'an object' : withArticle(s);
}

/**
 * The end of the message for an unknown option `key` of function `fn`: a hint when `key` is another
 * framework's name for one of `known` (aliases.ts), or one of `known` in another
 * case or with underscores; else ''.
 */
export function optionHint(key: string, fn: string, known: readonly string[]): string {
  const alias = Object.prototype.hasOwnProperty.call(OPTION_ALIASES, key) ? OPTION_ALIASES[key] : undefined;
  const applies = alias && (!alias.in || alias.in.includes(fn.replace(/Grad$/, '')));
  const target = applies ? alias.to.find((name) => known.includes(name)) : undefined;
  if (alias && target) return `; ${alias.say ?? `did you mean ${target}?`}${alias.why ? ` (${alias.why})` : ''}`;
  const fold = (s: string) => s.toLowerCase().replace(/_/g, '');
  const near = known.find((name) => fold(name) === fold(key));
  return near ? `; did you mean ${near}?` : '';
}
