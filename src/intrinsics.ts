// The built-in getters of typed arrays and buffers, captured when the module loads and called on the
// object directly. An array's own `length`, `byteOffset` or `buffer` may be a subclass's getter or a
// Proxy's trap that lies; these read the internal slots, which cannot lie. Every array argument is
// read through them and then replaced by a fresh view made from what they returned (validate.ts), so
// that nothing after the checks runs user code or trusts the caller's object.

type Getter<T> = (self: unknown) => T;

/** `get` of o's own accessor k, as a plain function of the receiver (immune to later patches of call). */
function getter<T>(o: object, k: PropertyKey): Getter<T> {
  return Function.prototype.call.bind(Object.getOwnPropertyDescriptor(o, k)!.get!) as Getter<T>;
}

const TypedArrayPrototype = Object.getPrototypeOf(Float32Array.prototype) as object;

export const lengthOf: Getter<number> = getter(TypedArrayPrototype, 'length');
export const byteOffsetOf: Getter<number> = getter(TypedArrayPrototype, 'byteOffset');
export const bufferOf: Getter<ArrayBufferLike> = getter(TypedArrayPrototype, 'buffer');
/**
 * 'Float32Array', 'Float64Array', … for a typed array of any realm, undefined for anything else (a
 * Proxy of a typed array, or an object made with Object.create(Float32Array.prototype), included).
 */
export const typedArrayTag: Getter<string | undefined> = getter(TypedArrayPrototype, Symbol.toStringTag);

export const F32: Float32ArrayConstructor = Float32Array;
export const F64: Float64ArrayConstructor = Float64Array;

const arrayBufferByteLength: Getter<number> = getter(ArrayBuffer.prototype, 'byteLength');
const sharedByteLength: Getter<number> | undefined =
  typeof SharedArrayBuffer === 'function' ? getter(SharedArrayBuffer.prototype, 'byteLength') : undefined;

/**
 * Whether b is a SharedArrayBuffer (of any realm). Two different SharedArrayBuffer objects may be the
 * same memory (structuredClone, postMessage, a shared WebAssembly.Memory's buffer before and after
 * grow()), which JS cannot observe; two ArrayBuffers never are. Each getter throws on the other kind,
 * so this is exact; the order makes the common case (an ordinary ArrayBuffer) throw nothing.
 */
export function isShared(b: ArrayBufferLike): boolean {
  if (sharedByteLength === undefined) return false;
  if (b instanceof ArrayBuffer) {
    try {
      arrayBufferByteLength(b);
      return false;
    } catch {
      // a SharedArrayBuffer whose prototype was set to ArrayBuffer.prototype: checked below
    }
  }
  try {
    sharedByteLength(b);
    return true;
  } catch {
    return false;
  }
}
