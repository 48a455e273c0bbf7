// Errors name the argument at fault. Subclasses keep `instanceof TypeError/RangeError` true and add
// structured fields where a caller may want them (ky's style).

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

/** Human-readable kind of a value, for error messages. */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an Array';
  if (ArrayBuffer.isView(v)) return `a ${(v as { constructor: { name: string } }).constructor.name}`;
  if (typeof v === 'object') return `an object (${Object.prototype.toString.call(v)})`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${String(v)}`;
}
